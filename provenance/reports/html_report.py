"""HTML reports for people: one self-contained page per article and an index.

jinja2 with autoescape renders every piece of input text as text; highlights are built as
(text, finding) segments so no input string is ever marked safe. Pages load nothing from
outside: styles are inline and a Content-Security-Policy forbids any other resource.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape

from ..api import CheckReport
from ..model import ArticleResult, Finding, Severity
from ..rules.ruleset import RuleSet

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


@dataclass(frozen=True)
class Segment:
    """A run of text, highlighted when `finding` is set."""

    text: str
    finding: Finding | None = None
    number: int | None = None


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("provenance.reports", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    return env


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


def render_article(result: ArticleResult, ruleset: RuleSet, index_href: str = "index.html") -> str:
    article = result.article
    numbered = list(enumerate(result.findings, start=1))
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
            "chain": result.credits.get(i, []),
            "findings": [(n, f) for n, f in numbered if f.figure == i],
        })
    body_findings = [(n, f) for n, f in numbered if any(e.field in ("body", "headline") for e in f.evidence)]
    return _environment().get_template("article.html.j2").render(
        article=article, figures=figures, findings=numbered, rules={r.id: r for r in ruleset.rules},
        body=highlight(article.body, numbered, "body", None) if body_findings else [],
        headline=highlight(article.headline, numbered, "headline", None),
        counts=_counts(result.findings), csp=CSP, index_href=index_href, severities=list(Severity),
    )


def render_index(report: CheckReport, pages: list[str]) -> str:
    rows = [{"result": r, "page": p, "counts": _counts(r.findings),
             "categories": sorted({f.category for f in r.findings})} for r, p in zip(report.results, pages)]
    return _environment().get_template("index.html.j2").render(
        rows=rows, summary=report.summary(), csp=CSP, severities=list(Severity))


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


def _counts(findings: list[Finding]) -> dict[str, int]:
    return {s.value: sum(1 for f in findings if f.severity is s) for s in Severity}
