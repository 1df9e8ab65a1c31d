"""The incident filters as text: one reading for the pages, the exports, the JSON API and
the CLI, and the way back to a query string for links that keep them.

A value a filter cannot take is refused with `InvalidField` naming the parameter, never
read as "no filter": an export that quietly dropped `grade=contestd` would publish
everything.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from urllib.parse import urlencode

from civharm.errors import InvalidField
from civharm.review import GRADES, STATUSES
from civharm.store.search import IncidentFilters

VICTIMS = ("civilians", "military", "unknown")

# Every filter by its parameter name, with its help: the API's documentation and the
# CLI's --help (and so docs/cli-reference.md) say the same.
FILTERS: dict[str, str] = {
    "q": "Words anywhere in the place, perpetrator, claimants or quoted sentences.",
    "date_from": "Dated on or after this day (YYYY-MM-DD).",
    "date_to": "Dated on or before this day (YYYY-MM-DD).",
    "place": 'Place name, with or without diacritics: "Hajin" finds "Hajīn".',
    "admin1": "Province, as stored.",
    "country": "ISO 3166-1 alpha-2 code, such as SY.",
    "perpetrator": "Alleged perpetrator, as stored.",
    "victims": " | ".join(VICTIMS),
    "grade": " | ".join(GRADES),
    "status": " | ".join(STATUSES),
    "dated": "yes: only incidents with a date; no: only undated ones.",
    "since": (
        "Changed after this time: an ISO 8601 day or time (UTC unless it says otherwise) "
        "or Unix seconds, as ACLED's `timestamp`."
    ),
    "bbox": (
        "Inside west,south,east,north in degrees (the map's view); west > east crosses the "
        "antimeridian, as in GeoJSON."
    ),
}


def parse_filters(values: Mapping[str, object]) -> IncidentFilters:
    """Filters from the values given by parameter name; empty or absent ones are no filter
    and names that are not filters (`sort`, `page`) are left alone."""

    def text(name: str) -> str | None:
        value = values.get(name)
        return str(value).strip() or None if value is not None else None

    country = text("country")
    if country and not (len(country) == 2 and country.isascii() and country.isalpha()):
        raise InvalidField("country", f"an ISO 3166-1 alpha-2 code such as SY, not {country!r}")
    return IncidentFilters(
        date_from=_day("date_from", text("date_from")),
        date_to=_day("date_to", text("date_to")),
        place=text("place"),
        admin1=text("admin1"),
        country=country.upper() if country else None,
        perpetrator=text("perpetrator"),
        victims=_one_of("victims", text("victims"), VICTIMS),
        grade=_one_of("grade", text("grade"), GRADES),
        status=_one_of("status", text("status"), STATUSES),
        q=text("q"),
        dated=_yes_no("dated", text("dated")),
        since=_moment(text("since")),
        bbox=_box(text("bbox")),
    )


def filter_query(filters: IncidentFilters) -> str:
    """The query string that gives these filters back: for links between the list, the
    map, the timeline and the exports."""
    pairs: dict[str, object] = {
        "q": filters.q,
        "date_from": filters.date_from,
        "date_to": filters.date_to,
        "place": filters.place,
        "admin1": filters.admin1,
        "country": filters.country,
        "perpetrator": filters.perpetrator,
        "victims": filters.victims,
        "grade": filters.grade,
        "status": filters.status,
        "dated": None if filters.dated is None else "yes" if filters.dated else "no",
        "since": filters.since.isoformat() if filters.since else None,
        "bbox": ",".join(str(v) for v in filters.bbox) if filters.bbox else None,
    }
    return urlencode({k: str(v) for k, v in pairs.items() if v is not None})


def _one_of(name: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    if value is not None and value not in allowed:
        raise InvalidField(name, f"one of {', '.join(allowed)}, not {value!r}")
    return value


def _yes_no(name: str, value: str | None) -> bool | None:
    return None if _one_of(name, value, ("yes", "no")) is None else value == "yes"


def _day(name: str, value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise InvalidField(name, f"a day as YYYY-MM-DD, not {value!r}") from None


def _moment(value: str | None) -> dt.datetime | None:
    """An aware time: Unix seconds, or ISO 8601 read as UTC when it gives no offset."""
    if value is None:
        return None
    try:
        moment = (
            dt.datetime.fromtimestamp(int(value), dt.UTC)
            if value.isdigit()
            else dt.datetime.fromisoformat(value)
        )
    except (ValueError, OverflowError, OSError):
        raise InvalidField(
            "since", f"an ISO 8601 day or time, or Unix seconds, not {value!r}"
        ) from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:  # within a day of year 1 or 9999, with an offset past it
        return (dt.datetime.min if moment.year == 1 else dt.datetime.max).replace(tzinfo=dt.UTC)


def _box(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError:
        raise InvalidField("bbox", f"four numbers west,south,east,north, not {value!r}") from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise InvalidField("bbox", f"four finite numbers, not {value!r}")
    return west, south, east, north
