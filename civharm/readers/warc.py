"""WARC files through warcio: every HTML response (or resource) record is a document.

The record's target URI becomes its doc_id and URL, and the WARC-Date its capture time. A
capture date is not a publication date, so it is kept apart and never used as one.

We inflate `.warc.gz` ourselves (`GunzipStream`), so decompressed bytes are bounded by the
`max_file_mb` setting and a cut gzip member is noticed; warcio then reads plain WARC. A
record is complete only when all the bytes its Content-Length declares are there: each
truncated record is reported (E005) and the complete ones are kept. A record not followed
by the blank lines that end one has a Content-Length that lies: where the next record
starts is then unknown, so that record is the file's one error and reading stops there.
A file that does not begin with `WARC/` is no WARC, and one error says so.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader

from civharm.errors import EmptyInput, InputError, MalformedInput, TooLarge
from civharm.model import Metadata, SourceDocument
from civharm.readers import html as html_reader
from civharm.readers.bounded import (
    CHUNK,
    DEFAULT_MAX_BYTES,
    GZIP_MAGIC,
    INFLATABLE,
    GunzipStream,
    inflate,
    over_limit,
)
from civharm.readers.decoding import clean_field


class _QuietIterator(ArchiveIterator):  # type: ignore[misc]  # warcio has no type hints
    """warcio writes a three-line warning to sys.stderr itself (it has no option not to)
    when a record is not followed by blank lines; with its template `INC_RECORD` empty it
    writes nothing, and still counts them in `err_count`, which `read` turns into one
    error line (sys.stderr is not swapped: other threads of the web app write there)."""

    INC_RECORD = ""


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


def _is_html(record: Any) -> bool:
    if record.rec_type == "response":
        headers = record.http_headers
        content_type = headers.get_header("Content-Type", "") if headers else ""
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type", "")
    else:
        return False
    return "html" in (content_type or "").lower()


def _cut(record: Any, iterator: ArchiveIterator, done: _Progress) -> str | None:
    """Why the record is incomplete, or None; reads it to its end either way.

    Its content must hold all the bytes its Content-Length declares, and the blank lines
    that close every WARC record must follow: warcio returns a short payload, or a header
    cut short as a record of length 0, without a word.
    """
    start = done.end
    while record.raw_stream.read(CHUNK):
        pass
    missing = int(getattr(record.raw_stream, "limit", 0) or 0)
    iterator.read_to_end()  # past the blank lines: `offset` is where the next record starts
    done.end = iterator.offset
    if record.length is None:
        return "record truncated: its header block ends early"
    if missing:
        return f"record truncated: {record.length - missing:,} of {record.length:,} bytes"
    if done.end - start - iterator.get_record_length() <= 0:
        return "record truncated: the blank lines that end a record are missing"
    return None


@dataclass
class _Progress:
    found: int = 0  # HTML records
    records: int = 0  # complete records of any kind
    payload: int = 0  # their decoded bytes, bounded as a whole like the file
    end: int = 0  # where the last record read ends in the decompressed stream
    cut: int = 0  # truncated records reported


def read(
    name: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[SourceDocument | InputError]:
    if not data.strip():
        yield EmptyInput(name, "empty file")
        return
    gz = GunzipStream(name, data, max_bytes=max_bytes) if data.startswith(GZIP_MAGIC) else None
    stream = io.BufferedReader(gz or io.BytesIO(data), CHUNK)
    done = _Progress()
    iterator = _QuietIterator(stream)
    try:
        if gz is not None and stream.peek(2)[:2] == GZIP_MAGIC:
            # warcio would inflate the inner layer without any bound.
            yield MalformedInput(name, "gzip inside gzip; decompress it once and ingest that")
            return
        head = stream.peek(CHUNK).lstrip()
        if head and not head.startswith(b"WARC/"):
            yield MalformedInput(name, "not a WARC file: it does not begin with a WARC/1.x header")
            return
        for record in iterator:
            uri = clean_field(record.rec_headers.get_header("WARC-Target-URI"))
            where = f"{name} ({uri or f'record {done.records + done.cut + 1}'})"
            wanted = _is_html(record)
            payload = _payload(record, where, max_bytes) if wanted else b""
            cut = _cut(record, iterator, done)
            if iterator.err_count:
                yield MalformedInput(
                    where,
                    "its WARC Content-Length does not match the record (no blank lines follow "
                    "it): where the next record starts is unknown, so reading stopped after "
                    f"{done.records} records",
                )
                return
            if cut is not None:
                done.cut += 1
                yield MalformedInput(where, cut)
                continue
            done.records += 1
            if wanted:
                done.found += 1
                yield from _document(data, record, uri or where, where, payload, done, max_bytes)
    except TooLarge:
        yield over_limit(name, max_bytes, then=f"stopped after {done.records} records")
        return
    except Exception as exc:  # warcio raises ArchiveLoadFailed, and worse on cut headers
        yield MalformedInput(
            name,
            f"corrupt or truncated WARC after {done.records} records "
            f"({type(exc).__name__}: {str(exc).strip()})",
        )
        return
    yield from _after(name, data, gz, done)


def _payload(record: Any, where: str, max_bytes: int) -> bytes | InputError:
    """The HTTP body, de-chunked and inflated here rather than by warcio, which inflates a
    whole chunk (or 16 KB of input) at once however large it grows; at most one byte over
    the limit, so that going over shows.
    """
    headers = record.http_headers
    try:
        if headers is not None and "chunked" in headers.get_header("Transfer-Encoding", "").lower():
            body = ChunkedDataReader(record.raw_stream).read(max_bytes + 1)
        else:
            body = record.raw_stream.read(max_bytes + 1)
    except Exception as exc:  # a broken chunked body: this record only
        return MalformedInput(where, f"unreadable payload ({type(exc).__name__}: {exc})")
    declared = _declared_length(record)
    if declared is not None and len(body) < declared:
        # The HTTP body is shorter than its own header says: cut before it was archived.
        return MalformedInput(where, f"record truncated: {len(body)} of {declared} bytes")
    encoding = headers.get_header("Content-Encoding", "").strip().lower() if headers else ""
    return inflate(body, encoding, max_bytes + 1) if encoding in INFLATABLE else bytes(body)


def _document(
    data: bytes,
    record: Any,
    uri: str,
    where: str,
    payload: bytes | InputError,
    done: _Progress,
    max_bytes: int,
) -> Iterator[SourceDocument | InputError]:
    """The document one complete HTML record gives, or the error that says why not."""
    if isinstance(payload, InputError):
        yield payload
        return
    if len(payload) > max_bytes:
        yield over_limit(where, max_bytes, what="the page holds", then="skipped")
        return
    done.payload += len(payload)
    if done.payload > max_bytes:
        raise over_limit(where, max_bytes)
    try:
        text, meta = html_reader.extract(where, payload, url=uri)
    except InputError as exc:
        yield exc
        return
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


def _after(
    name: str, data: bytes, gz: GunzipStream | None, done: _Progress
) -> Iterator[InputError]:
    """What the end of the file says: a cut record warcio skipped, damaged gzip, or nothing."""
    total = gz.produced if gz is not None else len(data)
    if total > done.end and not done.cut:
        # warcio silently drops a record cut inside its header block.
        done.cut += 1
        yield MalformedInput(
            name,
            f"truncated: the last {total - done.end:,} bytes are not a complete WARC record",
        )
    if gz is not None and gz.damage is not None:
        yield MalformedInput(
            name, f"corrupt WARC after {done.records} records (damaged gzip: {gz.damage})"
        )
    elif gz is not None and gz.truncated and not done.cut:
        yield MalformedInput(name, f"truncated gzip after {done.records} records")
    elif not done.found and not done.cut:
        yield MalformedInput(name, "no HTML response records in the WARC")
