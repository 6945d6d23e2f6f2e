"""Picture formats by file extension: light enough to import without any image library."""

from __future__ import annotations

#: What each extension promises, to notice a PNG sent as "photo.jpg" (a sign of re-processing).
EXTENSION_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".jpe": "JPEG", ".png": "PNG", ".webp": "WEBP",
                     ".tif": "TIFF", ".tiff": "TIFF", ".heic": "HEIC", ".heif": "HEIC", ".avif": "AVIF",
                     ".gif": "GIF", ".psd": "PSD"}
