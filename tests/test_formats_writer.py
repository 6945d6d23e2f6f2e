"""Several formats at once: one registry names them, `--out DIR` writes each to its own file,
`--out -` prints exactly one machine format and nothing else, and a failed run replaces nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from formats_support import write_state_and_clean
from provenance.api import Checker
from provenance.cli.check import OutputFormat
from provenance.reports.writer import FORMATS, STDOUT_FORMATS, ReportFormat, write_reports

MACHINE_FILES = {"json": "report.json", "sarif": "report.sarif", "junit": "junit.xml",
                 "github": "annotations.txt", "text": "report.txt"}


@pytest.fixture
def articles(write, monkeypatch, tmp_path) -> list[str]:
    return write_state_and_clean(write, monkeypatch, tmp_path)


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_the_cli_offers_exactly_the_registry_formats(cli):
    assert [f.value for f in OutputFormat] == list(FORMATS)
    assert STDOUT_FORMATS == list(MACHINE_FILES)
    assert {name: f.file_name for name, f in FORMATS.items()} == {"html": "index.html", **MACHINE_FILES}
    help_text = " ".join(cli.run("check", "--help").stdout.split())
    assert all(f"{name} ({f.file_name})" in help_text for name, f in FORMATS.items())


def test_every_machine_format_at_once_writes_one_file_each(cli, articles, tmp_path):
    out = tmp_path / "out"
    args = [a for name in MACHINE_FILES for a in ("--format", name)]
    result = cli.run("check", *articles, *args, "--out", out)
    assert result.exit_code == 0, result.stderr
    assert files_under(out) == set(MACHINE_FILES.values())
    assert all(f"wrote {out / name}" in result.stderr for name in MACHINE_FILES.values())
    assert result.stdout == ""


def test_html_with_machine_formats_keeps_every_file_apart(cli, articles, tmp_path):
    out = tmp_path / "out"
    result = cli.run("check", *articles, "--format", "html", "--format", "sarif", "--format", "text", "--out", out)
    assert result.exit_code == 0, result.stderr
    written = files_under(out)
    assert {"index.html", "report.sarif", "report.txt"} <= written
    assert len([name for name in written if "/" not in name and name.endswith(".html")]) == 1 + len(articles)


@pytest.mark.parametrize("name", list(MACHINE_FILES))
def test_stdout_prints_exactly_the_file_the_folder_gets(cli, articles, tmp_path, name):
    out = tmp_path / "out"
    cli.run("check", *articles, "--format", name, "--out", out)
    printed = cli.run("check", *articles, "--format", name, "--out", "-")
    assert printed.exit_code == 0, printed.stderr
    assert printed.stdout == (out / MACHINE_FILES[name]).read_text(encoding="utf-8")
    assert not (tmp_path / "reports").exists(), "--out - must not also write a reports folder"


@pytest.mark.parametrize("formats", [["json", "sarif"], ["html"], ["text", "html"]])
def test_stdout_refuses_anything_but_one_machine_format(cli, articles, formats):
    result = cli.run("check", *articles, *[a for f in formats for a in ("--format", f)], "--out", "-")
    assert result.exit_code == 2 and result.stdout == ""
    assert all(f"--format {name}" in result.stderr for name in STDOUT_FORMATS)


def test_the_same_format_twice_is_one_format(cli, articles):
    result = cli.run("check", *articles, "--format", "junit", "--format", "junit", "--out", "-")
    assert result.exit_code == 0 and result.stdout.startswith("<?xml")


def test_a_failing_renderer_leaves_the_previous_reports_whole(articles, tmp_path, monkeypatch):
    out = tmp_path / "out"
    report = Checker().check_paths(articles)
    write_reports(report, out, ["json", "text"])
    before = {name: (out / name).read_bytes() for name in files_under(out)}

    def broken(report, options):
        raise RuntimeError("renderer failed")

    monkeypatch.setitem(FORMATS, "junit", ReportFormat("junit", "junit.xml", broken, stdout=True))
    (tmp_path / "desk/state.txt").write_text("A clean caption now. (AP Photo/Jo Doe)\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        write_reports(Checker().check_paths(articles), out, ["json", "text", "junit"])
    assert {name: (out / name).read_bytes() for name in files_under(out)} == before
