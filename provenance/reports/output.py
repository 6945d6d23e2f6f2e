"""Writing report files safely: atomically, and only inside the output folder."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write `content` to a temporary file beside `path`, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def safe_page_name(article_path: str, article_id: str, taken: set[str]) -> str:
    """A file name for an article's page: readable, never a path, unique in the run."""
    stem = _UNSAFE.sub("-", Path(article_path).stem or article_id).strip(".-")[:60] or "article"
    digest = hashlib.sha1(f"{article_path}\0{article_id}".encode("utf-8", "surrogatepass")).hexdigest()[:8]
    name = f"{stem}-{digest}.html"
    while name in taken:
        digest = hashlib.sha1(digest.encode()).hexdigest()[:8]
        name = f"{stem}-{digest}.html"
    taken.add(name)
    return name
