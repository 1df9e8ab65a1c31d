"""WARC files through warcio: every HTML response (or resource) record is a document.

The record's target URI becomes its doc_id and URL, and the WARC-Date its capture time. A
capture date is not a publication date, so it is kept apart and never used as one.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from civharm.errors import EmptyInput, InputError, MalformedInput
from civharm.model import Metadata, SourceDocument
from civharm.readers import html as html_reader


def _captured(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _declared_length(record: Any) -> int | None:
    headers = record.http_headers if record.rec_type == "response" else None
    value = headers.get_header("Content-Length") if headers is not None else None
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def read(name: str, data: bytes) -> Iterator[SourceDocument | InputError]:
    if not data.strip():
        yield EmptyInput(name, "empty file")
        return
    found = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type not in ("response", "resource"):
                continue
            if record.rec_type == "response":
                headers = record.http_headers
                content_type = headers.get_header("Content-Type", "") if headers else ""
            else:
                content_type = record.rec_headers.get_header("Content-Type", "")
            if "html" not in content_type.lower():
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or f"{name}#{found}"
            payload = record.content_stream().read()
            found += 1
            where = f"{name} ({uri})"
            declared = _declared_length(record)
            if declared is not None and len(payload) < declared:
                # warcio returns a short payload for a cut gzip member instead of raising.
                yield MalformedInput(where, f"record truncated: {len(payload)} of {declared} bytes")
                continue
            try:
                text, meta = html_reader.extract(where, payload, url=uri)
            except InputError as exc:
                yield exc
                continue
            yield SourceDocument(
                doc_id=uri,
                origin=where,
                data=payload,
                media_type="text/html",
                text=text,
                metadata=Metadata(
                    title=meta.title,
                    author=meta.author,
                    outlet=meta.outlet,
                    published=meta.published,
                    url=uri,
                    captured=_captured(record.rec_headers.get_header("WARC-Date")),
                ),
                container=data,
            )
    except Exception as exc:  # warcio raises ArchiveLoadFailed, zlib and IO errors
        yield MalformedInput(
            name, f"corrupt WARC after {found} records ({type(exc).__name__}: {exc})"
        )
        return
    if not found:
        yield MalformedInput(name, "no HTML response records in the WARC")
