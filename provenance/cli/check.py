"""`provenance check`: articles and pictures in, reports out, an exit code to gate on."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..reports.writer import FORMATS, STDOUT_FORMATS
from . import app
from .common import FailOn, RulesOption, TrustOption, _fail, _load_ruleset, _read_options

#: Exactly the report formats the writer's registry knows.
OutputFormat = Enum("OutputFormat", {name: name for name in FORMATS}, type=str)
_FILES = ", ".join(f"{name} ({f.file_name})" for name, f in FORMATS.items())


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Article files or folders (searched recursively); - reads one article from stdin.")],
    out: Annotated[str, typer.Option("--out", "-o", help="Output folder, or '-' for stdout (one machine format).")] = "reports",
    formats: Annotated[Optional[list[OutputFormat]], typer.Option("--format", "-f", help=f"Report format, repeatable: {_FILES}.")] = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 when a finding at or above this severity exists.")] = FailOn.error,
    rules: RulesOption = None,
    trust_anchors: TrustOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
) -> None:
    """Check articles and pictures and write reports. Exit 1 when findings reach --fail-on."""
    from ..api import Checker
    from ..ingest import InputLimits
    from ..reports.options import ReportOptions
    from ..reports.writer import render_stdout, write_reports

    chosen = [f.value for f in dict.fromkeys(formats or [OutputFormat.html])]
    if out == "-" and (len(chosen) != 1 or chosen[0] not in STDOUT_FORMATS):
        raise _fail(f"--out - prints exactly one machine format: use it with one of "
                    f"{', '.join(f'--format {name}' for name in STDOUT_FORMATS)}")
    limits = InputLimits(pictures=_read_options(trust_anchors))
    stdin = sys.stdin.buffer.read(limits.max_bytes + 1) if "-" in paths else None
    report = Checker(_load_ruleset(rules), limits=limits).check_paths(paths, stdin=stdin)
    options = ReportOptions(fail_on=fail_on.threshold())
    if out == "-":
        sys.stdout.write(render_stdout(report, chosen[0], options))
    else:
        try:
            written = write_reports(report, Path(out), chosen, options)
        except OSError as err:
            raise _fail(f"cannot write reports to {out}: {err.strerror or err}") from None
        if not quiet:
            _print_summary(report, written)
    raise typer.Exit(code=1 if report.fails(fail_on.threshold()) else 0)


def _print_summary(report, written: list[Path]) -> None:
    summary = report.summary()
    sev = summary["by_severity"]
    typer.echo(f"{summary['articles']} article(s), {summary['findings']} finding(s): "
               f"{sev['error']} error, {sev['warning']} warning, {sev['info']} info", err=True)
    for result in report.results:
        if result.article.format == "unreadable":
            typer.echo(f"  unreadable: {result.findings[0].message}", err=True)
    for path in written:
        typer.echo(f"  wrote {path}", err=True)
