"""The merge benchmark's corpus: reproducible, true to its truth file, and merged by civharm.

Merge-quality figures only mean something if the generated truth is right and the same
seed always gives the same reports.
"""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.bench_merge_quality import map_mentions, pairwise
from benchmarks.merge_corpus import TOWNS, generate, write
from civharm import Project
from civharm.gazetteer import Gazetteer


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_same_seed_gives_same_bytes(tmp_path: Path) -> None:
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        write(generate(6, seed=seed), tmp_path / name)
    a, b, c = (_snapshot(tmp_path / name) for name in "abc")
    assert a == b
    assert a != c
    assert "truth.json" in a and "README.md" in a
    assert b"fictional" in a["README.md"]


def test_truth_matches_the_reports(tmp_path: Path) -> None:
    corpus = generate(6, seed=3)
    truth = corpus.truth()
    assert len(truth["incidents"]) == 6
    for file, report in truth["reports"].items():
        towns = [t["town"] for t in report["incidents"]]
        assert len(towns) == len(set(towns))  # one incident per town per file
        if report["copy_of"]:
            assert truth["reports"][report["copy_of"]]["incidents"] == report["incidents"]
        assert report["story"] == (report["copy_of"] or file)
    for incident in truth["incidents"].values():
        assert incident["reports"] and incident["original_outlets"]


def test_every_town_is_in_the_gazetteer() -> None:
    with Gazetteer.open() as gazetteer:
        for town in TOWNS:
            for spelling in town.spellings:
                found = gazetteer.lookup(spelling, country=town.code)
                assert found and found[0].country == town.code, spelling


def test_ingest_merges_reports_into_incidents(tmp_path: Path, project: Project) -> None:
    folder = write(generate(6, seed=11), tmp_path / "corpus")
    truth = json.loads((tmp_path / "corpus" / "truth.json").read_text())

    report = project.ingest([folder])

    assert report.errors == ()
    assert report.new_documents == len(truth["reports"])
    incidents = project.records("incidents")
    assert any(i["n_reports"] >= 2 for i in incidents)
    mapped = map_mentions(project.records("mentions"), truth, {})
    assert sum(m.truth is not None for m in mapped) >= len(truth["incidents"])
    scores = pairwise(mapped)
    assert scores["true_pairs"] > 0 and scores["correct_pairs"] > 0
