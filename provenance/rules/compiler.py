"""Compile a `RuleSet` into spaCy matchers for one tokenizer language.

All phrases of all languages are compiled into each language's matcher: a French article
quoting AP's English disclaimer must still be caught. Only the tokenizer follows the
text's language, so patterns and text are always split the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .nlp import SUPPORTED, PhraseTokens, fold, import_spacy, make_doc, tokenizer
from .registry import Source, is_case_sensitive
from .ruleset import RuleSet
from .schema import Rule, TermSet

#: (start char, end char, start token, end token) in the scanned text.
Hit = tuple[int, int, int, int]


def term_set_key(rule: Rule, term_set: TermSet, slot: str) -> str:
    """A shared key for a lexicon, a private one for an inline term set."""
    name = term_set.get("lexicon")
    return f"lexicon:{name}" if name else f"{rule.id}:{slot}"


@dataclass
class Scan:
    """Everything the matchers found in one text, computed once and shared by all rules."""

    text: str
    terms: dict[str, list[Hit]] = field(default_factory=dict)
    patterns: dict[str, list[Hit]] = field(default_factory=dict)
    aliases: list[tuple[Source, Hit]] = field(default_factory=list)
    tokens: int = 0

    def extend(self, other: "Scan", chars: int, tokens: int) -> None:
        """Append the scan of the text's next piece, which starts `chars` and `tokens` in."""
        def shift(hit: Hit) -> Hit:
            return hit[0] + chars, hit[1] + chars, hit[2] + tokens, hit[3] + tokens
        for key, hits in other.terms.items():
            self.terms.setdefault(key, []).extend(shift(h) for h in hits)
        for key, hits in other.patterns.items():
            self.patterns.setdefault(key, []).extend(shift(h) for h in hits)
        self.aliases.extend((source, shift(hit)) for source, hit in other.aliases)
        self.tokens = tokens + other.tokens


class CompiledRules:
    """Matchers for one tokenizer language."""

    def __init__(self, ruleset: RuleSet, lang: str):
        import_spacy()
        from spacy.matcher import Matcher, PhraseMatcher

        self.lang = lang
        vocab = tokenizer(lang).vocab
        self._phrases = PhraseMatcher(vocab)
        self._vocab = vocab
        self._own: list[_TokenPattern] = []  # this language's (and `any`) token patterns
        self._foreign: list[_TokenPattern] = []  # other languages', run when a text's language is in doubt
        self._aliases = PhraseMatcher(vocab)
        self._shared_aliases = PhraseMatcher(vocab)
        self._spelling_of: dict[tuple[int, ...], str] = {}
        self._alias_forms: dict[str, list[tuple[Source, str | None]]] = {}
        self._strings = vocab.strings
        tokens = PhraseTokens(lang)
        seen: set[str] = set()
        for rule in ruleset.rules:
            for slot, term_set in _term_sets(rule):
                key = term_set_key(rule, term_set, slot)
                if key not in seen:
                    seen.add(key)
                    self._add_phrases(key, ruleset.terms(term_set), tokens)
            for index, matcher in enumerate(rule.matchers):
                if matcher.patterns:
                    self._add_patterns(f"{rule.id}:match{index}", matcher.patterns)
        self._add_aliases(ruleset, tokens)
        tokens.save()

    def scan(self, text: str, all_languages: bool = False) -> Scan:
        """Everything the matchers find in `text`; token patterns of every language with
        `all_languages`, else of this tokenizer's language only."""
        doc = make_doc(self.lang, fold(text))
        scan = Scan(text=text, tokens=len(doc))
        for match_id, start, end in self._phrases(doc):
            scan.terms.setdefault(self._strings[match_id], []).append(_hit(doc, start, end))
        words = {token.text for token in doc}
        candidates = [*self._own, *self._foreign] if all_languages else self._own
        matches = {m for p in candidates if p.may_match(words) for m in p.matcher(self._vocab)(doc)}
        for match_id, start, end in sorted(matches, key=lambda m: (m[1], m[2], m[0])):
            scan.patterns.setdefault(self._strings[match_id], []).append(_hit(doc, start, end))
        for spelling, start, end in self._alias_matches(doc):
            hit = _hit(doc, start, end)
            original = text[hit[0]:hit[1]]
            for source, exact in self._alias_forms[spelling]:
                if exact is None or exact == original:
                    scan.aliases.append((source, hit))
                    break
        return scan

    def _alias_matches(self, doc) -> list[tuple[str, int, int]]:
        """(folded alias, start token, end token) of every alias in `doc`, in text order."""
        matches = [(self._spelling_of[tuple(t.orth for t in doc[start:end])], start, end)
                   for _, start, end in self._aliases(doc)]
        if len(self._shared_aliases):
            matches += [(self._strings[key][len(_SHARED):], start, end)
                        for key, start, end in self._shared_aliases(doc)]
            # Stable: spellings hit at one place keep the order their matcher gave them.
            matches.sort(key=lambda match: match[1:])
        return matches

    def _add_phrases(self, key: str, by_language: dict[str, list[str]], tokens: PhraseTokens) -> None:
        phrases = sorted({fold(p.strip()) for terms in by_language.values() for p in terms})
        self._phrases.add(key, [tokens.orths(phrase) for phrase in phrases])

    def _add_patterns(self, key: str, by_language: dict[str, list]) -> None:
        """Token patterns of this language (and of `any`); a language without a tokenizer of
        its own gets them all. Unlike fixed phrases, a pattern is one language's grammar, and
        each costs time on every token, so the other languages' patterns are kept apart, run
        only when the text's language is in doubt."""
        own = [lang for lang in by_language if lang in (self.lang, "any")] if self.lang in SUPPORTED else list(by_language)
        for lang, patterns in by_language.items():
            bucket = self._own if lang in own else self._foreign
            bucket += [_TokenPattern(key, _fold_pattern(p)) for p in patterns]

    def _add_aliases(self, ruleset: RuleSet, tokens: PhraseTokens) -> None:
        """All aliases under one matcher key, told apart by their tokens.

        A key per alias would cost a lexeme each (~40 ms for the registry). Folded spellings
        that split into the same tokens ("al-x", "al - x") keep a key each in a second
        matcher, so each still counts once per hit, in that matcher's order.
        """
        for source in ruleset.registry.sources.values():
            for alias in source.aliases:
                alias = _TRAILING_NOTE.sub("", alias).strip()
                if not alias:
                    continue
                sensitive = is_case_sensitive(alias) or alias in ruleset.registry.case_sensitive
                # One folded spelling can stand for several sources ("RT" exact vs "rt"):
                # the first whose exact form fits the text wins.
                self._alias_forms.setdefault(fold(alias), []).append((source, alias if sensitive else None))
        spellings_of: dict[tuple[int, ...], list[str]] = {}
        for spelling in self._alias_forms:
            spellings_of.setdefault(tuple(tokens.orths(spelling)), []).append(spelling)
        for orths, spellings in spellings_of.items():
            if len(spellings) == 1:
                self._spelling_of[orths] = spellings[0]
            else:
                for spelling in spellings:
                    self._shared_aliases.add(_SHARED + spelling, [list(orths)])
        self._aliases.add("alias", [list(orths) for orths in self._spelling_of])


