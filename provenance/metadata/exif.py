"""EXIF (a TIFF structure): the few tags a desk needs, read by a bounded IFD walker.

Only IFD0, the EXIF sub-IFD and the GPS IFD are walked, and only the tags below are
decoded. Every IFD offset, entry count and value offset is checked against the block's
length before it is followed, so a lying IFD ends in a `malformed` problem that names it
("EXIF: IFD0 offset 4294967280 is past the end of the 26-byte block"), never in a huge read
or a silent loss; an IFD that points back to one already read is a loop, read once.
A general EXIF library decodes every tag of every IFD, maker notes included, for fields
no rule reads: walking only these costs a tenth of the time.

HEIF files (HEIC, AVIF) keep their EXIF in an item of the ISO box structure, which exifread
locates and reads; its warnings become the same `malformed` problems.
"""

from __future__ import annotations

import io
import logging
import struct
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .model import ImageMetadata, Problem
from .values import clean_text, decode_undeclared, degrees_from_dms, exif_date, format_position

IFD0, EXIF_IFD, GPS_IFD = "IFD0", "EXIF IFD", "GPS IFD"
#: Tags that point to a sub-IFD, by the IFD they point to.
SUB_IFD_POINTERS = {0x8769: EXIF_IFD, 0x8825: GPS_IFD}
#: (IFD, tag) -> (normalized field, exiftool-style origin), for the text tags.
TEXT_TAGS = {
    (IFD0, 0x010E): ("caption", "EXIF:ImageDescription"),
    (IFD0, 0x013B): ("byline", "EXIF:Artist"),
    (IFD0, 0x8298): ("copyright", "EXIF:Copyright"),
    (IFD0, 0x010F): ("make", "EXIF:Make"),
    (IFD0, 0x0110): ("model", "EXIF:Model"),
    (IFD0, 0x0131): ("software", "EXIF:Software"),
}
DATE_ORIGINAL = (EXIF_IFD, 0x9003)
GPS_LATITUDE_REF, GPS_LATITUDE = (GPS_IFD, 1), (GPS_IFD, 2)
GPS_LONGITUDE_REF, GPS_LONGITUDE = (GPS_IFD, 3), (GPS_IFD, 4)
#: The tags decoded from each IFD (the pointers are followed, not decoded).
WANTED = {
    IFD0: frozenset(tag for ifd, tag in TEXT_TAGS if ifd == IFD0),
    EXIF_IFD: frozenset({DATE_ORIGINAL[1]}),
    GPS_IFD: frozenset(tag for _, tag in (GPS_LATITUDE_REF, GPS_LATITUDE, GPS_LONGITUDE_REF, GPS_LONGITUDE)),
}
#: Bytes per value of each TIFF field type.
TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}
TEXT_TYPES = frozenset({1, 2, 7})  # ASCII, and the BYTE/UNDEFINED some writers use for text
RATIONAL_TYPES = {5: "I", 10: "i"}

ExifValue = str | list[float]
ExifTags = dict[tuple[str, int], ExifValue]


def add_exif(meta: ImageMetadata, blob: bytes, limit_text: Callable[[str, str], str], heif: bool = False) -> None:
    """Add the EXIF block's fields (text tags, DateTimeOriginal, GPS position) to `meta`.

    `blob` starts with a TIFF header, except for HEIF files (`heif`), where it is the whole file.
    """
    tags, problems = read_heif_exif(blob) if heif else read_tiff_exif(blob)
    for problem in dict.fromkeys(problems):
        meta.problems.append(Problem("malformed", f"EXIF: {problem}"))
    for key, (name, origin) in TEXT_TAGS.items():
        text = _text(tags.get(key))
        if text:
            meta.add(name, limit_text(text, origin), origin)
    date = exif_date(_text(tags.get(DATE_ORIGINAL)) or "")
    if date:
        meta.add("date_created", date, "EXIF:DateTimeOriginal")
    position = format_position(_degrees(tags, GPS_LATITUDE, GPS_LATITUDE_REF),
                               _degrees(tags, GPS_LONGITUDE, GPS_LONGITUDE_REF))
    if position:
        meta.add("gps", position, "EXIF:GPSLatitude/GPSLongitude")


def _text(value: ExifValue | None) -> str | None:
    return (clean_text(value) or None) if isinstance(value, str) else None


def _degrees(tags: ExifTags, axis: tuple[str, int], reference: tuple[str, int]) -> float | None:
    value = tags.get(axis)
    if not isinstance(value, list) or not value:
        return None
    return degrees_from_dms(value, _text(tags.get(reference)) or "")


# --- the IFD walker ------------------------------------------------------------------------

def read_tiff_exif(blob: bytes) -> tuple[ExifTags, list[str]]:
    """The wanted tags of a TIFF-structured block, and what was wrong with its IFDs."""
    if blob[:4] in (b"II+\x00", b"MM\x00+"):
        return {}, []  # BigTIFF: the container walker notes it is not read
    if len(blob) < 8 or blob[:4] not in (b"II*\x00", b"MM\x00*"):
        return {}, [f"the block does not start with a TIFF header (found {blob[:4]!r}); not read"]
    walker = _IfdWalker(blob, "<" if blob[:2] == b"II" else ">")
    walker.walk(walker.unpack("I", 4), IFD0)
    return walker.tags, walker.problems


