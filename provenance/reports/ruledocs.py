"""Rule documentation: one HTML page per rule, written from its YAML, plus an index.

A reviewer who reads "Picture supplied by a state source" in a report follows the link to the
rule's page to see why it matters, what it matches (in words, not YAML), the examples it is
tested on in each language and where the practice is documented. Rule folders can come from a
newsroom, so every text is escaped and only http(s) references become links.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..rules.ruleset import RuleSet
from ..rules.schema import COMPARISONS, Example, Matcher, Rule, TermSet
from .html_report import CSP, environment
from .output import write_atomic

LANGUAGE_NAMES = {"en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "any": "Any language"}
_PAGE_NAME = re.compile(r"[a-z0-9_]+(?:\.[a-z0-9_]+)+")
_CONTEXT_WORDS = {"credit": "inside a credit line", "cue": "next to a supply cue"}
_PREDICATE_WORDS = {"exists": "has a value", "missing": "has no value", "equals": "equals one of",
                    "in": "is one of", "matches": "contains a phrase of", "names_source": "names a registry source"}
_OPERATORS = {"?": "optional", "*": "any number", "+": "one or more", "!": "not"}


@dataclass(frozen=True)
class TermSummary:
    """A term set as a reader sees it: the shared lexicon it names, if any, and its terms per language."""

    lexicon: str | None
    terms: dict[str, list[str]]


@dataclass(frozen=True)
class MatcherSummary:
    """One matcher in words, with the phrases or token patterns it uses per language."""

    kind: str
    summary: str
    terms: TermSummary | None = None
    extra: list[TermSummary] = field(default_factory=list)


def page_name(rule_id: str) -> str:
    """The rule's page file name; rule ids are validated when loaded, checked again here."""
    if not _PAGE_NAME.fullmatch(rule_id):
        raise ValueError(f"rule id {rule_id!r} cannot name a page")
    return f"{rule_id}.html"


def reference_href(reference: str) -> str | None:
    """The reference as a link target when it is a plain http(s) URL; anything else stays text."""
    if any(ch.isspace() or ord(ch) < 0x20 for ch in reference):
        return None
    try:
        parts = urlsplit(reference)
    except ValueError:
        return None
    return reference if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def summarise_terms(term_set: TermSet, ruleset: RuleSet) -> TermSummary:
    terms = ruleset.terms(term_set)
    return TermSummary(term_set.get("lexicon"), {lang: list(phrases) for lang, phrases in terms.items()})


def token_words(token: dict) -> str:
    """A spaCy token pattern, short: `can|cannot`, `/^verif/`, `POS=VERB`, with its operator."""
    parts = []
    for key, value in token.items():
        if key == "OP":
            continue
        if isinstance(value, dict) and "IN" in value and len(value) == 1:
            shown = "|".join(str(v) for v in value["IN"])
        elif isinstance(value, dict) and "REGEX" in value and len(value) == 1:
            shown = f"/{value['REGEX']}/"
        elif isinstance(value, (dict, list)):
            shown = json.dumps(value, ensure_ascii=False)
        else:
            shown = str(value)
        parts.append(shown if key in ("LOWER", "ORTH", "TEXT", "NORM") else f"{key}={shown}")
    text = " ".join(parts) or "any token"
    op = token.get("OP")
    return f"[{text}]" + (f" ({_OPERATORS.get(op, op)})" if op else "")


def summarise_matcher(matcher: Matcher, ruleset: RuleSet) -> MatcherSummary:
    """What the matcher looks for, in a sentence, with the terms behind it."""
    if matcher.kind == "phrases":
        return MatcherSummary("Phrases", "Any of these phrases (compared folded: lower case, no accents).",
                              summarise_terms(matcher.terms, ruleset))
    if matcher.kind == "patterns":
        patterns = {lang: [" ".join(token_words(t) for t in pattern) for pattern in items]
                    for lang, items in matcher.patterns.items()}
        return MatcherSummary("Token patterns", "Sequences of words, one bracket per token.", TermSummary(None, patterns))
    if matcher.kind == "source":
        return _source_summary(matcher.source, ruleset)
    if matcher.kind == "field":
        return _field_summary(matcher.field, ruleset)
    if matcher.kind == "crosscheck":
        check = matcher.crosscheck
        return MatcherSummary("Cross-check", (
            f"Fires for a figure when a finding of {', '.join(check.signal.categories)} is found in "
            f"{', '.join(check.signal.places)}, and no finding of {', '.join(check.disclosure.categories)} "
            f"in {', '.join(check.disclosure.places)} discloses it."))
    compare = matcher.compare
    return MatcherSummary("Comparison", f"Built-in comparison {compare.check}: fires past "
                                        f"{compare.threshold:g} {COMPARISONS.get(compare.check, '')}.")


