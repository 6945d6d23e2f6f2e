"""XMP packets, parsed with defusedxml so a packet can never expand entities or fetch files.

An XMP packet is RDF/XML, which anyone can hand-write: a "billion laughs" entity bomb or an
external entity pointing at /etc/passwd must come back as a `hostile_xml` problem, never as a
hang, a huge allocation or a file read. XMP has no use for a DTD at all.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.etree import ElementTree
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import fromstring

from .model import ImageMetadata
from .values import clean_text, degrees_from_xmp, format_position

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Namespace URI -> the prefix exiftool and the XMP spec use, whatever prefix a file chose.
PREFIXES = {
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://purl.org/dc/terms/": "dcterms",
    "http://ns.adobe.com/photoshop/1.0/": "photoshop",
    "http://ns.adobe.com/xap/1.0/": "xmp",
    "http://ns.adobe.com/xap/1.0/rights/": "xmpRights",
    "http://ns.adobe.com/xap/1.0/mm/": "xmpMM",
    "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#": "stEvt",
    "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/": "Iptc4xmpCore",
    "http://iptc.org/std/Iptc4xmpExt/2008-02-29/": "Iptc4xmpExt",
    "http://ns.adobe.com/exif/1.0/": "exif",
    "http://ns.adobe.com/tiff/1.0/": "tiff",
    "http://ns.adobe.com/xmp/note/": "xmpNote",
}
#: XMP property -> normalized field; every one of these is text or a list of text.
XMP_FIELDS = {
    "dc:description": "caption",
    "photoshop:Headline": "headline",
    "photoshop:Credit": "credit",
    "photoshop:Source": "source",
    "dc:creator": "byline",
    "dc:rights": "copyright",
    "photoshop:Instructions": "instructions",
    "xmpRights:UsageTerms": "usage_terms",
    "photoshop:DateCreated": "date_created",
    "photoshop:City": "city",
    "photoshop:State": "region",
    "photoshop:Country": "country",
    "tiff:Make": "make",
    "tiff:Model": "model",
    "xmp:CreatorTool": "software",
    "Iptc4xmpExt:DigitalSourceType": "digital_source_type",
}

XmpValue = str | list["XmpValue"] | dict[str, "XmpValue"]


class XmpRefused(Exception):
    """A packet that was not parsed, with the problem kind and reason to report."""

    def __init__(self, kind: str, reason: str):
        super().__init__(reason)
        self.kind, self.reason = kind, reason


@dataclass
class XmpPacket:
    """The top-level properties of one packet, by "prefix:Name"."""

    properties: dict[str, XmpValue] = field(default_factory=dict)

    @property
    def manifest_reference(self) -> str | None:
        """dcterms:provenance: where the C2PA manifest is (a URL, or "self#jumbf=..." for in-file)."""
        value = self.properties.get("dcterms:provenance")
        return value.strip() if isinstance(value, str) and value.strip() else None


def parse_packet(raw: bytes, max_bytes: int) -> XmpPacket:
    """Parse one packet; raises XmpRefused for oversized, hostile or broken packets."""
    if len(raw) > max_bytes:
        raise XmpRefused("too_large", f"XMP packet is {len(raw)} bytes, over the {max_bytes}-byte limit; not read")
    text = _packet_text(raw)
    try:
        root = _parse_xml(text)
    except EntitiesForbidden as error:
        if error.sysid:
            raise XmpRefused("hostile_xml", f"XMP packet declares external entity {error.name!r} "
                                            f"({error.sysid}); refused, nothing was fetched") from None
        raise XmpRefused("hostile_xml", f"XMP packet declares entity {error.name!r}: entity expansion "
                                        f"(\"billion laughs\") refused") from None
    except ExternalReferenceForbidden as error:
        raise XmpRefused("hostile_xml", f"XMP packet refers to an external resource ({error.sysid}); "
                                        "refused, nothing was fetched") from None
    except DefusedXmlException as error:
        raise XmpRefused("hostile_xml", f"XMP packet uses a forbidden XML construct: {error}") from None
    except (ParseError, ValueError) as error:
        raise XmpRefused("malformed", f"XMP packet is not well-formed XML: {error}") from None
    return XmpPacket(_properties(root))


def _parse_xml(text: str) -> Element:
    """defusedxml for a packet with a DTD; without one, XML can declare no entity and name no
    outside resource, so the C parser (twice as fast) reads it: expat refuses any other entity."""
    if "<!DOCTYPE" in text:
        return fromstring(text, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    return ElementTree.fromstring(text)


def _packet_text(raw: bytes) -> str:
    """Decode by BOM or by the UTF-16 "<" pattern, then cut the padding around the XML."""
    encoding = "utf-8"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif raw.startswith(b"<\x00"):
        encoding = "utf-16-le"
    elif raw.startswith(b"\x00<"):
        encoding = "utf-16-be"
    text = raw.decode(encoding, errors="replace").lstrip("\ufeff")
    start, end = text.find("<"), text.rfind(">")
    return text[start:end + 1] if 0 <= start < end else text


def _name(tag: str) -> str:
    if tag.startswith("{"):
        uri, _, local = tag[1:].partition("}")
        return f"{PREFIXES.get(uri, uri)}:{local}"
    return tag


def _properties(root: Element) -> dict[str, XmpValue]:
    properties: dict[str, XmpValue] = {}
    for description in root.iter(f"{{{RDF}}}Description"):
        for name, value in _struct(description).items():
            properties.setdefault(name, value)
    return properties


def _struct(element: Element) -> dict[str, XmpValue]:
    """Properties written as attributes and as child elements (RDF allows both)."""
    members: dict[str, XmpValue] = {}
    for key, value in element.attrib.items():
        if not key.startswith(f"{{{RDF}}}") and key != XML_LANG:
            members[_name(key)] = value
    for child in element:
        members.setdefault(_name(child.tag), _value(child))
    return members


def _value(element: Element) -> XmpValue:
    """A simple value, a language alternative (x-default wins), an array or a struct."""
    resource = element.get(f"{{{RDF}}}resource")
    if resource is not None:
        return resource
    if element.get(f"{{{RDF}}}parseType") == "Resource":
        return _struct(element)
    children = list(element)
    if not children:
        attributes = {k: v for k, v in element.attrib.items() if k != XML_LANG}
        return _struct(element) if attributes else (element.text or "")
    container = children[0]
    if container.tag == f"{{{RDF}}}Alt":
        items = list(container)
        chosen = next((li for li in items if li.get(XML_LANG) == "x-default"), items[0] if items else None)
        return _value(chosen) if chosen is not None else ""
    if container.tag in (f"{{{RDF}}}Seq", f"{{{RDF}}}Bag"):
        return [_value(li) for li in container]
    if container.tag == f"{{{RDF}}}Description":
        return _struct(container)
    return _struct(element)


def add_xmp(meta: ImageMetadata, packet: XmpPacket, limit_text: Callable[[str, str], str]) -> None:
    """Add one parsed packet's fields to `meta`."""
    props = packet.properties
    for name, field_name in XMP_FIELDS.items():
        origin = f"XMP:{name}"
        for text in _texts(props.get(name)):
            meta.add(field_name, limit_text(text, origin), origin)
    position = format_position(*(degrees_from_xmp(v) if isinstance(v, str) else None
                                 for v in (props.get("exif:GPSLatitude"), props.get("exif:GPSLongitude"))))
    if position:
        meta.add("gps", position, "XMP:exif:GPSLatitude/GPSLongitude")
    history = props.get("xmpMM:History")
    for event in history if isinstance(history, list) else []:
        described = _describe_event(event)
        if described:
            meta.add("history", described, "XMP:xmpMM:History")


def _texts(value: XmpValue | None) -> list[str]:
    if isinstance(value, str):
        return [text] if (text := clean_text(value)) else []
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return []


#: How each member of an xmpMM:History event reads after its action.
_EVENT_DETAILS = (("softwareAgent", "by {}"), ("when", "at {}"), ("changed", "(changed {})"), ("parameters", "[{}]"))


def _describe_event(event: XmpValue) -> str | None:
    """One xmpMM:History event as "saved by Adobe Photoshop 24.1 at 2023-01-05T10:00:00 (changed /)"."""
    if not isinstance(event, dict):
        return None
    members = {key.removeprefix("stEvt:"): clean_text(value) for key, value in event.items() if isinstance(value, str)}
    if not members.get("action"):
        return None
    details = [template.format(members[name]) for name, template in _EVENT_DETAILS if members.get(name)]
    return " ".join([members["action"], *details])
