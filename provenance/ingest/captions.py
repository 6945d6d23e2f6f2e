"""Tell a caption from body text in formats that do not mark captions (plain text, Markdown)."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..rules.nlp import fold

Span = tuple[int, int]


class CaptionFinder:
    """A paragraph is a caption if it opens like one or ends with a picture credit."""

    def __init__(self, openers: list[str], credit_spans: Callable[[str], list[Span]]):
        self._openers = tuple(sorted({fold(o.strip()) for o in openers if o.strip()}, key=len, reverse=True))
        self._credit_spans = credit_spans

    def is_caption(self, paragraph: str) -> bool:
        text = paragraph.strip()
        if not text:
            return False
        if fold(text).startswith(self._openers):
            return True
        spans = self._credit_spans(text)
        return bool(spans) and spans[-1][1] >= len(text.rstrip(" .*_")) - 1 and len(text.split()) >= 4


def strip_emphasis(text: str) -> str:
    """Drop Markdown emphasis wrapping a whole paragraph ("*In this photo ...*")."""
    match = re.fullmatch(r"\s*([*_]{1,3})(.+?)\1\s*", text, flags=re.S)
    return match.group(2).strip() if match else text.strip()
