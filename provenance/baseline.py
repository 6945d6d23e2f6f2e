"""Baselines: accept the findings a desk already knows about, report only new ones.

A baseline records each finding by a fingerprint that survives ordinary edits: the rule, the
article's path relative to the baseline file, the figure and the evidence texts — not offsets
or messages, so rewording a paragraph elsewhere in the story (or a new release rewording a
message) keeps it valid. The same fingerprint twice is kept as a count.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .api import UNREADABLE_RULE, CheckReport
from .config import display_path
from .model import Finding
from .resources import DataError

#: Bump when a fingerprint changes meaning; older files are then refused with a clear message.
BASELINE_VERSION = 1
DEFAULT_BASELINE = "provenance-baseline.json"
STDIN_PATH = "-"


class BaselineError(DataError):
    """A baseline file is missing or unusable; the message names it."""


@dataclass(frozen=True, order=True)
class Fingerprint:
    """What identifies a finding across edits of the article around it."""

    path: str
    figure: int
    rule: str
    evidence: tuple[str, ...]

    def to_dict(self, count: int) -> dict[str, Any]:
        return {"rule": self.rule, "path": self.path, "figure": None if self.figure < 0 else self.figure,
                "evidence": list(self.evidence), "count": count}


def relative_path(article_path: str, root: Path) -> str:
    """The article's path from the baseline's folder, with forward slashes on every system."""
    if article_path == STDIN_PATH:
        return article_path
    relative = os.path.relpath(Path(article_path).resolve(), root.resolve())
    return Path(relative).as_posix()


def fingerprint(finding: Finding, article_path: str, root: Path) -> Fingerprint:
    figure = -1 if finding.figure is None else finding.figure
    return Fingerprint(relative_path(article_path, root), figure, finding.rule,
                       tuple(sorted(e.text for e in finding.evidence)))


def fingerprints(report: CheckReport, root: Path) -> Iterable[Fingerprint]:
    return (fingerprint(f, r.article.path, root) for r in report.results for f in r.findings if _known_able(f))


def _known_able(finding: Finding) -> bool:
    """An input that could not be read was not checked: that is never a known, accepted finding."""
    return finding.rule != UNREADABLE_RULE


class Baseline:
    """Known findings, counted by fingerprint; paths are relative to `root` (the file's folder)."""

    def __init__(self, counts: Counter[Fingerprint], root: Path):
        self.counts = counts
        self.root = root

    def __len__(self) -> int:
        return sum(self.counts.values())

    @classmethod
    def from_report(cls, report: CheckReport, file: Path) -> Baseline:
        root = file.parent
        return cls(Counter(fingerprints(report, root)), root)

    def apply(self, report: CheckReport) -> int:
        """Remove known findings from the report, in place; returns how many were removed.

        Each recorded count is used up once: a third identical finding where two were recorded is new.
        """
        left = Counter(self.counts)
        removed = 0
        for result in report.results:
            kept = []
            for finding in result.findings:
                fp = fingerprint(finding, result.article.path, self.root)
                if _known_able(finding) and left[fp] > 0:
                    left[fp] -= 1
                    removed += 1
                else:
                    kept.append(finding)
            result.findings = kept
        report.suppressed += removed
        return removed

    def dumps(self) -> str:
        from . import __version__

        entries = [fp.to_dict(count) for fp, count in sorted(self.counts.items())]
        document = {"provenance_baseline": BASELINE_VERSION, "tool": f"provenance {__version__}", "findings": entries}
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def load(cls, file: Path) -> Baseline:
        name = display_path(file)
        try:
            document = json.loads(file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BaselineError(f"{name}: baseline file not found (create it with 'provenance baseline create')") from None
        except OSError as err:
            raise BaselineError(f"{name}: cannot read baseline: {err.strerror or err}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise BaselineError(f"{name}: not a provenance baseline (invalid JSON: {err})") from None
        return cls(_read_entries(document, name), file.parent)


def _read_entries(document: Any, name: str) -> Counter[Fingerprint]:
    if not isinstance(document, dict) or "provenance_baseline" not in document:
        raise BaselineError(f"{name}: not a provenance baseline (no 'provenance_baseline' version)")
    if document["provenance_baseline"] != BASELINE_VERSION:
        raise BaselineError(f"{name}: baseline version {document['provenance_baseline']!r} is not supported "
                            f"(this provenance reads version {BASELINE_VERSION}); create it again")
    entries = document.get("findings")
    if not isinstance(entries, list):
        raise BaselineError(f"{name}: not a provenance baseline ('findings' must be a list)")
    counts: Counter[Fingerprint] = Counter()
    for index, entry in enumerate(entries):
        fp, count = _read_entry(entry, f"{name}: findings[{index}]")
        counts[fp] += count
    return counts


def _read_entry(entry: Any, where: str) -> tuple[Fingerprint, int]:
    if not isinstance(entry, dict):
        raise BaselineError(f"{where}: expected an object")
    rule, path, figure, evidence, count = (entry.get(k) for k in ("rule", "path", "figure", "evidence", "count"))
    if not isinstance(rule, str) or not isinstance(path, str):
        raise BaselineError(f"{where}: 'rule' and 'path' must be strings")
    if figure is not None and (not isinstance(figure, int) or isinstance(figure, bool) or figure < 0):
        raise BaselineError(f"{where}: 'figure' must be a figure index or null")
    if not isinstance(evidence, list) or not all(isinstance(text, str) for text in evidence):
        raise BaselineError(f"{where}: 'evidence' must be a list of strings")
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise BaselineError(f"{where}: 'count' must be a positive whole number")
    return Fingerprint(path, -1 if figure is None else figure, rule, tuple(sorted(evidence))), count
