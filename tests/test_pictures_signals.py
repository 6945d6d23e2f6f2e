"""Every metadata signal, end to end: a picture made here, `provenance check` on it, the finding read back.

Each test writes its own picture (hand-built blocks, or exiftool as a newsroom tool would),
checks the bare file as an item of its own, and asserts the finding, its evidence origin and
the normalized field the JSON report carries for the figure.
"""

from __future__ import annotations

import pytest

import imagefactory as make

DIGITAL_SOURCE_TYPES = "http://cv.iptc.org/newscodes/digitalsourcetype/"
EDITORIAL_RESTRICTIONS = ["EDITORIAL USE ONLY", "MANDATORY CREDIT", "NO ARCHIVES",
                          "DISTRIBUTED AS A SERVICE TO CLIENTS"]


def picture_item(cli, path) -> dict:
    """The single item a bare picture becomes in the JSON report."""
    [item] = cli.report(path)["articles"]
    assert item["format"] == "picture" and item["path"] == str(path)
    return item


def findings_in(item: dict, category: str) -> list[dict]:
    return [f for f in item["findings"] if f["category"] == category]


def evidence_origins(finding: dict) -> set[str]:
    return {e["origin"] for e in finding["evidence"]}


def embedded(item: dict, name: str) -> list[tuple[str, str]]:
    """A normalized metadata field of the item's picture, as (value, origin) pairs."""
    return [(v["value"], v["origin"]) for v in item["figures"][0]["metadata"]["fields"].get(name, [])]


# --- state-supplied credit ------------------------------------------------------------------

def test_kcna_in_the_iptc_credit_and_source_is_state_supplied_from_north_korea(cli, tmp_path):
    path = make.write(tmp_path, "parade.jpg", make.iptc_jpeg(
        caption="Soldiers march across a square on Saturday.", credit="KCNA via KNS",
        source="Korean Central News Agency"))
    item = picture_item(cli, path)
    [finding] = findings_in(item, "state_supplied")
    assert finding["source"]["id"] == "kcna" and finding["source"]["country"] == "KP"
    assert {"IPTC:2:110 Credit", "IPTC:2:115 Source"} <= evidence_origins(finding)
    assert embedded(item, "credit") == [("KCNA via KNS", "IPTC:2:110 Credit")]
    assert embedded(item, "source") == [("Korean Central News Agency", "IPTC:2:115 Source")]
    figure = item["figures"][0]
    assert figure["credit"] == "KCNA via KNS" and figure["origins"]["credit"] == "IPTC:2:110 Credit"
    assert figure["caption"] == "Soldiers march across a square on Saturday."
    assert figure["origins"]["caption"] == "IPTC:2:120 Caption-Abstract"


def test_kcna_written_only_in_xmp_by_exiftool_names_the_xmp_tags(cli, tmp_path):
    path = make.write(tmp_path, "parade.jpg", make.jpeg())
    make.exiftool(path, "-XMP-photoshop:Credit=KCNA via KNS", "-XMP-photoshop:Source=Korean Central News Agency")
    item = picture_item(cli, path)
    [finding] = findings_in(item, "state_supplied")
    assert finding["source"]["id"] == "kcna" and finding["source"]["country"] == "KP"
    assert {"XMP:photoshop:Credit", "XMP:photoshop:Source"} <= evidence_origins(finding)
    assert embedded(item, "credit") == [("KCNA via KNS", "XMP:photoshop:Credit")]


def test_an_agency_credit_is_not_state_supplied(cli, tmp_path):
    path = make.write(tmp_path, "vineyard.jpg", make.iptc_jpeg(
        caption="A worker carries grapes in a vineyard near Bordeaux.", credit="AP Photo/Claire Dumas", source="AP"))
    assert findings_in(picture_item(cli, path), "state_supplied") == []


# --- special instructions -------------------------------------------------------------------

