"""The source registry: who is behind a picture, by any of its names.

Entries come from `rules/sources/*.yaml`. Each file is a registry section (`state` for
state-controlled media and official sources, `other` for wire agencies, intermediaries and
non-state sources), so a newsroom adds a source by adding an entry with its aliases.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path

from ..model import SourceRef
from ..resources import DataError, load_yaml

_COUNTRY = re.compile(r"^[A-Z]{2}$")
_ID = re.compile(r"^[a-z0-9_]+$")


@dataclass(frozen=True)
class Source:
    """One registry entry."""

    id: str
    name: str
    country: str | None
    kind: str
    category: str | None
    registry: str
    aliases: tuple[str, ...]

    @property
    def is_state(self) -> bool:
        return self.registry == "state"

    def ref(self) -> SourceRef:
        return SourceRef(id=self.id, name=self.name, country=self.country, kind=self.kind)


@lru_cache(maxsize=None)
def is_case_sensitive(alias: str) -> bool:
    """Acronyms ("RT", "AA", "MAP") only count in capitals, or they match ordinary words."""
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and len(alias) <= 6 and " " not in alias and all(c.isupper() for c in letters)


@dataclass
class SourceRegistry:
    """All sources by id, with the aliases that name them."""

    sources: dict[str, Source] = field(default_factory=dict)
    case_sensitive: frozenset[str] = frozenset()

    def __len__(self) -> int:
        return len(self.sources)

    def get(self, source_id: str) -> Source | None:
        return self.sources.get(source_id)

    def in_registry(self, registry: str) -> list[Source]:
        return [s for s in self.sources.values() if s.registry == registry]

    def wire_agencies(self) -> list[Source]:
        return [s for s in self.sources.values() if s.kind == "wire_agency"]

    @classmethod
    def load(cls, folder: Path) -> "SourceRegistry":
        registry = cls()
        case_sensitive: set[str] = set()
        files = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
        if not files:
            raise DataError(f"{folder}: no source registry files (*.yaml)")
        for path in files:
            case_sensitive |= registry._add_file(path)
        registry.case_sensitive = frozenset(case_sensitive)
        return registry

    def _add_file(self, path: Path) -> set[str]:
        data = load_yaml(path)
        if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
            raise DataError(f"{path}: a registry file needs a 'sources' list")
        section = str(data.get("registry") or path.stem)
        for index, raw in enumerate(data["sources"]):
            source = _parse_source(raw, section, f"{path}: sources[{index}]")
            if source.id in self.sources:
                raise DataError(f"{path}: source id {source.id!r} is defined twice")
            self.sources[source.id] = source
        extra = data.get("case_sensitive") or []
        if not isinstance(extra, list) or not all(isinstance(t, str) for t in extra):
            raise DataError(f"{path}: 'case_sensitive' must be a list of strings")
        return set(extra)


def _parse_source(raw: object, section: str, where: str) -> Source:
    if not isinstance(raw, dict):
        raise DataError(f"{where}: each source must be a mapping")
    source_id = raw.get("id")
    if not isinstance(source_id, str) or not _ID.match(source_id):
        raise DataError(f"{where}: 'id' must be lower_snake_case, got {source_id!r}")
    where = f"{where} ({source_id})"
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise DataError(f"{where}: 'name' is required")
    country = raw.get("country")
    if country is not None and (not isinstance(country, str) or not _COUNTRY.match(country)):
        raise DataError(f"{where}: 'country' must be an ISO 3166-1 alpha-2 code, got {country!r}")
    kind = raw.get("kind")
    if not isinstance(kind, str) or not kind:
        raise DataError(f"{where}: 'kind' is required")
    aliases = raw.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise DataError(f"{where}: 'aliases' must be a list of non-empty strings")
    names = tuple(dict.fromkeys([name, *(a.strip() for a in aliases)]))
    return Source(id=source_id, name=name, country=country, kind=kind,
                  category=raw.get("category"), registry=section, aliases=names)
