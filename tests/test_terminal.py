"""The terminal: a summary table on stderr, colour only on a TTY without NO_COLOR, a progress bar
for long runs on a TTY, nothing but errors under --quiet, and stdout left to `--out -`."""

from __future__ import annotations

import io
import json

import pytest

from provenance.api import CheckReport, default_rules
from provenance.model import Article, ArticleResult, Finding, Severity
from provenance.terminal import Terminal

STATE = "In this photo released by the Korean Central News Agency, soldiers march in Pyongyang. (KCNA via AP)\n"


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def story(write):
    return write("state.txt", STATE)


# -- through the command ------------------------------------------------------------------

def test_the_summary_table_goes_to_stderr_without_colour_off_a_tty(cli, story, tmp_path):
    result = cli.run("check", story, "--out", tmp_path / "out", "--fail-on", "never")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert lines[0].split() == ["category", "error", "warning", "info"]
    assert any(line.split()[0] == "state_supplied" for line in lines)
    assert any(line.split()[0] == "total" for line in lines)
    assert any(line.startswith("1 article, 1 figure: ") for line in lines)
    assert "\x1b[" not in result.stderr and result.stdout == ""


def test_out_dash_keeps_stdout_one_document_and_the_summary_on_stderr(cli, story):
    result = cli.run("check", story, "--format", "json", "--out", "-")
    assert json.loads(result.stdout)["summary"]["findings"] > 0
    assert result.stderr.splitlines()[-1].startswith("1 article, 1 figure: ")
    assert "1 article, 1 figure" not in result.stdout


def test_quiet_prints_nothing_and_keeps_the_exit_code(cli, story, tmp_path):
    result = cli.run("check", story, "--out", tmp_path / "out", "--fail-on", "warning", "--quiet")
    assert result.exit_code == 1
    assert result.stderr == "" and result.stdout == ""
    assert (tmp_path / "out" / "index.html").is_file()


def test_quiet_still_prints_errors(cli, story, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[rules]\nnope = 1\n", encoding="utf-8")
    result = cli.run("check", story, "--quiet", "--config", bad)
    assert result.exit_code == 2 and "rules.nope: unknown key" in result.stderr


# -- colour -----------------------------------------------------------------------------------

@pytest.mark.parametrize("stream, environ, colour", [
    (FakeTty(), {}, True),
    (FakeTty(), {"NO_COLOR": "1"}, False),
    (FakeTty(), {"NO_COLOR": ""}, True),  # no-color.org: only a non-empty value counts
    (FakeTty(), {"TERM": "dumb"}, False),
    (io.StringIO(), {}, False),
], ids=["tty", "no-color", "empty-no-color", "dumb-terminal", "not-a-tty"])
def test_colour_only_on_a_tty_without_no_color(stream, environ, colour):
    terminal = Terminal(stream, environ=environ)
    assert terminal.colour is colour
    assert ("\x1b[31m" in terminal.paint("error", "error")) is colour


def report(*severities: Severity, category: str = "handout") -> CheckReport:
    findings = [Finding(rule="r", category=category, severity=s, message="m", figure=0) for s in severities]
    article = Article(path="a.txt", id="a")
    return CheckReport(results=[ArticleResult(article=article, findings=findings)], ruleset=default_rules())


def test_the_table_counts_by_category_and_severity():
    terminal = Terminal(io.StringIO())
    run = report(Severity.ERROR, Severity.WARNING, Severity.WARNING)
    run.results[0].findings.append(Finding(rule="s", category="state_supplied", severity=Severity.INFO, message="m"))
    rows = {line.split()[0]: line.split()[1:] for line in terminal.table(run.findings())}
    assert rows["handout"] == ["1", "2", "-"]
    assert rows["state_supplied"] == ["-", "-", "1"]
    assert rows["total"] == ["1", "2", "1"]


def test_the_totals_name_suppressed_and_allowlisted_findings():
    run = report(Severity.WARNING)
    run.suppressed, run.allowlisted = 3, 2
    line = Terminal(io.StringIO()).totals(run)
    assert "1 finding (0 errors, 1 warning, 0 info)" in line
    assert "3 suppressed by the baseline" in line and "2 silenced by the credit allowlist" in line


def test_a_coloured_summary_on_a_tty():
    stream = FakeTty()
    Terminal(stream, environ={}).summary(report(Severity.ERROR))
    assert "\x1b[31m" in stream.getvalue()


# -- the progress bar ----------------------------------------------------------------------------

def test_the_progress_bar_waits_draws_and_wipes_itself():
    stream, clock = FakeTty(), Clock()
    with Terminal(stream, environ={}, clock=clock).progress(delay=2.0) as progress:
        progress.update(1, 10)
        assert stream.getvalue() == "", "short runs show no bar"
        clock.now += 3
        progress.update(5, 10)
        assert stream.getvalue().endswith("5/10 inputs") and "[" + "#" * 15 in stream.getvalue()
    assert stream.getvalue().endswith("\r") and stream.getvalue().rstrip("\r").split("\r")[-1].strip() == ""


@pytest.mark.parametrize("stream, quiet", [(io.StringIO(), False), (FakeTty(), True)], ids=["not-a-tty", "quiet"])
def test_no_progress_bar_off_a_tty_or_when_quiet(stream, quiet):
    clock = Clock()
    with Terminal(stream, quiet=quiet, environ={}, clock=clock).progress(delay=0) as progress:
        clock.now += 10
        progress.update(5, 10)
    assert stream.getvalue() == ""
