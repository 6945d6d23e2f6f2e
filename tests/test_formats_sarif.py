"""`--format sarif`: a SARIF 2.1.0 log that code scanning accepts, pointing at the evidence in the file.

The log is validated against the official SARIF 2.1.0 JSON schema in tests/schemas/ (OASIS,
errata 01; see tests/schemas/README.md for where the copy comes from).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

import imagefactory as make
from formats_support import hostile_report, run_format, write_ninjs, write_state_and_clean
from provenance.api import default_rules
from provenance.model import Article, Evidence
from provenance.reports.locations import FALLBACK, SourceTexts
from provenance.reports.sarif import FINGERPRINT_KEY, artifact_uri, render_sarif, rule_name

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def sarif(cli, *paths) -> dict:
    return json.loads(run_format(cli, "sarif", *paths).stdout)


def assert_valid_sarif(log: dict) -> None:
    errors = list(Draft4Validator(SCHEMA).iter_errors(log))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def region(result: dict) -> dict:
    return result["locations"][0]["physicalLocation"]["region"]


def text_at(path: Path, place: dict) -> str:
    """The file's text from the region's start line and column on (columns count code points)."""
    line = path.read_text(encoding="utf-8").splitlines()[place["startLine"] - 1]
    return line[place["startColumn"] - 1:]


@pytest.fixture
def articles(write, monkeypatch, tmp_path) -> list[str]:
    return write_state_and_clean(write, monkeypatch, tmp_path)


def test_the_log_validates_against_the_sarif_2_1_0_schema(cli, articles, write):
    write("desk/binary.txt", b"caption\x00\x01")
    log = sarif(cli, *articles, "desk/binary.txt", "desk/missing.md")
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    assert_valid_sarif(log)


def test_a_hostile_caption_still_makes_a_valid_log(tmp_path):
    log = json.loads(render_sarif(hostile_report(tmp_path)))
    assert_valid_sarif(log)
    assert log["runs"][0]["results"][0]["properties"]["evidence"][0]["text"].startswith('Troops, 100% "ready"')


def test_the_driver_describes_every_rule(cli, articles):
    driver = sarif(cli, *articles)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "provenance" and driver["version"]
    by_id = {rule["id"]: rule for rule in driver["rules"]}
    assert set(by_id) >= {rule.id for rule in default_rules().rules}
    for rule in default_rules().rules:
        described = by_id[rule.id]
        assert described["name"] == rule_name(rule.id)
        assert described["shortDescription"]["text"] == rule.title
        assert described["fullDescription"]["text"] == rule.rationale
        assert rule.rationale in described["help"]["text"]
        assert described["helpUri"] == f"rules/{rule.id}.html"
        assert described["defaultConfiguration"]["level"] == LEVELS[rule.severity.value]
        assert rule.category in described["properties"]["tags"]


def test_rule_names_are_identifiers():
    assert rule_name("captions.state_supplied_credit") == "CaptionsStateSuppliedCredit"
    assert rule_name("input.unreadable") == "InputUnreadable"


def test_each_finding_is_one_result_with_its_rule_and_level(cli, articles):
    expected = [(f["rule"], f["severity"], f["message"]) for a in cli.report(*articles)["articles"] for f in a["findings"]]
    run = sarif(cli, *articles)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert expected
    assert [(r["ruleId"], r["level"], r["message"]["text"]) for r in run["results"]] == \
           [(rule, LEVELS[severity], message) for rule, severity, message in expected]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])


def test_an_unreadable_input_is_a_result_of_a_rule_the_driver_lists(cli, write, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = sarif(cli, "gone.txt")["runs"][0]
    [result] = run["results"]
    assert result["ruleId"] == "input.unreadable" and result["level"] == "error"
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "input.unreadable"
    assert region(result) == {"startLine": 1, "startColumn": 1}


def test_regions_point_at_the_evidence_in_the_article_file(cli, articles, tmp_path):
    findings = [f for a in cli.report(*articles)["articles"] for f in a["findings"]]
    results = sarif(cli, *articles)["runs"][0]["results"]
    assert results
    for finding, result in zip(findings, results):
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "desk/state.txt"
        assert region(result)["startLine"] == 5
        assert text_at(tmp_path / "desk/state.txt", region(result)).startswith(finding["evidence"][0]["text"])


def test_regions_are_found_in_json_where_the_text_is_escaped(cli, write, tmp_path, monkeypatch):
    path = write_ninjs(write)
    monkeypatch.chdir(tmp_path)
    results = sarif(cli, "desk/item.json")["runs"][0]["results"]
    evidence = results[0]["properties"]["evidence"][0]["text"]
    assert results and "\\u00e9" in path.read_text(encoding="utf-8")
    assert text_at(path, region(results[0])).startswith(evidence)


def test_columns_count_from_the_line_start_after_crlf_line_ends(cli, write, tmp_path, monkeypatch):
    write("desk/crlf.txt", "Headline\r\n\r\nBody text here.\r\n\r\nA worker in a field. (KCNA via AP)\r\n".encode())
    monkeypatch.chdir(tmp_path)
    [result, *_] = sarif(cli, "desk/crlf.txt")["runs"][0]["results"]
    place = region(result)
    line = (tmp_path / "desk/crlf.txt").read_bytes().decode().split("\r\n")[place["startLine"] - 1]
    assert place["startLine"] == 5
    assert line[place["startColumn"] - 1:].startswith(result["properties"]["evidence"][0]["text"])


def test_a_picture_has_no_text_to_point_into_so_line_1(cli, tmp_path, monkeypatch):
    make.write(tmp_path, "parade.jpg", make.iptc_jpeg(caption="Soldiers march. (KCNA via KNS)", credit="KCNA via KNS"))
    monkeypatch.chdir(tmp_path)
    results = sarif(cli, "parade.jpg")["runs"][0]["results"]
    assert results and all(region(r) == {"startLine": 1, "startColumn": 1} for r in results)
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results} == {"parade.jpg"}


@pytest.mark.parametrize("given, uri", [
    ("desk/state.txt", "desk/state.txt"),
    ("desk/a story #1.txt", "desk/a%20story%20%231.txt"),
    ("notes:2025.txt", "notes%3A2025.txt"),
    ("desk\\win.txt", "desk/win.txt"),
    ("/srv/news/état.md", "file:///srv/news/%C3%A9tat.md"),
    ("C:\\news\\x y.md", "file:///C:/news/x%20y.md"),
])
def test_artifact_uris_keep_the_path_as_given_escaped(given, uri):
    assert artifact_uri(given) == uri


def test_fingerprints_are_stable_across_runs_and_line_moves(cli, write, articles, tmp_path):
    first = sarif(cli, *articles)["runs"][0]["results"]
    second = sarif(cli, *articles)["runs"][0]["results"]
    prints = [r["partialFingerprints"][FINGERPRINT_KEY] for r in first]
    assert prints == [r["partialFingerprints"][FINGERPRINT_KEY] for r in second]
    assert len(set(prints)) == len(prints), "different findings need different fingerprints"
    moved = (tmp_path / "desk/state.txt").read_text(encoding="utf-8").replace("\n\n", "\n\nAn extra line.\n\n", 1)
    write("desk/state.txt", moved)
    third = sarif(cli, *articles)["runs"][0]["results"]
    assert [region(r)["startLine"] for r in third] != [region(r)["startLine"] for r in first]
    assert [r["partialFingerprints"][FINGERPRINT_KEY] for r in third] == prints


def test_fingerprints_change_with_the_evidence_not_with_other_text(cli, write, articles, tmp_path):
    def fingerprints() -> dict[str, str]:
        return {r["ruleId"]: r["partialFingerprints"][FINGERPRINT_KEY] for r in sarif(cli, *articles)["runs"][0]["results"]}

    before = fingerprints()
    caption = (tmp_path / "desk/state.txt").read_text(encoding="utf-8")
    write("desk/state.txt", caption.replace("photo released by", "photo provided by").replace("march", "parade"))
    after = fingerprints()
    assert before["captions.supplied_picture"] != after["captions.supplied_picture"]
    assert before["captions.handout_credit"] == after["captions.handout_credit"]


def test_a_caption_wrapped_over_lines_is_found_where_its_words_are(cli, write, tmp_path, monkeypatch):
    write("desk/wrapped.md", "# Parade\n\nTroops marched on Saturday.\n\n![Parade](p.jpg)\n"
                             "*In this photo released by the Korean Central News Agency, soldiers\n"
                             "march in Pyongyang, North Korea. (KCNA via AP)*\n")
    monkeypatch.chdir(tmp_path)
    results = sarif(cli, "desk/wrapped.md")["runs"][0]["results"]
    credit = next(r for r in results if r["properties"]["evidence"][0]["text"] == "(KCNA via AP)")
    assert region(credit)["startLine"] == 7
    assert text_at(tmp_path / "desk/wrapped.md", region(credit)).startswith("(KCNA via AP)")


def test_looking_up_text_in_a_hostile_file_takes_linear_time(tmp_path):
    """Repeated words that almost match: a word-by-word regular expression would backtrack for minutes."""
    path = tmp_path / "repeated.txt"
    path.write_text("a  " * 300_000 + "\nthe end\n", encoding="utf-8")
    body = " ".join(["a"] * 3000 + ["b"])
    article = Article(path=str(path), id="repeated", body=body)
    started = time.process_time()
    position = SourceTexts().locate(article, Evidence(field="body", start=0, end=1, text="a"))
    assert time.process_time() - started < 3
    assert (position.line, position.column, position.found) == (1, 1, True)  # the evidence itself, found anywhere
    missing = SourceTexts().locate(article, Evidence(field="body", start=len(body) - 1, end=len(body), text="b"))
    assert missing == FALLBACK
