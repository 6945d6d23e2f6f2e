"""Content Credentials through `provenance check`: a picture signed here, and a tampered copy.

The signer is a throwaway CA made for the run, so the signature validates but nobody trusts
it unless `--trust-anchors` names that CA. A copy with one bit of its pixels flipped no
longer matches the signed data hash: the check must call it an error.
"""

from __future__ import annotations

import json

import pytest

import imagefactory as make

pytest.importorskip("c2pa")
pytest.importorskip("cryptography")

SIGNER = "Provenance Test Signer"


@pytest.fixture(scope="module")
def certificates() -> make.TestCertificates:
    return make.TestCertificates()


@pytest.fixture(scope="module")
def signed(certificates) -> bytes:
    """A camera picture with an IPTC credit, signed with a C2PA manifest."""
    return make.sign(certificates, make.iptc_jpeg(credit="Staff photographer"), "image/jpeg",
                     [{"action": "c2pa.created", "digitalSourceType": make.CAMERA}], author="Jane Doe")


def checked(cli, path, *options: str) -> tuple[int, dict]:
    """Exit code and the one item of `provenance check PATH --format json --out -`."""
    result = cli.run("check", path, "--format", "json", "--out", "-", *options)
    assert result.exit_code in (0, 1), result.stderr
    [item] = json.loads(result.stdout)["articles"]
    return result.exit_code, item


def by_rule(item: dict) -> dict[str, dict]:
    return {f["rule"]: f for f in item["findings"] if f["category"] == "c2pa"}


def cited(finding: dict) -> dict[str, set[str]]:
    """Evidence texts by origin, e.g. {"C2PA:signer": {"Provenance Test Signer"}}."""
    texts: dict[str, set[str]] = {}
    for evidence in finding["evidence"]:
        texts.setdefault(evidence["origin"], set()).add(evidence["text"])
    return texts


def test_a_signed_picture_shows_its_signer_and_that_the_signer_is_untrusted(cli, tmp_path, signed):
    code, item = checked(cli, make.write(tmp_path, "signed.jpg", signed), "--fail-on", "error")
    findings = by_rule(item)
    assert set(findings) == {"metadata.c2pa_signed", "metadata.c2pa_untrusted"}
    assert findings["metadata.c2pa_signed"]["severity"] == "info"
    assert cited(findings["metadata.c2pa_signed"])["C2PA:signer"] == {SIGNER}
    assert cited(findings["metadata.c2pa_signed"])["C2PA:validation_state"] == {"Valid"}
    untrusted = findings["metadata.c2pa_untrusted"]
    assert untrusted["severity"] == "warning"
    assert cited(untrusted)["C2PA:failure_codes"] == {"signingCredential.untrusted"}
    assert cited(untrusted)["C2PA:signer"] == {SIGNER}
    assert code == 0, "a valid but untrusted signature is a warning, not an error"


def test_the_signed_picture_keeps_its_normalized_fields_with_origins(cli, tmp_path, signed):
    _, item = checked(cli, make.write(tmp_path, "signed.jpg", signed))
    metadata = item["figures"][0]["metadata"]
    fields = {name: [(v["value"], v["origin"]) for v in values] for name, values in metadata["fields"].items()}
    assert fields["credit"] == [("Staff photographer", "IPTC:2:110 Credit")]
    assert fields["byline"] == [("Jane Doe", "C2PA:stds.schema-org.CreativeWork")]
    assert fields["digital_source_type"] == [(make.CAMERA, "C2PA:c2pa.actions")]
    summary = metadata["c2pa"]
    assert summary["signer"] == SIGNER and summary["validation_state"] == "Valid"
    assert summary["signer_untrusted"] is True and summary["trusted"] is False
    assert [a["action"] for a in summary["actions"]] == ["c2pa.created"]


def test_the_configured_trust_anchor_removes_the_untrusted_warning(cli, tmp_path, certificates, signed):
    anchors = make.write(tmp_path, "anchors.pem", certificates.root_pem)
    _, item = checked(cli, make.write(tmp_path, "signed.jpg", signed), "--trust-anchors", anchors)
    findings = by_rule(item)
    assert set(findings) == {"metadata.c2pa_signed"}
    assert cited(findings["metadata.c2pa_signed"])["C2PA:validation_state"] == {"Trusted"}


