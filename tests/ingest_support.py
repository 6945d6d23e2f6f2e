"""Helpers for the ingestion tests (tests/test_ingest_*.py): pictures with agency metadata and a
guard that records every network attempt."""

from __future__ import annotations

import socket

import pytest

import imagefactory as make


def iptc_picture(caption: str = "", credit: str = "", byline: str = "") -> bytes:
    """A JPEG whose IPTC block (declared UTF-8) carries the given caption, credit and by-line."""
    fields = {120: caption, 110: credit, 80: byline}
    return make.jpeg(iptc=make.iim([make.utf8_declaration(),
                                    *[(2, number, value.encode("utf-8")) for number, value in fields.items() if value]]))


@pytest.fixture
def network_attempts(monkeypatch) -> list[str]:
    """Every attempt to resolve a host or open a connection, refused and recorded."""
    attempts: list[str] = []

    def refuse(*args, **kwargs):
        attempts.append(repr(args[:2]))
        raise OSError("network use in a test")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts
