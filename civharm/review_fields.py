"""The fields a reviewer may edit, with their types and limits: one check for every surface.

The CLI, the web form and the Python API hand the values of an edit here, raw text or
typed, before any review event is written: the append-only log must never hold a value
that cannot be stored (a column's type or length, on SQLite and PostgreSQL alike) or
replayed. Replay uses the same check to skip, and report, an invalid event that an older
version wrote, instead of stopping the project.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from civharm.errors import InvalidField
from civharm.extract.lexicon import load_rules

# No single incident kills or injures more: a larger figure is a typo (and would overflow
# the 32-bit integer columns of PostgreSQL).
MAX_COUNT = 1_000_000
MAX_TEXT = 200  # a place, a province, a perpetrator
MAX_NOTES = 2000
MAX_ITEMS = 20  # weapons, targets
EARLIEST = dt.date(1900, 1, 1)
DATE_PRECISIONS = ("day", "week", "month", "year", "unknown")
GEO_PRECISIONS = ("point", "town", "admin2", "admin1", "country")
# Pairs that must stay in order: low <= high.
ORDERED = (
    ("killed_min", "killed_max"),
    ("injured_min", "injured_max"),
    ("casualties_min", "casualties_max"),
    ("date", "date_end"),
)


@cache
def event_types() -> tuple[str, ...]:
    """The kinds of event extraction assigns (rules/lexicon.toml [events])."""
    return tuple(load_rules("lexicon.toml")["events"])


@cache
def victim_kinds() -> tuple[str, ...]:
    """Civilians, military, unknown: the labels of rules/lexicon.toml [victims]."""
    return tuple(load_rules("lexicon.toml")["victims"])


def _shown(value: Any) -> str:
    """A value for an error message, cut short: it may be a whole pasted paragraph."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip().lower() in ("", "null"))


def _count(name: str, value: Any) -> int:
    number = value
    if isinstance(value, str):
        try:
            number = json.loads(value.strip())
        except json.JSONDecodeError:
            number = None
    if isinstance(number, float) and math.isfinite(number) and number.is_integer():
        number = int(number)
    if not isinstance(number, int) or isinstance(number, bool):
        raise InvalidField(name, f"needs a whole number, not {_shown(value)}")
    if not 0 <= number <= MAX_COUNT:
        raise InvalidField(name, f"must be from 0 to {MAX_COUNT:,}, not {number}")
    return number


def _coordinate(limit: float) -> Callable[[str, Any], float]:
    def check(name: str, value: Any) -> float:
        try:
            if isinstance(value, bool):
                raise ValueError
            number = float(value.strip() if isinstance(value, str) else value)
        except (TypeError, ValueError):
            raise InvalidField(name, f"needs a number of degrees, not {_shown(value)}") from None
        if not math.isfinite(number) or abs(number) > limit:
            raise InvalidField(name, f"must be from -{limit:g} to {limit:g}, not {_shown(value)}")
        return number

    return check


def _date(name: str, value: Any) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidField(name, f"needs a date as YYYY-MM-DD, not {_shown(value)}") from None
    latest = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)
    if not EARLIEST <= day <= latest:
        raise InvalidField(name, f"must be from {EARLIEST} to today, not {day}")
    return day.isoformat()


def _text(limit: int) -> Callable[[str, Any], str]:
    def check(name: str, value: Any) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)  # a number given from Python: kept as the text it reads
        if not isinstance(value, str):
            raise InvalidField(name, f"needs text, not {_shown(value)}")
        text = value.strip()
        if len(text) > limit:
            raise InvalidField(name, f"is at most {limit} characters, not {len(text)}")
        return text

    return check


def _choice(choices: Callable[[], tuple[str, ...]]) -> Callable[[str, Any], str]:
    def check(name: str, value: Any) -> str:
        text = str(value).strip().lower()
        if text not in choices():
            raise InvalidField(name, f"must be one of {', '.join(choices())}, not {_shown(value)}")
        return text

    return check


def _country(name: str, value: Any) -> str:
    code = str(value).strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise InvalidField(
            name, f"needs a two-letter ISO 3166 country code (SY), not {_shown(value)}"
        )
    return code


def _items(name: str, value: Any) -> list[str]:
    items = value
    if isinstance(value, str):
        try:
            items = json.loads(value)
        except json.JSONDecodeError:
            items = [part for part in value.split(",") if part.strip()]
        if isinstance(items, str):
            items = [items]
    if not isinstance(items, list | tuple):
        raise InvalidField(name, f"needs a list of words, not {_shown(value)}")
    if len(items) > MAX_ITEMS:
        raise InvalidField(name, f"holds at most {MAX_ITEMS} items, not {len(items)}")
    out = [_text(80)(name, item) for item in items]
    if not all(out):
        raise InvalidField(name, "has an empty item")
    return list(dict.fromkeys(out))


_COUNT_FIELDS = (
    "killed_min", "killed_max", "injured_min", "injured_max", "casualties_min",
    "casualties_max", "children_killed", "women_killed",
)  # fmt: skip
# Each editable field and the function that reads and checks its value.
FIELDS: dict[str, Callable[[str, Any], Any]] = {
    "event_type": _choice(event_types),
    "date": _date,
    "date_end": _date,
    "date_precision": _choice(lambda: DATE_PRECISIONS),
    "place": _text(MAX_TEXT),
    "place_mentioned": _text(MAX_TEXT),
    "admin1": _text(MAX_TEXT),
    "country": _country,
    "lat": _coordinate(90),
    "lon": _coordinate(180),
    "geo_precision": _choice(lambda: GEO_PRECISIONS),
    "perpetrator": _text(MAX_TEXT),
    "victims": _choice(victim_kinds),
    **dict.fromkeys(_COUNT_FIELDS, _count),
    "weapons": _items,
    "targets": _items,
    "notes": _text(MAX_NOTES),
}
EDITABLE = tuple(FIELDS)


def clean_edit(values: Mapping[str, Any]) -> dict[str, Any]:
    """The values of one edit, typed and checked; `InvalidField` names the first bad one.

    Text as typed on the command line or in a form is read by the field's type ("12",
    "null", "Grad, mortar"); blank or "null" means unknown (an empty list for lists).
    """
    if not values:
        raise InvalidField("fields", "an edit needs at least one field=value")
    unknown = [name for name in values if name not in FIELDS]
    if unknown:
        editable = ", ".join(EDITABLE)
        raise InvalidField(unknown[0], f"cannot be edited; editable: {editable}")
    out: dict[str, Any] = {}
    for name, value in values.items():
        if _blank(value):
            out[name] = [] if FIELDS[name] is _items else None
        else:
            out[name] = FIELDS[name](name, value)
    check_order(out)
    return out


def check_order(record: Mapping[str, Any], *, touched: Mapping[str, Any] | None = None) -> None:
    """Lows no higher than highs (killed_min <= killed_max, date <= date_end).

    With `touched`, only the pairs the edit changes are checked, so an edit is never
    refused for figures it leaves as extraction found them.
    """
    for low, high in ORDERED:
        if touched is not None and low not in touched and high not in touched:
            continue
        a, b = record.get(low), record.get(high)
        if a is None or b is None:
            continue
        if low == "date":
            wrong, word = str(a) > str(b), "after"  # ISO dates sort as text
        else:
            wrong, word = _number(a) > _number(b), "more than"
        if wrong:
            name = high if touched is not None and low not in touched else low
            raise InvalidField(name, f"{low} {a} is {word} {high} {b}")


def _number(value: Any) -> float:
    """A figure as a number; anything else (a value an old version stored) never compares."""
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return float(value) if ok else math.nan
