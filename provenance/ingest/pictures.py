"""Pictures as inputs: a bare picture file is an item; an article's local pictures are read too.

Only local files are read, and only below the article's own folder: a reference such as
`../../etc/passwd` or `/etc/shadow` is refused, and a remote URL is never fetched (the
figure says its picture was not checked).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..metadata import ReadOptions, read_metadata
from ..metadata.reader import EXTENSION_FORMATS
from ..model import Article, Figure

#: Extensions read as pictures when walking a folder.
PICTURE_EXTENSIONS = frozenset(EXTENSION_FORMATS)
_NETWORK_SCHEMES = frozenset({"http", "https", "ftp", "ftps", "sftp", "ws", "wss"})


def is_picture(path: Path) -> bool:
    return path.suffix.lower() in PICTURE_EXTENSIONS


def picture_article(display: str, path: Path, options: ReadOptions | None = None) -> Article:
    """A picture on its own: one figure whose caption and credit are the embedded ones."""
    meta = read_metadata(path, options)
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
        figure.metadata = read_metadata(target, options)


def add_folder_pictures(article: Article, pictures: list[Path], options: ReadOptions | None = None) -> None:
    """Pictures beside an article that it does not show become figures too: no published caption,
    only what the files say about themselves."""
    shown = {f.image_path for f in article.figures if f.image_path}
    for picture in pictures:
        target = picture.resolve()
        if str(target) not in shown:
            article.figures.append(Figure(image=picture.name, image_path=str(target),
                                          metadata=read_metadata(target, options)))
            shown.add(str(target))


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
