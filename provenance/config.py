"""House settings: `provenance.toml`, or `[tool.provenance]` in `pyproject.toml`.

A desk keeps its choices beside its stories so every run (a laptop, CI, a pre-commit hook, a
CMS hook) checks the same way: which rules run and how loud, its own rule folders, report
defaults and an allowlist of credits it trusts. Options given on the command line beat these.

    [tool.provenance.rules]
    disable = ["captions.watermark"]
    severity = { "captions.unverified" = "warning" }
    extra = ["desk-rules"]                 # relative to this file
    [tool.provenance.check]
    formats = ["html", "json"]
    fail_on = "warning"
    [tool.provenance.allowlist]
    credits = ["The Daily Bugle", "Jane Doe"]
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .engine import METADATA_TEXT_ROLES
from .model import Article, ArticleResult, Evidence, Finding, Severity
from .resources import DataError
from .rules.nlp import fold

if TYPE_CHECKING:
    from .api import Checker
    from .ingest import InputLimits
    from .rules.credits import CreditDetector
    from .rules.ruleset import RuleSet

CONFIG_FILE = "provenance.toml"
PYPROJECT = "pyproject.toml"
FAIL_ON_VALUES = ("error", "warning", "info", "never")


class ConfigError(DataError):
    """A configuration file is unusable; the message names the file and the key."""


def display_path(path: Path) -> str:
    """A path as short as the user can still recognise it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


