"""Each normalized field comes out with the right value and the container tag it came from."""

from __future__ import annotations

import json

import pytest
from PIL import features

import imagefactory as make
from provenance.metadata import FIELD_LABELS, MetadataValue, read_metadata


def origins(meta, name: str) -> dict[str, str]:
    return {v.origin: v.value for v in meta.values(name)}


# --- EXIF ---------------------------------------------------------------------------------

def test_exif_text_date_and_gps_fields_keep_their_exif_origin(tmp_path):
    exif = make.exif_block(gps=(48.858370, -2.294481), date_original="2024:05:01 10:11:12",
                           ImageDescription="Rescuers search the rubble", Artist="Jane Roe; John Doe",
                           Copyright="(c) 2024 Jane Roe", Make="Canon", Model="Canon EOS R5",
                           Software="Adobe Photoshop 25.0")
    meta = read_metadata(make.write(tmp_path, "exif.jpg", make.jpeg(exif=exif)))
    assert meta.format == "JPEG" and (meta.width, meta.height) == (48, 32)
    assert meta.caption == [MetadataValue("Rescuers search the rubble", "EXIF:ImageDescription")]
    assert origins(meta, "byline") == {"EXIF:Artist": "Jane Roe; John Doe"}
    assert origins(meta, "copyright") == {"EXIF:Copyright": "(c) 2024 Jane Roe"}
    assert origins(meta, "make") == {"EXIF:Make": "Canon"}
    assert origins(meta, "model") == {"EXIF:Model": "Canon EOS R5"}
    assert origins(meta, "software") == {"EXIF:Software": "Adobe Photoshop 25.0"}
    assert origins(meta, "date_created") == {"EXIF:DateTimeOriginal": "2024-05-01T10:11:12"}
    latitude, longitude = (float(x) for x in meta.gps[0].value.split(","))
    assert meta.gps[0].origin == "EXIF:GPSLatitude/GPSLongitude"
    assert latitude == pytest.approx(48.858370, abs=1e-5) and longitude == pytest.approx(-2.294481, abs=1e-5)
    assert meta.problems == [] and meta.conflicts == []


def test_a_non_utf8_exif_description_is_read_as_windows_1252(tmp_path):
    exif = make.exif_block(ImageDescription="placeholder")
    exif = exif.replace(b"placeholder", "Café Zürich".encode("cp1252").ljust(11, b"\x00"))
    meta = read_metadata(make.write(tmp_path, "latin.jpg", make.jpeg(exif=exif)))
    assert meta.first("caption") == "Café Zürich"


# --- IPTC IIM charsets ----------------------------------------------------------------------

def test_utf8_iptc_caption_declared_by_coded_character_set(tmp_path):
    block = make.iim([make.utf8_declaration(), (2, 120, "Łódź: protest przed Sejmem — José".encode("utf-8")),
                      (2, 110, "Agência Brasil".encode("utf-8"))])
    meta = read_metadata(make.write(tmp_path, "utf8.jpg", make.jpeg(iptc=block)))
    assert meta.caption == [MetadataValue("Łódź: protest przed Sejmem — José", "IPTC:2:120 Caption-Abstract")]
    assert origins(meta, "credit") == {"IPTC:2:110 Credit": "Agência Brasil"}


def test_latin1_iptc_caption_without_a_declared_charset(tmp_path):
    block = make.iim([(2, 120, "Señora Müller à Genève – «Handout»".encode("cp1252")),
                      (2, 80, "François Lenoir".encode("latin-1"))])
    meta = read_metadata(make.write(tmp_path, "latin1.jpg", make.jpeg(iptc=block)))
    assert meta.first("caption") == "Señora Müller à Genève – «Handout»"
    assert meta.first("byline") == "François Lenoir"
    assert any("Windows-1252" in note for note in meta.notes)


def test_an_explicit_latin1_declaration_wins_over_utf8_looking_bytes(tmp_path):
    block = make.iim([(1, 90, b"\x1b-A"), (2, 120, "Ã©t".encode("latin-1"))])
    meta = read_metadata(make.write(tmp_path, "declared-latin1.jpg", make.jpeg(iptc=block)))
    assert meta.first("caption") == "Ã©t"


