"""Find credit lines inside captions and read them as a chain of hands.

Wire captions end with a credit ("(Korean Central News Agency/Korea News Service via AP)",
"REUTERS/KCNA", "Foto: Uncredited/KCNA/KNS/dpa"). Where that credit sits decides what a
name means: "KCNA" in a credit says who supplied the picture; "KCNA said" in a sentence
only quotes a news source. The vocabulary (wire agencies, credit markers) is data; this
module only knows the typography of credits: brackets, slashes, "via", "Photo:".
"""

from __future__ import annotations

import re

from ..model import CreditLink
from .registry import Source, SourceRegistry, is_case_sensitive

Span = tuple[int, int]

_PARTICLES = {"of", "the", "de", "la", "le", "du", "des", "der", "die", "das", "von", "van", "al",
              "el", "del", "di", "da", "and", "et", "und", "y", "e", "for", "bin", "&", "-", "via"}
_SENTENCE_END = re.compile(r"[.!?](?=\s+[\"“«(\[]?[A-ZÀ-Þ])|[.!?]\s*$")
_BRACKETS = re.compile(r"[(\[]([^()\[\]\n]{1,240})[)\]]")
_SLASH = re.compile(r"\s?/\s?")
_WORD = re.compile(r"\S+")


class CreditDetector:
    """Finds credit spans in text; built once from the registry and the credit markers."""

    def __init__(self, registry: SourceRegistry, markers: list[str], credit_words: list[str]):
        self.registry = registry
        self._wire_aliases = sorted({a for s in registry.wire_agencies() for a in s.aliases}, key=len, reverse=True)
        self._wire_re = _alias_regex(self._wire_aliases)
        self._credit_word_re = _word_regex(credit_words) if credit_words else None
        marker_alt = "|".join(re.escape(m) for m in sorted(set(markers), key=len, reverse=True))
        self._marker_re = re.compile(
            rf"(?i)(?<![\w])(?:{marker_alt})\s*(?P<connector>:|=|\bby\b|\bde\b|\bdi\b|\bvon\b|\bof\b)")
        self._via_wire_re = re.compile(rf"(?i)\bvia\s+(?:{'|'.join(re.escape(a) for a in self._wire_aliases)})\b")
        self._alias_index = _AliasIndex(registry)

    def spans(self, text: str) -> list[Span]:
        """Character spans of every credit-like segment in `text`, merged and sorted."""
        if not text:
            return []
        found: list[Span] = []
        found += self._bracket_spans(text)
        found += self._marker_spans(text)
        found += self._slash_spans(text)
        found += [self._expand(text, m.start(), m.end()) for m in self._via_wire_re.finditer(text)]
        return _merge(found)

    def credit_line(self, text: str) -> tuple[str, Span | None]:
        """The caption's main credit (the last one found), without its brackets."""
        spans = self.spans(text)
        if not spans:
            return "", None
        start, end = spans[-1]
        inner = text[start:end].strip().strip("()[]").strip()
        return inner, (start, end)

    def chain(self, credit: str) -> list[CreditLink]:
        """Read a credit line as the hands a picture passed through, originator first."""
        body = re.sub(r"(?i)^\s*(?:photo|foto|image|bild|picture|credit|cr[eé]dit)\s*[:=]\s*", "", credit)
        parts = [p.strip(" ,.;:[]()\"“”") for p in re.split(r"\s*/\s*|\s+via\s+|\s*,\s*|\s*=\s*", body, flags=re.I)]
        links: list[CreditLink] = []
        for part in parts:
            if not part:
                continue
            source = self._alias_index.lookup(part)
            if source is None:
                role = "photographer"
            elif source.kind == "wire_agency":
                role = "distributor"
            elif source.kind == "intermediary" or source.kind == "other_official" and links:
                role = "intermediary"
            else:
                role = "originator"
            links.append(CreditLink(text=part, source=source.ref() if source else None, role=role))
        leading_wires = []
        while links and links[0].role == "distributor" and any(l.role != "distributor" for l in links):
            leading_wires.append(links.pop(0))
        return links + leading_wires[::-1]

    # -- the typography of credits -------------------------------------------------------

    def _is_credit_like(self, segment: str) -> bool:
        return bool(self._wire_re.search(segment)
                    or (self._credit_word_re and self._credit_word_re.search(segment))
                    or self._alias_index.mentions_source(segment))

    def _bracket_spans(self, text: str) -> list[Span]:
        spans = []
        for m in _BRACKETS.finditer(text):
            inner = m.group(1)
            at_line_end = not text[m.end():].split("\n", 1)[0].strip(" \t*")
            has_structure = "/" in inner or " via " in inner.lower() or self._marker_re.search(inner)
            if has_structure and self._is_credit_like(inner) or at_line_end and self._is_credit_like(inner):
                spans.append((m.start(), m.end()))
        return spans

    def _marker_spans(self, text: str) -> list[Span]:
        spans = []
        for m in self._marker_re.finditer(text):
            if m.group("connector").isalpha() and not _opens_segment(text, m.start()):
                continue  # "a photo of soldiers" is prose; "(Photo by ...)" or "Foto von ..." opening a line is a credit
            end = _segment_end(text, m.end())
            if end > m.end() and text[m.end():end].strip():
                spans.append((m.start(), end))
        return spans

    def _slash_spans(self, text: str) -> list[Span]:
        spans = []
        for m in _SLASH.finditer(text):
            before, after = text[max(0, m.start() - 1):m.start()], text[m.end():m.end() + 1]
            if not before or not after or before.isdigit() and after.isdigit():
                continue
            if text[max(0, m.start() - 8):m.start()].lower().endswith(("http:", "https:", "/")):
                continue
            start, end = self._expand(text, m.start(), m.end())
            if start < m.start() and end > m.end() and self._is_credit_like(text[start:end]):
                spans.append((start, end))
        return spans

    def _expand(self, text: str, start: int, end: int) -> Span:
        """Grow a credit core to the names around it, stopping at prose."""
        return _expand_left(text, start), _expand_right(text, end)


