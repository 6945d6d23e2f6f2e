"""Compare what an article publishes with what its picture carries.

These are the engine's figure-level checks. A `crosscheck` rule fires when a signal was found
in some places (the picture's metadata, a credit) but no disclosure in others (the caption's
prose). A `compare` rule runs one of the built-in comparisons below, with the threshold its
rule file sets: credit sources, capture date, place.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from .model import Evidence, Figure, Finding
from .rules.credits import Span
from .rules.nlp import fold
from .rules.ruleset import RuleSet
from .rules.schema import Compare, SignalSpec

_CREDIT_FIELDS = ("credit", "source", "byline", "copyright")


def place_of(evidence: Evidence, caption_credit_spans: list[Span]) -> str:
    """Where a piece of evidence sits: caption prose, a credit, metadata or body."""
    if evidence.field == "caption":
        inside = any(s <= evidence.start and evidence.end <= e for s, e in caption_credit_spans)
        return "credit" if inside else "caption"
    if evidence.field in ("credit", "metadata", "body"):
        return evidence.field
    return evidence.field


def signal_evidence(findings: list[Finding], spec: SignalSpec, spans: list[Span]) -> list[tuple[Finding, Evidence]]:
    return [(f, e) for f in findings if f.category in spec.categories
            for e in f.evidence if place_of(e, spans) in spec.places]


@dataclass
class Comparisons:
    """The built-in comparisons, with the reference tables they need."""

    ruleset: RuleSet

    def run(self, spec: Compare, figure: Figure, index: int, scan_sources) -> tuple[list[Evidence], str]:
        """Evidence and a detail for the message when the comparison finds a difference, else ([], "")."""
        if figure.metadata is None or not figure.caption.strip() and not figure.credit.strip():
            return [], ""
        method = {"credit_sources": self.credit_sources, "capture_date": self.capture_date,
                  "place": self.place}[spec.check]
        return method(spec.threshold, figure, index, scan_sources)

    # -- credit sources ------------------------------------------------------------------

    def credit_sources(self, _threshold: float, figure: Figure, index: int, scan_sources) -> tuple[list[Evidence], str]:
        """Sources the embedded credit names that the published credit dropped ("AP" for "KCNA via KNS/AP")."""
        published = self._published_credit(figure)
        if not published.strip():
            return [], ""
        kept = {source.id for source, _ in scan_sources(published)}
        evidence, dropped = [], []
        for name in _CREDIT_FIELDS:
            for value in figure.metadata.values(name):
                for source, (start, end) in scan_sources(value.value):
                    if source.id not in kept:
                        dropped.append(source.name)
                        evidence.append(Evidence("metadata", start, end, value.value[start:end], index, value.origin))
        if not evidence:
            return [], ""
        evidence.append(self._credit_evidence(figure, index))
        return evidence, f"the published credit drops {', '.join(dict.fromkeys(dropped))}"

    def _published_credit(self, figure: Figure) -> str:
        if figure.credit_span is not None:
            start, end = figure.credit_span
            return figure.caption[start:end]
        return figure.credit

    @staticmethod
    def _credit_evidence(figure: Figure, index: int) -> Evidence:
        if figure.credit_span is not None:
            start, end = figure.credit_span
            return Evidence("caption", start, end, figure.caption[start:end], index)
        return Evidence("credit", 0, len(figure.credit), figure.credit, index, figure.origins.get("credit"))

    # -- capture date --------------------------------------------------------------------

    def capture_date(self, threshold: float, figure: Figure, index: int, _scan) -> tuple[list[Evidence], str]:
        """The caption's dates are all more than `threshold` days from when the picture was taken."""
        captured = [(d, v) for v in figure.metadata.values("date_created") if (d := _iso_date(v.value))]
        if not captured or self._undated(figure.caption):
            return [], ""
        taken, value = min(captured, key=lambda item: item[0])
        mentioned = self.dates_in(figure.caption, taken.year)
        if not mentioned:
            return [], ""
        gap = min(abs((d - taken).days) for d, _ in mentioned)
        if gap <= threshold:
            return [], ""
        evidence = [Evidence("caption", s, e, figure.caption[s:e], index) for _, (s, e) in mentioned]
        evidence.append(Evidence("metadata", 0, len(value.value), value.value, index, value.origin))
        return evidence, f"the caption's date is {gap} days from the capture date {taken.isoformat()}"

    def _undated(self, caption: str) -> bool:
        return bool(self._undated_regex and self._undated_regex.search(fold(caption)))

    @cached_property
    def _undated_regex(self) -> re.Pattern | None:
        markers = {fold(m) for terms in self.ruleset.lexicons.get("undated_markers", {}).values() for m in terms}
        if not markers:
            return None
        alternatives = "|".join(re.escape(m) for m in sorted(markers, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")

    @cached_property
    def _month_names(self) -> dict[str, int]:
        names: dict[str, int] = {}
        for table in self.ruleset.reference.get("months", {}).values():
            for written, number in table.items():
                names.setdefault(fold(written), number)
        return names

    @cached_property
    def _date_patterns(self) -> list[re.Pattern]:
        month = "|".join(sorted((re.escape(m) for m in self._month_names), key=len, reverse=True))
        return [
            re.compile(rf"(?<!\w)(?P<month>{month})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?"),
            re.compile(rf"(?<!\w)(?P<day>\d{{1,2}})(?:er|\.|º)?\s+(?:de\s+)?(?P<month>{month})\.?(?:\s+(?:de\s+)?(?P<year>\d{{4}}))?"),
            re.compile(r"(?<![\w/.])(?P<day>\d{1,2})[./](?P<mnum>\d{1,2})[./](?P<year>\d{4})(?![\w/])"),
            re.compile(r"(?<![\w-])(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})(?![\w-])"),
        ]

    def dates_in(self, text: str, default_year: int) -> list[tuple[date, Span]]:
        """Calendar dates written in a caption, in any of the languages the months table knows."""
        folded = fold(text)
        found: dict[Span, date] = {}
        for pattern in self._date_patterns:
            for m in pattern.finditer(folded):
                parsed = self._date_from(m, default_year)
                if parsed and not any(s <= m.start() < e for s, e in found):
                    found[(m.start(), m.end())] = parsed
        return [(d, span) for span, d in sorted(found.items())]

    def _date_from(self, m: re.Match, default_year: int) -> date | None:
        groups = m.groupdict()
        month = self._month_names.get(groups["month"]) if groups.get("month") else int(groups["mnum"])
        try:
            return date(int(groups["year"] or default_year), month, int(groups["day"]))
        except (TypeError, ValueError):
            return None

    # -- place ---------------------------------------------------------------------------

    def place(self, threshold: float, figure: Figure, index: int, _scan) -> tuple[list[Evidence], str]:
        """Every place the caption names is more than `threshold` km from the picture's GPS position."""
        positions = [(p, v) for v in figure.metadata.values("gps") if (p := _lat_lon(v.value))]
        if not positions:
            return [], ""
        (lat, lon), value = positions[0]
        named = self.places_in(figure.caption)
        if not named:
            return [], ""
        distances = [(_km(lat, lon, place["lat"], place["lon"]), place, span) for place, span in named]
        nearest = min(d for d, _, _ in distances)
        if nearest <= threshold:
            return [], ""
        evidence = [Evidence("caption", s, e, figure.caption[s:e], index) for _, _, (s, e) in distances]
        evidence.append(Evidence("metadata", 0, len(value.value), value.value, index, value.origin))
        closest = min(distances, key=lambda d: d[0])[1]["name"]
        return evidence, f"the picture's GPS position is {nearest:,.0f} km from {closest}, the nearest place the caption names"

    @cached_property
    def _places_regex(self) -> tuple[re.Pattern | None, dict[str, dict]]:
        index: dict[str, dict] = {}
        for place in self.ruleset.reference.get("places", []):
            for spelling in [place["name"], *place.get("aliases", [])]:
                index.setdefault(fold(spelling), place)
        if not index:
            return None, {}
        alternatives = "|".join(re.escape(s) for s in sorted(index, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"), index

    def places_in(self, text: str) -> list[tuple[dict, Span]]:
        regex, index = self._places_regex
        if regex is None:
            return []
        return [(index[m.group()], (m.start(), m.end())) for m in regex.finditer(fold(text))]


def _iso_date(value: str) -> date | None:
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")[:25]).date()
    except ValueError:
        match = re.match(r"(\d{4})[-:](\d{2})[-:](\d{2})", value.strip())
        if not match:
            return None
        try:
            return date(*(int(g) for g in match.groups()))
        except ValueError:
            return None


def _lat_lon(value: str) -> tuple[float, float] | None:
    numbers = re.findall(r"-?\d+(?:\.\d+)?", value)
    if len(numbers) < 2:
        return None
    lat, lon = float(numbers[0]), float(numbers[1])
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))