def test_undeclared_but_valid_utf8_iptc_is_read_as_utf8(tmp_path):
    block = make.iim([(2, 120, "Kraków, José".encode("utf-8"))])
    meta = read_metadata(make.write(tmp_path, "undeclared-utf8.jpg", make.jpeg(iptc=block)))
    assert meta.first("caption") == "Kraków, José"


def test_iptc_fields_each_with_their_dataset_origin(tmp_path):
    block = make.iim([make.utf8_declaration(), (2, 105, b"Storm hits coast"), (2, 115, b"Defence Ministry"),
                      (2, 116, b"(c) Ministry"), (2, 40, b"EDITORIAL USE ONLY. MANDATORY CREDIT"),
                      (2, 55, b"20240501"), (2, 60, b"101112+0200"), (2, 90, b"Odesa"), (2, 95, b"Odesa Oblast"),
                      (2, 101, b"Ukraine"), (2, 80, b"Staff"), (2, 80, b"Handout")])
    meta = read_metadata(make.write(tmp_path, "iptc.jpg", make.jpeg(iptc=block)))
    assert origins(meta, "headline") == {"IPTC:2:105 Headline": "Storm hits coast"}
    assert origins(meta, "source") == {"IPTC:2:115 Source": "Defence Ministry"}
    assert origins(meta, "copyright") == {"IPTC:2:116 Copyright Notice": "(c) Ministry"}
    assert origins(meta, "instructions") == {"IPTC:2:40 Special Instructions": "EDITORIAL USE ONLY. MANDATORY CREDIT"}
    assert origins(meta, "date_created") == {"IPTC:2:55 Date Created": "2024-05-01T10:11:12+02:00"}
    assert origins(meta, "city") == {"IPTC:2:90 City": "Odesa"}
    assert origins(meta, "region") == {"IPTC:2:95 Province-State": "Odesa Oblast"}
    assert origins(meta, "country") == {"IPTC:2:101 Country-Primary Location Name": "Ukraine"}
    assert [v.value for v in meta.byline] == ["Staff", "Handout"]


# --- XMP ----------------------------------------------------------------------------------

XMP_FIELDS = {
    "dc:description": ("caption", "Soldiers at a checkpoint"),
    "photoshop:Headline": ("headline", "Checkpoint"),
    "photoshop:Credit": ("credit", "Russian Defence Ministry Press Service via AP"),
    "photoshop:Source": ("source", "Russian Defence Ministry Press Service"),
    "dc:creator": ("byline", "Unknown"),
    "dc:rights": ("copyright", "Public domain"),
    "photoshop:Instructions": ("instructions", "THIS IMAGE WAS PROVIDED BY A THIRD PARTY"),
    "xmpRights:UsageTerms": ("usage_terms", "Editorial use only"),
    "photoshop:DateCreated": ("date_created", "2024-05-01T10:11:12+03:00"),
    "photoshop:City": ("city", "Donetsk"),
    "photoshop:State": ("region", "Donetsk Oblast"),
    "photoshop:Country": ("country", "Ukraine"),
    "tiff:Make": ("make", "SONY"),
    "tiff:Model": ("model", "ILCE-7M3"),
    "xmp:CreatorTool": ("software", "Adobe Photoshop 25.0 (Windows)"),
    "Iptc4xmpExt:DigitalSourceType": ("digital_source_type",
                                      "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia"),
}


@pytest.mark.parametrize("container", ["JPEG", "PNG", "WEBP", "TIFF"])
def test_every_xmp_field_keeps_its_xmp_origin_in_each_container(tmp_path, container):
    if container == "WEBP" and not features.check("webp"):
        pytest.skip("this Pillow has no WebP support")
    properties = {name: value for name, (_, value) in XMP_FIELDS.items()}
    properties |= {"exif:GPSLatitude": "47,5.25N", "exif:GPSLongitude": "37,30.5E"}
    history = [{"action": "saved", "softwareAgent": "Adobe Photoshop 25.0", "when": "2024-05-02T08:00:00Z",
                "changed": "/"}]
    packet = make.xmp_packet(properties, history)
    data = {"JPEG": lambda: make.jpeg(xmp=packet),
            "PNG": lambda: make.png([make.itxt("XML:com.adobe.xmp", packet)]),
            "WEBP": lambda: make.encode(make.pixels(), "WEBP", xmp=packet),
            "TIFF": lambda: make.encode(make.pixels(), "TIFF", tiffinfo={700: packet})}[container]()
    meta = read_metadata(make.write(tmp_path, f"xmp.{container.lower()}", data))
    assert meta.format == container and (meta.width, meta.height) == (48, 32)
    for name, (field_name, value) in XMP_FIELDS.items():
        assert MetadataValue(value, f"XMP:{name}") in meta.values(field_name), name
    assert meta.gps == [MetadataValue("47.087500, 37.508333", "XMP:exif:GPSLatitude/GPSLongitude")]
    assert meta.history == [MetadataValue("saved by Adobe Photoshop 25.0 at 2024-05-02T08:00:00Z (changed /)",
                                          "XMP:xmpMM:History")]
    assert meta.problems == []


