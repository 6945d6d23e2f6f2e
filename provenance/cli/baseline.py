"""`provenance baseline create`: record today's findings so `check --baseline` reports only new ones.

Also what `check` and `baseline create` share, so both check the same way: the settings file
(`--config`, or the nearest one found), the rule packs and the Checker built from them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from . import app
from .common import RulesOption, TrustOption, _fail, _read_options

if TYPE_CHECKING:
    from ..api import Checker
    from ..baseline import Baseline
    from ..config import Config

baseline_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                           help="Record known findings so `check --baseline` reports only new ones.")
app.add_typer(baseline_app, name="baseline")

ConfigOption = Annotated[Optional[Path], typer.Option(
    "--config", help="Settings file (provenance.toml, or pyproject.toml with [tool.provenance]); "
                     "default: the nearest one from here up to the repository root.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")]


def load_settings(path: Path | None) -> Config:
    """The settings file given, or the nearest one; a bad file or key exits 2 naming both."""
    from ..config import ConfigError, discover_config, load_config

    try:
        return load_config(path) if path else discover_config()
    except ConfigError as err:
        raise _fail(str(err)) from None


def build_checker(settings: Config, rules: list[Path] | None, trust_anchors: Path | None) -> Checker:
    """Rule packs (--rules replaces rules.extra), settings and picture options in one Checker."""
    from ..ingest import InputLimits
    from ..resources import DataError

    limits = InputLimits(pictures=_read_options(trust_anchors))
    try:
        return settings.checker(rules, limits=limits)
    except DataError as err:
        raise _fail(str(err)) from None


def load_baseline(path: Path | None) -> Baseline | None:
    from ..baseline import Baseline, BaselineError

    if path is None:
        return None
    try:
        return Baseline.load(path)
    except BaselineError as err:
        raise _fail(str(err)) from None


@baseline_app.command("create")
def create(
    paths: Annotated[list[str], typer.Argument(help="Article files or folders to record (searched recursively).")],
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="Baseline file to write; default: check.baseline of the settings, "
                               "else provenance-baseline.json.")] = None,
    rules: RulesOption = None,
    trust_anchors: TrustOption = None,
    config: ConfigOption = None,
    quiet: QuietOption = False,
) -> None:
    """Record the current findings (after the settings' rule choices and allowlist) in a baseline file."""
    from ..baseline import DEFAULT_BASELINE, Baseline
    from ..reports.output import write_atomic
    from ..terminal import Terminal

    if "-" in paths:
        raise _fail("baseline create records files: '-' (standard input) has no path to record")
    settings = load_settings(config)
    target = output or settings.baseline or Path(DEFAULT_BASELINE)
    checker = build_checker(settings, rules, trust_anchors)
    terminal = Terminal(quiet=quiet)
    with terminal.progress() as progress:
        report = checker.check_paths(paths, progress=progress.update)
    baseline = Baseline.from_report(report, target)
    try:
        write_atomic(target, baseline.dumps())
    except OSError as err:
        raise _fail(f"cannot write the baseline {target}: {err.strerror or err}") from None
    terminal.summary(report)
    terminal.echo(f"recorded {len(baseline)} finding(s) in {target}")
