"""Small previews for the HTML report, decoded only after the pixel-size checks pass."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageOps

from .containers import walk
from .model import ImageMetadata
from .options import DEFAULT_OPTIONS, ReadOptions
from .reader import check_pixels, load_file, open_lazily


def make_thumbnail(path: Path | str, max_px: int = 320, options: ReadOptions | None = None) -> bytes | None:
    """JPEG bytes (PNG when the picture has transparency) no larger than max_px a side, or None.

    None means "no preview": unreadable, not a picture, or over a size limit. The claimed
    pixel size is checked against the limits before Pillow decodes anything.
    """
    options = options or DEFAULT_OPTIONS
    meta = ImageMetadata(path=str(path))
    try:
        loaded = load_file(Path(path), options, meta)
        if loaded is None:
            return None
        image = open_lazily(loaded.data, meta)
        if image is None:
            return None
        with image:
            parts = walk(loaded.data, loaded.format, options)
            meta.width, meta.height = parts.width or image.size[0], parts.height or image.size[1]
            if not check_pixels(meta, len(loaded.data), options) or image.size != (meta.width, meta.height):
                return None
            return _encode_preview(image, max_px)
    except Exception:  # a preview is optional; any decoding failure just means none
        return None


def _encode_preview(image: Image.Image, max_px: int) -> bytes:
    image.draft("RGB", (max_px, max_px))  # JPEG: let the decoder scale down, far cheaper
    preview = ImageOps.exif_transpose(image)
    preview.thumbnail((max_px, max_px))
    has_alpha = preview.mode in ("RGBA", "LA", "PA") or "transparency" in preview.info
    out = io.BytesIO()
    if has_alpha:
        preview.convert("RGBA").save(out, "PNG", optimize=True)
    else:
        preview.convert("RGB").save(out, "JPEG", quality=82)
    return out.getvalue()
