"""EXIF (a TIFF structure) through exifread, without maker notes and with its warnings kept.

exifread is given only the EXIF block (or the whole TIFF file), already in memory and under
the file-size cap, so every offset it follows stays inside those bytes; it detects IFD loops.
Its warnings about damaged IFDs become `malformed` problems instead of log noise.
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import exifread

from .model import ImageMetadata, Problem
from .values import clean_text, decode_undeclared, degrees_from_dms, exif_date, format_position

#: exifread tag name -> (normalized field, exiftool-style origin).
EXIF_TEXT_TAGS = {
    "Image ImageDescription": ("caption", "EXIF:ImageDescription"),
    "Image Artist": ("byline", "EXIF:Artist"),
    "Image Copyright": ("copyright", "EXIF:Copyright"),
    "Image Make": ("make", "EXIF:Make"),
    "Image Model": ("model", "EXIF:Model"),
    "Image Software": ("software", "EXIF:Software"),
}
_log_lock = threading.Lock()


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.messages) < 20:
            self.messages.append(record.getMessage())


@contextmanager
def _exifread_warnings() -> Iterator[list[str]]:
    """Catch exifread's warnings for this call only, instead of printing them to stderr."""
    logger = logging.getLogger("exifread")
    handler = _Collect()
    with _log_lock:
        propagate = logger.propagate
        logger.addHandler(handler)
        logger.propagate = False
        try:
            yield handler.messages
        finally:
            logger.removeHandler(handler)
            logger.propagate = propagate


def read_exif_tags(blob: bytes) -> tuple[dict, list[str]]:
    """exifread's tags for an EXIF block, and the warnings it raised reading it."""
    with _exifread_warnings() as warnings:
        try:
            tags = exifread.process_file(io.BytesIO(blob), details=False, extract_thumbnail=False,
                                         truncate_tags=False)
        except Exception as error:  # exifread raises many kinds on damaged IFDs
            warnings.append(f"{type(error).__name__}: {error}")
            tags = {}
    return tags, [w for w in warnings if "not found" not in w.lower()]


def add_exif(meta: ImageMetadata, blob: bytes, limit_text: Callable[[str, str], str]) -> None:
    """Add the EXIF block's fields (text tags, DateTimeOriginal, GPS position) to `meta`."""
    tags, warnings = read_exif_tags(blob)
    for warning in dict.fromkeys(warnings):
        meta.problems.append(Problem("malformed", f"EXIF: {warning}"))
    for tag, (name, origin) in EXIF_TEXT_TAGS.items():
        text = _tag_text(tags.get(tag))
        if text:
            meta.add(name, limit_text(text, origin), origin)
    date = exif_date(_tag_text(tags.get("EXIF DateTimeOriginal")) or "")
    if date:
        meta.add("date_created", date, "EXIF:DateTimeOriginal")
    position = _gps(tags)
    if position:
        meta.add("gps", position, "EXIF:GPSLatitude/GPSLongitude")


def _tag_text(tag) -> str | None:
    """An ASCII tag's text; exifread leaves non-UTF-8 bytes undecoded, so decode them here."""
    if tag is None:
        return None
    values = tag.values
    if isinstance(values, bytes):
        values = decode_undeclared(values.split(b"\x00", 1)[0])[0]
    if not isinstance(values, str):
        return None
    return clean_text(values) or None


def _gps(tags: dict) -> str | None:
    def axis(name: str) -> float | None:
        tag, ref = tags.get(f"GPS GPS{name}"), _tag_text(tags.get(f"GPS GPS{name}Ref"))
        if tag is None or not isinstance(tag.values, list):
            return None
        try:
            numbers = [float(v) for v in tag.values]
        except (TypeError, ValueError, ZeroDivisionError):
            return None
        return degrees_from_dms(numbers, ref or "")

    return format_position(axis("Latitude"), axis("Longitude"))

