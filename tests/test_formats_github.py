"""`--format github`: GitHub Actions workflow commands, one annotation per finding, escaped the way the
runner unescapes them, so no caption text can break out of its command or issue one of its own."""

from __future__ import annotations

import json
import re

import pytest

from formats_support import HOSTILE_CAPTION, HOSTILE_MESSAGE, hostile_report, run_format, write_state_and_clean
from provenance.reports.github import escape_data, escape_property, render_github

COMMAND = re.compile(r"::(error|warning|notice) file=([^,:]*),line=(\d+),col=(\d+),title=([^,:]*)::(.*)")
COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def unescape(text: str) -> str:
    """What the runner does to a property or message (actions/toolkit's escaping, reversed)."""
    for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, char)
    return text


def annotations(text: str) -> list[tuple[str, ...]]:
    lines = text.splitlines()
    parsed = [COMMAND.fullmatch(line) for line in lines]
    assert all(parsed), [line for line, match in zip(lines, parsed) if not match]
    return [match.groups() for match in parsed]


@pytest.fixture
def articles(write, monkeypatch, tmp_path) -> list[str]:
    return write_state_and_clean(write, monkeypatch, tmp_path)


def test_one_annotation_per_finding_with_its_level_rule_and_message(cli, articles):
    findings = [f for a in cli.report(*articles)["articles"] for f in a["findings"]]
    parsed = annotations(run_format(cli, "github", *articles).stdout)
    assert findings and len(parsed) == len(findings)
    for finding, (command, file, _, _, title, message) in zip(findings, parsed):
        assert (command, file, title) == (COMMANDS[finding["severity"]], "desk/state.txt", finding["rule"])
        assert unescape(message).startswith(finding["message"])
        assert finding["evidence"][0]["text"] in unescape(message)


def test_line_and_column_are_the_ones_sarif_gives(cli, articles):
    sarif = json.loads(run_format(cli, "sarif", *articles).stdout)["runs"][0]["results"]
    places = [(int(line), int(col)) for _, _, line, col, _, _ in annotations(run_format(cli, "github", *articles).stdout)]
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in sarif]
    assert places == [(r["startLine"], r["startColumn"]) for r in regions]


def test_the_runners_escaping():
    assert escape_data("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext: a,b"
    assert escape_property("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext%3A a%2Cb"
    assert unescape(escape_property("%0A literally, and 50%")) == "%0A literally, and 50%"


def test_a_hostile_caption_stays_inside_its_one_command(tmp_path):
    output = render_github(hostile_report(tmp_path))
    parsed = annotations(output)
    assert [p[0] for p in parsed] == ["error", "notice"]
    message = unescape(parsed[0][5])
    assert message.startswith(HOSTILE_MESSAGE)
    assert "::error file=x.py,line=1::pwned" in message and "::set-output name=a::b" in message
    assert "\x1b" not in output and "\u202e" not in output and "\x00" not in output
    assert "\\x1b[31mred" in message and "\\u202eevil" in message
    assert HOSTILE_CAPTION.split("\n")[0][:20] in message


def test_a_hostile_file_name_is_escaped_in_the_file_property(cli, write, tmp_path, monkeypatch):
    name = "desk/a,b:c 100%.txt"
    write(name, "In this photo released by the Korean Central News Agency, soldiers march. (KCNA via AP)\n")
    monkeypatch.chdir(tmp_path)
    parsed = annotations(run_format(cli, "github", name).stdout)
    assert parsed and {unescape(p[1]) for p in parsed} == {name}
    assert all(p[1] == "desk/a%2Cb%3Ac 100%25.txt" for p in parsed)
