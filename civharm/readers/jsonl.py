"""JSON Lines: one document per record, with `text` or `html` and optional metadata fields.

Fields: `text` or `html` (one is required), and optionally `id`, `url`, `title`, `outlet`,
`published` (a date). The record's own bytes are what is preserved for it. A record that
cannot be read (invalid JSON, a number of thousands of digits, nesting too deep, a lone
surrogate escape) is one error line naming its line; the others are read. A file whose
first 8 KB are over 5% control bytes (random junk, an image, UTF-16) has no lines to
speak of and is one error (E003); JSON escapes every control character in a string, so
a real file is far below that, and a raw NUL in one record costs that record only.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

from civharm.dates import parse_published
from civharm.errors import BinaryInput, EmptyInput, InputError, MalformedInput, TooLarge
from civharm.model import Metadata, SourceDocument
from civharm.readers import html as html_reader
from civharm.readers.bounded import CHUNK, DEFAULT_MAX_BYTES, GunzipStream, over_limit
from civharm.readers.decoding import clean_field, mostly_control, normalise

FIELDS = ("id", "url", "title", "outlet", "published", "text", "html")
MAX_DIGITS = 1000  # an id, never an amount: Python refuses to parse more than 4,300 anyway
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Where a surrogate can come from: an escape (`\ud83d`, paired or not) or the raw UTF-8
# bytes of one (lead byte 0xED), which json.loads lets through.
_MAYBE_SURROGATE = (b"\\ud", b"\\uD", b"\xed")
_BINARY = "binary data, not JSON Lines (UTF-8 text)"


class _NumberTooLong(ValueError):
    pass


def _int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise _NumberTooLong(f"a number of {len(digits):,} digits")
    return int(digits)


def _load(where: str, line: bytes) -> dict[str, object]:
    try:
        record = json.loads(line, parse_int=_int)
    except _NumberTooLong as exc:
        raise MalformedInput(where, f"invalid JSON ({exc})") from None
    except RecursionError:
        raise MalformedInput(where, "invalid JSON (nested too deeply)") from None
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise MalformedInput(where, f"invalid JSON ({exc.args[0] if exc.args else exc})") from None
    if not isinstance(record, dict):
        raise MalformedInput(where, "a record must be a JSON object")
    if not any(mark in line for mark in _MAYBE_SURROGATE):
        return record  # the common case, found by fast substring searches
    for key in FIELDS:
        value = record.get(key)
        if isinstance(value, str) and (bad := _SURROGATE.search(value)):
            raise MalformedInput(
                where,
                f"`{key}` holds a lone surrogate \\u{ord(bad.group()):04x}, which is no "
                "character (a broken escape or a cut emoji)",
            )
    return record


def _record(name: str, number: int, line: bytes, container: bytes) -> SourceDocument:
    where = f"{name}:{number}"
    record = _load(where, line)
    doc_id = clean_field(record.get("id")) or f"{Path(name).name}:{number}"
    url = clean_field(record.get("url"))
    published_text = clean_field(record.get("published"))
    published = parse_published(published_text) if published_text else None
    given = Metadata(
        title=clean_field(record.get("title")),
        outlet=clean_field(record.get("outlet")),
        published=published,
        url=url,
    )
    body = record.get("text")
    html = record.get("html")
    if isinstance(body, str) and body.strip():
        text, media_type, meta = normalise(body), "text/plain", given
    elif isinstance(html, str):
        text, found = html_reader.extract(where, html, url=url)
        media_type = "text/html"
        meta = Metadata(
            title=given.title or found.title,
            author=found.author,
            outlet=given.outlet or found.outlet,
            published=given.published or found.published,
            url=url or found.url,
        )
    else:
        raise MalformedInput(where, "record has neither `text` nor `html`")
    if not text.strip():
        raise EmptyInput(where, "record has no text once control characters are removed")
    return SourceDocument(
        doc_id=doc_id,
        origin=where,
        data=line,
        media_type=media_type,
        text=text,
        metadata=meta,
        container=container,
    )


def _records(
    name: str,
    lines: io.BufferedIOBase,
    container: bytes,
    *,
    max_bytes: int,
    cut: GunzipStream | None,
) -> Iterator[SourceDocument | InputError]:
    """One item per non-blank line. A line over `max_bytes` is skipped in bounded chunks."""
    number = 0
    while raw := lines.readline(max_bytes + 1):
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while (rest := lines.readline(CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield over_limit(f"{name}:{number}", max_bytes, what="the record holds", then="skipped")
            continue
        if cut is not None and not raw.endswith(b"\n") and (cut.truncated or cut.damage):
            return  # the last line was cut with the stream: the reader reports the cut
        line = raw.rstrip(b"\r\n")
        if not line.strip():
            continue
        try:
            yield _record(name, number, line, container)
        except InputError as exc:
            yield exc


def read(
    name: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[SourceDocument | InputError]:
    if not data.strip():
        yield EmptyInput(name, "empty file")
        return
    if mostly_control(data):
        yield BinaryInput(name, _BINARY)
        return
    yield from _records(name, io.BytesIO(data), data, max_bytes=max_bytes, cut=None)


def read_gz(
    name: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[SourceDocument | InputError]:
    """Stream the gzip in bounded chunks: the records before a truncation, or before the
    limit on decompressed bytes, are still read, and the error says where it stopped."""
    if not data:
        yield EmptyInput(name, "empty file")
        return
    stream = GunzipStream(name, data, max_bytes=max_bytes)
    lines = io.BufferedReader(stream, CHUNK)
    count = 0
    try:
        if mostly_control(lines.peek(CHUNK)):
            yield BinaryInput(name, f"{_BINARY} once decompressed")
            return
        for item in _records(name, lines, data, max_bytes=max_bytes, cut=stream):
            count += 1
            yield item
    except TooLarge:
        yield over_limit(name, max_bytes, then=f"read {count} records before it")
        return
    if stream.damage is not None or stream.truncated:
        why = stream.damage or "the stream ends early"
        yield MalformedInput(name, f"corrupt or truncated gzip after {count} records ({why})")
    elif not count:
        yield EmptyInput(name, "empty once decompressed")