def test_handout_special_instructions_are_a_handout(cli, tmp_path):
    instructions = "HANDOUT / THIS IMAGE HAS BEEN SUPPLIED BY A THIRD PARTY"
    path = make.write(tmp_path, "handout.jpg", make.iptc_jpeg(credit="Staff", instructions=instructions))
    item = picture_item(cli, path)
    handouts = findings_in(item, "handout")
    assert handouts, item["findings"]
    cited = {(e["origin"], e["text"].upper()) for f in handouts for e in f["evidence"]}
    assert ("IPTC:2:40 Special Instructions", "HANDOUT") in cited
    assert all(e["field"] == "metadata" for f in handouts for e in f["evidence"])
    assert embedded(item, "instructions") == [(instructions, "IPTC:2:40 Special Instructions")]


@pytest.mark.parametrize("instructions", EDITORIAL_RESTRICTIONS)
def test_restrictions_in_special_instructions_are_editorial_restrictions(cli, tmp_path, instructions):
    path = make.write(tmp_path, "restricted.jpg", make.iptc_jpeg(credit="Staff", instructions=instructions))
    item = picture_item(cli, path)
    [finding] = findings_in(item, "editorial_restriction")
    assert [(e["origin"], e["text"]) for e in finding["evidence"]] == [
        ("IPTC:2:40 Special Instructions", instructions)]
    assert embedded(item, "instructions") == [(instructions, "IPTC:2:40 Special Instructions")]


def test_no_sales_alone_in_special_instructions_is_an_editorial_restriction(cli, tmp_path):
    path = make.write(tmp_path, "no-sales.jpg", make.iptc_jpeg(credit="Staff", instructions="NO SALES"))
    [finding] = findings_in(picture_item(cli, path), "editorial_restriction")
    assert evidence_origins(finding) == {"IPTC:2:40 Special Instructions"}


def test_a_restriction_tail_in_instructions_cites_each_restriction(cli, tmp_path):
    path = make.write(tmp_path, "tail.jpg", make.jpeg())
    make.exiftool(path, "-XMP-photoshop:Instructions=EDITORIAL USE ONLY - MANDATORY CREDIT - NO SALES - NO ARCHIVES")
    [finding] = findings_in(picture_item(cli, path), "editorial_restriction")
    assert evidence_origins(finding) == {"XMP:photoshop:Instructions"}
    cited = " | ".join(e["text"] for e in finding["evidence"]).upper()
    for restriction in ("EDITORIAL USE ONLY", "MANDATORY CREDIT", "NO SALES", "NO ARCHIVES"):
        assert restriction in cited


# --- generative AI --------------------------------------------------------------------------

@pytest.mark.parametrize("code", ["trainedAlgorithmicMedia", "compositeWithTrainedAlgorithmicMedia"])
def test_an_ai_digital_source_type_is_an_ai_generated_error(cli, tmp_path, code):
    packet = make.xmp_packet({"Iptc4xmpExt:DigitalSourceType": DIGITAL_SOURCE_TYPES + code,
                              "photoshop:Credit": "Staff"})
    path = make.write(tmp_path, "generated.jpg", make.jpeg(xmp=packet))
    item = picture_item(cli, path)
    [finding] = findings_in(item, "ai_generated")
    assert finding["severity"] == "error"
    assert [(e["origin"], e["text"]) for e in finding["evidence"]] == [
        ("XMP:Iptc4xmpExt:DigitalSourceType", DIGITAL_SOURCE_TYPES + code)]
    assert embedded(item, "digital_source_type") == [(DIGITAL_SOURCE_TYPES + code, "XMP:Iptc4xmpExt:DigitalSourceType")]


def test_a_camera_digital_source_type_is_not_ai_generated(cli, tmp_path):
    packet = make.xmp_packet({"Iptc4xmpExt:DigitalSourceType": make.CAMERA, "photoshop:Credit": "Staff"})
    item = picture_item(cli, make.write(tmp_path, "camera.jpg", make.jpeg(xmp=packet)))
    assert findings_in(item, "ai_generated") == []


def test_an_ai_source_type_written_by_exiftool_is_an_error_that_fails_the_run(cli, tmp_path):
    path = make.write(tmp_path, "generated.jpg", make.jpeg())
    make.exiftool(path, f"-XMP-iptcExt:DigitalSourceType={make.AI_GENERATED}")
    result = cli.run("check", path, "--format", "json", "--out", "-", "--fail-on", "error")
    assert result.exit_code == 1
    assert '"category": "ai_generated"' in result.stdout


