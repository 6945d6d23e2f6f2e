"""read_metadata: one picture file in, one origin-preserving ImageMetadata out, never an exception.

Order of work: read at most `max_file_bytes`, name the format from its magic bytes (never the
extension), find the metadata blocks without decoding pixels, check the claimed pixel size,
then read EXIF, IPTC, XMP and C2PA, each on its own so damage in one loses only that one.
"""

from __future__ import annotations

import io
import stat
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from .conflicts import find_conflicts
from .containers import HEIF_FORMATS, PNG_TEXT_FIELDS, RawParts, sniff_format, walk
from .credentials import add_c2pa, read_c2pa
from .exif import add_exif
from .iptc import add_iptc, parse_iim
from .model import C2paSummary, ImageMetadata, Problem
from .formats import EXTENSION_FORMATS
from .options import DEFAULT_OPTIONS, ReadOptions
from .values import clean_text
from .xmp import XmpRefused, add_xmp, parse_packet



@dataclass
class LoadedFile:
    """A file's bytes (under the cap) and the format its magic bytes name."""

    data: bytes
    format: str


def read_metadata(path: Path | str, options: ReadOptions | None = None) -> ImageMetadata:
    """Read a picture file's metadata into one normalized view.

    Never raises for a bad file: what could not be read becomes an `ImageMetadata.problems`
    entry. Only a broken setup (an unreadable trust-anchor bundle) raises, as ValueError.
    """
    options = options or DEFAULT_OPTIONS
    trust_pem = options.trust_anchor_pem()
    meta = ImageMetadata(path=str(path))
    try:
        loaded = load_file(Path(path), options, meta)
        if loaded is not None:
            _read_blocks(meta, loaded, options, trust_pem)
    except Exception as error:  # last line of defence: a batch run must survive any one file
        meta.problems.append(Problem("malformed", f"unexpected {type(error).__name__} while reading: {error}"))
    return meta


def load_file(path: Path, options: ReadOptions, meta: ImageMetadata) -> LoadedFile | None:
    """The bytes and format of a file, or None with a problem entry when it cannot be used."""
    data = _read_capped(path, options, meta)
    if data is None:
        return None
    fmt = sniff_format(data[:32])
    if fmt is None:
        return _identify_other(data, meta)
    meta.format = fmt
    return LoadedFile(data, fmt)


def _read_capped(path: Path, options: ReadOptions, meta: ImageMetadata) -> bytes | None:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            meta.problems.append(Problem("unreadable", "not a regular file"))
            return None
        if info.st_size > options.max_file_bytes:
            meta.problems.append(Problem("too_large", f"the file is {info.st_size} bytes, over the "
                                                      f"{options.max_file_bytes}-byte limit; not read"))
            return None
        with path.open("rb") as handle:
            data = handle.read(info.st_size + 1)  # sized to the file: read(cap) would allocate the cap
    except OSError as error:
        meta.problems.append(Problem("unreadable", f"cannot read the file: {error.strerror or error}"))
        return None
    if len(data) != info.st_size:
        meta.problems.append(Problem("unreadable", "the file changed size while it was being read; not read"))
        return None
    if not data:
        meta.problems.append(Problem("truncated", "the file is empty (0 bytes): nothing to read"))
        return None
    return data


def _identify_other(data: bytes, meta: ImageMetadata) -> LoadedFile | None:
    """Formats without a metadata walker (BMP, ICO...) still get a format and size from Pillow."""
    opened = open_lazily(data, meta)
    if opened is None:
        if not meta.problems:  # a refused decompression bomb is an image, just not one to open
            meta.problems.append(Problem("not_an_image", _not_an_image_reason(data)))
        return None
    with opened as image:
        meta.format, (meta.width, meta.height) = image.format, image.size
    meta.notes.append(f"{image.format} files carry no metadata this reader extracts")
    return None


def _not_an_image_reason(data: bytes) -> str:
    head = data[:16]
    if b"\x00" not in data[:512]:
        return f"not a picture: the file looks like text (starts with {head[:12]!r})"
    return f"not a picture: the first bytes {head!r} match no image format"


