"""Content Credentials: files signed here with a throwaway CA, read back offline.

"Valid" is not "Trusted": a signature from a certificate nobody vouches for still validates,
so the reader must say the signer is untrusted unless the configured trust anchors cover it.
"""

from __future__ import annotations

import pytest

import imagefactory as make
from provenance.metadata import MetadataValue, ReadOptions, read_metadata
from provenance.metadata.credentials import offline_settings

pytest.importorskip("c2pa")
pytest.importorskip("cryptography")


@pytest.fixture(scope="module")
def certificates() -> make.TestCertificates:
    return make.TestCertificates()


@pytest.fixture(scope="module")
def ai_picture(certificates) -> bytes:
    return make.sign(certificates, make.jpeg(), "image/jpeg",
                     [{"action": "c2pa.created", "digitalSourceType": make.AI_GENERATED, "softwareAgent": "ImageGen 3"}],
                     author="Desk Robot")


def test_an_untrusted_signer_is_valid_but_not_trusted(tmp_path, ai_picture):
    meta = read_metadata(make.write(tmp_path, "signed.jpg", ai_picture))
    summary = meta.c2pa
    assert summary is not None and summary.location == "embedded"
    assert summary.validation_state == "Valid" and not summary.trusted and summary.signer_untrusted
    assert summary.failure_codes == ["signingCredential.untrusted"]
    assert summary.signer == "Provenance Test Signer" and summary.claim_generator == "provenance-tests 1.0"
    assert summary.trust_anchors is None
    assert meta.problems == []


def test_the_configured_trust_anchor_makes_the_same_file_trusted(tmp_path, certificates, ai_picture):
    anchors = make.write(tmp_path, "anchors.pem", certificates.root_pem)
    meta = read_metadata(make.write(tmp_path, "signed.jpg", ai_picture), ReadOptions(trust_anchors=anchors))
    assert meta.c2pa.validation_state == "Trusted" and meta.c2pa.trusted and not meta.c2pa.signer_untrusted
    assert meta.c2pa.failure_codes == [] and meta.c2pa.trust_anchors == str(anchors)


def test_ai_source_type_actions_and_author_become_fields(tmp_path, ai_picture):
    meta = read_metadata(make.write(tmp_path, "signed.jpg", ai_picture))
    assert meta.c2pa.ai_source_types == ["trainedAlgorithmicMedia"]
    assert meta.digital_source_type == [MetadataValue(make.AI_GENERATED, "C2PA:c2pa.actions")]
    assert meta.byline == [MetadataValue("Desk Robot", "C2PA:stds.schema-org.CreativeWork")]
    action = meta.c2pa.actions[0]
    assert (action.action, action.software_agent, action.active) == ("c2pa.created", "ImageGen 3", True)


