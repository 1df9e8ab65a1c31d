"""The perpetrator and place metrics of `civharm.evaluate.scoring.score`.

Each test codes a tiny gold file by hand (one article, "A", in document "001") and the
mention records an extraction might produce, and reads the two metrics: whether a found
incident names the gold's perpetrator, and whether it lies in the gold's country and
province.
"""

from __future__ import annotations

from typing import Any

import pytest

from civharm.evaluate.report import EvalResult, IncidentRow
from civharm.evaluate.scoring import score

TITLE = "Strike on a river town market kills four"
DOC = "001_0a1b2c3d.txt"


def gold_file(*incidents: dict[str, Any]) -> dict[str, Any]:
    articles = [{"key": "A", "title": TITLE, "byline": None, "outlet": "Wire", "in": ["001"]}]
    return {"articles": articles, "syndication": [], "incidents": list(incidents)}


def gold_incident(key: str = "market", **fields: Any) -> dict[str, Any]:
    return {"key": key, "required": True, "article": "A", "place": ["Hajin"], **fields}


ARTICLE = {"doc_id": DOC, "title": TITLE, "outlet": "Wire", "byline": None, "published": None}


def mention(place: str = "Hajin", **fields: Any) -> dict[str, Any]:
    return {
        "doc_id": DOC,
        "article_title": TITLE,
        "place": place,
        "place_mentioned": place,
        "quote": f"A strike hit the market in {place}.",
        **fields,
    }


def run(*incidents: dict[str, Any], mentions: list[dict[str, Any]]) -> EvalResult:
    return score(gold_file(*incidents), articles=[ARTICLE], mentions=mentions)


def row(result: EvalResult, key: str = "market") -> IncidentRow:
    return next(r for r in result.incidents if r.key == key)


# --------------------------------------------------------------------------------------
# Perpetrator
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gold", "predicted", "ok"),
    [
        # a gold naming two names for one attacker accepts either
        ("United States / US-led coalition", "United States", True),
        ("United States / US-led coalition", "US-led coalition", True),  # the second name
        # case is not a difference
        ("United States / US-led coalition", "us-led coalition", True),
        # but a third party is wrong
        ("United States / US-led coalition", "Russia", False),
        # an attribution the sources dispute is right only as "unknown"
        ("disputed (Russia or Syrian government)", "unknown", True),
        # naming one of the disputing sides takes a side
        ("disputed (Russia or Syrian government)", "Russia", False),
        # a gold that says "unknown" is met by "unknown"
        ("unknown", "unknown", True),
        # and, as it suspects nobody, by naming nobody: both say the text names no attacker
        ("unknown", None, True),
        # but not by naming someone
        ("unknown", "Russia", False),
        # a prediction that names nobody misses a gold that names someone
        ("Saudi-led coalition", None, False),
    ],
)
def test_evaluate_metrics_perpetrator_names(gold: str, predicted: str | None, ok: bool) -> None:
    result = run(gold_incident(perpetrator=gold), mentions=[mention(perpetrator=predicted)])
    assert row(result).perpetrator_ok is ok
    assert result.counts["perpetrator_checked"] == 1
    assert result.metrics["perpetrator_accuracy"] == (1.0 if ok else 0.0)


def test_evaluate_metrics_unknown_with_suspects_needs_unknown() -> None:
    # why: a gold that leaves several parties suspected asks for an unresolved attribution;
    # naming nobody misses what the text says about the suspects.
    gold = gold_incident(perpetrator="unknown", suspected=["Russia", "Syrian government"])
    assert run(gold, mentions=[mention(perpetrator=None)]).incidents[0].perpetrator_ok is False
    assert run(gold, mentions=[mention(perpetrator="unknown")]).incidents[0].perpetrator_ok


@pytest.mark.parametrize(
    "gold",
    [
        None,  # the field is null
        "",  # an empty string
        "   ",  # only spaces
    ],
)
def test_evaluate_metrics_gold_without_perpetrator_is_not_counted(gold: str | None) -> None:
    # why: a wrong prediction cannot be judged against a gold that names nobody.
    names_one = gold_incident("other", place=["Hawija"], perpetrator="Russia")
    result = run(
        gold_incident(perpetrator=gold),
        names_one,
        mentions=[mention(perpetrator="Russia"), mention("Hawija", perpetrator="Turkey")],
    )
    assert row(result).perpetrator_ok is None
    assert row(result, "other").perpetrator_ok is False
    assert (result.counts["perpetrator_ok"], result.counts["perpetrator_checked"]) == (0, 1)
    assert result.metrics["perpetrator_accuracy"] == 0.0


