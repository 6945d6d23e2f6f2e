"""`--format json --out -` is a machine contract: one JSON document on stdout, fields that keep their meaning."""

from __future__ import annotations

import json
import re

import pytest

from provenance import __version__
from provenance.model import CATEGORIES

STATE_CAPTION = (
    "In this photo released by the Korean Central News Agency, soldiers march in Pyongyang, North Korea, "
    "on Saturday. (KCNA via AP)\n"
)
CLEAN_ARTICLE = (
    "Farmers bring in the grape harvest early\n\n"
    "Growers across the region started picking a week earlier than usual after a hot summer.\n\n"
    "A worker carries a crate of grapes in a vineyard near Bordeaux, France, Tuesday. (AP Photo/Claire Dumas)\n"
)


@pytest.fixture
def two_articles(write, monkeypatch, tmp_path):
    """A state-supplied caption and a clean article, given to the CLI as relative paths."""
    write("desk/state.txt", STATE_CAPTION)
    write("desk/clean.txt", CLEAN_ARTICLE)
    monkeypatch.chdir(tmp_path)
    return ["desk/state.txt", "desk/clean.txt"]


def run_json(cli, *args):
    return cli.run("check", *args, "--format", "json", "--out", "-")


def test_stdout_is_exactly_one_json_document(cli, two_articles):
    result = run_json(cli, *two_articles)
    document, end = json.JSONDecoder().raw_decode(result.stdout)
    assert result.stdout[end:].strip() == ""
    assert isinstance(document, dict)


def test_progress_and_summaries_stay_off_stdout(cli, two_articles, tmp_path):
    result = run_json(cli, *two_articles)
    assert result.stdout.lstrip().startswith("{")
    assert "wrote" not in result.stdout and "article(s)" not in result.stdout
    assert not (tmp_path / "reports").exists(), "--out - must not also write a reports folder"


def test_schema_version_and_tool(cli, two_articles):
    document = cli.report(*two_articles)
    assert re.fullmatch(r"\d+\.\d+", document["schema_version"])
    assert document["tool"] == {"name": "provenance", "version": __version__}


def test_articles_keep_the_paths_as_given_in_input_order(cli, two_articles):
    articles = cli.report(*two_articles)["articles"]
    assert [a["path"] for a in articles] == two_articles
    assert [a["id"] for a in articles] == ["state", "clean"]
    assert all(re.fullmatch(r"[a-z]{2}", a["language"]) for a in articles)
    assert all(isinstance(a["figures"], list) and len(a["figures"]) == 1 for a in articles)


def test_every_finding_has_the_documented_shape(cli, two_articles):
    articles = cli.report(*two_articles)["articles"]
    findings = [f for a in articles for f in a["findings"]]
    assert findings
    for finding in findings:
        assert {"rule", "category", "severity", "message", "evidence", "source"} <= set(finding)
        assert isinstance(finding["rule"], str) and finding["rule"]
        assert finding["category"] in CATEGORIES
        assert finding["severity"] in ("error", "warning", "info")
        assert isinstance(finding["message"], str) and finding["message"]
        for evidence in finding["evidence"]:
            assert {"field", "start", "end", "text"} <= set(evidence)
            assert isinstance(evidence["start"], int) and isinstance(evidence["end"], int)
            assert 0 <= evidence["start"] <= evidence["end"]
            assert isinstance(evidence["text"], str)
        source = finding["source"]
        assert source is None or set(source) == {"id", "name", "country", "kind"}


def test_a_state_finding_names_its_source_and_others_have_none(cli, two_articles):
    state_article, clean_article = cli.report(*two_articles)["articles"]
    state = [f for f in state_article["findings"] if f["category"] == "state_supplied"]
    assert state and state[0]["source"] == {"id": "kcna", "name": "Korean Central News Agency",
                                            "country": "KP", "kind": "state_news_agency"}
    assert clean_article["findings"] == []


def test_summary_counts_what_the_articles_hold(cli, two_articles):
    document = cli.report(*two_articles)
    summary, articles = document["summary"], document["articles"]
    findings = [f for a in articles for f in a["findings"]]
    assert summary["articles"] == len(articles) == 2
    assert summary["figures"] == sum(len(a["figures"]) for a in articles)
    assert summary["findings"] == len(findings)
    assert summary["by_severity"] == {s: sum(f["severity"] == s for f in findings) for s in ("info", "warning", "error")}
    assert sum(summary["by_category"].values()) == len(findings)


def test_json_to_stdout_refuses_html(cli, two_articles):
    result = cli.run("check", *two_articles, "--format", "html", "--out", "-")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--format json" in result.stderr


def test_json_report_file_matches_stdout(cli, two_articles, tmp_path):
    out = tmp_path / "out"
    cli.run("check", *two_articles, "--format", "json", "--out", out)
    written = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert written == cli.report(*two_articles)
