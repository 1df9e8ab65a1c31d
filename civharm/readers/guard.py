"""The last line of defence of a batch: no input, however hostile, stops the other inputs.

The readers turn every failure they know of into a coded error. These helpers catch what
they do not know of yet (a reader's bug), and refuse a file name that cannot be stored or
printed, so that an ingest always ends with its summary.
"""

from __future__ import annotations

import logging
import os
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from civharm.errors import InputError, MalformedInput
from civharm.model import SourceDocument

log = logging.getLogger(__name__)


# Characters a terminal acts on or hides instead of showing: control characters (a line
# break cuts an error line in two, ESC starts an escape sequence), line and paragraph
# separators, and format characters such as the bidi overrides, which reorder what is shown.
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# Format characters that spell words (Persian, Indic scripts, emoji sequences) stay as is.
_JOINERS = frozenset({"\u200c", "\u200d"})


def printable(text: str) -> str:
    """Untrusted text (a file name, a message quoting an input) made safe for one terminal
    line: each hidden character shown as its Python escape (`\\n`, `\\x1b`, `\\u202e`)."""
    if text.isprintable():
        return text  # the common case; nothing hidden is printable
    return "".join(_shown(char) for char in text)


def _shown(char: str) -> str:
    if unicodedata.category(char) in _HIDDEN and char not in _JOINERS:
        return char.encode("unicode_escape").decode("ascii")
    return char


def display_name(path: Path | str) -> str:
    """A path as it can be printed on one line: bytes that are not UTF-8 shown as `\\xff`,
    hidden characters as in `printable`."""
    return printable(os.fsencode(path).decode("utf-8", "backslashreplace"))


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
