"""Plain text files; markdown saved as .txt is recognised and read as markdown."""

from __future__ import annotations

from collections.abc import Iterator

from civharm.errors import InputError
from civharm.model import SourceDocument
from civharm.readers.bounded import DEFAULT_MAX_BYTES
from civharm.readers.markdown import read_text


def read(
    name: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[SourceDocument | InputError]:
    # Scraped pages are often markdown saved as .txt: read them as what they are.
    yield from read_text(name, data, media_type="text/plain", markdown=None)
