"""How gold and extracted values are compared: titles, outlets and bylines normalised,
document ids matched to gold ``in`` entries, figures and text fields read leniently.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["doc_matches", "normalise_title"]

_QUOTES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "`": "'",
        "´": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "«": '"',
        "»": '"',
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "―": "-",
        "−": "-",
    }
)
_SPACE = re.compile(r"\s+")
_NON_ALNUM = re.compile(r"[\W_]+")


def normalise_title(text: str | None) -> str:
    """Title for comparison: NFKC, ASCII quotes and dashes, one space, case folded."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip().casefold()


def _norm_meta(text: object) -> str:
    """Outlet/byline for comparison: only letters and digits count ("SyriaTimes")."""
    if text is None:
        return ""
    return _NON_ALNUM.sub("", unicodedata.normalize("NFKC", str(text)).casefold())


def doc_matches(doc_id: str, entry: str) -> bool:
    """True when ``doc_id`` is the gold ``in`` entry, or it plus a separator and more.

    "001" matches "001_4d2f….txt" and "report_01" matches "report_01.txt", but "001"
    does not match "0012.txt" and a JSONL id "feed06-001" matches only itself.
    """
    if doc_id == entry:
        return True
    return doc_id.startswith(entry) and not doc_id[len(entry)].isalnum()


def _origin_name(origin: str) -> str:
    """The file name in a document origin such as "dir/x.warc.gz (https://…)"."""
    path = origin.split(" (", 1)[0]
    return re.split(r"[/\\]", path)[-1]


def _as_int(value: object) -> int | None:
    """A figure as an int; CSV strings and whole floats are accepted, unknown is None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
