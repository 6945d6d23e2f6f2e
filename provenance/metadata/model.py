"""What a picture file says about itself, with where each statement was found.

Every value keeps its origin (container and tag, named the way `exiftool -G` names them),
because a desk needs to know whether "Handout" came from the EXIF, the IPTC block or the
XMP packet: containers are written by different hands at different times and often disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

#: The normalized fields, in display order, with the label a reader sees.
FIELD_LABELS: dict[str, str] = {
    "caption": "Caption",
    "headline": "Headline",
    "credit": "Credit line",
    "source": "Source",
    "byline": "By-line",
    "copyright": "Copyright notice",
    "instructions": "Special instructions",
    "usage_terms": "Usage terms",
    "date_created": "Date created",
    "city": "City",
    "region": "Region",
    "country": "Country",
    "gps": "GPS position",
    "make": "Camera make",
    "model": "Camera model",
    "software": "Software",
    "digital_source_type": "Digital source type",
    "history": "Edit history",
}

#: Problem kinds, each a reason a file (or a part of it) was not read in full.
PROBLEM_KINDS: dict[str, str] = {
    "unreadable": "The file could not be opened or read.",
    "not_an_image": "The bytes are not a picture format this reader knows.",
    "truncated": "The file ends before its own structure says it should.",
    "malformed": "A metadata block is damaged; the rest of the file was still read.",
    "too_large": "Over a size limit; the part over it was not read or not decoded.",
    "decompression_bomb": "Claims far more pixels or text than its bytes could honestly hold.",
    "hostile_xml": "An XMP packet uses DTD or entity tricks (entity expansion, external entities).",
    "unsupported": "A part of the file this reader cannot interpret.",
}


@dataclass(frozen=True)
class MetadataValue:
    """One value and the container tag it came from, e.g. "IPTC:2:110 Credit"."""

    value: str
    origin: str

    @property
    def container(self) -> str:
        """The container part of the origin: "EXIF", "IPTC", "XMP", "PNG" or "C2PA"."""
        return self.origin.split(":", 1)[0]

    def to_dict(self) -> dict:
        return {"value": self.value, "origin": self.origin}


@dataclass(frozen=True)
class Problem:
    """Why (part of) a file was not read: a `kind` from PROBLEM_KINDS and a reason in words."""

    kind: str
    reason: str

    def to_dict(self) -> dict:
        return {"kind": self.kind, "reason": self.reason}


@dataclass(frozen=True)
class Conflict:
    """Two or more containers give different values for the same field."""

    field: str
    values: tuple[MetadataValue, ...]

    def to_dict(self) -> dict:
        return {"field": self.field, "values": [v.to_dict() for v in self.values]}


@dataclass(frozen=True)
class C2paAction:
    """One action of a C2PA actions assertion, and the manifest it belongs to."""

    action: str
    software_agent: str | None = None
    digital_source_type: str | None = None
    manifest: str = ""
    active: bool = True

    def to_dict(self) -> dict:
        return {"action": self.action, "software_agent": self.software_agent,
                "digital_source_type": self.digital_source_type, "manifest": self.manifest,
                "active": self.active}


@dataclass(frozen=True)
class C2paIngredient:
    """A file the active manifest says it was made from."""

    title: str | None
    relationship: str | None
    manifest: str | None
    failure_codes: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"title": self.title, "relationship": self.relationship, "manifest": self.manifest,
                "failure_codes": list(self.failure_codes)}


#: IPTC digital source types that mean generative AI made (part of) the picture.
AI_SOURCE_TYPES = ("trainedAlgorithmicMedia", "compositeWithTrainedAlgorithmicMedia")


@dataclass
class C2paSummary:
    """What the picture's Content Credentials say, and how far they can be believed.

    `validation_state` is the C2PA library's word: "Invalid", "Valid" or "Trusted". "Valid"
    only means the signature and hashes check out; the signer is trusted only when the state
    is "Trusted", which needs a trust-anchor bundle. `failure_codes` are the C2PA status codes
    behind the state (e.g. "signingCredential.untrusted", "assertion.dataHash.mismatch").

    `location` is "embedded" (the manifest is in the file), "remote" (the file only points to
    a manifest on a server, which is never fetched) or "missing" (the file's XMP says it had an
    embedded manifest, but the manifest is gone: the Content Credentials were stripped).
    """

    location: str = "embedded"
    remote_url: str | None = None
    validation_state: str | None = None
    failure_codes: list[str] = field(default_factory=list)
    signer: str | None = None
    issuer: str | None = None
    signed_at: str | None = None
    claim_generator: str | None = None
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    actions: list[C2paAction] = field(default_factory=list)
    ingredients: list[C2paIngredient] = field(default_factory=list)
    error: str | None = None
    trust_anchors: str | None = None

    @property
    def embedded(self) -> bool:
        return self.location == "embedded"

    @property
    def trusted(self) -> bool:
        return self.validation_state == "Trusted"

    @property
    def signer_untrusted(self) -> bool:
        """The signature may check out, but nobody we trust vouches for the signer."""
        return self.validation_state != "Trusted" and any(
            code.startswith("signingCredential.untrusted") for code in self.failure_codes)

    @property
    def ai_source_types(self) -> list[str]:
        """Generative-AI digital source types in any manifest (active or ingredient), distinct."""
        found = [_source_code(a.digital_source_type) for a in self.actions if a.digital_source_type]
        return list(dict.fromkeys(code for code in found if code in AI_SOURCE_TYPES))

    def to_dict(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["actions"] = [a.to_dict() for a in self.actions]
        data["ingredients"] = [i.to_dict() for i in self.ingredients]
        data.update(trusted=self.trusted, signer_untrusted=self.signer_untrusted,
                    ai_source_types=self.ai_source_types)
        return data


def _source_code(uri: str) -> str:
    """The IPTC code at the end of a digital source type URI."""
    return uri.rstrip("/").rsplit("/", 1)[-1]


@dataclass
class ImageMetadata:
    """One picture file, read into normalized fields that each remember their origin."""

    path: str
    format: str | None = None
    width: int | None = None
    height: int | None = None
    caption: list[MetadataValue] = field(default_factory=list)
    headline: list[MetadataValue] = field(default_factory=list)
    credit: list[MetadataValue] = field(default_factory=list)
    source: list[MetadataValue] = field(default_factory=list)
    byline: list[MetadataValue] = field(default_factory=list)
    copyright: list[MetadataValue] = field(default_factory=list)
    instructions: list[MetadataValue] = field(default_factory=list)
    usage_terms: list[MetadataValue] = field(default_factory=list)
    date_created: list[MetadataValue] = field(default_factory=list)
    city: list[MetadataValue] = field(default_factory=list)
    region: list[MetadataValue] = field(default_factory=list)
    country: list[MetadataValue] = field(default_factory=list)
    gps: list[MetadataValue] = field(default_factory=list)
    make: list[MetadataValue] = field(default_factory=list)
    model: list[MetadataValue] = field(default_factory=list)
    software: list[MetadataValue] = field(default_factory=list)
    digital_source_type: list[MetadataValue] = field(default_factory=list)
    history: list[MetadataValue] = field(default_factory=list)
    c2pa: C2paSummary | None = None
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def values(self, name: str) -> list[MetadataValue]:
        """The values of a normalized field by name (a key of FIELD_LABELS)."""
        if name not in FIELD_LABELS:
            raise KeyError(f"unknown metadata field {name!r}")
        return getattr(self, name)

    def add(self, name: str, value: str, origin: str) -> None:
        """Add a value unless the same origin already said exactly that."""
        item = MetadataValue(value, origin)
        bucket = self.values(name)
        if item not in bucket:
            bucket.append(item)

    def first(self, name: str) -> str | None:
        """The first value of a field (containers are read EXIF, IPTC, XMP, C2PA), or None."""
        bucket = self.values(name)
        return bucket[0].value if bucket else None

    def problem_kinds(self) -> set[str]:
        return {p.kind for p in self.problems}

    @property
    def has_metadata(self) -> bool:
        """Whether any provenance-bearing field or Content Credentials were found."""
        return self.c2pa is not None or any(self.values(name) for name in FIELD_LABELS)

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "format": self.format,
            "width": self.width,
            "height": self.height,
            "fields": {name: [v.to_dict() for v in self.values(name)]
                       for name in FIELD_LABELS if self.values(name)},
            "c2pa": self.c2pa.to_dict() if self.c2pa else None,
            "conflicts": [c.to_dict() for c in self.conflicts],
            "problems": [p.to_dict() for p in self.problems],
            "notes": list(self.notes),
        }

    def format_text(self, max_value_chars: int = 300) -> str:
        """A focused `exiftool -G`-style listing: one line per value, origin first."""
        from .render import format_text

        return format_text(self, max_value_chars)
