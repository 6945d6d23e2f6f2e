"""Baselines: record today's findings, then report only new ones and say how many were known."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from provenance.api import CheckReport, default_rules
from provenance.baseline import Baseline
from provenance.model import Article, ArticleResult, Evidence, Finding, Severity
from test_config import COURTESY, STATE, project  # noqa: F401  (project: the repository fixture)

XINHUA = "In this photo released by Xinhua News Agency, soldiers march in Beijing. (Xinhua via AP)\n"


@pytest.fixture
def desk(project, monkeypatch):
    """A content repository with one state-supplied story; commands run from its root."""
    monkeypatch.chdir(project)
    return project


def check(cli, *args: str | Path, fail_on: str = "info"):
    """`check ... --format json --out -`: the exit code, the document and stderr."""
    result = cli.run("check", *args, "--format", "json", "--out", "-", "--fail-on", fail_on)
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, json.loads(result.stdout), result.stderr


def rules_in(document: dict) -> list[tuple[str, str]]:
    return [(a["path"], f["rule"]) for a in document["articles"] for f in a["findings"]]


def create(cli, *args: str | Path) -> dict:
    result = cli.run("baseline", "create", *args)
    assert result.exit_code == 0, result.stderr
    return result


@pytest.fixture
def known(cli, desk) -> int:
    """How many findings the story has; they are recorded in the default baseline file."""
    _, document, _ = check(cli, "stories")
    create(cli, "stories")
    return document["summary"]["findings"]


def test_create_writes_the_default_file_with_a_count_per_fingerprint(cli, desk, known):
    recorded = json.loads((desk / "provenance-baseline.json").read_text(encoding="utf-8"))
    assert recorded["provenance_baseline"] == 1
    assert known > 0 and sum(entry["count"] for entry in recorded["findings"]) == known
    for entry in recorded["findings"]:
        assert set(entry) == {"rule", "path", "figure", "evidence", "count"}, "no offsets, no messages"
        assert entry["path"] == "stories/state.txt"


def test_checking_against_it_reports_nothing_and_says_how_many_were_suppressed(cli, desk, known):
    code, document, stderr = check(cli, "stories", "--baseline", "provenance-baseline.json")
    assert code == 0
    assert document["summary"]["findings"] == 0 and document["summary"]["suppressed"] == known
    assert f"{known} suppressed by the baseline" in stderr


def test_edits_elsewhere_in_the_article_keep_it_valid(cli, desk, known):
    story = desk / "stories" / "state.txt"
    story.write_text("North Korea holds a parade\n\nThousands gathered in the capital on Saturday.\n\n" + STATE,
                     encoding="utf-8")
    code, document, _ = check(cli, "stories", "--baseline", "provenance-baseline.json")
    assert (code, document["summary"]["findings"], document["summary"]["suppressed"]) == (0, 0, known)


def test_new_findings_are_reported_and_fail_the_run(cli, desk, known):
    (desk / "stories" / "courtesy.txt").write_text(COURTESY, encoding="utf-8")
    code, document, _ = check(cli, "stories", "--baseline", "provenance-baseline.json", fail_on="warning")
    assert code == 1
    assert {path for path, _ in rules_in(document)} == {"stories/courtesy.txt"}
    assert document["summary"]["suppressed"] == known


def test_a_changed_credit_is_a_new_finding(cli, desk, known):
    (desk / "stories" / "state.txt").write_text(XINHUA, encoding="utf-8")
    _, document, _ = check(cli, "stories", "--baseline", "provenance-baseline.json")
    assert "captions.state_supplied_credit" in [rule for _, rule in rules_in(document)]


def test_paths_are_relative_to_the_baseline_file_not_the_working_folder(cli, desk, monkeypatch):
    (desk / "ci").mkdir()
    create(cli, "stories", "--output", "ci/known.json")
    assert {e["path"] for e in json.loads((desk / "ci" / "known.json").read_text())["findings"]} == {"../stories/state.txt"}
    monkeypatch.chdir(desk / "stories")
    code, document, _ = check(cli, "state.txt", "--baseline", "../ci/known.json")
    assert code == 0 and document["summary"]["findings"] == 0 and document["summary"]["suppressed"] > 0


def test_the_baseline_named_in_the_settings_is_written_and_read(cli, desk, known):
    (desk / "provenance.toml").write_text('[check]\nbaseline = "ci/known.json"\n', encoding="utf-8")
    create(cli, "stories")
    assert (desk / "ci" / "known.json").is_file()
    _, document, _ = check(cli, "stories")
    assert document["summary"]["suppressed"] == known


def test_unreadable_inputs_are_never_recorded(cli, desk, known):
    (desk / "stories" / "empty.txt").write_text("", encoding="utf-8")
    create(cli, "stories")
    recorded = json.loads((desk / "provenance-baseline.json").read_text(encoding="utf-8"))
    assert "input.unreadable" not in {entry["rule"] for entry in recorded["findings"]}
    code, document, _ = check(cli, "stories", "--baseline", "provenance-baseline.json", fail_on="error")
    assert code == 1 and [rule for _, rule in rules_in(document)] == ["input.unreadable"]


def finding(text: str) -> Finding:
    return Finding(rule="captions.handout_credit", category="handout", severity=Severity.WARNING,
                   message="m", evidence=(Evidence("caption", 0, len(text), text, 0),), figure=0)


def report_of(*findings: Finding) -> CheckReport:
    article = Article(path="story.txt", id="story", figures=[])
    return CheckReport(results=[ArticleResult(article=article, findings=list(findings))], ruleset=default_rules())


def test_each_recorded_duplicate_is_used_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    baseline = Baseline.from_report(report_of(finding("Handout"), finding("Handout")), tmp_path / "b.json")
    assert list(baseline.counts.values()) == [2]
    later = report_of(finding("Handout"), finding("Handout"), finding("Handout"), finding("HO"))
    assert baseline.apply(later) == 2 and later.suppressed == 2
    assert [e.text for f in later.findings() for e in f.evidence] == ["Handout", "HO"]


def test_a_written_baseline_reads_back_the_same(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    file = tmp_path / "b.json"
    baseline = Baseline.from_report(report_of(finding("Handout"), finding("Handout"), finding("HO")), file)
    file.write_text(baseline.dumps(), encoding="utf-8")
    assert Baseline.load(file).counts == baseline.counts


BAD_BASELINES = {
    "not-json": ("{not json", "invalid JSON"),
    "no-version": ('{"findings": []}', "not a provenance baseline"),
    "future-version": ('{"provenance_baseline": 99, "findings": []}', "version 99 is not supported"),
    "bad-entry": ('{"provenance_baseline": 1, "findings": [{"rule": "x", "path": "a.txt"}]}', "findings[0]"),
    "bad-count": ('{"provenance_baseline": 1, "findings": [{"rule": "x", "path": "a", "figure": 0, '
                  '"evidence": [], "count": 0}]}', "'count' must be a positive whole number"),
}


@pytest.mark.parametrize("name", sorted(BAD_BASELINES))
def test_a_malformed_baseline_exits_2_naming_it(cli, desk, name):
    content, fault = BAD_BASELINES[name]
    (desk / "known.json").write_text(content, encoding="utf-8")
    result = cli.run("check", "stories", "--baseline", "known.json", "--format", "json", "--out", "-")
    assert result.exit_code == 2, result.output
    assert "known.json" in result.stderr and fault in result.stderr, result.stderr
    assert result.stdout == ""


def test_a_missing_baseline_exits_2_naming_it(cli, desk):
    result = cli.run("check", "stories", "--baseline", "nowhere.json")
    assert result.exit_code == 2
    assert "nowhere.json: baseline file not found" in result.stderr


def test_baseline_create_refuses_standard_input(cli, desk):
    result = cli.run("baseline", "create", "-")
    assert result.exit_code == 2 and "standard input" in result.stderr
