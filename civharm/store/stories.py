"""Articles and stories: MinHash signatures, LSH band keys, fingerprints, and the stories
that group copies of one article."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from civharm.stages.syndication import CONTAINMENT, MIN_PRINTS, Copy, Signature, signature
from civharm.store import tables as t
from civharm.store.base import StoreBase
from civharm.store.engine import insert_ignore, write

MAX_CANDIDATES = 25  # containment candidates checked per new article
BUCKET_CAP = 32  # articles read per shared band key or fingerprint


def _signatures(conn: Connection, article_ids: list[int]) -> dict[int, Signature]:
    """Stored signatures of several articles, in two queries."""
    if not article_ids:
        return {}
    prints: dict[int, list[int]] = {a: [] for a in article_ids}
    query = sa.select(t.article_prints.c.article_id, t.article_prints.c.print).where(
        t.article_prints.c.article_id.in_(article_ids)
    )
    for article_id, value in conn.execute(query).all():
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
    side as from its own, so stories do not depend on which came first.

    Each fingerprint's holders are read up to BUCKET_CAP: one that more articles hold is
    a stock phrase (a template, a boilerplate line) or a story with copies enough already,
    and walking every holder of such phrases made the lookup grow with the corpus. The
    closest few (MAX_CANDIDATES) are then counted exactly: those sharing the most
    fingerprints that few articles hold first, then the most of the ones read. Text full
    of stock phrases must not make every stored article a candidate.
    """
    closest = _closest(conn, article_id, sig.prints)
    if not closest:
        return set()
    prints = t.article_prints
    own: dict[int, int] = {}
    shared: Counter[int] = Counter()
    for at in range(0, len(sig.prints), _IN):
        chunk = prints.c.print.in_(sig.prints[at : at + _IN])
        query = (
            sa.select(
                prints.c.article_id,
                sa.func.count(),
                sa.func.sum(sa.case((chunk, 1), else_=0)),
            )
            .where(prints.c.article_id.in_(closest))
            .group_by(prints.c.article_id)
        )
        for other, n, common in conn.execute(query).all():
            own[other] = n
            shared[other] += common
    most = max(MIN_PRINTS, int(len(sig.prints) * 0.5))
    return {
        a for a, n in shared.items() if n >= MIN_PRINTS and (n >= most or n >= CONTAINMENT * own[a])
    }


_IN = 2_000
"""Fingerprints per IN list: well under SQLite's limit on bound parameters."""

_UNION = 200
"""Fingerprints looked up per query: SQLite allows 500 parts in a UNION ALL."""


def _closest(conn: Connection, article_id: int, prints: Sequence[int]) -> list[int]:
    """The MAX_CANDIDATES stored articles (other than `article_id`) sharing the most of
    these fingerprints that at most BUCKET_CAP articles hold, then the most of those read.

    Each fingerprint's holders are read by the index with a limit of their own, one more
    than BUCKET_CAP: the one more tells a stock phrase, and is not counted.
    """
    rare: Counter[int] = Counter()
    read: Counter[int] = Counter()
    for at in range(0, len(prints), _UNION):
        chunk = prints[at : at + _UNION]
        params: dict[str, int] = {"article": article_id}
        params.update({f"p{i}": value for i, value in enumerate(chunk)})
        holders: dict[int, list[int]] = {value: [] for value in chunk}
        for value, holder in conn.execute(_holders_query(len(chunk)), params).all():
            holders[value].append(holder)
        for found in holders.values():
            read.update(found[:BUCKET_CAP])
            if len(found) <= BUCKET_CAP:
                rare.update(found)
    return sorted(read, key=lambda a: (-rare[a], -read[a], a))[:MAX_CANDIDATES]


_SEEN = (
    "(article_id < :article OR EXISTS (SELECT 1 FROM articles AS a "
    "WHERE a.id = {table}.article_id AND a.story_id IS NOT NULL))"
)
"""Only the stored articles resolving in id order would have seen by this one: those in a
story, and those before it. Articles after it may have their signature stored already (an
interrupted run left them, or an ingest stored them as it went): an article found from
their side is not found again from its own, so stories do not depend on where a run was
cut short. The articles after it are few: the test on the story reads only those."""


@functools.cache
def _holders_query(n: int) -> sa.TextClause:
    part = (
        "SELECT print, article_id FROM (SELECT print, article_id FROM article_prints "
        "WHERE print = :p{i} AND article_id != :article AND "
        + _SEEN.format(table="article_prints")
        + " LIMIT {limit}) AS h{i}"
    )
    return sa.text(" UNION ALL ".join(part.format(i=i, limit=BUCKET_CAP + 1) for i in range(n)))


