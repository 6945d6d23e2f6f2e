"""Plain-text and Markdown articles: a headline, body paragraphs and captions among them."""

from __future__ import annotations

import re
from pathlib import PurePath

from ..model import Article, Figure
from .captions import CaptionFinder, strip_emphasis

_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"([^\"]*)\")?\s*\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
_SENTENCE_END = ('.', '!', '?', ')', '»', '"', '”', ']', ':')


def parse(text: str, display: str, captions: CaptionFinder, *, markdown: bool) -> Article:
    """Split an article into headline, body and figures."""
    units = _paragraphs(text)
    article = Article(path=display, id=_article_id(display), format="markdown" if markdown else "text")
    body: list[str] = []
    pending_image: Figure | None = None
    previous_caption: Figure | None = None
    for index, unit in enumerate(units):
        heading = _MD_HEADING.match(unit) if markdown else None
        if heading and not article.headline:
            article.headline = heading.group(1)
            continue
        image = _MD_IMAGE.search(unit) if markdown else None
        if image:
            pending_image = _figure_from_image(image)
            article.figures.append(pending_image)
            rest = _MD_IMAGE.sub("", unit).strip()
            if not rest:
                continue
            unit = rest
        plain = strip_emphasis(unit) if markdown else unit.strip()
        if index == 0 and not article.headline and _looks_like_headline(plain):
            article.headline = plain
            continue
        if pending_image is not None and (captions.is_caption(plain) or unit.strip()[:1] in "*_"):
            pending_image.caption = plain
            previous_caption, pending_image = pending_image, None
            continue
        if captions.is_caption(plain):
            if previous_caption is not None and previous_caption.caption == plain:
                continue  # the same caption printed twice (alt text and caption) is one figure
            previous_caption = Figure(caption=plain)
            article.figures.append(previous_caption)
            continue
        if previous_caption is not None and _looks_like_credit_line(plain):
            previous_caption.byline = f"{previous_caption.byline} / {plain}".strip(" /")
            continue
        pending_image = previous_caption = None
        body.append(plain)
    article.body = "\n\n".join(body)
    return article


def _paragraphs(text: str) -> list[str]:
    """Lines joined back into paragraphs where a line was only wrapped, not ended."""
    units: list[str] = []
    current: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = line.strip()
        if not stripped:
            if current:
                units.append(" ".join(current))
                current = []
            continue
        if current and (current[-1].endswith(_SENTENCE_END) or _MD_HEADING.match(current[-1])
                        or _MD_IMAGE.search(stripped) or len(current[-1]) < 40):
            units.append(" ".join(current))
            current = []
        current.append(stripped)
    if current:
        units.append(" ".join(current))
    return units


def _figure_from_image(match: re.Match) -> Figure:
    alt, src, title = match.group(1).strip(), match.group(2).strip(), (match.group(3) or "").strip()
    return Figure(caption=title or alt, image=src)


def _looks_like_headline(text: str) -> bool:
    return len(text) <= 200 and not text.endswith((".", ")")) and len(text.split()) >= 2


def _looks_like_credit_line(text: str) -> bool:
    """Short lines after a caption ("KEYSTONE", "Keystone-SDA") are its agency credits."""
    return len(text) <= 40 and len(text.split()) <= 3 and not text.endswith(_SENTENCE_END[:3])


def _article_id(display: str) -> str:
    return PurePath(display).stem or "article"
