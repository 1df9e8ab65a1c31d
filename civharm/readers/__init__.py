"""Readers turn the bytes of one input file into source documents, one per file or record.

Each reader is a function `(name, data, *, max_bytes) -> iterator of SourceDocument or
InputError`: errors are yielded, not raised, so that one bad JSONL line or WARC record
does not stop the rest of the file. `READERS` is the one explicit list of built-in formats.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from civharm.errors import InputError, UnsupportedFormat
from civharm.model import SourceDocument
from civharm.readers import html, jsonl, markdown, pdf, text, warc


class Reader(Protocol):
    """`max_bytes` (the `max_file_mb` setting) bounds what a compressed input may inflate to."""

    def __call__(
        self, name: str, data: bytes, *, max_bytes: int = ...
    ) -> Iterator[SourceDocument | InputError]: ...


READERS: dict[str, Reader] = {
    ".txt": text.read,
    ".md": markdown.read,
    ".markdown": markdown.read,
    ".html": html.read,
    ".htm": html.read,
    ".pdf": pdf.read,
    ".jsonl": jsonl.read,
    ".jsonl.gz": jsonl.read_gz,
    ".warc": warc.read,
    ".warc.gz": warc.read,
}


def suffix_of(path: Path) -> str:
    """The format suffix of a path, including the double suffixes `.jsonl.gz` and `.warc.gz`."""
    name = path.name.lower()
    for suffix in sorted(READERS, key=len, reverse=True):
        if name.endswith(suffix):
            return suffix
    return path.suffix.lower()


def reader_for(path: Path) -> Reader:
    suffix = suffix_of(path)
    try:
        return READERS[suffix]
    except KeyError:
        known = " ".join(sorted(READERS))
        raise UnsupportedFormat(
            str(path), f"unsupported format {suffix or '(none)'}; civharm reads {known}"
        ) from None


def is_supported(path: Path) -> bool:
    return suffix_of(path) in READERS
