"""The crash benchmark: its comparison catches what it is there to catch, and a tiny run of
every scenario passes.

A benchmark that always printed "lost 0" would prove nothing, so the comparison is fed a
database that lost, duplicated and changed rows; the tiny run keeps the script from rotting.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from benchmarks import bench_crash
from benchmarks.bench_crash import Snapshot, compare, normalise, shares


def _snapshot(documents: list[str], mentions: list[str], incidents: list[str]) -> Snapshot:
    return Snapshot(
        counts={"custody": len(documents)},
        items={
            "documents": Counter(documents),
            "articles": Counter(f"{d}:0" for d in documents),
            "mentions": Counter(mentions),
        },
        incidents=Counter(incidents),
        incident_ids=frozenset(incidents),
        verified=len(documents),
        problems=(),
        unreferenced_files=0,
        tmp_files=0,
    )


def test_bench_crash_compare_counts_lost_duplicated_and_changed() -> None:
    reference = _snapshot(["a", "b", "c"], ["a:1", "b:1"], ["one", "two"])
    assert compare(reference, reference)["ok"]
    # "c" lost, "a" stored twice with its mention, one incident changed.
    got = _snapshot(["a", "a", "b"], ["a:1", "a:1", "b:1"], ["one", "two changed"])
    found = compare(reference, got)
    assert (found["documents_lost"], found["documents_duplicated"]) == (1, 1)
    assert (found["articles_lost"], found["articles_duplicated"]) == (1, 1)
    assert (found["mentions_lost"], found["mentions_duplicated"]) == (0, 1)
    assert found["incidents_differing"] == 2  # one missing, one unexpected
    assert not found["ok"]


def test_bench_crash_normalise_drops_what_depends_on_order() -> None:
    # Two runs that named the incident after different mentions and numbered stories
    # differently must compare equal; which sources share a story must still count.
    def line(incident_id: str, stories: list[int]) -> bytes:
        sources = [
            {"mention_key": key, "story": story}
            for key, story in zip(["k2", "k1", "k3"], stories, strict=True)
        ]
        return json.dumps({"id": incident_id, "killed_min": 3, "sources": sources}).encode()

    first = normalise(line("inc-a", [7, 5, 7]))
    second = normalise(line("inc-b", [12, 40, 12]))
    assert first[0] == "inc-a" and second[0] == "inc-b"
    assert first[1] == second[1]
    assert normalise(line("inc-a", [7, 5, 5]))[1] != first[1]


def test_bench_crash_shares_give_every_file_to_two_writers() -> None:
    files = [Path(f"{n}.txt") for n in range(10)]
    given = shares(files, 4)
    assert len(given) == 4
    assert Counter(f for share in given for f in share) == Counter(dict.fromkeys(files, 2))


@pytest.mark.slow
def test_bench_crash_tiny_run_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    # SQLite only: a PostgreSQL server in the environment would double the run's length.
    monkeypatch.delenv("CIVHARM_TEST_PG", raising=False)
    saved: list[tuple[Any, ...]] = []
    monkeypatch.setattr(bench_crash, "save_row", lambda *a: saved.append(a))  # no files
    assert bench_crash.main(["--docs", "6", "--kills", "1", "--writers", "2"]) == 0

    [(name, result, section, text, row)] = saved
    assert name == "crash" and section in text
    [engine] = result["engines"]
    assert engine["totals"]["ok"] and engine["concurrent"]["returncodes"] == [0, 0]
    for scenario in ("ingest_kills", "resolve_kills"):
        runs = [run for round_ in engine[scenario] for run in round_["runs"]]
        assert sum(run["killed"] for run in runs) == 1 and not runs[-1]["killed"]
    header = next(line for line in text.splitlines() if line.startswith("| date"))
    assert row.count("|") == header.count("|")
