"""Picture files made on the spot for the metadata tests: real encoders plus hand-built blocks.

Pillow encodes the pixels; the metadata blocks (IIM datasets, XMP packets, PNG chunks, APP
segments) are built here byte by byte, so a test can write exactly the charset, the damage or
the hostile construct it is about. `exiftool` writes files the way newsroom tools do, when present.
"""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from PIL import Image

EXIFTOOL = shutil.which("exiftool")
XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"
NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "stEvt": "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#",
    "Iptc4xmpExt": "http://iptc.org/std/Iptc4xmpExt/2008-02-29/",
    "exif": "http://ns.adobe.com/exif/1.0/",
    "tiff": "http://ns.adobe.com/tiff/1.0/",
}
#: XMP properties written as language alternatives or ordered lists, as the spec types them.
ALT_PROPERTIES = {"dc:description", "dc:rights", "xmpRights:UsageTerms", "dc:title"}
SEQ_PROPERTIES = {"dc:creator"}


# --- pixels -------------------------------------------------------------------------------

def pixels(size: tuple[int, int] = (48, 32), mode: str = "RGB") -> Image.Image:
    image = Image.new(mode, size, (180, 40, 40) if mode == "RGB" else 128)
    image.putpixel((1, 1), (10, 200, 10) if mode == "RGB" else 0)
    return image


def encode(image: Image.Image, fmt: str, **params) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **params)
    return out.getvalue()


# --- EXIF ---------------------------------------------------------------------------------

EXIF_TAGS = {"ImageDescription": 0x010E, "Make": 0x010F, "Model": 0x0110, "Software": 0x0131,
             "Artist": 0x013B, "Copyright": 0x8298}


def exif_block(gps: tuple[float, float] | None = None, date_original: str | None = None, **text: str) -> bytes:
    """A TIFF-structured EXIF block with text tags, DateTimeOriginal and a GPS position."""
    exif = Image.Exif()
    for name, value in text.items():
        exif[EXIF_TAGS[name]] = value
    if date_original:
        exif.get_ifd(0x8769)[0x9003] = date_original
    if gps:
        ifd = exif.get_ifd(0x8825)
        for (ref_tag, value_tag), value, refs in (((1, 2), gps[0], "NS"), ((3, 4), gps[1], "EW")):
            ifd[ref_tag] = refs[0] if value >= 0 else refs[1]
            degrees = abs(value)
            whole, minutes = int(degrees), (abs(value) - int(degrees)) * 60
            ifd[value_tag] = (whole, int(minutes), round((minutes - int(minutes)) * 60, 4))
    block = exif.tobytes()
    return block[len(b"Exif\x00\x00"):] if block.startswith(b"Exif\x00\x00") else block


# --- IPTC IIM -----------------------------------------------------------------------------

def iim(datasets: list[tuple[int, int, bytes]]) -> bytes:
    """IIM datasets: 0x1C, record, dataset, length (extended form past 32767 bytes), value."""
    out = bytearray()
    for record, number, value in datasets:
        if len(value) < 0x8000:
            out += bytes([0x1C, record, number]) + struct.pack(">H", len(value)) + value
        else:
            out += bytes([0x1C, record, number]) + struct.pack(">H", 0x8004) + struct.pack(">I", len(value)) + value
    return bytes(out)


def utf8_declaration() -> tuple[int, int, bytes]:
    """Dataset 1:90 CodedCharacterSet = ESC % G, which declares UTF-8."""
    return (1, 90, b"\x1b%G")


def photoshop_resources(resources: list[tuple[int, bytes]]) -> bytes:
    out = bytearray()
    for resource, data in resources:
        out += b"8BIM" + struct.pack(">H", resource) + b"\x00\x00" + struct.pack(">I", len(data)) + data
        out += b"\x00" if len(data) % 2 else b""
    return bytes(out)


# --- XMP ----------------------------------------------------------------------------------

