"""Write the chosen report formats into the output folder."""

from __future__ import annotations

from pathlib import Path

from ..api import CheckReport
from .html_report import render_article, render_index
from .json_report import render_json
from .output import safe_page_name, write_atomic


def write_reports(report: CheckReport, out: Path, formats: list[str]) -> list[Path]:
    """Render everything first, then write each file atomically; returns the files written."""
    rendered: dict[Path, str] = {}
    if "json" in formats:
        rendered[out / "report.json"] = render_json(report)
    if "html" in formats:
        taken: set[str] = {"index.html", "report.json"}
        pages = [safe_page_name(r.article.path, r.article.id, taken) for r in report.results]
        for result, page in zip(report.results, pages):
            rendered[out / page] = render_article(result, report.ruleset)
        rendered[out / "index.html"] = render_index(report, pages)
    for path, content in rendered.items():
        write_atomic(path, content)
    return [p for p in rendered if p.name in ("index.html", "report.json")]
