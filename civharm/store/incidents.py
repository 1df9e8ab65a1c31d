"""Incidents: the mentions merging reads, the incidents it writes, and `incident_index`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa

from civharm.errors import NotFound
from civharm.stages.blocks import Where
from civharm.stages.merge import CELL, LINKED_PRECISIONS
from civharm.store import tables as t
from civharm.store.base import StoreBase, jsonable, now
from civharm.store.engine import write
from civharm.store.search import fold


def index_row(
    incident_id: str, record: dict[str, Any], *, status: str, updated: dt.datetime
) -> dict[str, Any]:
    """An incident's row in `incident_index`: its filter fields and its text for searching."""
    return {
        "id": incident_id,
        "status": status,
        "grade": record.get("grade"),
        "updated": updated,
        **_incident_columns(record),
    }


def _incident_columns(record: dict[str, Any]) -> dict[str, Any]:
    """The indexed copies of an incident's fields, and its text for searching."""
    date = record.get("date")
    words = [
        record.get("place"), record.get("place_mentioned"), record.get("admin1"),
        record.get("perpetrator"), record.get("event_type"), *(record.get("claimants") or []),
        *(source.get("quote") or "" for source in record.get("sources") or []),
    ]  # fmt: skip
    return {
        "date": dt.date.fromisoformat(str(date)) if date else None,
        "place": fold(
            " / ".join(str(p) for p in (record.get("place"), record.get("place_mentioned")) if p)
        ),
        "admin1": record.get("admin1"),
        "country": record.get("country"),
        "perpetrator": record.get("perpetrator"),
        "victims": record.get("victims"),
        "killed_min": record.get("killed_min"),
        "killed_max": record.get("killed_max"),
        "lat": record.get("lat"),
        "lon": record.get("lon"),
        "geo_precision": record.get("geo_precision"),
        "search": fold(" ".join(str(w) for w in words if w)),
    }


_SLICE = 500
"""Mentions read per query, or per fetch of a stream."""

_AREAS = 100
"""Places looked around per query for nearby incidents."""

_PLACE = (
    "id", "incident_id", "admin1", "country", "lat", "lon", "geo_precision",
    "place_mentioned", "date", "date_end",
)  # fmt: skip


def _chosen(
    query: sa.Select[Any],
    *,
    admin1s: Iterable[str | None] | None = None,
    incident_ids: Iterable[str] | None = None,
    article_ids: Iterable[int] | None = None,
    unresolved: bool = False,
) -> sa.Select[Any]:
    """`query` (of mentions joined to their articles) narrowed to the mentions asked for."""
    m, a = t.mentions, t.articles
    if admin1s is not None:
        query = query.where(m.c.admin1.in_([x for x in admin1s if x]))
    if incident_ids is not None:
        query = query.where(m.c.incident_id.in_(list(incident_ids)))
    if article_ids is not None:
        query = query.where(m.c.article_id.in_(list(article_ids)))
    if unresolved:
        # the mentions `merge.linkable` takes: placed at a town or a province (a town the
        # gazetteer files under no province among them), or named where it has no entry
        named_only = sa.and_(m.c.lat.is_(None), m.c.place_mentioned.is_not(None))
        placed = sa.and_(m.c.lat.is_not(None), m.c.geo_precision.in_(LINKED_PRECISIONS))
        query = query.where(
            m.c.incident_id.is_(None),
            a.c.story_id.is_not(None),
            sa.or_(placed, named_only),
        )
    return query


