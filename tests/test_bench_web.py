"""The web benchmark's database builder: what it writes reads back as civharm's own data.

The latency figures only mean something if the bulk-inserted rows look like what civharm
stores: incidents that export, indexed columns that filter, and evidence spans that quote.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from benchmarks.bench_web import build_database
from civharm import open_project
from civharm.store.store import IncidentFilters


def test_builder_makes_a_database_civharm_reads(tmp_path: Path) -> None:
    db = tmp_path / "web.db"
    built = build_database(db, incidents=200, mentions=800, seed=7)
    assert built.counts["incidents"] == 200
    assert built.counts["mentions"] == 800
    assert built.token

    with open_project(db=f"sqlite:///{db}") as project:
        incidents = project.records("incidents")
        assert len(incidents) == 200
        assert {i["id"] for i in incidents} == set(built.incident_ids)
        assert all(2 <= len(i["sources"]) <= 8 for i in incidents)
        assert sum(len(i["sources"]) for i in incidents) == 800
        assert {i["country"] for i in incidents} <= {"SY", "IQ", "YE"}
        assert project.user_for_token(built.token)["role"] == "viewer"  # type: ignore[index]

        # Each source quotes its document at its offsets.
        first = incidents[0]["sources"][0]
        text = project.store.document(project.store.document_sha(first["doc_id"]) or "")["text"]
        assert text[first["start"] : first["end"]] == first["quote"]

        by_country = Counter(i["country"] for i in incidents)
        total, rows = project.store.list_incidents(IncidentFilters(country="SY"), per_page=500)
        assert total == by_country["SY"] > 0
        assert {r["data"]["country"] for r in rows} == {"SY"}

        mentions = project.records("mentions")
        assert len(mentions) == 800
        assert all(m["quote"] and m["incident_id"] for m in mentions)


def test_builder_is_deterministic(tmp_path: Path) -> None:
    a = build_database(tmp_path / "a.db", incidents=20, mentions=60, seed=3)
    b = build_database(tmp_path / "b.db", incidents=20, mentions=60, seed=3)
    with open_project(db=f"sqlite:///{tmp_path / 'a.db'}") as pa:
        first = pa.records("incidents")
    with open_project(db=f"sqlite:///{tmp_path / 'b.db'}") as pb:
        second = pb.records("incidents")
    assert a.incident_ids == b.incident_ids
    assert first == second
