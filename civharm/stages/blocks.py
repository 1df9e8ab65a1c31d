"""Blocking for incident resolution: which mentions and incidents could ever be merged.

Resolution works one block at a time (`civharm.resolution`), so memory follows the
largest block rather than the corpus; the blocks are drawn wide enough that clustering
each alone gives what clustering everything at once gives (`merge.same_place`,
`merge.same_time`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from civharm.place_names import name_key
from civharm.stages.merge import CELL, Item, day_range, days_of, named_only

Where = tuple[Any, ...]
When = tuple[Any, ...]
Footprint = tuple[Where, When]


def footprint(item: Item) -> Footprint:
    """Where and when a mention stands for blocking: its map cell (or the name of a place
    the gazetteer lacks) and its first and last day (or, undated, its month-day or hint)."""
    if named_only(item):
        where: Where = ("name", item.get("country"), name_key(item.get("place_mentioned")))
    else:
        lat, lon = item.get("lat") or 0.0, item.get("lon") or 0.0
        where = ("cell", item.get("country"), math.floor(lon / CELL), math.floor(lat / CELL))
    span = day_range(item)
    if span:
        return where, ("days", span[0].toordinal(), span[1].toordinal())
    hint = item.get("date_hint") or ""
    return where, (("md", hint.split(":")[1]) if hint.startswith("month-day:") else ("hint", hint))


def blocks(
    footprints: Iterable[Footprint], *, together: Iterable[Sequence[Footprint]] = ()
) -> dict[Footprint, int]:
    """Number the footprints so that two mentions that could ever be merged share a
    block: clustering each block alone then gives what clustering everything at once
    gives, while holding one block in memory.

    Two footprints can meet when their places are looked up from one another (the same
    named place, or map cells at most one apart) and their times pass `same_time`: dated
    spans at most a day apart, an undated month-day within a dated span's first days, or
    the same undated hint. Chains of such pairs make one block. Each of `together` (footprints
    among `footprints`) is put in one block as well: the mentions of one stored incident,
    which a reviewer's merge may have gathered from far apart.
    """
    parent: dict[Footprint, Footprint] = {}

    def find(fp: Footprint) -> Footprint:
        while parent[fp] != fp:
            parent[fp] = parent[parent[fp]]
            fp = parent[fp]
        return fp

    def union(a: Footprint, b: Footprint) -> None:
        parent[find(a)] = find(b)

    by_place: dict[Where, set[When]] = {}
    for fp in footprints:
        parent.setdefault(fp, fp)
        by_place.setdefault(fp[0], set()).add(fp[1])
    for where in by_place:
        for near in _around(where):
            if near in by_place:
                area = [(w, when) for w in {where, near} for when in by_place[w]]
                _join(area, union)
    for group in together:
        for fp in group:
            union(fp, group[0])
    numbers: dict[Footprint, int] = {}
    return {fp: numbers.setdefault(find(fp), len(numbers)) for fp in parent}


def _around(where: Where) -> list[Where]:
    """The places a mention at `where` looks up: its named place, or the cells around it."""
    if where[0] == "name":
        return [where]
    kind, country, x, y = where
    return [(kind, country, x + dx, y + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]


def _join(area: list[Footprint], union: Callable[[Footprint, Footprint], None]) -> None:
    """Join the footprints of two places that look each other up whose times can meet."""
    undated: dict[When, Footprint] = {}
    for fp in area:
        if fp[1][0] != "days":
            union(fp, undated.setdefault(fp[1], fp))
    dated = sorted((fp for fp in area if fp[1][0] == "days"), key=lambda fp: fp[1][1:])
    reach: Footprint | None = None  # the dated footprint ending last so far
    for fp in dated:
        if reach is not None and fp[1][1] <= reach[1][2] + 1:
            union(fp, reach)
        if reach is None or fp[1][2] > reach[1][2]:
            reach = fp
    for when, fp in undated.items():
        if when[0] == "md":
            for other in dated:
                if _month_day(when[1]) in _month_days(other[1]):
                    union(fp, other)


def _month_day(text: str) -> tuple[int, int] | None:
    """A month-day hint's month and day, as `same_time` reads them."""
    try:
        month, day = (int(x) for x in text.split("-"))
    except ValueError:
        return None
    return month, day


def _month_days(when: When) -> set[tuple[int, int]]:
    """The month-days an undated "June 24" report is compared with (see `same_time`)."""
    span = (dt.date.fromordinal(when[1]), dt.date.fromordinal(when[2]))
    return {(d.month, d.day) for d in days_of(span)}
