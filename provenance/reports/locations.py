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
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from ..ingest.reader import STDIN, InputLimits
from ..ingest.reader import decode_text as decode_input
from ..model import Article, Evidence

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SPACE_RUN = re.compile(r"\s+")


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
        span = _find_evidence(text, article, evidence)
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
        self._collapsed: _Collapsed | None = None

    @property
    def collapsed(self) -> "_Collapsed":
        if self._collapsed is None:
            self._collapsed = _Collapsed(self.content)
        return self._collapsed

    def position(self, start: int, end: int) -> Position:
        line, column = self._line_column(start)
        end_line, end_column = self._line_column(end)
        return Position(line, column, end_line, end_column, found=True)

    def _line_column(self, offset: int) -> tuple[int, int]:
        index = bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1


class _Collapsed:
    """A text with every run of white space made one space, and the way back to original offsets.

    Finding wrapped text this way is one linear `str.find`; a regular expression with `\\s+`
    between the words would backtrack for minutes on a hostile file of repeated words.
    """

    def __init__(self, text: str):
        self.text = _SPACE_RUN.sub(" ", text)
        self._run_starts = array("q")  # where each run starts in the collapsed text
        self._run_ends = array("q")  # where it ends in the original text
        removed = 0
        for match in _SPACE_RUN.finditer(text):
            self._run_starts.append(match.start() - removed)
            self._run_ends.append(match.end())
            removed += match.end() - match.start() - 1

    def find(self, needle: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
        """[start, end) in the original text of `needle` with its white space collapsed, or None."""
        key = " ".join(needle.split())
        if not key:
            return None
        found = self.text.find(key, self._collapsed_offset(start), None if end is None else self._collapsed_offset(end))
        if found < 0:
            return None
        return self._original(found), self._original(found + len(key) - 1) + 1

    def _original(self, offset: int) -> int:
        """The original offset of a collapsed character that is not white space."""
        run = bisect_right(self._run_starts, offset) - 1
        return offset if run < 0 else self._run_ends[run] + offset - self._run_starts[run] - 1

    def _collapsed_offset(self, original: int) -> int:
        run = bisect_right(self._run_ends, original) - 1
        return original if run < 0 else original - (self._run_ends[run] - 1 - self._run_starts[run])


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


def _find_evidence(text: _Text, article: Article, evidence: Evidence) -> tuple[int, int] | None:
    """[start, end) of the evidence in the file: inside its field's text where that is found, else anywhere."""
    content = text.content
    field = _field_text(article, evidence)
    if field and evidence.text and field[evidence.start:evidence.end] == evidence.text:
        exact = content.find(field)
        if exact >= 0:
            return exact + evidence.start, exact + evidence.end
    where = _search(text, field, 0, len(content)) if field else None
    if where and evidence.text:
        return _search(text, evidence.text, *where) or where
    if where:
        return where
    if evidence.text:
        return _search(text, evidence.text, 0, len(content))
    return _image_reference(text, article, evidence)


def _field_text(article: Article, evidence: Evidence) -> str:
    if evidence.field == "body":
        return article.body
    if evidence.field == "headline":
        return article.headline
    if evidence.field in ("caption", "credit") and evidence.figure is not None \
            and 0 <= evidence.figure < len(article.figures):
        return getattr(article.figures[evidence.figure], evidence.field)
    return ""


def _image_reference(text: _Text, article: Article, evidence: Evidence) -> tuple[int, int] | None:
    """For evidence about a picture (its metadata), the place the article refers to the picture."""
    if evidence.figure is None or not 0 <= evidence.figure < len(article.figures):
        return None
    image = article.figures[evidence.figure].image
    return _search(text, image, 0, len(text.content)) if image else None


def _search(text: _Text, needle: str, start: int, end: int) -> tuple[int, int] | None:
    """The first place in the file's [start, end) holding `needle` as written, escaped for JSON or
    HTML, or with its words separated by other white space (wrapped lines, indentation)."""
    for variant in dict.fromkeys(_escaped_forms(needle)):
        found = text.content.find(variant, start, end)
        if found >= 0:
            return found, found + len(variant)
    return text.collapsed.find(needle, start, end)


def _escaped_forms(text: str) -> list[str]:
    return [text, html.escape(text, quote=False), html.escape(text),
            json.dumps(text, ensure_ascii=False)[1:-1], json.dumps(text)[1:-1]]


#: Evidence fields that are text of the article file itself, preferred as a finding's place.
_TEXT_FIELDS = ("caption", "credit", "body", "headline")


def primary_evidence(evidence: tuple[Evidence, ...]) -> Evidence | None:
    """The evidence to point at: the first one in the article's own text, else the first one."""
    return next((e for e in evidence if e.field in _TEXT_FIELDS), evidence[0] if evidence else None)
