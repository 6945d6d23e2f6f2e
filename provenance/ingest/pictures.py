"""Pictures as inputs: a bare picture file is an item; an article's local pictures are read too.

Only local files are read, and only below the article's own folder: a reference such as
`../../etc/passwd` or `/etc/shadow` is refused, and a remote URL is never fetched (the
figure says its picture was not checked).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from .. import metadata
from ..metadata import ReadOptions
from ..metadata.formats import EXTENSION_FORMATS
from ..model import Article, Figure

#: Extensions read as pictures when walking a folder.
PICTURE_EXTENSIONS = frozenset(EXTENSION_FORMATS)
_NETWORK_SCHEMES = frozenset({"http", "https", "ftp", "ftps", "sftp", "ws", "wss"})


def is_picture(path: Path) -> bool:
    return path.suffix.lower() in PICTURE_EXTENSIONS


def picture_article(display: str, path: Path, options: ReadOptions | None = None) -> Article:
    """A picture on its own: one figure whose caption and credit are the embedded ones."""
    meta = metadata.read_metadata(path, options)
    figure = Figure(image=display, image_path=str(path), metadata=meta)
    for name in ("caption", "credit"):
        values = meta.values(name)
        if values:
            setattr(figure, name, values[0].value)
            figure.origins[name] = values[0].origin
    headline = meta.first("headline") or ""
    return Article(path=display, id=path.stem or display, headline=headline, format="picture", figures=[figure])


def attach_pictures(article: Article, base: Path | None, options: ReadOptions | None = None) -> None:
    """Read the metadata of each figure's picture when it is a safe local file."""
    for figure in article.figures:
        if not figure.image:
            continue
        target, reason = resolve_local(figure.image, base)
        if target is None:
            figure.image_note = reason
            continue
        figure.image_path = str(target)
        figure.metadata = metadata.read_metadata(target, options)


def add_folder_pictures(article: Article, pictures: list[Path], options: ReadOptions | None = None) -> None:
    """Pictures beside an article that it does not show become its figures too, with no published
    caption: only what the files say about themselves. One such picture beside an article with one
    figure that names no picture (a caption in plain text) is taken to be that figure's picture."""
    shown = {f.image_path for f in article.figures if f.image_path}
    unshown = list({str(p): p for p in pictures if str(p) not in shown}.values())
    unnamed = [f for f in article.figures if not f.image]
    if len(unshown) == 1 and len(unnamed) == 1:
        _show(unnamed[0], unshown[0], options)
        number = article.figures.index(unnamed[0]) + 1
        article.notes.append(f"figure {number}: its picture is taken to be {unshown[0].name}, "
                             "the only picture beside the article")
        return
    for picture in unshown:
        figure = Figure()
        _show(figure, picture, options)
        article.figures.append(figure)


def _show(figure: Figure, picture: Path, options: ReadOptions | None) -> None:
    figure.image, figure.image_path = picture.name, str(picture)
    figure.metadata = metadata.read_metadata(picture, options)


def contained_file(base: Path, relative: str) -> tuple[Path | None, str]:
    """`relative` inside `base`, resolved (links too), when it is a file that stays inside."""
    try:
        root = base.resolve()
        target = (root / relative).resolve()
        if root != target and root not in target.parents:
            return None, "picture path leaves the article's folder: refused, not read"
        if target.is_file():
            return target, ""
    except (OSError, ValueError):
        pass
    return None, "picture file not found beside the article: its metadata was not checked"


def resolve_local(reference: str, base: Path | None) -> tuple[Path | None, str]:
    """The local file a picture reference names, or None and why it was not read."""
    parts = urlsplit(reference)
    scheme = parts.scheme.lower() if len(parts.scheme) > 1 else ""
    if scheme == "data":
        return None, "inline picture (data: address) not decoded: its metadata was not checked"
    if scheme and scheme not in _NETWORK_SCHEMES | {"file"}:
        return None, f"not a picture address ({scheme}:): ignored, nothing in it was run or read"
    if scheme in _NETWORK_SCHEMES or (parts.netloc and scheme != "file"):
        where = f"{scheme}:" if scheme else f"//{parts.netloc}"
        return None, f"remote picture ({where}) not fetched: its metadata was not checked"
    if base is None:
        return None, "no folder to resolve the picture against: its metadata was not checked"
    relative = unquote(parts.path if scheme == "file" else reference.split("?", 1)[0].split("#", 1)[0])
    if not relative or "\x00" in relative or Path(relative).is_absolute():
        return None, "absolute or malformed picture path refused: only files beside the article are read"
    return contained_file(base, relative)