def _source_summary(source, ruleset: RuleSet) -> MatcherSummary:
    kinds = f" of kind {', '.join(source.kinds)}" if source.kinds else ""
    where = " or ".join(_CONTEXT_WORDS.get(c, c) for c in source.contexts)
    window = f" (within {source.window} tokens)" if "cue" in source.contexts else ""
    extra = [summarise_terms(t, ruleset) for t in (source.cues, source.cues_after) if t]
    return MatcherSummary("Registry source", f"A source from the {', '.join(source.registries)} registry{kinds}, "
                                             f"named {where}{window}.", extra=extra)


def _field_summary(spec, ruleset: RuleSet) -> MatcherSummary:
    words = _PREDICATE_WORDS.get(spec.predicate, spec.predicate)
    values = f": {', '.join(spec.values)}" if spec.values else ""
    registries = f" ({', '.join(spec.source.registries)} registry)" if spec.source else ""
    shown = f" Shown with: {', '.join(spec.show)}." if spec.show else ""
    terms = summarise_terms(spec.terms, ruleset) if spec.terms else None
    return MatcherSummary("Picture metadata",
                          f"The picture's {', '.join(spec.names)} {words}{values}{registries}.{shown}", terms)


def examples_by_language(rule: Rule) -> dict[str, dict[str, list[Example]]]:
    """Examples grouped by language (the rule's languages first), then by outcome."""
    order = list(rule.languages) + sorted({e.language for e in rule.must_match + rule.must_not_match} - set(rule.languages))
    grouped = {lang: {"match": [e for e in rule.must_match if e.language == lang],
                      "no_match": [e for e in rule.must_not_match if e.language == lang]} for lang in order}
    return {lang: cases for lang, cases in grouped.items() if cases["match"] or cases["no_match"]}


def render_rule_page(rule: Rule, ruleset: RuleSet, report_href: str | None = None) -> str:
    return environment().get_template("rule.html.j2").render(
        rule=rule, csp=CSP, report_href=report_href, language_names=LANGUAGE_NAMES,
        matchers=[summarise_matcher(m, ruleset) for m in rule.matchers],
        requires=[summarise_terms(t, ruleset) for t in rule.requires],
        excludes=[summarise_terms(t, ruleset) for t in rule.excludes],
        examples=examples_by_language(rule),
        references=[(ref, reference_href(ref)) for ref in rule.references],
        file_name=rule.path.name if rule.path else None,
    )


def render_rule_index(ruleset: RuleSet, report_href: str | None = None) -> str:
    rules = sorted(ruleset.rules, key=lambda r: (r.category, r.id))
    return environment().get_template("rules_index.html.j2").render(
        rules=rules, pages={r.id: page_name(r.id) for r in rules}, csp=CSP, report_href=report_href,
        registry_size=len(ruleset.registry))


def render_rule_docs(ruleset: RuleSet, report_href: str | None = None) -> dict[str, str]:
    """Every rule's page and the index, by file name; `report_href` links back to a report."""
    pages = {page_name(rule.id): render_rule_page(rule, ruleset, report_href) for rule in ruleset.rules}
    pages["index.html"] = render_rule_index(ruleset, report_href)
    return pages


def write_rule_docs(ruleset: RuleSet, out: Path, report_href: str | None = None) -> list[Path]:
    """Render everything, then write each page atomically into `out`; returns the files written."""
    rendered = {out / name: html for name, html in render_rule_docs(ruleset, report_href).items()}
    for path, html in rendered.items():
        write_atomic(path, html)
    return list(rendered)
