"""A compact format for terminals and editors: `path:line:col: severity rule message [evidence]`.

One line per finding, in file order within each article, articles in input order separated by a
blank line, and one summary line at the end. Editors and `grep` read the `path:line:col:` prefix;
caption text is shown with control characters escaped so it cannot move the cursor or colour the
terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import ArticleResult
from .locations import SourceTexts, primary_evidence
from .options import ReportOptions
from .textsafe import one_line

if TYPE_CHECKING:
    from ..api import CheckReport


def render_text(report: "CheckReport", options: ReportOptions = ReportOptions()) -> str:
    texts = SourceTexts()
    groups = ["".join(line + "\n" for line in _article_lines(result, texts))
              for result in report.results if result.findings]
    return "\n".join(groups) + ("\n" if groups else "") + summary_line(report) + "\n"


def _article_lines(result: ArticleResult, texts: SourceTexts) -> list[str]:
    path = one_line(result.article.path)
    placed = []
    for order, finding in enumerate(result.findings):
        evidence = primary_evidence(finding.evidence)
        position = texts.locate(result.article, evidence)
        shown = f" [{one_line(evidence.text)}]" if evidence is not None and evidence.text else ""
        line = (f"{path}:{position.line}:{position.column}: {finding.severity.value} {finding.rule} "
                f"{one_line(finding.message)}{shown}")
        placed.append(((position.line, position.column, order), line))
    return [line for _, line in sorted(placed)]


def summary_line(report: "CheckReport") -> str:
    summary = report.summary()
    severities = summary["by_severity"]
    return (f"{summary['articles']} article(s), {summary['findings']} finding(s): "
            f"{severities['error']} error, {severities['warning']} warning, {severities['info']} info")
