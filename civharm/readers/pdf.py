"""PDF files through pypdf: the text layer of every page, pages separated by a blank line."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from collections.abc import Iterator
from pathlib import Path

from pypdf import PdfReader

from civharm.errors import EmptyInput, InputError, MalformedInput
from civharm.model import Metadata, SourceDocument
from civharm.readers.decoding import normalise

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


def read(name: str, data: bytes) -> Iterator[SourceDocument | InputError]:
    if not data.strip():
        yield EmptyInput(name, "empty file")
        return
    if not data.lstrip().startswith(b"%PDF"):
        yield MalformedInput(name, "not a PDF (no %PDF header)")
        return
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except Exception as exc:  # pypdf raises many kinds on corrupt files
        yield MalformedInput(name, f"corrupt PDF ({type(exc).__name__}: {exc})")
        return
    text = normalise("\n\n".join(page.strip("\n") for page in pages))
    if not text.strip():
        yield MalformedInput(name, "PDF has no text layer (a scan needs OCR first)")
        return
    author = ((info.author or "").strip() or None) if info else None
    institutional = author is not None and _INSTITUTION.search(author) is not None
    meta = Metadata(
        title=((info.title or "").strip() or None) if info else None,
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
