"""Run the annotated extraction cases in tests/data/extraction/cases.json.

Shared by tests/test_extract.py (one test per case) and by anyone who wants the per-field
scores: `python -m tests.extraction_cases`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

from civharm.extract.lexicon import lexicon
from civharm.gazetteer import Gazetteer
from civharm.model import Article, Mention, Span
from civharm.place_names import name_key
from civharm.stages.extract import Extracted, extract_article

DATA = Path(__file__).parent / "data" / "extraction"
CASES: list[dict[str, Any]] = json.loads((DATA / "cases.json").read_text(encoding="utf-8"))["cases"]
# Cases written from what real reports do (../shared/eval/real-text-phenomena.md), each id
# prefixed with its group: words-, passive-, range-, sub-, other-, names-, agg-, who-, where-.
PHENOMENA: list[dict[str, Any]] = json.loads(
    (DATA / "real-phenomena.json").read_text(encoding="utf-8")
)["cases"]


def run_article(case: dict[str, Any], gazetteer: Gazetteer) -> Extracted:
    text = case["text"]
    published = dt.date.fromisoformat(case["published"]) if case["published"] else None
    article = Article(
        ordinal=0, span=Span(0, len(text)), body=Span(0, len(text)), text=text, published=published
    )
    return extract_article(text, article, gazetteer)


def run_case(case: dict[str, Any], gazetteer: Gazetteer) -> list[Mention]:
    return run_article(case, gazetteer).mentions


def _claimant(name: str) -> str:
    for pattern, alias in lexicon().claimant_aliases:
        if pattern.fullmatch(name):
            return alias.lower()
    return name.lower().removeprefix("the ")


def value(mention: Mention, field: str) -> Any:
    """A mention's value for a field of the cases file."""
    ranges = {
        "killed": mention.killed,
        "injured": mention.injured,
        "casualties": mention.casualties,
    }
    kind, _, bound = field.rpartition("_")
    if kind in ranges and bound in ("min", "max"):
        return getattr(ranges[kind], bound)
    if field == "hedged":
        return bool(mention.hedges)
    if field == "contested":
        return bool(mention.contested)
    if field == "suspected":
        return list(mention.suspected)
    if field in ("place_mentioned", "admin1", "country"):
        return getattr(mention.place, "mentioned" if field == "place_mentioned" else field)
    if field in ("date", "date_end"):
        found = getattr(mention, field)
        return found.isoformat() if found else None
    return getattr(mention, field)


@cache
def _admin1_id(name: str) -> int | str:
    found = Gazetteer.open().admin1(name)
    return found.id if found is not None else name_key(name)


def same(field: str, expected: Any, got: Any) -> bool:
    if field in ("place_mentioned", "admin1"):
        if expected is None or got is None:
            return expected is got
        if field == "admin1":
            return _admin1_id(expected) == _admin1_id(got)
        return name_key(expected) == name_key(got)
    if field == "claimants":
        found = {_claimant(c) for c in got}
        return all(_claimant(c) in found for c in expected)
    if field in ("targets", "weapons"):
        return set(expected) <= set(got)
    return bool(expected == got)


CORE = (
    "killed_min", "killed_max", "injured_min", "injured_max", "casualties_min", "casualties_max",
    "children_killed", "women_killed", "place_mentioned", "date", "date_end", "date_hint",
)  # fmt: skip


def aggregate_differences(case: dict[str, Any], found: Extracted) -> list[str]:
    """Where the aggregate claims differ from a case's `aggregates` (when it lists them)."""
    if "aggregates" not in case:
        return []
    expected, got = case["aggregates"], found.aggregates
    out = [f"{len(got)} aggregates, expected {len(expected)}"] if len(got) != len(expected) else []
    for i, (want, claim) in enumerate(zip(expected, got, strict=False)):
        for field, wanted in want.items():
            kind, _, bound = field.rpartition("_")
            value_ = getattr(getattr(claim, kind), bound)
            if value_ != wanted:
                out.append(f"aggregate {i}: {field} got {value_!r}, expected {wanted!r}")
    return out


def differences(
    case: dict[str, Any], mentions: list[Mention], fields: tuple[str, ...] | None = None
) -> list[str]:
    """What the extraction got wrong in one case (in `fields`, default all); empty when right."""
    expected = case["mentions"]
    out = []
    if len(mentions) != len(expected):
        out.append(f"{len(mentions)} mentions, expected {len(expected)}")
    for i, (want, got) in enumerate(zip(expected, mentions, strict=False)):
        for field, wanted in want.items():
            if fields is not None and field not in fields:
                continue
            found = value(got, field)
            if not same(field, wanted, found):
                out.append(f"mention {i}: {field} got {found!r}, expected {wanted!r}")
    return out


def field_scores(gazetteer: Gazetteer) -> tuple[int, Counter[str], Counter[str]]:
    """Cases fully right, and per field: how often checked and how often right."""
    right, checked, correct = 0, Counter[str](), Counter[str]()
    for case in CASES:
        mentions = run_case(case, gazetteer)
        right += not differences(case, mentions)
        for want, got in zip(case["mentions"], mentions, strict=False):
            for field, wanted in want.items():
                checked[field] += 1
                correct[field] += same(field, wanted, value(got, field))
    return right, checked, correct


if __name__ == "__main__":
    gz = Gazetteer.open()
    for case in PHENOMENA:
        found = run_article(case, gz)
        diff = differences(case, found.mentions) + aggregate_differences(case, found)
        print(
            ("ok   " if not diff else "FAIL ")
            + case["id"]
            + ("" if not diff else ": " + "; ".join(diff))
        )
    right, checked, correct = field_scores(gz)
    print(f"{right}/{len(CASES)} cases fully right")
    for field in sorted(checked, key=lambda f: correct[f] / checked[f]):
        print(f"  {field:16} {correct[field]:3}/{checked[field]:3}")
    for case in CASES:
        if diff := differences(case, run_case(case, gz)):
            print(f"- {case['id']}: " + "; ".join(diff))
