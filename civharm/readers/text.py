"""Plain text files; markdown saved as .txt is recognised and read as markdown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from civharm.errors import InputError
from civharm.model import SourceDocument, Structure
from civharm.readers.decoding import decode
from civharm.readers.markdown import looks_like_markdown, to_text


def read(name: str, data: bytes) -> Iterator[SourceDocument | InputError]:
    try:
        content, notes = decode(name, data)
    except InputError as exc:
        yield exc
        return
    structure = Structure()
    if looks_like_markdown(content):
        # Scraped pages are often markdown saved as .txt: read them as what they are.
        content, structure = to_text(content)
    yield SourceDocument(
        doc_id=Path(name).name,
        origin=name,
        data=data,
        media_type="text/plain",
        text=content,
        structure=structure,
        notes=notes,
    )
