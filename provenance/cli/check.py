"""`provenance check`: articles and pictures in, reports out, an exit code to gate on."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..reports.writer import FORMATS, STDOUT_FORMATS
from . import app
from .baseline import ConfigOption, QuietOption, build_checker, load_baseline, load_settings
from .common import FailOn, RulesOption, TrustOption, _fail

#: Exactly the report formats the writer's registry knows.
OutputFormat = Enum("OutputFormat", {name: name for name in FORMATS}, type=str)
_FILES = ", ".join(f"{name} ({f.file_name})" for name, f in FORMATS.items())


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Article files or folders (searched recursively); - reads one article from stdin.")],
    out: Annotated[Optional[str], typer.Option("--out", "-o", help="Output folder, or '-' for stdout (one machine format); "
                                                                  "default: check.out of the settings, else reports.")] = None,
    formats: Annotated[Optional[list[OutputFormat]], typer.Option("--format", "-f", help=f"Report format, repeatable: {_FILES}.")] = None,
    fail_on: Annotated[Optional[FailOn], typer.Option("--fail-on", help="Exit 1 when a finding at or above this severity exists; "
                                                                         "default: check.fail_on of the settings, else error.")] = None,
    rules: RulesOption = None,
    trust_anchors: TrustOption = None,
    config: ConfigOption = None,
    baseline: Annotated[Optional[Path], typer.Option("--baseline", help="Report only findings this baseline file does not "
                                                                         "hold (provenance baseline create); default: check.baseline.")] = None,
    quiet: QuietOption = False,
) -> None:
    """Check articles and pictures and write reports. Exit 1 when findings reach --fail-on."""
    from ..reports.options import ReportOptions
    from ..reports.writer import render_stdout, write_reports
    from ..terminal import Terminal

    settings = load_settings(config)
    configured = _settings_formats(settings)
    formats = formats or configured
    out = out or settings.out or "reports"
    fail_on = fail_on or FailOn(settings.fail_on or "error")
    chosen = [f.value for f in dict.fromkeys(formats or [OutputFormat.html])]
    if out == "-" and (len(chosen) != 1 or chosen[0] not in STDOUT_FORMATS):
        raise _fail(f"--out - prints exactly one machine format: use it with one of "
                    f"{', '.join(f'--format {name}' for name in STDOUT_FORMATS)}")
    checker = build_checker(settings, rules, trust_anchors)
    known = load_baseline(baseline or settings.baseline)
    terminal = Terminal(quiet=quiet)
    stdin = sys.stdin.buffer.read(checker.limits.max_bytes + 1) if "-" in paths else None
    with terminal.progress() as progress:
        report = checker.check_paths(paths, stdin=stdin, progress=progress.update)
    if known is not None:
        known.apply(report)
    written: list[Path] = []
    options = ReportOptions(fail_on=fail_on.threshold())
    if out == "-":
        sys.stdout.write(render_stdout(report, chosen[0], options))
    else:
        try:
            written = write_reports(report, Path(out), chosen, options)
        except OSError as err:
            raise _fail(f"cannot write reports to {out}: {err.strerror or err}") from None
    terminal.summary(report, written, baseline=baseline or settings.baseline)
    raise typer.Exit(code=1 if report.fails(fail_on.threshold()) else 0)


def _settings_formats(settings) -> list[OutputFormat]:
    """check.formats of the settings, each checked against the formats this version writes."""
    for index, name in enumerate(settings.formats):
        if name not in FORMATS:
            raise _fail(str(settings.error(f"check.formats[{index}]", f"unknown format {name!r} "
                                                                      f"(expected one of {', '.join(FORMATS)})")))
    return [OutputFormat(name) for name in settings.formats]
