"""Copy candidates of an ingest's batch found on a Dask cluster, by grouping LSH band keys.

The plain path looks up, as it stores each article, the stored articles sharing one of its
band keys, at most BUCKET_CAP of each key's holders (`civharm/store/stories.py`). Here the
batch's (band, key, article) rows, with the first BUCKET_CAP stored holders of each of its
keys (one query per band for a few hundred keys at a time), are grouped by band key on the
cluster (a `dask.bag` group-by, a shuffle across the workers), so that articles sharing a
key meet in one group. In a group ordered by article id each article of the batch is paired
with the first BUCKET_CAP members before it: the holders the plain lookup reads, since every
member before it was stored before it. The pairs come back to the writer, which adds them
to the fingerprint candidates it looked up as it stored each document; resolving stories
then compares candidates as it always does, so the stories are those of the plain ingest.

Dask's bag, not its DataFrame: the rows are a few integers each, a bag groups them with no
new dependency (DataFrame needs pandas), and each group is then a short Python loop.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import CancelledError
from typing import TYPE_CHECKING

from civharm.errors import ClusterLost
from civharm.store.stories import BUCKET_CAP, BandRow, StoryStore

if TYPE_CHECKING:
    import distributed

ROWS_PER_PARTITION = 50_000
"""Band rows per bag partition: tens of thousands, so that a task is mostly work, and
a few megabytes, far below Dask's warning about large task arguments (10 MB)."""

Pair = tuple[int, int]
"""An article of the batch and a candidate copy of it."""


def band_key(row: BandRow) -> tuple[int, int]:
    """What rows are grouped by: the band and its key."""
    return row[0], row[1]


def band_pairs(group: tuple[tuple[int, int], list[BandRow]], first: int) -> list[Pair]:
    """Each article of the batch (id `first` or after) with the first BUCKET_CAP holders
    of the key before it, as the plain lookup reads them: a key that many articles share
    is boilerplate or a story with copies enough already, and capping it keeps the pairs
    linear in the batch."""
    ids = sorted(row[2] for row in group[1])
    heads = ids[:BUCKET_CAP]
    return [(a, head) for at, a in enumerate(ids) if a >= first for head in heads[:at]]


def find_band_copies(client: distributed.Client, store: StoryStore) -> int:
    """Find the band-key candidates of the articles `store` holds for a shuffle, and give
    them to it; returns the number of pairs found."""
    first, rows = store.band_rows()
    if not rows:
        return 0
    rows += store.stored_holders(rows, before=first)
    batch = sorted({row[2] for row in rows if row[2] >= first})
    found = 0
    for pairs in _shuffled(client, rows, first):
        store.add_band_copies(pairs)
        found += len(pairs)
    store.bands_found(batch)
    return found


def _shuffled(client: distributed.Client, rows: list[BandRow], first: int) -> Iterator[list[Pair]]:
    """The pairs of each output partition of the group-by, as it finishes."""
    import dask.bag as db
    from dask.delayed import delayed
    from distributed import KilledWorker, as_completed

    parts = [rows[at : at + ROWS_PER_PARTITION] for at in range(0, len(rows), ROWS_PER_PARTITION)]
    workers = max(1, len(client.scheduler_info()["workers"]))
    try:
        scattered = client.scatter(parts, hash=False)
        bag = db.from_delayed([delayed(part) for part in scattered])  # type: ignore[no-untyped-call]  # dask.bag has no type hints
        grouped = bag.groupby(band_key, shuffle="tasks", npartitions=max(len(parts), workers))
        pairs = grouped.map(band_pairs, first).flatten()
        for future in as_completed(client.compute(pairs.to_delayed()), loop=client.loop):
            yield future.result()
    except (CancelledError, OSError, KilledWorker) as exc:
        raise ClusterLost(type(exc).__name__) from exc
