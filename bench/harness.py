"""Shared bench helpers: the commands to compare, a timed run, a printed table.

Timings are wall-clock seconds of whole subprocesses, because a cold start is what a
newsroom's publish hook pays. Each run is reaped with `os.wait4`, so its own peak RSS is
known even when several commands are compared side by side. Benches point provenance's
cache (PROVENANCE_CACHE_DIR) at private folders: the user's cache is never read or written.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

#: Runs the CLI of whatever `provenance` package PYTHONPATH puts first (-P: not the cwd's).
_RUN_CLI = "import sys; sys.argv[0] = 'provenance'; from provenance.cli import run; run()"


@dataclass(frozen=True)
class Command:
    """A `provenance` command to time, and how the legend names it."""

    name: str
    argv: tuple[str, ...]

    def check(self, target: str) -> list[str]:
        """The machine-output check every bench times."""
        return [*self.argv, "check", target, "--format", "json", "--out", "-", "--fail-on", "never"]


def add_command_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cmd", action="append", default=[],
                        help="a provenance command line to time (shell-quoted); repeatable")
    parser.add_argument("--rev", action="append", default=[],
                        help="a git revision of this repository to time, with its own rule packs; repeatable")


def commands_from(args: argparse.Namespace, tmp: Path) -> list[Command]:
    """The --cmd and --rev commands, in that order; neither means this checkout's command."""
    commands = [Command(line, tuple(shlex.split(line))) for line in args.cmd]
    commands += [revision_command(rev, tmp / f"rev-{index}") for index, rev in enumerate(args.rev)]
    commands = commands or [default_command()]
    for number, command in enumerate(commands, 1):
        print(f"#{number} = {command.name}")
    return commands


def default_command() -> Command:
    """The `provenance` script next to this interpreter (the repo's .venv), else on PATH."""
    beside = Path(sys.executable).parent / "provenance"
    found = str(beside) if beside.exists() else shutil.which("provenance")
    if not found:
        sys.exit("bench: no `provenance` command found; pass --cmd")
    return Command(found, (found,))


def revision_command(rev: str, folder: Path) -> Command:
    """`rev`'s package and rule packs, run with this interpreter.

    `git archive` only reads the repository, so it is safe while others work in it."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", rev, "provenance", "rules"],
                             capture_output=True, check=False)
    if archive.returncode != 0:
        sys.exit(f"bench: git archive {rev} failed: {archive.stderr.decode(errors='replace').strip()}")
    folder.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return Command(f"revision {rev}", ("env", f"PYTHONPATH={folder}", sys.executable, "-P", "-c", _RUN_CLI))


@dataclass
class Run:
    """One finished subprocess: wall and CPU seconds, peak RSS in MiB, exit code, its output.

    CPU time (user + system) moves less than wall time when other work shares the machine."""

    seconds: float
    cpu_seconds: float
    peak_rss_mib: float
    exit_code: int
    stdout: bytes
    stderr: bytes

    def report(self, argv: list[str]) -> dict:
        """The JSON report the check printed; exits naming the command when there is none."""
        try:
            return json.loads(self.stdout)
        except ValueError:
            tail = self.stderr.decode("utf-8", "replace").strip()[-800:]
            sys.exit(f"bench: {' '.join(argv)} exited {self.exit_code} without a JSON report:\n{tail}")


def timed_run(argv: list[str], env: dict[str, str] | None = None) -> Run:
    """Run `argv` to completion; output goes to temp files so a big report cannot block a pipe."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped: tell Popen
        out.seek(0)
        err.seek(0)
        return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode,
                   out.read(), err.read())


def cache_env(folder: Path | None) -> dict[str, str]:
    """This environment with provenance's cache in `folder` (None: switched off)."""
    return {**os.environ, "PROVENANCE_CACHE_DIR": str(folder) if folder else ""}


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def print_table(headings: list[str], rows: list[tuple[str, list[str]]]) -> None:
    """A plain aligned table: the first column names the figure, then one column each."""
    widths = [max(len(name) for name, _ in rows)]
    widths += [max(len(h), *(len(cells[i]) for _, cells in rows)) for i, h in enumerate(headings)]
    line = "  ".join(f"{h:>{w}}" for h, w in zip(["", *headings], widths))
    print(line)
    print("-" * len(line))
    for name, cells in rows:
        print(f"{name:<{widths[0]}}  " + "  ".join(f"{c:>{w}}" for c, w in zip(cells, widths[1:])))
