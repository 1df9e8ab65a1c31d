"""Decoding: bytes of any common encoding to the normalised text every offset points into.

The normalisation here is the one definition of a document's text: NFC, `\\n` line ends,
no BOM, no control characters (PostgreSQL refuses NUL), no lone surrogates, no-break
spaces as spaces.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from civharm.errors import BinaryInput, EmptyInput, MalformedInput

# Control characters are dropped; lone surrogates (unstorable) become U+FFFD.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff\ud800-\udfff]")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
# The UTF-8 form of a surrogate (U+D800-U+DFFF), which is no character: 3 bytes, 1 mistake.
_ENCODED_SURROGATE = re.compile(rb"\xed[\xa0-\xbf][\x80-\xbf]")
_REPLACEMENT = "\ufffd".encode()
_NON_ASCII_CHAR = re.compile("[^\x00-\x7f\ufffd]")

# Longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

MOSTLY_UTF8 = 0.99
"""Share of valid bytes above which a file is UTF-8 with a few bad bytes, not another encoding."""


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return _CONTROL.sub(_drop_or_replace, text)


def _drop_or_replace(match: re.Match[str]) -> str:
    return "\ufffd" if "\ud800" <= match.group() <= "\udfff" else ""


def clean_field(value: object) -> str | None:
    """A metadata value (title, outlet, id…) as one line of normalised text, or None if blank."""
    if value is None:
        return None
    return " ".join(normalise(str(value)).split()) or None


_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes in the first 8 KB mean this is not text."""
    return b"\x00" in data[:8192] or mostly_control(data)


def mostly_control(data: bytes) -> bool:
    """Over 5% control bytes (NUL included) in the first 8 KB: random junk, an image, UTF-16
    without a byte order mark. Text damaged in a few places stays far below that."""
    head = data[:8192]
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > len(head) * 0.05


def decode(name: str, data: bytes) -> tuple[str, tuple[str, ...]]:
    """Decode bytes as UTF-8, else as the encoding they most likely are in, with a note saying so.

    A byte order mark decides the encoding (UTF-16 is full of NUL bytes, so it is checked
    before the binary test); a file that is at least 99% valid UTF-8 is UTF-8 with a few
    damaged bytes, which are replaced and counted in a note.
    """
    if not data.strip():
        raise EmptyInput(name, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_marked(name, data[len(bom) :], encoding)
    if looks_binary(data):
        raise BinaryInput(name, "binary data, not text")
    return _decode_unmarked(name, data)


def _decode_marked(name: str, body: bytes, encoding: str) -> tuple[str, tuple[str, ...]]:
    if encoding == "utf-8":
        if not body.strip():
            raise EmptyInput(name, "empty file (only a byte order mark)")
        if looks_binary(body):
            raise BinaryInput(name, "binary data, not text")
        return _decode_unmarked(name, body)
    text = body.decode(encoding, "replace")
    if not text.strip():
        raise EmptyInput(name, "empty file (only a byte order mark)")
    bad = text.count("\ufffd") - body.decode(encoding, "ignore").count("\ufffd")
    notes = (f"{name}: {bad} invalid {encoding.upper()} sequences replaced",) if bad else ()
    return normalise(text), notes


def _decode_unmarked(name: str, data: bytes) -> tuple[str, tuple[str, ...]]:
    try:
        return normalise(data.decode("utf-8")), ()
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3:
            # Only the last, cut-off character is broken: a truncated UTF-8 file.
            cut = data[: exc.start].decode("utf-8")
            return normalise(cut), (
                f"{name}: truncated in the middle of a character; read up to it",
            )
    # An encoded surrogate counts as one invalid sequence, as a stray byte does, not three.
    text = _ENCODED_SURROGATE.sub(_REPLACEMENT, data).decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count(_REPLACEMENT)
    if bad <= len(data) * (1 - MOSTLY_UTF8):
        if _western_single_byte(data, text):
            return normalise(data.decode("cp1252", "replace")), (
                f"{name}: not UTF-8; decoded as cp1252",
            )
        return normalise(text), (
            f"{name}: not all UTF-8; {bad} invalid byte sequences replaced with U+FFFD",
        )
    guess = _code_page(data)
    if guess is None:
        raise MalformedInput(name, "not text in any known encoding")
    text, encoding = guess
    return normalise(text), (f"{name}: not UTF-8; decoded as {encoding}",)


def _code_page(data: bytes) -> tuple[str, str] | None:
    """The text and encoding charset_normalizer finds most likely, cp1252 first among equals.

    Short Latin-script texts decode without a flaw in several code pages, which it then
    ranks the same and lists in no useful order: French in cp1252 read as cp1250 turns
    "à" into "ŕ". Of the equals, Windows Western (cp1252) is by far the most common.
    """
    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    tied = [
        match
        for match in matches
        if (match.percent_chaos, match.percent_coherence)
        == (best.percent_chaos, best.percent_coherence)
    ]
    for match in tied:
        # A match lists every encoding that gives the very same text.
        if "cp1252" in match.could_be_from_charset:
            return str(match), "cp1252"
    return str(best), best.encoding


def _western_single_byte(data: bytes, text: str) -> bool:
    """Latin-1 or cp1252 text with few accents ("été" in a French page), not damaged UTF-8.

    It has no valid multi-byte UTF-8 character at all, and at least three bytes above 127,
    each a letter in cp1252. One or two stray bytes in an English file are damage, not an
    encoding: they are replaced like any other.
    """
    if _NON_ASCII_CHAR.search(text):
        return False
    high = _HIGH_BYTE.findall(data)
    letters = b"".join(set(high)).decode("cp1252", "replace")
    return len(high) >= 3 and all(char.isalpha() for char in letters)
