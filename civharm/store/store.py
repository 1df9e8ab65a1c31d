"""`Store`: the database behind a project. Saves and reads rows; holds no business rules.

Each document is written in one transaction with its articles and custody line, so an
interrupted ingest leaves every document either fully stored or absent.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
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
from civharm.stages.syndication import MIN_PRINTS, Copy, Signature
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


def _jsonable(value: Any) -> Any:
    """Dates as ISO strings, so that JSON columns round-trip on every database."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


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
            "credit": a.credit,
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
            kept = dict(
                conn.execute(
                    sa.select(t.mentions.c.key, t.mentions.c.incident_id).where(
                        t.mentions.c.article_id.in_(old)
                    )
                ).all()
            )
            for table in (t.article_signatures, t.article_bands, t.article_prints):
                conn.execute(table.delete().where(table.c.article_id.in_(old)))
            conn.execute(t.mentions.delete().where(t.mentions.c.article_id.in_(old)))
            conn.execute(t.articles.delete().where(t.articles.c.document_sha256 == sha256))
            if articles:
                conn.execute(t.articles.insert(), [self._article_row(sha256, a) for a in articles])
            self._insert_mentions(conn, sha256, articles, mentions, processed_by.get("extract", ""))
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
            mention_row(ids[article.ordinal], mention, version, sha256)
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

    # -- syndication ------------------------------------------------------------------

    def articles_without_story(self) -> list[tuple[int, str, Signature | None]]:
        """Articles not yet placed in a story, with their signature if one was stored."""
        query = (
            sa.select(t.articles.c.id, t.articles.c.text, t.article_signatures.c.article_id)
            .outerjoin(t.article_signatures, t.article_signatures.c.article_id == t.articles.c.id)
            .where(t.articles.c.story_id.is_(None))
            .order_by(t.articles.c.id)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
            return [
                (row[0], row[1], self._signature(conn, row[0]) if row[2] is not None else None)
                for row in rows
            ]

    def save_signature(self, article_id: int, sig: Signature) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                t.article_signatures.insert().values(
                    article_id=article_id, minhash=sig.minhash, size=sig.size
                )
            )
            conn.execute(
                t.article_bands.insert(),
                [
                    {"band": b, "key": k, "article_id": article_id}
                    for b, k in enumerate(sig.band_keys)
                ],
            )
            if sig.prints:
                conn.execute(
                    t.article_prints.insert(),
                    [{"print": p, "article_id": article_id} for p in sig.prints],
                )

    def copy_candidates(self, article_id: int, sig: Signature) -> dict[int, Signature]:
        """Stored articles sharing an LSH band or most sampled fingerprints with `sig`."""
        bands = t.article_bands
        band_match = sa.or_(
            *[sa.and_(bands.c.band == b, bands.c.key == k) for b, k in enumerate(sig.band_keys)]
        )
        with self.engine.connect() as conn:
            ids = set(
                conn.execute(
                    sa.select(bands.c.article_id).where(
                        band_match, bands.c.article_id != article_id
                    )
                ).scalars()
            )
            if len(sig.prints) >= MIN_PRINTS:
                prints = t.article_prints
                need = max(MIN_PRINTS, int(len(sig.prints) * 0.5))
                shared = (
                    sa.select(prints.c.article_id)
                    .where(prints.c.print.in_(sig.prints), prints.c.article_id != article_id)
                    .group_by(prints.c.article_id)
                    .having(sa.func.count() >= need)
                )
                ids.update(conn.execute(shared).scalars())
            return {candidate: self._signature(conn, candidate) for candidate in sorted(ids)}

    @staticmethod
    def _signature(conn: Connection, article_id: int) -> Signature:
        row = conn.execute(
            sa.select(t.article_signatures).where(t.article_signatures.c.article_id == article_id)
        ).one()
        prints = tuple(
            conn.execute(
                sa.select(t.article_prints.c.print).where(
                    t.article_prints.c.article_id == article_id
                )
            ).scalars()
        )
        return Signature(row.minhash, (), tuple(sorted(prints)), row.size)

    def story_members(self, article_ids: Iterable[int]) -> dict[int, list[int]]:
        """The stories the given articles belong to, with all their members."""
        with self.engine.connect() as conn:
            story_ids = set(
                conn.execute(
                    sa.select(t.articles.c.story_id).where(
                        t.articles.c.id.in_(list(article_ids)), t.articles.c.story_id.is_not(None)
                    )
                ).scalars()
            )
            out: dict[int, list[int]] = {}
            for story_id, article_id in conn.execute(
                sa.select(t.articles.c.story_id, t.articles.c.id).where(
                    t.articles.c.story_id.in_(story_ids)
                )
            ).all():
                out.setdefault(story_id, []).append(article_id)
            return out

    def copies(self, article_ids: Iterable[int]) -> list[Copy]:
        query = (
            sa.select(
                t.articles.c.id,
                t.articles.c.outlet,
                t.articles.c.credit,
                t.articles.c.published,
                t.documents.c.first_seen,
            )
            .join(t.documents, t.documents.c.sha256 == t.articles.c.document_sha256)
            .where(t.articles.c.id.in_(list(article_ids)))
        )
        with self.engine.connect() as conn:
            return [Copy(*row) for row in conn.execute(query).all()]

    def save_story(self, story_id: int | None, members: list[int], original: int) -> int:
        """Create or update a story and point its articles at it; returns its id."""
        with self.engine.begin() as conn:
            if story_id is None:
                key = conn.execute(
                    t.stories.insert().values(original_article_id=original, n_copies=len(members))
                ).inserted_primary_key
                assert key is not None  # an insert always returns its key
                story_id = key[0]
            else:
                conn.execute(
                    t.stories.update()
                    .where(t.stories.c.id == story_id)
                    .values(original_article_id=original, n_copies=len(members))
                )
            conn.execute(
                t.articles.update().where(t.articles.c.id.in_(members)).values(story_id=story_id)
            )
            return int(story_id)

    def drop_stories(self, story_ids: Iterable[int]) -> None:
        with self.engine.begin() as conn:
            conn.execute(t.stories.delete().where(t.stories.c.id.in_(list(story_ids))))

    # -- incidents ----------------------------------------------------------------------

    def mention_rows(self, *, admin1s: Iterable[str | None] | None = None) -> list[dict[str, Any]]:
        """Mentions with what merging needs: their article, story, source and quote."""
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
        if admin1s is not None:
            query = query.where(m.c.admin1.in_([x for x in admin1s if x]))
        with self.engine.connect() as conn:
            return [dict(row) for row in conn.execute(query).mappings().all()]

    def unresolved_admin1s(self) -> set[str | None]:
        """Provinces of mentions that no resolution has looked at yet."""
        with self.engine.connect() as conn:
            return set(
                conn.execute(
                    sa.select(t.mentions.c.admin1)
                    .where(t.mentions.c.incident_id.is_(None), t.mentions.c.admin1.is_not(None))
                    .distinct()
                ).scalars()
            )

    def review_log(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            query = sa.select(t.review_events).order_by(t.review_events.c.id)
            return [dict(row) for row in conn.execute(query).mappings().all()]

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
        now = _now()
        with self.engine.begin() as conn:
            existing = set(
                conn.execute(
                    sa.select(t.incidents.c.id).where(t.incidents.c.id.in_(list(records)))
                ).scalars()
            )
            for incident_id, record in records.items():
                values = {
                    "status": record.pop("status", "machine"),
                    "grade": record.get("grade"),
                    "data": _jsonable(record),
                    "updated": now,
                }
                if incident_id in existing:
                    conn.execute(
                        t.incidents.update().where(t.incidents.c.id == incident_id).values(**values)
                    )
                else:
                    conn.execute(t.incidents.insert().values(id=incident_id, created=now, **values))
                conn.execute(
                    t.mentions.update()
                    .where(t.mentions.c.id.in_(members[incident_id]))
                    .values(incident_id=incident_id)
                )
            if unlinked:
                conn.execute(
                    t.mentions.update()
                    .where(t.mentions.c.id.in_(unlinked))
                    .values(incident_id=None)
                )
            log = conn.execute(
                sa.select(t.review_events.c.incident_id, t.review_events.c.action)
            ).all()
            merged_away = {incident for incident, action in log if action == "merge"}
            reviewed = {incident for incident, _ in log} - merged_away
            gone = previous - set(records) - reviewed
            if gone:
                conn.execute(t.incidents.delete().where(t.incidents.c.id.in_(gone)))

    def add_review(
        self, *, user: str, action: str, incident_id: str, before: Any, after: Any, reason: str
    ) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(
                t.review_events.insert().values(
                    at=_now(),
                    user=user,
                    action=action,
                    incident_id=incident_id,
                    before=_jsonable(before),
                    after=_jsonable(after),
                    reason=reason,
                )
            )
            key = result.inserted_primary_key
            assert key is not None  # an insert always returns its key
            return int(key[0])

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
