"""Find the metadata blocks inside a picture file without decoding a single pixel.

Each format keeps EXIF, XMP and IPTC in its own kind of box (JPEG APP segments, PNG chunks,
WebP RIFF chunks, TIFF tags). The walkers here only slice bytes already in memory and check
every length against the bytes that are really there, so a lying length ends the walk with a
problem entry instead of a crash or a huge allocation.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from dataclasses import dataclass, field

from .iptc import iim_end
from .model import Problem
from .options import ReadOptions

XMP_JPEG_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"
XMP_EXTENSION_HEADER = b"http://ns.adobe.com/xmp/extension/\x00"
EXIF_HEADER = b"Exif\x00\x00"
PHOTOSHOP_HEADER = b"Photoshop 3.0\x00"
IPTC_RESOURCE = 0x0404
IPTC_DIGEST_RESOURCE = 0x0425
EXIF_RESOURCE = 0x0422
XMP_RESOURCE = 0x0424
#: Dataset 2:00 (Record Version, 2 bytes): how every IIM application record begins.
IIM_RECORD_VERSION = b"\x1c\x02\x00\x00\x02"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_XMP_KEYWORD = "XML:com.adobe.xmp"
#: PNG text keywords that carry picture provenance, mapped to normalized fields.
PNG_TEXT_FIELDS = {"Description": "caption", "Title": "headline", "Author": "byline",
                   "Copyright": "copyright", "Software": "software", "Creation Time": "date_created"}
_SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
HEIF_FORMATS = frozenset({"HEIC", "AVIF"})
_MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "TIFF": "image/tiff",
         "HEIC": "image/heic", "AVIF": "image/avif", "GIF": "image/gif"}


@dataclass
class RawParts:
    """The undecoded metadata blocks of one file, and what went wrong finding them."""

    format: str | None = None
    width: int | None = None
    height: int | None = None
    exif: bytes | None = None
    xmp: list[bytes] = field(default_factory=list)
    iim: bytes | None = None
    iim_digest: bytes | None = None
    text: list[tuple[str, str]] = field(default_factory=list)
    has_c2pa: bool = False
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def mime(self) -> str | None:
        return _MIME.get(self.format or "")

    def problem(self, kind: str, reason: str) -> None:
        self.problems.append(Problem(kind, reason))

    def iim_digest_is_stale(self) -> bool:
        """Photoshop stores an MD5 of the IIM block; a mismatch means a non-MWG tool edited it."""
        return (self.iim is not None and self.iim_digest is not None
                and hashlib.md5(self.iim).digest() != self.iim_digest)


def sniff_format(head: bytes) -> str | None:
    """The picture format from the first bytes, or None when they are no format we read."""
    if head.startswith(b"\xff\xd8"):
        return "JPEG"
    if head.startswith(PNG_SIGNATURE):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "TIFF"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"avif", b"avis"):
            return "AVIF"
        if brand in (b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1", b"hevc"):
            return "HEIC"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:4] == b"8BPS":
        return "PSD"
    return None


def walk(data: bytes, fmt: str, options: ReadOptions) -> RawParts:
    """Collect the metadata blocks of a file whose format `sniff_format` already named."""
    parts = RawParts(format=fmt)
    walker = {"JPEG": _walk_jpeg, "PNG": _walk_png, "WEBP": _walk_webp, "PSD": _walk_psd,
              "TIFF": _walk_tiff, "GIF": _walk_gif}.get(fmt)
    if walker is not None:
        walker(data, parts, options)
    if fmt == "TIFF" or fmt in HEIF_FORMATS:
        parts.exif = data  # a TIFF file is one EXIF structure; exifread finds the EXIF item of a HEIF file
    if fmt in ("TIFF", "GIF") or fmt in HEIF_FORMATS:  # no walk down to their C2PA boxes: look for the labels
        parts.has_c2pa = b"jumb" in data and b"c2pa" in data
    return parts


def _be16(data: bytes, at: int) -> int:
    return struct.unpack_from(">H", data, at)[0]


def _be32(data: bytes, at: int) -> int:
    return struct.unpack_from(">I", data, at)[0]


# --- JPEG -------------------------------------------------------------------------------

def _walk_jpeg(data: bytes, parts: RawParts, options: ReadOptions) -> None:
    """Walk the marker segments up to the first scan; metadata never follows the pixels."""
    photoshop = bytearray()
    extended: dict[bytes, dict[int, bytes]] = {}
    trailer = b""
    pos = 2
    while True:
        if pos + 4 > len(data):
            parts.problem("truncated", f"the JPEG ends at byte {len(data)}, inside its header segments")
            break
        if data[pos] != 0xFF:
            parts.problem("malformed", f"no JPEG marker at byte {pos} (found 0x{data[pos]:02X}); stopped reading headers")
            break
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:
            pos += 2
            continue
        if marker == 0xD9:
            parts.problem("truncated", "the JPEG ends (EOI) before any image data")
            return
        length = _be16(data, pos + 2)
        end = pos + 2 + length
        if length < 2 or end > len(data):
            parts.problem("truncated", f"JPEG segment 0x{marker:02X} at byte {pos} claims {length} bytes; "
                                       f"only {len(data) - pos - 2} are left")
            break
        _jpeg_segment(marker, data[pos + 4:end], parts, photoshop, extended)
        if marker == 0xDA:
            trailer = _jpeg_trailer(data, end, parts)
            break
        pos = end
    if photoshop:
        _read_photoshop_resources(bytes(photoshop), parts)
    _trailer_iim(trailer, parts)
    _join_extended_xmp(extended, parts, options)


def _jpeg_segment(marker: int, payload: bytes, parts: RawParts, photoshop: bytearray,
                  extended: dict[bytes, dict[int, bytes]]) -> None:
    if marker in _SOF_MARKERS and len(payload) >= 5 and parts.width is None:
        parts.height, parts.width = _be16(payload, 1), _be16(payload, 3)
    elif marker == 0xE1 and payload.startswith(EXIF_HEADER):
        if parts.exif is None:
            parts.exif = payload[len(EXIF_HEADER):]
        else:
            parts.notes.append("the JPEG has more than one EXIF segment; only the first was read")
    elif marker == 0xE1 and payload.startswith(XMP_JPEG_HEADER):
        parts.xmp.append(payload[len(XMP_JPEG_HEADER):])
    elif marker == 0xE1 and payload.startswith(XMP_EXTENSION_HEADER):
        chunk = payload[len(XMP_EXTENSION_HEADER):]
        if len(chunk) >= 40:
            extended.setdefault(chunk[:32], {})[_be32(chunk, 36)] = chunk[40:]
    elif marker == 0xED and payload.startswith(PHOTOSHOP_HEADER):
        photoshop += payload[len(PHOTOSHOP_HEADER):]
    elif marker == 0xEB and b"jumb" in payload[:32]:
        parts.has_c2pa = True  # JUMBF box: where C2PA manifests live in a JPEG


def _jpeg_trailer(data: bytes, scan_start: int, parts: RawParts) -> bytes:
    """The bytes after the image; entropy-coded data stuffs every 0xFF, so the first FF D9 ends it."""
    eoi = data.find(b"\xff\xd9", scan_start)
    if eoi < 0:
        parts.problem("truncated", "the JPEG has no end-of-image marker: the file is cut short")
        return b""
    if len(data) - eoi - 2 > 0:
        parts.notes.append(f"{len(data) - eoi - 2} bytes follow the JPEG end-of-image marker (a trailer)")
    return data[eoi + 2:]


def _trailer_iim(trailer: bytes, parts: RawParts) -> None:
    """FotoStation and AFCP trailers keep a plain IIM block after the image data."""
    start = trailer.find(IIM_RECORD_VERSION)
    if start < 0:
        return
    kind = "an AFCP" if b"AXS" in trailer[:16] or b"AXS" in trailer[-12:] else "a FotoStation-style"
    if parts.iim is not None:
        parts.notes.append(f"{kind} trailer holds a second IPTC block; the APP13 one was read")
        return
    parts.iim = trailer[start:iim_end(trailer, start)]
    parts.notes.append(f"IPTC read from {kind} trailer after the JPEG image data")



def _join_extended_xmp(extended: dict[bytes, dict[int, bytes]], parts: RawParts, options: ReadOptions) -> None:
    """Extended XMP is split over APP1 segments by offset; join each GUID's chunks in order."""
    for guid, chunks in extended.items():
        packet = b"".join(chunks[offset] for offset in sorted(chunks))
        if len(packet) > options.max_xmp_bytes:
            parts.problem("too_large", f"extended XMP {guid.decode('latin-1')} is {len(packet)} bytes, over the "
                                       f"{options.max_xmp_bytes}-byte limit; not read")
        else:
            parts.xmp.append(packet)