def open_lazily(data: bytes, meta: ImageMetadata) -> Image.Image | None:
    """Pillow's header-only open; pixel-size refusals are ours to make, so its bomb warning is muted."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            return Image.open(io.BytesIO(data))
        except Image.DecompressionBombError as error:
            meta.problems.append(Problem("decompression_bomb", str(error)))
        except Exception:  # Pillow raises many kinds for bytes it cannot identify
            pass
    return None


def _read_blocks(meta: ImageMetadata, loaded: LoadedFile, options: ReadOptions, trust_pem: str | None) -> None:
    parts = walk(loaded.data, loaded.format, options)
    meta.problems.extend(parts.problems)
    meta.notes.extend(parts.notes)
    limit_text = _text_limiter(meta, options)
    if parts.exif:
        add_exif(meta, parts.exif, limit_text, heif=loaded.format in HEIF_FORMATS)
    meta.width, meta.height = parts.width, parts.height
    check_pixels(meta, len(loaded.data), options)
    _add_iptc_block(meta, parts, limit_text)
    reference = _add_xmp_packets(meta, parts, options, limit_text)
    for key, value in parts.text:
        if text := clean_text(value):
            meta.add(PNG_TEXT_FIELDS[key], limit_text(text, f"PNG:{key}"), f"PNG:{key}")
    if options.read_c2pa and parts.mime:
        _add_credentials(meta, loaded.data, parts, trust_pem, options, reference)
    meta.conflicts = find_conflicts(meta)
    _check_extension(meta)


def _text_limiter(meta: ImageMetadata, options: ReadOptions) -> Callable[[str, str], str]:
    def limit(text: str, origin: str) -> str:
        if len(text) <= options.max_value_chars:
            return text
        meta.problems.append(Problem("too_large", f"{origin} is {len(text)} characters long; "
                                                  f"kept the first {options.max_value_chars}"))
        return text[:options.max_value_chars]

    return limit


def check_pixels(meta: ImageMetadata, file_bytes: int, options: ReadOptions) -> bool:
    """Refuse to ever decode an absurd pixel size; True when decoding would be safe."""
    if not meta.width or not meta.height:
        return False
    pixels = meta.width * meta.height
    if pixels <= options.max_pixels:
        return True
    claim = f"the header claims {meta.width} x {meta.height} = {pixels:,} pixels"
    if pixels > options.max_pixels_per_byte * file_bytes:
        meta.problems.append(Problem("decompression_bomb", f"{claim} in a {file_bytes:,}-byte file: "
                                                           "far more than its bytes can hold; pixels not decoded"))
    else:
        meta.problems.append(Problem("too_large", f"{claim}, over the {options.max_pixels:,}-pixel limit; "
                                                  "pixels not decoded"))
    return False


def _add_iptc_block(meta: ImageMetadata, parts: RawParts, limit_text: Callable[[str, str], str]) -> None:
    if parts.iim is None:
        return
    datasets, junk = parse_iim(parts.iim)
    if junk:
        meta.problems.append(Problem("malformed", f"the IPTC block ends in {junk} bytes that are not "
                                                  "IIM datasets; they were ignored"))
    add_iptc(meta, datasets, limit_text)
    if parts.iim_digest_is_stale():
        meta.notes.append("the IPTC digest does not match the IPTC block: a tool that ignores the digest "
                          "edited the IPTC after the last Photoshop-compatible save (XMP may be newer)")


def _add_xmp_packets(meta: ImageMetadata, parts: RawParts, options: ReadOptions,
                     limit_text: Callable[[str, str], str]) -> str | None:
    reference = None
    for raw in parts.xmp:
        try:
            packet = parse_packet(raw, options.max_xmp_bytes)
        except XmpRefused as refused:
            meta.problems.append(Problem(refused.kind, refused.reason))
            continue
        add_xmp(meta, packet, limit_text)
        reference = reference or packet.manifest_reference
    return reference


def _add_credentials(meta: ImageMetadata, data: bytes, parts: RawParts, trust_pem: str | None,
                     options: ReadOptions, reference: str | None) -> None:
    summary = None
    if parts.has_c2pa:  # the library only for a manifest store the walk saw (see read_c2pa)
        label = str(options.trust_anchors) if options.trust_anchors else None
        summary, problems = read_c2pa(data, parts.mime, trust_pem, label)
        meta.problems.extend(problems)
    if summary is None and reference:
        summary = _summary_from_reference(reference)
    if summary is not None:
        meta.c2pa = summary
        add_c2pa(meta, summary)


def _summary_from_reference(reference: str) -> C2paSummary | None:
    """What XMP dcterms:provenance says when the C2PA library found no manifest in the file."""
    if reference.startswith(("http://", "https://")):
        return C2paSummary(location="remote", remote_url=reference,
                           error="XMP names a remote manifest; it was not fetched (no network use)")
    if reference.startswith("self#jumbf="):
        return C2paSummary(location="missing",
                           error=f"XMP dcterms:provenance points to an embedded manifest ({reference}) that is not "
                                 "in the file: the Content Credentials were stripped")
    return None


def _check_extension(meta: ImageMetadata) -> None:
    promised = EXTENSION_FORMATS.get(Path(meta.path).suffix.lower())
    if promised and meta.format and promised != meta.format:
        meta.notes.append(f"the file is named {Path(meta.path).suffix} but its content is {meta.format}")