def test_a_tampered_copy_is_a_c2pa_error_that_fails_the_run(cli, tmp_path, signed):
    code, item = checked(cli, make.write(tmp_path, "tampered.jpg", make.flip_scan_byte(signed)), "--fail-on", "error")
    findings = by_rule(item)
    assert "metadata.c2pa_signed" not in findings
    invalid = findings["metadata.c2pa_invalid"]
    assert invalid["severity"] == "error"
    assert cited(invalid)["C2PA:validation_state"] == {"Invalid"}
    assert cited(invalid)["C2PA:signer"] == {SIGNER}
    assert "assertion.dataHash.mismatch" in item["figures"][0]["metadata"]["c2pa"]["failure_codes"]
    assert code == 1


def test_the_tampered_copys_error_cites_every_failure_code(cli, tmp_path, signed):
    _, item = checked(cli, make.write(tmp_path, "tampered.jpg", make.flip_scan_byte(signed)))
    codes = item["figures"][0]["metadata"]["c2pa"]["failure_codes"]
    assert cited(by_rule(item)["metadata.c2pa_invalid"])["C2PA:failure_codes"] == set(codes)


@pytest.fixture(scope="module")
def generated(certificates) -> bytes:
    """A picture whose signed manifest says a generative model made it."""
    return make.sign(certificates, make.jpeg(), "image/jpeg",
                     [{"action": "c2pa.created", "digitalSourceType": make.AI_GENERATED, "softwareAgent": "ImageGen 3"}])


def test_a_signed_generated_picture_is_an_ai_error_named_by_c2pa(cli, tmp_path, generated):
    code, item = checked(cli, make.write(tmp_path, "generated.jpg", generated), "--fail-on", "error")
    [finding] = [f for f in item["findings"] if f["category"] == "ai_generated"]
    assert finding["severity"] == "error" and code == 1
    assert cited(finding)["C2PA:ai_source_types"] == {"trainedAlgorithmicMedia"}
    assert make.AI_GENERATED in cited(finding)["C2PA:c2pa.actions"]


def test_the_ai_error_shows_the_generating_software(cli, tmp_path, generated):
    _, item = checked(cli, make.write(tmp_path, "generated.jpg", generated))
    [finding] = [f for f in item["findings"] if f["category"] == "ai_generated"]
    assert "ImageGen 3" in cited(finding)["C2PA:c2pa.actions"]


def test_a_remote_only_manifest_is_a_warning_naming_the_url_it_did_not_fetch(cli, tmp_path, certificates):
    url = "https://manifests.example.invalid/parade.c2pa"
    remote = make.sign(certificates, make.jpeg(), "image/jpeg",
                       [{"action": "c2pa.created", "digitalSourceType": make.CAMERA}], remote_url=url)
    _, item = checked(cli, make.write(tmp_path, "remote.jpg", remote))
    findings = by_rule(item)
    assert set(findings) == {"metadata.c2pa_remote"}
    assert findings["metadata.c2pa_remote"]["severity"] == "warning"
    assert cited(findings["metadata.c2pa_remote"]) == {"C2PA:remote_url": {url}}
    assert "not fetched" in item["figures"][0]["metadata"]["c2pa"]["error"]


def test_xmp_pointing_at_a_manifest_that_is_gone_is_stripped_credentials(cli, tmp_path):
    packet = make.xmp_packet({"dcterms:provenance": "self#jumbf=/c2pa/urn:uuid:0e2b/c2pa.claim",
                              "photoshop:Credit": "Staff photographer"})
    _, item = checked(cli, make.write(tmp_path, "stripped.jpg", make.jpeg(xmp=packet)))
    findings = by_rule(item)
    assert set(findings) == {"metadata.c2pa_stripped"}
    assert findings["metadata.c2pa_stripped"]["severity"] == "warning"
    assert cited(findings["metadata.c2pa_stripped"]) == {"C2PA:location": {"missing"}}


def test_a_manifest_damaged_in_transit_is_a_c2pa_error(cli, tmp_path, signed):
    data = bytearray(signed)
    jumbf = data.index(b"jumb")
    data[jumbf + 300:jumbf + 400] = b"\x00" * 100
    code, item = checked(cli, make.write(tmp_path, "broken-manifest.jpg", bytes(data)), "--fail-on", "error")
    invalid = by_rule(item)["metadata.c2pa_invalid"]
    assert invalid["severity"] == "error" and code == 1
    [error] = cited(invalid)["C2PA:error"]
    assert error.startswith("the C2PA manifest could not be read")
    assert "metadata.c2pa_signed" not in by_rule(item)
