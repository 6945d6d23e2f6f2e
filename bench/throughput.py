"""Throughput: one `provenance check DIR --format json --out -` run over many articles.

    .venv/bin/python bench/throughput.py                     # 1,000 generated articles
    .venv/bin/python bench/throughput.py --count 5000 --runs 3
    .venv/bin/python bench/throughput.py --dir ../shared/some-folder
    .venv/bin/python bench/throughput.py --rev 9d7ed0a --cmd .venv/bin/provenance

The corpus comes from bench/corpus.py (five languages, text/Markdown/ninjs, captions with
and without credits and disclaimers). Every command (--cmd, --rev) gets a column: wall
time (median of --runs), articles per second, peak RSS of the process, findings, and a
digest of the JSON report, so two builds that must behave alike can be seen to print the
same report. Each command keeps its caches in a private folder, filled by a discarded run
over a small corpus in every language.
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
from pathlib import Path

from corpus import write_corpus
from harness import Command, Run, add_command_options, cache_env, commands_from, median, print_table, timed_run

#: Articles in the discarded warm-up run: enough to meet every language of the corpus.
WARMUP_ARTICLES = 50


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, help="check this folder instead of a generated corpus")
    parser.add_argument("--count", type=int, default=1000, help="articles to generate (default 1000)")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed (default 7)")
    parser.add_argument("--runs", type=int, default=1, help="timed runs per command (default 1)")
    add_command_options(parser)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        commands = commands_from(args, Path(tmp))
        folder = args.dir
        if folder is None:
            folder = Path(tmp) / "corpus"
            write_corpus(folder, args.count, args.seed)
        warmup = Path(tmp) / "warmup"
        write_corpus(warmup, WARMUP_ARTICLES, args.seed)
        envs = [cache_env(Path(tmp) / f"cache-{number}") for number in range(len(commands))]
        for command, env in zip(commands, envs):
            argv = command.check(str(warmup))
            timed_run(argv, env).report(argv)
        _print_throughput(commands, envs, folder, args.runs)


def _print_throughput(commands: list[Command], envs: list[dict[str, str]], folder: Path, runs: int) -> None:
    argvs = [command.check(str(folder)) for command in commands]
    columns: list[list[tuple[Run, dict]]] = [[] for _ in commands]
    for _ in range(runs):  # commands take turns, so load from elsewhere hits them alike
        for argv, env, done in zip(argvs, envs, columns):
            run = timed_run(argv, env)
            done.append((run, run.report(argv)))
    rows: list[tuple[str, list[str]]] = [(name, []) for name in (
        "articles", "wall (s)", "articles/s", "CPU (s)", "peak RSS (MiB)", "findings", "report digest")]
    for done in columns:
        wall = median([run.seconds for run, _ in done])
        last_run, report = done[-1]
        articles = len(report["articles"])
        cells = [str(articles), f"{wall:.2f}", f"{articles / wall:.0f}",
                 f"{median([run.cpu_seconds for run, _ in done]):.2f}",
                 f"{max(run.peak_rss_mib for run, _ in done):.0f}",
                 str(sum(len(a["findings"]) for a in report["articles"])),
                 hashlib.sha256(last_run.stdout).hexdigest()[:12]]
        for (_, values), cell in zip(rows, cells):
            values.append(cell)
    print(f"throughput: {folder}, {runs} run(s) per command, caches warm")
    print_table([f"#{number}" for number in range(1, len(commands) + 1)], rows)


if __name__ == "__main__":
    main()
