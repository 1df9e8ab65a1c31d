"""Decoding: bytes of any common encoding to the normalised text every offset points into.

The normalisation here is the one definition of a document's text: NFC, `\\n` line ends,
no BOM, no control characters, no-break spaces as spaces.
"""

from __future__ import annotations

import re
import unicodedata

from charset_normalizer import from_bytes

from civharm.errors import BinaryInput, EmptyInput, MalformedInput

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return _CONTROL.sub("", text)


_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes in the first 8 KB mean this is not text."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > len(head) * 0.05


def decode(name: str, data: bytes) -> tuple[str, tuple[str, ...]]:
    """Decode bytes as UTF-8, else as the encoding they most likely are in, with a note saying so."""
    if not data.strip():
        raise EmptyInput(name, "empty file")
    if looks_binary(data):
        raise BinaryInput(name, "binary data, not text")
    try:
        return normalise(data.decode("utf-8-sig")), ()
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3:
            # Only the last, cut-off character is broken: a truncated UTF-8 file.
            cut = data[: exc.start].decode("utf-8-sig")
            return normalise(cut), (
                f"{name}: truncated in the middle of a character; read up to it",
            )
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise MalformedInput(name, "not text in any known encoding")
    return normalise(str(best)), (f"{name}: not UTF-8; decoded as {best.encoding}",)
