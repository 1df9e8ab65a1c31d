"""`Store`: the database behind a project. Saves and reads rows; holds no business rules.

Each document is written in one transaction with its articles and custody line, so an
interrupted ingest leaves every document either fully stored or absent.
"""

from __future__ import annotations

import datetime as dt
import logging
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from civharm.errors import DatabaseError, NotFound, UsageError
from civharm.model import Aggregate, Article, Mention, SourceDocument
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


MAX_CANDIDATES = 25  # containment candidates checked per new article


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class IncidentFilters:
    """What the incident list and map can be narrowed by; None means any."""

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


def _incident_where(f: IncidentFilters) -> list[Any]:
    i = t.incident_index
    where: list[Any] = []
    if f.date_from:
        where.append(i.c.date >= f.date_from)
    if f.date_to:
        where.append(i.c.date <= f.date_to)
    for column, value in (
        (i.c.admin1, f.admin1), (i.c.country, f.country), (i.c.perpetrator, f.perpetrator),
        (i.c.victims, f.victims), (i.c.grade, f.grade), (i.c.status, f.status),
    ):  # fmt: skip
        if value:
            where.append(column == value)
    # Both go through folded text: "Hajin" finds "Hajīn".
    for column, text in ((i.c.place, f.place), (i.c.search, f.q)):
        for word in fold(text or "").split():
            where.append(column.like(f"%{word}%"))
    return where


