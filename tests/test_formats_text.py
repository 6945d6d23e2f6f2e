"""`--format text`: `path:line:col: severity rule message [evidence]`, one line per finding, grouped per
article, with control characters of hostile captions shown escaped instead of reaching the terminal."""

from __future__ import annotations

import json
import re

import pytest

from formats_support import hostile_report, run_format, write_state_and_clean
from provenance.reports.text import render_text

LINE = re.compile(r"(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning|info) (?P<rule>[a-z0-9_.]+) "
                  r"(?P<message>.+?)(?: \[(?P<evidence>.*)\])?")
SUMMARY = re.compile(r"\d+ article\(s\), \d+ finding\(s\): \d+ error, \d+ warning, \d+ info")


@pytest.fixture
def articles(write, monkeypatch, tmp_path) -> list[str]:
    """The state caption, a clean article, a second state article in Markdown and a missing file."""
    paths = write_state_and_clean(write, monkeypatch, tmp_path)
    write("desk/second.md", "# Drill\n\nSoldiers drill near the border in this photo released by KCNA. (KCNA via AP)\n")
    return [*paths, "desk/second.md", "desk/missing.txt"]


def finding_lines(output: str) -> list[re.Match]:
    lines = output.splitlines()
    assert SUMMARY.fullmatch(lines[-1])
    matches = [LINE.fullmatch(line) for line in lines[:-1] if line]
    assert all(matches), lines
    return matches


def test_every_finding_is_one_line_with_its_place(cli, articles, tmp_path):
    document = cli.report(*articles)
    expected = sorted((a["path"], f["rule"], f["severity"]) for a in document["articles"] for f in a["findings"])
    lines = finding_lines(run_format(cli, "text", *articles).stdout)
    assert sorted((m["path"], m["rule"], m["severity"]) for m in lines) == expected
    for match in lines:
        if match["evidence"] and match["path"] != "desk/missing.txt":
            text = (tmp_path / match["path"]).read_text(encoding="utf-8").splitlines()[int(match["line"]) - 1]
            assert text[int(match["col"]) - 1:].startswith(match["evidence"])


def test_lines_are_grouped_per_article_in_input_order_and_by_place_inside(cli, articles):
    *groups, summary = [chunk.splitlines() for chunk in run_format(cli, "text", *articles).stdout.split("\n\n")]
    assert len(summary) == 1 and SUMMARY.fullmatch(summary[0])
    paths = [{LINE.fullmatch(line)["path"] for line in group} for group in groups]
    assert paths == [{"desk/state.txt"}, {"desk/second.md"}, {"desk/missing.txt"}]
    for group in groups:
        places = [(int(m["line"]), int(m["col"])) for m in map(LINE.fullmatch, group)]
        assert places == sorted(places)


def test_the_summary_line_counts_what_the_json_counts(cli, articles):
    summary = cli.report(*articles)["summary"]
    last = run_format(cli, "text", *articles).stdout.splitlines()[-1]
    sev = summary["by_severity"]
    assert last == (f"{summary['articles']} article(s), {summary['findings']} finding(s): "
                    f"{sev['error']} error, {sev['warning']} warning, {sev['info']} info")


def test_a_clean_run_prints_only_the_summary(cli, write, tmp_path, monkeypatch):
    write_state_and_clean(write, monkeypatch, tmp_path)
    assert run_format(cli, "text", "desk/clean.txt").stdout == "1 article(s), 0 finding(s): 0 error, 0 warning, 0 info\n"


def test_hostile_caption_text_cannot_reach_the_terminal(tmp_path):
    output = render_text(hostile_report(tmp_path))
    lines = output.splitlines()
    assert len(lines) == 4 and lines[2] == "" and SUMMARY.fullmatch(lines[3])
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]", output)
    assert "\\x1b[31mred\\x1b[0m \\u202eevil\\u202c\\x0c\\x00\\n::error" in lines[0]
    column = len('  "description_text": "') + 1
    assert lines[0].startswith(f"{hostile_report(tmp_path).results[0].article.path}:3:{column}: error ")



def test_the_text_format_agrees_with_sarif_on_places(cli, articles):
    results = json.loads(run_format(cli, "sarif", *articles).stdout)["runs"][0]["results"]
    sarif_places = sorted((r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"],
                           r["locations"][0]["physicalLocation"]["region"]["startLine"],
                           r["locations"][0]["physicalLocation"]["region"]["startColumn"]) for r in results)
    text_places = sorted((m["path"], m["rule"], int(m["line"]), int(m["col"]))
                         for m in finding_lines(run_format(cli, "text", *articles).stdout))
    assert text_places == sarif_places
