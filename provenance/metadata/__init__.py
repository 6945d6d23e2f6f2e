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
from .reader import read_metadata
from .thumbnail import make_thumbnail

__all__ = [
    "AI_SOURCE_TYPES", "FIELD_LABELS", "PROBLEM_KINDS", "C2paAction", "C2paIngredient", "C2paSummary",
    "Conflict", "ImageMetadata", "MetadataValue", "Problem", "ReadOptions", "make_thumbnail", "read_metadata",
]