def test_evaluate_metrics_missed_incident_is_not_counted_for_perpetrator() -> None:
    # why: recall already counts a miss; the perpetrator metric is over found incidents.
    result = run(
        gold_incident(perpetrator="Russia"),
        gold_incident("missed", place=["Hawija"], perpetrator="Turkey"),
        mentions=[mention(perpetrator="Russia")],
    )
    assert not row(result, "missed").found
    assert (result.counts["perpetrator_ok"], result.counts["perpetrator_checked"]) == (1, 1)
    assert result.metrics["perpetrator_accuracy"] == 1.0


# --------------------------------------------------------------------------------------
# Place: country and province
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gold", "predicted", "ok"),
    [
        # right country and province
        (
            {"country": "SY", "admin1": "Deir ez-Zor"},
            {"country": "SY", "admin1": "Deir ez-Zor"},
            True,
        ),
        # the gazetteer's spelling of the same governorate
        (
            {"country": "SY", "admin1": "Deir ez-Zor"},
            {"country": "SY", "admin1": "Days Az Zawr"},
            True,
        ),
        # a transliteration apostrophe against the everyday spelling
        ({"country": "YE", "admin1": "Sa'dah"}, {"country": "YE", "admin1": "Saada"}, True),
        # the gazetteer's backtick form
        ({"country": "YE", "admin1": "Saada"}, {"country": "YE", "admin1": "Sa`dah"}, True),
        # country codes in either case
        ({"country": "ye", "admin1": "Saada"}, {"country": "YE", "admin1": "Saada"}, True),
        # the namesake abroad: right name, wrong country
        (
            {"country": "SY", "admin1": "Deir ez-Zor"},
            {"country": "YE", "admin1": "Deir ez-Zor"},
            False,
        ),
        # a prediction placed in no country at all
        ({"country": "SY", "admin1": "Deir ez-Zor"}, {"country": None, "admin1": None}, False),
        # right country, a plainly different province
        ({"country": "YE", "admin1": "Saada"}, {"country": "YE", "admin1": "Hajjah"}, False),
        # right country and no province predicted: nothing contradicts the gold
        ({"country": "SY", "admin1": "Deir ez-Zor"}, {"country": "SY", "admin1": None}, True),
        # a gold with a country only checks the country
        ({"country": "SY"}, {"country": "SY", "admin1": "Aleppo"}, True),
    ],
)
def test_evaluate_metrics_region(gold: dict[str, Any], predicted: dict[str, Any], ok: bool) -> None:
    result = run(gold_incident(**gold), mentions=[mention(**predicted)])
    assert row(result).found
    assert row(result).region_ok is ok
    assert result.counts["region_checked"] == 1
    assert result.metrics["place_accuracy"] == (1.0 if ok else 0.0)


def test_evaluate_metrics_gold_without_country_is_not_counted_for_place() -> None:
    result = run(
        gold_incident(admin1="Deir ez-Zor"),
        gold_incident("other", place=["Hawija"], country="IQ", admin1="Kirkuk"),
        mentions=[
            mention(country="YE", admin1="Saada"),
            mention("Hawija", country="IQ", admin1="Kirkuk"),
        ],
    )
    assert row(result).region_ok is None
    assert (result.counts["region_ok"], result.counts["region_checked"]) == (1, 1)
    assert result.metrics["place_accuracy"] == 1.0


@pytest.mark.parametrize(
    ("gold", "predicted"),
    [
        ("Saada", "Sanaa"),  # two Yemeni governorates, ratio 75 on their keys
        ("Saada", "Aden"),  # north and south Yemen, ratio 75
        ("Kabul", "Zabul"),  # two Afghan provinces, ratio 80
        ("Paktia", "Paktika"),  # two neighbouring Afghan provinces, ratio 92
    ],
)
def test_evaluate_metrics_similar_but_different_province_is_a_wrong_place(
    gold: str, predicted: str
) -> None:
    country = "AF" if gold in ("Kabul", "Paktia") else "YE"
    result = run(
        gold_incident(country=country, admin1=gold),
        mentions=[mention(country=country, admin1=predicted)],
    )
    assert row(result).region_ok is False


# --------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------


def test_evaluate_metrics_render_shows_both_lines() -> None:
    result = run(
        gold_incident(
            perpetrator="United States / US-led coalition", country="SY", admin1="Deir ez-Zor"
        ),
        gold_incident("other", place=["Hawija"], perpetrator="Iraqi government", country="IQ"),
        mentions=[
            mention(perpetrator="US-led coalition", country="SY", admin1="Deir ez-Zor"),
            mention("Hawija", perpetrator="ISIS", country="SY"),
        ],
    )
    text = result.render()
    assert "perpetrator       50.0%  (1/2 found incidents whose gold names one)" in text
    assert (
        "place             50.0%  (1/2 found incidents in the gold's country and province)" in text
    )
    # why: a wrong perpetrator is shown under its incident, so it can be looked at.
    assert "      perpetrator: got ISIS" in text
    assert "perpetrator: got US-led coalition" not in text
    assert result.to_dict()["metrics"]["place_accuracy"] == 0.5
