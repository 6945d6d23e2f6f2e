"""Find input files, read their bytes safely and hand them to the right format parser."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator, Sequence
from itertools import islice
from dataclasses import dataclass
from pathlib import Path

from ..metadata import ReadOptions
from ..model import Article
from . import html, newsml, ninjs, textual
from .captions import CaptionFinder
from .fields import MAX_FIGURES
from .pictures import add_folder_pictures, attach_pictures, contained_file, is_picture, picture_article

#: Extensions read when walking a folder, and the parser each one uses.
ARTICLE_FORMATS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".json": "ninjs",
                   ".html": "html", ".htm": "html", ".xhtml": "html", ".xml": "newsml"}
#: The display name of an article read from standard input.
STDIN = "-"
#: Entries of an article's folder looked at to find the pictures beside it.
MAX_FOLDER_ENTRIES = 10_000
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", re.I)
_ASCII_PROBE = b'<meta charset="x"> A-z 0-9 +-/'


@dataclass(frozen=True)
class InputLimits:
    """Ceilings that keep a hostile input from eating the machine."""

    max_bytes: int = 20 * 1024 * 1024
    max_files: int = 100_000
    pictures: ReadOptions = ReadOptions()


@dataclass(frozen=True)
class InputError:
    """An input that could not be read; `message` says why, in words a desk understands."""

    path: str
    message: str


def iter_inputs(paths: list[str], limits: InputLimits = InputLimits()) -> Iterator[tuple[str, Path | None]]:
    """Every article file under the given paths (folders recursively), in a stable order.

    Yields (path as the user would recognise it, resolved file or None when missing).
    """
    count = 0
    for given in paths:
        path = Path(given)
        if path.is_dir():
            wanted = [p for p in path.rglob("*") if p.suffix.lower() in ARTICLE_FORMATS or is_picture(p)]
            for file in sorted(p for p in wanted if p.is_file()):
                count += 1
                if count > limits.max_files:
                    return
                yield str(file), file
        else:
            count += 1
            yield given, path if path.exists() else None


def article_folders(inputs: Sequence[tuple[str, Path | None]]) -> dict[int, list[Path]]:
    """Article inputs that are the only article file in their folder: index -> the pictures there.

    Such a folder is one story, however the article was named on the command line: its pictures
    belong to the article even where it does not show them.
    """
    grouped: dict[int, list[Path]] = {}
    for index, (_, path) in enumerate(inputs):
        pictures = pictures_beside(path) if path is not None and not is_picture(path) else []
        if pictures:
            grouped[index] = pictures
    return grouped


def pictures_beside(article: Path) -> list[Path]:
    """The pictures in an article file's folder (not below it) when no other article file is there."""
    folder = article.parent
    try:
        entries = sorted(islice(folder.iterdir(), MAX_FOLDER_ENTRIES))
    except OSError:
        return []
    if any(e.suffix.lower() in ARTICLE_FORMATS and e.name != article.name and e.is_file() for e in entries):
        return []
    found = (contained_file(folder, e.name)[0] for e in entries if is_picture(e))
    return [picture for picture in found if picture is not None][:MAX_FIGURES]


def read_article(display: str, path: Path | None, captions: CaptionFinder, limits: InputLimits = InputLimits(),
                 data: bytes | None = None, folder_pictures: Sequence[Path] = ()) -> Article | InputError:
    """Read one input into an `Article`, or say why it cannot be read.

    `data` is the input's bytes when it has no file (standard input); `folder_pictures` are the
    pictures beside a lone article file, added as figures when the article does not show them.
    """
    if data is not None and len(data) > limits.max_bytes:
        return InputError(display, f"input is over the {limits.max_bytes:,}-byte limit")
    if data is None:
        if path is None:
            return InputError(display, "no such file or folder")
        if not path.is_file():
            return InputError(display, "not a regular file")
        if is_picture(path):
            return picture_article(display, path, limits.pictures)
        try:
            size = path.stat().st_size
            if size > limits.max_bytes:
                return InputError(display, f"file is {size:,} bytes, over the {limits.max_bytes:,}-byte limit")
            data = path.read_bytes()
        except OSError as err:
            return InputError(display, f"cannot read: {err.strerror or err}")
    if not data.strip():
        return InputError(display, "empty file: no text to check")
    if b"\x00" in data[:8192]:
        return InputError(display, "binary file (contains NUL bytes), not an article")
    text, note = decode_text(data)
    suffix = path.suffix.lower() if path else ""
    try:
        article = _parse(ARTICLE_FORMATS.get(suffix) or _sniff(text), data, text, display, captions)
    except ValueError as err:
        return InputError(display, str(err))
    attach_pictures(article, path.parent if path else None, limits.pictures)
    add_folder_pictures(article, list(folder_pictures), limits.pictures)
    if note and article.format != "newsml":  # XML declares its own encoding
        article.notes.append(note)
    return article


def _parse(kind: str, data: bytes, text: str, display: str, captions: CaptionFinder) -> Article:
    if kind == "ninjs":
        return ninjs.parse(text, display)
    if kind == "newsml":
        return newsml.parse(data, display)
    if kind == "html":
        return html.parse(text, display)
    return textual.parse(text, display, captions, markdown=(kind == "markdown"))


def decode_text(data: bytes) -> tuple[str, str | None]:
    """UTF-8 (with or without BOM); else the charset an HTML page declares; else Windows-1252/Latin-1.
    Any fallback is said in a note."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data)
    if declared:
        return data.decode(declared, errors="replace"), f"not UTF-8: read as {declared}, as the file declares"
    try:
        return data.decode("cp1252"), "not UTF-8: read as Windows-1252 (Latin-1)"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not UTF-8: read as Latin-1"


def _declared_charset(data: bytes) -> str | None:
    """The codec named by a `<meta charset>` or `charset=` near the top, when it is a text encoding
    that reads ASCII as ASCII (as HTML requires: a declared UTF-16 or UTF-7 is not believed)."""
    match = _CHARSET.search(data[:2048])
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
        plain = _ASCII_PROBE.decode(name) == _ASCII_PROBE.decode("ascii")
    except (LookupError, UnicodeDecodeError):
        return None
    return name if plain and name != "utf-7" else None


def _sniff(text: str) -> str:
    """The format of an input without a telling extension (standard input, say)."""
    stripped = text.lstrip()
    head = stripped[:4096].lower()
    if stripped.startswith("{"):
        return "ninjs"
    if head.startswith("<") and ("<newsitem" in head or "<newsmessage" in head or "<packageitem" in head):
        return "newsml"
    if head.startswith(("<!doctype html", "<html")) or (head.startswith("<") and "<html" in head):
        return "html"
    if head.startswith(("<?xml", "<!doctype")):
        return "newsml"
    if head.startswith("<") and any(f"<{tag}" in head for tag in ("body", "p>", "p ", "article", "figure", "div")):
        return "html"
    if stripped.startswith("#") or "![" in text:
        return "markdown"
    return "text"
