"""SARIF 2.1.0 for code scanning (GitHub and others): one run, every rule described, one result per finding.

A result points at the article file (its path as given, URI-escaped) and the line and column of the
evidence there. Its fingerprint hashes rule, path, figure and evidence text, not the line: it stays
the same when text moves around the file, so a platform can tell a finding that persists from a new one.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..model import CATEGORIES, Article, Finding, Severity
from .locations import Position, SourceTexts, primary_evidence
from .options import ReportOptions

if TYPE_CHECKING:
    from ..api import CheckReport
    from ..rules.schema import Rule

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#: The key of our fingerprint in partialFingerprints; bump the suffix if what it hashes changes.
FINGERPRINT_KEY = "provenanceFinding/v1"
_WINDOWS_DRIVE = re.compile(r"[A-Za-z]:/")
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render_sarif(report: "CheckReport", options: ReportOptions = ReportOptions()) -> str:
    return json.dumps(sarif_log(report, options), ensure_ascii=False, indent=2) + "\n"


def sarif_log(report: "CheckReport", options: ReportOptions = ReportOptions()) -> dict:
    rules = _rule_descriptors(report, options)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    texts = SourceTexts()
    results = [_result(result.article, finding, index[finding.rule], texts)
               for result in report.results for finding in result.findings]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": _driver(rules)}, "columnKind": "unicodeCodePoints", "results": results}],
    }


def _driver(rules: list[dict]) -> dict:
    from .. import __version__

    driver = {"name": "provenance", "version": __version__, "semanticVersion": __version__, "rules": rules}
    homepage = _project_url()
    if homepage:
        driver["informationUri"] = homepage
    return driver


def _project_url() -> str | None:
    """The project's home page as its package metadata declares it (SARIF wants an absolute URI)."""
    try:
        from importlib import metadata  # only when a SARIF report is written: it costs start-up time

        meta = metadata.metadata("provenance")
    except metadata.PackageNotFoundError:
        return None
    urls = [entry.split(",", 1)[1].strip() for entry in meta.get_all("Project-URL") or [] if "," in entry]
    return meta.get("Home-page") or next(iter(urls), None)


def _rule_descriptors(report: "CheckReport", options: ReportOptions) -> list[dict]:
    """Every rule of the rule set, then any rule a finding names that the set does not hold."""
    descriptors = [_describe_rule(rule, options) for rule in report.ruleset.rules]
    known = {d["id"] for d in descriptors}
    for finding in report.findings():
        if finding.rule not in known:
            known.add(finding.rule)
            descriptors.append(_describe_builtin(finding))
    return descriptors


def _describe_rule(rule: "Rule", options: ReportOptions) -> dict:
    doc = quote(options.rule_doc(rule.id), safe="/:#?=&%")
    references = "".join(f"\n- {ref}" for ref in rule.references)
    return {
        "id": rule.id,
        "name": rule_name(rule.id),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale},
        "help": {
            "text": f"{rule.rationale}\n\nFinding: {rule.describe_message()}"
                    + (f"\n\nReferences:{references}" if references else ""),
            "markdown": f"**{_md(rule.title)}**\n\n{_md(rule.rationale)}\n\n[Rule documentation]({doc})",
        },
        "helpUri": doc,
        "defaultConfiguration": {"level": LEVELS[rule.severity], "enabled": rule.enabled},
        "properties": {"tags": [rule.category], "category": rule.category, "severity": rule.severity.value},
    }


def _describe_builtin(finding: Finding) -> dict:
    """A rule built into the tool rather than a rule file (an unreadable input, say)."""
    description = CATEGORIES.get(finding.category, finding.category)
    return {
        "id": finding.rule,
        "name": rule_name(finding.rule),
        "shortDescription": {"text": description},
        "fullDescription": {"text": description},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
        "properties": {"tags": [finding.category], "category": finding.category},
    }


def rule_name(rule_id: str) -> str:
    """An identifier-like name for a rule id: 'captions.state_supplied_credit' -> 'CaptionsStateSuppliedCredit'."""
    return "".join(part.capitalize() for part in re.split(r"[._-]+", rule_id) if part)


def _md(text: str) -> str:
    """Text made inert for Markdown (no links, emphasis or HTML from rule files)."""
    return re.sub(r"([\\`*_{}\[\]()<>#+!|~-])", r"\\\1", text)


def _result(article: Article, finding: Finding, rule_index: int, texts: SourceTexts) -> dict:
    evidence = primary_evidence(finding.evidence)
    position = texts.locate(article, evidence)
    result = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [_location(article.path, position)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding, article.path)},
        "properties": _result_properties(finding),
    }
    related = [e for e in finding.evidence if e is not evidence]
    if related:
        result["relatedLocations"] = [
            {"id": number, "message": {"text": f"{e.field}: {e.text}" if e.text else e.field},
             **_location(article.path, texts.locate(article, e))}
            for number, e in enumerate(related, start=1)]
    return result


def _location(path: str, position: Position) -> dict:
    region = {"startLine": position.line, "startColumn": position.column}
    if position.found:
        region.update(endLine=position.end_line, endColumn=position.end_column)
    return {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(path)}, "region": region}}


def _result_properties(finding: Finding) -> dict:
    properties: dict = {"category": finding.category, "severity": finding.severity.value,
                        "evidence": [e.to_dict() for e in finding.evidence]}
    if finding.figure is not None:
        properties["figure"] = finding.figure
    if finding.source is not None:
        properties["source"] = finding.source.to_dict()
    if finding.suggestion:
        properties["suggestion"] = finding.suggestion
    return properties


def artifact_uri(path: str) -> str:
    """The path as given, as a URI reference: relative stays relative (slashes, escaped); absolute becomes file:."""
    posix = path.replace("\\", "/")
    if _WINDOWS_DRIVE.match(posix):
        return "file:///" + posix[:2] + _escape_path(posix[2:])
    if posix.startswith("/"):
        return "file://" + _escape_path(posix)
    return _escape_path(posix)


def _escape_path(path: str) -> str:
    """Percent-escaped, ':' too (so a relative path never reads as a scheme); undecodable names keep their bytes."""
    return quote(path, safe="/", errors="surrogateescape")


def fingerprint(finding: Finding, path: str) -> str:
    """Stable across runs and line moves: rule, path, figure and evidence text, hashed."""
    parts = [finding.rule, path.replace("\\", "/"), "" if finding.figure is None else str(finding.figure),
             *(f"{e.field}\x1f{e.text}" for e in finding.evidence)]
    return hashlib.sha256("\x1e".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]
