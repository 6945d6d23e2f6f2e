"""JUnit XML, which every CI shows as a test list: one test case per article.

An article fails when it has a finding at or above --fail-on; the failure lists those findings,
and findings below the threshold go to the test case's system-out. The XML is built with
ElementTree (which escapes markup); characters XML cannot carry at all are made visible first.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from ..model import ArticleResult, Finding, Severity
from .options import ReportOptions
from .textsafe import xml_text

if TYPE_CHECKING:
    from ..api import CheckReport

SUITE_NAME = "provenance"
_WORST_FIRST = sorted(Severity, key=lambda s: s.rank, reverse=True)


def render_junit(report: "CheckReport", options: ReportOptions = ReportOptions()) -> str:
    cases = [_test_case(result, options) for result in report.results]
    failures = sum(1 for case in cases if case.find("failure") is not None)
    counts = {"tests": str(len(cases)), "failures": str(failures), "errors": "0", "skipped": "0"}
    root = ET.Element("testsuites", {"name": SUITE_NAME, **counts})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE_NAME, **counts})
    properties = ET.SubElement(suite, "properties")
    threshold = options.fail_on.value if options.fail_on else "never"
    ET.SubElement(properties, "property", {"name": "fail_on", "value": threshold})
    suite.extend(cases)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _test_case(result: ArticleResult, options: ReportOptions) -> ET.Element:
    article = result.article
    case = ET.Element("testcase", {"classname": xml_text(article.format), "name": xml_text(article.path)})
    failing = [f for f in result.findings if options.fails(f.severity)]
    passing = [f for f in result.findings if not options.fails(f.severity)]
    if failing:
        failure = ET.SubElement(case, "failure", {"message": count_by_severity(failing), "type": "provenance"})
        failure.text = _listing(failing)
    if passing:
        ET.SubElement(case, "system-out").text = _listing(passing)
    return case


def count_by_severity(findings: list[Finding]) -> str:
    """'2 error, 1 warning': the severities present, worst first."""
    counts = [(sum(1 for f in findings if f.severity is s), s.value) for s in _WORST_FIRST]
    return ", ".join(f"{count} {name}" for count, name in counts if count)


def _listing(findings: list[Finding]) -> str:
    return xml_text("\n".join(_describe(f) for f in findings)) + "\n"


def _describe(finding: Finding) -> str:
    lines = [f"{finding.severity.value} {finding.rule}: {finding.message}"]
    for evidence in finding.evidence:
        where = evidence.field if evidence.figure is None else f"{evidence.field} of figure {evidence.figure + 1}"
        lines.append(f"  evidence ({where}): {evidence.text}" if evidence.text else f"  evidence ({where})")
    return "\n".join(lines)
