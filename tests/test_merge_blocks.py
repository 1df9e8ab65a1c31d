"""Blocking: clustering each block alone gives what clustering everything at once gives,
so resolving new mentions block by block holds one block in memory, not the batch."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

import civharm.resolution
from civharm import Project
from civharm.project import sample_files
from civharm.stages.blocks import blocks, footprint
from civharm.stages.merge import Cluster, Item, cluster, linkable

TOWNS = [  # a few towns a cell or two apart, one far away, and a place the gazetteer lacks
    (1, 34.69, 40.83), (2, 34.74, 40.86), (3, 34.86, 40.99), (4, 36.20, 37.15), (None, None, None),
]  # fmt: skip
WHEN = [  # dated days and spans, month-days, weekdays and nothing at all
    ("2018-06-23", "2018-06-23", None), ("2018-06-24", "2018-06-25", None),
    ("2018-06-27", "2018-06-27", None), ("2019-06-24", "2019-06-24", None),
    ("2018-05-01", "2018-07-31", None), (None, None, "month-day:06-24"),
    (None, None, "weekday:Monday"), (None, None, None),
]  # fmt: skip


def random_item(rng: random.Random, id: int) -> Item:
    place_id, lat, lon = rng.choice(TOWNS)
    date, date_end, hint = rng.choice(WHEN)
    data: dict[str, Any] = {
        "place_id": place_id, "place_mentioned": f"town {place_id or 'x'}", "country": "SY",
        "lat": lat, "lon": lon, "geo_precision": "town", "date": date, "date_end": date_end,
        "date_hint": hint, "perpetrator": rng.choice([None, "unknown", "a", "b"]),
        "targets": rng.choice([[], ["market"]]), "killed_min": rng.choice([None, 5, 7]),
    }  # fmt: skip
    article = rng.randrange(1, 40)
    return Item(id, f"k{id}", article, rng.choice([article, 99]), f"story:{article}", data)


def shape(groups: list[Cluster]) -> list[tuple[str, list[int]]]:
    return sorted((g.id or "", [i.id for i in g.items]) for g in groups)


@pytest.mark.parametrize("seed", range(30))  # many random mixes of places, days and hints
def test_merge_blocks_cluster_alone_as_they_would_together(seed: int) -> None:
    rng = random.Random(seed)
    items = [random_item(rng, n) for n in range(1, 90)]
    together = shape(cluster(items))
    by_block: dict[int, list[Item]] = {}
    block_of = blocks([footprint(i) for i in items])
    for item in filter(linkable, items):
        by_block.setdefault(block_of[footprint(item)], []).append(item)
    alone = [g for block in by_block.values() for g in cluster(block)]
    assert shape(alone) == together


def test_merge_blocks_hold_the_mentions_of_one_incident_together() -> None:
    # Why: a reviewer's merge gathers far places into one incident, which is re-clustered
    # (and its merge replayed) only when all of its mentions are read together.
    rng = random.Random(2)
    near, far = random_item(rng, 1), random_item(rng, 2)
    near.data.update(lat=34.69, lon=40.83, date="2018-06-24", date_end="2018-06-24")
    far.data.update(lat=36.20, lon=37.15, date="2018-06-24", date_end="2018-06-24")
    both = [footprint(near), footprint(far)]
    assert len(set(blocks(both).values())) == 2
    assert len(set(blocks(both, together=[both]).values())) == 1


def test_merge_blocks_keep_far_places_and_distant_days_apart() -> None:
    # Why: blocks must stay small where mentions cannot meet, or memory follows the batch.
    rng = random.Random(1)
    near, far = random_item(rng, 1), random_item(rng, 2)
    near.data.update(lat=34.69, lon=40.83, date="2018-06-24", date_end="2018-06-24")
    far.data.update(lat=36.20, lon=37.15, date="2018-06-24", date_end="2018-06-24")
    later = Item(3, "k3", 3, 3, "story:3", {**near.data, "date": "2018-06-27"})
    later.data["date_end"] = "2018-06-27"
    block_of = blocks([footprint(i) for i in (near, far, later)])
    assert len(set(block_of.values())) == 3


def _incidents(project: Project) -> dict[str, tuple[str, list[str]]]:
    """Each incident's grade and mention keys: what must not depend on how it was resolved."""
    out: dict[str, tuple[str, list[str]]] = {}
    for row in project.store.incidents():
        keys = sorted(source["mention_key"] for source in row["data"]["sources"])
        out[row["id"]] = (row["grade"], keys)
    return out


def test_merge_blocks_resolve_in_small_groups_as_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Why: groups only bound memory; the incidents must not depend on their size.
    results = []
    for size in (1, 100_000):
        monkeypatch.setattr(civharm.resolution, "RESOLVE_GROUP", size)
        with civharm.open_project(db=f"sqlite:///{tmp_path / f'{size}.db'}") as project:
            project.ingest(sample_files(), workers=1)
            results.append(_incidents(project))
    assert results[0] == results[1]
    assert results[0]


def test_merge_blocks_resolve_everything_gives_what_ingest_gave(project: Project) -> None:
    # Why: re-clustering every province must agree with placing new mentions block by block.
    project.ingest(sample_files(), workers=1)
    placed = _incidents(project)
    project.resolve(everything=True)
    assert _incidents(project) == placed


def test_merge_blocks_resolve_a_town_the_gazetteer_files_under_no_province(
    project: Project, tmp_path: Path
) -> None:
    # Why: an ingest resolves only what is new, and what it reads as new must be every
    # mention a full resolve would link: a town with coordinates but no province (GeoNames
    # files some Ethiopian towns so) was once left without an incident until `--all`.
    report = tmp_path / "arba-minch.txt"
    report.write_text(
        "Drone strike kills five civilians in Ethiopia\n\n"
        "A drone strike on a market in Arba Minch killed five civilians on Monday, "
        "residents said.\n",
        encoding="utf-8",
    )
    project.ingest([report], workers=1)
    rows = project.store.mention_rows()
    assert [(row["place"], row["admin1"]) for row in rows] == [("Arba Minch", None)]
    assert rows[0]["incident_id"] is not None
    placed = _incidents(project)
    project.resolve(everything=True)
    assert _incidents(project) == placed
