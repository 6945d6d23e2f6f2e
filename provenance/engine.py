"""The engine: an `Article` and a `RuleSet` in, `Finding`s out.

Each text field (caption, credit, body, headline) is scanned once per language; each rule
then reads the shared scan. Where a name sits matters: a source alias counts only inside a
credit or next to a supply cue ("provided by", "diffusée par"), and a rule can ask that the
sentence also speaks of a picture (so "KCNA said" in a body sentence is not an image signal).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field, replace

from .crosschecks import Comparisons, signal_evidence
from .language import detect_language, language_is_clear
from .model import Article, ArticleResult, CreditLink, Evidence, Finding, Severity
from .rules.compiler import CompiledRules, Hit, Scan, term_set_key
from .rules.credits import Span
from .rules.fields import FieldHit, field_values
from .rules.fields import evaluate as evaluate_field
from .rules.registry import Source
from .rules.ruleset import RuleSet
from .rules.schema import Rule, SourceMatcher

#: Texts whose scans are remembered (a folder's credits and boilerplate recur).
_SCAN_CACHE_SIZE = 4096
#: Texts this long whose language is in doubt get every language's token patterns.
_BROAD_MIN_WORDS = 12
#: Longest piece of text scanned at once (spaCy's limit is a million characters).
_PIECE = 200_000

#: Embedded text fields read like published ones: as a caption, or as a credit line.
METADATA_TEXT_ROLES = {"caption": "caption", "headline": "caption", "instructions": "caption",
                       "usage_terms": "caption", "credit": "credit", "source": "credit", "byline": "credit",
                       "copyright": "credit"}

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”»)]*\s+(?=[\"“«(]?[A-ZÀ-Þ0-9])|\n+")


@dataclass
class FieldText:
    """One text to scan: which field it is, which figure it belongs to, its credit spans."""

    field: str
    text: str
    language: str
    figure: int | None = None
    credit_spans: list[Span] = field(default_factory=list)
    whole_is_credit: bool = False
    role: str = ""  # which rule scope reads it; a metadata credit line is read as a "credit"
    origin: str | None = None
    also: list[str] = field(default_factory=list)  # other origins holding exactly this text

    @property
    def scope(self) -> str:
        return self.role or self.field


class Engine:
    """Runs a rule set over articles; compiled matchers are built once per language."""

    def __init__(self, ruleset: RuleSet, severity_overrides: dict[str, Severity] | None = None):
        self.ruleset = ruleset
        self.severity_overrides = severity_overrides or {}
        self._compiled: dict[str, CompiledRules] = {}
        self._scans: OrderedDict[tuple[str, str], tuple[Scan, list[Span]]] = OrderedDict()
        self._match_keys = {rule.id: _match_keys(rule) for rule in ruleset.rules}
        self.comparisons = Comparisons(ruleset)

    def compiled(self, lang: str) -> CompiledRules:
        if lang not in self._compiled:
            self._compiled[lang] = CompiledRules(self.ruleset, lang)
        return self._compiled[lang]

    def scan(self, lang: str, text: str) -> tuple[Scan, list[Span]]:
        """The matchers' hits and the sentences of a text, remembered for texts met again.

        The same credit ("KCNA via KNS") comes back in the IPTC and XMP copies, in the
        credit cross-checks and across a folder of pictures: it is tokenized once.
        """
        key = (lang, text)
        if key in self._scans:
            self._scans.move_to_end(key)
            return self._scans[key]
        found = (self._scan_pieces(lang, text), _sentences(text))
        self._scans[key] = found
        if len(self._scans) > _SCAN_CACHE_SIZE:
            self._scans.popitem(last=False)
        return found

    def _scan_pieces(self, lang: str, text: str) -> Scan:
        """Scan a long text (a 20 MB article body) in pieces cut at line ends.

        spaCy refuses a text over a million characters; a signal that straddles a cut is
        lost only if a paragraph itself is longer than a piece.
        """
        compiled = self.compiled(lang)
        # Grammar patterns need a sentence or two; a short title is matched by phrases alone.
        broad = len(text.split()) >= _BROAD_MIN_WORDS and not language_is_clear(text, lang)
        if len(text) <= _PIECE:
            return compiled.scan(text, broad)
        whole = Scan(text=text)
        start = 0
        while start < len(text):
            end = min(len(text), start + _PIECE)
            if end < len(text):
                cut = text.rfind("\n", start + _PIECE // 2, end)
                end = cut + 1 if cut != -1 else end
            whole.extend(compiled.scan(text[start:end], broad), start, whole.tokens)
            start = end
        return whole

    # -- articles ----------------------------------------------------------------------

    def check(self, article: Article, rules: list[Rule] | None = None) -> ArticleResult:
        """All findings for one article (with the enabled rules, or the ones given)."""
        result = ArticleResult(article=article)
        if not article.language:
            article.language = detect_language(" ".join([article.body, *(f.caption for f in article.figures)]))
        rules = self.ruleset.enabled() if rules is None else rules
        for text in self.field_texts(article, result):
            result.findings += self.check_field(text, rules)
        for index, figure in enumerate(article.figures):
            if figure.metadata is not None:
                result.findings += self.check_metadata(index, figure.metadata, rules)
        result.findings += self.check_figures(article, result.findings, rules)
        result.findings = _join_overlapping(_merge_findings(_one_finding_per_signal(result.findings, result.credits)))
        return result

    # -- figure-level rules: what is published against what the picture carries -----------

    def check_figures(self, article: Article, findings: list[Finding], rules: list[Rule]) -> list[Finding]:
        figure_rules = [r for r in rules if "figure" in r.scope]
        found: list[Finding] = []
        for index, figure in enumerate(article.figures):
            if not figure.caption.strip():
                continue  # nothing was published for this picture: nothing to disclose or compare
            own = [f for f in findings if f.figure == index]
            spans = self.ruleset.credits.spans(figure.caption)
            for rule in figure_rules:
                found += self._figure_rule(rule, figure, index, own, spans)
        return found

    def _figure_rule(self, rule: Rule, figure, index: int, own: list[Finding], spans: list[Span]) -> list[Finding]:
        for matcher in rule.matchers:
            if matcher.crosscheck:
                signals = signal_evidence(own, matcher.crosscheck.signal, spans)
                if signals and not signal_evidence(own, matcher.crosscheck.disclosure, spans):
                    return [self._crosscheck_finding(rule, figure, index, signals, own)]
            elif matcher.compare:
                evidence, detail = self.comparisons.run(matcher.compare, figure, index,
                                                        lambda text: self._sources_in(text, figure.language))
                if evidence:
                    finding = self._finding_from_evidence(rule, evidence, None, index)
                    return [replace(finding, message=f"{finding.message}: {detail}")]
        return []

    def _crosscheck_finding(self, rule: Rule, figure, index: int, signals, own: list[Finding]) -> Finding:
        sourced = _supplier(signals) or _supplier([(f, e) for f in own if f.category in ("state_supplied", "handout")
                                                   for e in f.evidence])
        source = self.ruleset.registry.get(sourced.id) if sourced else None
        finding = self._finding_from_evidence(rule, [e for _, e in signals], source, index)
        template = rule.suggestion.get(figure.language or "") or rule.suggestion.get("en")
        if template:
            name = self._supplier_name(sourced, figure, index, signals, own)
            finding = replace(finding, suggestion=template.format(source=name, country=(sourced.country if sourced else "") or ""))
        return finding

    def _supplier_name(self, sourced, figure, index: int, signals, own: list[Finding]) -> str:
        """The supplier as a reader should see it named.

        A registry entry that stands for an unnamed supplier ("Handout", "North Korean state
        media") is named by the credit's other hands, or by the words the text used.
        """
        if sourced is None:
            return figure.credit or "?"
        if sourced.kind == "handout_marker":
            named = [link.text for link in self._credit_chain(figure) if link.source is None or
                     link.source.kind not in ("wire_agency", "handout_marker")]
            return named[0] if named else (figure.credit or sourced.name)
        if "not named" in sourced.name:
            written = [e.text for f, e in [*signals, *((f, e) for f in own for e in f.evidence)]
                       if f.source and f.source.id == sourced.id and e.text]
            return written[0] if written else sourced.name
        return sourced.name

    def _credit_chain(self, figure) -> list[CreditLink]:
        return self.ruleset.credits.chain(figure.credit) if figure.credit else []

    def _sources_in(self, text: str, lang: str | None) -> list[tuple[Source, Span]]:
        scan, _ = self.scan(lang or "en", text)
        return [(source, (hit[0], hit[1])) for source, hit in scan.aliases]

    def field_texts(self, article: Article, result: ArticleResult) -> list[FieldText]:
        """The texts of an article, each with its language and its credit spans."""
        credits = self.ruleset.credits
        base = article.language or "en"
        texts: list[FieldText] = []
        for index, figure in enumerate(article.figures):
            lang = figure.language or detect_language(figure.caption) or base
            figure.language = lang
            spans = credits.spans(figure.caption)
            if not figure.credit and spans:
                figure.credit, figure.credit_span = credits.credit_line(figure.caption)
            result.credits[index] = _with_publishers(credits.chain(figure.credit) if figure.credit else [],
                                                     credits.chain(figure.byline) if figure.byline else [])
            texts.append(FieldText("caption", figure.caption, lang, index, spans,
                                   origin=figure.origins.get("caption")))
            if figure.credit and figure.credit_span is None:
                texts.append(FieldText("credit", figure.credit, lang, index, whole_is_credit=True,
                                       origin=figure.origins.get("credit")))
            texts += self._metadata_texts(figure, index, lang)
        if article.headline:
            texts.append(FieldText("headline", article.headline, base))
        if article.body:
            texts.append(FieldText("body", article.body, base, None, credits.spans(article.body)))
        return texts

    def _metadata_texts(self, figure, index: int, lang: str) -> list[FieldText]:
        """Embedded captions and credits, and what a feed declares beside the caption (usage
        terms, an editorial note), read by the same rules as published ones.

        The same words in several containers (IPTC and XMP credit) are read once; the other
        origins ride along in `also` and get their own copy of the evidence.
        """
        texts: dict[tuple[str, str], FieldText] = {}
        published = {figure.caption.strip(), figure.credit.strip()}
        embedded = [(name, v.value, v.origin) for name in METADATA_TEXT_ROLES
                    for v in (figure.metadata.values(name) if figure.metadata is not None else [])]
        for name, value, origin in [*embedded, *figure.declared]:
            role = METADATA_TEXT_ROLES.get(name)
            if role is None or not value.strip() or value.strip() in published:
                continue
            if (value, role) in texts:
                texts[(value, role)].also.append(origin)
                continue
            credit = role == "credit"
            spans = [] if credit else self.ruleset.credits.spans(value)
            texts[(value, role)] = FieldText("metadata", value, detect_language(value) or lang, index, spans,
                                             whole_is_credit=credit, role=role, origin=origin)
        return list(texts.values())

    def check_metadata(self, figure_index: int, meta, rules: list[Rule]) -> list[Finding]:
        """Field-predicate rules over one picture's metadata."""
        findings = []
        for rule in rules:
            if "metadata" not in rule.scope:
                continue
            hits: list[Evidence] = []
            sources: dict[str, tuple[Source, list[Evidence]]] = {}
            for matcher in rule.matchers:
                if matcher.field is None:
                    continue
                if matcher.field.predicate == "names_source":
                    for source, evidence in self._field_sources(matcher.field, meta, figure_index):
                        sources.setdefault(source.id, (source, []))[1].append(evidence)
                    continue
                terms = self.ruleset.terms(matcher.field.terms) if matcher.field.terms else None
                for hit in evaluate_field(matcher.field, meta, terms):
                    hits.append(_field_evidence(hit, figure_index))
            if hits:
                findings.append(self._finding_from_evidence(rule, hits, None, figure_index))
            for source, evidence in sources.values():
                findings.append(self._finding_from_evidence(rule, evidence, source, figure_index))
        return findings

    def _field_sources(self, spec, meta, figure_index: int) -> list[tuple[Source, Evidence]]:
        found = []
        for name in spec.names:
            for value in field_values(meta, name):
                scan, _ = self.scan(detect_language(value.value) or "en", value.value)
                for source, hit in scan.aliases:
                    if spec.source.registries and source.registry not in spec.source.registries:
                        continue
                    if spec.source.kinds and source.kind not in spec.source.kinds:
                        continue
                    found.append((source, Evidence("metadata", hit[0], hit[1], value.value[hit[0]:hit[1]],
                                                   figure_index, value.origin)))
        return found

    # -- one field ---------------------------------------------------------------------

    def check_field(self, text: FieldText, rules: list[Rule]) -> list[Finding]:
        if not text.text.strip():
            return []
        scan, sentences = self.scan(text.language, text.text)
        findings: list[Finding] = []
        for rule in rules:
            if text.scope in rule.scope and self._may_match(rule, scan):
                findings += self._apply(rule, text, scan, sentences)
        return findings

    def _may_match(self, rule: Rule, scan: Scan) -> bool:
        """Cheap pre-check: a rule none of whose matchers hit anything cannot fire."""
        keys, reads_sources = self._match_keys.get(rule.id) or _match_keys(rule)
        return (reads_sources and bool(scan.aliases)) or any(k in scan.terms or k in scan.patterns for k in keys)

    def _apply(self, rule: Rule, text: FieldText, scan: Scan, sentences: list[Span]) -> list[Finding]:
        plain: list[Hit] = []
        by_source: dict[str, tuple[Source, list[Hit]]] = {}
        for index, matcher in enumerate(rule.matchers):
            if matcher.terms:
                plain += scan.terms.get(term_set_key(rule, matcher.terms, f"match{index}"), [])
            elif matcher.patterns:
                plain += scan.patterns.get(f"{rule.id}:match{index}", [])
            elif matcher.source:
                for source, hits in self._source_hits(rule, index, matcher.source, text, scan, sentences):
                    by_source.setdefault(source.id, (source, []))[1].extend(hits)
        plain = [h for h in plain if self._sentence_ok(rule, h, scan, sentences)]
        findings = []
        if plain:
            findings.append(self._finding(rule, text, plain, None))
        for source, hits in by_source.values():
            hits = [h for h in hits if self._sentence_ok(rule, h, scan, sentences)]
            if hits:
                findings.append(self._finding(rule, text, hits, source))
        return findings

    def _source_hits(self, rule: Rule, index: int, spec: SourceMatcher, text: FieldText,
                     scan: Scan, sentences: list[Span]) -> list[tuple[Source, list[Hit]]]:
        cues = scan.terms.get(term_set_key(rule, spec.cues, f"match{index}.cues"), []) if spec.cues else []
        after = (scan.terms.get(term_set_key(rule, spec.cues_after, f"match{index}.cues_after"), [])
                 if spec.cues_after else [])
        found = []
        for source, hit in _outermost(scan.aliases):
            if spec.registries and source.registry not in spec.registries:
                continue
            if spec.kinds and source.kind not in spec.kinds:
                continue
            in_credit = text.whole_is_credit or _inside(hit, text.credit_spans)
            if "credit" in spec.contexts and in_credit:
                found.append((source, [hit]))
                continue
            if "cue" not in spec.contexts:
                continue
            cue = _nearest_cue(hit, cues, after, spec.window, sentences)
            if cue is not None:
                found.append((source, [hit, cue]))
        return found

    def _sentence_ok(self, rule: Rule, hit: Hit, scan: Scan, sentences: list[Span]) -> bool:
        sentence = _sentence_of(hit, sentences)
        for i, term_set in enumerate(rule.requires):
            hits = scan.terms.get(term_set_key(rule, term_set, f"requires{i}"), [])
            if not any(_within(h, sentence) for h in hits):
                return False
        for i, term_set in enumerate(rule.excludes):
            hits = scan.terms.get(term_set_key(rule, term_set, f"excludes{i}"), [])
            if any(_within(h, sentence) for h in hits):
                return False
        return True

    def _finding(self, rule: Rule, text: FieldText, hits: list[Hit], source: Source | None) -> Finding:
        evidence = [Evidence(field=text.field, start=h[0], end=h[1], text=text.text[h[0]:h[1]],
                             figure=text.figure, origin=origin)
                    for h in sorted(set(hits)) for origin in (text.origin, *text.also)]
        return self._finding_from_evidence(rule, evidence, source, text.figure)

    def _finding_from_evidence(self, rule: Rule, evidence: list[Evidence], source: Source | None,
                               figure: int | None) -> Finding:
        message = rule.describe_message()
        if source is not None:
            country = f", {source.country}" if source.country else ""
            message = f"{message}: {source.name} ({source.kind.replace('_', ' ')}{country})"
        return Finding(rule=rule.id, category=rule.category,
                       severity=self.severity_overrides.get(rule.id, rule.severity),
                       message=message, evidence=tuple(evidence),
                       source=source.ref() if source else None, figure=figure)


def _with_publishers(chain: list[CreditLink], byline: list[CreditLink]) -> list[CreditLink]:
    """Agencies credited beside a caption ("KEYSTONE") published it: they end the chain."""
    known = {link.source.id for link in chain if link.source}
    for link in byline:
        if link.source and link.source.kind == "wire_agency" and link.source.id not in known:
            known.add(link.source.id)
            chain.append(CreditLink(text=link.text, source=link.source, role="publisher"))
    return chain


def _field_evidence(hit: FieldHit, figure: int) -> Evidence:
    if hit.value is None:
        return Evidence("metadata", 0, 0, "", figure, f"missing: {hit.field}")
    return Evidence("metadata", hit.start, hit.end, hit.value.value[hit.start:hit.end], figure, hit.value.origin)


def _sentences(text: str) -> list[Span]:
    spans, start = [], 0
    for m in _SENTENCE_BREAK.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _sentence_of(hit: Hit, sentences: list[Span]) -> Span:
    return next((s for s in sentences if s[0] <= hit[0] < s[1] or s[0] == hit[0]), (hit[0], hit[1]))


def _within(hit: Hit, span: Span) -> bool:
    return span[0] <= hit[0] and hit[1] <= span[1]


def _inside(hit: Hit, spans: list[Span]) -> bool:
    return any(s <= hit[0] and hit[1] <= e for s, e in spans)


def _nearest_cue(hit: Hit, before: list[Hit], after: list[Hit], window: int,
                 sentences: list[Span]) -> Hit | None:
    sentence = _sentence_of(hit, sentences)
    candidates = [c for c in before if c[3] <= hit[2] and hit[2] - c[3] <= window and _within(c, sentence)]
    candidates += [c for c in after if hit[3] <= c[2] and c[2] - hit[3] <= window and _within(c, sentence)]
    return min(candidates, key=lambda c: min(abs(hit[2] - c[3]), abs(c[2] - hit[3])), default=None)


def _match_keys(rule: Rule) -> tuple[frozenset[str], bool]:
    """The scan keys a rule's matchers read, and whether it reads registry names."""
    keys = set()
    for index, matcher in enumerate(rule.matchers):
        if matcher.terms:
            keys.add(term_set_key(rule, matcher.terms, f"match{index}"))
        elif matcher.patterns:
            keys.add(f"{rule.id}:match{index}")
    return frozenset(keys), any(m.source is not None for m in rule.matchers)


def _outermost(aliases: list[tuple[Source, Hit]]) -> list[tuple[Source, Hit]]:
    """Drop a name found inside a longer name ("Presidential Press Service" inside
    "Ukrainian Presidential Press Service"): the longer one says more."""
    return [(source, hit) for source, hit in aliases
            if not any(o[0] <= hit[0] and hit[1] <= o[1] and (o[1] - o[0]) > (hit[1] - hit[0]) for _, o in aliases)]


def _supplier(signals: list[tuple[Finding, Evidence]]):
    """The source to name in a suggestion: one found in a credit beats one found in prose."""
    def credit_first(item: tuple[Finding, Evidence]) -> int:
        _, e = item
        origin = (e.origin or "").lower()
        return 0 if e.field == "credit" or "credit" in origin or "source" in origin else 1
    ranked = sorted((item for item in signals if item[0].source), key=credit_first)
    return ranked[0][0].source if ranked else None


def _one_finding_per_signal(findings: list[Finding], credits: dict[int, list[CreditLink]]) -> list[Finding]:
    """Names of one state's sources in one figure are one finding: KCNA via KNS, not two.

    Whichever rules and fields named them (caption, credit, embedded metadata), the
    originator in the credit chain (else the name met first) becomes the source and the
    others are named as the hands the picture passed through. Other findings stay per rule.
    """
    groups: dict[tuple, list[Finding]] = {}
    for f in findings:
        if f.source is not None and f.category == "state_supplied":
            key: tuple = (f.category, f.figure, f.source.country)
        else:
            key = (f.rule, f.figure, f.source.id if f.source else None)
        groups.setdefault(key, []).append(f)
    combined = []
    for group in groups.values():
        figure = group[0].figure
        chain_ids = [link.source.id for link in credits.get(figure, []) if link.source] if figure is not None else []
        group.sort(key=lambda f: (-f.severity.rank,
                                  chain_ids.index(f.source.id) if f.source and f.source.id in chain_ids else len(chain_ids),
                                  min((e.start for e in f.evidence), default=0)))
        lead = group[0]
        others = list(dict.fromkeys(f.source.name for f in group[1:] if f.source and f.source.id != lead.source.id))
        message = lead.message + (f", via {', '.join(others)}" if others else "")
        evidence = tuple(e for f in group for e in f.evidence)
        combined.append(replace(lead, message=message, evidence=evidence))
    return combined


def _tidy_evidence(evidence: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    """Drop duplicates and pieces of evidence contained in a longer one; order by place.

    Containment is checked on the text too: one origin can hold several values (C2PA
    actions), whose offsets alone would look nested.
    """
    unique = sorted(set(evidence), key=lambda e: (e.figure if e.figure is not None else -1, e.field,
                                                 e.origin or "", e.start, -e.end))
    kept: list[Evidence] = []
    for e in unique:
        if any(k.field == e.field and k.figure == e.figure and k.origin == e.origin
               and k.start <= e.start and e.end <= k.end
               and k.text[e.start - k.start:e.end - k.start] == e.text for k in kept):
            continue
        kept.append(e)
    return tuple(kept)


def _join_overlapping(findings: list[Finding]) -> list[Finding]:
    """Two rules that saw the same signal in the same words make one finding, not two.

    A caption rule and a metadata rule may both read "NO ARCHIVES" in Special Instructions.
    The finding with the higher severity (then more evidence) leads; the other rules are
    kept in `related_rules`, and all evidence is kept.
    """
    joined: list[Finding] = []
    for f in sorted(findings, key=lambda f: (-f.severity.rank, -len(f.evidence), f.rule)):
        lead = next((j for j in joined if _same_signal(j, f)), None)
        if lead is None:
            joined.append(f)
            continue
        index = joined.index(lead)
        joined[index] = replace(lead, evidence=_tidy_evidence(lead.evidence + f.evidence),
                                related_rules=tuple(dict.fromkeys((*lead.related_rules, f.rule, *f.related_rules))))
    return sorted(joined, key=lambda f: (-f.severity.rank, f.figure if f.figure is not None else -1, f.rule))


def _same_signal(a: Finding, b: Finding) -> bool:
    """Same category, figure and source, and every piece of evidence of one lies in the other's."""
    if a.category != b.category or a.figure != b.figure or (a.source and a.source.id) != (b.source and b.source.id):
        return False
    return _covered(a.evidence, b.evidence) or _covered(b.evidence, a.evidence)


def _covered(inner: tuple[Evidence, ...], outer: tuple[Evidence, ...]) -> bool:
    return bool(inner) and all(any(x.field == y.field and x.origin == y.origin and x.figure == y.figure
                                   and x.start < y.end and y.start < x.end for y in outer) for x in inner)


def _merge_findings(findings: list[Finding]) -> list[Finding]:
    """One finding per rule, figure and source; evidence from every field gathered in it."""
    merged: dict[tuple, Finding] = {}
    for f in findings:
        key = (f.rule, f.figure, f.source.id if f.source else None)
        if key in merged:
            old = merged[key]
            merged[key] = replace(old, evidence=old.evidence + f.evidence)
        else:
            merged[key] = f
    merged = {k: replace(f, evidence=_tidy_evidence(f.evidence)) for k, f in merged.items()}
    return sorted(merged.values(), key=lambda f: (-f.severity.rank, f.figure if f.figure is not None else -1, f.rule))

