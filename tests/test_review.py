"""Review decisions survive re-processing and new articles, and are all in the log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from civharm import Project
from civharm.errors import NotFound, UsageError
from civharm.project import sample_files


def incidents(project: Project) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in project.records("incidents")}


def at(project: Project, place: str) -> dict[str, Any]:
    return next(r for r in project.records("incidents") if r["place_mentioned"] == place)


@pytest.fixture
def db_url(any_db_url: str) -> str:
    """Reviewing is storage: decisions, their replay and the log are rows on either engine."""
    return any_db_url


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
        ("edit", {"reason": "x", "n_reports": 9}, "n_reports: cannot be edited"),  # derived
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


def test_review_replay_skips_an_invalid_old_event_with_a_warning(
    reviewed: Project, runner: Any, caplog: pytest.LogCaptureFixture
) -> None:
    from civharm.cli import app

    hajin = at(reviewed, "Hajin")
    # What an older version wrote without checking: issue #9's crash on every later run.
    bad = reviewed.store.add_review(
        user="old",
        action="edit",
        incident_id=hajin["id"],
        before={"date": None},
        after={"date": "not-a-date", "killed_min": 13},
        reason="typo",
    )
    reviewed.review("grade", hajin["id"], grade="fair", reason="two sources")
    with caplog.at_level("WARNING", logger="civharm"):
        report = reviewed.resolve(everything=True)
    (warning,) = report.warnings
    assert f"review event {bad}" in warning and "date:" in warning
    assert warning in caplog.text
    now = at(reviewed, "Hajin")
    assert (now["date"], now["killed_min"], now["grade"]) == (None, 12, "fair")
    assert reviewed.reprocess() > 0
    result = runner.invoke(app, ["resolve", "--all", "--db", reviewed.settings.db])
    assert result.exit_code == 0
    assert f"review event {bad}" in result.output  # the CLI says so too
    reviewed.revert(bad, reason="retire the typo")  # a reviewer retires it for good
    assert reviewed.resolve(everything=True).warnings == ()


def test_review_revert_undoes_one_event_and_keeps_the_log(reviewed: Project) -> None:
    hajin = at(reviewed, "Hajin")
    kafr, khan = at(reviewed, "Kafr Nabl"), at(reviewed, "Khan Shaykhun")
    edit = reviewed.review("edit", hajin["id"], reason="typo", killed_min=130, victims="military")
    reviewed.review("grade", hajin["id"], grade="fair", reason="two sources")
    merge = reviewed.review("merge", khan["id"], into=kafr["id"], reason="same bombardment")
    before = reviewed.store.review_log()

    revert = reviewed.revert(edit, reason="130 was a typo", user="ana")
    log = reviewed.store.review_log()
    assert log[: len(before)] == before  # append-only: nothing earlier changed
    assert (log[-1]["id"], log[-1]["action"], log[-1]["user"]) == (revert, "revert", "ana")
    assert log[-1]["after"] == {"event": edit}
    now = at(reviewed, "Hajin")
    assert (now["killed_min"], now["victims"], now["grade"]) == (12, "civilians", "fair")
    reviewed.reprocess()
    assert at(reviewed, "Hajin")["killed_min"] == 12  # replay keeps it undone

    with pytest.raises(UsageError, match=f"already reverted by event {revert}"):
        reviewed.revert(edit, reason="again")
    reviewed.revert(revert, reason="it was right after all")  # a revert can be reverted
    assert at(reviewed, "Hajin")["killed_min"] == 130

    reviewed.revert(merge, reason="two strikes after all")
    ids = {r["id"] for r in reviewed.records("incidents")}
    assert {kafr["id"], khan["id"]} <= ids


@pytest.mark.parametrize(
    ("event", "error", "message"),
    [
        (999, NotFound, "no review event 999"),  # an id that is not in the log
        ("note", UsageError, "changed nothing"),  # a note changes no field
        ("edit", UsageError, "needs a reason"),  # a revert is a decision like any other
    ],
)
def test_review_revert_refuses(
    reviewed: Project, event: Any, error: type[Exception], message: str
) -> None:
    hajin = at(reviewed, "Hajin")["id"]
    if event == "note":
        event = reviewed.review("note", hajin, reason="called the hospital")
    elif event == "edit":
        event = reviewed.review("edit", hajin, reason="list", killed_min=13)
    count = len(reviewed.store.review_log())
    with pytest.raises(error, match=message):
        reviewed.revert(event, reason=" " if message == "needs a reason" else "x")
    assert len(reviewed.store.review_log()) == count


def test_review_revert_from_the_cli_and_the_web_form(web: tuple[Project, Any], runner: Any) -> None:
    from civharm.cli import app

    project, client = web
    hajin = at(project, "Hajin")["id"]
    edit = project.review("edit", hajin, reason="typo", killed_min=130)
    db = ["--db", project.settings.db]
    result = runner.invoke(app, ["incident", "revert", str(edit), "--reason", "typo", *db])
    assert result.exit_code == 0, result.output
    assert at(project, "Hajin")["killed_min"] == 12
    again = project.review("edit", hajin, reason="typo", killed_min=140)
    headers = {"Authorization": f"Bearer {project.create_token('researcher')}"}
    page = client.get(f"/incidents/{hajin}", headers=headers).text
    assert f'name="event" value="{again}"' in page  # a revert button on the log
    response = client.post(
        f"/incidents/{hajin}/review",
        headers=headers,
        data={"action": "revert", "event": str(again), "reason": "typo"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert at(project, "Hajin")["killed_min"] == 12
    assert f"reverted by {again + 1}" in client.get(f"/incidents/{hajin}", headers=headers).text
