"""GitHub Actions workflow commands: one `::error|warning|notice file=...,line=...,col=...,title=...::message`
line per finding, which the runner turns into annotations on the file.

The escaping is the runner's own (actions/toolkit): in the message `%`, CR and LF become `%25`,
`%0D`, `%0A`; in property values `:` and `,` also become `%3A` and `%2C`. A hostile caption can
therefore never start a line of its own, and so never issue a workflow command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Finding, Severity
from .locations import SourceTexts, primary_evidence
from .options import ReportOptions
from .textsafe import one_line

if TYPE_CHECKING:
    from ..api import CheckReport

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_DATA_ESCAPES = (("%", "%25"), ("\r", "%0D"), ("\n", "%0A"))
_PROPERTY_ESCAPES = (*_DATA_ESCAPES, (":", "%3A"), (",", "%2C"))


def escape_data(text: str) -> str:
    for char, escaped in _DATA_ESCAPES:
        text = text.replace(char, escaped)
    return text


def escape_property(text: str) -> str:
    for char, escaped in _PROPERTY_ESCAPES:
        text = text.replace(char, escaped)
    return text


def render_github(report: "CheckReport", options: ReportOptions = ReportOptions()) -> str:
    texts = SourceTexts()
    lines = [_annotation(result.article.path, finding, texts.locate(result.article, primary_evidence(finding.evidence)))
             for result in report.results for finding in result.findings]
    return "".join(line + "\n" for line in lines)


def _annotation(path: str, finding: Finding, position) -> str:
    properties = {"file": path, "line": str(position.line), "col": str(position.column), "title": finding.rule}
    listed = ",".join(f"{key}={escape_property(_printable(value))}" for key, value in properties.items())
    return f"::{COMMANDS[finding.severity]} {listed}::{escape_data(_printable(message(finding)))}"


def message(finding: Finding) -> str:
    """The finding's message, its evidence and the suggested disclosure, one per line."""
    evidence = primary_evidence(finding.evidence)
    parts = [finding.message]
    if evidence is not None and evidence.text:
        parts.append(f"Evidence ({evidence.field}): {evidence.text}")
    if finding.suggestion:
        parts.append(f"Suggested disclosure: {finding.suggestion}")
    return "\n".join(parts)


def _printable(text: str) -> str:
    """Other control characters (terminal escapes) shown visibly; CR and LF are left to the escaping above."""
    return "\n".join(one_line(part) for part in text.replace("\r\n", "\n").split("\n"))
