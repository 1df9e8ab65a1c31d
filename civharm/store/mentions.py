"""Mentions and aggregate claims: their rows, written with their document, and read back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from civharm.model import Aggregate, Article, Mention
from civharm.store import tables as t
from civharm.store.base import StoreBase


def article_ids(conn: Connection, sha256: str) -> dict[int, int]:
    """A document's article ids by ordinal."""
    query = sa.select(t.articles.c.ordinal, t.articles.c.id).where(
        t.articles.c.document_sha256 == sha256
    )
    return {row[0]: row[1] for row in conn.execute(query).all()}


def insert_mentions(
    conn: Connection,
    sha256: str,
    articles: list[Article],
    mentions: list[list[Mention]],
    version: str,
) -> None:
    """Insert the mentions of a document's articles (the articles are stored already)."""
    if not any(mentions):
        return
    ids = article_ids(conn, sha256)
    rows = [
        mention_row(ids[article.ordinal], mention, version, sha256)
        for article, found in zip(articles, mentions, strict=True)
        for mention in found
    ]
    conn.execute(t.mentions.insert(), rows)


def insert_aggregates(
    conn: Connection,
    sha256: str,
    articles: list[Article],
    aggregates: list[list[Aggregate]],
    version: str,
) -> None:
    """Insert the aggregate claims of a document's articles (stored already)."""
    if not any(aggregates):
        return
    ids = article_ids(conn, sha256)
    rows = [
        {
            "article_id": ids[article.ordinal],
            "ordinal": claim.ordinal,
            "data": aggregate_data(claim),
            "start": claim.evidence[0].start,
            "end": claim.evidence[0].end,
            "extractor_version": version,
        }
        for article, found in zip(articles, aggregates, strict=True)
        for claim in found
    ]
    conn.execute(t.aggregates.insert(), rows)


def aggregate_data(claim: Aggregate) -> dict[str, Any]:
    """An aggregate claim's figures and context, as stored in its JSON `data`."""
    return {
        "killed_min": claim.killed.min,
        "killed_max": claim.killed.max,
        "injured_min": claim.injured.min,
        "injured_max": claim.injured.max,
        "casualties_min": claim.casualties.min,
        "casualties_max": claim.casualties.max,
        "victims": claim.victims,
        "period": claim.period,
        "area": claim.area,
        "claimants": list(claim.claimants),
    }


def mention_row(
    article_id: int, m: Mention, version: str, document_sha256: str = ""
) -> dict[str, Any]:
    """A mention as a row: indexed columns, and the rest as JSON in `data`."""
    first = m.evidence[0]
    return {
        "article_id": article_id,
        "ordinal": m.ordinal,
        "event_type": m.event_type,
        "date": m.date,
        "date_end": m.date_end,
        "date_precision": m.date_precision,
        "place": m.place.name,
        "place_mentioned": m.place.mentioned,
        "admin1": m.place.admin1,
        "country": m.place.country,
        "lat": m.place.lat,
        "lon": m.place.lon,
        "geo_precision": m.place.precision,
        "start": first.start,
        "end": first.end,
        "extractor_version": version,
        "key": f"{document_sha256}:{first.start}",
        "data": {
            "place_id": m.place.gazetteer_id,
            "date_hint": m.date_hint,
            "perpetrator": m.perpetrator,
            "suspected": list(m.suspected),
            "victims": m.victims,
            "killed_min": m.killed.min,
            "killed_max": m.killed.max,
            "injured_min": m.injured.min,
            "injured_max": m.injured.max,
            "casualties_min": m.casualties.min,
            "casualties_max": m.casualties.max,
            "children_killed": m.children_killed,
            "women_killed": m.women_killed,
            "vague": list(m.vague),
            "weapons": list(m.weapons),
            "targets": list(m.targets),
            "claimants": list(m.claimants),
            "hedges": list(m.hedges),
            "contested": list(m.contested),
            "evidence": [[span.start, span.end] for span in m.evidence],
            "acknowledged": m.acknowledged,
        },
    }


class MentionStore(StoreBase):
    """Reading mentions and aggregate claims with their article and document."""

    def mentions(
        self, *, incident: str | None = None, limit: int | None = None, offset: int = 0
    ) -> Iterator[dict[str, Any]]:
        """Mentions in the order they were stored, of one incident or all."""
        query = (
            sa.select(
                t.mentions,
                t.articles.c.title.label("article_title"),
                t.articles.c.outlet,
                t.documents.c.doc_id,
                t.documents.c.text.label("document_text"),
            )
            .join(t.articles, t.articles.c.id == t.mentions.c.article_id)
            .join(t.documents, t.documents.c.sha256 == t.articles.c.document_sha256)
            .order_by(t.mentions.c.id)
            .limit(limit)
            .offset(offset)
        )
        if incident is not None:
            query = query.where(t.mentions.c.incident_id == incident)
        with self.engine.connect() as conn:
            for row in conn.execute(query).mappings():
                yield dict(row)

    def mention_count(self, *, incident: str | None = None) -> int:
        query = sa.select(sa.func.count()).select_from(t.mentions)
        if incident is not None:
            query = query.where(t.mentions.c.incident_id == incident)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def aggregates(
        self, *, document: str | None = None, limit: int | None = None, offset: int = 0
    ) -> Iterator[dict[str, Any]]:
        """Aggregate claims with their article and document, of one document or all."""
        query = (
            sa.select(
                t.aggregates,
                t.articles.c.title.label("article_title"),
                t.articles.c.outlet,
                t.articles.c.published,
                t.documents.c.doc_id,
                t.documents.c.sha256,
                sa.func.substr(
                    t.documents.c.text,
                    t.aggregates.c.start + 1,
                    t.aggregates.c.end - t.aggregates.c.start,
                ).label("quote"),
            )
            .join(t.articles, t.articles.c.id == t.aggregates.c.article_id)
            .join(t.documents, t.documents.c.sha256 == t.articles.c.document_sha256)
            .order_by(t.aggregates.c.id)
            .limit(limit)
            .offset(offset)
        )
        if document is not None:
            query = query.where(t.documents.c.sha256 == document)
        with self.engine.connect() as conn:
            for row in conn.execute(query).mappings():
                yield dict(row)

    def document_spans(self, sha256: str) -> list[dict[str, Any]]:
        """Every mention's evidence in one document, with the incident it belongs to."""
        query = (
            sa.select(t.mentions.c.id, t.mentions.c.incident_id, t.mentions.c.data)
            .join(t.articles, t.articles.c.id == t.mentions.c.article_id)
            .where(t.articles.c.document_sha256 == sha256)
        )
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings().all()]
