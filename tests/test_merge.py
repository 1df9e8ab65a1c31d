"""Merging mentions into incidents: compatible ones join, incompatible ones stay apart."""

from __future__ import annotations

from dataclasses import replace
from itertools import permutations
from typing import Any

from civharm.stages.merge import Cluster, Item, assign_ids, build, cluster, grade


def item(
    id: int, article: int, *, story: int | None = None, source: str | None = None, **data: Any
) -> Item:
    base = {
        "place_id": 1, "place": "Hajin", "place_mentioned": "Hajin", "admin1": "Deir ez-Zor",
        "country": "SY", "lat": 34.69, "lon": 40.83, "geo_precision": "town",
        "date": "2018-11-10", "date_end": "2018-11-10", "date_precision": "day",
    }  # fmt: skip
    base.update(data)
    return Item(
        id, f"k{id}", article, story or article, source or f"story:{story or article}", base
    )


SOURCES = {
    a: {"doc_id": f"d{a}", "title": f"t{a}", "outlet": f"o{a}", "published": None}
    for a in range(1, 9)
}


def test_merge_same_place_and_day_from_two_outlets_is_one_incident() -> None:
    groups = cluster(
        [item(1, 1, killed_min=20, killed_max=20), item(2, 2, killed_min=30, killed_max=54)]
    )
    assert len(groups) == 1
    record = build(groups[0], SOURCES)
    assert (record["killed_min"], record["killed_max"]) == (20, 54)
    assert (record["n_reports"], record["n_independent_sources"]) == (2, 2)


def test_merge_an_open_ended_count_above_every_upper_bound_leaves_no_upper_bound() -> None:
    # "20 killed" and "at least 26 killed": nobody stated a maximum that holds for both.
    groups = cluster([item(1, 1, killed_min=20, killed_max=20), item(2, 2, killed_min=26)])
    record = build(groups[0], SOURCES)
    assert (record["killed_min"], record["killed_max"]) == (20, None)


def test_merge_different_days_at_one_place_stay_apart() -> None:
    # Why: the Saturday and the Friday strikes on one town are two incidents.
    a = item(1, 1, date=None, date_end=None, date_precision="unknown", date_hint="weekday:Saturday")
    b = item(2, 2, date=None, date_end=None, date_precision="unknown", date_hint="weekday:Friday")
    assert len(cluster([a, b])) == 2


def test_merge_two_mentions_of_one_article_never_merge() -> None:
    assert len(cluster([item(1, 1), item(2, 1)])) == 2


def test_merge_copies_count_as_one_source() -> None:
    groups = cluster([item(1, 1, story=9), item(2, 2, story=9), item(3, 3, story=9)])
    record = build(groups[0], SOURCES)
    assert (record["n_reports"], record["n_independent_sources"]) == (3, 1)


def test_merge_relayed_claims_count_toward_the_claimant() -> None:
    a = item(1, 1, source="claim:sana", claimants=["SANA"])
    b = item(2, 2, source="claim:sana", claimants=["SANA", "local sources"])
    record = build(cluster([a, b])[0], SOURCES)
    assert record["n_independent_sources"] == 1
    assert "o2 ← SANA ← local sources" in record["claimant_chains"]


def test_merge_unplaced_or_country_only_mentions_stay_unlinked() -> None:
    vague = item(1, 1, geo_precision="country", lat=35.0, lon=38.0)
    nowhere = item(2, 2, place=None, place_mentioned=None, geo_precision=None, lat=None, lon=None)
    assert cluster([vague, nowhere]) == []


def unknown_village(id: int, article: int, name: str, **data: Any) -> Item:
    """A mention naming a place the gazetteer lacks: the name as written, no coordinates."""
    fields = {
        "place": None, "place_id": None, "place_mentioned": name, "admin1": None,
        "country": "LB", "lat": None, "lon": None, "geo_precision": None,
    }  # fmt: skip
    return item(id, article, **{**fields, **data})


def test_merge_a_place_the_gazetteer_lacks_is_an_incident_off_the_map() -> None:
    groups = cluster([unknown_village(1, 1, "Kfar Kila")])
    assert len(groups) == 1
    record = build(groups[0], SOURCES)
    assert (record["place_mentioned"], record["country"], record["lat"]) == (
        "Kfar Kila",
        "LB",
        None,
    )


def test_merge_places_the_gazetteer_lacks_join_only_by_name_and_country() -> None:
    same = [unknown_village(1, 1, "Kfar Kila"), unknown_village(2, 2, "Kfar-Kila")]
    assert len(cluster(same)) == 1  # one name, written two ways
    other_village = [unknown_village(1, 1, "Kfar Kila"), unknown_village(2, 2, "Khiam")]
    assert len(cluster(other_village)) == 2
    abroad = [unknown_village(1, 1, "Kfar Kila"), unknown_village(2, 2, "Kfar Kila", country="IL")]
    assert len(cluster(abroad)) == 2
    mapped = [unknown_village(1, 1, "Hajin"), item(2, 2)]  # a gazetteer town of that name
    assert len(cluster(mapped)) == 2


