"""What the commands share: exit-2 errors, --fail-on, --rules and --trust-anchors."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..model import Severity
from ..resources import DataError


def _fail(message: str) -> "typer.Exit":
    """Print one line naming the problem and return the exit-2 exception to raise."""
    typer.echo(f"provenance: {message}", err=True)
    return typer.Exit(code=2)


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"

    def threshold(self) -> Severity | None:
        return None if self is FailOn.never else Severity(self.value)


def _fail(message: str) -> "typer.Exit":
    typer.echo(f"provenance: {message}", err=True)
    return typer.Exit(code=2)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"provenance {__version__}")
        raise typer.Exit()


RulesOption = Annotated[Optional[list[Path]], typer.Option(
    "--rules", help="Extra rule folder (rules, sources/, lexicons/); repeatable.")]
TrustOption = Annotated[Optional[Path], typer.Option(
    "--trust-anchors", help="PEM bundle of C2PA trust anchors; without it no signer counts as trusted.")]


def _read_options(trust_anchors: Path | None):
    """Picture-reading options; a bad trust-anchor bundle is a setup error (exit 2)."""
    from ..metadata import ReadOptions

    options = ReadOptions(trust_anchors=trust_anchors)
    try:
        options.trust_anchor_pem()
    except ValueError as err:
        raise _fail(str(err)) from None
    return options


def _load_ruleset(extra: list[Path] | None):
    from ..api import default_rules
    from ..rules.ruleset import load_rules

    try:
        return load_rules(extra) if extra else default_rules()
    except DataError as err:
        raise _fail(str(err)) from None
