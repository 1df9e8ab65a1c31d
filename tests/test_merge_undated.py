"""Merging undated mentions: a town named in many undated reports is many strikes, not one.

Only copies of one story, or reports naming the same target and the same figure, join
when neither says when it happened; an undated mention never joins a dated one on its
place alone.
"""

from __future__ import annotations

from typing import Any

import pytest

from civharm.stages.merge import Item, cluster, compatible


def item(id: int, article: int, *, story: int | None = None, **data: Any) -> Item:
    """A mention in Mosul (a town-precise place) with no date at all, unless told otherwise."""
    base: dict[str, Any] = {
        "place_id": 7, "place": "Mosul", "place_mentioned": "Mosul", "admin1": "Ninawa",
        "country": "IQ", "lat": 36.34, "lon": 43.13, "geo_precision": "town",
        "date": None, "date_end": None, "date_precision": "unknown", "date_hint": None,
    }  # fmt: skip
    base.update(data)
    story = story or article
    return Item(id, f"k{id}", article, story, f"story:{story}", base)


DATED: dict[str, Any] = {"date": "2017-03-17", "date_end": "2017-03-17", "date_precision": "day"}


def sizes(items: list[Item]) -> list[int]:
    return sorted(len(group.items) for group in cluster(items))


def test_merge_undated_monitor_narratives_of_one_city_stay_apart() -> None:
    # why: a monitor's archive holds hundreds of undated narratives of strikes on one
    # city, each in its own article; all hitting houses, each with its own toll.
    narratives = [
        item(n, n, targets=["residential"], killed_min=n + 1, killed_max=n + 1)
        for n in range(1, 301)
    ]
    groups = cluster(narratives)
    assert len(groups) == 300
    assert all(len(group.items) == 1 for group in groups)


def test_merge_undated_narratives_without_specifics_stay_apart() -> None:
    # why: "an airstrike on Mosul killed civilians", told by 300 different articles, says
    # nothing that makes two of them one strike.
    assert sizes([item(n, n) for n in range(1, 301)]) == [1] * 300


def test_merge_undated_copies_of_one_story_join() -> None:
    # why: a wire story reprinted by two outlets, both without a date, is one strike.
    a = item(1, 1, story=9, killed_min=5, killed_max=5)
    b = item(2, 2, story=9)
    assert compatible(a, b, km=5.0)
    assert sizes([a, b]) == [2]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # the same target and the same death toll
        (
            {"targets": ["bakery"], "killed_min": 12, "killed_max": 12},
            {"targets": ["bakery"], "killed_min": 12, "killed_max": 12},
        ),
        # one target in common among several, the same number of wounded
        (
            {"targets": ["bakery", "market"], "injured_min": 30},
            {"targets": ["market"], "injured_min": 30, "killed_min": 2},
        ),
        # "at least 12" and "12 to 15": the lower bound is the same figure
        (
            {"targets": ["school"], "killed_min": 12},
            {"targets": ["school"], "killed_min": 12, "killed_max": 15},
        ),
    ],
)
def test_merge_undated_reports_sharing_target_and_figure_join(
    a: dict[str, Any], b: dict[str, Any]
) -> None:
    first, second = item(1, 1, **a), item(2, 2, **b)
    assert compatible(first, second, km=5.0)
    assert compatible(second, first, km=5.0)
    assert sizes([first, second]) == [2]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # the same target, different tolls: two strikes on bakeries
        (
            {"targets": ["bakery"], "killed_min": 12, "killed_max": 12},
            {"targets": ["bakery"], "killed_min": 4, "killed_max": 4},
        ),
        # the same toll at different targets
        (
            {"targets": ["bakery"], "killed_min": 12, "killed_max": 12},
            {"targets": ["hospital"], "killed_min": 12, "killed_max": 12},
        ),
        # the same toll and no target named
        ({"killed_min": 12, "killed_max": 12}, {"killed_min": 12, "killed_max": 12}),
        # the same target and no figure at all
        ({"targets": ["bakery"]}, {"targets": ["bakery"]}),
        # the same number, but killed in one and wounded in the other
        ({"targets": ["bakery"], "killed_min": 12}, {"targets": ["bakery"], "injured_min": 12}),
    ],
)
def test_merge_undated_reports_of_different_stories_without_both_specifics_stay_apart(
    a: dict[str, Any], b: dict[str, Any]
) -> None:
    first, second = item(1, 1, **a), item(2, 2, **b)
    assert not compatible(first, second, km=5.0)
    assert sizes([first, second]) == [1, 1]


