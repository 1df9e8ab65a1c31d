"""JSON Lines: one document per record, with `text` or `html` and optional metadata fields.

Fields: `text` or `html` (one is required), and optionally `id`, `url`, `title`, `outlet`,
`published` (a date). The record's own bytes are what is preserved for it.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from civharm.dates import parse_published
from civharm.errors import EmptyInput, InputError, MalformedInput
from civharm.model import Metadata, SourceDocument
from civharm.readers import html as html_reader
from civharm.readers.decoding import normalise


def _string(record: dict[str, object], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    return " ".join(str(value).split()) or None


def _record(name: str, number: int, line: bytes, container: bytes) -> SourceDocument:
    where = f"{name}:{number}"
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise MalformedInput(where, f"invalid JSON ({exc.args[0] if exc.args else exc})") from None
    if not isinstance(record, dict):
        raise MalformedInput(where, "a record must be a JSON object")
    doc_id = _string(record, "id") or f"{Path(name).name}:{number}"
    url = _string(record, "url")
    published_text = _string(record, "published")
    published = parse_published(published_text) if published_text else None
    given = Metadata(
        title=_string(record, "title"),
        outlet=_string(record, "outlet"),
        published=published,
        url=url,
    )
    body = record.get("text")
    if isinstance(body, str) and body.strip():
        text, media_type, meta = normalise(body), "text/plain", given
    elif isinstance(record.get("html"), str):
        text, found = html_reader.extract(where, str(record["html"]), url=url)
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
    name: str, lines: Iterable[bytes], container: bytes
) -> Iterator[SourceDocument | InputError]:
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip(b"\r\n")
        if not line.strip():
            continue
        try:
            yield _record(name, number, line, container)
        except InputError as exc:
            yield exc


def read(name: str, data: bytes) -> Iterator[SourceDocument | InputError]:
    if not data.strip():
        yield EmptyInput(name, "empty file")
        return
    yield from _records(name, io.BytesIO(data), data)


def read_gz(name: str, data: bytes) -> Iterator[SourceDocument | InputError]:
    """Stream the gzip so that the records before a truncation are still read."""
    if not data:
        yield EmptyInput(name, "empty file")
        return
    stream = gzip.GzipFile(fileobj=io.BytesIO(data))
    count = 0
    try:
        for item in _records(name, stream, data):
            count += 1
            yield item
    except (OSError, EOFError, zlib.error) as exc:
        yield MalformedInput(name, f"corrupt or truncated gzip after {count} records ({exc})")
