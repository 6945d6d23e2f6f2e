"""Where the containers of one file disagree about the same fact.

A caption edited in XMP by one tool and left stale in IIM by another, a credit line that says
"Handout" in one place and an agency in another: these disagreements are provenance signals in
themselves, so every value is kept and the disagreement is recorded, never silently resolved.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .iptc import IIM_MAX_BYTES
from .model import Conflict, ImageMetadata, MetadataValue

#: Fields compared across origins. Software and history are left out: an EXIF Software tag and an
#: XMP CreatorTool routinely name different programs of one workflow without contradicting each other.
CONFLICT_FIELDS = ("caption", "headline", "credit", "source", "byline", "copyright", "instructions",
                   "usage_terms", "date_created", "city", "region", "country", "gps", "make", "model",
                   "digital_source_type")
#: Positions closer than this (degrees, about 100 m) are the same place written with other rounding.
GPS_TOLERANCE = 0.001
_SPACE = re.compile(r"\s+")


def _text_keys(value: str) -> set[str]:
    return {_SPACE.sub(" ", value).strip().casefold()}


def _byline_keys(value: str) -> set[str]:
    """EXIF Artist lists several creators separated by semicolons; IIM and XMP repeat the field."""
    return {key for part in value.split(";") for key in _text_keys(part) if key}


def _date_keys(value: str) -> set[str]:
    """Only the calendar date: EXIF has no time zone, IIM and XMP often do."""
    return {value[:10]}


def _source_type_keys(value: str) -> set[str]:
    """The IPTC code, whether written as a full NewsCodes URI or bare."""
    return {value.strip().rstrip("/").rsplit("/", 1)[-1].casefold()}


_KEYS: dict[str, Callable[[str], set[str]]] = {
    "byline": _byline_keys, "date_created": _date_keys, "digital_source_type": _source_type_keys}


def find_conflicts(meta: ImageMetadata) -> list[Conflict]:
    """One Conflict per field whose origins do not all say the same thing."""
    conflicts = []
    for name in CONFLICT_FIELDS:
        values = meta.values(name)
        if len({v.origin for v in values}) < 2:
            continue
        disagree = _positions_disagree(values) if name == "gps" else _keys_disagree(values, _KEYS.get(name, _text_keys))
        if disagree:
            conflicts.append(Conflict(name, tuple(values)))
    return conflicts


def _keys_disagree(values: list[MetadataValue], keys: Callable[[str], set[str]]) -> bool:
    by_origin: dict[str, set[str]] = {}
    for item in values:
        by_origin.setdefault(item.origin, set()).update(keys(_untruncated(item, values)))
    return len({frozenset(found) for found in by_origin.values()}) > 1


def _untruncated(item: MetadataValue, values: list[MetadataValue]) -> str:
    """An IIM value cut at its dataset's length limit stands for the longer value it begins."""
    limit = IIM_MAX_BYTES.get(item.origin)
    if not limit or len(item.value.encode("utf-8")) < limit - 3:
        return item.value
    start = _SPACE.sub(" ", item.value).casefold()
    return next((other.value for other in values if other.origin != item.origin
                 and _SPACE.sub(" ", other.value).casefold().startswith(start)), item.value)


def _positions_disagree(values: list[MetadataValue]) -> bool:
    points = []
    for item in values:
        latitude, _, longitude = item.value.partition(",")
        points.append((float(latitude), float(longitude)))
    first = points[0]
    return any(abs(p[0] - first[0]) > GPS_TOLERANCE or abs(p[1] - first[1]) > GPS_TOLERANCE for p in points[1:])
