"""Turn the raw values of each container into one comparable form (text, ISO dates, decimal GPS)."""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Sequence

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    """NFC, no control characters (NULs pad IIM and EXIF strings), no outer whitespace."""
    return unicodedata.normalize("NFC", _CONTROL.sub("", value)).strip()


def _latin1_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    return error.object[error.start:error.end].decode("latin-1"), error.end


codecs.register_error("provenance-latin1-fallback", _latin1_fallback)


def decode_cp1252(raw: bytes) -> str:
    """Windows-1252, the de-facto "Latin-1" of IIM; its five undefined bytes fall back to Latin-1."""
    return raw.decode("cp1252", errors="provenance-latin1-fallback")


def decode_undeclared(raw: bytes) -> tuple[str, str]:
    """Text whose writer named no charset: (text, charset used).

    Non-ASCII bytes that form valid UTF-8 are UTF-8 (legacy 8-bit text almost never does);
    anything else is read as Windows-1252.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return decode_cp1252(raw), "cp1252"
    return text, "utf-8" if not text.isascii() else "ascii"


# --- dates ------------------------------------------------------------------------------

_EXIF_DATE = re.compile(r"^(\d{4}):(\d{2}):(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?")
_IPTC_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_IPTC_TIME = re.compile(r"^(\d{2})(\d{2})(\d{2})([+-]\d{2})?(\d{2})?$")


def exif_date(value: str) -> str | None:
    """EXIF "2014:12:06 14:56:15" as ISO "2014-12-06T14:56:15"; blank dates ("0000:00:00") are None."""
    match = _EXIF_DATE.match(value.strip())
    if not match or match.group(1) == "0000":
        return None
    year, month, day, hour, minute, second = match.groups()
    date = f"{year}-{month}-{day}"
    return date if hour is None else f"{date}T{hour}:{minute}:{second or '00'}"


def iptc_date(date: str, time: str | None) -> str | None:
    """IIM 2:55 "20141206" plus 2:60 "145615+0000" as ISO "2014-12-06T14:56:15+00:00"."""
    match = _IPTC_DATE.match(date.strip())
    if not match or match.group(1) == "0000":
        return None
    iso = "-".join(match.groups())
    clock = _IPTC_TIME.match((time or "").strip())
    if clock:
        hour, minute, second, zone_hours, zone_minutes = clock.groups()
        iso += f"T{hour}:{minute}:{second}"
        if zone_hours:
            iso += f"{zone_hours}:{zone_minutes or '00'}"
    return iso


# --- GPS --------------------------------------------------------------------------------

def degrees_from_dms(parts: Sequence[float], reference: str) -> float | None:
    """Degrees, minutes, seconds and an N/S/E/W reference as signed decimal degrees."""
    if not parts:
        return None
    degrees = sum(float(p) / 60 ** i for i, p in enumerate(parts[:3]))
    if reference.strip().upper()[:1] in ("S", "W"):
        degrees = -degrees
    return degrees


_XMP_GPS = re.compile(r"^\s*(\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?))?(?:,(\d+(?:\.\d+)?))?\s*([NSEW])\s*$", re.I)


def degrees_from_xmp(value: str) -> float | None:
    """XMP GPS coordinates ("54,59.38N" or "54,59,22.8N") as signed decimal degrees."""
    match = _XMP_GPS.match(value)
    if not match:
        return None
    numbers = [float(n) for n in match.groups()[:3] if n is not None]
    return degrees_from_dms(numbers, match.group(4))


def format_position(latitude: float | None, longitude: float | None) -> str | None:
    """"lat, lon" with six decimals (about 10 cm), or None when either is missing or impossible."""
    if latitude is None or longitude is None or abs(latitude) > 90 or abs(longitude) > 180:
        return None
    return f"{latitude:.6f}, {longitude:.6f}"
