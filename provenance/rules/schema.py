"""Rule files as data: the shared header, the matcher kinds, the examples.

A rule is one YAML file (Vale's layout); a pack is a folder of them. Every rule has the
same header (`id`, `category`, `severity`, `title`, `rationale`, `scope`, `languages`) and a
`match` list drawn from a handful of matcher kinds. Validation happens here, once, so a
broken rule stops the run with the file, the rule and the fault named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import CATEGORIES, Severity
from ..resources import DataError

SCOPES = ("caption", "credit", "body", "headline", "metadata", "figure")
MATCHER_KINDS = ("phrases", "patterns", "source", "field", "crosscheck", "compare")
#: Where a signal was found, for cross-checks: caption prose, a credit (the credit field or a
#: credit inside the caption), the picture's own metadata, the article body.
SIGNAL_PLACES = ("caption", "credit", "metadata", "body")
#: Built-in comparisons between what the article publishes and what the picture carries.
COMPARISONS = {"credit_sources": "sources", "capture_date": "days", "place": "km"}
FIELD_PREDICATES = ("exists", "missing", "equals", "in", "matches", "names_source")
SOURCE_CONTEXTS = ("credit", "cue")
_RULE_ID = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")
_LANG = re.compile(r"^[a-z]{2}$")

#: A set of terms per language, or a reference to a shared lexicon by name.
TermSet = dict[str, Any]


@dataclass(frozen=True)
class SourceMatcher:
    """Registry lookup: a source alias found in a credit, or next to a supply cue."""

    registries: tuple[str, ...] = ("state",)
    kinds: tuple[str, ...] = ()
    contexts: tuple[str, ...] = ("credit", "cue")
    cues: TermSet | None = None
    cues_after: TermSet | None = None
    window: int = 12


@dataclass(frozen=True)
class FieldMatcher:
    """A predicate on picture metadata fields ("credit", "digital_source_type", "c2pa.validation_state").

    Exactly one predicate is set: `exists`/`missing` (the fields have a value or none),
    `equals`/`in` (a value is one of these, compared case-insensitively; URIs by their last
    segment), `matches` (a phrase of a term set occurs), `names_source` (a registry source
    is named, as in a credit line).
    """

    names: tuple[str, ...]
    predicate: str
    values: tuple[str, ...] = ()
    terms: TermSet | None = None
    source: SourceMatcher | None = None
    show: tuple[str, ...] = ()  # fields whose values join the evidence when the predicate holds


@dataclass(frozen=True)
class SignalSpec:
    """Findings of these categories with evidence in these places."""

    categories: tuple[str, ...]
    places: tuple[str, ...]


@dataclass(frozen=True)
class CrossCheck:
    """Fires for a figure when `signal` is found and `disclosure` is not."""

    signal: SignalSpec
    disclosure: SignalSpec


@dataclass(frozen=True)
class Compare:
    """A built-in comparison (see COMPARISONS) with its threshold."""

    check: str
    threshold: float = 0.0


@dataclass(frozen=True)
class Matcher:
    kind: str
    terms: TermSet | None = None
    patterns: dict[str, list] | None = None
    source: SourceMatcher | None = None
    field: FieldMatcher | None = None
    crosscheck: CrossCheck | None = None
    compare: Compare | None = None


@dataclass(frozen=True)
class Example:
    """A text a rule must (not) match; metadata examples carry picture fields instead."""

    text: str
    field: str
    language: str
    metadata: dict[str, Any] | None = None
    credit: str = ""


@dataclass
class Rule:
    """One rule, as written in its file."""

    id: str
    category: str
    severity: Severity
    title: str
    rationale: str
    scope: tuple[str, ...]
    languages: tuple[str, ...]
    matchers: tuple[Matcher, ...]
    message: str = ""
    requires: tuple[TermSet, ...] = ()
    excludes: tuple[TermSet, ...] = ()
    references: tuple[str, ...] = ()
    must_match: tuple[Example, ...] = ()
    must_not_match: tuple[Example, ...] = ()
    suggestion: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    enabled: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    def describe_message(self) -> str:
        return self.message or self.title


class RuleError(DataError):
    """A rule file is broken."""


def parse_rule(data: Any, path: Path) -> Rule:
    """Validate one rule file's content and build the `Rule`."""
    if not isinstance(data, dict):
        raise RuleError(f"{path}: a rule file must be a mapping with 'id', 'category', ...")
    rule_id = data.get("id")
    if not isinstance(rule_id, str) or not _RULE_ID.match(rule_id):
        raise RuleError(f"{path}: 'id' must look like 'pack.name' (lower case, dots), got {rule_id!r}")
    where = f"{path}: rule {rule_id}"
    known = {"id", "category", "severity", "title", "rationale", "message", "scope", "languages",
             "match", "requires", "excludes", "references", "examples", "enabled", "suggestion"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise RuleError(f"{where}: unknown key(s) {', '.join(unknown)}")
    category = data.get("category")
    if category not in CATEGORIES:
        raise RuleError(f"{where}: 'category' {category!r} is not one of {', '.join(CATEGORIES)}")
    try:
        severity = Severity.parse(data.get("severity", ""))
    except ValueError as err:
        raise RuleError(f"{where}: {err}") from None
    title = _text(data, "title", where)
    rationale = _text(data, "rationale", where)
    scope = _string_list(data.get("scope"), "scope", where)
    bad_scope = [s for s in scope if s not in SCOPES]
    if not scope or bad_scope:
        raise RuleError(f"{where}: 'scope' must list some of {', '.join(SCOPES)}, got {scope!r}")
    languages = _string_list(data.get("languages"), "languages", where)
    if not languages or not all(_LANG.match(lang) for lang in languages):
        raise RuleError(f"{where}: 'languages' must list two-letter codes, got {languages!r}")
    raw_match = data.get("match")
    if not isinstance(raw_match, list) or not raw_match:
        raise RuleError(f"{where}: 'match' must be a non-empty list of matchers")
    matchers = tuple(_parse_matcher(m, f"{where}: match[{i}]") for i, m in enumerate(raw_match))
    must, must_not = _parse_examples(data.get("examples"), scope[0], where)
    if not must:
        raise RuleError(f"{where}: 'examples' needs at least one 'match' example")
    return Rule(
        id=rule_id, category=category, severity=severity, title=title, rationale=rationale,
        scope=tuple(scope), languages=tuple(languages), matchers=matchers,
        message=str(data.get("message") or ""),
        requires=tuple(_term_sets(data.get("requires"), "requires", where)),
        excludes=tuple(_term_sets(data.get("excludes"), "excludes", where)),
        references=tuple(_string_list(data.get("references"), "references", where)),
        must_match=must, must_not_match=must_not, path=path,
        suggestion=_parse_suggestion(data.get("suggestion"), where),
        enabled=bool(data.get("enabled", True)),
    )


def _text(data: dict, key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RuleError(f"{where}: '{key}' is required and must be text")
    return " ".join(value.split())


def _string_list(value: Any, key: str, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(f"{where}: '{key}' must be a list of strings")
    return list(value)


def _parse_term_set(value: Any, where: str) -> TermSet:
    if not isinstance(value, dict) or not value:
        raise RuleError(f"{where}: expected a mapping of language -> phrases, or {{lexicon: NAME}}")
    if "lexicon" in value:
        if set(value) != {"lexicon"} or not isinstance(value["lexicon"], str):
            raise RuleError(f"{where}: 'lexicon' takes a single lexicon name and nothing else")
        return {"lexicon": value["lexicon"]}
    for lang, phrases in value.items():
        if not isinstance(lang, str) or not (_LANG.match(lang) or lang == "any"):
            raise RuleError(f"{where}: {lang!r} is not a two-letter language code (or 'any')")
        if not isinstance(phrases, list) or not all(isinstance(p, str) and p.strip() for p in phrases):
            raise RuleError(f"{where}: phrases for {lang!r} must be a list of non-empty strings")
    return dict(value)


def _term_sets(value: Any, key: str, where: str) -> list[TermSet]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise RuleError(f"{where}: '{key}' must be a list of term sets")
    return [_parse_term_set(v, f"{where}: {key}[{i}]") for i, v in enumerate(value)]


def _parse_matcher(raw: Any, where: str) -> Matcher:
    if not isinstance(raw, dict) or len(raw) != 1:
        raise RuleError(f"{where}: each matcher is a mapping with one of {', '.join(MATCHER_KINDS)}")
    kind, body = next(iter(raw.items()))
    if kind == "phrases":
        return Matcher(kind="phrases", terms=_parse_term_set(body, f"{where}.phrases"))
    if kind == "patterns":
        return Matcher(kind="patterns", patterns=_parse_patterns(body, f"{where}.patterns"))
    if kind == "source":
        return Matcher(kind="source", source=_parse_source_matcher(body, f"{where}.source"))
    if kind == "field":
        return Matcher(kind="field", field=_parse_field_matcher(body, f"{where}.field"))
    if kind == "crosscheck":
        return Matcher(kind="crosscheck", crosscheck=_parse_crosscheck(body, f"{where}.crosscheck"))
    if kind == "compare":
        return Matcher(kind="compare", compare=_parse_compare(body, f"{where}.compare"))
    raise RuleError(f"{where}: unknown matcher kind {kind!r} (expected {', '.join(MATCHER_KINDS)})")


def _parse_patterns(body: Any, where: str) -> dict[str, list]:
    if not isinstance(body, dict) or not body:
        raise RuleError(f"{where}: expected a mapping of language -> list of token patterns")
    for lang, patterns in body.items():
        if not isinstance(lang, str) or not (_LANG.match(lang) or lang == "any"):
            raise RuleError(f"{where}: {lang!r} is not a two-letter language code (or 'any')")
        if not isinstance(patterns, list) or not patterns:
            raise RuleError(f"{where}.{lang}: expected a list of token patterns")
        for i, pattern in enumerate(patterns):
            if not isinstance(pattern, list) or not pattern or not all(isinstance(t, dict) for t in pattern):
                raise RuleError(f"{where}.{lang}[{i}]: a token pattern is a list of token mappings")
            problems = _token_pattern_problems(pattern)
            if problems:
                raise RuleError(f"{where}.{lang}[{i}]: invalid token pattern: {'; '.join(problems)}")
    return dict(body)


def _token_pattern_problems(pattern: list) -> list[str]:
    """spaCy's own pattern validation, so a bad pattern fails at load, not mid-run."""
    from .nlp import import_spacy

    import_spacy()
    from spacy.schemas import validate_token_pattern

    return [str(p) for p in validate_token_pattern(pattern)]


def _parse_source_matcher(body: Any, where: str) -> SourceMatcher:
    if not isinstance(body, dict):
        raise RuleError(f"{where}: expected a mapping")
    unknown = sorted(set(body) - {"registries", "kinds", "contexts", "cues", "cues_after", "window"})
    if unknown:
        raise RuleError(f"{where}: unknown key(s) {', '.join(unknown)}")
    contexts = _string_list(body.get("contexts", ["credit", "cue"]), "contexts", where)
    if not contexts or any(c not in SOURCE_CONTEXTS for c in contexts):
        raise RuleError(f"{where}: 'contexts' must list some of {', '.join(SOURCE_CONTEXTS)}")
    cues = _parse_term_set(body["cues"], f"{where}.cues") if body.get("cues") is not None else None
    after = body.get("cues_after")
    cues_after = _parse_term_set(after, f"{where}.cues_after") if after is not None else None
    if "cue" in contexts and cues is None and cues_after is None:
        raise RuleError(f"{where}: context 'cue' needs 'cues' or 'cues_after' (phrases or a lexicon)")
    window = body.get("window", 12)
    if not isinstance(window, int) or not 1 <= window <= 60:
        raise RuleError(f"{where}: 'window' must be a whole number of tokens from 1 to 60")
    return SourceMatcher(
        registries=tuple(_string_list(body.get("registries", ["state"]), "registries", where)),
        kinds=tuple(_string_list(body.get("kinds"), "kinds", where)),
        contexts=tuple(contexts), cues=cues, cues_after=cues_after, window=window)


def _parse_field_matcher(body: Any, where: str) -> FieldMatcher:
    if not isinstance(body, dict):
        raise RuleError(f"{where}: expected a mapping with 'name' and one predicate")
    names = _string_list(body.get("name"), "name", where)
    if not names:
        raise RuleError(f"{where}: 'name' must name one or more metadata fields")
    show = tuple(_string_list(body.get("show"), "show", where))
    predicates = [k for k in body if k not in ("name", "show")]
    unknown = [k for k in predicates if k not in FIELD_PREDICATES]
    if unknown or len(predicates) != 1:
        raise RuleError(f"{where}: give exactly one predicate of {', '.join(FIELD_PREDICATES)}"
                        + (f" (unknown: {', '.join(unknown)})" if unknown else ""))
    predicate = predicates[0]
    value = body[predicate]
    if predicate in ("exists", "missing"):
        if value is not True:
            raise RuleError(f"{where}: '{predicate}' takes the value true")
        return FieldMatcher(tuple(names), predicate, show=show)
    if predicate in ("equals", "in"):
        values = _string_list(value, predicate, where)
        if not values:
            raise RuleError(f"{where}: '{predicate}' needs at least one value")
        return FieldMatcher(tuple(names), predicate, values=tuple(values), show=show)
    if predicate == "matches":
        return FieldMatcher(tuple(names), predicate, terms=_parse_term_set(value, f"{where}.matches"), show=show)
    spec = dict(value) if isinstance(value, dict) else {}
    spec.setdefault("contexts", ["credit"])
    source = _parse_source_matcher(spec, f"{where}.names_source")
    return FieldMatcher(tuple(names), predicate, source=source, show=show)


def _parse_signal(raw: Any, where: str) -> SignalSpec:
    if not isinstance(raw, dict) or set(raw) - {"categories", "places"}:
        raise RuleError(f"{where}: expected {{categories: [...], places: [...]}}")
    categories = _string_list(raw.get("categories"), "categories", where)
    places = _string_list(raw.get("places"), "places", where)
    bad = [c for c in categories if c not in CATEGORIES] + [p for p in places if p not in SIGNAL_PLACES]
    if not categories or not places or bad:
        raise RuleError(f"{where}: categories from the vocabulary and places from {', '.join(SIGNAL_PLACES)}"
                        + (f" (unknown: {', '.join(bad)})" if bad else ""))
    return SignalSpec(tuple(categories), tuple(places))


def _parse_crosscheck(body: Any, where: str) -> CrossCheck:
    if not isinstance(body, dict) or set(body) != {"signal", "disclosure"}:
        raise RuleError(f"{where}: a crosscheck has exactly 'signal' and 'disclosure'")
    return CrossCheck(_parse_signal(body["signal"], f"{where}.signal"),
                      _parse_signal(body["disclosure"], f"{where}.disclosure"))


def _parse_compare(body: Any, where: str) -> Compare:
    if not isinstance(body, dict) or body.get("check") not in COMPARISONS or set(body) - {"check", "threshold"}:
        raise RuleError(f"{where}: expected {{check: one of {', '.join(COMPARISONS)}, threshold: NUMBER}}")
    threshold = body.get("threshold", 0)
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or threshold < 0:
        raise RuleError(f"{where}: 'threshold' must be a number >= 0 ({COMPARISONS[body['check']]})")
    return Compare(body["check"], float(threshold))


def _parse_suggestion(raw: Any, where: str) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(isinstance(k, str) and _LANG.match(k) and isinstance(v, str)
                                            for k, v in raw.items()):
        raise RuleError(f"{where}: 'suggestion' maps language codes to sentences (with {{source}})")
    for lang, text in raw.items():
        try:
            text.format(source="x", country="x")
        except (KeyError, IndexError, ValueError) as err:
            raise RuleError(f"{where}: suggestion.{lang}: only {{source}} and {{country}} may be filled ({err})") from None
    return dict(raw)


def _parse_examples(raw: Any, default_field: str, where: str) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
    if not isinstance(raw, dict) or not raw:
        raise RuleError(f"{where}: 'examples' must map languages to {{match: [...], no_match: [...]}}")
    must: list[Example] = []
    must_not: list[Example] = []
    for lang, cases in raw.items():
        if not isinstance(lang, str) or not _LANG.match(lang) or not isinstance(cases, dict):
            raise RuleError(f"{where}: examples.{lang}: expected {{match: [...], no_match: [...]}}")
        unknown = sorted(set(cases) - {"match", "no_match"})
        if unknown:
            raise RuleError(f"{where}: examples.{lang}: unknown key(s) {', '.join(unknown)}")
        for key, bucket in (("match", must), ("no_match", must_not)):
            for i, case in enumerate(cases.get(key) or []):
                bucket.append(_example(case, lang, default_field, f"{where}: examples.{lang}.{key}[{i}]"))
    return tuple(must), tuple(must_not)


def _example(case: Any, lang: str, default_field: str, where: str) -> Example:
    if isinstance(case, str) and case.strip():
        return Example(text=case, field=default_field, language=lang)
    if isinstance(case, dict) and isinstance(case.get("metadata"), dict):
        unknown = sorted(set(case) - {"metadata", "text", "credit"})
        if unknown:
            raise RuleError(f"{where}: unknown key(s) {', '.join(unknown)} beside 'metadata'")
        if not isinstance(case.get("text", ""), str) or not isinstance(case.get("credit", ""), str):
            raise RuleError(f"{where}: 'text' and 'credit' beside 'metadata' must be text")
        field_name = "figure" if "text" in case or "credit" in case else "metadata"
        return Example(text=case.get("text", ""), field=field_name, language=lang, metadata=case["metadata"],
                       credit=case.get("credit", ""))
    if isinstance(case, dict) and isinstance(case.get("text"), str):
        unknown = sorted(set(case) - {"text", "field", "credit"})
        if unknown:
            raise RuleError(f"{where}: unknown key(s) {', '.join(unknown)}")
        field_name = case.get("field", default_field)
        if field_name == "figure":
            return Example(text=case["text"], field="figure", language=lang, credit=str(case.get("credit", "")))
        if field_name not in SCOPES:
            raise RuleError(f"{where}: 'field' must be one of {', '.join(SCOPES)}")
        return Example(text=case["text"], field=field_name, language=lang)
    raise RuleError(f"{where}: an example is a string, {{text: ..., field: ...}} or {{metadata: {{...}}}}")
