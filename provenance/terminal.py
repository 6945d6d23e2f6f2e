"""What a person at a terminal sees: a progress bar while a long run works, a summary table after.

Everything goes to stderr, so stdout stays clean for `--out -`. Colour only when stderr is a
TTY, never with NO_COLOR set (https://no-color.org) or TERM=dumb; the progress bar only on a
TTY and only once a run has taken a few seconds. `quiet` silences all of it: errors that stop
a run are printed by the CLI, not here.
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TextIO

from .api import CheckReport
from .model import Finding, Severity

_COLOURS = {"error": "31", "warning": "33", "info": "36", "dim": "2"}
#: Severity columns, loudest first.
_LEVELS = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 or word == "info" else f"{count} {word}s"


class Terminal:
    """Writes to stderr (or `stream`) as the environment allows."""

    def __init__(self, stream: TextIO | None = None, *, quiet: bool = False,
                 environ: Mapping[str, str] | None = None, clock: Callable[[], float] = time.monotonic):
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        env = os.environ if environ is None else environ
        self.tty = _isatty(self.stream)
        self.colour = self.tty and not env.get("NO_COLOR") and env.get("TERM") != "dumb"
        self.clock = clock

    def echo(self, text: str = "") -> None:
        if not self.quiet:
            self.stream.write(text + "\n")
            self.stream.flush()

    def paint(self, text: str, style: str) -> str:
        return f"\x1b[{_COLOURS[style]}m{text}\x1b[0m" if self.colour and style in _COLOURS else text

    def progress(self, delay: float = 2.0) -> Progress:
        return Progress(self, delay)

    # -- the end of a run ----------------------------------------------------------------

    def summary(self, report: CheckReport, written: Sequence[Path] = (), baseline: Path | None = None) -> None:
        """The table by category and severity, the totals, unreadable inputs and the files written."""
        if self.quiet:
            return
        findings = report.findings()
        if findings:
            for line in self.table(findings):
                self.echo(line)
        self.echo(self.totals(report, baseline))
        for result in report.results:
            if result.article.format == "unreadable":
                self.echo(f"  {self.paint('unreadable', 'error')}: {result.findings[0].message}")
        for path in written:
            self.echo(f"  wrote {path}")

    def table(self, findings: Sequence[Finding]) -> list[str]:
        """Findings counted by category (rows) and severity (columns), with a total row."""
        counts = Counter((f.category, f.severity) for f in findings)
        rows = [(category, [counts[category, level] for level in _LEVELS])
                for category in sorted({f.category for f in findings})]
        rows.append(("total", [sum(n for (_, level), n in counts.items() if level is lv) for lv in _LEVELS]))
        width = max(len("category"), *(len(name) for name, _ in rows))
        header = f"{'category':<{width}}" + "".join(f"  {self.paint(f'{lv.value:>7}', lv.value)}" for lv in _LEVELS)
        lines = [header]
        for name, numbers in rows:
            cells = "".join(f"  {self._cell(n, lv)}" for n, lv in zip(numbers, _LEVELS))
            lines.append(f"{name:<{width}}{cells}")
        return lines

    def _cell(self, count: int, level: Severity) -> str:
        return self.paint(f"{count:>7}", level.value) if count else self.paint(f"{'-':>7}", "dim")

    def totals(self, report: CheckReport, baseline: Path | None = None) -> str:
        summary = report.summary()
        head = f"{_plural(summary['articles'], 'article')}, {_plural(summary['figures'], 'figure')}"
        by_severity = summary["by_severity"]
        counts = ", ".join(self.paint(_plural(by_severity[lv.value], lv.value), lv.value if by_severity[lv.value] else "dim")
                           for lv in _LEVELS)
        line = f"{head}: {_plural(summary['findings'], 'finding')} ({counts})"
        if baseline is not None or report.suppressed:
            line += f"; {report.suppressed} suppressed by the baseline{f' {baseline}' if baseline else ''}"
        if report.allowlisted:
            line += f"; {report.allowlisted} silenced by the credit allowlist"
        return line


class Progress:
    """A one-line bar redrawn in place; silent off a TTY, under --quiet and for short runs."""

    def __init__(self, terminal: Terminal, delay: float = 2.0, width: int = 30):
        self.terminal = terminal
        self.delay = delay
        self.width = width
        self.enabled = terminal.tty and not terminal.quiet
        self.started = terminal.clock()
        self.drawn_at: float | None = None
        self.last_length = 0

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def update(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        now = self.terminal.clock()
        if now - self.started < self.delay:
            return
        if self.drawn_at is not None and now - self.drawn_at < 0.1 and done < total:
            return
        filled = self.width * done // total
        line = f"[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} inputs"
        self.terminal.stream.write("\r" + line.ljust(self.last_length))
        self.terminal.stream.flush()
        self.drawn_at, self.last_length = now, len(line)

    def close(self) -> None:
        """Wipe the bar so the summary starts on a clean line."""
        if self.drawn_at is not None:
            self.terminal.stream.write("\r" + " " * self.last_length + "\r")
            self.terminal.stream.flush()
            self.drawn_at = None
