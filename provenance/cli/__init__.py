"""The `provenance` command: parse options, call the API, print or write, set the exit code.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage, config or
rule errors (one line on stderr naming the file and the fault). Each command lives in its
own module here; all of them only parse, call `provenance`'s API and print.
"""

from __future__ import annotations

import gc
from typing import Annotated, Optional

import typer

from .. import __version__

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None, pretty_exceptions_enable=False,
                  help="Check that photo captions and pictures keep their provenance.")
rules_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None, help="List, show, test and document the rule packs.")
app.add_typer(rules_app, name="rules")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"provenance {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                         help="Print the version and exit.")] = None) -> None:
    """Check that photo captions and pictures keep their provenance."""


def run() -> None:
    # Start-up allocates hundreds of thousands of long-lived objects (spaCy, the rule packs,
    # the matchers); the young-generation collector would scan them again and again. A
    # larger threshold keeps cycle collection for a long run without paying it at start.
    gc.set_threshold(50_000, 20, 20)
    app()


# Each module registers its commands on `app` / `rules_app` when imported.
from . import baseline, check, metadata, rules  # noqa: E402,F401

__all__ = ["app", "rules_app", "run"]
