"""Review decisions survive re-processing and new articles, and are all in the log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from civharm import Project
from civharm.errors import UsageError
from civharm.project import sample_files


def incidents(project: Project) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in project.records("incidents")}


def at(project: Project, place: str) -> dict[str, Any]:
    return next(r for r in project.records("incidents") if r["place_mentioned"] == place)


@pytest.fixture
def reviewed(project: Project) -> Project:
    project.ingest(sample_files())
    return project


def test_review_decisions_survive_reprocessing_and_new_articles(
    reviewed: Project, tmp_path: Path
) -> None:
    project = reviewed
    before = set(incidents(project))
    hajin = at(project, "Hajin")  # two copies of one story
    kafr, khan = at(project, "Kafr Nabl"), at(project, "Khan Shaykhun")
    raqqa = [r for r in project.records("incidents") if r["place_mentioned"] == "Raqqa"]
    mosul = at(project, "Mosul")

    project.review(
        "edit", hajin["id"], reason="hospital list", killed_min=13, perpetrator="unknown"
    )
    project.review("merge", khan["id"], into=kafr["id"], reason="same bombardment")
    keys = [s["mention_key"] for s in hajin["sources"]]
    project.review("split", hajin["id"], keys=keys[1:], reason="the copy is a different day")
    project.review("discount", raqqa[0]["id"], reason="duplicate of a campaign record")
    project.review("grade", mosul["id"], grade="fair", reason="two hospitals confirm")

    def check() -> None:
        now = incidents(project)
        assert now[hajin["id"]]["killed_min"] == 13
        assert now[hajin["id"]]["perpetrator"] == "unknown"
        assert now[hajin["id"]]["n_reports"] == 1  # the split-off copy went elsewhere
        assert any(
            r["n_reports"] == 1 and r["sources"][0]["mention_key"] == keys[1] for r in now.values()
        )
        assert khan["id"] not in now
        assert now[kafr["id"]]["n_reports"] == 2
        assert (now[raqqa[0]["id"]]["status"], now[raqqa[0]["id"]]["grade"]) == (
            "discounted",
            "discounted",
        )
        assert (now[mosul["id"]]["status"], now[mosul["id"]]["grade"]) == ("reviewed", "fair")

    check()
    project.reprocess()
    check()
    extra = tmp_path / "extra.txt"
    extra.write_text(
        "Late Report From Mosul\n\nSource: Some Wire\n"
        "Eight civilians were killed on Saturday when mortar rounds hit a water point in Mosul, "
        "medics said.\n"
    )
    project.ingest([extra])
    check()
    assert set(incidents(project)) >= before - {khan["id"]}


def test_review_log_records_who_what_before_after_and_why(reviewed: Project) -> None:
    hajin = at(reviewed, "Hajin")
    reviewed.review("edit", hajin["id"], reason="hospital list", user="ana", killed_min=13)
    (event,) = reviewed.store.review_log()
    assert (event["user"], event["action"], event["incident_id"]) == ("ana", "edit", hajin["id"])
    assert event["before"] == {"killed_min": hajin["killed_min"]}
    assert event["after"] == {"killed_min": 13}
    assert event["reason"] == "hospital list"


@pytest.mark.parametrize(
    ("action", "kwargs", "message"),
    [
        ("edit", {"reason": " ", "killed_min": 1}, "needs a reason"),  # reasons are required
        ("edit", {"reason": "x", "n_reports": 9}, "cannot edit n_reports"),  # derived fields
        ("grade", {"reason": "x", "grade": "excellent"}, "grade must be one of"),
        ("split", {"reason": "x", "keys": ["nope"]}, "not in it"),
        ("explode", {"reason": "x"}, "unknown review action"),
    ],
)
def test_review_refuses_decisions_it_could_not_replay(
    reviewed: Project, action: str, kwargs: dict[str, Any], message: str
) -> None:
    hajin = at(reviewed, "Hajin")
    with pytest.raises(UsageError, match=message):
        reviewed.review(action, hajin["id"], **kwargs)
    assert reviewed.store.review_log() == []


def test_review_ids_are_stable_across_reprocessing(reviewed: Project) -> None:
    before = {r["id"]: r["place_mentioned"] for r in reviewed.records("incidents")}
    reviewed.reprocess()
    after = {r["id"]: r["place_mentioned"] for r in reviewed.records("incidents")}
    assert after == before