def _read_photoshop_resources(block: bytes, parts: RawParts) -> None:
    """Photoshop image resources: '8BIM', id, padded Pascal name, size, padded data."""
    pos = 0
    while pos + 12 <= len(block) and block[pos:pos + 4] == b"8BIM":
        resource = _be16(block, pos + 4)
        name_length = block[pos + 6]
        pos += 6 + (name_length + 2) // 2 * 2
        if pos + 4 > len(block):
            break
        size = _be32(block, pos)
        start, end = pos + 4, pos + 4 + size
        if end > len(block):
            parts.problem("truncated", f"Photoshop resource 0x{resource:04X} claims {size} bytes; "
                                       f"only {len(block) - start} are there")
            end = len(block)
        if resource == IPTC_RESOURCE and parts.iim is None:
            parts.iim = block[start:end]
        elif resource == IPTC_DIGEST_RESOURCE and end - start == 16:
            parts.iim_digest = block[start:end]
        elif resource == XMP_RESOURCE:
            parts.xmp.append(block[start:end])
        elif resource == EXIF_RESOURCE and parts.exif is None:
            parts.exif = block[start:end]
        pos = end + (size & 1)


# --- TIFF and GIF -----------------------------------------------------------------------

_TIFF_TYPE_BYTES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}
TIFF_XMP_TAG, TIFF_IPTC_TAG = 700, 33723


