"""Copy candidates found by grouping band keys on a Dask cluster give the stories, and the
incidents, of the plain ingest, with the writer looking up no band key itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from benchmarks import merge_corpus
from civharm import open_project
from civharm.band_shuffle import band_pairs, find_band_copies
from civharm.store import stories
from civharm.store import tables as t
from civharm.store.stories import BUCKET_CAP

from .test_workers_early import record


def test_band_shuffle_pairs_each_article_with_the_first_holders_before_it() -> None:
    # Why: the plain lookup reads at most BUCKET_CAP holders of a key, the first stored;
    # the pairs must be those, and only for articles of the batch (ids from `first` on).
    members = [(3, 77, a) for a in (50, 10, 40, *range(100, 140))]
    pairs = band_pairs(((3, 77), members), 100)
    heads = sorted(a for _, _, a in members)[:BUCKET_CAP]
    assert {a for a, _ in pairs} == set(range(100, 140))
    for article in range(100, 140):
        expected = [h for h in heads if h < article]
        assert [c for a, c in pairs if a == article] == expected
    assert band_pairs(((0, 1), [(0, 1, 5)]), 5) == []  # a key held once pairs nothing


def write_copies(folder: Path, report: Path, n: int) -> None:
    """`n` copies of `report`, each with a word of its own at the end: near-duplicates that
    share most band keys, so that a key has more holders than BUCKET_CAP."""
    text = report.read_text(encoding="utf-8").rstrip()
    folder.mkdir(parents=True)
    for i in range(n):
        (folder / f"copy{i:02}.txt").write_text(f"{text} Update{i}.\n", "utf-8")


def ingest(db: str, paths: list[Path], **options: Any) -> None:
    with open_project(db=db, user="tester") as project:
        project.ingest(paths, **options)


@pytest.mark.slow
def test_band_shuffle_stories_and_incidents_match_the_plain_ingest(
    tmp_path: Path, scheduler: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Why: a second batch holds copies of reports stored by the first (found only through
    # the stored holders read for the shuffle), copies of one another, and 40 copies of one
    # stored report, more than BUCKET_CAP holders of a key: stories (ids, members,
    # originals) and the exported incidents, mentions and articles must be the plain
    # ingest's, and the writer must look up no band key as it stores the batch.
    reports = merge_corpus.generate(40, seed=7)
    merge_corpus.write(reports, tmp_path / "all")
    files = sorted((tmp_path / "all" / "reports").iterdir())
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for at, path in enumerate(files):
        (first if at % 2 else second).joinpath(path.name).write_bytes(path.read_bytes())
    write_copies(second / "many", sorted(first.iterdir())[0], 40)
    plain_db, dask_db = f"sqlite:///{tmp_path / 'plain.db'}", f"sqlite:///{tmp_path / 'dask.db'}"
    for batch in (first, second):
        ingest(plain_db, [batch], workers=1)
    ingest(dask_db, [first], executor="dask", scheduler=scheduler)
    looked_up: list[int] = []
    bucket_query = stories._bucket_query

    def counted(n: int) -> Any:
        looked_up.append(n)
        return bucket_query(n)

    shuffled: list[int] = []

    def shuffle(client: Any, store: Any) -> int:
        shuffled.append(find_band_copies(client, store))
        return shuffled[-1]

    monkeypatch.setattr(stories, "_bucket_query", counted)
    monkeypatch.setattr("civharm.executors.find_band_copies", shuffle)
    ingest(dask_db, [second], executor="dask", scheduler=scheduler)
    assert looked_up == []
    assert shuffled and shuffled[0] > BUCKET_CAP  # the pairs came from the shuffle
    plain, on_dask = record(plain_db), record(dask_db)
    assert on_dask == plain
    largest = max(n for _, _, n in plain["stories"])
    assert largest > BUCKET_CAP  # the cap was reached, and the story is whole all the same
    assert plain["incidents"].count(b"\n") > 10


def test_band_shuffle_stored_holders_are_those_the_plain_lookup_reads(
    tmp_path: Path, any_db_url: str
) -> None:
    # Why: the holders read for the shuffle (a window query, a band at a time) must be the
    # ones the plain lookup reads for the same article, on each engine, also where a key
    # has more holders than BUCKET_CAP.
    report = tmp_path / "report.txt"
    merge_corpus.write(merge_corpus.generate(4, seed=3), tmp_path / "few")
    report.write_bytes(sorted((tmp_path / "few" / "reports").iterdir())[0].read_bytes())
    write_copies(tmp_path / "copies", report, BUCKET_CAP + 8)
    ingest(any_db_url, [tmp_path / "copies"], workers=1)
    with open_project(db=any_db_url, create=False) as project:
        store = project.store
        with store.engine.connect() as conn:
            last = conn.execute(sa.select(sa.func.max(t.article_bands.c.article_id))).scalar_one()
            keys = conn.execute(
                sa.select(t.article_bands.c.band, t.article_bands.c.key).where(
                    t.article_bands.c.article_id == last
                )
            ).all()
            params = {"article": last} | {f"b{b}": b for b, _ in keys}
            params |= {f"k{b}": k for b, k in keys}
            plain = conn.execute(stories._bucket_query(len(keys)), params).scalars().all()
        rows = [(band, key, last) for band, key in keys]
        held = store.stored_holders(rows, before=last)
    assert sorted(a for _, _, a in held) == sorted(plain)
    assert max(sum(1 for b, _, _ in held if b == band) for band, _ in keys) == BUCKET_CAP
