"""IPTC IIM, the "IPTC block" wire services still write: its datasets and their charset.

IIM text has no fixed charset: dataset 1:90 (CodedCharacterSet) says "ESC % G" for UTF-8;
without it, old newsroom software wrote 8-bit Windows-1252. Decoding with the wrong one turns
"José" into "JosÃ©" or "Jos?" and breaks every name match downstream, so it matters here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .model import ImageMetadata, Problem
from .values import clean_text, decode_cp1252, iptc_date

#: (record, dataset) -> (normalized field, exiftool-style origin, the IIM 4.2 maximum length in bytes).
IIM_FIELDS = {
    (2, 120): ("caption", "IPTC:2:120 Caption-Abstract", 2000),
    (2, 105): ("headline", "IPTC:2:105 Headline", 256),
    (2, 110): ("credit", "IPTC:2:110 Credit", 32),
    (2, 115): ("source", "IPTC:2:115 Source", 32),
    (2, 80): ("byline", "IPTC:2:80 By-line", 32),
    (2, 116): ("copyright", "IPTC:2:116 Copyright Notice", 128),
    (2, 40): ("instructions", "IPTC:2:40 Special Instructions", 256),
    (2, 90): ("city", "IPTC:2:90 City", 32),
    (2, 95): ("region", "IPTC:2:95 Province-State", 32),
    (2, 101): ("country", "IPTC:2:101 Country-Primary Location Name", 64),
}
#: Origin -> maximum length: writers cut longer XMP values to fit, which is no disagreement.
IIM_MAX_BYTES = {origin: limit for _, origin, limit in IIM_FIELDS.values()}
CODED_CHARACTER_SET = (1, 90)
UTF8_ESCAPE = b"\x1b%G"
LATIN1_ESCAPES = (b"\x1b.A", b"\x1b-A")


def _dataset_spans(data: bytes, start: int = 0) -> Iterator[tuple[int, int, int, int]]:
    """(record, dataset, value start, value end) of each well-formed dataset from `start` on.

    A dataset is 0x1C, record, dataset number, a 2-byte length and the value; a length with
    the top bit set is extended (IIM 4.2 §1.5.2): its low bits count the bytes of the real length.
    """
    pos = start
    while pos + 5 <= len(data) and data[pos] == 0x1C:
        size, header = int.from_bytes(data[pos + 3:pos + 5], "big"), 5
        if size & 0x8000:
            width = size & 0x7FFF
            if not 0 < width <= 4 or pos + 5 + width > len(data):
                return
            size, header = int.from_bytes(data[pos + 5:pos + 5 + width], "big"), 5 + width
        if pos + header + size > len(data):
            return
        yield data[pos + 1], data[pos + 2], pos + header, pos + header + size
        pos += header + size


def iim_end(data: bytes, start: int = 0) -> int:
    """Where a run of IIM datasets that begins at `start` stops."""
    return max((end for _, _, _, end in _dataset_spans(data, start)), default=start)


def parse_iim(iim: bytes) -> tuple[dict[tuple[int, int], list[bytes]], int]:
    """The datasets of an IIM block by (record, dataset), and how many bytes after them are not IIM.

    Pillow's IptcImagePlugin reads the extended length of a dataset over 32 KB as zero and then
    drops the whole block at the first byte that is not a dataset, so a long caption or one
    stray byte would lose every field: this reader keeps all datasets up to the damage.
    """
    datasets: dict[tuple[int, int], list[bytes]] = {}
    end = 0
    for record, number, value_start, value_end in _dataset_spans(iim):
        datasets.setdefault((record, number), []).append(iim[value_start:value_end])
        end = value_end
    return datasets, len(iim[end:].strip(b"\x00"))


def add_iptc(meta: ImageMetadata, datasets: dict, limit_text: Callable[[str, str], str]) -> None:
    """Decode the datasets with the declared (or the most likely) charset and add their fields."""
    decode = _decoder(datasets, meta)
    for key, (name, origin, _) in IIM_FIELDS.items():
        for raw in _raw_values(datasets.get(key)):
            text = clean_text(decode(raw))
            if text:
                meta.add(name, limit_text(text, origin), origin)
    for raw in _raw_values(datasets.get((2, 55)))[:1]:
        time = _raw_values(datasets.get((2, 60)))
        date = iptc_date(decode(raw), decode(time[0]) if time else None)
        if date:
            meta.add("date_created", date, "IPTC:2:55 Date Created")


def _raw_values(values: list[bytes] | None) -> list[bytes]:
    return [v for v in values or [] if v]


def _decoder(datasets: dict, meta: ImageMetadata) -> Callable[[bytes], str]:
    declared = b"".join(_raw_values(datasets.get(CODED_CHARACTER_SET)))
    if declared == UTF8_ESCAPE:
        return _utf8_decoder(meta)
    if declared in LATIN1_ESCAPES:
        return decode_cp1252
    texts = [raw for key in IIM_FIELDS for raw in _raw_values(datasets.get(key)) if not raw.isascii()]
    if declared:
        meta.notes.append(f"IPTC 1:90 CodedCharacterSet {declared!r} is not UTF-8 or Latin-1; read as Windows-1252")
        return decode_cp1252
    if not texts:
        return decode_cp1252
    if all(_is_utf8(raw) for raw in texts):
        meta.notes.append("IPTC declares no character set (1:90); its non-ASCII text is valid UTF-8, read as UTF-8")
        return _utf8_decoder(meta)
    meta.notes.append("IPTC declares no character set (1:90); non-ASCII text read as Windows-1252 (Latin-1)")
    return decode_cp1252


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _utf8_decoder(meta: ImageMetadata) -> Callable[[bytes], str]:
    def decode(raw: bytes) -> str:
        if not _is_utf8(raw):
            problem = Problem("malformed", "IPTC declares UTF-8 but holds bytes that are not UTF-8; "
                                           "they were replaced with U+FFFD")
            if problem not in meta.problems:
                meta.problems.append(problem)
        return raw.decode("utf-8", errors="replace")

    return decode
