"""Cold start: wall time of one `provenance check ARTICLE --format json --out -` process.

    .venv/bin/python bench/coldstart.py                       # built-in French KCNA caption article
    .venv/bin/python bench/coldstart.py ../shared/seed/x.txt  # any article file
    .venv/bin/python bench/coldstart.py --runs 15 --rev 9d7ed0a --cmd .venv/bin/provenance

Every command (--cmd, --rev) gets two columns: "cached", with provenance's caches in a
private folder that a first, discarded run fills (the everyday case), and "no cache"
(PROVENANCE_CACHE_DIR set empty: a first run ever, or a read-only home). Each shows the
median, min and max of --runs runs; columns take turns, so load from elsewhere hits them
alike. A breakdown by phase follows for the package this interpreter imports.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from harness import Command, Run, add_command_options, cache_env, commands_from, median, print_table, timed_run

#: A French article whose caption carries a state-media credit and the usual disclaimers.
ARTICLE = """\
Pyongyang reçoit le chef de la diplomatie russe

Le ministre russe des Affaires étrangères est arrivé mardi soir dans la capitale nord-coréenne \
pour une visite de deux jours, selon les médias d'Etat des deux pays.

Sur cette photo diffusée par le gouvernement nord-coréen, le ministre serre la main de son \
homologue à l'aéroport de Pyongyang. Les journalistes indépendants n'ont pas pu couvrir \
l'événement. Le contenu de cette image ne peut être vérifié de manière indépendante. \
(Agence centrale de presse coréenne/KCNA via AP)

Les deux pays ont promis de renforcer leur coopération, a rapporté l'agence officielle.
"""

#: Runs in a child interpreter; prints the package it timed and seconds per phase.
PHASES = r"""
import importlib, json, sys, time
clock = time.perf_counter
marks = {}

def timed(name, func, *args):
    began = clock()
    try:
        return func(*args)
    finally:
        marks[name] = marks.get(name, 0.0) + clock() - began

def wrap(module, attr, name):
    inner = getattr(module, attr, None)
    if inner is not None:
        setattr(module, attr, lambda *args, **kwargs: timed(name, lambda: inner(*args, **kwargs)))

timed("imports (provenance.cli)", importlib.import_module, "provenance.cli")
from provenance import api, engine
from provenance.rules import compiler, nlp
from provenance.reports import render_json
# spaCy before the rules, which may import it too; the package's own way when it has one.
timed("spaCy import", getattr(nlp, "import_spacy", lambda: importlib.import_module("spacy")))
rules = timed("rule loading", api.default_rules)
wrap(compiler, "pipeline", "tokenizer")  # builds before the tokenizer had its own function
wrap(compiler, "tokenizer", "tokenizer")
wrap(engine, "CompiledRules", "matchers")
timed("check + JSON", lambda: render_json(api.Checker(rules).check_paths([sys.argv[1]])))
# Nested phases: the tokenizer is built inside the matchers, the matchers inside the check.
marks["check + JSON"] -= marks.get("matchers", 0.0)
marks["matchers"] = marks.get("matchers", 0.0) - marks.get("tokenizer", 0.0)
order = ["imports (provenance.cli)", "spaCy import", "rule loading", "tokenizer", "matchers", "check + JSON"]
print(json.dumps({"package": sys.modules["provenance"].__path__[0], "marks": {k: marks.get(k, 0.0) for k in order}}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("article", nargs="?", help="article file (default: a built-in French KCNA caption article)")
    parser.add_argument("--runs", type=int, default=9, help="timed runs per column (default 9)")
    parser.add_argument("--no-breakdown", action="store_true", help="skip the per-phase breakdown")
    add_command_options(parser)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        commands = commands_from(args, Path(tmp))
        article = args.article or _write_article(Path(tmp))
        _print_wall_times(_variants(commands, Path(tmp)), article, args.runs)
        if not args.no_breakdown:
            print()
            _print_breakdown(article, args.runs, cache_env(Path(tmp) / "breakdown-cache"))


def _write_article(folder: Path) -> str:
    path = folder / "pyongyang-fr.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return str(path)


@dataclass
class Variant:
    """One column: a command with its caches warm (in a private folder) or switched off."""

    heading: str
    command: Command
    env: dict[str, str]


def _variants(commands: list[Command], tmp: Path) -> list[Variant]:
    variants = []
    for number, command in enumerate(commands, 1):
        variants.append(Variant(f"#{number} cached", command, cache_env(tmp / f"cache-{number}")))
        variants.append(Variant(f"#{number} no cache", command, cache_env(None)))
    return variants


def _print_wall_times(variants: list[Variant], article: str, runs: int) -> None:
    """Columns take turns run by run, so a load spike from elsewhere hits them all alike."""
    argvs = [v.command.check(article) for v in variants]
    for argv, variant in zip(argvs, variants):
        timed_run(argv, variant.env).report(argv)  # warm-up: OS file cache, .pyc files, the cache
    results: list[list[Run]] = [[] for _ in variants]
    for _ in range(runs):
        for argv, variant, done in zip(argvs, variants, results):
            run = timed_run(argv, variant.env)
            run.report(argv)
            done.append(run)
    rows = [
        ("median wall (s)", [f"{median([r.seconds for r in done]):.3f}" for done in results]),
        ("min (s)", [f"{min(r.seconds for r in done):.3f}" for done in results]),
        ("max (s)", [f"{max(r.seconds for r in done):.3f}" for done in results]),
        ("median CPU (s)", [f"{median([r.cpu_seconds for r in done]):.3f}" for done in results]),
        ("peak RSS (MiB)", [f"{max(r.peak_rss_mib for r in done):.0f}" for done in results]),
        ("findings", [str(_count_findings(done[-1].report(argv))) for done, argv in zip(results, argvs)]),
    ]
    print(f"cold start: one article, {runs} runs per column ({article})")
    print_table([v.heading for v in variants], rows)


def _count_findings(report: dict) -> int:
    return sum(len(a["findings"]) for a in report["articles"])


def _phase_sample(article: str, env: dict[str, str]) -> dict:
    proc = subprocess.run([sys.executable, "-c", PHASES, article], capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        sys.exit(f"bench: breakdown failed: {proc.stderr.strip()[-600:]}")
    return json.loads(proc.stdout)


def _print_breakdown(article: str, runs: int, env: dict[str, str]) -> None:
    """Median milliseconds per phase over `runs` fresh interpreters (caches warmed by a first one).

    Interpreter start-up is timed apart; the CLI's option parsing and the interpreter's
    exit are not in the phases, so their sum falls short of the wall time."""
    start_walls = [timed_run([sys.executable, "-c", "pass"]).seconds for _ in range(runs)]
    package = _phase_sample(article, env)["package"]
    samples = [_phase_sample(article, env)["marks"] for _ in range(runs)]
    rows = [("python start (wall)", [f"{median(start_walls) * 1000:.0f}"])]
    rows += [(name, [f"{median([s[name] for s in samples]) * 1000:.0f}"]) for name in samples[0]]
    rows.append(("sum of medians", [f"{sum(float(cells[0]) for _, cells in rows):.0f}"]))
    # A yardstick for this machine's speed right now: the part no change here can remove.
    spacy_walls = [timed_run([sys.executable, "-c", "import spacy"]).seconds for _ in range(runs)]
    rows.append(("yardstick: python -c 'import spacy' (wall)", [f"{median(spacy_walls) * 1000:.0f}"]))
    print(f"breakdown of {package} (caches warm), median of {runs} runs")
    print_table(["ms"], rows)


if __name__ == "__main__":
    main()