@dataclass(frozen=True)
class Location:
    """Where settings came from, so every error names the file and the table."""

    path: Path
    table: str = ""  # "[tool.provenance] " inside pyproject.toml

    def error(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{display_path(self.path)}: {self.table}{key}: {problem}")


# -- the allowlist ------------------------------------------------------------------------

#: What separates the hands of a credit: "KCNA via KNS/AP", "Jane Doe, The Daily Bugle".
_PART_BREAK = re.compile(r"\s*(?:[/|;,]|\bvia\b|\bvía\b)\s*", re.IGNORECASE)
#: Brackets, quotes and stray punctuation around a part or a piece of evidence.
_EDGE = "()[]{}<>\"'“”«»‘’ \t\n.:-–—"
#: What joins a credit marker to the name it introduces ("Photo: X", "Courtesy of X", "Foto von X").
_CONNECTOR = r"(?::|=|\bby\b|\bde\b|\bdi\b|\bvon\b|\bof\b|\bpar\b)"


@dataclass(frozen=True)
class CreditPart:
    """One hand of a credit line: its offsets in the text and the name it gives, folded."""

    start: int
    end: int
    key: str


@lru_cache(maxsize=8)
def lead_in(markers: tuple[str, ...]) -> re.Pattern[str]:
    """A credit marker and its connector opening a part ("Photo by ", "Courtesy of ", "Foto: ")."""
    words = "|".join(re.escape(m) for m in sorted(set(markers), key=len, reverse=True)) or r"(?!)"
    return re.compile(rf"(?:{words})\s*{_CONNECTOR}\s*", re.IGNORECASE)


def credit_parts(text: str, lead: re.Pattern[str], start: int = 0, end: int | None = None) -> list[CreditPart]:
    """Split `text[start:end]` into hands; each part's key is its name without the credit marker."""
    end = len(text) if end is None else end
    parts: list[CreditPart] = []
    cursor = start
    for brk in [*_PART_BREAK.finditer(text, start, end), None]:
        part_start, part_end = _strip_edges(text, cursor, brk.start() if brk else end)
        key = " ".join(fold(text[_name_start(text, lead, part_start, part_end):part_end]).split())
        if key:
            parts.append(CreditPart(part_start, part_end, key))
        cursor = brk.end() if brk else end
    return parts


def _name_start(text: str, lead: re.Pattern[str], start: int, end: int) -> int:
    """Where the name begins once credit markers ("Photo: Courtesy of ") are passed."""
    while (opener := lead.match(text, start, end)) and opener.end() < end:
        start = opener.end()
    return start


def _strip_edges(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


class CreditAllowlist:
    """Credits a house trusts (its own photographers, pools it vouches for).

    An entry matches *whole credit parts* (the hands a credit names, split at "/", "via", ",",
    ";" and "|"), case- and accent-insensitively, with a credit marker such as "Photo:" or
    "Courtesy of" ignored: "AP" matches the "AP" of "KCNA via KNS/AP" but never "AP Photo" or
    "KCNA"; "KNS/AP" matches the last two hands; "Springfield Fire Department" matches
    "Courtesy of Springfield Fire Department". A finding is silenced only when every piece of
    its evidence lies inside credit parts an entry matches, so another hand of the same credit
    line (a state source, a handout) still speaks.
    """

    def __init__(self, entries: Iterable[str]):
        self.entries = tuple(e for e in entries if e.strip())

    def __bool__(self) -> bool:
        return bool(self.entries)

    def covered(self, text: str, lead: re.Pattern[str], start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """Spans of `text[start:end]` (one credit) whose parts some entry matches part for part."""
        parts = credit_parts(text, lead, start, end)
        runs = []
        for entry in self.entries:
            keys = [p.key for p in credit_parts(entry, lead)]
            for i in range(len(parts) - len(keys) + 1):
                if keys and [p.key for p in parts[i:i + len(keys)]] == keys:
                    runs.append((parts[i].start, parts[i + len(keys) - 1].end))
        return runs

    def silences(self, finding: Finding, article: Article, ruleset: RuleSet) -> bool:
        lead = lead_in(tuple(t for terms in ruleset.lexicons.get("credit_markers", {}).values() for t in terms))
        return bool(finding.evidence) and all(self._inside(e, article, ruleset.credits, lead) for e in finding.evidence)

    def apply(self, results: Iterable[ArticleResult], ruleset: RuleSet) -> int:
        """Drop silenced findings from each result, in place; returns how many were dropped."""
        dropped = 0
        for result in results:
            kept = [f for f in result.findings if not self.silences(f, result.article, ruleset)]
            dropped += len(result.findings) - len(kept)
            result.findings = kept
        return dropped

    def _inside(self, evidence: Evidence, article: Article, credits: CreditDetector, lead: re.Pattern[str]) -> bool:
        located = _credit_regions(evidence, article, credits)
        if located is None:
            return False
        text, regions = located
        start, end = _strip_edges(text, evidence.start, evidence.end)
        return any(a <= start and end <= b for region in regions for a, b in self.covered(text, lead, *region))


def _credit_regions(evidence: Evidence, article: Article,
                    credits: CreditDetector) -> tuple[str, list[tuple[int, int]]] | None:
    """The text an evidence points into and the credit spans in it (None: not a figure's text)."""
    if evidence.figure is None or not 0 <= evidence.figure < len(article.figures):
        return None
    figure = article.figures[evidence.figure]
    if evidence.field == "credit":
        return figure.credit, [(0, len(figure.credit))]
    if evidence.field == "caption":
        return figure.caption, credits.spans(figure.caption)
    if evidence.field == "metadata" and figure.metadata is not None:
        for name, role in METADATA_TEXT_ROLES.items():
            for value in figure.metadata.values(name):
                if value.origin == evidence.origin and value.value[evidence.start:evidence.end] == evidence.text:
                    text = value.value
                    return text, [(0, len(text))] if role == "credit" else credits.spans(text)
    return None


# -- reading a configuration file ----------------------------------------------------------

Parser = Callable[[Any, str, Location], Any]


def _strings(value: Any, key: str, where: Location) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise where.error(key, f"expected a list of strings, got {_toml_type(value)}")
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise where.error(f"{key}[{index}]", f"expected a non-empty string, got {item!r}")
    return tuple(item.strip() for item in value)


def _string(value: Any, key: str, where: Location) -> str:
    if not isinstance(value, str) or not value.strip():
        raise where.error(key, f"expected a non-empty string, got {value!r}")
    return value.strip()


def _fail_on(value: Any, key: str, where: Location) -> str:
    level = _string(value, key, where).lower()
    if level not in FAIL_ON_VALUES:
        raise where.error(key, f"unknown threshold {value!r} (expected one of {', '.join(FAIL_ON_VALUES)})")
    return level


def _severities(value: Any, key: str, where: Location) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise where.error(key, f"expected a table of rule id = severity, got {_toml_type(value)}")
    levels = {}
    for rule_id, level in _flatten(value):
        if not isinstance(level, str):
            raise where.error(f"{key}.{rule_id}", f"expected a severity name, got {level!r}")
        try:
            levels[rule_id] = Severity.parse(level)
        except ValueError as err:
            raise where.error(f"{key}.{rule_id}", str(err)) from None
    return levels


def _flatten(table: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Rule ids hold dots: `captions.unverified = "info"` unquoted is a nested table in TOML."""
    for name, value in table.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", value


def _toml_type(value: Any) -> str:
    return {dict: "a table", list: "a list", str: "a string", bool: "a boolean"}.get(type(value), type(value).__name__)


#: Every key a configuration may hold, section by section, with how its value is read.
KEYS: dict[str, dict[str, Parser]] = {
    "rules": {"disable": _strings, "enable": _strings, "severity": _severities, "extra": _strings},
    "check": {"formats": _strings, "fail_on": _fail_on, "out": _string, "baseline": _string},
    "allowlist": {"credits": _strings},
}


@dataclass(frozen=True)
class Config:
    """Settings of one configuration file (all empty when none was found)."""

    location: Location | None = None
    disable: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    extra_rules: tuple[Path, ...] = ()
    formats: tuple[str, ...] = ()
    fail_on: str | None = None
    out: str | None = None
    baseline: Path | None = None
    allowlist: CreditAllowlist = field(default_factory=lambda: CreditAllowlist(()))

    @property
    def path(self) -> Path | None:
        return self.location.path if self.location else None

    def error(self, key: str, problem: str) -> ConfigError:
        if self.location is None:
            return ConfigError(f"{key}: {problem}")
        return self.location.error(key, problem)

    def check_rules(self, ruleset: RuleSet) -> None:
        """Every rule id the settings name must exist in the loaded rule packs."""
        known = {rule.id for rule in ruleset.rules}
        for key, ids in (("rules.disable", self.disable), ("rules.enable", self.enable)):
            for index, rule_id in enumerate(ids):
                if rule_id not in known:
                    raise self.error(f"{key}[{index}]", f"unknown rule {rule_id!r}")
        for rule_id in self.severity:
            if rule_id not in known:
                raise self.error(f"rules.severity.{rule_id}", "unknown rule")
        both = sorted(set(self.enable) & set(self.disable))
        if both:
            raise self.error("rules.enable", f"{', '.join(both)} also in rules.disable")

    def checker(self, extra_rules: Sequence[Path] | None = None, *, limits: InputLimits | None = None) -> Checker:
        """A Checker with these settings; `extra_rules` (the --rules option) replaces rules.extra."""
        from .api import Checker, default_rules
        from .ingest import InputLimits
        from .rules.ruleset import load_rules

        folders = list(extra_rules) if extra_rules else list(self.extra_rules)
        ruleset = load_rules(folders) if folders else default_rules()
        self.check_rules(ruleset)
        return Checker(ruleset, severity_overrides=dict(self.severity), enable=self.enable, disable=self.disable,
                       allowlist=self.allowlist or None, limits=limits or InputLimits())


def load_config(path: Path) -> Config:
    """Read one configuration file; a `pyproject.toml` must hold a [tool.provenance] table."""
    data = _read_toml(path)
    where = Location(path)
    if path.name == PYPROJECT:
        where = Location(path, "[tool.provenance] ")
        data = _tool_table(data)
        if data is None:
            raise ConfigError(f"{display_path(path)}: no [tool.provenance] table")
    values = _read_sections(data, where)
    base = path.parent
    out = values.get("check.out")
    baseline = values.get("check.baseline")
    extra = tuple(base / folder for folder in values.get("rules.extra", ()))
    for index, folder in enumerate(extra):
        if not folder.is_dir():
            raise where.error(f"rules.extra[{index}]", f"rule folder not found: {display_path(folder)}")
    return Config(location=where, disable=values.get("rules.disable", ()), enable=values.get("rules.enable", ()),
                  severity=values.get("rules.severity", {}), extra_rules=extra,
                  formats=values.get("check.formats", ()), fail_on=values.get("check.fail_on"),
                  out=out if out in (None, "-") else str(base / out),
                  baseline=base / baseline if baseline else None,
                  allowlist=CreditAllowlist(values.get("allowlist.credits", ())))


def _tool_table(pyproject: dict[str, Any]) -> dict[str, Any] | None:
    tool = pyproject.get("tool")
    table = tool.get("provenance") if isinstance(tool, dict) else None
    return table if isinstance(table, dict) else None


def _read_sections(data: dict, where: Location) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for section, body in data.items():
        keys = KEYS.get(section)
        if keys is None:
            raise where.error(section, f"unknown key (expected one of {', '.join(KEYS)})")
        if not isinstance(body, dict):
            raise where.error(section, f"expected a table, got {_toml_type(body)}")
        for key, value in body.items():
            name = f"{section}.{key}"
            if key not in keys:
                raise where.error(name, f"unknown key (expected one of {', '.join(f'{section}.{k}' for k in keys)})")
            values[name] = keys[key](value, name, where)
    return values


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{display_path(path)}: configuration file not found") from None
    except OSError as err:
        raise ConfigError(f"{display_path(path)}: cannot read: {err.strerror or err}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ConfigError(f"{display_path(path)}: invalid TOML: {err}") from None


def find_config(start: Path | None = None) -> Path | None:
    """The nearest settings file from `start` (the working folder) up to the repository root.

    In each folder `provenance.toml` wins over `pyproject.toml`; a `pyproject.toml` counts only
    when it has a [tool.provenance] table. The walk stops at the first folder holding `.git`, so
    settings outside the repository never leak into it.
    """
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG_FILE).is_file():
            return candidate / CONFIG_FILE
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _tool_table(_read_toml(pyproject)) is not None:
            return pyproject
        if (candidate / ".git").exists():
            return None
    return None


def discover_config(start: Path | None = None) -> Config:
    """The settings that apply in `start` (the working folder): the nearest file's, or none."""
    path = find_config(start)
    return load_config(path) if path else Config()
