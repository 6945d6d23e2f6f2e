"""`provenance metadata`: what picture files say about themselves, with origins."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from . import app
from .common import TrustOption, _read_options


class MetadataFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
def metadata(
    images: Annotated[list[Path], typer.Argument(help="Picture files (JPEG, TIFF, PNG, WebP, ...).")],
    output_format: Annotated[MetadataFormat, typer.Option("--format", "-f", help="text or json.")] = MetadataFormat.text,
    trust_anchors: TrustOption = None,
) -> None:
    """Print what picture files say about themselves, each value with its origin (like exiftool -G)."""
    import json

    from ..metadata import read_metadata

    options = _read_options(trust_anchors)
    results = [read_metadata(path, options) for path in images]
    if output_format is MetadataFormat.json:
        typer.echo(json.dumps([m.to_dict() for m in results], ensure_ascii=False, indent=2))
        return
    for meta in results:
        typer.echo(f"== {meta.path}")
        typer.echo(meta.format_text())