@pytest.mark.parametrize(
    "extra",
    [
        {},  # only the place in common
        # even a shared target and toll do not say when the undated one happened
        {"targets": ["bakery"], "killed_min": 12, "killed_max": 12},
        # nor does a weekday with no date to anchor it
        {"date_hint": "weekday:Friday"},
    ],
)
@pytest.mark.parametrize("undated_first", [True, False])  # whichever comes first
def test_merge_undated_mention_never_joins_a_dated_one_on_place(
    extra: dict[str, Any], undated_first: bool
) -> None:
    dated = item(1, 1, **{**DATED, **extra})
    undated = item(2, 2, **extra)
    assert not compatible(dated, undated, km=5.0)
    assert not compatible(undated, dated, km=5.0)
    items = [undated, dated] if undated_first else [dated, undated]
    assert sizes(items) == [1, 1]


def test_merge_undated_a_dated_incident_is_not_seeded_by_an_undated_mention() -> None:
    # why: two dated reports of one day join whatever order the mentions come in, and the
    # undated mention of the same town stays on its own.
    undated = item(1, 1)
    dated = [item(2, 2, **DATED), item(3, 3, **DATED)]
    groups = cluster([undated, *dated])
    assert sorted([i.id for i in g.items] for g in groups) == [[1], [2, 3]]


def test_merge_undated_reports_in_other_towns_never_join() -> None:
    # why: sharing target and figure is not enough when the places differ.
    a = item(1, 1, targets=["bakery"], killed_min=12)
    far = item(
        2, 2, place_id=8, place="Kirkuk", lat=35.47, lon=44.39, targets=["bakery"], killed_min=12
    )
    assert sizes([a, far]) == [1, 1]


def _every_candidate(items: list[Item]) -> list[list[str]]:
    """Clustering as it was before undated incidents were filed by story and specifics:
    every incident filed under a key of the mention is tried, in the same order."""
    from civharm.stages.merge import Cluster, _keys, _order, linkable

    index: dict[tuple[Any, ...], list[Cluster]] = {}
    made: list[Cluster] = []
    for mention in sorted(items, key=_order):
        if not linkable(mention):
            continue
        candidates: list[Cluster] = []
        for key in _keys(mention):
            candidates += [g for g in index.get(key, []) if g not in candidates]
        joined = next((g for g in candidates if g.fits(mention, km=5.0)), None)
        if joined is not None:
            joined.items.append(mention)
            continue
        made.append(Cluster([mention]))
        for key in _keys(mention, around=False):
            index.setdefault(key, []).append(made[-1])
    return [[i.key for i in group.items] for group in made]


def test_merge_undated_filing_by_story_and_specifics_changes_no_incident() -> None:
    # why: undated incidents are looked up by story and by target and figure, not compared
    # with every undated report of the town; the incidents must be those of trying them all.
    import random

    rng = random.Random(10)
    hints = [None, "weekday:Tuesday", "weekday:Friday", "month-day:03-17", "month-day:03-18"]
    mentions = []
    for n in range(400):
        data: dict[str, Any] = {
            "date_hint": rng.choice(hints),
            "targets": rng.sample(["market", "school", "bakery"], rng.randint(0, 2)),
            "killed_min": rng.choice([None, 3, 4, 12]),
            "injured_max": rng.choice([None, 5, 9]),
            "perpetrator": rng.choice([None, "unknown", "coalition", "government forces"]),
            "lat": 36.34 + rng.choice([0, 0.02, 0.15]),
        }
        if rng.random() < 0.3:
            day = f"2017-03-{rng.randint(15, 19)}"
            data.update(date=day, date_end=day, date_precision="day", date_hint=None)
        mentions.append(item(n, article=n // 2, story=rng.randint(1, 40), **data))
    expected = _every_candidate(mentions)
    assert [[i.key for i in group.items] for group in cluster(mentions)] == expected
    assert len(expected) < len(mentions)  # some joined: the comparison is not vacuous