def test_xmp_written_as_attributes_and_utf16_is_read(tmp_path):
    packet = ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
              '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
              '<rdf:Description rdf:about="" xmlns:ps="http://ns.adobe.com/photoshop/1.0/" ps:Credit="KCNA via KNS"/>'
              '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>').encode("utf-16-be")
    meta = read_metadata(make.write(tmp_path, "utf16.jpg", make.jpeg(xmp=packet)))
    assert meta.credit == [MetadataValue("KCNA via KNS", "XMP:photoshop:Credit")]


def test_compressed_png_xmp_and_png_exif_chunk(tmp_path):
    packet = make.xmp_packet({"photoshop:Credit": "Handout"})
    exif = make.exif_block(Make="Nikon")
    data = make.png([make.itxt("XML:com.adobe.xmp", packet, compressed=True), make.png_chunk(b"eXIf", exif),
                     make.png_chunk(b"tEXt", b"Description\x00A PNG text description")])
    meta = read_metadata(make.write(tmp_path, "chunks.png", data))
    assert meta.credit == [MetadataValue("Handout", "XMP:photoshop:Credit")]
    assert meta.make == [MetadataValue("Nikon", "EXIF:Make")]
    assert meta.caption == [MetadataValue("A PNG text description", "PNG:Description")]


def test_webp_exif_chunk(tmp_path):
    if not features.check("webp"):
        pytest.skip("this Pillow has no WebP support")
    data = make.encode(make.pixels(), "WEBP", exif=b"Exif\x00\x00" + make.exif_block(Artist="Pool photographer"))
    meta = read_metadata(make.write(tmp_path, "exif.webp", data))
    assert meta.byline == [MetadataValue("Pool photographer", "EXIF:Artist")]


def test_tiff_iptc_through_pillow(tmp_path):
    block = make.iim([make.utf8_declaration(), (2, 110, "Sputnik/Кремль".encode("utf-8"))])
    data = make.encode(make.pixels(), "TIFF", tiffinfo={33723: block})
    meta = read_metadata(make.write(tmp_path, "iptc.tif", data))
    assert meta.credit == [MetadataValue("Sputnik/Кремль", "IPTC:2:110 Credit")]


# --- conflicts ----------------------------------------------------------------------------

def test_containers_that_disagree_keep_both_values_and_record_a_conflict(tmp_path):
    exif = make.exif_block(ImageDescription="Troops parade in Pyongyang", Artist="KCNA")
    block = make.iim([make.utf8_declaration(), (2, 120, b"Troops parade in Pyongyang"), (2, 110, b"AP")])
    packet = make.xmp_packet({"dc:description": "Troops parade in Pyongyang (KCNA via KNS)",
                              "photoshop:Credit": "KCNA via KNS", "dc:creator": "KCNA"})
    meta = read_metadata(make.write(tmp_path, "conflict.jpg", make.jpeg(exif=exif, xmp=packet, iptc=block)))
    conflicts = {c.field: c for c in meta.conflicts}
    assert set(conflicts) == {"caption", "credit"}
    assert {v.origin for v in conflicts["credit"].values} == {"IPTC:2:110 Credit", "XMP:photoshop:Credit"}
    assert {v.value for v in conflicts["caption"].values} == {"Troops parade in Pyongyang",
                                                              "Troops parade in Pyongyang (KCNA via KNS)"}
    assert len(meta.caption) == 3 and len(meta.credit) == 2


def test_same_facts_written_differently_are_not_conflicts(tmp_path):
    exif = make.exif_block(date_original="2024:05:01 10:11:12", Artist="Ann Lee; Bo Chan",
                           ImageDescription="Flooded  street")
    block = make.iim([(2, 55, b"20240501"), (2, 80, b"Ann Lee"), (2, 80, b"Bo Chan"), (2, 120, b"flooded street")])
    packet = make.xmp_packet({"photoshop:DateCreated": "2024-05-01T10:11:12+02:00", "dc:creator": ["Ann Lee", "Bo Chan"],
                              "Iptc4xmpExt:DigitalSourceType": "digitalCapture"})
    meta = read_metadata(make.write(tmp_path, "agree.jpg", make.jpeg(exif=exif, xmp=packet, iptc=block)))
    assert meta.conflicts == []


def test_an_iim_value_cut_at_its_length_limit_agrees_with_the_full_xmp_value(tmp_path):
    full = "No unpaid use. Editorial use only. " * 10
    block = make.iim([(2, 40, full.encode("ascii")[:256])])
    packet = make.xmp_packet({"photoshop:Instructions": full})
    meta = read_metadata(make.write(tmp_path, "truncated-iim.jpg", make.jpeg(xmp=packet, iptc=block)))
    assert len(meta.instructions) == 2 and meta.conflicts == []


# --- exiftool-written files -----------------------------------------------------------------

def test_fields_written_by_exiftool_come_back_with_their_origins(tmp_path):
    path = make.write(tmp_path, "exiftool.jpg", make.jpeg())
    make.exiftool(path, "-charset", "iptc=UTF8", "-IPTC:CodedCharacterSet=UTF8",
                  "-IPTC:Caption-Abstract=Zelensky in Kyiv – Präsidialamt", "-IPTC:Credit=Presidential Press Service",
                  "-XMP-photoshop:Credit=Presidential Press Service via AP",
                  "-XMP-dc:Description=Zelensky in Kyiv – Präsidialamt", "-XMP-xmpRights:UsageTerms=Editorial use only",
                  "-XMP-iptcExt:DigitalSourceType=http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture",
                  "-EXIF:Make=Apple")
    meta = read_metadata(path)
    assert MetadataValue("Zelensky in Kyiv – Präsidialamt", "IPTC:2:120 Caption-Abstract") in meta.caption
    assert MetadataValue("Zelensky in Kyiv – Präsidialamt", "XMP:dc:description") in meta.caption
    assert MetadataValue("Editorial use only", "XMP:xmpRights:UsageTerms") in meta.usage_terms
    assert meta.make == [MetadataValue("Apple", "EXIF:Make")]
    assert meta.digital_source_type[0].origin == "XMP:Iptc4xmpExt:DigitalSourceType"
    assert [c.field for c in meta.conflicts] == ["credit"]


def test_latin1_iptc_written_by_exiftool(tmp_path):
    path = make.write(tmp_path, "exiftool-latin.jpg", make.jpeg())
    make.exiftool(path, "-charset", "iptc=Latin", "-IPTC:Caption-Abstract=Réfugiés à Calais, été 2024")
    meta = read_metadata(path)
    assert meta.caption == [MetadataValue("Réfugiés à Calais, été 2024", "IPTC:2:120 Caption-Abstract")]


# --- output -------------------------------------------------------------------------------

def test_to_dict_is_json_and_format_text_lists_each_origin(tmp_path):
    block = make.iim([(2, 110, b"Handout")])
    packet = make.xmp_packet({"photoshop:Credit": "Ministry of Defence"})
    meta = read_metadata(make.write(tmp_path, "out.jpg", make.jpeg(xmp=packet, iptc=block)))
    data = json.loads(json.dumps(meta.to_dict()))
    assert data["fields"]["credit"] == [{"value": "Handout", "origin": "IPTC:2:110 Credit"},
                                        {"value": "Ministry of Defence", "origin": "XMP:photoshop:Credit"}]
    assert data["conflicts"][0]["field"] == "credit" and data["format"] == "JPEG"
    text = meta.format_text()
    assert "[IPTC:2:110 Credit]" in text and "[XMP:photoshop:Credit]" in text and "Conflict: Credit line" in text


def test_every_field_name_has_a_label_and_a_list():
    meta = read_metadata("/nonexistent/picture.jpg")
    assert all(meta.values(name) == [] for name in FIELD_LABELS)
    with pytest.raises(KeyError):
        meta.values("colour")
