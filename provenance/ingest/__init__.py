"""Ingestion: article files in any supported format become `Article`s.

Formats: plain text, Markdown, HTML pages (with JSON-LD and Open Graph), IPTC ninjs 1.x/2.x,
NewsML-G2, and bare pictures (read from their metadata).

Every input is untrusted. A file that cannot be read becomes an `InputError` naming the
file and the problem; the caller turns it into an `unreadable` finding and goes on.
Nothing here writes to, moves or locks an input.
"""

from __future__ import annotations

from .reader import STDIN, InputError, InputLimits, article_folders, iter_inputs, read_article

__all__ = ["STDIN", "InputError", "InputLimits", "article_folders", "iter_inputs", "read_article"]
