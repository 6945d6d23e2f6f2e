"""HTML reports for people: one self-contained page per article and an index.

jinja2 with autoescape renders every piece of input text as text; highlights are built as
(text, finding) segments so no input string is ever marked safe. Pages load nothing from
outside: styles are inline and a Content-Security-Policy forbids any other resource. The index
works without JavaScript (rows sorted on the server, sections per severity and category); its
one inline script, allowed by its SHA-256 in the policy, adds column sorting and filters.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from ..api import CheckReport
from ..model import CATEGORIES, ArticleResult, Finding, Severity
from ..rules.ruleset import RuleSet

BASE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
CSP = BASE_CSP  # pages without a script
#: Where the rule documentation pages sit, relative to the report folder (see ruledocs.py).
RULES_FOLDER = "rules"
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
#: Source kinds as a reader says them.
_KIND_WORDS = {"head_of_state_office": "head of state's office", "non_state_handout": "handout (not state)"}


@dataclass(frozen=True)
class Segment:
    """A run of text, highlighted when `finding` is set."""

    text: str
    finding: Finding | None = None
    number: int | None = None


def content_security_policy(scripts: Sequence[str] = ()) -> str:
    """The page's policy: nothing from outside, and only these exact inline scripts (by hash)."""
    if not scripts:
        return BASE_CSP
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode('utf-8')).digest()).decode('ascii')}'"
                      for s in scripts)
    return f"{BASE_CSP}; script-src {hashes}"


def language_attribute(code: str | None) -> Markup:
    """` lang="xx"` for a well-formed language tag, nothing otherwise (input may carry anything)."""
    if code and code != "any" and _LANGUAGE_TAG.fullmatch(code):  # "any": the rule files' all-languages key
        return Markup(' lang="%s"') % code
    return Markup("")


def kind_words(kind: str) -> str:
    return _KIND_WORDS.get(kind, kind.replace("_", " "))


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The template environment the article pages, the index and the rule pages share."""
    env = Environment(loader=PackageLoader("provenance.reports", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["lang"] = language_attribute
    env.filters["kind_words"] = kind_words
    env.globals["categories"] = CATEGORIES
    return env


@lru_cache(maxsize=1)
def index_script() -> str:
    """The index's sorting and filtering script, as shipped beside the templates."""
    env = environment()
    source, _, _ = env.loader.get_source(env, "index.js")
    if "</" in source:
        raise ValueError("index.js must not contain '</' (it is inlined in a <script> element)")
    return source


def highlight(text: str, findings: list[tuple[int, Finding]], field: str, figure: int | None) -> list[Segment]:
    """Split `text` into plain and highlighted segments for the evidence in one field."""
    marks = []
    for number, finding in findings:
        for e in finding.evidence:
            if e.field == field and e.figure == figure and 0 <= e.start < e.end <= len(text):
                marks.append((e.start, e.end, number, finding))
    marks.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    segments, cursor = [], 0
    for start, end, number, finding in marks:
        if start < cursor:
            continue  # overlapping evidence: the earlier, longer mark already covers it
        if start > cursor:
            segments.append(Segment(text[cursor:start]))
        segments.append(Segment(text[start:end], finding, number))
        cursor = end
    if cursor < len(text):
        segments.append(Segment(text[cursor:]))
    return segments


def by_severity(findings: list[Finding]) -> list[Finding]:
    """Errors first, then warnings, then info; the engine's order within a severity."""
    return sorted(findings, key=lambda f: -f.severity.rank)


def render_article(result: ArticleResult, ruleset: RuleSet, index_href: str = "index.html",
                   rules_folder: str | None = RULES_FOLDER) -> str:
    """One article's page; `rules_folder` is where the rule pages are (None: no links to them)."""
    article = result.article
    numbered = list(enumerate(by_severity(result.findings), start=1))
    figures = []
    for i, figure in enumerate(article.figures):
        meta = figure.metadata
        figures.append({
            "thumbnail": _thumbnail(figure.image_path),
            "metadata_rows": _metadata_rows(meta, numbered, i) if meta is not None else [],
            "problems": list(meta.problems) if meta is not None else [],
            "figure": figure,
            "caption": highlight(figure.caption, numbered, "caption", i),
            "credit": highlight(figure.credit, numbered, "credit", i) if figure.credit_span is None else [],
            "chain": _chain(result.credits.get(i, []), numbered, i),
            "embedded_chains": _embedded_chains(figure, ruleset, numbered, i),
        })
    body_findings = [(n, f) for n, f in numbered if any(e.field in ("body", "headline") for e in f.evidence)]
    rules = {r.id: r for r in ruleset.rules}
    return environment().get_template("article.html.j2").render(
        article=article, figures=figures, findings=numbered, rules=rules,
        rule_pages={rule_id: f"{rules_folder}/{rule_id}.html" for rule_id in rules} if rules_folder else {},
        rules_index=f"{rules_folder}/index.html" if rules_folder else None,
        body=highlight(article.body, numbered, "body", None) if body_findings else [],
        headline=highlight(article.headline, numbered, "headline", None),
        counts=_counts(result.findings), csp=CSP, index_href=index_href, severities=_worst_first(),
    )