def xmp_packet(properties: dict[str, str | list[str]], history: list[dict[str, str]] | None = None,
               doctype: str = "", raw_body: str = "") -> bytes:
    """An RDF/XML XMP packet with simple, language-alternative and ordered properties.

    `doctype` and `raw_body` go in verbatim, for the hostile packets (entity declarations and uses).
    """
    body = []
    for name, value in properties.items():
        values = value if isinstance(value, list) else [value]
        if name in ALT_PROPERTIES:
            items = "".join(f'<rdf:li xml:lang="x-default">{escape(v)}</rdf:li>' for v in values)
            body.append(f"<{name}><rdf:Alt>{items}</rdf:Alt></{name}>")
        elif name in SEQ_PROPERTIES:
            items = "".join(f"<rdf:li>{escape(v)}</rdf:li>" for v in values)
            body.append(f"<{name}><rdf:Seq>{items}</rdf:Seq></{name}>")
        else:
            body.append(f"<{name}>{escape(values[0])}</{name}>")
    if history:
        events = "".join("<rdf:li rdf:parseType=\"Resource\">" + "".join(
            f"<stEvt:{k}>{escape(v)}</stEvt:{k}>" for k, v in event.items()) + "</rdf:li>" for event in history)
        body.append(f"<xmpMM:History><rdf:Seq>{events}</rdf:Seq></xmpMM:History>")
    body.append(raw_body)
    xmlns = " ".join(f'xmlns:{p}="{uri}"' for p, uri in NAMESPACES.items())
    return (f'<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>{doctype}'
            f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            f'<rdf:Description rdf:about="" {xmlns}>{"".join(body)}</rdf:Description></rdf:RDF></x:xmpmeta>'
            f'<?xpacket end="w"?>').encode("utf-8")


BILLION_LAUGHS = ('<!DOCTYPE x:xmpmeta [<!ENTITY lol "lol">'
                  + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                            for i in range(1, 10))
                  + "]>")
EXTERNAL_ENTITY = '<!DOCTYPE x:xmpmeta [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'


# --- JPEG ---------------------------------------------------------------------------------

def segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def jpeg(exif: bytes | None = None, xmp: bytes | None = None, iptc: bytes | None = None,
         size: tuple[int, int] = (48, 32), extra: list[bytes] = ()) -> bytes:
    """A JPEG whose metadata segments follow SOI: EXIF APP1, XMP APP1, Photoshop APP13."""
    encoded = encode(pixels(size), "JPEG", quality=80)
    segments = []
    if exif is not None:
        segments.append(segment(0xE1, b"Exif\x00\x00" + exif))
    if xmp is not None:
        segments.append(segment(0xE1, XMP_HEADER + xmp))
    if iptc is not None:  # a block over 64 KB continues in further APP13 segments, as Photoshop writes it
        resources = photoshop_resources([(0x0404, iptc)])
        segments += [segment(0xED, b"Photoshop 3.0\x00" + resources[at:at + 65000])
                     for at in range(0, len(resources), 65000)]
    return encoded[:2] + b"".join(segments) + b"".join(extra) + encoded[2:]


# --- PNG ----------------------------------------------------------------------------------

def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def itxt(keyword: str, text: bytes, compressed: bool = False) -> bytes:
    body = zlib.compress(text) if compressed else text
    return png_chunk(b"iTXt", keyword.encode("latin-1") + b"\x00" + bytes([int(compressed), 0]) + b"\x00\x00" + body)


def ztxt(keyword: str, text: bytes) -> bytes:
    return png_chunk(b"zTXt", keyword.encode("latin-1") + b"\x00\x00" + zlib.compress(text, 9))


def png(chunks: list[bytes] = (), size: tuple[int, int] = (48, 32)) -> bytes:
    """A PNG with extra chunks placed right after IHDR (where exiftool puts metadata)."""
    encoded = encode(pixels(size), "PNG")
    ihdr_end = 8 + 12 + 13
    return encoded[:ihdr_end] + b"".join(chunks) + encoded[ihdr_end:]


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose IHDR claims a huge size (a decompression-bomb header)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64, 9)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")


# --- exiftool -----------------------------------------------------------------------------

def exiftool(path: Path, *arguments: str) -> None:
    """Write tags with exiftool (as a newsroom tool would); skip the test where it is missing."""
    if EXIFTOOL is None:
        pytest.skip("exiftool is not installed (Debian: libimage-exiftool-perl)")
    subprocess.run([EXIFTOOL, "-q", "-overwrite_original", *arguments, str(path)], check=True,
                   capture_output=True, timeout=60)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- C2PA ---------------------------------------------------------------------------------

AI_GENERATED = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
CAMERA = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"