def test_merge_towns_a_few_km_apart_merge_but_not_far_ones() -> None:
    near = item(2, 2, place_id=2, lat=34.70, lon=40.85)
    far = item(3, 3, place_id=3, lat=35.50, lon=40.00)
    assert len(cluster([item(1, 1), near], km=5)) == 1
    assert len(cluster([item(1, 1), far], km=5)) == 2


def test_merge_conflicting_perpetrators_are_contested() -> None:
    a = item(1, 1, perpetrator="Russia")
    b = item(2, 2, perpetrator="Syrian government")
    record = build(cluster([a, b])[0], SOURCES)
    assert record["contested"] == ["Russia", "Syrian government"]
    assert record["grade"] == "contested"


def test_merge_grades() -> None:
    assert grade(acknowledged=True, contested=[], independent=1, perpetrator="X") == "confirmed"
    assert grade(acknowledged=False, contested=[], independent=2, perpetrator="X") == "fair"
    assert grade(acknowledged=False, contested=[], independent=1, perpetrator="X") == "weak"
    assert (
        grade(acknowledged=False, contested=["a", "b"], independent=3, perpetrator="X")
        == "contested"
    )


def test_merge_ids_survive_when_the_mentions_are_substantially_the_same() -> None:
    groups = [Cluster([item(1, 1), item(2, 2), item(3, 3)]), Cluster([item(4, 4)])]
    assign_ids(groups, {"k1": "inc-old", "k2": "inc-old"})
    assert groups[0].id == "inc-old"
    assert groups[1].id is not None and groups[1].id.startswith("inc-")


def test_merge_month_day_hint_meets_the_full_date() -> None:
    # "on June 24" in an undated report, and a dated report of 2018-06-24.
    dated = item(1, 1, date="2018-06-24", date_end="2018-06-24")
    undated = item(
        2, 2, date=None, date_end=None, date_precision="unknown", date_hint="month-day:06-24"
    )
    other_day = item(
        3, 3, date=None, date_end=None, date_precision="unknown", date_hint="month-day:06-25"
    )
    assert len(cluster([dated, undated])) == 1
    assert len(cluster([dated, other_day])) == 2


def test_merge_an_undated_weekday_does_not_join_a_dated_incident() -> None:
    # Why: "on Monday" with no publication date could be any Monday of any year.
    dated = item(1, 1, date="2019-04-22", date_end="2019-04-22")
    weekday = item(
        2, 2, date=None, date_end=None, date_precision="unknown", date_hint="weekday:Monday"
    )
    assert len(cluster([weekday, dated])) == 2


def test_merge_the_order_mentions_come_in_does_not_change_the_incidents() -> None:
    # Why: concurrent ingests store mentions in another order (other row ids); a report of
    # "last week" stored first anchored that week's days, stored last it joined one day.
    week = item(9, 1, date="2017-01-01", date_end="2017-01-07", date_precision="week")
    first = item(5, 2, date="2017-01-01", date_end="2017-01-01")
    seventh = item(1, 3, date="2017-01-07", date_end="2017-01-07")
    shapes = set()
    for ids in permutations([1, 5, 9]):
        given = [replace(m, id=n) for m, n in zip((week, first, seventh), ids, strict=True)]
        groups = cluster(sorted(given, key=lambda m: m.id))
        shapes.add(tuple(sorted(tuple(sorted(i.key for i in g.items)) for g in groups)))
    assert shapes == {(("k1",), ("k5", "k9"))}  # the day anchors, the week joins it


def test_merge_sources_sharing_an_outlet_or_story_are_one() -> None:
    a = item(1, 1, source="story:1 outlet:press tv")
    b = item(2, 2, source="story:2 outlet:press tv")  # a follow-up by the same outlet
    c = item(3, 3, source="story:1 outlet:other wire")  # a copy of a's story elsewhere
    d = item(4, 4, source="story:4 outlet:third")
    assert build(cluster([a, b, c, d])[0], SOURCES)["n_independent_sources"] == 2


def test_merge_unknown_attacker_does_not_conflict_with_a_named_one() -> None:
    # why: "unknown" names nobody; a report that leaves the attacker unknown must not keep
    # two reports of one strike apart, nor make the incident contested
    named = item(1, 1, perpetrator="Russia")
    unnamed = item(2, 2, perpetrator="unknown")
    (group,) = cluster([named, unnamed])
    record = build(group, SOURCES)
    assert (record["perpetrator"], record["contested"]) == ("Russia", [])
    (alone,) = cluster([item(3, 3, perpetrator="unknown")])
    assert build(alone, SOURCES)["perpetrator"] == "unknown"
