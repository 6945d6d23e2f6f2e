"""What the structured formats (ninjs, NewsML-G2, HTML JSON-LD) say about a picture, as a `Figure`.

Each format reads its own fields into `PictureFields`; `add_figure` is the one place that
decides how a declared copyright holder, copyright notice or usage terms fold into the
figure's credit and the article's notes, so every format treats them alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..model import Article, Figure

_SPACES = re.compile(r"\s+")
#: A reference longer than this is kept shortened: it is shown, never followed.
MAX_REFERENCE = 2048
#: Figures one article may have; a page or feed with more is cut, with a note.
MAX_FIGURES = 500
#: Renditions that keep the original file's metadata, best first (thumbnails are often stripped).
_ORIGINAL_RENDITIONS = ("original", "master", "source", "baseimage", "highres", "hires", "large")


@dataclass
class PictureFields:
    """One picture as a format declares it, before it becomes a `Figure`."""

    caption: str = ""
    credit: str = ""
    byline: str = ""
    image: str | None = None
    language: str | None = None
    copyright_holder: str = ""
    copyright_notice: str = ""
    usage_terms: str = ""
    instructions: str = ""  # an editorial note to the desk (ninjs ednote, NewsML-G2 edNote)
    origins: dict[str, str] = field(default_factory=dict)


def add_figure(article: Article, fields: PictureFields) -> Figure | None:
    """Append the figure; what has no place in a figure goes to the article's notes, numbered."""
    if len(article.figures) >= MAX_FIGURES:
        cut = f"more than {MAX_FIGURES} pictures: only the first {MAX_FIGURES} were read"
        if cut not in article.notes:
            article.notes.append(cut)
        return None
    credit = join_credit(fields.credit or fields.byline, fields.copyright_holder)
    notice_is_credit = not credit and bool(fields.copyright_notice)
    figure = Figure(caption=fields.caption, credit=credit or fields.copyright_notice, byline=fields.byline,
                    image=reference(fields.image), language=fields.language, origins=dict(fields.origins))
    article.figures.append(figure)
    number = len(article.figures)
    for name, value in (("usage_terms", fields.usage_terms), ("instructions", fields.instructions),
                        ("copyright", "" if notice_is_credit else fields.copyright_notice)):
        if value:
            figure.declared.append((name, value, fields.origins.get(name) or f"{article.format}:{name}"))
    if fields.copyright_notice and not notice_is_credit:
        article.notes.append(f"figure {number}: copyright notice: {fields.copyright_notice}")
    if fields.usage_terms:
        article.notes.append(f"figure {number}: usage terms: {fields.usage_terms}")
    if fields.instructions:
        article.notes.append(f"figure {number}: editorial note: {fields.instructions}")
    return figure


def fill_missing(target: PictureFields, source: PictureFields) -> None:
    """Take from `source` what `target` leaves empty, with where it came from."""
    for name in ("caption", "credit", "byline", "image", "language", "copyright_holder", "copyright_notice",
                 "usage_terms", "instructions"):
        if not getattr(target, name) and getattr(source, name):
            setattr(target, name, getattr(source, name))
            if name in source.origins:
                target.origins[name] = source.origins[name]


def join_credit(*parts: str) -> str:
    """Credit parts joined with " / ", leaving out empty ones and ones an earlier part already says."""
    kept: list[str] = []
    for part in (p.strip() for p in parts):
        if part and not any(part.casefold() in k.casefold() for k in kept):
            kept.append(part)
    return " / ".join(kept)


def text(value: Any) -> str:
    """A declared string with its whitespace tidied; anything that is not a string is no text."""
    return squash(value) if isinstance(value, str) else ""


def squash(value: str) -> str:
    return _SPACES.sub(" ", value).strip()


def language_code(value: Any) -> str | None:
    """"en-GB", "pt_BR", " DE " -> "en", "pt", "de"; None when nothing usable is declared."""
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code[:8] if code.isalpha() else None


def reference(value: str | None) -> str | None:
    """A picture reference fit to show: inline data and overlong addresses are shortened."""
    if not value:
        return None
    value = value.strip()
    if value[:5].lower() == "data:":
        return f"{value.split(',', 1)[0][:100]},… (inline picture, {len(value):,} characters)"
    return value if len(value) <= MAX_REFERENCE else value[:MAX_REFERENCE] + "…"


def best_rendition(renditions: list[tuple[str, str]]) -> str | None:
    """Of (name, href) pairs, the one to read: a local file before a remote one, an original
    before a thumbnail."""
    usable = [(name, href.strip()) for name, href in renditions if href and href.strip()]
    if not usable:
        return None
    return min(usable, key=lambda pair: (_is_remote(pair[1]), _rank(pair[0])))[1]


def _rank(name: str) -> int:
    folded = name.lower().replace("_", "").replace("-", "").replace(":", "")
    return next((i for i, preferred in enumerate(_ORIGINAL_RENDITIONS) if preferred in folded),
                len(_ORIGINAL_RENDITIONS))


def _is_remote(href: str) -> bool:
    return "://" in href or href.startswith("//") or href[:5].lower() == "data:"
