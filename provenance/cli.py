"""The `provenance` command: parse options, call the API, print or write, set the exit code.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage, config or
rule errors (one line on stderr naming the file and the fault).
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .model import Severity
from .resources import DataError

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None, pretty_exceptions_enable=False,
                  help="Check that photo captions and pictures keep their provenance.")
rules_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None, help="List, show and test the rule packs.")
app.add_typer(rules_app, name="rules")


class OutputFormat(str, Enum):
    html = "html"
    json = "json"


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


@app.callback()
def main(version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                         help="Print the version and exit.")] = None) -> None:
    """Check that photo captions and pictures keep their provenance."""


RulesOption = Annotated[Optional[list[Path]], typer.Option(
    "--rules", help="Extra rule folder (rules, sources/, lexicons/); repeatable.")]
TrustOption = Annotated[Optional[Path], typer.Option(
    "--trust-anchors", help="PEM bundle of C2PA trust anchors; without it no signer counts as trusted.")]


def _read_options(trust_anchors: Path | None):
    """Picture-reading options; a bad trust-anchor bundle is a setup error (exit 2)."""
    from .metadata import ReadOptions

    options = ReadOptions(trust_anchors=trust_anchors)
    try:
        options.trust_anchor_pem()
    except ValueError as err:
        raise _fail(str(err)) from None
    return options


def _load_ruleset(extra: list[Path] | None):
    from .api import default_rules
    from .rules.ruleset import load_rules

    try:
        return load_rules(extra) if extra else default_rules()
    except DataError as err:
        raise _fail(str(err)) from None


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Article files or folders (searched recursively); - reads one article from stdin.")],
    out: Annotated[str, typer.Option("--out", "-o", help="Output folder, or '-' for stdout (one machine format).")] = "reports",
    formats: Annotated[Optional[list[OutputFormat]], typer.Option("--format", "-f", help="html or json; repeatable.")] = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 when a finding at or above this severity exists.")] = FailOn.error,
    rules: RulesOption = None,
    trust_anchors: TrustOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
) -> None:
    """Check articles and pictures and write reports. Exit 1 when findings reach --fail-on."""
    from .api import Checker
    from .ingest import InputLimits
    from .reports import render_json
    from .reports.writer import write_reports

    chosen = list(dict.fromkeys(formats or [OutputFormat.html]))
    if out == "-" and (len(chosen) != 1 or chosen[0] is OutputFormat.html):
        raise _fail("--out - prints one machine format: use it with --format json")
    limits = InputLimits(pictures=_read_options(trust_anchors))
    stdin = sys.stdin.buffer.read(limits.max_bytes + 1) if "-" in paths else None
    report = Checker(_load_ruleset(rules), limits=limits).check_paths(paths, stdin=stdin)
    if out == "-":
        sys.stdout.write(render_json(report))
    else:
        try:
            written = write_reports(report, Path(out), [f.value for f in chosen])
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


class MetadataFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
def metadata(
    images: Annotated[list[Path], typer.Argument(help="Picture files (JPEG, TIFF, PNG, WebP, ...).")],
    output_format: Annotated[MetadataFormat, typer.Option("--format", "-f", help="text or json.")] = MetadataFormat.text,
    trust_anchors: TrustOption = None,
) -> None:
    """Print what picture files say about themselves, each value with its origin (like exiftool -G)."""
    import json

    from .metadata import read_metadata

    options = _read_options(trust_anchors)
    results = [read_metadata(path, options) for path in images]
    if output_format is MetadataFormat.json:
        typer.echo(json.dumps([m.to_dict() for m in results], ensure_ascii=False, indent=2))
        return
    for meta in results:
        typer.echo(f"== {meta.path}")
        typer.echo(meta.format_text())


@rules_app.command("list")
def rules_list(rules: RulesOption = None) -> None:
    """List every rule with its category and severity."""
    ruleset = _load_ruleset(rules)
    width = max(len(r.id) for r in ruleset.rules)
    for rule in sorted(ruleset.rules, key=lambda r: r.id):
        typer.echo(f"{rule.id:<{width}}  {rule.severity.value:<7}  {rule.category:<21}  {rule.title}")
    typer.echo(f"{len(ruleset.rules)} rules, {len(ruleset.registry)} registry sources", err=True)


@rules_app.command("show")
def rules_show(rule_id: Annotated[str, typer.Argument(help="A rule id, as `rules list` prints it.")],
               rules: RulesOption = None) -> None:
    """Show a rule: what it finds, why it matters, its examples."""
    ruleset = _load_ruleset(rules)
    rule = ruleset.get(rule_id)
    if rule is None:
        raise _fail(f"no rule {rule_id!r} (see `provenance rules list`)")
    typer.echo(f"{rule.id}: {rule.title}")
    typer.echo(f"  category: {rule.category}   severity: {rule.severity.value}   scope: {', '.join(rule.scope)}")
    typer.echo(f"  languages: {', '.join(rule.languages)}   file: {rule.path}")
    typer.echo(f"\nWhy it matters\n  {rule.rationale}")
    for title, examples in (("Matches", rule.must_match), ("Does not match", rule.must_not_match)):
        if examples:
            typer.echo(f"\n{title}")
            for ex in examples:
                typer.echo(f"  [{ex.language}/{ex.field}] {ex.text}")
    if rule.references:
        typer.echo("\nReferences")
        for ref in rule.references:
            typer.echo(f"  {ref}")


@rules_app.command("test")
def rules_test(folder: Annotated[Optional[Path], typer.Argument(help="A rule folder to test with the shipped packs.")] = None,
               verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every example.")] = False) -> None:
    """Run every rule's own examples; exit 1 if one fails."""
    from .rules.testing import run_examples

    ruleset = _load_ruleset([folder] if folder else None)
    only = None
    if folder:
        only = [r.id for r in ruleset.rules if r.path and folder.resolve() in r.path.resolve().parents]
    results = run_examples(ruleset, only)
    failed = [r for r in results if not r.passed]
    for result in results if verbose else failed:
        typer.echo(("PASS " if result.passed else "FAIL ") + result.describe())
    typer.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    raise typer.Exit(code=1 if failed else 0)


def run() -> None:
    app()
