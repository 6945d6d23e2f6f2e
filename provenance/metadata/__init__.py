"""Picture-file metadata: EXIF, IPTC, XMP and C2PA read safely into one origin-preserving view.

    meta = read_metadata(Path("photo.jpg"))
    meta.credit          # [MetadataValue("Handout", "IPTC:2:110 Credit"), ...]
    meta.conflicts       # where EXIF, IPTC, XMP and C2PA disagree
    meta.problems        # what could not be read, and why; read_metadata never raises for a bad file
    print(meta.format_text())
"""

from __future__ import annotations

from .model import (AI_SOURCE_TYPES, FIELD_LABELS, PROBLEM_KINDS, C2paAction, C2paIngredient, C2paSummary,
                    Conflict, ImageMetadata, MetadataValue, Problem)
from .options import ReadOptions


def __getattr__(name: str):
    """Readers load on first use: a run over text articles never imports an image library."""
    if name == "read_metadata":
        from .reader import read_metadata
        return read_metadata
    if name == "make_thumbnail":
        from .thumbnail import make_thumbnail
        return make_thumbnail
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "AI_SOURCE_TYPES", "FIELD_LABELS", "PROBLEM_KINDS", "C2paAction", "C2paIngredient", "C2paSummary",
    "Conflict", "ImageMetadata", "MetadataValue", "Problem", "ReadOptions", "make_thumbnail", "read_metadata",
]
