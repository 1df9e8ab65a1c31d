"""Predictions paired one to one with gold incidents: how well a place matches, how many
figures agree, the greedy assignment, and the differences left in a matched pair.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from civharm.evaluate.gold_records import FIGURE_FIELDS, PLACE_RATIO, _GoldIncident
from civharm.evaluate.predictions import _Pred
from civharm.evaluate.report import _show
from civharm.place_names import name_key

# Place match strengths, strongest last: used to rank candidate pairs.
_BY_ADMIN1, _BY_FUZZY, _BY_KEY = 1, 2, 3


def _place_strength(gold: _GoldIncident, pred: _Pred) -> int:
    """How well the prediction's place names the gold place: 0 = not at all."""
    best = 0
    for name in pred.places:
        key = name_key(name)
        if not key:
            continue
        if key in gold.keys:
            return _BY_KEY
        if any(fuzz.ratio(key, g) >= PLACE_RATIO for g in gold.keys):
            best = _BY_FUZZY
    if not best and gold.admin1_keys and pred.admin1:
        key = name_key(pred.admin1)
        if key and any(key == g or fuzz.ratio(key, g) >= PLACE_RATIO for g in gold.admin1_keys):
            best = _BY_ADMIN1
    return best


def _agreement(gold: _GoldIncident, pred: _Pred) -> tuple[int, int]:
    """Figures stated alike (both non-null), then all fields alike (nulls included).

    Stated figures come first: a sparse gold incident ("a number of civilians") agrees
    with anything on its nulls, and must not win a mention whose numbers fit another.
    """
    pairs = list(zip(gold.figures, pred.figures, strict=True))
    stated = sum(g == p for g, p in pairs if g is not None)
    return stated, sum(g == p for g, p in pairs)


def _assign(
    golds: Sequence[_GoldIncident], preds: Sequence[_Pred]
) -> tuple[dict[int, _Pred], dict[int, str]]:
    """Greedy one-to-one matching in one unit (an article copy, or an article).

    Pairs that name the same place are taken best first: most stated figures alike, a
    required incident before an optional one (the scorer credits what must be found),
    the stronger place match, most fields alike, then gold and prediction order.

    Returns gold order → matched prediction, and prediction order → the key of the gold
    incident it matches on place but lost to another prediction (a duplicate).
    """
    pairs = []
    for g in golds:
        for p in preds:
            strength = _place_strength(g, p)
            if strength:
                stated, alike = _agreement(g, p)
                rank = (-stated, not g.required, -strength, -alike, g.order, p.order)
                pairs.append((rank, g, p))
    pairs.sort(key=lambda t: t[0])
    matched: dict[int, _Pred] = {}
    used: set[int] = set()
    lost: dict[int, str] = {}
    for _, g, p in pairs:
        if g.order in matched or p.order in used:
            if p.order not in used and p.order not in lost:
                lost[p.order] = g.key
            continue
        matched[g.order] = p
        used.add(p.order)
    return matched, {k: v for k, v in lost.items() if k not in used}


def _differences(gold: _GoldIncident, pred: _Pred) -> tuple[str, ...]:
    return tuple(
        f"{name}: got {_show(p)}, gold {_show(g)}"
        for name, g, p in zip(FIGURE_FIELDS, gold.figures, pred.figures, strict=True)
        if g != p
    )
