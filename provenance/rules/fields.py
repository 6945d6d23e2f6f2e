"""Field predicates over picture metadata: the `field` matcher of metadata rules.

Metadata values are short, labelled strings (a credit line, a URI, a C2PA status code), so
predicates compare values directly; only `names_source` needs the registry matchers.
C2PA facts are exposed as pseudo-fields (`c2pa.validation_state`, `c2pa.actions`, ...) so a
rule can test them the same way it tests an IPTC field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .nlp import fold
from .schema import FieldMatcher

if TYPE_CHECKING:
    from ..metadata.model import ImageMetadata, MetadataValue

#: Pseudo-fields read from the C2PA summary, and from the reader's own problems.
C2PA_FIELDS = ("c2pa.present", "c2pa.location", "c2pa.validation_state", "c2pa.failure_codes", "c2pa.signer", "c2pa.issuer",
               "c2pa.claim_generator", "c2pa.actions", "c2pa.software_agents", "c2pa.ai_source_types",
               "c2pa.remote_url", "c2pa.error")
OTHER_FIELDS = ("problem", "problem.kind", "conflict", "format")


@dataclass(frozen=True)
class FieldHit:
    """A metadata value that satisfied a predicate, and the part of it that did."""

    value: "MetadataValue | None"
    start: int = 0
    end: int = 0
    field: str = ""


def known_field(name: str) -> bool:
    from ..metadata.model import FIELD_LABELS

    return name in FIELD_LABELS or name in C2PA_FIELDS or name in OTHER_FIELDS


def field_values(meta: "ImageMetadata", name: str) -> list["MetadataValue"]:
    """Values of a normalized field or a pseudo-field, each with its origin."""
    from ..metadata.model import FIELD_LABELS, MetadataValue

    if name in FIELD_LABELS:
        return list(meta.values(name))
    if name == "problem":
        return [MetadataValue(f"{p.kind}: {p.reason}", f"File:{p.kind}") for p in meta.problems]
    if name == "problem.kind":
        return [MetadataValue(p.kind, f"File:{p.kind}") for p in meta.problems]
    if name == "conflict":
        return [MetadataValue(" ≠ ".join(f"{v.value} ({v.origin})" for v in c.values), f"Conflict:{c.field}")
                for c in meta.conflicts]
    if name == "format":
        return [MetadataValue(meta.format, "File:Format")] if meta.format else []
    c2pa = meta.c2pa
    if c2pa is None:
        return []
    attribute = name.split(".", 1)[1]
    if attribute == "present":
        return [MetadataValue(c2pa.location, "C2PA:manifest")] if c2pa.location != "missing" else []
    if attribute == "actions":
        return [MetadataValue(a.action, "C2PA:c2pa.actions") for a in c2pa.actions]
    if attribute == "error" and c2pa.location != "embedded":
        return []  # a remote or stripped manifest is its own finding, not a validation error
    if attribute == "software_agents":
        return [MetadataValue(a.software_agent, "C2PA:c2pa.actions") for a in c2pa.actions if a.software_agent]
    raw = getattr(c2pa, attribute, None)
    items = raw if isinstance(raw, list) else [raw] if raw else []
    return [MetadataValue(str(item), f"C2PA:{attribute}") for item in items]


def evaluate(matcher: FieldMatcher, meta: "ImageMetadata", terms: dict[str, list[str]] | None = None) -> list[FieldHit]:
    """The values satisfying the predicate, plus the `show` fields' values when it holds."""
    hits = _predicate_hits(matcher, meta, terms)
    if hits:
        hits += [FieldHit(v, 0, len(v.value), name) for name in matcher.show for v in field_values(meta, name)]
    return hits


def _predicate_hits(matcher: FieldMatcher, meta: "ImageMetadata", terms: dict[str, list[str]] | None) -> list[FieldHit]:
    """The values satisfying the predicate; one empty hit for `missing` when nothing is there."""
    values = [(name, v) for name in matcher.names for v in field_values(meta, name)]
    if matcher.predicate == "missing":
        return [] if values else [FieldHit(None, field=",".join(matcher.names))]
    if matcher.predicate == "exists":
        return [FieldHit(v, 0, len(v.value), name) for name, v in values]
    if matcher.predicate in ("equals", "in"):
        wanted = {_normal(x) for x in matcher.values}
        return [FieldHit(v, 0, len(v.value), name) for name, v in values if _normal(v.value) in wanted]
    if matcher.predicate == "matches":
        pattern = _phrase_regex(tuple(t for group in (terms or {}).values() for t in group))
        hits = []
        for name, v in values:
            m = pattern.search(fold(v.value)) if pattern else None
            if m:
                hits.append(FieldHit(v, m.start(), m.end(), name))
        return hits
    raise ValueError(f"predicate {matcher.predicate!r} is evaluated by the engine")


def _normal(value: str) -> str:
    """Compare case-insensitively; a vocabulary URI by its code ("…/trainedAlgorithmicMedia")."""
    value = value.strip()
    if "://" in value or value.count("/") > 1:
        value = value.rstrip("/").rsplit("/", 1)[-1]
    return value.casefold()


@lru_cache(maxsize=256)
def _phrase_regex(phrases: tuple[str, ...]) -> re.Pattern | None:
    folded = sorted({fold(p.strip()) for p in phrases if p.strip()}, key=len, reverse=True)
    if not folded:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in folded) + r")(?!\w)")
