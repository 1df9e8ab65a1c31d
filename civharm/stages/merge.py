"""Merging: mentions of the same event, across articles, become one incident.

Mentions are merged when they agree on place (the same gazetteer entry, or within a few
kilometres), could be the same day, and name no different perpetrator or event kind;
mentions of one article are never merged with each other, since extraction already told
them apart. Figures become ranges across sources, copies of one story count as one
source, and the grade is suggested by rules. Incident ids are kept from one run to the
next when the mentions are substantially the same.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from civharm.place_names import name_key

VERSION = "merge-2"
FIGURES = ("killed", "injured", "casualties")
_TOWN = {"point", "town", "admin2"}
LINKED_PRECISIONS = (*sorted(_TOWN), "admin1")  # the precisions of mentions that are merged


@dataclass
class Item:
    """A mention as the merge stage sees it: stored fields plus its story and source."""

    id: int
    key: str
    article_id: int
    story: int
    source: str
    data: dict[str, Any]

    def get(self, name: str) -> Any:
        return self.data.get(name)


@dataclass
class Cluster:
    items: list[Item] = field(default_factory=list)
    id: str | None = None

    def fits(self, item: Item, *, km: float) -> bool:
        """Whether a mention may join: compatible with the incident's first mention, from
        an article not yet in it, and naming no perpetrator the incident lacks (unless
        place and day are exactly the same)."""
        anchor = self.items[0]
        if any(other.article_id == item.article_id for other in self.items):
            return False
        if not compatible(item, anchor, km=km):
            return False
        named = {_named(other) for other in self.items} - {None}
        perpetrator = _named(item)
        if perpetrator and named and perpetrator not in named:
            same_story = any(other.story == item.story for other in self.items)
            strong = (
                item.get("place_id") == anchor.get("place_id")
                and item.get("date")
                and (item.get("date") == anchor.get("date"))
            )
            return bool(same_story or strong)
        return True


def _km(a: Item, b: Item) -> float:
    lat1, lon1, lat2, lon2 = (a.get("lat"), a.get("lon"), b.get("lat"), b.get("lon"))
    if None in (lat1, lon1, lat2, lon2):
        return math.inf
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def named_only(item: Item) -> bool:
    """A mention whose place the gazetteer lacks: named as written, with no coordinates."""
    return item.get("lat") is None and bool(item.get("place_mentioned"))


def linkable(item: Item) -> bool:
    """A mention pinned to a town or a province, or naming a place the gazetteer lacks;
    country-only or placeless ones stay unlinked."""
    placed = item.get("geo_precision") in LINKED_PRECISIONS and item.get("lat") is not None
    return placed or named_only(item)


def same_place(a: Item, b: Item, *, km: float) -> bool:
    if named_only(a) or named_only(b):
        return (
            named_only(a)
            and named_only(b)
            and a.get("country") == b.get("country")
            and name_key(a.get("place_mentioned")) == name_key(b.get("place_mentioned"))
        )
    town_a, town_b = a.get("geo_precision") in _TOWN, b.get("geo_precision") in _TOWN
    if town_a != town_b:
        return False  # a province-level mention does not join a town's incident
    if not town_a:
        return (
            bool(a.get("admin1"))
            and a.get("admin1") == b.get("admin1")
            and (
                (a.get("place_mentioned") or "").lower() == (b.get("place_mentioned") or "").lower()
            )
        )
    if a.get("place_id") is not None and a.get("place_id") == b.get("place_id"):
        return True
    return _km(a, b) <= km


def same_time(a: Item, b: Item, *, days: int = 1) -> bool:
    """Whether two mentions could be of the same day, allowing `days` of reporting slack.

    Dates that cannot be compared do not match (a weekday of an undated report against a
    full date, a weekday against a month-day): a false merge hides an incident, while a
    missed one is one reviewer action away.
    """
    da, db = day_range(a), day_range(b)
    if da and db:
        return da[0] - dt.timedelta(days=days) <= db[1] and db[0] - dt.timedelta(days=days) <= da[1]
    ha, hb = a.get("date_hint") or "", b.get("date_hint") or ""
    if da or db:
        dated, hint = (da, hb) if da else (db, ha)
        if hint.startswith("month-day:") and dated:
            month, day = (int(x) for x in hint.split(":")[1].split("-"))
            return any((d.month, d.day) == (month, day) for d in days_of(dated))
        return False  # nothing says when the other happened
    if not ha and not hb:
        return True
    return ha == hb


def day_range(item: Item) -> tuple[dt.date, dt.date] | None:
    if not item.get("date"):
        return None
    start = dt.date.fromisoformat(str(item.get("date")))
    return start, dt.date.fromisoformat(str(item.get("date_end") or item.get("date")))


def days_of(span: tuple[dt.date, dt.date]) -> list[dt.date]:
    count = min((span[1] - span[0]).days, 62)
    return [span[0] + dt.timedelta(days=n) for n in range(count + 1)]


_SPECIFIC = ("killed_min", "killed_max", "injured_min", "injured_max")


def _same_specifics(a: Item, b: Item) -> bool:
    """Two reports name the same target and the same figure: "the bakery", "killing 12"."""
    targets = set(a.get("targets") or []) & set(b.get("targets") or [])
    figures = {f: a.get(f) for f in _SPECIFIC if a.get(f)}
    return bool(targets) and any(b.get(f) == value for f, value in figures.items())


def compatible(a: Item, b: Item, *, km: float) -> bool:
    if a.article_id == b.article_id:
        return False
    if not (same_place(a, b, km=km) and same_time(a, b)):
        return False
    # Undated reports of one town are often of different strikes (a monitor's hundred
    # narratives on Mosul): only copies of one story, or one target and figure, join.
    undated = not a.get("date") and not b.get("date")
    if undated and a.story != b.story and not _same_specifics(a, b):
        return False
    pa, pb = _named(a), _named(b)
    if pa and pb and pa != pb and a.story != b.story:
        strong = (
            a.get("place_id") == b.get("place_id")
            and a.get("date")
            and a.get("date") == b.get("date")
        )
        if not strong:
            return False
    return bool((a.get("event_type") == "chemical") == (b.get("event_type") == "chemical"))


def _order(item: Item) -> tuple[int, str, str, str]:
    """The canonical order of clustering: dated mentions first, so that an undated one
    never seeds an incident others join; by first day, the narrower span first (a
    week-long "last week" would make a poor anchor for the days in it); then by mention
    key. It follows what the mentions say, never when they were stored, so that any
    order of ingests gives the same incidents."""
    date = str(item.get("date") or "")
    return (0 if date else 1, date, str(item.get("date_end") or date), item.key)


def cluster(items: Sequence[Item], *, km: float = 5.0) -> list[Cluster]:
    """Group linkable mentions into incidents, in the canonical order (`_order`): a
    mention joins the first incident made so far that `Cluster.fits` it.

    An incident is filed under the keys of its first mention (`_keys`), and a mention is
    compared with those filed under its own. One that an undated mention began is filed
    further by story and by target and figure (`_undated_keys`): an undated mention can
    only join it through one of those (`compatible`), and comparing each undated report
    of a busy town with every other made clustering grow with the square of the corpus.
    Dated mentions come first in the canonical order, so every incident a dated mention
    began was made before any other, and the order in which candidates are tried is the
    order of a single list per key.
    """
    dated: dict[tuple[Any, ...], list[Cluster]] = {}
    undated: dict[tuple[Any, ...], list[tuple[int, Cluster]]] = {}

    def register(group: Cluster) -> None:
        anchor = group.items[0]
        for key in _keys(anchor, around=False):
            if anchor.get("date"):
                dated.setdefault(key, []).append(group)
                continue
            for detail in _undated_keys(anchor):
                undated.setdefault((*key, *detail), []).append((len(made), group))

    made: list[Cluster] = []
    for item in sorted(items, key=_order):
        if not linkable(item):
            continue
        seen: set[int] = set()
        candidates: list[Cluster] = []
        details = [] if item.get("date") else _undated_keys(item)
        for key in _keys(item):
            groups = dated.get(key, [])
            if details:
                later = [g for detail in details for g in undated.get((*key, *detail), [])]
                groups = [*groups, *(group for _, group in sorted(later, key=_number))]
            for group in groups:
                if id(group) not in seen:
                    seen.add(id(group))
                    candidates.append(group)
        for candidate in candidates:
            if candidate.fits(item, km=km):
                candidate.items.append(item)
                break
        else:
            group = Cluster([item])
            register(group)
            made.append(group)
    return made


def _number(numbered: tuple[int, Cluster]) -> int:
    return numbered[0]


def _undated_keys(item: Item) -> list[tuple[Any, ...]]:
    """What an undated mention shares with an undated incident it may join: the story,
    or a target and a figure (`_same_specifics`)."""
    figures = [(f, item.get(f)) for f in _SPECIFIC if item.get(f)]
    return [
        ("story", item.story),
        *(
            ("specific", target, *figure)
            for target in item.get("targets") or []
            for figure in figures
        ),
    ]


CELL = 0.1  # degrees, about 11 km: wider than any sensible merge_km


def _keys(item: Item, *, around: bool = True) -> list[tuple[Any, ...]]:
    """Where a mention is filed (`around=False`) or looked for: its map cell (and, when
    looking, the cells around it), and each day it could be, with a day of slack either
    side, its month and day for undated "June 24" reports, or its date hint.

    Only mentions sharing a key are compared, so placing a mention costs the incidents
    near it in place and time, not every incident of its province.
    """
    lat, lon = item.get("lat") or 0.0, item.get("lon") or 0.0
    x, y = math.floor(lon / CELL), math.floor(lat / CELL)
    steps = (-1, 0, 1) if around else (0,)
    cells: list[tuple[Any, ...]] = [
        (item.get("country"), x + dx, y + dy) for dx in steps for dy in steps
    ]
    if named_only(item):
        cells = [(item.get("country"), "name", name_key(item.get("place_mentioned")))]
    span = day_range(item)
    times: list[tuple[str, str]]
    if span:
        days = days_of((span[0] - dt.timedelta(days=1), span[1] + dt.timedelta(days=1)))
        times = [("day", d.isoformat()) for d in days]
        times += [("md", f"{d.month:02}-{d.day:02}") for d in days]
    else:
        hint = item.get("date_hint") or ""
        times = [("md", hint.split(":")[1])] if hint.startswith("month-day:") else [("hint", hint)]
    return [(*cell, *when) for cell in cells for when in times]


def new_id(keys: Iterable[str]) -> str:
    return "inc-" + hashlib.sha1(min(keys).encode()).hexdigest()[:12]


def assign_ids(clusters: Sequence[Cluster], previous: dict[str, str]) -> None:
    """Keep an incident's id when most of its mentions belonged to it before.

    `previous` maps mention keys to the incident id they had. Each old id goes to the
    cluster holding most of its mentions (at least half of that cluster); other clusters
    get an id derived from their first mention's key.
    """
    votes: list[tuple[int, int, str]] = []
    for index, group in enumerate(clusters):
        counts = Counter(previous[i.key] for i in group.items if i.key in previous)
        for old, n in counts.items():
            if n * 2 >= len(group.items):
                votes.append((n, index, old))
    taken: set[str] = set()
    for _, index, old in sorted(votes, key=lambda v: (-v[0], v[1])):
        if clusters[index].id is None and old not in taken:
            clusters[index].id = old
            taken.add(old)
    for group in clusters:
        if group.id is None:
            candidate = new_id(i.key for i in group.items)
            while candidate in taken:
                candidate = new_id([candidate])
            group.id = candidate
            taken.add(candidate)


def _range(items: Sequence[Item], name: str) -> tuple[int | None, int | None]:
    lows = [i.get(f"{name}_min") for i in items if i.get(f"{name}_min") is not None]
    stated = [
        v for i in items for v in (i.get(f"{name}_min"), i.get(f"{name}_max")) if v is not None
    ]
    open_ended = [
        i for i in items if i.get(f"{name}_min") is not None and i.get(f"{name}_max") is None
    ]
    high = max(stated) if stated else None
    if (
        open_ended
        and high is not None
        and high == max(lows, default=None)
        and not any(i.get(f"{name}_max") == high for i in items)
    ):
        high = None  # the highest figure is itself only a lower bound ("at least 26")
    return (min(lows) if lows else None), high


def _independent(items: Sequence[Item]) -> int:
    """Distinct sources: mentions sharing a story, an outlet or a relayed agency are one.

    `Item.source` holds space-separated keys ("story:12 outlet:press tv"); mentions that
    share any key belong to the same source.
    """
    owner: dict[str, int] = {}
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for index, item in enumerate(items):
        for key in item.source.split():
            if key in owner:
                parent[find(index)] = find(owner[key])
            else:
                owner[key] = index
    return len({find(i) for i in range(len(items))})


def _named(item: Item) -> str | None:
    """The perpetrator a mention names; "unknown" names nobody, so it never conflicts."""
    perpetrator = item.get("perpetrator")
    return None if perpetrator in (None, "unknown") else str(perpetrator)


def _most(values: Iterable[Any]) -> Any:
    counted = Counter(v for v in values if v)
    return counted.most_common(1)[0][0] if counted else None


def grade(
    *, acknowledged: bool, contested: list[str], independent: int, perpetrator: str | None
) -> str:
    """Airwars-style grade suggestion; `discounted` is only ever set by a reviewer."""
    if contested:
        return "contested"
    if acknowledged:
        return "confirmed"
    if independent >= 2 and perpetrator:
        return "fair"
    return "weak"


def build(group: Cluster, sources: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """The incident's fields from its mentions; `sources` gives each mention's article."""
    items = group.items
    towns = [i for i in items if i.get("geo_precision") in _TOWN] or items
    place = Counter((i.get("place"), i.get("place_mentioned")) for i in towns).most_common(1)[0][0]
    anchor = next(i for i in towns if (i.get("place"), i.get("place_mentioned")) == place)
    dates = [i for i in items if i.get("date")]
    perpetrators = [p for i in items if (p := _named(i))]
    # nobody named by any report: "unknown" if one said so (or left several suspected)
    perpetrator = _most(perpetrators) or _most(i.get("perpetrator") for i in items)
    contested = sorted(set(perpetrators)) if len(set(perpetrators)) > 1 else []
    denials = sorted({d for i in items for d in i.get("contested") or []})
    if denials:
        contested = [*contested, *[f"denial: {d}" for d in denials]]
    stories = {i.story for i in items}
    independent = _independent(items)
    record: dict[str, Any] = {
        "event_type": _most(i.get("event_type") for i in items if i.get("event_type") != "attack")
        or _most(i.get("event_type") for i in items),
        "date": min(str(i.get("date")) for i in dates) if dates else None,
        "date_end": max(str(i.get("date_end") or i.get("date")) for i in dates) if dates else None,
        "date_precision": _most(i.get("date_precision") for i in dates) if dates else "unknown",
        "date_hint": None if dates else _most(i.get("date_hint") for i in items),
        "place": anchor.get("place"),
        "place_mentioned": anchor.get("place_mentioned"),
        "place_id": anchor.get("place_id"),
        "admin1": anchor.get("admin1"),
        "country": anchor.get("country"),
        "lat": anchor.get("lat"),
        "lon": anchor.get("lon"),
        "geo_precision": anchor.get("geo_precision"),
        "perpetrator": perpetrator,
        "suspected": list(dict.fromkeys(s for i in items for s in i.get("suspected") or [])),
        "victims": next(
            (
                v
                for v in ("civilians", "military", "unknown")
                if any(i.get("victims") == v for i in items)
            ),
            None,
        ),
        "children_killed": min(
            (i.get("children_killed") for i in items if i.get("children_killed") is not None),
            default=None,
        ),
        "women_killed": min(
            (i.get("women_killed") for i in items if i.get("women_killed") is not None),
            default=None,
        ),
        "weapons": sorted({w for i in items for w in i.get("weapons") or []}),
        "targets": sorted({t for i in items for t in i.get("targets") or []}),
        "claimants": sorted({c for i in items for c in i.get("claimants") or []}),
        "contested": contested,
        "n_reports": len(items),
        "n_stories": len(stories),
        "n_independent_sources": independent,
        "claimant_chains": sorted(
            {
                " ← ".join(
                    [str(sources[i.article_id].get("outlet") or "?"), *(i.get("claimants") or [])]
                )
                for i in items
            }
        ),
        "sources": [
            {
                "doc_id": sources[i.article_id]["doc_id"],
                "title": sources[i.article_id]["title"],
                "outlet": sources[i.article_id]["outlet"],
                "published": sources[i.article_id]["published"],
                "quote": i.get("quote"),
                "start": i.get("start"),
                "end": i.get("end"),
                "mention_key": i.key,
                "story": i.story or None,
            }
            for i in sorted(items, key=lambda i: i.id)
        ],
    }
    for name in FIGURES:
        record[f"{name}_min"], record[f"{name}_max"] = _range(items, name)
    record["grade"] = grade(
        acknowledged=any(i.get("acknowledged") for i in items),
        contested=contested,
        independent=independent,
        perpetrator=perpetrator,
    )
    return record
