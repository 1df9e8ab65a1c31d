"""The review app's queries: incidents filtered, sorted and paged, on a map and a timeline.

They read the narrow `incident_index`, never the incidents' large JSON, except for the
one page of incidents shown.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from civharm.store import tables as t
from civharm.store.base import StoreBase


@dataclass(frozen=True)
class IncidentFilters:
    """What the list, map, timeline and exports can be narrowed by; None means any.

    One definition for every surface, so that a filter set on one page means the same
    on the others and in an export (civharm.filters reads it from text).
    """

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    place: str | None = None
    admin1: str | None = None
    country: str | None = None
    perpetrator: str | None = None
    victims: str | None = None
    grade: str | None = None
    status: str | None = None
    q: str | None = None
    dated: bool | None = None  # True: only incidents with a date; False: only undated ones
    since: dt.datetime | None = None  # changed after this time (an aware datetime)
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north


def _incident_where(f: IncidentFilters, dialect: str) -> list[Any]:
    i = t.incident_index
    where: list[Any] = []
    if f.date_from:
        where.append(i.c.date >= f.date_from)
    if f.date_to:
        where.append(i.c.date <= f.date_to)
    if f.dated is not None:
        where.append(i.c.date.is_not(None) if f.dated else i.c.date.is_(None))
    if f.since:
        # SQLite keeps the UTC wall time without its offset: compare like with like.
        where.append(i.c.updated > f.since.astimezone(dt.UTC))
    if f.bbox:
        west, south, east, north = f.bbox
        # west > east: a box across the antimeridian (RFC 7946); south > north holds nothing
        lon = i.c.lon.between(west, east) if west <= east else (i.c.lon >= west) | (i.c.lon <= east)
        where += [i.c.lat.between(south, north), lon]
    for column, value in (
        (i.c.admin1, f.admin1), (i.c.country, f.country), (i.c.perpetrator, f.perpetrator),
        (i.c.victims, f.victims), (i.c.grade, f.grade), (i.c.status, f.status),
    ):  # fmt: skip
        if value:
            where.append(column == value)
    # Both go through folded text: "Hajin" finds "Hajīn".
    for word in fold(f.place or "").split():
        where.append(i.c.place.like(f"%{word}%"))
    if words := search_words(f.q or ""):
        where.append(_full_text(words, dialect))
    return where


def fold(text: str) -> str:
    """Lower case without diacritics, for searching."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# What both engines' tokenizers keep as a token: letters and digits; the rest separates.
_TOKEN = re.compile(r"[^\W_]+")

# The full-text index of `incident_index.search` (migration 0007): an FTS5 table on SQLite,
# a GIN index on this expression on PostgreSQL. Not in `tables.metadata`: neither is a table
# SQLAlchemy can describe.
_FTS = sa.table("incident_search", sa.column("id"), sa.column("search"))
_SIMPLE: sa.ColumnElement[str] = sa.literal_column("'simple'")


def search_words(q: str) -> list[list[str]]:
    """The words of a search, each as its tokens: "al-Bahra" is ["al", "bahra"].

    Only letters and digits are kept, so the user's text never reaches either engine's
    query syntax: quotes, `*`, `:`, `-` and parentheses separate tokens, and "AND", "OR",
    "NOT" or "NEAR" are words like any other. A word with neither letters nor digits is
    dropped; a search left with no words matches everything, as an empty one does.
    """
    return [tokens for word in fold(q).split() if (tokens := _TOKEN.findall(word))]


def _full_text(words: list[list[str]], dialect: str) -> Any:
    """Every word must match: its tokens side by side and in order, the last one as the
    start of a word. "Haj" finds "Hajin"; "al-Bah" finds "al-Bahra", not "Bahra al-…"."""
    i = t.incident_index
    if dialect == "postgresql":
        query = " & ".join(" <-> ".join(tokens) + ":*" for tokens in words)
        vector = sa.func.to_tsvector(_SIMPLE, i.c.search)  # the index's expression
        return vector.bool_op("@@")(sa.func.to_tsquery(_SIMPLE, query))
    query = " AND ".join(f'"{" ".join(tokens)}"*' for tokens in words)
    return i.c.id.in_(sa.select(_FTS.c.id).where(_FTS.c.search.match(query)))