class _AliasIndex:
    """Exact alias lookup for credit parts, and a cheap 'names any state source' test."""

    def __init__(self, registry: SourceRegistry):
        self._exact: dict[str, Source] = {}
        self._folded: dict[str, Source] = {}
        for source in registry.sources.values():
            for alias in source.aliases:
                alias = re.sub(r"\s*\([^)]*\)\s*$", "", alias).strip()
                if not alias:
                    continue
                self._exact.setdefault(alias, source)
                if not is_case_sensitive(alias):
                    self._folded.setdefault(alias.casefold(), source)
        self._state_names = _PhraseSet([a for a in self._exact if self._exact[a].is_state and len(a) >= 3])

    def lookup(self, part: str) -> Source | None:
        cleaned = re.sub(r"(?i)\b(?:photo|foto|handout|pool|file|tv)\b", "", part).strip(" ,-")
        for candidate in (part, cleaned):
            if candidate in self._exact:
                return self._exact[candidate]
            source = self._folded.get(candidate.casefold())
            if source:
                return source
        return None

    def mentions_source(self, segment: str) -> bool:
        return self._state_names.search(segment)


_PHRASE_WORDS = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")


class _PhraseSet:
    """Does a short text name any of thousands of phrases? Looked up by word n-grams.

    One regex alternation over every registry alias took ~0.4 s to compile at each start;
    credit segments are short, so trying their n-grams against a set costs nothing.
    """

    def __init__(self, phrases: list[str]):
        self._exact: set[tuple[str, ...]] = set()
        self._folded: set[tuple[str, ...]] = set()
        self._longest = 1
        for phrase in phrases:
            sensitive = is_case_sensitive(phrase)
            words = tuple(_PHRASE_WORDS.findall(phrase if sensitive else phrase.casefold()))
            if words:
                (self._exact if sensitive else self._folded).add(words)
                self._longest = max(self._longest, len(words))

    def search(self, text: str) -> bool:
        return self._contains(_PHRASE_WORDS.findall(text.casefold()), self._folded) or \
            self._contains(_PHRASE_WORDS.findall(text), self._exact)

    def _contains(self, words: list[str], phrases: set[tuple[str, ...]]) -> bool:
        for start in range(len(words)):
            for end in range(start + 1, min(start + self._longest, len(words)) + 1):
                if tuple(words[start:end]) in phrases:
                    return True
        return False


