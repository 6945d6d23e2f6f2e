"""The Python API: what the CLI does, callable from a CMS publish hook or a notebook.

    from provenance import check
    report = check(["story.md"])
    if report.worst() is Severity.ERROR: ...
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .engine import Engine
from .ingest import STDIN, InputError, InputLimits, article_folders, iter_inputs, read_article
from .ingest.captions import CaptionFinder
from .ingest.pictures import is_picture
from .model import Article, ArticleResult, Evidence, Figure, Finding, Severity
from .rules.ruleset import RuleSet, load_rules

if TYPE_CHECKING:
    from .config import CreditAllowlist

UNREADABLE_RULE = "input.unreadable"


@dataclass
class CheckReport:
    """The results of one run, in input order, with the rule set that produced them."""

    results: list[ArticleResult]
    ruleset: RuleSet
    suppressed: int = 0  # findings a baseline already knew about
    allowlisted: int = 0  # findings whose evidence lies only in credits the house trusts
    extra: dict = field(default_factory=dict)

    def findings(self) -> list[Finding]:
        return [f for r in self.results for f in r.findings]

    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings()), key=lambda s: s.rank, default=None)

    def fails(self, threshold: Severity | None) -> bool:
        """True when a finding at or above `threshold` exists (None never fails)."""
        return threshold is not None and any(f.severity.rank >= threshold.rank for f in self.findings())

    def summary(self) -> dict:
        findings = self.findings()
        return {
            "articles": len(self.results),
            "figures": sum(len(r.article.figures) for r in self.results),
            "findings": len(findings),
            "unreadable": sum(1 for r in self.results if r.article.format == "unreadable"),
            "by_severity": {s.value: sum(1 for f in findings if f.severity is s) for s in Severity},
            "by_category": dict(sorted(Counter(f.category for f in findings).items())),
            "suppressed": self.suppressed,
            "allowlisted": self.allowlisted,
        }


@lru_cache(maxsize=1)
def default_rules() -> RuleSet:
    """The shipped rule packs, loaded once per process."""
    return load_rules()


class Checker:
    """Reads inputs and runs the engine; keeps compiled matchers warm across calls."""

    def __init__(self, ruleset: RuleSet | None = None, *, severity_overrides: dict[str, Severity] | None = None,
                 enable: Iterable[str] = (), disable: Iterable[str] = (), allowlist: CreditAllowlist | None = None,
                 limits: InputLimits = InputLimits()):
        """`enable` turns on rules shipped disabled, `disable` turns rules off, `allowlist`
        silences findings whose evidence lies only in trusted credits (see provenance.config)."""
        self.ruleset = ruleset or default_rules()
        enable, disable = set(enable), set(disable)
        unknown = sorted((enable | disable | set(severity_overrides or {})) - {r.id for r in self.ruleset.rules})
        if unknown:
            raise ValueError(f"unknown rule id(s): {', '.join(unknown)}")
        self.rules = [r for r in self.ruleset.rules if r.id not in disable and (r.enabled or r.id in enable)]
        self.engine = Engine(self.ruleset, severity_overrides)
        self.allowlist = allowlist
        self.limits = limits
        openers = [t for terms in self.ruleset.lexicons.get("caption_openers", {}).values() for t in terms]
        self.captions = CaptionFinder(openers, self.ruleset.credits.spans)

    def check_paths(self, paths: Iterable[str], stdin: bytes | None = None,
                    progress: Callable[[int, int], None] | None = None) -> CheckReport:
        """Articles first, then the pictures no article in the run already shows, in input order.

        A folder holding one article file and pictures is one story: its pictures become figures of
        that article. With `stdin`, the path "-" is that article (read from standard input).
        `progress(done, total)` is called after each input, for a progress bar.
        """
        inputs = list(iter_inputs(list(paths), self.limits))
        folders = article_folders(inputs)
        articles = [i for i, (_, p) in enumerate(inputs) if p is None or not is_picture(p)]
        results: dict[int, ArticleResult] = {}
        tick = progress or (lambda done, total: None)
        for index in articles:
            display, path = inputs[index]
            data = stdin if display == STDIN and path is None else None
            results[index] = self._check_one(display, path, data, folders.get(index, ()))
            tick(len(results), len(inputs))
        shown = {f.image_path for r in results.values() for f in r.article.figures if f.image_path}
        pictures = [i for i in range(len(inputs)) if i not in results]
        for done, index in enumerate(pictures, start=len(articles) + 1):
            display, path = inputs[index]
            if not shown or str(path.resolve()) not in shown:  # resolving costs syscalls: only when needed
                results[index] = self._check_one(display, path)
            tick(done, len(inputs))
        ordered = [results[i] for i in sorted(results)]
        allowlisted = self.allowlist.apply(ordered, self.ruleset) if self.allowlist else 0
        return CheckReport(results=ordered, ruleset=self.ruleset, allowlisted=allowlisted)

    def check_input(self, display: str, path: Path | None, data: bytes | None = None,
                    folder_pictures: Sequence[Path] = ()) -> ArticleResult:
        return self._allowed(self._check_one(display, path, data, folder_pictures))

    def check_article(self, article: Article) -> ArticleResult:
        return self._allowed(self.engine.check(article, self.rules))

    def _check_one(self, display: str, path: Path | None, data: bytes | None = None,
                   folder_pictures: Sequence[Path] = ()) -> ArticleResult:
        article = read_article(display, path, self.captions, self.limits, data=data, folder_pictures=folder_pictures)
        if isinstance(article, InputError):
            return unreadable_result(article)
        return self.engine.check(article, self.rules)

    def _allowed(self, result: ArticleResult) -> ArticleResult:
        if self.allowlist:
            self.allowlist.apply([result], self.ruleset)
        return result


def check(paths: Iterable[str], ruleset: RuleSet | None = None) -> CheckReport:
    """Check article files or folders; the same as `provenance check PATH...`."""
    return Checker(ruleset).check_paths(paths)


def check_caption(caption: str, *, credit: str = "", language: str | None = None,
                  ruleset: RuleSet | None = None) -> ArticleResult:
    """Check one caption (and its credit line) as a CMS would before publishing it."""
    article = Article(path="<caption>", id="caption", language=language, format="caption",
                      figures=[Figure(caption=caption, credit=credit, language=language)])
    return Checker(ruleset).check_article(article)


def unreadable_result(error: InputError) -> ArticleResult:
    """An input that could not be read still appears in the report, as an error."""
    article = Article(path=error.path, id=Path(error.path).stem or error.path, format="unreadable")
    finding = Finding(rule=UNREADABLE_RULE, category="unreadable", severity=Severity.ERROR,
                      message=f"{error.path}: {error.message}",
                      evidence=(Evidence(field="file", start=0, end=0, text=""),))
    return ArticleResult(article=article, findings=[finding])
