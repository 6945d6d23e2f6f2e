"""Ingestion: article files in any supported format become `Article`s.

Every input is untrusted. A file that cannot be read becomes an `InputError` naming the
file and the problem; the caller turns it into an `unreadable` finding and goes on.
Nothing here writes to, moves or locks an input.
"""

from __future__ import annotations

from .reader import InputError, InputLimits, iter_inputs, read_article

__all__ = ["InputError", "InputLimits", "iter_inputs", "read_article"]
