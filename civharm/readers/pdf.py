"""PDF files through pypdf: the text layer of every page, pages separated by a blank line."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
import re
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

import pypdf
from pypdf import PdfReader

from civharm.errors import EmptyInput, InputError, MalformedInput, TooLarge
from civharm.model import Metadata, SourceDocument
from civharm.readers.bounded import DEFAULT_MAX_BYTES, over_limit
from civharm.readers.decoding import clean_field, normalise

# A ministry or an NGO as the PDF's author is the publisher of the letter, not a byline.
_INSTITUTION = re.compile(
    r"\b(?:ministry|ministère|office|council|commission|committee|agency|organi[sz]ation|"
    r"mission|department|government|embassy|observatory|watch|amnesty|united nations|UN\w*|"
    r"network|centre|center|institute|foundation|society|union|league|front|forces)\b",
    re.IGNORECASE,
)
_PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})(\d{2})")


def _pdf_date(value: object) -> dt.date | None:
    """The creation date of a PDF (`D:YYYYMMDD…`): the date the letter was issued."""
    match = _PDF_DATE.match(str(value)) if value else None
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


# pypdf warns on every repairable defect; a broken file gets our own single error line.
logging.getLogger("pypdf").setLevel(logging.ERROR)


# pypdf's ceilings on what one stream may inflate to; ours is `max_file_mb` when lower.
_STREAM_LIMITS = (
    "maximum_declared_stream_length",
    "array_based_stream_maximum_output_length",
    "jbig2_maximum_output_length",
    "lzw_maximum_output_length",
    "run_length_maximum_output_length",
    "zlib_maximum_output_length",
    "brotli_maximum_output_length",
    "image_maximum_buffer_size",
    "stream_decoding_work_maximum_length",
    "xmp_maximum_input_length",
)


def _bounded(max_bytes: int) -> AbstractContextManager[Any]:
    """pypdf's limits lowered to `max_bytes` for this read (pypdf 7 has them per context)."""
    apply = getattr(pypdf, "apply_configuration", None)
    configuration = getattr(pypdf, "get_configuration", lambda: None)()
    if apply is None or configuration is None:
        return nullcontext()  # older pypdf: its own fixed limits (75 MB a stream) apply
    names = {field.name for field in dataclasses.fields(configuration)}
    lower = {
        name: min(getattr(configuration, name), max_bytes)
        for name in _STREAM_LIMITS
        if name in names
    }
    return apply(**lower)  # type: ignore[no-any-return]


def _limit_reached(exc: Exception) -> bool:
    return type(exc).__name__ == "LimitReachedError"


def read(
    name: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[SourceDocument | InputError]:
    if not data.strip():
        yield EmptyInput(name, "empty file")
        return
    if not data.lstrip().startswith(b"%PDF"):
        yield MalformedInput(name, "not a PDF (no %PDF header)")
        return
    try:
        with _bounded(max_bytes):
            reader = PdfReader(io.BytesIO(data), strict=False)
            pages: list[str] = []
            size = 0
            for page in reader.pages:
                pages.append(page.extract_text() or "")
                size += len(pages[-1])
                if size > max_bytes:
                    raise over_limit(name, max_bytes, what="its text holds")
            info = reader.metadata
    except TooLarge as exc:
        yield exc
        return
    except Exception as exc:  # pypdf raises many kinds on corrupt files
        if _limit_reached(exc):
            yield over_limit(name, max_bytes, what="a stream inflates to", then="not read")
        else:
            yield MalformedInput(name, f"corrupt PDF ({type(exc).__name__}: {exc})")
        return
    text = normalise("\n\n".join(page.strip("\n") for page in pages))
    if not text.strip():
        yield MalformedInput(name, "PDF has no text layer (a scan needs OCR first)")
        return
    author = clean_field(info.author) if info else None
    institutional = author is not None and _INSTITUTION.search(author) is not None
    meta = Metadata(
        title=clean_field(info.title) if info else None,
        author=None if institutional else author,
        outlet=author.split(",")[0].strip() if author and institutional else None,
        published=_pdf_date(info.get("/CreationDate") if info else None),
    )
    yield SourceDocument(
        doc_id=Path(name).name,
        origin=name,
        data=data,
        media_type="application/pdf",
        text=text,
        metadata=meta,
    )