def test_a_tampered_copy_is_invalid_with_a_data_hash_mismatch(tmp_path, ai_picture):
    data = bytearray(ai_picture)
    scan = data.rindex(b"\xff\xda")
    position = next(i for i in range((scan + len(data)) // 2, len(data))
                    if data[i] not in (0x00, 0xFF, 0xFE) and data[i - 1] != 0xFF)
    data[position] ^= 0x01
    meta = read_metadata(make.write(tmp_path, "tampered.jpg", bytes(data)))
    assert meta.c2pa.validation_state == "Invalid"
    assert "assertion.dataHash.mismatch" in meta.c2pa.failure_codes


def test_ai_made_parent_shows_through_an_edited_child(tmp_path, certificates, ai_picture):
    child = make.sign(certificates, make.jpeg(), "image/jpeg",
                      [{"action": "c2pa.opened", "parameters": {"ingredientIds": ["parent"]}},
                       {"action": "c2pa.color_adjustments"}], ingredient=(ai_picture, "image/jpeg"))
    meta = read_metadata(make.write(tmp_path, "child.jpg", child))
    summary = meta.c2pa
    assert [i.title for i in summary.ingredients] == ["parent.jpg"]
    assert [i.relationship for i in summary.ingredients] == ["parentOf"]
    assert summary.ai_source_types == ["trainedAlgorithmicMedia"]
    assert [a.action for a in summary.actions if a.active] == ["c2pa.opened", "c2pa.color_adjustments"]
    assert [a.action for a in summary.actions if not a.active] == ["c2pa.created"]
    assert meta.digital_source_type == []  # the active manifest itself claims no source type


def test_png_content_credentials(tmp_path, certificates):
    signed = make.sign(certificates, make.png(), "image/png",
                       [{"action": "c2pa.created", "digitalSourceType": make.CAMERA}])
    meta = read_metadata(make.write(tmp_path, "signed.png", signed))
    assert meta.c2pa.validation_state == "Valid" and meta.c2pa.ai_source_types == []
    assert meta.digital_source_type == [MetadataValue(make.CAMERA, "C2PA:c2pa.actions")]


def test_a_remote_only_manifest_is_reported_not_fetched(tmp_path, certificates):
    url = "https://manifests.example.invalid/fixture.c2pa"
    signed = make.sign(certificates, make.jpeg(), "image/jpeg",
                       [{"action": "c2pa.created", "digitalSourceType": make.CAMERA}], remote_url=url)
    meta = read_metadata(make.write(tmp_path, "remote.jpg", signed))
    assert meta.c2pa.location == "remote" and meta.c2pa.remote_url == url
    assert meta.c2pa.validation_state is None and "not fetched" in meta.c2pa.error


def test_xmp_pointing_at_a_manifest_that_is_gone_means_stripped_credentials(tmp_path):
    packet = make.xmp_packet({"dcterms:provenance": "self#jumbf=/c2pa/urn:uuid:0e2b/c2pa.claim"})
    meta = read_metadata(make.write(tmp_path, "stripped.jpg", make.jpeg(xmp=packet)))
    assert meta.c2pa.location == "missing" and "stripped" in meta.c2pa.error


def test_no_manifest_means_no_summary(tmp_path):
    meta = read_metadata(make.write(tmp_path, "plain.jpg", make.jpeg()))
    assert meta.c2pa is None and meta.problems == []


@pytest.fixture
def library_calls(monkeypatch) -> list[str]:
    """The mime types the C2PA library is asked to read, while the tests below run."""
    import c2pa

    calls: list[str] = []
    try_create = c2pa.Reader.try_create
    monkeypatch.setattr(c2pa.Reader, "try_create",
                        lambda mime, *args, **kwargs: calls.append(mime) or try_create(mime, *args, **kwargs))
    return calls


def test_a_file_without_a_manifest_store_is_never_handed_to_the_library(tmp_path, library_calls, ai_picture):
    for name, data in (("plain.jpg", make.jpeg()), ("plain.png", make.png()),
                       ("plain.tif", make.encode(make.pixels(), "TIFF"))):
        assert read_metadata(make.write(tmp_path, name, data)).c2pa is None
    assert library_calls == []
    assert read_metadata(make.write(tmp_path, "signed.jpg", ai_picture)).c2pa.validation_state == "Valid"
    assert library_calls == ["image/jpeg"]


@pytest.mark.parametrize("cut", [200, -40])
def test_a_cut_jpeg_without_a_manifest_reports_its_damage_once(tmp_path, library_calls, cut):
    """The library's own parse failure of a cut file would only repeat the walker's 'truncated'."""
    exif = make.exif_block(ImageDescription="Soldiers march in a square.")
    data = make.jpeg(exif=exif, xmp=make.xmp_packet({"photoshop:Credit": "Staff"}), iptc=make.iim([(2, 110, b"Staff")]))
    meta = read_metadata(make.write(tmp_path, "cut.jpg", data[:cut]))
    assert [p.kind for p in meta.problems] == ["truncated"] and meta.c2pa is None
    assert library_calls == []


@pytest.mark.parametrize("start", [300, 600])
def test_a_damaged_manifest_is_present_but_unreadable(tmp_path, ai_picture, start):
    data = bytearray(ai_picture)
    jumbf = data.index(b"jumb")
    data[jumbf + start:jumbf + start + 100] = b"\x00" * 100
    meta = read_metadata(make.write(tmp_path, "broken-manifest.jpg", bytes(data)))
    assert meta.c2pa.location == "embedded" and meta.c2pa.validation_state is None
    assert meta.c2pa.error.startswith("the C2PA manifest could not be read")
    assert [p.kind for p in meta.problems] == ["malformed"]


def test_settings_never_reach_the_network_and_pin_the_trust_anchors():
    settings = offline_settings(None)
    assert settings["verify"]["remote_manifest_fetch"] is False and settings["verify"]["ocsp_fetch"] is False
    assert settings["core"]["allowed_network_hosts"] == []
    assert settings["trust"]["trust_anchors"] is None and settings["verify"]["verify_trust"] is True


@pytest.mark.parametrize("content", [None, b"not a certificate"])
def test_a_bad_trust_anchor_bundle_is_a_setup_error(tmp_path, content):
    anchors = tmp_path / "anchors.pem"
    if content is not None:
        anchors.write_bytes(content)
    with pytest.raises(ValueError, match="trust-anchor bundle"):
        read_metadata(make.write(tmp_path, "plain.jpg", make.jpeg()), ReadOptions(trust_anchors=anchors))
