"""Where a finding's evidence sits in the article file: a 1-based line and column.

Ingestion keeps only the decoded field texts (caption, credit, body, headline), not where they
came from, so the machine formats that point into files (SARIF, GitHub annotations, the terminal
format) re-read the input and look the text up again. The file may hold the text escaped (JSON,
HTML entities) or wrapped over several lines; what cannot be found (pictures, text rebuilt from
markup or metadata) falls back to line 1, column 1 and says so.
"""

from __future__ import annotations

import html
import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from ..ingest.reader import STDIN, InputLimits
from ..ingest.reader import _decode as decode_input
from ..model import Article, Evidence

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: Longer field texts are not looked up word by word (the pattern would be as long as the text).
_MAX_FLEXIBLE = 20_000


@dataclass(frozen=True)
class Position:
    """A 1-based place in a text file; `end_*` is just past the evidence. `found` is False for the fallback."""

    line: int = 1
    column: int = 1
    end_line: int = 1
    end_column: int = 1
    found: bool = False


FALLBACK = Position()


class SourceTexts:
    """Article files re-read at most once per report, decoded the way ingestion decodes them."""

    def __init__(self, max_bytes: int = InputLimits().max_bytes):
        self.max_bytes = max_bytes
        self._texts: dict[str, _Text | None] = {}

    def locate(self, article: Article, evidence: Evidence | None) -> Position:
        """The evidence's place in the article file, or FALLBACK when it cannot be found."""
        text = self._text(article)
        if text is None or evidence is None:
            return FALLBACK
        span = _find_evidence(text.content, article, evidence)
        return text.position(*span) if span else FALLBACK

    def _text(self, article: Article) -> "_Text | None":
        if article.path not in self._texts:
            self._texts[article.path] = _read(article, self.max_bytes)
        return self._texts[article.path]


class _Text:
    """A decoded file with the offsets where its lines start."""

    def __init__(self, content: str):
        self.content = content
        self.line_starts = [0, *(m.end() for m in _LINE_BREAK.finditer(content))]

    def position(self, start: int, end: int) -> Position:
        line, column = self._line_column(start)
        end_line, end_column = self._line_column(end)
        return Position(line, column, end_line, end_column, found=True)

    def _line_column(self, offset: int) -> tuple[int, int]:
        index = bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1


def _read(article: Article, max_bytes: int) -> _Text | None:
    """The article file's text; None for standard input, pictures, unreadable or oversized files."""
    if article.path == STDIN or article.format in ("picture", "unreadable", "caption"):
        return None
    try:
        with Path(article.path).open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError:
        return None
    if len(data) > max_bytes or b"\x00" in data[:8192]:
        return None
    return _Text(decode_input(data)[0])


def _find_evidence(content: str, article: Article, evidence: Evidence) -> tuple[int, int] | None:
    """[start, end) of the evidence in the file: inside its field's text where that is found, else anywhere."""
    field = _field_text(article, evidence)
    if field and evidence.text and field[evidence.start:evidence.end] == evidence.text:
        exact = content.find(field)
        if exact >= 0:
            return exact + evidence.start, exact + evidence.end
    if field:
        where = _search(content, field, 0, len(content), flexible=len(field) <= _MAX_FLEXIBLE)
        if where and evidence.text:
            return _search(content, evidence.text, *where) or where
        if where:
            return where
    if evidence.text:
        return _search(content, evidence.text, 0, len(content))
    return _image_reference(content, article, evidence)


def _field_text(article: Article, evidence: Evidence) -> str:
    if evidence.field == "body":
        return article.body
    if evidence.field == "headline":
        return article.headline
    if evidence.field in ("caption", "credit") and evidence.figure is not None \
            and 0 <= evidence.figure < len(article.figures):
        return getattr(article.figures[evidence.figure], evidence.field)
    return ""


def _image_reference(content: str, article: Article, evidence: Evidence) -> tuple[int, int] | None:
    """For evidence about a picture (its metadata), the place the article refers to the picture."""
    if evidence.figure is None or not 0 <= evidence.figure < len(article.figures):
        return None
    image = article.figures[evidence.figure].image
    return _search(content, image, 0, len(content), flexible=False) if image else None


def _search(content: str, needle: str, start: int, end: int, flexible: bool = True) -> tuple[int, int] | None:
    """The first place in content[start:end] holding `needle` as written, escaped for JSON or HTML,
    or (when `flexible`) with its words separated by any run of white space."""
    for variant in dict.fromkeys(_escaped_forms(needle)):
        found = content.find(variant, start, end)
        if found >= 0:
            return found, found + len(variant)
    words = needle.split()
    if flexible and words:
        match = re.compile(r"\s+".join(map(re.escape, words))).search(content, start, end)
        if match:
            return match.span()
    return None


def _escaped_forms(text: str) -> list[str]:
    return [text, html.escape(text, quote=False), html.escape(text),
            json.dumps(text, ensure_ascii=False)[1:-1], json.dumps(text)[1:-1]]


#: Evidence fields that are text of the article file itself, preferred as a finding's place.
_TEXT_FIELDS = ("caption", "credit", "body", "headline")


def primary_evidence(evidence: tuple[Evidence, ...]) -> Evidence | None:
    """The evidence to point at: the first one in the article's own text, else the first one."""
    return next((e for e in evidence if e.field in _TEXT_FIELDS), evidence[0] if evidence else None)