def _walk_tiff(data: bytes, parts: RawParts, options: ReadOptions) -> None:
    """The first IFD: pixel size, XMP (tag 700) and IIM (tag 33723); exif.py reads the EXIF tags."""
    if data[2:4] in (b"+\x00", b"\x00+"):
        parts.notes.append("BigTIFF: its metadata was not read")
        return
    order = "<" if data[:2] == b"II" else ">"
    ifd = struct.unpack_from(order + "I", data, 4)[0] if len(data) >= 8 else len(data)
    if ifd + 2 > len(data):
        parts.problem("truncated", f"the TIFF's first IFD (at byte {ifd}) is past the end of the file")
        return
    for index in range(struct.unpack_from(order + "H", data, ifd)[0]):
        entry = ifd + 2 + 12 * index
        if entry + 12 > len(data):
            parts.problem("truncated", "the TIFF ends inside its first IFD")
            return
        _tiff_entry(data, entry, order, parts)


def _tiff_entry(data: bytes, entry: int, order: str, parts: RawParts) -> None:
    tag, kind, count = struct.unpack_from(order + "HHI", data, entry)
    if tag in (256, 257) and kind in (3, 4):
        value = struct.unpack_from(order + ("H" if kind == 3 else "I"), data, entry + 8)[0]
        parts.width, parts.height = (value, parts.height) if tag == 256 else (parts.width, value)
    if tag not in (TIFF_XMP_TAG, TIFF_IPTC_TAG):
        return
    size = count * _TIFF_TYPE_BYTES.get(kind, 1)
    start = entry + 8 if size <= 4 else struct.unpack_from(order + "I", data, entry + 8)[0]
    if start + size > len(data):
        parts.problem("malformed", f"TIFF tag {tag} points past the end of the file; not read")
    elif tag == TIFF_XMP_TAG:
        parts.xmp.append(data[start:start + size])
    else:  # Photoshop types IIM as LONG, but it is a byte string
        parts.iim = data[start:start + size]


