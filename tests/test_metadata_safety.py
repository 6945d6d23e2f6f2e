"""Hostile and broken files: each one ends in a problem entry or a clean read, fast and small.

No timing asserts beyond a generous guard: the point is that nothing hangs, explodes in
memory or raises, whatever a wire feed or a reporter sends.
"""

from __future__ import annotations

import json
import random
import struct
import time
import tracemalloc
import zlib

import pytest
from PIL import features

import imagefactory as make
from provenance.metadata import ReadOptions, make_thumbnail, read_metadata

GUARD_SECONDS = 10
MEMORY_GUARD = 64 * 1024 * 1024


def read_bounded(path, options=None):
    """read_metadata under a time guard and a Python-memory guard."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        meta = read_metadata(path, options)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < GUARD_SECONDS
    assert peak < MEMORY_GUARD, f"peak Python memory {peak} bytes"
    assert not any(p.reason.startswith("unexpected") for p in meta.problems), meta.problems
    return meta


def kinds(meta) -> set[str]:
    return {p.kind for p in meta.problems}


def full_jpeg() -> bytes:
    exif = make.exif_block(ImageDescription="Caption in EXIF", Artist="Photographer", gps=(10.5, 20.25))
    block = make.iim([make.utf8_declaration(), (2, 120, b"Caption in IPTC"), (2, 110, b"Handout")])
    packet = make.xmp_packet({"dc:description": "Caption in XMP", "photoshop:Credit": "Handout"},
                             history=[{"action": "saved", "softwareAgent": "GIMP"}])
    return make.jpeg(exif=exif, xmp=packet, iptc=block)


# --- files that are not pictures ------------------------------------------------------------

def test_zero_byte_file(tmp_path):
    meta = read_bounded(make.write(tmp_path, "empty.jpg", b""))
    assert kinds(meta) == {"truncated"} and meta.format is None


def test_text_file_named_jpg(tmp_path):
    meta = read_bounded(make.write(tmp_path, "notes.jpg", b"Caption: troops in Kherson\nCredit: handout\n" * 20))
    assert kinds(meta) == {"not_an_image"} and "text" in meta.problems[0].reason


def test_missing_file_and_directory_are_unreadable(tmp_path):
    assert kinds(read_bounded(tmp_path / "absent.jpg")) == {"unreadable"}
    assert kinds(read_bounded(tmp_path)) == {"unreadable"}


def test_file_over_the_byte_cap_is_not_read(tmp_path):
    path = make.write(tmp_path, "big.jpg", full_jpeg())
    meta = read_bounded(path, ReadOptions(max_file_bytes=1000))
    assert kinds(meta) == {"too_large"} and meta.caption == []


def test_png_sent_as_jpg_is_read_as_png_with_a_note(tmp_path):
    meta = read_bounded(make.write(tmp_path, "photo.jpg", make.png()))
    assert meta.format == "PNG" and meta.problems == []
    assert any("named .jpg but its content is PNG" in note for note in meta.notes)


# --- truncated and corrupt ------------------------------------------------------------------

def test_jpeg_cut_inside_its_metadata_segments(tmp_path):
    data = full_jpeg()
    meta = read_bounded(make.write(tmp_path, "cut.jpg", data[:200]))
    assert "truncated" in kinds(meta)


def test_jpeg_cut_inside_the_pixels_keeps_its_metadata(tmp_path):
    data = full_jpeg()
    meta = read_bounded(make.write(tmp_path, "cut-scan.jpg", data[:-40]))
    assert "truncated" in kinds(meta)
    assert meta.first("credit") == "Handout" and len(meta.caption) == 3
    assert make_thumbnail(tmp_path / "cut-scan.jpg") is None or True  # decoding may or may not succeed


def test_jpeg_with_garbage_instead_of_a_marker(tmp_path):
    data = full_jpeg()
    meta = read_bounded(make.write(tmp_path, "garbage.jpg", data[:2] + b"\x00garbage" + data[2:]))
    assert "malformed" in kinds(meta)


def test_segment_length_larger_than_the_file(tmp_path):
    data = b"\xff\xd8" + b"\xff\xe1\xff\xf0Exif\x00\x00MM\x00*" + b"\x00" * 10
    meta = read_bounded(make.write(tmp_path, "lying-length.jpg", data))
    assert "truncated" in kinds(meta)


def exif_with_ifd(entries: list[tuple[int, int, int, int]], first_ifd: int = 8, next_ifd: int = 0) -> bytes:
    """A big-endian TIFF header and one IFD of (tag, type, count, value/offset) entries."""
    ifd = struct.pack(">H", len(entries)) + b"".join(struct.pack(">HHII", *e) for e in entries)
    return b"MM\x00*" + struct.pack(">I", first_ifd) + ifd + struct.pack(">I", next_ifd)


@pytest.mark.parametrize("entries,first_ifd,next_ifd", [
    ([(0x010E, 2, 50, 0x7FFFFFF0)], 8, 0),          # description far past the end
    ([(0x010E, 2, 0xFFFFFFFF, 26)], 8, 0),          # absurd count
    ([(0x8769, 4, 1, 0xFFFFFF00)], 8, 0),           # EXIF sub-IFD offset past the end
    ([(0x8825, 4, 1, 8)], 8, 8),                    # GPS IFD and next IFD loop back to IFD0
    ([(0x0112, 3, 1, 1)], 0xFFFFFFF0, 0),           # first IFD past the end
    ([], 8, 0),                                     # empty IFD
])
def test_bad_ifd_offsets_end_in_a_problem_or_a_clean_read(tmp_path, entries, first_ifd, next_ifd):
    block = exif_with_ifd(entries, first_ifd, next_ifd)
    packet = make.xmp_packet({"photoshop:Credit": "Still read"})
    meta = read_bounded(make.write(tmp_path, "bad-ifd.jpg", make.jpeg(exif=block, xmp=packet)))
    assert meta.credit and meta.credit[0].value == "Still read"
    assert kinds(meta) <= {"malformed"}


@pytest.mark.parametrize("entries,first_ifd,damage", [
    ([(0x010E, 2, 50, 0x7FFFFFF0)], 8, "IFD0 points past the end of the 26-byte block for tag 0x010E "
                                       "(50 bytes at offset 2147483632)"),
    ([(0x010E, 2, 0xFFFFFFFF, 26)], 8, "IFD0 points past the end of the 26-byte block for tag 0x010E"),
    ([(0x8769, 4, 1, 0xFFFFFF00)], 8, "EXIF IFD offset 4294967040 is past the end of the 26-byte block"),
    ([(0x0112, 3, 1, 1)], 0xFFFFFFF0, "IFD0 offset 4294967280 is past the end of the 26-byte block"),
    ([(0x8825, 4, 1, 8)], 8, "GPS IFD at offset 8 is an IFD already read (a loop)"),
])
def test_an_offset_past_the_end_of_the_exif_block_is_named_in_a_malformed_problem(tmp_path, entries, first_ifd, damage):
    block = exif_with_ifd(entries, first_ifd)
    meta = read_bounded(make.write(tmp_path, "bad-ifd.jpg", make.jpeg(exif=block)))
    [problem] = meta.problems
    assert problem.kind == "malformed" and problem.reason.startswith(f"EXIF: {damage}")


def test_the_good_entries_of_a_damaged_exif_block_are_still_read(tmp_path):
    """Big-endian, as cameras write it: an Artist past the end, a Make inline, a Model and an IFD cut short."""
    block = exif_with_ifd([(0x010F, 2, 4, int.from_bytes(b"Sony", "big")), (0x013B, 2, 40, 0x7FFFFFF0),
                           (0x0110, 2, 6, 8 + 2 + 12 * 3 + 4)]) + b"ILCE1\x00"
    block = block[:8] + b"\x00\x04" + block[10:]  # four entries claimed, three written
    meta = read_bounded(make.write(tmp_path, "partly-bad.jpg", make.jpeg(exif=block)))
    assert meta.first("make") == "Sony" and meta.first("model") == "ILCE1" and meta.byline == []
    assert {p.kind for p in meta.problems} == {"malformed"} and len(meta.problems) == 2


def test_damaged_iptc_block_loses_only_iptc(tmp_path):
    packet = make.xmp_packet({"photoshop:Credit": "XMP credit"})
    block = b"\x1c\x02\x78\x00\x05Hello" + b"\x1c\x09\x01\xff\xff" + b"junk" * 10
    meta = read_bounded(make.write(tmp_path, "bad-iptc.jpg", make.jpeg(xmp=packet, iptc=block)))
    assert meta.first("credit") == "XMP credit"
    assert meta.first("caption") == "Hello" and "malformed" in kinds(meta)


def test_png_chunk_with_a_bad_crc_is_read_with_a_problem(tmp_path):
    good = make.itxt("XML:com.adobe.xmp", make.xmp_packet({"photoshop:Credit": "Pool"}))
    meta = read_bounded(make.write(tmp_path, "crc.png", make.png([good[:-4] + b"aaaa"])))
    assert meta.first("credit") == "Pool" and "malformed" in kinds(meta)


def test_png_cut_in_the_middle_of_a_chunk(tmp_path):
    data = make.png([make.itxt("XML:com.adobe.xmp", make.xmp_packet({"photoshop:Credit": "Pool"}))])
    meta = read_bounded(make.write(tmp_path, "cut.png", data[:60]))
    assert "truncated" in kinds(meta) and (meta.width, meta.height) == (48, 32)


def sample(fmt: str) -> bytes:
    """A small file of each container format, with EXIF, IPTC and XMP where the format has them."""
    exif = make.exif_block(ImageDescription="Caption in EXIF", Artist="Photographer", gps=(10.5, 20.25))
    packet = make.xmp_packet({"dc:description": "Caption in XMP", "photoshop:Credit": "Handout"})
    block = make.iim([(2, 120, b"Caption in IPTC"), (2, 110, b"Handout")])
    if fmt == "JPEG":
        return full_jpeg()
    if fmt == "PNG":
        return make.png([make.itxt("XML:com.adobe.xmp", packet, compressed=True), make.png_chunk(b"eXIf", exif)])
    if fmt == "TIFF":
        return make.encode(make.pixels(), "TIFF", tiffinfo={700: packet, 33723: block, 270: "Caption in EXIF"})
    return make.encode(make.pixels(), "WEBP", xmp=packet, exif=b"Exif\x00\x00" + exif)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "TIFF", "WEBP"])
def test_random_damage_never_raises(tmp_path, fmt):
    """Flip bytes and cut the file at many places: every read ends cleanly."""
    if fmt == "WEBP" and not features.check("webp"):
        pytest.skip("this Pillow has no WebP support")
    data = sample(fmt)
    generator = random.Random(20240501)
    path = tmp_path / f"fuzz.{fmt.lower()}"
    for round_number in range(80):
        damaged = bytearray(data)
        for _ in range(generator.randint(1, 8)):
            damaged[generator.randrange(4, len(damaged))] = generator.randrange(256)
        cut = generator.randrange(4, len(damaged) + 1) if round_number % 3 == 0 else len(damaged)
        path.write_bytes(bytes(damaged[:cut]))
        read_bounded(path)


# --- oversized values -----------------------------------------------------------------------

def test_a_one_megabyte_iptc_caption(tmp_path):
    caption = ("Lorem ipsum dolor sit amet " * 40000)[:1024 * 1024].encode("ascii")
    block = make.iim([make.utf8_declaration(), (2, 120, caption), (2, 110, b"Reuters")])
    meta = read_bounded(make.write(tmp_path, "long-iptc.jpg", make.jpeg(iptc=block)))
    assert meta.first("credit") == "Reuters"
    assert len(meta.first("caption")) == ReadOptions().max_value_chars
    assert "too_large" in kinds(meta)


def test_a_one_megabyte_xmp_caption_in_png(tmp_path):
    packet = make.xmp_packet({"dc:description": "x" * (1024 * 1024), "photoshop:Credit": "AFP"})
    meta = read_bounded(make.write(tmp_path, "long-xmp.png", make.png([make.itxt("XML:com.adobe.xmp", packet)])))
    assert meta.first("credit") == "AFP" and len(meta.first("caption")) == ReadOptions().max_value_chars


def test_xmp_packet_over_the_packet_limit_is_refused(tmp_path):
    packet = make.xmp_packet({"dc:description": "y" * (3 * 1024 * 1024)})
    meta = read_bounded(make.write(tmp_path, "huge-xmp.png", make.png([make.itxt("XML:com.adobe.xmp", packet)])))
    assert kinds(meta) == {"too_large"} and meta.caption == []


def test_compressed_text_chunk_bomb(tmp_path):
    bomb = make.itxt("XML:com.adobe.xmp", b" " * (200 * 1024 * 1024), compressed=True)
    assert len(bomb) < 300_000
    meta = read_bounded(make.write(tmp_path, "ztxt-bomb.png", make.png([bomb])))
    assert "decompression_bomb" in kinds(meta)


# --- hostile XML ----------------------------------------------------------------------------

def test_billion_laughs_xmp_is_refused_and_the_rest_still_read(tmp_path):
    packet = make.xmp_packet({"photoshop:Credit": "never seen"}, doctype=make.BILLION_LAUGHS,
                             raw_body="<photoshop:Headline>&lol9;</photoshop:Headline>")
    block = make.iim([(2, 110, b"IPTC credit")])
    meta = read_bounded(make.write(tmp_path, "laughs.jpg", make.jpeg(xmp=packet, iptc=block)))
    assert kinds(meta) == {"hostile_xml"} and "billion laughs" in meta.problems[0].reason
    assert meta.credit == [meta.credit[0]] and meta.credit[0].origin == "IPTC:2:110 Credit"
    assert meta.headline == []


def test_external_entity_xmp_is_refused_without_reading_the_file(tmp_path):
    packet = make.xmp_packet({}, doctype=make.EXTERNAL_ENTITY, raw_body="<photoshop:Credit>&secret;</photoshop:Credit>")
    meta = read_bounded(make.write(tmp_path, "xxe.png", make.png([make.itxt("XML:com.adobe.xmp", packet)])))
    assert kinds(meta) == {"hostile_xml"} and "external entity" in meta.problems[0].reason
    assert "root:" not in json.dumps(meta.to_dict())


@pytest.mark.parametrize("raw_body", ["<photoshop:Headline>&secret;</photoshop:Headline>",
                                      "<photoshop:Headline>&#xD800;</photoshop:Headline>"])
def test_an_entity_without_a_dtd_is_malformed_and_nothing_is_read(tmp_path, raw_body):
    """A packet without a DTD takes the fast parser: an entity it cannot declare is an error there too."""
    packet = make.xmp_packet({"photoshop:Credit": "never seen"}, raw_body=raw_body)
    meta = read_bounded(make.write(tmp_path, "undeclared.jpg", make.jpeg(xmp=packet)))
    assert kinds(meta) == {"malformed"} and meta.credit == []


def test_broken_xml_is_malformed(tmp_path):
    meta = read_bounded(make.write(tmp_path, "broken.jpg", make.jpeg(xmp=b"<x:xmpmeta><rdf:RDF>")))
    assert kinds(meta) == {"malformed"}


# --- absurd pixel sizes ---------------------------------------------------------------------

def test_png_header_claiming_100000_by_100000_pixels(tmp_path):
    path = make.write(tmp_path, "bomb.png", make.png_claiming(100_000, 100_000))
    meta = read_bounded(path)
    assert (meta.width, meta.height) == (100_000, 100_000)
    assert "decompression_bomb" in kinds(meta)
    started = time.monotonic()
    assert make_thumbnail(path) is None
    assert time.monotonic() - started < GUARD_SECONDS


def test_over_the_pixel_limit_is_too_large_and_gets_no_thumbnail(tmp_path):
    options = ReadOptions(max_pixels=1000)
    path = make.write(tmp_path, "many-pixels.jpg", full_jpeg())
    meta = read_bounded(path, options)
    assert "too_large" in kinds(meta) and meta.first("credit") == "Handout"
    assert make_thumbnail(path, options=options) is None


def test_jpeg_frame_header_claiming_65535_squared(tmp_path):
    data = bytearray(make.jpeg())
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = b"\xff\xff\xff\xff"
    path = make.write(tmp_path, "sof-bomb.jpg", bytes(data))
    assert "decompression_bomb" in kinds(read_bounded(path))
    assert make_thumbnail(path) is None


# --- thumbnails -----------------------------------------------------------------------------

def test_thumbnail_of_a_normal_picture_is_small_jpeg(tmp_path):
    path = make.write(tmp_path, "big.jpg", make.encode(make.pixels((1200, 800)), "JPEG"))
    thumbnail = make_thumbnail(path, max_px=200)
    assert thumbnail is not None and thumbnail[:3] == b"\xff\xd8\xff"
    from PIL import Image
    import io
    with Image.open(io.BytesIO(thumbnail)) as image:
        assert max(image.size) <= 200


def test_thumbnail_of_transparent_png_is_png(tmp_path):
    path = make.write(tmp_path, "alpha.png", make.encode(make.pixels((64, 64), "RGBA"), "PNG"))
    assert make_thumbnail(path)[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("data", [b"", b"plain text, not a picture", b"\xff\xd8\xff\xe0\x00\x10JFIF"])
def test_no_thumbnail_for_what_cannot_be_decoded(tmp_path, data):
    assert make_thumbnail(make.write(tmp_path, "bad.jpg", data)) is None


def test_zlib_bomb_in_idat_is_caught_by_the_pixel_check(tmp_path):
    idat = zlib.compress(b"\x00" * (20 * 1024 * 1024), 9)
    ihdr = struct.pack(">IIBBBBB", 20_000, 20_000, 8, 0, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + make.png_chunk(b"IHDR", ihdr) + make.png_chunk(b"IDAT", idat) + make.png_chunk(b"IEND", b"")
    path = make.write(tmp_path, "idat-bomb.png", data)
    assert "decompression_bomb" in kinds(read_bounded(path))
    assert make_thumbnail(path) is None