#: Prefix of the matcher keys of spellings that share their tokens with another.
_SHARED = "alias:"
#: "Xinhua (China)": a note after an alias is not part of the name.
_TRAILING_NOTE = re.compile(r"\s*\([^)]*\)\s*$")


class _TokenPattern:
    """One token pattern, with the words a text must hold for it to have any chance.

    spaCy's Matcher walks every token for every pattern; most captions hold none of a
    pattern's required words ("verified", "footage"), so a set lookup skips the walk.
    """

    def __init__(self, key: str, pattern: list[dict]):
        self.key = key
        self.pattern = pattern
        self.needs = tuple(words for token in pattern if (words := _required_words(token)) is not None)
        self._matcher = None

    def may_match(self, words: set[str]) -> bool:
        return all(not needed.isdisjoint(words) for needed in self.needs)

    def matcher(self, vocab):
        if self._matcher is None:
            from spacy.matcher import Matcher

            self._matcher = Matcher(vocab, validate=True)
            self._matcher.add(self.key, [self.pattern])
        return self._matcher


def _required_words(token: dict) -> frozenset[str] | None:
    """The words one of which must stand at this token, if the token is required and literal."""
    if token.get("OP") not in (None, "+"):
        return None  # optional, repeated or negated: it need not appear
    literal = [v for k, v in token.items() if k in ("LOWER", "ORTH", "NORM", "TEXT")]
    if len(literal) != 1:
        return None
    value = literal[0]
    if isinstance(value, str):
        return frozenset([value])
    if isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(v, str) for v in value["IN"]):
        return frozenset(value["IN"])
    return None


def _term_sets(rule: Rule) -> list[tuple[str, TermSet]]:
    sets = [(f"requires{i}", t) for i, t in enumerate(rule.requires)]
    sets += [(f"excludes{i}", t) for i, t in enumerate(rule.excludes)]
    for index, matcher in enumerate(rule.matchers):
        if matcher.terms:
            sets.append((f"match{index}", matcher.terms))
        if matcher.source and matcher.source.cues:
            sets.append((f"match{index}.cues", matcher.source.cues))
        if matcher.source and matcher.source.cues_after:
            sets.append((f"match{index}.cues_after", matcher.source.cues_after))
    return sets


def _fold_pattern(value):
    """Fold every string in a token pattern the way the text is folded."""
    if isinstance(value, str):
        return fold(value)
    if isinstance(value, list):
        return [_fold_pattern(v) for v in value]
    if isinstance(value, dict):
        return {k: (v if k in ("OP", "REGEX") else _fold_pattern(v)) for k, v in value.items()}
    return value


def _hit(doc, start: int, end: int) -> Hit:
    span = doc[start:end]
    return span.start_char, span.end_char, start, end