class SearchStore(StoreBase):
    """Incidents as the review app lists, maps and charts them."""

    def list_incidents(
        self, filters: IncidentFilters, *, sort: str = "-date", page: int = 1, per_page: int = 50
    ) -> tuple[int, list[dict[str, Any]]]:
        """One page of incidents matching the filters, and how many match in all.

        The narrow `incident_index` is filtered, counted and sorted; only the page's
        incidents are then read whole.
        """
        x = t.incident_index
        where = _incident_where(filters, self.engine.dialect.name)
        column = {
            "date": x.c.date, "killed": x.c.killed_max, "place": x.c.place,
            "grade": x.c.grade, "status": x.c.status, "updated": x.c.updated,
        }.get(sort.lstrip("-"), x.c.date)  # fmt: skip
        descending = sort.startswith("-")
        orders = [column.desc().nulls_last() if descending else column.asc().nulls_last()]
        if sort.lstrip("-") == "killed":
            # by the lower bound, then the upper, an open upper bound ("at least 40") above
            # any stated one: "≥ 40" sorts above "6", not below it
            low = sa.func.coalesce(x.c.killed_min, x.c.killed_max)
            orders = (
                [low.desc().nulls_last(), x.c.killed_max.desc().nulls_first()]
                if descending
                else [low.asc().nulls_last(), x.c.killed_max.asc().nulls_last()]
            )
        ids = (
            sa.select(x.c.id)
            .where(*where)
            .order_by(*orders, x.c.id.desc() if descending else x.c.id)
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
        with self.engine.connect() as conn:
            total = conn.execute(
                sa.select(sa.func.count()).select_from(x).where(*where)
            ).scalar_one()
            chosen = list(conn.execute(ids).scalars())
            rows = {
                r["id"]: dict(r)
                for r in conn.execute(sa.select(t.incidents).where(t.incidents.c.id.in_(chosen)))
                .mappings()
                .all()
            }
        return total, [rows[i] for i in chosen if i in rows]

    def map_cells(
        self, filters: IncidentFilters, *, cell: float, bbox: tuple[float, float, float, float]
    ) -> list[dict[str, Any]]:
        """Incidents grouped into grid cells of `cell` degrees inside a bounding box."""
        x = t.incident_index
        west, south, east, north = bbox
        gx = sa.func.floor(x.c.lon / cell).label("gx")
        gy = sa.func.floor(x.c.lat / cell).label("gy")
        query = (
            sa.select(
                gx,
                gy,
                sa.func.count().label("n"),
                sa.func.avg(x.c.lat).label("lat"),
                sa.func.avg(x.c.lon).label("lon"),
                sa.func.sum(sa.func.coalesce(x.c.killed_min, 0)).label("killed"),
                sa.func.min(x.c.id).label("id"),
                sa.func.max(x.c.geo_precision).label("geo_precision"),
                # one grade for the cell only when all of its incidents have it
                sa.func.min(sa.func.coalesce(x.c.grade, "")).label("low"),
                sa.func.max(sa.func.coalesce(x.c.grade, "")).label("high"),
            )
            .where(
                *_incident_where(filters, self.engine.dialect.name),
                x.c.lat.between(south, north),
                x.c.lon.between(west, east),
            )
            .group_by(gx, gy)
        )
        with self.engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(query).mappings().all()]
        for row in rows:
            low, high = row.pop("low"), row.pop("high")
            row["grade"] = (low or None) if low == high else "mixed"
        return rows

    def incident_bounds(self, filters: IncidentFilters) -> tuple[float, float, float, float] | None:
        """West, south, east and north of the matching incidents that have a position: the
        view that shows them all. None when none has one."""
        x = t.incident_index
        query = sa.select(
            sa.func.min(x.c.lon), sa.func.min(x.c.lat), sa.func.max(x.c.lon), sa.func.max(x.c.lat)
        ).where(
            *_incident_where(filters, self.engine.dialect.name),
            x.c.lat.is_not(None),
            x.c.lon.is_not(None),
        )
        with self.engine.connect() as conn:
            west, south, east, north = conn.execute(query).one()
        if west is None:
            return None
        return float(west), float(south), float(east), float(north)

    def count_incidents(self, filters: IncidentFilters) -> int:
        x = t.incident_index
        query = sa.select(sa.func.count()).select_from(x)
        with self.engine.connect() as conn:
            count = conn.execute(
                query.where(*_incident_where(filters, self.engine.dialect.name))
            ).scalar_one()
        return int(count)

    def matching_incidents(self, filters: IncidentFilters) -> Iterator[dict[str, Any]]:
        """Every matching incident, whole, by id: read a slice at a time, so that an export
        of the whole archive never holds it in memory."""
        x = t.incident_index
        where = _incident_where(filters, self.engine.dialect.name)
        after = ""
        while True:
            with self.engine.connect() as conn:
                ids = list(
                    conn.execute(
                        sa.select(x.c.id).where(*where, x.c.id > after).order_by(x.c.id).limit(500)
                    ).scalars()
                )
                if not ids:
                    return
                query = sa.select(t.incidents).where(t.incidents.c.id.in_(ids))
                rows = {r["id"]: dict(r) for r in conn.execute(query).mappings()}
            yield from (rows[i] for i in ids if i in rows)
            after = ids[-1]

    def timeline(self, filters: IncidentFilters, *, period: str) -> list[dict[str, Any]]:
        """Incidents and killed per week or month, each with its first and last day (for a
        link to the list of its incidents)."""
        x = t.incident_index
        query = sa.select(x.c.date, x.c.killed_min).where(
            *_incident_where(filters, self.engine.dialect.name), x.c.date.is_not(None)
        )
        buckets: dict[str, dict[str, Any]] = {}
        with self.engine.connect() as conn:
            for day, killed in conn.execute(query):
                key = (
                    f"{day.year}-{day.month:02}"
                    if period == "month"
                    else (day - dt.timedelta(days=day.weekday())).isoformat()
                )
                if key not in buckets:
                    start, end = _period_days(day, period)
                    buckets[key] = {
                        "period": key, "start": start, "end": end, "incidents": 0, "killed": 0
                    }  # fmt: skip
                bucket = buckets[key]
                bucket["incidents"] += 1
                bucket["killed"] += killed or 0
        return [buckets[k] for k in sorted(buckets)]


def _period_days(day: dt.date, period: str) -> tuple[dt.date, dt.date]:
    """The first and last day of the month or the week (Monday to Sunday) of `day`."""
    if period == "month":
        start = day.replace(day=1)
        following = (start + dt.timedelta(days=32)).replace(day=1)
        return start, following - dt.timedelta(days=1)
    start = day - dt.timedelta(days=day.weekday())
    return start, start + dt.timedelta(days=6)