def render_index(report: CheckReport, pages: list[str], rules_folder: str | None = RULES_FOLDER) -> str:
    """The index: every article with its counts, worst first, and sections per severity and category."""
    rows = sorted((_index_row(r, p) for r, p in zip(report.results, pages)), key=_worst_first_key)
    script = index_script()
    return environment().get_template("index.html.j2").render(
        rows=rows, summary=report.summary(), csp=content_security_policy([script]), script=Markup(script),
        severities=_worst_first(), by_severity=_articles_by_severity(rows), by_category=_articles_by_category(rows),
        rule_pages={r.id: f"{rules_folder}/{r.id}.html" for r in report.ruleset.rules} if rules_folder else {},
        rules_index=f"{rules_folder}/index.html" if rules_folder else None,
    )


def _index_row(result: ArticleResult, page: str) -> dict:
    worst = result.max_severity()
    categories: dict[str, int] = {}
    rules: dict[str, dict[str, int]] = {}
    for finding in result.findings:
        categories[finding.category] = categories.get(finding.category, 0) + 1
        per_rule = rules.setdefault(finding.category, {})
        per_rule[finding.rule] = per_rule.get(finding.rule, 0) + 1
    return {"result": result, "page": page, "counts": _counts(result.findings),
            "worst": worst, "worst_rank": worst.rank if worst else 0,
            "title": result.article.headline or result.article.id,
            "categories": dict(sorted(categories.items())), "rules": rules}


def _worst_first_key(row: dict) -> tuple:
    counts = row["counts"]
    return (-row["worst_rank"], -counts["error"], -counts["warning"], -counts["info"], row["result"].article.path)


def _articles_by_severity(rows: list[dict]) -> dict[str, list[dict]]:
    return {s.value: [row for row in rows if row["counts"][s.value]] for s in _worst_first()}


def _articles_by_category(rows: list[dict]) -> dict[str, list[dict]]:
    found = sorted({c for row in rows for c in row["categories"]})
    return {c: sorted((row for row in rows if c in row["categories"]), key=lambda row: -row["categories"][c])
            for c in found}


def _worst_first() -> list[Severity]:
    return sorted(Severity, key=lambda s: -s.rank)


def _thumbnail(image_path: str | None) -> str | None:
    """A small preview embedded as a data: URI (the page may load nothing else)."""
    if not image_path:
        return None
    from ..metadata import make_thumbnail

    data = make_thumbnail(image_path)
    if not data:
        return None
    mime = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _metadata_rows(meta, numbered: list[tuple[int, Finding]], figure: int) -> list[dict]:
    """One row per metadata value, its origin, and the findings that cite it."""
    from ..metadata import FIELD_LABELS

    cited: dict[tuple[str, str], list[int]] = {}
    for number, finding in numbered:
        for e in finding.evidence:
            if e.field == "metadata" and e.figure == figure and e.origin:
                cited.setdefault((e.origin, e.text), []).append(number)
    rows = []
    for name, label in FIELD_LABELS.items():
        for value in meta.values(name):
            numbers = sorted({n for (origin, text), ns in cited.items() for n in ns
                              if origin == value.origin and text and text in value.value})
            rows.append({"label": label, "value": value.value, "origin": value.origin, "findings": numbers})
    if meta.c2pa is not None:
        from ..metadata.render import c2pa_lines

        for label, value in c2pa_lines(meta.c2pa):
            numbers = sorted({n for (origin, text), ns in cited.items() for n in ns
                              if origin.startswith("C2PA") and text and text in value})
            rows.append({"label": label, "value": value, "origin": "C2PA", "findings": numbers})
    return rows


def _chain(links: list, numbered: list[tuple[int, Finding]], figure: int) -> list[dict]:
    """The credit chain's hands, each with the findings of this figure that name its source."""
    hands = []
    for link in links:
        numbers = [n for n, f in numbered
                   if link.source is not None and f.figure == figure and f.source and f.source.id == link.source.id]
        hands.append({"link": link, "findings": numbers})
    return hands


def _embedded_chains(figure, ruleset: RuleSet, numbered: list[tuple[int, Finding]], index: int) -> list[dict]:
    """The credit chains the picture's own credit fields spell out, where they differ from the published one."""
    if figure.metadata is None:
        return []
    seen = {figure.credit.strip()}
    chains = []
    for value in figure.metadata.values("credit"):
        text = value.value.strip()
        if text and text not in seen:
            seen.add(text)
            chains.append({"origin": value.origin, "hands": _chain(ruleset.credits.chain(text), numbered, index)})
    return chains


def _counts(findings: list[Finding]) -> dict[str, int]:
    return {s.value: sum(1 for f in findings if f.severity is s) for s in Severity}
