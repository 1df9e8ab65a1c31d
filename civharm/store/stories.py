"""Articles and stories: MinHash signatures, LSH band keys, fingerprints, and the stories
that group copies of one article."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from civharm.stages.syndication import CONTAINMENT, MIN_PRINTS, Copy, Signature
from civharm.store import tables as t
from civharm.store.base import StoreBase
from civharm.store.engine import insert_ignore, write

MAX_CANDIDATES = 25  # containment candidates checked per new article
BUCKET_CAP = 32  # articles read per shared band key


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
        sa.select(t.article_signatures).where(t.article_signatures.c.article_id.in_(article_ids))
    ).all()
    return {
        row.article_id: Signature(row.minhash, (), tuple(sorted(prints[row.article_id])), row.size)
        for row in rows
    }


def _sharing_prints(conn: Connection, article_id: int, sig: Signature) -> set[int]:
    """Stored articles sharing most of this article's sampled fingerprints, or most of
    their own: a stored article wholly inside this longer page is found from the page's
    side as from its own, so stories do not depend on which came first."""
    prints = t.article_prints
    # The closest few: text full of stock phrases must not make every stored article a
    # candidate.
    shared: dict[int, int] = dict(
        conn.execute(
            sa.select(prints.c.article_id, sa.func.count())
            .where(prints.c.print.in_(sig.prints), prints.c.article_id != article_id)
            .group_by(prints.c.article_id)
            .having(sa.func.count() >= MIN_PRINTS)
            .order_by(sa.func.count().desc())
            .limit(MAX_CANDIDATES)
        ).all()
    )
    most = max(MIN_PRINTS, int(len(sig.prints) * 0.5))
    found = {a for a, n in shared.items() if n >= most}
    inside = [a for a in shared if a not in found]
    if inside:
        own = conn.execute(
            sa.select(prints.c.article_id, sa.func.count())
            .where(prints.c.article_id.in_(inside))
            .group_by(prints.c.article_id)
        ).all()
        found.update(a for a, n in own if shared[a] >= CONTAINMENT * n)
    return found


def _signature(conn: Connection, article_id: int) -> Signature:
    row = conn.execute(
        sa.select(t.article_signatures).where(t.article_signatures.c.article_id == article_id)
    ).one()
    prints = tuple(
        conn.execute(
            sa.select(t.article_prints.c.print).where(t.article_prints.c.article_id == article_id)
        ).scalars()
    )
    return Signature(row.minhash, (), tuple(sorted(prints)), row.size)


class StoryStore(StoreBase):
    """What syndication reads and writes."""

    def articles_without_story(
        self, *, after: int = 0, limit: int | None = None
    ) -> list[tuple[int, str, Signature | None]]:
        """Articles not yet placed in a story, with their signature if one was stored.

        `after` and `limit` read them a page at a time by id: a large ingest's texts
        would not fit in memory at once.
        """
        query = (
            sa.select(t.articles.c.id, t.articles.c.text, t.article_signatures.c.article_id)
            .outerjoin(t.article_signatures, t.article_signatures.c.article_id == t.articles.c.id)
            .where(t.articles.c.story_id.is_(None), t.articles.c.id > after)
            .order_by(t.articles.c.id)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
            return [
                (row[0], row[1], _signature(conn, row[0]) if row[2] is not None else None)
                for row in rows
            ]

    def save_signature(self, article_id: int, sig: Signature) -> None:
        """Store an article's signature with its band keys and fingerprints, once: a
        signature stored already (by another process) is kept as it is."""
        with write(self.engine) as conn:
            row = {"article_id": article_id, "minhash": sig.minhash, "size": sig.size}
            if not insert_ignore(conn, t.article_signatures, row):
                return
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
        with self.engine.connect() as conn:
            ids: set[int] = set()
            for band, key in enumerate(sig.band_keys):
                # One indexed lookup per band (a tuple IN made SQLite scan the table), and
                # at most BUCKET_CAP of a bucket's articles: a band key that many stored
                # articles share belongs to a story already (any member leads to it) or
                # to boilerplate, and reading all of it made the lookup grow with the corpus.
                bucket = (
                    sa.select(bands.c.article_id)
                    .where(
                        bands.c.band == band,
                        bands.c.key == key,
                        bands.c.article_id != article_id,
                    )
                    .limit(BUCKET_CAP)
                )
                ids.update(conn.execute(bucket).scalars())
            if len(sig.prints) >= MIN_PRINTS:
                ids.update(_sharing_prints(conn, article_id, sig))
            return _signatures(conn, sorted(ids))

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
        with write(self.engine) as conn:
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
        with write(self.engine) as conn:
            conn.execute(t.stories.delete().where(t.stories.c.id.in_(list(story_ids))))

    def story_count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(t.stories)).scalar_one())

    def stories(self, *, page: int = 1, per_page: int = 50) -> list[dict[str, Any]]:
        query = (
            sa.select(t.stories)
            .order_by(t.stories.c.id)
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings().all()]