def _walk_gif(data: bytes, parts: RawParts, options: ReadOptions) -> None:
    if len(data) >= 10:
        parts.width, parts.height = struct.unpack_from("<HH", data, 6)


# --- PSD --------------------------------------------------------------------------------

def _walk_psd(data: bytes, parts: RawParts, options: ReadOptions) -> None:
    """Photoshop files: a 26-byte header, colour-mode data, then the image resources."""
    if len(data) < 30:
        parts.problem("truncated", "the PSD ends inside its header")
        return
    parts.height, parts.width = _be32(data, 14), _be32(data, 18)
    resources_at = 30 + _be32(data, 26)
    if resources_at + 4 > len(data):
        parts.problem("truncated", "the PSD ends before its image resources")
        return
    size = _be32(data, resources_at)
    _read_photoshop_resources(data[resources_at + 4:resources_at + 4 + size], parts)


# --- PNG --------------------------------------------------------------------------------

def _walk_png(data: bytes, parts: RawParts, options: ReadOptions) -> None:
    """Walk every chunk (text chunks may follow the pixels), checking lengths and CRCs."""
    pos, count, bad_crc = len(PNG_SIGNATURE), 0, []
    while True:
        if pos + 8 > len(data):
            parts.problem("truncated", f"the PNG ends at byte {len(data)} without an IEND chunk")
            break
        length, kind = _be32(data, pos), data[pos + 4:pos + 8]
        end = pos + 12 + length
        if not kind.isalpha():
            parts.problem("malformed", f"PNG chunk at byte {pos} has an invalid type {kind!r}; stopped reading")
            break
        name = kind.decode("ascii")
        if end > len(data):
            parts.problem("truncated", f"PNG chunk {name} at byte {pos} claims {length} bytes; "
                                       f"only {max(0, len(data) - pos - 12)} are left")
            break
        count += 1
        if count > options.max_chunks:
            parts.problem("too_large", f"the PNG has more than {options.max_chunks} chunks; stopped reading")
            break
        body = data[pos + 8:pos + 8 + length]
        if name != "IDAT" and zlib.crc32(kind + body) != _be32(data, end - 4):
            bad_crc.append(name)
        _png_chunk(name, body, parts, options)
        if name == "IEND":
            break
        pos = end
    if bad_crc:
        parts.problem("malformed", f"{len(bad_crc)} PNG chunk(s) fail their CRC check ({', '.join(bad_crc[:8])}): "
                                   "the file was damaged or altered by hand; read anyway")


def _png_chunk(name: str, body: bytes, parts: RawParts, options: ReadOptions) -> None:
    if name == "IHDR" and len(body) >= 8:
        parts.width, parts.height = _be32(body, 0), _be32(body, 4)
    elif name == "eXIf":
        parts.exif = body[len(EXIF_HEADER):] if body.startswith(EXIF_HEADER) else body
    elif name in ("tEXt", "zTXt", "iTXt"):
        text = _png_text(name, body, parts, options)
        if text is not None:
            _png_keyword(text[0], text[1], parts)
    elif name == "caBX":
        parts.has_c2pa = True


def _png_text(name: str, body: bytes, parts: RawParts, options: ReadOptions) -> tuple[str, bytes] | None:
    """(keyword, raw text) of a tEXt, zTXt or iTXt chunk, inflating at most the XMP limit."""
    keyword, sep, rest = body.partition(b"\x00")
    if not sep:
        parts.problem("malformed", f"PNG {name} chunk has no keyword terminator; skipped")
        return None
    key = keyword.decode("latin-1")
    compressed = name == "zTXt"
    if name == "iTXt":
        if len(rest) < 2:
            parts.problem("malformed", f"PNG iTXt chunk {key!r} is cut short; skipped")
            return None
        compressed = rest[0] == 1
        rest = rest[2:].split(b"\x00", 2)[-1]  # skip language tag and translated keyword
    elif compressed:
        rest = rest[1:]
    if compressed:
        rest = _inflate(rest, options.max_xmp_bytes, f"PNG {name} chunk {key!r}", parts)
    return None if rest is None else (key, rest)


