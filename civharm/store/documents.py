"""Evidence and documents: blobs, the custody log, documents and their articles.

Each document is written in one transaction with its articles, mentions and custody
line, so an interrupted ingest leaves every document either fully stored or absent. Blobs
and documents are keyed by their sha256 and inserted with "on conflict do nothing": when
two processes ingest the same bytes, one stores them and the other adds a custody line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from civharm.errors import NotFound
from civharm.model import Aggregate, Article, Mention, SourceDocument
from civharm.store import tables as t
from civharm.store.base import StoreBase, now
from civharm.store.engine import insert_ignore, write
from civharm.store.mentions import insert_aggregates, insert_mentions


def _ensure_blob(conn: Connection, sha256: str, size: int, media_type: str) -> None:
    row = {"sha256": sha256, "size": size, "media_type": media_type, "first_seen": now()}
    insert_ignore(conn, t.blobs, row)


def _custody(
    conn: Connection, sha256: str, origin: str, user: str, version: str, action: str
) -> None:
    conn.execute(
        t.custody.insert().values(
            sha256=sha256,
            at=now(),
            action=action,
            origin=origin,
            user=user,
            civharm_version=version,
        )
    )


def _document_row(
    doc: SourceDocument,
    sha256: str,
    container_sha256: str | None,
    origin: str,
    processed_by: dict[str, str],
    defaults: tuple[dt.date | None, str | None],
) -> dict[str, Any]:
    meta = doc.metadata
    return {
        "sha256": sha256,
        "doc_id": doc.doc_id,
        "container_sha256": container_sha256,
        "origin": origin,
        "media_type": doc.media_type,
        "size": len(doc.data),
        "text": doc.text,
        "structure": {
            "headings": [asdict(h) for h in doc.structure.headings],
            "breaks": list(doc.structure.breaks),
        },
        "title": meta.title,
        "author": meta.author,
        "outlet": meta.outlet,
        "published": meta.published,
        "url": meta.url,
        "captured": meta.captured,
        "first_seen": now(),
        "processed_by": processed_by,
        "default_published": defaults[0],
        "default_outlet": defaults[1],
    }


def _article_row(sha256: str, a: Article) -> dict[str, Any]:
    return {
        "document_sha256": sha256,
        "ordinal": a.ordinal,
        "start": a.span.start,
        "end": a.span.end,
        "body_start": a.body.start,
        "body_end": a.body.end,
        "title": a.title,
        "byline": a.byline,
        "outlet": a.outlet,
        "published": a.published,
        "published_source": a.published_source,
        "dateline": a.dateline,
        "language": a.language,
        "text": a.text,
        "boilerplate": [[s.start, s.end] for s in a.boilerplate],
        "credit": a.credit,
    }


class DocumentStore(StoreBase):
    """Preserved inputs and what segmentation and extraction made of them."""

    def has_document(self, sha256: str) -> bool:
        with self.engine.connect() as conn:
            query = sa.select(t.documents.c.sha256).where(t.documents.c.sha256 == sha256)
            return conn.execute(query).first() is not None

    def save_document(
        self,
        doc: SourceDocument,
        *,
        sha256: str,
        container_sha256: str | None,
        container_media_type: str | None,
        origin: str,
        articles: list[Article],
        mentions: list[list[Mention]] | None = None,
        aggregates: list[list[Aggregate]] | None = None,
        user: str,
        version: str,
        processed_by: dict[str, str],
        defaults: tuple[dt.date | None, str | None] = (None, None),
    ) -> bool:
        """Store a document with its articles; a known document only gets a custody line.

        Returns True when the document is new (False also when another process stored
        the same bytes first).
        """
        with write(self.engine) as conn:
            if container_sha256 is not None and doc.container is not None:
                _ensure_blob(
                    conn,
                    container_sha256,
                    len(doc.container),
                    container_media_type or "application/octet-stream",
                )
            _ensure_blob(conn, sha256, len(doc.data), doc.media_type)
            row = _document_row(doc, sha256, container_sha256, origin, processed_by, defaults)
            if not insert_ignore(conn, t.documents, row):
                _custody(conn, sha256, origin, user, version, "ingest-again")
                return False
            if articles:
                conn.execute(t.articles.insert(), [_article_row(sha256, a) for a in articles])
            extractor = processed_by.get("extract", "")
            insert_mentions(conn, sha256, articles, mentions or [], extractor)
            insert_aggregates(conn, sha256, articles, aggregates or [], extractor)
            _custody(conn, sha256, origin, user, version, "ingest")
            return True

    def replace_processing(
        self,
        sha256: str,
        *,
        articles: list[Article],
        mentions: list[list[Mention]],
        aggregates: list[list[Aggregate]],
        processed_by: dict[str, str],
    ) -> None:
        """Swap a document's articles, mentions and aggregate claims for new ones, in one
        transaction."""
        with write(self.engine) as conn:
            old = sa.select(t.articles.c.id).where(t.articles.c.document_sha256 == sha256)
            kept = dict(
                conn.execute(
                    sa.select(t.mentions.c.key, t.mentions.c.incident_id).where(
                        t.mentions.c.article_id.in_(old)
                    )
                ).all()
            )
            for table in (
                t.article_signatures,
                t.article_bands,
                t.article_prints,
                t.aggregates,
            ):
                conn.execute(table.delete().where(table.c.article_id.in_(old)))
            conn.execute(t.mentions.delete().where(t.mentions.c.article_id.in_(old)))
            conn.execute(t.articles.delete().where(t.articles.c.document_sha256 == sha256))
            if articles:
                conn.execute(t.articles.insert(), [_article_row(sha256, a) for a in articles])
            version = processed_by.get("extract", "")
            insert_mentions(conn, sha256, articles, mentions, version)
            insert_aggregates(conn, sha256, articles, aggregates, version)
            for key, incident_id in kept.items():
                if incident_id is not None:
                    conn.execute(
                        t.mentions.update()
                        .where(t.mentions.c.key == key)
                        .values(incident_id=incident_id)
                    )
            conn.execute(
                t.documents.update()
                .where(t.documents.c.sha256 == sha256)
                .values(processed_by=processed_by)
            )

    def add_custody(
        self, sha256: str, *, origin: str, user: str, version: str, action: str
    ) -> None:
        with write(self.engine) as conn:
            _custody(conn, sha256, origin, user, version, action)

    # -- reading ------------------------------------------------------------------------

    def document_shas(self) -> list[str]:
        with self.engine.connect() as conn:
            query = sa.select(t.documents.c.sha256).order_by(
                t.documents.c.first_seen, t.documents.c.sha256
            )
            return list(conn.execute(query).scalars())

    def document_sha(self, doc_id: str | None) -> str | None:
        with self.engine.connect() as conn:
            query = sa.select(t.documents.c.sha256).where(t.documents.c.doc_id == doc_id)
            return conn.execute(query).scalars().first()

    def document(self, sha256: str) -> dict[str, Any]:
        """One document row, text and structure included."""
        with self.engine.connect() as conn:
            query = sa.select(t.documents).where(t.documents.c.sha256 == sha256)
            row = conn.execute(query).mappings().first()
        if row is None:
            raise NotFound(f"no document with sha256 {sha256}")
        return dict(row)

    def blobs(self) -> list[str]:
        with self.engine.connect() as conn:
            return list(
                conn.execute(sa.select(t.blobs.c.sha256).order_by(t.blobs.c.sha256)).scalars()
            )

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {
                table.name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                for table in (t.documents, t.articles, t.mentions, t.incidents, t.custody, t.blobs)
            }

    def documents(self, *, limit: int | None = None, offset: int = 0) -> Iterator[dict[str, Any]]:
        articles_per_doc = (
            sa.select(t.articles.c.document_sha256, sa.func.count().label("n"))
            .group_by(t.articles.c.document_sha256)
            .subquery()
        )
        query = (
            sa.select(t.documents, sa.func.coalesce(articles_per_doc.c.n, 0).label("n_articles"))
            .outerjoin(articles_per_doc, articles_per_doc.c.document_sha256 == t.documents.c.sha256)
            .order_by(t.documents.c.first_seen, t.documents.c.sha256)
            .limit(limit)
            .offset(offset)
        )
        with self.engine.connect() as conn:
            for row in conn.execute(query).mappings():
                yield dict(row)

    def articles(self) -> Iterator[dict[str, Any]]:
        query = (
            sa.select(t.articles, t.documents.c.doc_id)
            .join(t.documents, t.documents.c.sha256 == t.articles.c.document_sha256)
            .order_by(t.documents.c.first_seen, t.documents.c.sha256, t.articles.c.ordinal)
        )
        with self.engine.connect() as conn:
            for row in conn.execute(query).mappings():
                yield dict(row)

    def article_bounds(self, sha256: str, position: int) -> tuple[int, int] | None:
        """The span of the article of a document that holds a position."""
        a = t.articles
        query = sa.select(a.c.start, a.c.end).where(
            a.c.document_sha256 == sha256, a.c.start <= position, a.c.end >= position
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
            return (row[0], row[1]) if row else None

    def document_articles(self, sha256: str) -> list[dict[str, Any]]:
        """A document's articles in order, without their text: titles, outlets and dates."""
        a = t.articles
        query = (
            sa.select(a.c.id, a.c.ordinal, a.c.start, a.c.end, a.c.title, a.c.outlet)
            .add_columns(a.c.published, a.c.published_source, a.c.story_id)
            .where(a.c.document_sha256 == sha256)
            .order_by(a.c.ordinal)
        )
        with self.engine.connect() as conn:
            return [dict(row) for row in conn.execute(query).mappings()]
