"""The data model every room shares: articles and figures in, findings out.

Ingestion builds `Article`s, the engine turns them into `Finding`s, reports render them.
Everything here is plain data so a CMS can build or read it without the CLI.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any


class Severity(str, Enum):
    """How much a finding should hold up publication; ordered info < warning < error."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            allowed = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown severity {value!r} (expected one of {allowed})") from None


_SEVERITY_RANK = {Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}

#: The fixed vocabulary of finding categories, with what each one means.
CATEGORIES: dict[str, str] = {
    "state_supplied": "The picture comes from a government, state-controlled media, a military, "
    "a ministry, an official press service or a head of state's office.",
    "handout": "Supplied by a third party that is not a news agency (company, police, NGO, family).",
    "unverified": "The text says the picture or footage cannot be (or was not) independently verified.",
    "access_restricted": "Independent journalists could not cover the event or place.",
    "watermark": "The picture carries a watermark, logo or on-screen branding.",
    "from_video": "A still taken from video, or the text is about footage.",
    "social_media": "Taken from or posted on social media.",
    "editorial_restriction": "Usage is restricted (editorial use only, mandatory credit, no sales...).",
    "ai_generated": "Made or substantially altered by generative AI.",
    "edited": "The picture was edited or composited after capture.",
    "metadata_missing": "The picture carries no provenance metadata.",
    "metadata_mismatch": "Two places that should agree about the picture do not.",
    "undisclosed": "The picture's origin is known but the published caption does not disclose it.",
    "c2pa": "What the picture's Content Credentials (C2PA) say.",
    "unreadable": "An input could not be read; nothing in it was checked.",
}

#: Fields a piece of evidence can point into.
FIELDS = ("caption", "credit", "body", "headline", "metadata", "file")


@dataclass(frozen=True)
class SourceRef:
    """A registry source a finding names: who is behind the picture."""

    id: str
    name: str
    country: str | None
    kind: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Evidence:
    """The exact text that triggered a finding: `text == field_text[start:end]`."""

    field: str
    start: int
    end: int
    text: str
    figure: int | None = None
    origin: str | None = None  # for metadata: the container and tag, e.g. "IPTC:2:110 Credit"

    def to_dict(self) -> dict:
        return {"field": self.field, "start": self.start, "end": self.end,
                "text": self.text, "figure": self.figure, "origin": self.origin}


@dataclass(frozen=True)
class Finding:
    """One provenance signal, with the rule that found it and why it matters."""

    rule: str
    category: str
    severity: Severity
    message: str
    evidence: tuple[Evidence, ...] = ()
    source: SourceRef | None = None
    figure: int | None = None
    suggestion: str | None = None  # a disclosure sentence to add, in the caption's language
    related_rules: tuple[str, ...] = ()  # other rules that saw the same signal in the same words

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity.value,
            "message": self.message,
            "figure": self.figure,
            "evidence": [e.to_dict() for e in self.evidence],
            "source": self.source.to_dict() if self.source else None,
            "suggestion": self.suggestion,
            "related_rules": list(self.related_rules),
        }


@dataclass
class Figure:
    """A published picture: its caption, its credit line and where the image is.

    `credit_span` is set when the credit was found inside the caption text itself
    (wire captions end with "(KCNA via AP)"); offsets are into `caption`.
    """

    caption: str = ""
    credit: str = ""
    image: str | None = None
    byline: str = ""
    credit_span: tuple[int, int] | None = None
    language: str | None = None
    metadata: Any = None  # ImageMetadata of the picture file, when it was read
    image_path: str | None = None  # the local file `image` resolved to, when it was read
    image_note: str = ""  # why the picture itself was not read (remote, missing, refused)
    origins: dict[str, str] = field(default_factory=dict)  # "caption" -> "IPTC:2:120 ..." for embedded text
    # what the feed declares beside the caption: (field, value, origin), e.g.
    # ("usage_terms", "EDITORIAL USE ONLY", "ninjs:usageterms"); read by the rules like metadata
    declared: list[tuple[str, str, str]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"caption": self.caption, "credit": self.credit, "image": self.image,
                "byline": self.byline, "language": self.language,
                "credit_span": list(self.credit_span) if self.credit_span else None,
                "origins": dict(self.origins), "image_note": self.image_note or None,
                "declared": [{"field": f, "value": v, "origin": o} for f, v, o in self.declared],
                "metadata": self.metadata.to_dict() if self.metadata is not None else None}


@dataclass
class Article:
    """One story as published: body text, its figures and where it came from."""

    path: str
    id: str
    language: str | None = None
    headline: str = ""
    body: str = ""
    figures: list[Figure] = field(default_factory=list)
    format: str = "text"
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"path": self.path, "id": self.id, "language": self.language,
                "headline": self.headline, "format": self.format, "notes": list(self.notes),
                "figures": [f.to_dict() for f in self.figures]}


@dataclass(frozen=True)
class CreditLink:
    """One hand in a credit chain: the words as written and the source they name."""

    text: str
    source: SourceRef | None
    role: str  # "originator", "intermediary", "distributor", "photographer" or "publisher"

    def to_dict(self) -> dict:
        return {"text": self.text, "role": self.role,
                "source": self.source.to_dict() if self.source else None}


@dataclass
class ArticleResult:
    """An article with what the engine found in it, and each figure's credit chain."""

    article: Article
    findings: list[Finding] = field(default_factory=list)
    credits: dict[int, list[CreditLink]] = field(default_factory=dict)

    def max_severity(self) -> Severity | None:
        return max((f.severity for f in self.findings), key=lambda s: s.rank, default=None)
