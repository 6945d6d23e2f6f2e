"""Load rule packs, lexicons and the source registry into one `RuleSet`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..resources import DataError, builtin_rules_dir, load_yaml
from .credits import CreditDetector
from .registry import SourceRegistry
from .schema import Rule, RuleError, TermSet, parse_rule

#: Folders of a rules directory that are not rule packs.
_DATA_FOLDERS = {"sources", "lexicons", "reference"}


@dataclass
class RuleSet:
    """Everything the engine needs: rules, shared lexicons, the source registry."""

    rules: list[Rule]
    registry: SourceRegistry
    lexicons: dict[str, dict[str, list[str]]]
    reference: dict[str, Any] = field(default_factory=dict)
    credits: CreditDetector = field(init=False)

    def __post_init__(self) -> None:
        self._check_references()
        markers = _all_terms(self.lexicons.get("credit_markers", {}))
        words = _all_terms(self.lexicons.get("credit_words", {}))
        self.credits = CreditDetector(self.registry, markers, words)

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def enabled(self) -> list[Rule]:
        return [r for r in self.rules if r.enabled]

    def terms(self, term_set: TermSet) -> dict[str, list[str]]:
        """Phrases per language of an inline term set or a named lexicon."""
        if "lexicon" in term_set:
            return self.lexicons[term_set["lexicon"]]
        return term_set

    def _check_references(self) -> None:
        from .fields import known_field

        for rule in self.rules:
            for matcher in rule.matchers:
                names = (*matcher.field.names, *matcher.field.show) if matcher.field else ()
                unknown = [n for n in names if not known_field(n)]
                if unknown:
                    raise RuleError(f"{rule.path}: rule {rule.id}: unknown metadata field(s) {', '.join(unknown)}")
            for term_set in _term_sets_of(rule):
                name = term_set.get("lexicon")
                if name is not None and name not in self.lexicons:
                    known = ", ".join(sorted(self.lexicons)) or "none"
                    raise RuleError(f"{rule.path}: rule {rule.id}: unknown lexicon {name!r} (known: {known})")


def _term_sets_of(rule: Rule) -> list[TermSet]:
    sets = [*rule.requires, *rule.excludes]
    for matcher in rule.matchers:
        if matcher.field and matcher.field.terms:
            sets.append(matcher.field.terms)
        if matcher.terms:
            sets.append(matcher.terms)
        if matcher.source:
            sets += [t for t in (matcher.source.cues, matcher.source.cues_after) if t]
    return sets


def _all_terms(lexicon: dict[str, list[str]]) -> list[str]:
    return [term for terms in lexicon.values() for term in terms]


def load_rules(extra_dirs: list[Path] | None = None, *, include_builtin: bool = True) -> RuleSet:
    """Read the shipped rule packs plus any extra rule folders (a newsroom's own)."""
    dirs = ([builtin_rules_dir()] if include_builtin else []) + list(extra_dirs or [])
    if not dirs:
        raise DataError("no rule folders given")
    registry = SourceRegistry()
    lexicons: dict[str, dict[str, list[str]]] = {}
    reference: dict[str, Any] = {}
    rules: dict[str, Rule] = {}
    for folder in dirs:
        if not folder.is_dir():
            raise DataError(f"{folder}: rule folder not found")
        if (folder / "sources").is_dir():
            registry = _merge_registries(registry, SourceRegistry.load(folder / "sources"))
        if (folder / "lexicons").is_dir():
            lexicons.update(_load_lexicons(folder / "lexicons"))
        if (folder / "reference").is_dir():
            reference.update(_load_reference(folder / "reference"))
        for path in _rule_files(folder):
            rule = parse_rule(load_yaml(path), path)
            if rule.id in rules:
                raise RuleError(f"{path}: rule id {rule.id!r} is already defined in {rules[rule.id].path}")
            rules[rule.id] = rule
    if not rules:
        raise DataError(f"no rules found in {', '.join(str(d) for d in dirs)}")
    return RuleSet(rules=list(rules.values()), registry=registry, lexicons=lexicons, reference=reference)


def _rule_files(folder: Path) -> list[Path]:
    files = [p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()]
    return sorted(p for p in files if p.relative_to(folder).parts[0] not in _DATA_FOLDERS)


def _merge_registries(base: SourceRegistry, extra: SourceRegistry) -> SourceRegistry:
    for source_id, source in extra.sources.items():
        if source_id in base.sources:
            raise DataError(f"source id {source_id!r} is defined in two rule folders")
        base.sources[source_id] = source
    base.case_sensitive = base.case_sensitive | extra.case_sensitive
    return base


def _load_reference(folder: Path) -> dict[str, Any]:
    """Reference tables (month names, places): validated here so a bad edit fails at load."""
    tables: dict[str, Any] = {}
    for path in sorted(folder.glob("*.y*ml")):
        data = load_yaml(path)
        check = _REFERENCE_CHECKS.get(path.stem)
        if check is not None:
            check(data, path)
        tables[path.stem] = data
    return tables


def _check_months(data: Any, path: Path) -> None:
    if not isinstance(data, dict) or not all(
            isinstance(names, dict) and all(isinstance(n, str) and isinstance(m, int) and 1 <= m <= 12
                                            for n, m in names.items()) for names in data.values()):
        raise DataError(f"{path}: months map each language to {{written form: month number 1-12}}")


def _check_places(data: Any, path: Path) -> None:
    if not isinstance(data, list):
        raise DataError(f"{path}: places is a list of {{name, lat, lon, aliases}}")
    for i, place in enumerate(data):
        ok = (isinstance(place, dict) and isinstance(place.get("name"), str)
              and all(isinstance(place.get(k), (int, float)) for k in ("lat", "lon"))
              and -90 <= place["lat"] <= 90 and -180 <= place["lon"] <= 180
              and isinstance(place.get("aliases", []), list)
              and all(isinstance(a, str) for a in place.get("aliases", [])))
        if not ok:
            raise DataError(f"{path}: places[{i}] needs a name, lat (-90..90), lon (-180..180) and a list of aliases")


_REFERENCE_CHECKS = {"months": _check_months, "places": _check_places}


def _load_lexicons(folder: Path) -> dict[str, dict[str, list[str]]]:
    lexicons = {}
    for path in sorted(folder.glob("*.y*ml")):
        data = load_yaml(path)
        if not isinstance(data, dict) or not data:
            raise DataError(f"{path}: a lexicon maps language codes to lists of phrases")
        for lang, terms in data.items():
            if not isinstance(terms, list) or not all(isinstance(t, str) and t.strip() for t in terms):
                raise DataError(f"{path}: {lang}: expected a list of non-empty phrases")
        lexicons[path.stem] = {str(k): list(v) for k, v in data.items()}
    return lexicons
