"""Hostile caption text out of harm's way: one line for terminals and logs, legal characters for XML.

Captions come from outside (wires, CMS fields, picture metadata) and may carry newlines, terminal
escape sequences, bidirectional overrides or characters XML 1.0 forbids. Each is shown as a visible
escape (`\\n`, `\\x1b`, `\\u202e`) instead of being passed through.
"""

from __future__ import annotations

import re

#: C0 and C1 controls, DEL, the Unicode bidirectional marks, overrides and isolates, lone surrogates.
_UNSAFE_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: What XML 1.0 does not allow in a document at all (not even as a character reference).
_ILLEGAL_IN_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """`text` on one line with no control or bidi characters left in it."""
    return _UNSAFE_IN_LINE.sub(_visible, text)


def xml_text(text: str) -> str:
    """`text` with the characters XML 1.0 cannot carry shown as escapes (ElementTree escapes the rest)."""
    return _ILLEGAL_IN_XML.sub(_visible, text)
