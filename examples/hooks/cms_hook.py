"""A CMS publish hook: check a picture's caption and credit before the story goes live.

    python examples/hooks/cms_hook.py          # two sample decisions

In a CMS, build one `Gate` when the process starts (it keeps the compiled rules warm) and call
`gate.pre_publish(caption, credit)` from the publish handler; refuse, or ask an editor to
confirm, when `decision.ok` is False. The gate reads the same settings `provenance check` reads
(the nearest provenance.toml or pyproject.toml [tool.provenance] from `settings_dir` up):
disabled rules, severities, `check.fail_on` and the credit allowlist. See docs/cms-hook.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from provenance import Article, Figure, Finding, Severity
from provenance.config import discover_config


@dataclass
class Decision:
    """What the publish handler needs: go or stop, and lines an editor can act on."""

    ok: bool
    problems: list[str] = field(default_factory=list)  # findings at or above the threshold: these block
    notes: list[str] = field(default_factory=list)  # findings below it: shown, not blocking
    suggestions: list[str] = field(default_factory=list)  # disclosure sentences to add to the caption


class Gate:
    """One per process: settings read and rules compiled once, then any number of captions."""

    def __init__(self, settings_dir: Path | None = None):
        settings = discover_config(settings_dir)
        self.checker = settings.checker()
        fail_on = settings.fail_on or "error"
        self.threshold = None if fail_on == "never" else Severity(fail_on)

    def pre_publish(self, caption: str, credit: str = "", language: str | None = None) -> Decision:
        figure = Figure(caption=caption, credit=credit, language=language)
        article = Article(path="<cms>", id="cms", language=language, format="caption", figures=[figure])
        findings = self.checker.check_article(article).findings
        blocking = [f for f in findings if self.blocks(f)]
        return Decision(ok=not blocking, problems=[describe(f) for f in blocking],
                        notes=[describe(f) for f in findings if not self.blocks(f)],
                        suggestions=sorted({f.suggestion for f in findings if f.suggestion}))

    def blocks(self, finding: Finding) -> bool:
        return self.threshold is not None and finding.severity.rank >= self.threshold.rank


def describe(finding: Finding) -> str:
    quoted = ", ".join(f'"{e.text}"' for e in finding.evidence if e.text)
    return f"{finding.severity.value} {finding.rule}: {finding.message}" + (f" [{quoted}]" if quoted else "")


_default_gate: Gate | None = None


def pre_publish(caption: str, credit: str = "", language: str | None = None) -> Decision:
    """The hook with settings found from the working folder (one shared Gate)."""
    global _default_gate
    if _default_gate is None:
        _default_gate = Gate()
    return _default_gate.pre_publish(caption, credit, language)


if __name__ == "__main__":
    samples = [("Soldiers march in Pyongyang on Tuesday.", "KCNA via KNS/AP"),
               ("A worker carries a crate of grapes near Bordeaux on Tuesday.", "Jane Doe/The Daily Bugle")]
    for caption, credit in samples:
        decision = pre_publish(caption, credit)
        print(f"{'publish' if decision.ok else 'HOLD'}: {caption} ({credit})")
        for line in decision.problems + decision.notes:
            print(f"  {line}")
        for sentence in decision.suggestions:
            print(f"  suggested disclosure: {sentence}")