class IncidentStore(StoreBase):
    """What merging reads and writes; incidents read whole."""

    def mention_rows(
        self,
        *,
        admin1s: Iterable[str | None] | None = None,
        incident_ids: Iterable[str] | None = None,
        unresolved: bool = False,
        ids: Sequence[int] | None = None,
    ) -> list[dict[str, Any]]:
        """Mentions with what merging needs: their article, story, source and quote.

        All of them, or those of some provinces, of some incidents, with some ids, or
        not yet resolved. Unresolved ones wait until their article is in a story: one
        stored by another process after this one grouped the stories is left to that
        process's resolve.
        """
        m, a, d = t.mentions, t.articles, t.documents
        query = (
            sa.select(
                m,
                a.c.story_id,
                a.c.outlet,
                a.c.title,
                a.c.published,
                d.c.doc_id,
                sa.func.substr(d.c.text, m.c.start + 1, m.c.end - m.c.start).label("quote"),
            )
            .join(a, a.c.id == m.c.article_id)
            .join(d, d.c.sha256 == a.c.document_sha256)
            .order_by(m.c.id)
        )
        query = _chosen(query, admin1s=admin1s, incident_ids=incident_ids, unresolved=unresolved)
        with self.engine.connect() as conn:
            if ids is None:
                return [dict(row) for row in conn.execute(query).mappings().all()]
            # In slices, ascending: an IN list as long as a large block exceeds SQL limits.
            rows = []
            for at in range(0, len(ids), _SLICE):
                chosen = query.where(m.c.id.in_(list(ids[at : at + _SLICE])))
                rows += [dict(row) for row in conn.execute(chosen).mappings().all()]
            return rows

    def mention_places(
        self,
        *,
        incident_ids: Iterable[str] | None = None,
        article_ids: Iterable[int] | None = None,
        unresolved: bool = False,
    ) -> Iterator[dict[str, Any]]:
        """Where and when mentions are, by id, read as a stream: what blocking needs
        (`civharm.stages.blocks.footprint`) without their articles, quotes or figures."""
        m, a = t.mentions, t.articles
        query = (
            sa.select(*(m.c[name] for name in (*_PLACE, "data")))
            .join(a, a.c.id == m.c.article_id)
            .order_by(m.c.id)
        )
        query = _chosen(
            query, incident_ids=incident_ids, article_ids=article_ids, unresolved=unresolved
        )
        with self.engine.connect() as conn:
            for row in conn.execution_options(yield_per=_SLICE).execute(query).mappings():
                yield {
                    **{name: row[name] for name in _PLACE},
                    "date_hint": (row["data"] or {}).get("date_hint"),
                }

    def incidents_near(self, places: Iterable[Where], *, reach: int = 3) -> set[str]:
        """Stored incidents standing within `reach` map cells of these places (for a place
        the gazetteer lacks, every incident of its country that is off the map).

        An incident stands where `merge.build` put it, a few kilometres at most from each
        of its mentions, so this finds every incident that has a mention a block around
        these places could hold; blocking keeps those that can really meet them.
        """
        i = t.incident_index
        areas: list[sa.ColumnElement[bool]] = []
        for where in set(places):
            country = i.c.country.is_(None) if where[1] is None else i.c.country == where[1]
            if where[0] == "name":
                areas.append(sa.and_(i.c.lat.is_(None), country))
                continue
            x, y = where[2], where[3]
            areas.append(
                sa.and_(
                    i.c.lat.between((y - reach) * CELL, (y + reach + 1) * CELL),
                    i.c.lon.between((x - reach) * CELL, (x + reach + 1) * CELL),
                    country,
                )
            )
        found: set[str] = set()
        with self.engine.connect() as conn:
            for at in range(0, len(areas), _AREAS):
                query = sa.select(i.c.id).where(sa.or_(*areas[at : at + _AREAS]))
                found.update(conn.execute(query).scalars())
        return found

    def save_incidents(
        self,
        records: dict[str, dict[str, Any]],
        members: dict[str, list[int]],
        *,
        unlinked: list[int],
        previous: set[str],
    ) -> None:
        """Write resolved incidents and their mentions in one transaction; incidents of the
        resolved area that lost every mention are removed unless a reviewer touched them."""
        stamp = now()
        with write(self.engine) as conn:
            i = t.incidents
            stored = {
                row[0]: row[1:]
                for row in conn.execute(
                    sa.select(i.c.id, i.c.status, i.c.grade, i.c.data, i.c.updated).where(
                        i.c.id.in_(list(records))
                    )
                )
            }
            existing = set(stored)
            incident_rows, index_rows, links = [], [], []
            for incident_id, record in records.items():
                status = record.pop("status", "machine")
                data = jsonable(record)
                # `updated` is when the incident last changed (exports' `since`): writing
                # it again unchanged, as re-resolving an area does, keeps its time.
                old = stored.get(incident_id)
                same = old is not None and old[:3] == (status, record.get("grade"), data)
                updated = old[3] if old is not None and same else stamp
                incident_rows.append(
                    {
                        "b_id": incident_id,
                        "status": status,
                        "grade": record.get("grade"),
                        "data": data,
                        "updated": updated,
                        "created": stamp,
                    }
                )
                index_rows.append(index_row(incident_id, record, status=status, updated=updated))
                links += [{"b_id": m, "incident_id": incident_id} for m in members[incident_id]]
            if existing:
                conn.execute(
                    t.incidents.update()
                    .where(t.incidents.c.id == sa.bindparam("b_id"))
                    .values(
                        status=sa.bindparam("status"),
                        grade=sa.bindparam("grade"),
                        data=sa.bindparam("data"),
                        updated=sa.bindparam("updated"),
                    ),
                    [row for row in incident_rows if row["b_id"] in existing],
                )
            fresh = [
                {**{k: v for k, v in row.items() if k != "b_id"}, "id": row["b_id"]}
                for row in incident_rows
                if row["b_id"] not in existing
            ]
            if fresh:
                conn.execute(t.incidents.insert(), fresh)
            if records:
                conn.execute(
                    t.incident_index.delete().where(t.incident_index.c.id.in_(list(records)))
                )
                conn.execute(t.incident_index.insert(), index_rows)
            if links:
                conn.execute(
                    t.mentions.update()
                    .where(t.mentions.c.id == sa.bindparam("b_id"))
                    .values(incident_id=sa.bindparam("incident_id")),
                    links,
                )
            if unlinked:
                conn.execute(
                    t.mentions.update()
                    .where(t.mentions.c.id.in_(unlinked))
                    .values(incident_id=None)
                )
            if not previous:  # placing new mentions removes nothing: skip reading the log
                return
            log = conn.execute(
                sa.select(t.review_events.c.incident_id, t.review_events.c.action)
            ).all()
            merged_away = {incident for incident, action in log if action == "merge"}
            reviewed = {incident for incident, _ in log} - merged_away
            gone = previous - set(records) - reviewed
            if gone:
                conn.execute(t.incident_index.delete().where(t.incident_index.c.id.in_(gone)))
                conn.execute(t.incidents.delete().where(t.incidents.c.id.in_(gone)))

    def incident(self, incident_id: str) -> dict[str, Any]:
        with self.engine.connect() as conn:
            row = (
                conn.execute(sa.select(t.incidents).where(t.incidents.c.id == incident_id))
                .mappings()
                .first()
            )
            if row is None:
                raise NotFound(f"no incident {incident_id}")
            keys = list(
                conn.execute(
                    sa.select(t.mentions.c.key).where(t.mentions.c.incident_id == incident_id)
                ).scalars()
            )
        return {**dict(row), "mention_keys": keys}

    def incidents(self) -> Iterator[dict[str, Any]]:
        with self.engine.connect() as conn:
            for row in conn.execute(sa.select(t.incidents).order_by(t.incidents.c.id)).mappings():
                yield dict(row)