@functools.cache
def _bucket_query(n: int) -> sa.TextClause:
    """The articles sharing each of `n` bands' keys, in one query: an indexed lookup per
    band (a tuple IN made SQLite scan the table), and at most BUCKET_CAP of a bucket's
    articles: a band key that many stored articles share belongs to a story already (any
    member leads to it) or to boilerplate, and reading all of it made the lookup grow with
    the corpus."""
    part = (
        "SELECT article_id FROM (SELECT article_id FROM article_bands "
        "WHERE band = :b{i} AND key = :k{i} AND article_id != :article AND "
        + _SEEN.format(table="article_bands")
        + " LIMIT {limit}) AS b{i}"
    )
    return sa.text(" UNION ALL ".join(part.format(i=i, limit=BUCKET_CAP) for i in range(n)))


def _signature(conn: Connection, article_id: int) -> Signature:
    """A stored signature, band keys included: looking up the copies of an article whose
    signature an interrupted run stored finds what it would have found then."""
    row = conn.execute(
        sa.select(t.article_signatures).where(t.article_signatures.c.article_id == article_id)
    ).one()
    prints = tuple(
        conn.execute(
            sa.select(t.article_prints.c.print).where(t.article_prints.c.article_id == article_id)
        ).scalars()
    )
    bands = t.article_bands
    keys = tuple(
        conn.execute(
            sa.select(bands.c.key).where(bands.c.article_id == article_id).order_by(bands.c.band)
        ).scalars()
    )
    return Signature(row.minhash, keys, tuple(sorted(prints)), row.size)


def _save_signature(conn: Connection, article_id: int, sig: Signature) -> None:
    row = {"article_id": article_id, "minhash": sig.minhash, "size": sig.size}
    if not insert_ignore(conn, t.article_signatures, row):
        return
    conn.execute(
        t.article_bands.insert(),
        [{"band": b, "key": k, "article_id": article_id} for b, k in enumerate(sig.band_keys)],
    )
    if sig.prints:
        conn.execute(
            t.article_prints.insert(),
            [{"print": p, "article_id": article_id} for p in sig.prints],
        )


def _copy_candidates(
    conn: Connection, article_id: int, sig: Signature, *, bands: bool = True
) -> dict[int, Signature]:
    """Copy candidates from shared band keys (unless `bands` is False: a band-key shuffle
    finds those) and from shared fingerprints."""
    ids: set[int] = set()
    if bands and sig.band_keys:
        params = {"article": article_id}
        for band, key in enumerate(sig.band_keys):
            params[f"b{band}"], params[f"k{band}"] = band, key
        ids.update(conn.execute(_bucket_query(len(sig.band_keys)), params).scalars())
    if len(sig.prints) >= MIN_PRINTS:
        ids.update(_sharing_prints(conn, article_id, sig))
    return _signatures(conn, sorted(ids))


Found = tuple[Signature, dict[int, Signature]]
"""An article's signature and the copy candidates looked up with it."""

BandRow = tuple[int, int, int]
"""One LSH band key of an article: band, key, article id."""

_KEYS = 500
"""Band keys per query for their stored holders: well under any engine's parameter limit."""


