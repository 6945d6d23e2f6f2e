"""The report formats, in one registry, and writing the chosen ones into the output folder.

Each format has a name (what `--format` takes), the file it writes in the output folder and
whether it can go to standard output on its own (`--out -`). Everything is rendered in memory
before the first file is replaced, and each file is replaced atomically, so a failed run leaves
the previous reports whole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from importlib import import_module

from .options import ReportOptions
from .output import safe_page_name, write_atomic

if TYPE_CHECKING:
    from ..api import CheckReport

#: report, options -> {file name in the output folder: content}; the format's main file is among them.
Renderer = Callable[["CheckReport", ReportOptions], dict[str, str]]


@dataclass(frozen=True)
class ReportFormat:
    name: str
    file_name: str
    render_files: Renderer
    stdout: bool  # one self-contained document that `--out -` can print

    def render(self, report: "CheckReport", options: ReportOptions = ReportOptions()) -> str:
        """The main document alone (what `--out -` prints)."""
        return self.render_files(report, options)[self.file_name]


def _one_file(file_name: str, module: str, function: str) -> Renderer:
    """A one-document format whose renderer is imported only when that format is written."""
    def render(report: "CheckReport", options: ReportOptions) -> dict[str, str]:
        return {file_name: getattr(import_module(f"{__package__}.{module}"), function)(report, options)}
    return render


def _render_json(report: "CheckReport", _options: ReportOptions) -> str:
    from .json_report import render_json

    return render_json(report)


def _html_files(report: "CheckReport", options: ReportOptions) -> dict[str, str]:
    """The index plus one page per article, page names unique and never one of the formats' files."""
    from .html_report import RULES_FOLDER, render_article, render_index
    from .ruledocs import render_rule_docs

    taken = {f.file_name for f in FORMATS.values()}
    pages = [safe_page_name(r.article.path, r.article.id, taken) for r in report.results]
    files = {page: render_article(result, report.ruleset) for result, page in zip(report.results, pages)}
    files["index.html"] = render_index(report, pages)
    # the rule pages the findings link to, in a folder no article page can take (pages end in .html)
    files.update((f"{RULES_FOLDER}/{name}", html) for name, html in render_rule_docs(report.ruleset, "../index.html").items())
    return files


def _formats(*formats: ReportFormat) -> dict[str, ReportFormat]:
    return {f.name: f for f in formats}


FORMATS: dict[str, ReportFormat] = _formats(
    ReportFormat("html", "index.html", _html_files, stdout=False),
    ReportFormat("json", "report.json", _one_file("report.json", "writer", "_render_json"), stdout=True),
    ReportFormat("sarif", "report.sarif", _one_file("report.sarif", "sarif", "render_sarif"), stdout=True),
    ReportFormat("junit", "junit.xml", _one_file("junit.xml", "junit", "render_junit"), stdout=True),
    ReportFormat("github", "annotations.txt", _one_file("annotations.txt", "github", "render_github"), stdout=True),
    ReportFormat("text", "report.txt", _one_file("report.txt", "text", "render_text"), stdout=True),
)
#: The formats `--out -` can print, in registry order.
STDOUT_FORMATS = [name for name, f in FORMATS.items() if f.stdout]


def render_stdout(report: "CheckReport", name: str, options: ReportOptions = ReportOptions()) -> str:
    """The one document `--out -` prints; ValueError for a format that is not a single document."""
    chosen = FORMATS[name]
    if not chosen.stdout:
        raise ValueError(f"the {name} format writes several files and cannot go to standard output")
    return chosen.render(report, options)


def write_reports(report: "CheckReport", out: Path, formats: Sequence[str],
                  options: ReportOptions = ReportOptions()) -> list[Path]:
    """Render every chosen format first, then write each file atomically; returns each format's main file."""
    chosen = [FORMATS[name] for name in dict.fromkeys(formats)]
    rendered: dict[Path, str] = {}
    for report_format in chosen:
        rendered.update((out / name, content) for name, content in report_format.render_files(report, options).items())
    for path, content in rendered.items():
        write_atomic(path, content)
    return [out / f.file_name for f in chosen]
