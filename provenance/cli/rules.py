"""`provenance rules`: list, show and test the rule packs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from . import rules_app
from .common import RulesOption, _fail, _load_ruleset


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
    from ..rules.testing import run_examples

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


@rules_app.command("docs")
def rules_docs(out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the pages (index.html + one per rule).")],
               rules: RulesOption = None) -> None:
    """Write one HTML page per rule (why, what it matches, examples, references) and an index."""
    from ..reports.ruledocs import write_rule_docs

    ruleset = _load_ruleset(rules)
    try:
        written = write_rule_docs(ruleset, out)
    except OSError as err:
        raise _fail(f"cannot write rule pages to {out}: {err.strerror or err}") from None
    typer.echo(f"wrote {len(written) - 1} rule page(s) and {out / 'index.html'}", err=True)
