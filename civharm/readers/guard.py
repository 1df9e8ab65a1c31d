"""The last line of defence of a batch: no input, however hostile, stops the other inputs.

The readers turn every failure they know of into a coded error. These helpers catch what
they do not know of yet (a reader's bug), and refuse a file name that cannot be stored or
printed, so that an ingest always ends with its summary.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

from civharm.errors import InputError, MalformedInput
from civharm.model import SourceDocument

log = logging.getLogger(__name__)


def display_name(path: Path | str) -> str:
    """A path as it can be printed: bytes that are not UTF-8 shown as `\\xff`."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def unusable_name(path: Path) -> InputError | None:
    """An error for a path whose name is not UTF-8 (PostgreSQL and terminals refuse it)."""
    try:
        str(path.absolute()).encode("utf-8")
    except UnicodeEncodeError:
        return MalformedInput(display_name(path), "the path is not valid UTF-8; rename the file")
    return None


def guarded(
    name: str, items: Iterator[SourceDocument | InputError]
) -> Iterator[SourceDocument | InputError]:
    """A reader's items; should the reader itself fail, one error line for its file instead."""
    try:
        yield from items
    except Exception as exc:  # a reader's bug must cost one file, not the batch
        log.exception("reading %s failed", display_name(name))
        yield MalformedInput(
            display_name(name),
            f"could not be read ({type(exc).__name__}: {exc}); please report this",
        )
