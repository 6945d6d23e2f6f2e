"""The limits and settings a metadata read runs under.

Every limit is here so a wire feed can send anything (a 10-gigapixel PNG header, a 1 MB
caption, a file that is really a text file) and the reader still finishes fast, with a
bounded amount of memory, and says what it refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024


@dataclass(frozen=True)
class ReadOptions:
    """Limits for one read, and the C2PA trust-anchor bundle.

    `trust_anchors` is a PEM file of root certificates whose signers count as trusted: with
    none, every C2PA signer is reported untrusted ("Valid" at best), whatever the library's
    defaults, so results never change silently with a library upgrade.
    """

    max_file_bytes: int = 64 * MB
    max_xmp_bytes: int = 2 * MB
    max_pixels: int = 50_000_000
    #: Pixels one byte of compressed file can plausibly stand for; more means a bomb.
    max_pixels_per_byte: int = 10_000
    max_value_chars: int = 65_536
    max_chunks: int = 100_000
    read_c2pa: bool = True
    trust_anchors: Path | None = None

    def __post_init__(self) -> None:
        if self.trust_anchors is not None:
            object.__setattr__(self, "trust_anchors", Path(self.trust_anchors))

    def trust_anchor_pem(self) -> str | None:
        """The trust-anchor bundle's text; a missing or non-PEM file is a setup error, so it raises."""
        if self.trust_anchors is None:
            return None
        try:
            text = self.trust_anchors.read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError) as error:
            raise ValueError(f"cannot read the C2PA trust-anchor bundle {self.trust_anchors}: {error}") from error
        if "-----BEGIN CERTIFICATE-----" not in text:
            raise ValueError(f"the C2PA trust-anchor bundle {self.trust_anchors} holds no PEM certificate")
        return text


DEFAULT_OPTIONS = ReadOptions()