# --- editing --------------------------------------------------------------------------------

def test_photoshop_in_the_exif_software_tag_is_edited(cli, tmp_path):
    exif = make.exif_block(Software="Adobe Photoshop 25.0")
    path = make.write(tmp_path, "toned.jpg", make.jpeg(exif=exif, iptc=make.iim([(2, 110, b"Staff")])))
    item = picture_item(cli, path)
    [finding] = findings_in(item, "edited")
    assert evidence_origins(finding) == {"EXIF:Software"}
    assert "Photoshop" in finding["evidence"][0]["text"]
    assert embedded(item, "software") == [("Adobe Photoshop 25.0", "EXIF:Software")]


def test_an_xmp_edit_history_is_edited(cli, tmp_path):
    packet = make.xmp_packet({"photoshop:Credit": "Staff"},
                             history=[{"action": "saved", "softwareAgent": "Adobe Photoshop 25.0"}])
    item = picture_item(cli, make.write(tmp_path, "history.jpg", make.jpeg(xmp=packet)))
    [finding] = findings_in(item, "edited")
    assert evidence_origins(finding) == {"XMP:xmpMM:History"}
    [(event, origin)] = embedded(item, "history")
    assert "saved" in event and "Adobe Photoshop 25.0" in event and origin == "XMP:xmpMM:History"


def test_camera_firmware_is_not_editing(cli, tmp_path):
    exif = make.exif_block(Software="Firmware Version 1.2.0", Make="Canon", Artist="Jane Doe")
    item = picture_item(cli, make.write(tmp_path, "camera.jpg", make.jpeg(exif=exif)))
    assert findings_in(item, "edited") == []


# --- missing and conflicting metadata -------------------------------------------------------

def test_a_bare_jpeg_without_metadata_is_metadata_missing(cli, tmp_path):
    item = picture_item(cli, make.write(tmp_path, "stripped.jpg", make.jpeg()))
    [finding] = findings_in(item, "metadata_missing")
    assert finding["severity"] == "warning"
    assert item["figures"][0]["metadata"]["fields"] == {}
    assert [f["category"] for f in item["findings"]] == ["metadata_missing"]


def test_a_credit_alone_is_enough_metadata(cli, tmp_path):
    item = picture_item(cli, make.write(tmp_path, "credited.jpg", make.iptc_jpeg(credit="Staff")))
    assert findings_in(item, "metadata_missing") == []


def test_an_iptc_caption_that_differs_from_the_xmp_description_is_a_mismatch(cli, tmp_path):
    packet = make.xmp_packet({"dc:description": "A crowd gathers in the square."})
    block = make.iim([make.utf8_declaration(), (2, 120, b"Soldiers march past the reviewing stand.")])
    item = picture_item(cli, make.write(tmp_path, "conflict.jpg", make.jpeg(xmp=packet, iptc=block)))
    [finding] = findings_in(item, "metadata_mismatch")
    assert evidence_origins(finding) == {"Conflict:caption"}
    cited = finding["evidence"][0]["text"]
    assert "IPTC:2:120 Caption-Abstract" in cited and "XMP:dc:description" in cited
    assert embedded(item, "caption") == [("Soldiers march past the reviewing stand.", "IPTC:2:120 Caption-Abstract"),
                                         ("A crowd gathers in the square.", "XMP:dc:description")]
    [conflict] = item["figures"][0]["metadata"]["conflicts"]
    assert conflict["field"] == "caption"


def test_the_same_caption_in_iptc_and_xmp_is_no_mismatch(cli, tmp_path):
    caption = "Soldiers march past the reviewing stand."
    packet = make.xmp_packet({"dc:description": caption})
    block = make.iim([make.utf8_declaration(), (2, 120, caption.encode())])
    item = picture_item(cli, make.write(tmp_path, "agree.jpg", make.jpeg(xmp=packet, iptc=block)))
    assert findings_in(item, "metadata_mismatch") == []