def fold(text: str) -> str:
    """Lower case without diacritics, for searching."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


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
        aggregates: list[list[Aggregate]] | None = None,
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
            self._insert_aggregates(
                conn, sha256, articles, aggregates or [], processed_by.get("extract", "")
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
        aggregates: list[list[Aggregate]],
        processed_by: dict[str, str],
    ) -> None:
        """Swap a document's articles, mentions and aggregate claims for new ones, in one
        transaction."""
        with self.engine.begin() as conn:
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
                conn.execute(t.articles.insert(), [self._article_row(sha256, a) for a in articles])
            version = processed_by.get("extract", "")
            self._insert_mentions(conn, sha256, articles, mentions, version)
            self._insert_aggregates(conn, sha256, articles, aggregates, version)
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
    def _article_ids(conn: Connection, sha256: str) -> dict[int, int]:
        """A document's article ids by ordinal."""
        query = sa.select(t.articles.c.ordinal, t.articles.c.id).where(
            t.articles.c.document_sha256 == sha256
        )
        return {row[0]: row[1] for row in conn.execute(query).all()}

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
        ids = Store._article_ids(conn, sha256)
        rows = [
            mention_row(ids[article.ordinal], mention, version, sha256)
            for article, found in zip(articles, mentions, strict=True)
            for mention in found
        ]
        conn.execute(t.mentions.insert(), rows)

    @staticmethod
    def _insert_aggregates(
        conn: Connection,
        sha256: str,
        articles: list[Article],
        aggregates: list[list[Aggregate]],
        version: str,
    ) -> None:
        if not any(aggregates):
            return
        ids = Store._article_ids(conn, sha256)
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
        band_match = sa.tuple_(bands.c.band, bands.c.key).in_(list(enumerate(sig.band_keys)))
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
                # The closest few: text full of stock phrases must not make every
                # stored article a candidate.
                shared = (
                    sa.select(prints.c.article_id)
                    .where(prints.c.print.in_(sig.prints), prints.c.article_id != article_id)
                    .group_by(prints.c.article_id)
                    .having(sa.func.count() >= need)
                    .order_by(sa.func.count().desc())
                    .limit(MAX_CANDIDATES)
                )
                ids.update(conn.execute(shared).scalars())
            return self._signatures(conn, sorted(ids))

    @staticmethod
    def _signatures(conn: Connection, article_ids: list[int]) -> dict[int, Signature]:
        """Stored signatures of several articles, in two queries."""
        if not article_ids:
            return {}
        prints: dict[int, list[int]] = {a: [] for a in article_ids}
        query = sa.select(t.article_prints.c.article_id, t.article_prints.c.print).where(
            t.article_prints.c.article_id.in_(article_ids)
        )
        for article_id, value in conn.execute(query):
            prints[article_id].append(value)
        rows = conn.execute(
            sa.select(t.article_signatures).where(
                t.article_signatures.c.article_id.in_(article_ids)
            )
        ).all()
        return {
            row.article_id: Signature(
                row.minhash, (), tuple(sorted(prints[row.article_id])), row.size
            )
            for row in rows
        }

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

    def mention_rows(
        self,
        *,
        admin1s: Iterable[str | None] | None = None,
        incident_ids: Iterable[str] | None = None,
        unresolved: bool = False,
    ) -> list[dict[str, Any]]:
        """Mentions with what merging needs: their article, story, source and quote.

        All of them, or those of some provinces, of some incidents, or not yet resolved.
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
        if admin1s is not None:
            query = query.where(m.c.admin1.in_([x for x in admin1s if x]))
        if incident_ids is not None:
            query = query.where(m.c.incident_id.in_(list(incident_ids)))
        if unresolved:
            named_only = sa.and_(m.c.lat.is_(None), m.c.place_mentioned.is_not(None))
            query = query.where(
                m.c.incident_id.is_(None), sa.or_(m.c.admin1.is_not(None), named_only)
            )
        with self.engine.connect() as conn:
            return [dict(row) for row in conn.execute(query).mappings().all()]

    def nearby_incidents(
        self, admin1: str | None, day: dt.date | None, *, days: int = 3
    ) -> set[str]:
        """Incidents a new mention could join: same province (none, for a place the
        gazetteer lacks), and a date close to its own (or, for an undated mention, undated
        incidents)."""
        i = t.incident_index
        query = sa.select(i.c.id).where(
            i.c.admin1.is_(None) if admin1 is None else i.c.admin1 == admin1
        )
        if day is None:
            query = query.where(i.c.date.is_(None))
        else:
            window = dt.timedelta(days=days)
            query = query.where(i.c.date.between(day - window, day + window))
        with self.engine.connect() as conn:
            return set(conn.execute(query).scalars())

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
            incident_rows, index_rows, links = [], [], []
            for incident_id, record in records.items():
                status = record.pop("status", "machine")
                incident_rows.append(
                    {
                        "b_id": incident_id,
                        "status": status,
                        "grade": record.get("grade"),
                        "data": _jsonable(record),
                        "updated": now,
                        "created": now,
                    }
                )
                index_rows.append(index_row(incident_id, record, status=status, updated=now))
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
            log = conn.execute(
                sa.select(t.review_events.c.incident_id, t.review_events.c.action)
            ).all()
            merged_away = {incident for incident, action in log if action == "merge"}
            reviewed = {incident for incident, _ in log} - merged_away
            gone = previous - set(records) - reviewed
            if gone:
                conn.execute(t.incident_index.delete().where(t.incident_index.c.id.in_(gone)))
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

    # -- the review app's queries ------------------------------------------------------

    def list_incidents(
        self, filters: IncidentFilters, *, sort: str = "-date", page: int = 1, per_page: int = 50
    ) -> tuple[int, list[dict[str, Any]]]:
        """One page of incidents matching the filters, and how many match in all.

        The narrow `incident_index` is filtered, counted and sorted; only the page's
        incidents are then read whole.
        """
        x = t.incident_index
        where = _incident_where(filters)
        column = {
            "date": x.c.date, "killed": x.c.killed_max, "place": x.c.place,
            "grade": x.c.grade, "status": x.c.status, "updated": x.c.updated,
        }.get(sort.lstrip("-"), x.c.date)  # fmt: skip
        descending = sort.startswith("-")
        order = column.desc().nulls_last() if descending else column.asc().nulls_last()
        ids = (
            sa.select(x.c.id)
            .where(*where)
            .order_by(order, x.c.id.desc() if descending else x.c.id)
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
            )
            .where(
                *_incident_where(filters),
                x.c.lat.between(south, north),
                x.c.lon.between(west, east),
            )
            .group_by(gx, gy)
        )
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings().all()]

    def timeline(self, filters: IncidentFilters, *, period: str) -> list[dict[str, Any]]:
        """Incidents and killed per week or month."""
        x = t.incident_index
        query = sa.select(x.c.date, x.c.killed_min).where(
            *_incident_where(filters), x.c.date.is_not(None)
        )
        buckets: dict[str, dict[str, Any]] = {}
        with self.engine.connect() as conn:
            for day, killed in conn.execute(query):
                key = (
                    f"{day.year}-{day.month:02}"
                    if period == "month"
                    else (day - dt.timedelta(days=day.weekday())).isoformat()
                )
                bucket = buckets.setdefault(key, {"period": key, "incidents": 0, "killed": 0})
                bucket["incidents"] += 1
                bucket["killed"] += killed or 0
        return [buckets[k] for k in sorted(buckets)]

    def stories(self, *, page: int = 1, per_page: int = 50) -> list[dict[str, Any]]:
        query = (
            sa.select(t.stories)
            .order_by(t.stories.c.id)
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings().all()]

    def document_spans(self, sha256: str) -> list[dict[str, Any]]:
        """Every mention's evidence in one document, with the incident it belongs to."""
        query = (
            sa.select(t.mentions.c.id, t.mentions.c.incident_id, t.mentions.c.data)
            .join(t.articles, t.articles.c.id == t.mentions.c.article_id)
            .where(t.articles.c.document_sha256 == sha256)
        )
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings().all()]

    def review_events(self, incident_id: str) -> list[dict[str, Any]]:
        """The review log of one incident, including merges of others into it."""
        return [
            event
            for event in self.review_log()
            if event["incident_id"] == incident_id
            or (event["action"] == "merge" and (event["after"] or {}).get("into") == incident_id)
        ]

    # -- accounts ---------------------------------------------------------------------

    def add_user(self, name: str, role: str, password_hash: str | None) -> int:
        with self.engine.begin() as conn:
            known = conn.execute(sa.select(t.users.c.id).where(t.users.c.name == name)).first()
            if known is not None:
                raise UsageError(f"user {name!r} exists already")
            key = conn.execute(
                t.users.insert().values(
                    name=name, role=role, password_hash=password_hash, created=_now()
                )
            ).inserted_primary_key
            assert key is not None  # an insert always returns its key
            return int(key[0])

    def user(self, name: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(t.users).where(t.users.c.name == name)).mappings().first()
            return dict(row) if row else None

    def add_token(self, user_id: int, token_hash: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                t.api_tokens.insert().values(user_id=user_id, token_hash=token_hash, created=_now())
            )

    def users(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            query = sa.select(t.users.c.id, t.users.c.name, t.users.c.role, t.users.c.created)
            return [dict(r) for r in conn.execute(query.order_by(t.users.c.name)).mappings().all()]

    def article_bounds(self, sha256: str, position: int) -> tuple[int, int] | None:
        """The span of the article of a document that holds a position."""
        a = t.articles
        query = sa.select(a.c.start, a.c.end).where(
            a.c.document_sha256 == sha256, a.c.start <= position, a.c.end >= position
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
            return (row[0], row[1]) if row else None

    def user_for_token(self, token_hash: str) -> dict[str, Any] | None:
        query = (
            sa.select(t.users)
            .join(t.api_tokens, t.api_tokens.c.user_id == t.users.c.id)
            .where(t.api_tokens.c.token_hash == token_hash)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
            return dict(row) if row else None

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

    def mentions(self, *, limit: int | None = None, offset: int = 0) -> Iterator[dict[str, Any]]:
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
        with self.engine.connect() as conn:
            for row in conn.execute(query).mappings():
                yield dict(row)

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

    def incidents(self) -> Iterator[dict[str, Any]]:
        with self.engine.connect() as conn:
            for row in conn.execute(sa.select(t.incidents).order_by(t.incidents.c.id)).mappings():
                yield dict(row)


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