class TestCertificates:
    """A throwaway root CA and an ES256 signing certificate it issued, made fresh for a test run."""

    def __init__(self) -> None:
        import datetime

        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

        def name(common_name: str) -> x509.Name:
            return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name),
                              x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Provenance Test Desk")])

        def usage(**allowed: bool) -> x509.KeyUsage:
            flags = dict.fromkeys(("digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
                                   "key_agreement", "key_cert_sign", "crl_sign", "encipher_only", "decipher_only"), False)
            return x509.KeyUsage(**(flags | allowed))

        now = datetime.datetime.now(datetime.timezone.utc)
        root_key, signer_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
        root = (x509.CertificateBuilder().subject_name(name("Provenance Test Root CA")).issuer_name(name("Provenance Test Root CA"))
                .public_key(root_key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=30))
                .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                .add_extension(usage(key_cert_sign=True, crl_sign=True), critical=True)
                .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
                .sign(root_key, hashes.SHA256()))
        signer = (x509.CertificateBuilder().subject_name(name("Provenance Test Signer")).issuer_name(root.subject)
                  .public_key(signer_key.public_key()).serial_number(x509.random_serial_number())
                  .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=30))
                  .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                  .add_extension(usage(digital_signature=True), critical=True)
                  .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
                  .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
                  .sign(root_key, hashes.SHA256()))
        pem = serialization.Encoding.PEM
        self.root_pem = root.public_bytes(pem)
        self.chain_pem = signer.public_bytes(pem) + self.root_pem
        self.key_pem = signer_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def sign(certificates: TestCertificates, asset: bytes, mime: str, actions: list[dict], author: str | None = None,
         ingredient: tuple[bytes, str] | None = None, remote_url: str | None = None) -> bytes:
    """Sign `asset` with a C2PA manifest of `actions`, offline (no timestamp authority).

    An ingredient is labelled "parent": a c2pa.opened action must name it in its ingredientIds.
    """
    import c2pa

    assertions = [{"label": "c2pa.actions", "data": {"actions": actions}}]
    if author:
        assertions.append({"label": "stds.schema-org.CreativeWork",
                           "data": {"@context": "https://schema.org", "@type": "CreativeWork",
                                    "author": [{"@type": "Person", "name": author}]}})
    manifest = {"claim_generator_info": [{"name": "provenance-tests", "version": "1.0"}], "title": "fixture",
                "assertions": assertions}
    context = c2pa.Context.from_dict({"version": 1, "verify": {"remote_manifest_fetch": False, "ocsp_fetch": False},
                                      "core": {"allowed_network_hosts": []},
                                      "builder": {"thumbnail": {"enabled": False}}})
    builder = c2pa.Builder.from_json(manifest, context)
    if ingredient is not None:
        builder.add_ingredient({"title": "parent.jpg", "relationship": "parentOf", "label": "parent"},
                               ingredient[1], io.BytesIO(ingredient[0]))
    if remote_url:
        builder.set_no_embed()
        builder.set_remote_url(remote_url)
    signer = c2pa.Signer.from_info(c2pa.C2paSignerInfo(c2pa.C2paSigningAlg.ES256, certificates.chain_pem,
                                                       certificates.key_pem, None))
    out = io.BytesIO()
    builder.sign(signer, mime, io.BytesIO(asset), out)
    return out.getvalue()


# --- newsroom pictures and damage (end-to-end tests) ----------------------------------------

#: IPTC IIM datasets (record 2) by normalized field name, as agencies fill them.
IIM_FIELDS = {"caption": 120, "headline": 105, "credit": 110, "source": 115, "byline": 80,
              "copyright": 116, "instructions": 40}


def iptc_jpeg(**fields: str) -> bytes:
    """A JPEG whose IPTC block (declared UTF-8) fills the named fields, e.g. credit="KCNA via KNS"."""
    datasets = [(2, IIM_FIELDS[name], value.encode("utf-8")) for name, value in fields.items()]
    return jpeg(iptc=iim([utf8_declaration(), *datasets]))


def flip_scan_byte(data: bytes) -> bytes:
    """A copy with one bit flipped inside the JPEG's compressed pixels: what a C2PA data hash catches."""
    damaged = bytearray(data)
    scan = damaged.rindex(b"\xff\xda")
    position = next(i for i in range((scan + len(damaged)) // 2, len(damaged))
                    if damaged[i] not in (0x00, 0xFF, 0xFE) and damaged[i - 1] != 0xFF)
    damaged[position] ^= 0x01
    return bytes(damaged)


def exif_ifd(entries: list[tuple[int, int, int, int]], first_ifd: int = 8) -> bytes:
    """A big-endian TIFF header and one IFD of raw (tag, type, count, value-or-offset) entries."""
    ifd = struct.pack(">H", len(entries)) + b"".join(struct.pack(">HHII", *entry) for entry in entries)
    return b"MM\x00*" + struct.pack(">I", first_ifd) + ifd + struct.pack(">I", 0)
