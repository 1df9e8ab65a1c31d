"""`Store`: the database behind a project. Saves and reads rows; holds no business rules.

Each document is written in one transaction with its articles and custody line, so an
interrupted ingest leaves every document either fully stored or absent.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from civharm.errors import DatabaseError, NotFound
from civharm.model import Article, Mention, SourceDocument
from civharm.store import tables as t

_MIGRATIONS = Path(__file__).parent / "migrations"


def normalise_url(url: str) -> str:
    """Accept a bare file path for SQLite and plain `postgresql://` for psycopg 3."""
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Store:
    """A migrated database. Use as a context manager so the engine is always disposed."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    # -- evidence and documents ------------------------------------------------------

    def has_document(self, sha256: str) -> bool:
        with self.engine.connect() as conn:
            query = sa.select(t.documents.c.sha256).where(t.documents.c.sha256 == sha256)
            return conn.execute(query).first() is not None

    @staticmethod
    def _ensure_blob(conn: Connection, sha256: str, size: int, media_type: str) -> None:
        found = conn.execute(sa.select(t.blobs.c.sha256).where(t.blobs.c.sha256 == sha256))
        if found.first() is None:
            conn.execute(
                t.blobs.insert().values(
                    sha256=sha256, size=size, media_type=media_type, first_seen=_now()
                )
            )

    @staticmethod
    def _custody(
        conn: Connection, sha256: str, origin: str, user: str, version: str, action: str
    ) -> None:
        conn.execute(
            t.custody.insert().values(
                sha256=sha256,
                at=_now(),
                action=action,
                origin=origin,
                user=user,
                civharm_version=version,
            )
        )

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
        user: str,
        version: str,
        processed_by: dict[str, str],
        defaults: tuple[dt.date | None, str | None] = (None, None),
    ) -> bool:
        """Store a document with its articles; a known document only gets a custody line.

        Returns True when the document is new.
        """
        with self.engine.begin() as conn:
            if container_sha256 is not None and doc.container is not None:
                self._ensure_blob(
                    conn,
                    container_sha256,
                    len(doc.container),
                    container_media_type or "application/octet-stream",
                )
            known = conn.execute(
                sa.select(t.documents.c.sha256).where(t.documents.c.sha256 == sha256)
            ).first()
            if known is not None:
                self._custody(conn, sha256, origin, user, version, "ingest-again")
                return False
            self._ensure_blob(conn, sha256, len(doc.data), doc.media_type)
            meta = doc.metadata
            conn.execute(
                t.documents.insert().values(
                    sha256=sha256,
                    doc_id=doc.doc_id,
                    container_sha256=container_sha256,
                    origin=origin,
                    media_type=doc.media_type,
                    size=len(doc.data),
                    text=doc.text,
                    structure={
                        "headings": [asdict(h) for h in doc.structure.headings],
                        "breaks": list(doc.structure.breaks),
                    },
                    title=meta.title,
                    author=meta.author,
                    outlet=meta.outlet,
                    published=meta.published,
                    url=meta.url,
                    captured=meta.captured,
                    first_seen=_now(),
                    processed_by=processed_by,
                    default_published=defaults[0],
                    default_outlet=defaults[1],
                )
            )
            if articles:
                conn.execute(
                    t.articles.insert(),
                    [self._article_row(sha256, a) for a in articles],
                )
            self._insert_mentions(
                conn, sha256, articles, mentions or [], processed_by.get("extract", "")
            )
            self._custody(conn, sha256, origin, user, version, "ingest")
            return True

    @staticmethod
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
        }

    def replace_processing(
        self,
        sha256: str,
        *,
        articles: list[Article],
        mentions: list[list[Mention]],
        processed_by: dict[str, str],
    ) -> None:
        """Swap a document's articles and mentions for new ones, in one transaction."""
        with self.engine.begin() as conn:
            old = sa.select(t.articles.c.id).where(t.articles.c.document_sha256 == sha256)
            conn.execute(t.mentions.delete().where(t.mentions.c.article_id.in_(old)))
            conn.execute(t.articles.delete().where(t.articles.c.document_sha256 == sha256))
            if articles:
                conn.execute(t.articles.insert(), [self._article_row(sha256, a) for a in articles])
            self._insert_mentions(conn, sha256, articles, mentions, processed_by.get("extract", ""))
            conn.execute(
                t.documents.update()
                .where(t.documents.c.sha256 == sha256)
                .values(processed_by=processed_by)
            )

    @staticmethod
    def _insert_mentions(
        conn: Connection,
        sha256: str,
        articles: list[Article],
        mentions: list[list[Mention]],
        version: str,
    ) -> None:
        if not any(mentions):
            return
        query = sa.select(t.articles.c.ordinal, t.articles.c.id).where(
            t.articles.c.document_sha256 == sha256
        )
        ids: dict[int, int] = {row[0]: row[1] for row in conn.execute(query).all()}
        rows = [
            mention_row(ids[article.ordinal], mention, version)
            for article, found in zip(articles, mentions, strict=True)
            for mention in found
        ]
        conn.execute(t.mentions.insert(), rows)

    def document_shas(self) -> list[str]:
        with self.engine.connect() as conn:
            query = sa.select(t.documents.c.sha256).order_by(
                t.documents.c.first_seen, t.documents.c.sha256
            )
            return list(conn.execute(query).scalars())

    def document(self, sha256: str) -> dict[str, Any]:
        """One document row, text and structure included."""
        with self.engine.connect() as conn:
            query = sa.select(t.documents).where(t.documents.c.sha256 == sha256)
            row = conn.execute(query).mappings().first()
        if row is None:
            raise NotFound(f"no document with sha256 {sha256}")
        return dict(row)

    def add_custody(
        self, sha256: str, *, origin: str, user: str, version: str, action: str
    ) -> None:
        with self.engine.begin() as conn:
            self._custody(conn, sha256, origin, user, version, action)

    # -- reading ------------------------------------------------------------------------

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

    def documents(self) -> Iterator[dict[str, Any]]:
        articles_per_doc = (
            sa.select(t.articles.c.document_sha256, sa.func.count().label("n"))
            .group_by(t.articles.c.document_sha256)
            .subquery()
        )
        query = (
            sa.select(t.documents, sa.func.coalesce(articles_per_doc.c.n, 0).label("n_articles"))
            .outerjoin(articles_per_doc, articles_per_doc.c.document_sha256 == t.documents.c.sha256)
            .order_by(t.documents.c.first_seen, t.documents.c.sha256)
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

    def mentions(self) -> Iterator[dict[str, Any]]:
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
        )
        with self.engine.connect() as conn:
            for row in conn.execute(query).mappings():
                yield dict(row)

    def incidents(self) -> Iterator[dict[str, Any]]:
        with self.engine.connect() as conn:
            for row in conn.execute(sa.select(t.incidents).order_by(t.incidents.c.id)).mappings():
                yield dict(row)


def mention_row(article_id: int, m: Mention, version: str) -> dict[str, Any]:
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
        "data": {
            "place_id": m.place.gazetteer_id,
            "date_hint": m.date_hint,
            "perpetrator": m.perpetrator,
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
        },
    }


def _migrate(engine: Engine) -> None:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    with engine.begin() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
        if current == set(script.get_heads()):
            return
        known = {rev.revision for rev in script.walk_revisions()}
        if not current <= known:
            raise DatabaseError(
                f"the database schema ({', '.join(sorted(current))}) is newer than this "
                f"civharm knows; upgrade civharm"
            )
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def open_store(url: str) -> Store:
    """Open (creating and migrating as needed) the database at `url`."""
    url = normalise_url(url)
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url[len("sqlite:///") :]).expanduser().parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = sa.create_engine(url)
    except (sa.exc.ArgumentError, ImportError) as exc:
        raise DatabaseError(f"cannot use database {url!r}: {exc}") from None
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        _migrate(engine)
    except sa.exc.OperationalError as exc:
        engine.dispose()
        raise DatabaseError(f"cannot open database {url!r}: {exc.orig}") from None
    except DatabaseError:
        engine.dispose()
        raise
    return Store(engine)