def _inflate(data: bytes, limit: int, what: str, parts: RawParts) -> bytes | None:
    """zlib-inflate at most `limit` bytes: more than that is a bomb, not a caption."""
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as error:
        parts.problem("malformed", f"{what} does not inflate: {error}")
        return None
    if len(out) > limit or inflater.unconsumed_tail:
        parts.problem("decompression_bomb", f"{what} inflates past {limit} bytes; not read")
        return None
    return out


def _png_keyword(key: str, raw: bytes, parts: RawParts) -> None:
    if key == PNG_XMP_KEYWORD or key == "Raw profile type xmp":
        parts.xmp.append(_raw_profile(raw) if key.startswith("Raw") else raw)
    elif key in ("Raw profile type exif", "Raw profile type APP1"):
        blob = _raw_profile(raw)
        parts.exif = parts.exif or (blob[len(EXIF_HEADER):] if blob.startswith(EXIF_HEADER) else blob)
    elif key in ("Raw profile type iptc", "Raw profile type 8bim"):
        blob = _raw_profile(raw)
        if blob.startswith(b"8BIM"):
            _read_photoshop_resources(blob, parts)
        elif parts.iim is None:
            parts.iim = blob
    elif key in PNG_TEXT_FIELDS:
        parts.text.append((key, raw.decode("latin-1")))


def _raw_profile(raw: bytes) -> bytes:
    """ImageMagick's "Raw profile" text: a name line, a length line, then hex digits."""
    lines = raw.strip().split(b"\n", 2)
    digits = b"".join(lines[2].split()) if len(lines) == 3 else b""
    try:
        return bytes.fromhex(digits.decode("ascii"))
    except ValueError:
        return b""


# --- WebP -------------------------------------------------------------------------------

def _walk_webp(data: bytes, parts: RawParts, options: ReadOptions) -> None:
    """RIFF chunks: a four-character code, a little-endian size and data padded to even."""
    pos, count = 12, 0
    while pos + 8 <= len(data):
        kind, size = data[pos:pos + 4], struct.unpack_from("<I", data, pos + 4)[0]
        body = data[pos + 8:pos + 8 + size]
        if len(body) < size:
            parts.problem("truncated", f"WebP chunk {kind!r} at byte {pos} claims {size} bytes; only {len(body)} are left")
            return
        count += 1
        if count > options.max_chunks:
            parts.problem("too_large", f"the WebP has more than {options.max_chunks} chunks; stopped reading")
            return
        _webp_chunk(kind, body, parts)
        pos += 8 + size + (size & 1)
    if parts.width is None:
        parts.problem("truncated", "the WebP has no image header chunk")


def _webp_chunk(kind: bytes, body: bytes, parts: RawParts) -> None:
    if kind == b"VP8X" and len(body) >= 10:
        parts.width = 1 + int.from_bytes(body[4:7], "little")
        parts.height = 1 + int.from_bytes(body[7:10], "little")
    elif kind == b"VP8 " and len(body) >= 10 and parts.width is None:
        parts.width = struct.unpack_from("<H", body, 6)[0] & 0x3FFF
        parts.height = struct.unpack_from("<H", body, 8)[0] & 0x3FFF
    elif kind == b"VP8L" and len(body) >= 5 and parts.width is None:
        bits = int.from_bytes(body[1:5], "little")
        parts.width, parts.height = 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)
    elif kind == b"EXIF":
        parts.exif = body[len(EXIF_HEADER):] if body.startswith(EXIF_HEADER) else body
    elif kind == b"XMP ":
        parts.xmp.append(body)
    elif kind == b"C2PA":
        parts.has_c2pa = True