class _IfdWalker:
    """Walks IFD0 and the sub-IFDs it points to, checking every offset against the block."""

    def __init__(self, blob: bytes, order: str):
        self.blob, self.order = blob, order
        self.tags: ExifTags = {}
        self.problems: list[str] = []
        self.visited: set[int] = set()

    def unpack(self, form: str, at: int) -> int:
        return struct.unpack_from(self.order + form, self.blob, at)[0]

    def walk(self, offset: int, ifd: str) -> None:
        size = len(self.blob)
        if offset < 8 or offset + 2 > size:
            self.problems.append(f"{ifd} offset {offset} is past the end of the {size}-byte block; not read"
                                 if offset >= 8 else f"{ifd} offset {offset} points into the TIFF header; not read")
            return
        if offset in self.visited:
            self.problems.append(f"{ifd} at offset {offset} is an IFD already read (a loop); read once")
            return
        self.visited.add(offset)
        claimed = self.unpack("H", offset)
        fits = min(claimed, (size - offset - 2) // 12)
        if fits < claimed:
            self.problems.append(f"{ifd} at offset {offset} claims {claimed} entries; only {fits} fit in the "
                                 f"{size}-byte block")
        pointers = self._entries(offset + 2, fits, ifd)
        if ifd == IFD0:
            self._check_next_ifd(offset + 2 + 12 * claimed)
        for tag, target in pointers:
            if target:  # 0: the writer left the pointer empty
                self.walk(target, SUB_IFD_POINTERS[tag])

    def _entries(self, start: int, count: int, ifd: str) -> list[tuple[int, int]]:
        """Decode the wanted entries; returns the sub-IFD pointers of IFD0 to follow."""
        wanted, pointers, outside = WANTED[ifd], [], []
        for at in range(start, start + 12 * count, 12):
            tag, kind, number = struct.unpack_from(self.order + "HHI", self.blob, at)
            length = number * TYPE_SIZES.get(kind, 0)
            value_at = at + 8 if length <= 4 else self.unpack("I", at + 8)
            if value_at + length > len(self.blob):
                outside.append(f"0x{tag:04X} ({length} bytes at offset {value_at})")
            elif ifd == IFD0 and tag in SUB_IFD_POINTERS and kind in (4, 13) and number == 1:
                pointers.append((tag, self.unpack("I", value_at)))
            elif tag in wanted:
                value = self._decode(kind, number, self.blob[value_at:value_at + length])
                if value is not None:
                    self.tags[(ifd, tag)] = value
        if outside:
            self.problems.append(f"{ifd} points past the end of the {len(self.blob)}-byte block for tag "
                                 f"{', '.join(outside[:4])}{' and more' if len(outside) > 4 else ''}; not read")
        return pointers

    def _check_next_ifd(self, at: int) -> None:
        """IFD1 (the thumbnail) is never read, but a pointer to it past the end is damage all the same."""
        if at + 4 <= len(self.blob):
            target = self.unpack("I", at)
            if target and target + 2 > len(self.blob):
                self.problems.append(f"IFD1 offset {target} is past the end of the {len(self.blob)}-byte block")

    def _decode(self, kind: int, count: int, raw: bytes) -> ExifValue | None:
        if kind in TEXT_TYPES:
            return decode_undeclared(raw.split(b"\x00", 1)[0])[0]
        form = RATIONAL_TYPES.get(kind)
        if form is None:
            return None
        numbers = struct.unpack(f"{self.order}{2 * count}{form}", raw)
        if 0 in numbers[1::2]:
            return None
        return [numerator / denominator for numerator, denominator in zip(numbers[::2], numbers[1::2])]


# --- HEIF, through exifread ----------------------------------------------------------------

#: exifread's tag names for the (IFD, tag) keys above.
EXIFREAD_NAMES = {
    "Image ImageDescription": (IFD0, 0x010E), "Image Artist": (IFD0, 0x013B), "Image Copyright": (IFD0, 0x8298),
    "Image Make": (IFD0, 0x010F), "Image Model": (IFD0, 0x0110), "Image Software": (IFD0, 0x0131),
    "EXIF DateTimeOriginal": DATE_ORIGINAL, "GPS GPSLatitudeRef": GPS_LATITUDE_REF, "GPS GPSLatitude": GPS_LATITUDE,
    "GPS GPSLongitudeRef": GPS_LONGITUDE_REF, "GPS GPSLongitude": GPS_LONGITUDE,
}
_log_lock = threading.Lock()


def read_heif_exif(data: bytes) -> tuple[ExifTags, list[str]]:
    """The wanted tags of a HEIF file's EXIF item, and exifread's warnings reading it."""
    import exifread  # only HEIF files need it: imported on the first one

    with _exifread_warnings() as warnings:
        try:
            found = exifread.process_file(io.BytesIO(data), details=False, extract_thumbnail=False,
                                          truncate_tags=False)
        except Exception as error:  # exifread raises many kinds on damaged IFDs
            warnings.append(f"{type(error).__name__}: {error}")
            found = {}
    tags: ExifTags = {}
    for name, key in EXIFREAD_NAMES.items():
        value = _exifread_value(found.get(name))
        if value is not None:
            tags[key] = value
    return tags, [w for w in warnings if "not found" not in w.lower()]


def _exifread_value(tag) -> ExifValue | None:
    values = getattr(tag, "values", None)
    if isinstance(values, bytes):
        return decode_undeclared(values.split(b"\x00", 1)[0])[0]
    if isinstance(values, str):
        return values
    try:
        return [float(v) for v in values] if isinstance(values, list) else None
    except (TypeError, ValueError, ZeroDivisionError):
        return None


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
