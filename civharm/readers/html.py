"""HTML pages through trafilatura: the main text plus title, author, date, site name and URL."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from pathlib import Path

from trafilatura import bare_extraction

from civharm.errors import EmptyInput, InputError, MalformedInput
from civharm.model import Metadata, SourceDocument
from civharm.readers.bounded import DEFAULT_MAX_BYTES
from civharm.readers.decoding import clean_field, looks_binary, normalise

# trafilatura logs every page it finds too short at WARNING; our own error line says it once.
logging.getLogger("trafilatura").setLevel(logging.ERROR)


def _date(value: object) -> dt.date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def extract(name: str, html: bytes | str, *, url: str | None = None) -> tuple[str, Metadata]:
    """Main text and metadata of one page; raises when the page has no readable text."""
    raw = html.encode("utf-8", "replace") if isinstance(html, str) else html
    if not raw.strip():
        raise EmptyInput(name, "empty file")
    if looks_binary(raw):
        raise MalformedInput(name, "binary data, not HTML")
    try:
        doc = bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True
        )
    except Exception as exc:  # trafilatura and lxml raise many kinds on broken markup
        raise MalformedInput(name, f"unreadable HTML ({type(exc).__name__}: {exc})") from None
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise MalformedInput(name, "no readable article text in the HTML")
    meta = Metadata(
        title=_clean(getattr(doc, "title", None)),
        author=_clean(getattr(doc, "author", None)),
        outlet=_clean(getattr(doc, "sitename", None)),
        published=_date(getattr(doc, "date", None)),
        url=_clean(getattr(doc, "url", None)) or url,
    )
    return normalise(text), meta


def _clean(value: object) -> str | None:
    return clean_field(value) if isinstance(value, str) else None


def read(
    name: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[SourceDocument | InputError]:
    try:
        text, meta = extract(name, data)
    except InputError as exc:
        yield exc
        return
    yield SourceDocument(
        doc_id=Path(name).name,
        origin=name,
        data=data,
        media_type="text/html",
        text=text,
        metadata=meta,
    )
