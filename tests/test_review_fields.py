"""Every editable field is checked before a review event is written, on every surface.

Issue #9: one bad value was written to the append-only log and then broke every later
resolve, reprocess and review. Each case below must be refused with an error naming the
field, leave the log as it was, and leave the project working.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from typer.testing import CliRunner

from civharm import Project
from civharm.cli import app
from civharm.errors import InvalidField
from civharm.project import sample_files
from civharm.review_fields import clean_edit

# (values, field named in the error): raw text as the CLI and forms send it, or typed values
# as the Python API may.
BAD = [
    ({"date": "not-a-date"}, "date"),  # issue #9: written, then every replay crashed
    ({"date": "2018-02-30"}, "date"),  # no such day
    ({"date": "1850-01-01"}, "date"),  # before any record civharm keeps
    ({"date_end": (dt.date.today() + dt.timedelta(days=30)).isoformat()}, "date_end"),  # future
    ({"date": "2018-12-20", "date_end": "2018-12-01"}, "date"),  # a period ending before it starts
    ({"lat": "abc"}, "lat"),  # issue #9: the web form's crash
    ({"lat": "91"}, "lat"),  # off the globe
    ({"lon": "-180.5"}, "lon"),
    ({"lat": "nan"}, "lat"),  # float() reads it, but it is no coordinate
    ({"lon": True}, "lon"),  # a boolean is not a number of degrees
    ({"killed_min": "99999999999999999999"}, "killed_min"),  # overflows an integer column
    ({"killed_max": "1e999"}, "killed_max"),  # JSON reads it as infinity
    ({"killed_min": "-5"}, "killed_min"),  # issue #9: was accepted
    ({"injured_max": "2.5"}, "injured_max"),  # people are counted whole
    ({"women_killed": "true"}, "women_killed"),  # a boolean is not a count
    ({"children_killed": "many"}, "children_killed"),  # vague words are for extraction
    ({"killed_min": "10", "killed_max": "5"}, "killed_min"),  # min above max in one edit
    ({"killed_max": 5}, "killed_max"),  # below the incident's own killed_min of 12
    ({"country": "Syria"}, "country"),  # issue #9: a two-letter code column on PostgreSQL
    ({"victims": "x" * 30}, "victims"),  # issue #9: longer than its column, and no kind
    ({"victims": "children"}, "victims"),  # a kind of civilian, not a kind of victim
    ({"event_type": "picnic"}, "event_type"),  # not an event kind of the lexicon
    ({"date_precision": "fortnight"}, "date_precision"),
    ({"geo_precision": "galaxy"}, "geo_precision"),
    ({"place": "x" * 201}, "place"),  # a pasted paragraph is not a place
    ({"perpetrator": ["Russia", "Syria"]}, "perpetrator"),  # several suspects: not by hand
    ({"weapons": ["x" * 81]}, "weapons"),  # an item too long
    ({"targets": {"market": 1}}, "targets"),  # not a list
    ({"notes": "x" * 2001}, "notes"),
    ({"n_reports": "9"}, "n_reports"),  # derived from the mentions, never edited
    ({}, "fields"),  # an edit of nothing
]


def hajin(project: Project) -> dict[str, Any]:
    """Two copies of one story: killed at least 12, no upper figure."""
    return next(r for r in project.records("incidents") if r["place_mentioned"] == "Hajin")


def fields(incident: dict[str, Any]) -> dict[str, Any]:
    """An incident without its sources, whose story numbers change on reprocessing."""
    return {name: value for name, value in incident.items() if name != "sources"}


@pytest.mark.parametrize(("values", "field"), BAD)
def test_review_fields_bad_value_is_refused_before_the_log(
    sample_project: Project, values: dict[str, Any], field: str
) -> None:
    project = sample_project  # shared: every case leaves it as it was, and checks so
    incident = hajin(project)
    with pytest.raises(InvalidField) as refused:
        project.review("edit", incident["id"], reason="typo", fields=values)
    assert refused.value.field == field
    assert f"{field}:" in str(refused.value)
    assert project.store.review_log() == []
    assert project.resolve(everything=True).warnings == ()
    project.reprocess()
    assert fields(hajin(project)) == fields(incident)


def test_review_fields_later_reviews_still_work_after_a_refusal(project: Project) -> None:
    project.ingest(sample_files())
    incident = hajin(project)["id"]
    with pytest.raises(InvalidField):
        project.review("edit", incident, reason="typo", date="not-a-date")
    project.review("edit", incident, reason="hospital list", killed_min=13, date="2018-12-18")
    assert (hajin(project)["killed_min"], hajin(project)["date"]) == (13, dt.date(2018, 12, 18))


# The issue's own examples, through the command line and the web form.
ISSUE = [
    ("date", "not-a-date"),
    ("lat", "abc"),
    ("killed_min", "99999999999999999999"),
    ("killed_max", "1e999"),
    ("killed_min", "-5"),
    ("country", "Syria"),
]


@pytest.mark.parametrize(("field", "raw"), ISSUE)
def test_review_fields_cli_refuses_with_the_field_named(
    sample_project: Project, runner: CliRunner, field: str, raw: str
) -> None:
    db = ["--db", sample_project.settings.db]
    incident = hajin(sample_project)["id"]
    result = runner.invoke(app, ["incident", "edit", incident, f"{field}={raw}", "-r", "x", *db])
    assert result.exit_code == 2
    assert f"E041 {field}:" in result.output
    assert sample_project.store.review_log() == []
    for command in (["resolve", "--all"], ["reprocess"]):
        assert runner.invoke(app, [*command, *db]).exit_code == 0


@pytest.mark.parametrize(("field", "raw"), ISSUE)
def test_review_fields_web_form_refuses_with_the_field_named(
    sample_project: Project, field: str, raw: str
) -> None:
    from fastapi.testclient import TestClient

    from civharm.web.app import create_app

    project = sample_project
    if project.store.user("reviewer") is None:
        project.add_user("reviewer", role="researcher")
    headers = {"Authorization": f"Bearer {project.create_token('reviewer')}"}
    incident = hajin(project)["id"]
    with TestClient(create_app(project)) as client:
        response = client.post(
            f"/incidents/{incident}/review",
            headers=headers,
            data={"action": "edit", field: raw, "reason": "x"},
            follow_redirects=False,
        )
    assert response.status_code == 400
    assert f"{field}:" in response.text
    assert project.store.review_log() == []


@pytest.mark.parametrize(
    ("values", "cleaned"),
    [
        ({"killed_min": "12"}, {"killed_min": 12}),  # text from a form is read as a number
        ({"killed_max": "null"}, {"killed_max": None}),  # null is unknown, never 0
        ({"killed_max": 12.0}, {"killed_max": 12}),  # a whole float is a count
        ({"lat": "36.3", "lon": 43}, {"lat": 36.3, "lon": 43.0}),
        ({"country": "sy"}, {"country": "SY"}),  # codes are upper case
        ({"victims": "Civilians"}, {"victims": "civilians"}),
        ({"date": dt.date(2018, 12, 20)}, {"date": "2018-12-20"}),  # typed, from Python
        ({"weapons": "Grad, mortars"}, {"weapons": ["Grad", "mortars"]}),  # as typed
        ({"targets": '["market"]'}, {"targets": ["market"]}),  # as JSON
        ({"targets": ""}, {"targets": []}),  # blank: none known
        ({"perpetrator": "  Russia "}, {"perpetrator": "Russia"}),
    ],
)
def test_review_fields_good_values_are_typed(
    values: dict[str, Any], cleaned: dict[str, Any]
) -> None:
    assert clean_edit(values) == cleaned
