"""Helpers for reading reports in tests (fixtures live in conftest.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path


def categories(article: dict) -> set[str]:
    """The finding categories of one article in a JSON report."""
    return {f["category"] for f in article["findings"]}


def field_text(article: dict, evidence: dict) -> str:
    """The text an evidence's offsets point into, as the JSON report carries it."""
    if evidence["field"] in ("caption", "credit"):
        return article["figures"][evidence["figure"]][evidence["field"]]
    if evidence["field"] == "headline":
        return article["headline"]
    raise AssertionError(f"the JSON report does not carry the {evidence['field']!r} field's text")


def tree_digest(root: Path) -> dict[str, str]:
    """Every file under `root` with the SHA-256 of its bytes: to prove inputs are left alone."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}
