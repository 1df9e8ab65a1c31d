"""Incidents do not depend on the order reports arrive in (issue #9).

Four ingests running together store the same reports in another order, and each resolves
what it found new; the result must be what one ingest of everything gives. Reports are
stored here with hand-made mentions (extraction is not under test), then resolved in
different orders and batchings, and the incidents compared as `civharm export incidents`
writes them, with what legitimately depends on the order (incident ids, story numbers)
normalised away as the crash benchmark does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from benchmarks.bench_crash import normalise
from civharm import Project, open_project
from civharm.model import Article, Mention, Place, Range, SourceDocument, Span

TOWNS = [  # two towns a few km apart, one a cell away, one far away
    (1, "Hajin", 34.69, 40.83), (2, "Susah", 34.71, 40.85),
    (3, "Baghuz", 34.45, 40.92), (4, "Raqqa", 35.95, 39.01),
]  # fmt: skip
WORDS = [
    "strike",
    "market",
    "shelling",
    "village",
    "family",
    "rescue",
    "convoy",
    "smoke",
    "river",
    "bridge",
]


@dataclass(frozen=True)
class Report:
    """One document of one article, with the mentions extraction would have found."""

    sha256: str
    text: str
    outlet: str
    mentions: tuple[Mention, ...]


def _mention(rng: random.Random, ordinal: int) -> Mention:
    """A mention in one of the towns (now and then a place the gazetteer lacks, or only a
    province), on one of a few days of June 2017 or 2018, a week, or an undated June day."""
    place_id, name, lat, lon = rng.choice(TOWNS)
    place = Place(name, name, place_id, "Deir ez-Zor", "SY", lat, lon, "town")
    if rng.random() < 0.1:
        place = Place("Wadi Sabkha", None, None, None, "SY", None, None, "country")
    elif rng.random() < 0.1:
        place = Place(None, "Deir ez-Zor", 99, "Deir ez-Zor", "SY", 35.3, 40.1, "admin1")
    day = dt.date(rng.choice([2017, 2018]), 6, 1) + dt.timedelta(days=rng.randrange(12))
    span = rng.choice([0, 0, 0, 1, 6])  # mostly one day; some "last week" spans
    undated = rng.random() < 0.15
    return Mention(
        ordinal=ordinal,
        evidence=(Span(ordinal * 40, ordinal * 40 + 30),),
        date=None if undated else day,
        date_end=None if undated else day + dt.timedelta(days=span),
        date_precision="unknown" if undated else ("day" if span == 0 else "week"),
        date_hint=f"month-day:06-{day.day:02}" if undated else None,
        place=place,
        perpetrator=rng.choice([None, "unknown", "a", "b"]),
        killed=Range(rng.choice([None, 3, 5, 12]), None),
        targets=tuple(rng.choice([[], ["market"]])),
    )


def reports(seed: int, count: int = 36) -> list[Report]:
    """Invented reports: most told in their own words, a few copies of an earlier one."""
    rng = random.Random(seed)
    out: list[Report] = []
    for n in range(count):
        sha = hashlib.sha256(f"{seed}-{n}".encode()).hexdigest()
        if out and rng.random() < 0.2:
            copied = rng.choice(out)
            out.append(Report(sha, copied.text, f"outlet {n % 5}", copied.mentions))
            continue
        text = " ".join(rng.choice(WORDS) + str(rng.randrange(1000)) for _ in range(120))
        found = tuple(_mention(rng, k) for k in range(rng.randrange(1, 4)))
        out.append(Report(sha, text, f"outlet {n % 5}", found))
    return out


def store(project: Project, report: Report) -> None:
    doc = SourceDocument(
        doc_id=report.sha256[:12],
        origin=report.sha256[:12],
        data=report.text.encode(),
        media_type="text/plain",
        text=report.text,
    )
    article = Article(
        ordinal=0,
        span=Span(0, len(report.text)),
        body=Span(0, len(report.text)),
        text=report.text,
        title=report.sha256[:8],
        outlet=report.outlet,
    )
    project.store.save_document(
        doc,
        sha256=report.sha256,
        container_sha256=None,
        container_media_type=None,
        origin=doc.origin,
        articles=[article],
        mentions=[list(report.mentions)],
        user="tester",
        version="test",
        processed_by={},
    )


def exported(project: Project) -> Counter[str]:
    out = io.BytesIO()
    project.export("incidents", format="jsonl", out=out)
    return Counter(normalise(line)[1] for line in out.getvalue().splitlines() if line.strip())


def resolved(db: str, batches: Sequence[Sequence[Report]]) -> Counter[str]:
    """Store each batch and resolve what is new after it, as each ingest does."""
    with open_project(db=db, user="tester") as project:
        for batch in batches:
            for report in batch:
                store(project, report)
            project.resolve()
        return exported(project)


@pytest.mark.parametrize("seed", range(6))  # different mixes of towns, days and copies
def test_resolve_order_any_order_and_batching_gives_the_one_batch_incidents(
    seed: int, tmp_path: Path
) -> None:
    # Why: resolving new mentions one batch at a time placed them greedily against what
    # earlier batches had stored, so four concurrent ingests made other incidents than
    # one ingest of the same files (a week-long report anchored the days of that week).
    given = reports(seed)
    clean = resolved(f"sqlite:///{tmp_path / 'clean.db'}", [given])
    shuffled = random.Random(seed).sample(given, len(given))
    orders = {
        "reversed, one at a time": [[r] for r in reversed(given)],
        "shuffled, in fives": [shuffled[i : i + 5] for i in range(0, len(shuffled), 5)],
        "interleaved halves": [given[1::2], given[0::2]],
    }
    for name, batches in orders.items():
        assert resolved(f"sqlite:///{tmp_path / f'{name}.db'}", batches) == clean, name
    assert sum(clean.values()) > 5


def test_resolve_order_resolve_everything_agrees_with_batches(tmp_path: Path) -> None:
    # Why: `resolve --all` and incremental resolution must be one clustering, not two.
    given = reports(11)
    with open_project(db=f"sqlite:///{tmp_path / 'a.db'}", user="tester") as project:
        for report in reversed(given):
            store(project, report)
            project.resolve()
        placed = exported(project)
        project.resolve(everything=True)
        assert exported(project) == placed


def test_resolve_order_review_decisions_survive_reclustering_a_block(tmp_path: Path) -> None:
    # Why: a new report re-clusters its block whole; a reviewer's merge of incidents far
    # apart, and an edit, must come back after it, on the same incident id.
    given = reports(3)
    with open_project(db=f"sqlite:///{tmp_path / 'r.db'}", user="tester") as project:
        for report in given:
            store(project, report)
        project.resolve()
        rows = {row["id"]: row["data"] for row in project.store.incidents()}
        far = next(i for i, data in rows.items() if data["place"] == "Raqqa" and data["date"])
        near = next(i for i, data in rows.items() if data["place"] == "Hajin" and data["date"])
        project.review("merge", far, into=near, reason="one event told twice")
        project.review("edit", near, reason="checked", killed_min=40)
        keys = set(project.store.incident(near)["mention_keys"])
        day = dt.date.fromisoformat(rows[near]["date"])
        again = Mention(  # one more report of the Hajin strike: its block is re-clustered
            ordinal=0,
            evidence=(Span(0, 30),),
            date=day,
            date_end=day,
            date_precision="day",
            place=Place("Hajin", "Hajin", 1, "Deir ez-Zor", "SY", 34.69, 40.83, "town"),
        )
        store(project, Report("f" * 64, "a later report " * 20, "outlet 9", (again,)))
        assert project.resolve().incidents > 1  # the whole block, not the new mention alone
        kept = project.store.incident(near)
        assert keys <= set(kept["mention_keys"])
        assert (kept["data"]["killed_min"], kept["status"]) == (40, "reviewed")
        (placed,) = [m for m in project.store.mentions() if m["key"] == f"{'f' * 64}:0"]
        assert placed["incident_id"] is not None


def test_resolve_order_stories_found_to_be_one_recluster_their_mentions(tmp_path: Path) -> None:
    # Why: a later page holding two stored articles makes their stories one; undated
    # reports of one town merge only within a story, so their stored incidents must be
    # re-clustered although the page itself tells of somewhere else.
    rng = random.Random(5)
    hajin = Place("Hajin", "Hajin", 1, "Deir ez-Zor", "SY", 34.69, 40.83, "town")
    raqqa = Place("Raqqa", "Raqqa", 4, "Raqqa", "SY", 35.95, 39.01, "town")

    def told(at: Place, ordinal: int = 0) -> tuple[Mention, ...]:
        span = (Span(ordinal * 40, ordinal * 40 + 30),)
        return (Mention(ordinal=ordinal, evidence=span, date_hint="weekday:Monday", place=at),)

    def words() -> str:
        return " ".join(rng.choice(WORDS) + str(rng.randrange(1000)) for _ in range(120))

    first, second = words(), words()
    given = [
        Report("a" * 64, first, "outlet a", told(hajin)),
        Report("b" * 64, second, "outlet b", told(hajin)),
    ]
    page = Report("c" * 64, f"{first} {second}", "outlet c", told(raqqa, 3))
    clean = resolved(f"sqlite:///{tmp_path / 'clean.db'}", [[*given, page]])
    assert resolved(f"sqlite:///{tmp_path / 'later.db'}", [given, [page]]) == clean
    assert sum(clean.values()) == 2  # Hajin, told by one story; Raqqa