class StoryStore(StoreBase):
    """What syndication reads and writes."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)
        self._found: dict[int, Found] = {}
        self._found_after = 0
        self._shuffled = False
        self._bands_pending: set[int] = set()

    def find_copies_early(self, signatures: Mapping[tuple[str, int], Signature]) -> None:
        """Do now, for each article not yet in a story, what resolving stories does first
        (`Resolution._resolve_stories`): look up its copy candidates, then store its
        signature. The candidates are kept here, and `copy_candidates` gives them back when
        the article is resolved.

        An ingest calls this after storing each document, so that these lookups, the slow
        part of resolving stories, run while the workers process the next documents rather
        than alone at the end. Articles are taken in id order, those an interrupted run left
        first, each after the signatures of those before it are stored and before any after
        it: what resolving them all at the end would find. `signatures` are those the
        workers computed, by document sha256 and article ordinal; others are computed here.
        """
        a, signed = t.articles, t.article_signatures
        query = (
            sa.select(a.c.id, a.c.document_sha256, a.c.ordinal, signed.c.article_id)
            .outerjoin(signed, signed.c.article_id == a.c.id)
            .where(a.c.story_id.is_(None), a.c.id > self._found_after)
            .order_by(a.c.id)
        )
        found: dict[int, Found] = {}
        with write(self.engine) as conn:  # one transaction: each lookup sees what came before
            for article_id, sha256, ordinal, signed_id in conn.execute(query).all():
                stored = _signature(conn, article_id) if signed_id is not None else None
                sig = stored or signatures.get((sha256, ordinal))
                if sig is None:
                    text = sa.select(a.c.text).where(a.c.id == article_id)
                    sig = signature(conn.execute(text).scalar_one())
                found[article_id] = (
                    sig,
                    _copy_candidates(conn, article_id, sig, bands=not self._shuffled),
                )
                if stored is None:
                    _save_signature(conn, article_id, sig)
        self._found.update(found)
        if self._shuffled:
            self._bands_pending.update(found)
        self._found_after = max(found, default=self._found_after)

    def shuffle_bands(self, shuffled: bool) -> None:
        """Whether `find_copies_early` leaves band-key candidates to a shuffle of the
        batch's band keys (`civharm/band_shuffle.py`), which gives them with
        `add_band_copies`; until it has, `copy_candidates` looks them up as usual."""
        self._shuffled = shuffled

    def band_rows(self) -> tuple[int, list[BandRow]]:
        """The band keys of the articles whose band-key candidates are still to be found,
        and the first such article: every article before it is stored and in a story (or
        shuffled already), so its holders are read from the database."""
        rows = [
            (band, key, article_id)
            for article_id in sorted(self._bands_pending)
            for band, key in enumerate(self._found[article_id][0].band_keys)
        ]
        return min(self._bands_pending, default=0), rows

    def stored_holders(self, rows: Sequence[BandRow], *, before: int) -> list[BandRow]:
        """The first BUCKET_CAP articles before `before` holding each band key of `rows`,
        as `_bucket_query` reads them: by band, so that the (band, key) index is used."""
        keys: dict[int, set[int]] = {}
        for band, key, _ in rows:
            keys.setdefault(band, set()).add(key)
        bands = t.article_bands
        rank = sa.func.row_number().over(
            partition_by=(bands.c.band, bands.c.key), order_by=bands.c.article_id
        )
        found: list[BandRow] = []
        with self.engine.connect() as conn:
            for band, wanted in sorted(keys.items()):
                ordered = sorted(wanted)
                for at in range(0, len(ordered), _KEYS):
                    numbered = (
                        sa.select(bands.c.key, bands.c.article_id, rank.label("n"))
                        .where(
                            bands.c.band == band,
                            bands.c.key.in_(ordered[at : at + _KEYS]),
                            bands.c.article_id < before,
                        )
                        .subquery()
                    )
                    query = sa.select(numbered.c.key, numbered.c.article_id).where(
                        numbered.c.n <= BUCKET_CAP
                    )
                    found.extend((band, key, a) for key, a in conn.execute(query).all())
        return found

    def add_band_copies(self, pairs: Iterable[tuple[int, int]]) -> None:
        """Add band-key candidates a shuffle found (article, candidate) to those
        `find_copies_early` kept, reading the signatures not read already."""
        wanted: dict[int, set[int]] = {}
        for article_id, candidate in pairs:
            if candidate not in self._found[article_id][1]:
                wanted.setdefault(article_id, set()).add(candidate)
        needed = sorted({c for found in wanted.values() for c in found})
        signatures: dict[int, Signature] = {}
        with self.engine.connect() as conn:
            for at in range(0, len(needed), _KEYS):
                signatures.update(_signatures(conn, needed[at : at + _KEYS]))
        for article_id, found in wanted.items():
            self._found[article_id][1].update((c, signatures[c]) for c in sorted(found))

    def bands_found(self, article_ids: Iterable[int]) -> None:
        """The shuffle gave every band-key candidate of these articles."""
        self._bands_pending.difference_update(article_ids)

    def forget_copies(self) -> None:
        """Drop the candidates `find_copies_early` kept and resolving did not use."""
        self._found.clear()
        self._found_after = 0
        self._shuffled = False
        self._bands_pending.clear()

    def _stored_signature(self, conn: Connection, article_id: int) -> Signature:
        early = self._found.get(article_id)
        return early[0] if early is not None else _signature(conn, article_id)

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
                (
                    row[0],
                    row[1],
                    self._stored_signature(conn, row[0]) if row[2] is not None else None,
                )
                for row in rows
            ]

    def save_signature(self, article_id: int, sig: Signature) -> None:
        """Store an article's signature with its band keys and fingerprints, once: a
        signature stored already (by another process) is kept as it is."""
        with write(self.engine) as conn:
            _save_signature(conn, article_id, sig)

    def copy_candidates(self, article_id: int, sig: Signature) -> dict[int, Signature]:
        """Stored articles sharing an LSH band or most sampled fingerprints with `sig`;
        those `find_copies_early` looked up for this signature, where it did."""
        early = self._found.pop(article_id, None)
        if early is not None and early[0] == sig and article_id not in self._bands_pending:
            return early[1]
        with self.engine.connect() as conn:
            return _copy_candidates(conn, article_id, sig)

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
