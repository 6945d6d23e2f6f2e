"""`--format junit`: one test case per article, failing at the --fail-on threshold, XML any CI can parse."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from formats_support import HOSTILE_CAPTION, HOSTILE_MESSAGE, hostile_report, run_format, write_state_and_clean
from provenance.reports.junit import render_junit
from provenance.reports.options import ReportOptions
from provenance.model import Severity


def junit(cli, *args) -> ET.Element:
    return ET.fromstring(run_format(cli, "junit", *args).stdout)


@pytest.fixture
def articles(write, monkeypatch, tmp_path) -> list[str]:
    """The state caption (warnings only), a clean article and an unreadable one (an error)."""
    write("desk/binary.txt", b"caption\x00\x01")
    return [*write_state_and_clean(write, monkeypatch, tmp_path), "desk/binary.txt"]


def cases(root: ET.Element) -> dict[str, ET.Element]:
    return {case.get("name"): case for case in root.iter("testcase")}


def test_one_suite_one_case_per_article_named_by_path_and_format(cli, articles):
    root = junit(cli, *articles)
    [suite] = root.findall("testsuite")
    assert suite.get("name") == "provenance"
    assert [(c.get("name"), c.get("classname")) for c in suite.findall("testcase")] == \
           [("desk/state.txt", "text"), ("desk/clean.txt", "text"), ("desk/binary.txt", "unreadable")]


@pytest.mark.parametrize("fail_on, failing", [
    ("error", {"desk/binary.txt"}),
    ("warning", {"desk/binary.txt", "desk/state.txt"}),
    ("info", {"desk/binary.txt", "desk/state.txt"}),
    ("never", set()),
])
def test_articles_fail_at_the_threshold_and_counts_match(cli, articles, fail_on, failing):
    root = junit(cli, *articles, "--fail-on", fail_on)
    failed = {name for name, case in cases(root).items() if case.find("failure") is not None}
    assert failed == failing
    for element in (root, root.find("testsuite")):
        assert int(element.get("tests")) == len(cases(root)) == 3
        assert int(element.get("failures")) == len(failing)
        assert element.get("errors") == "0"


def test_a_failure_lists_the_findings_at_or_above_the_threshold(cli, articles):
    findings = {a["path"]: a["findings"] for a in cli.report(*articles)["articles"]}
    state = cases(junit(cli, *articles, "--fail-on", "warning"))["desk/state.txt"]
    failure = state.find("failure")
    warnings = [f for f in findings["desk/state.txt"] if f["severity"] == "warning"]
    assert failure.get("message") == f"{len(warnings)} warning"
    for finding in warnings:
        assert f"warning {finding['rule']}: {finding['message']}" in failure.text
        assert finding["evidence"][0]["text"] in failure.text


def test_findings_below_the_threshold_go_to_system_out(cli, articles):
    findings = {a["path"]: a["findings"] for a in cli.report(*articles)["articles"]}
    state = cases(junit(cli, *articles))["desk/state.txt"]
    assert state.find("failure") is None
    out = state.find("system-out").text
    assert all(f"{f['severity']} {f['rule']}: {f['message']}" in out for f in findings["desk/state.txt"])


def test_a_clean_article_is_a_passing_case_with_nothing_inside(cli, articles):
    assert list(cases(junit(cli, *articles))["desk/clean.txt"]) == []


def test_hostile_caption_text_parses_and_is_shown_not_interpreted(tmp_path):
    document = render_junit(hostile_report(tmp_path), ReportOptions(fail_on=Severity.WARNING))
    root = ET.fromstring(document)
    case = root.find("testsuite/testcase")
    failure, out = case.find("failure"), case.find("system-out")
    assert root.get("failures") == "1" and failure.get("message") == "1 error"
    assert [child.tag for child in case] == ["failure", "system-out"], "no element injected by the message"
    assert "</failure><x/> & ::warning::fake" in failure.text
    assert '<b>&amp;</b> ]]>' in failure.text and "\\x1b[31mred" in failure.text and "\\x00" in failure.text
    assert HOSTILE_MESSAGE.splitlines()[0] in out.text
    assert "\x1b" not in document and "\x00" not in document and "\x0c" not in document
    assert HOSTILE_CAPTION not in document  # it could not be carried as is