def _alias_regex(aliases: list[str]) -> re.Pattern | None:
    sensitive = [re.escape(a) for a in aliases if is_case_sensitive(a)]
    insensitive = [re.escape(a) for a in aliases if not is_case_sensitive(a)]
    parts = []
    if sensitive:
        parts.append("(?:" + "|".join(sorted(sensitive, key=len, reverse=True)) + ")")
    if insensitive:
        parts.append("(?i:" + "|".join(sorted(insensitive, key=len, reverse=True)) + ")")
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])") if parts else None


def _word_regex(words: list[str]) -> re.Pattern:
    return re.compile(r"(?i)(?<![\w])(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")(?![\w])")


_CREDIT_PREFIXES = {"file", "archive", "handout", "pool", "ho", "str"}


def _opens_segment(text: str, pos: int) -> bool:
    """Whether `pos` starts a line, a bracket or a sentence, allowing one credit prefix
    ("File Photo by", "AFP Photo by") before the marker."""
    before = text[:pos].rstrip(" \t")
    words = before.rsplit(None, 1)
    last = words[-1] if words else ""
    if last.isalpha() and (last.isupper() or last.lower() in _CREDIT_PREFIXES):
        before = words[0].rstrip(" \t") if len(words) == 2 else ""
    return not before or before[-1] in "\n([{:.!?=-–—|\"“«"


def _segment_end(text: str, pos: int) -> int:
    """End of a marker-led credit: the line, a closing bracket, or a sentence end."""
    line_end = text.find("\n", pos)
    line_end = len(text) if line_end == -1 else line_end
    close = min((i for i in (text.find(")", pos), text.find("]", pos)) if i != -1), default=line_end)
    end = min(line_end, close)
    sentence = _SENTENCE_END.search(text, pos, end)
    if sentence and sentence.start() < end - 1:
        end = sentence.start()
    return end


def _is_name_word(word: str) -> bool:
    core = word.strip("\"“”«»'’,;:")
    if not core:
        return False
    return core[0].isupper() or core[0].isdigit() or core.lower() in _PARTICLES


def _expand_left(text: str, pos: int) -> int:
    """Grow a credit leftwards over names, stopping at prose or a sentence end.

    A short lower-case lead-in that opens its line or sentence ("Social media/via REUTERS")
    is part of the credit too.
    """
    line_start = text.rfind("\n", 0, pos) + 1
    start = pos
    words = list(_WORD.finditer(text, line_start, pos))
    for count, word in enumerate(reversed(words)):
        token = word.group()
        if token.endswith((".", "!", "?", ":", ";")) or token[:1] in "\"“«(['" or token[-1:] in "\"”»)]":
            if "." in token[:-1] and token.rsplit(".", 1)[-1][:1].isupper():
                start = word.start() + token.rfind(".") + 1
            break
        if not _is_name_word(token):
            lead_in = _sentence_lead_in(words[:len(words) - count])
            if lead_in is not None:
                start = lead_in
            break
        if "." in token and token.rsplit(".", 1)[-1][:1].isupper() and not token.endswith("."):
            start = word.start() + token.rfind(".") + 1
            break
        start = word.start()
    return start


def _sentence_lead_in(words: list[re.Match]) -> int | None:
    """Start of a lead-in of at most two words that opens its sentence, else None."""
    lead: list[re.Match] = []
    for word in reversed(words):
        if word.group().endswith((".", "!", "?")):
            break
        lead.insert(0, word)
    if 1 <= len(lead) <= 2 and lead[0].group()[:1].isupper():
        return lead[0].start()
    return None


def _expand_right(text: str, pos: int) -> int:
    line_end = text.find("\n", pos)
    line_end = len(text) if line_end == -1 else line_end
    end = pos
    for word in _WORD.finditer(text, pos, line_end):
        token = word.group()
        if token[:1] in "\"“«([=" or not _is_name_word(token):
            break
        end = word.end()
        if token.endswith((".", ";", ")", "]", "\"", "”", "»")):
            end = word.end() - (1 if token[-1] in ".;\"”»" else 0)
            break
    return end


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
