"""How `civharm.evaluate.scoring.score` judges extracted records against a gold file.

Each test builds a tiny gold file in the format of `eval/seeds-gold.json` and the export
records an extraction might produce, and says what the scorer makes of them.
"""

from __future__ import annotations

from typing import Any

import pytest

from civharm.evaluate.normalise import doc_matches, normalise_title
from civharm.evaluate.report import EvalResult, IncidentRow, check_floors
from civharm.evaluate.scoring import score

TITLE = "Airstrike on Hajin market kills 20 civilians"
DOC = "001_4d2f4ba04db9a048.txt"


def gold_file(*incidents: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """One article, "A", in file "001", with the given incidents."""
    articles = extra.pop(
        "articles",
        [{"key": "A", "title": TITLE, "byline": None, "outlet": "Press TV", "in": ["001"]}],
    )
    return {"articles": articles, "syndication": [], "incidents": list(incidents), **extra}


def hajin(**fields: Any) -> dict[str, Any]:
    return {
        "key": "hajin-market",
        "required": True,
        "article": "A",
        "place": ["Hajin", "Hajjin"],
        "admin1": "Deir ez-Zor",
        "killed_min": 20,
        "killed_max": 20,
        "children_killed": 9,
        **fields,
    }


def article(doc_id: str = DOC, title: str = TITLE, **fields: Any) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        "title": title,
        "outlet": "Press TV",
        "byline": None,
        "published": None,
        **fields,
    }


def mention(
    place: str | None, doc_id: str = DOC, title: str = TITLE, **fields: Any
) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        "article_title": title,
        "place": place,
        "place_mentioned": place,
        "admin1": "Deir ez-Zor",
        "quote": f"An airstrike hit {place} on Saturday.",
        **fields,
    }


def row(result: EvalResult, key: str) -> IncidentRow:
    return next(r for r in result.incidents if r.key == key)


# --------------------------------------------------------------------------------------
# Mention level
# --------------------------------------------------------------------------------------


def test_exact_match_is_found_with_exact_figures() -> None:
    result = score(
        gold_file(hajin()),
        articles=[article()],
        mentions=[mention("Hajin", killed_min=20, killed_max=20, children_killed=9)],
    )
    assert result.mode == "mentions"
    assert row(result, "hajin-market").found
    assert row(result, "hajin-market").figures_exact
    assert result.metrics["recall"] == 1.0
    assert result.metrics["precision"] == 1.0
    assert result.metrics["figure_accuracy"] == 1.0
    assert result.false_positives == ()


def test_missing_required_incident_lowers_recall() -> None:
    # why: two required incidents, the extractor found only one.
    deir = {"key": "deir-11", "article": "A", "place": ["Dayr az Zawr"], "killed_min": 11}
    result = score(
        gold_file(hajin(), {**deir, "required": True, "place_precision": "admin1"}),
        articles=[article()],
        mentions=[mention("Hajin", killed_min=20, killed_max=20, children_killed=9)],
    )
    assert not row(result, "deir-11").found
    assert result.metrics["recall"] == 0.5
    assert "MISSING deir-11 (A)" in result.render()


def test_optional_incident_found_is_not_a_false_positive() -> None:
    raqqa = {"key": "raqqa-campaign", "required": False, "article": "A", "place": ["Raqqa"]}
    result = score(
        gold_file(hajin(), raqqa),
        articles=[article()],
        mentions=[
            mention("Hajin", killed_min=20, killed_max=20, children_killed=9),
            mention("Ar Raqqah"),
        ],
    )
    assert result.metrics["precision"] == 1.0
    assert row(result, "raqqa-campaign").found
    # why: recall counts required incidents only.
    assert result.counts["required"] == 1
    assert result.counts["found_optional"] == 1


def test_unmatched_mention_is_a_false_positive() -> None:
    result = score(
        gold_file(hajin()),
        articles=[article()],
        mentions=[
            mention("Hajin", killed_min=20, killed_max=20, children_killed=9),
            mention("Aleppo", quote="Rebels shelled Aleppo. " * 20),
        ],
    )
    assert result.metrics["precision"] == 0.5
    (fp,) = result.false_positives
    assert (fp.doc_id, fp.place, fp.duplicate_of) == (DOC, "Aleppo", None)
    assert len(fp.quote) == 120


def test_mentions_outside_the_gold_files_are_ignored_but_counted() -> None:
    result = score(
        gold_file(hajin()),
        articles=[article(), article("999_other.txt", "Something else")],
        mentions=[
            mention("Hajin", killed_min=20, killed_max=20, children_killed=9),
            mention("Aleppo", doc_id="999_other.txt", title="Something else"),
        ],
    )
    assert result.metrics["precision"] == 1.0
    assert result.counts["uncovered"] == 1


def test_second_mention_of_a_found_incident_is_a_duplicate() -> None:
    # why: one gold incident takes one mention per copy; the extra telling is flagged.
    result = score(
        gold_file(hajin()),
        articles=[article()],
        mentions=[
            mention("Hajjin", killed_min=20),
            mention("Hajin", killed_min=20, killed_max=20, children_killed=9),
        ],
    )
    # why: the mention whose figures agree best wins, whatever the order.
    assert row(result, "hajin-market").figures_exact
    (fp,) = result.false_positives
    assert fp.duplicate_of == "hajin-market"
    assert result.counts["duplicates"] == 1


@pytest.mark.parametrize("written", ["Deir Ezzor", "Deir ez-Zor", "Dayr az Zawr", "Deir al-Zour"])
def test_place_variants_match_under_name_key(written: str) -> None:
    deir = {
        "key": "deir-11",
        "required": True,
        "article": "A",
        "place": ["Deir Ezzor", "Dayr az Zawr"],
        "killed_min": 11,
        "killed_max": 11,
    }
    result = score(
        gold_file(deir),
        articles=[article()],
        mentions=[mention(written, killed_min=11, killed_max=11)],
    )
    assert row(result, "deir-11").found


@pytest.mark.parametrize(
    ("coded", "written", "found"),
    [
        ("Jaghato district", "Jaghato", True),
        ("the village of Sarja", "Sarja", True),
        ("Mahda area", "Mahda", True),
        ("Gaza City", "Gaza", False),  # "City" is part of the name: the Strip is not the city
    ],
)
def test_gold_place_matches_its_bare_name(coded: str, written: str, found: bool) -> None:
    # why: a coder's "Jaghato district" and an extraction's "Jaghato" name one place.
    incident = {"key": "strike", "required": True, "article": "A", "place": [coded]}
    result = score(gold_file(incident), articles=[article()], mentions=[mention(written)])
    assert row(result, "strike").found is found


def test_province_only_gold_place_matches_on_admin1() -> None:
    # why: the gold incident is placed only at province level, so a mention geocoded to a
    # town in that province still names it.
    deir = {
        "key": "deir-11",
        "required": True,
        "article": "A",
        "place": ["Deir Ezzor"],
        "place_precision": "admin1",
        "admin1": "Deir ez-Zor",
    }
    result = score(
        gold_file(deir),
        articles=[article()],
        mentions=[mention("Some Village", admin1="Dayr az Zawr")],
    )
    assert row(result, "deir-11").found


def test_town_gold_place_does_not_match_on_admin1() -> None:
    result = score(gold_file(hajin()), articles=[article()], mentions=[mention("Some Village")])
    assert not row(result, "hajin-market").found


def test_differing_figures_give_difference_lines() -> None:
    result = score(
        gold_file(hajin(killed_min=26, killed_max=None, children_killed=14)),
        articles=[article()],
        mentions=[mention("Hajin", killed_min=20, killed_max=20, children_killed=14)],
    )
    found = row(result, "hajin-market")
    assert found.found
    assert not found.figures_exact
    assert found.differences == ("killed_min: got 20, gold 26", "killed_max: got 20, gold null")
    assert result.metrics["figure_accuracy"] == 0.0
    assert "killed_min: got 20, gold 26" in result.render()


def test_each_copy_of_a_syndicated_article_is_matched() -> None:
    gold = gold_file(
        hajin(),
        articles=[{"key": "A", "title": TITLE, "outlet": "Press TV", "in": ["000", "001"]}],
        syndication=[{"article": "A", "copies": ["000", "001"], "independent_sources": 1}],
    )
    figures: dict[str, Any] = {"killed_min": 20, "killed_max": 20, "children_killed": 9}
    result = score(
        gold,
        articles=[article("000_aa.md"), article("001_bb.txt")],
        mentions=[
            mention("Hajin", doc_id="000_aa.md", **figures),
            mention("Hajin", doc_id="001_bb.txt"),
        ],
    )
    found = row(result, "hajin-market")
    assert found.copies_found == ("000_aa.md", "001_bb.txt")
    # why: figures come from the copy that agrees best.
    assert found.figures_exact
    assert found.doc_id == "000_aa.md"
    assert result.metrics["precision"] == 1.0
    assert result.syndication == ()  # checked at incident level only


# --------------------------------------------------------------------------------------
# Incident level
# --------------------------------------------------------------------------------------


def incident(ident: str, place: str, docs: list[str], **fields: Any) -> dict[str, Any]:
    return {
        "id": ident,
        "place": place,
        "place_mentioned": place,
        "admin1": "Deir ez-Zor",
        "sources": [
            {"doc_id": d, "title": TITLE, "quote": f"An airstrike hit {place}."} for d in docs
        ],
        **fields,
    }


def syndicated_gold() -> dict[str, Any]:
    return gold_file(
        hajin(),
        articles=[{"key": "A", "title": TITLE, "outlet": "Press TV", "in": ["000", "001"]}],
        syndication=[{"article": "A", "copies": ["000", "001"], "independent_sources": 1}],
    )


def test_incident_level_checks_report_counts_of_syndicated_copies() -> None:
    figures: dict[str, Any] = {"killed_min": 20, "killed_max": 20, "children_killed": 9}
    merged = incident(
        "inc-1", "Hajin", ["000_aa.md", "001_bb.txt"], n_reports=2, n_independent_sources=1
    )
    result = score(
        syndicated_gold(),
        articles=[article("000_aa.md"), article("001_bb.txt")],
        mentions=[],
        incidents=[{**merged, **figures}],
    )
    assert result.mode == "incidents"
    assert row(result, "hajin-market").figures_exact
    assert row(result, "hajin-market").copies_found == ("000_aa.md", "001_bb.txt")
    (syn,) = result.syndication
    assert syn.ok
    assert (syn.incident_id, syn.n_reports, syn.n_independent_sources) == ("inc-1", 2, 1)
    assert result.metrics["syndication_accuracy"] == 1.0


def test_incident_level_flags_unmerged_copies() -> None:
    # why: copies counted as two independent reports, and never merged.
    result = score(
        syndicated_gold(),
        articles=[article("000_aa.md"), article("001_bb.txt")],
        mentions=[],
        incidents=[
            incident("inc-1", "Hajin", ["000_aa.md"], n_reports=1, n_independent_sources=1),
            incident("inc-2", "Hajjin", ["001_bb.txt"], n_reports=1, n_independent_sources=1),
        ],
    )
    assert row(result, "hajin-market").found
    (syn,) = result.syndication
    assert not syn.ok
    (dup,) = result.duplicates
    assert dup.duplicate_of == "hajin-market"
    assert result.metrics["precision"] == 0.5
    assert check_floors(result, {"syndication_accuracy": 1.0, "recall": 1.0}) == [
        "syndication_accuracy 0.000 < 1.000"
    ]


# --------------------------------------------------------------------------------------
# Articles, documents, floors
# --------------------------------------------------------------------------------------


def test_article_title_matches_despite_typographic_quotes() -> None:
    gold = gold_file(
        articles=[
            {
                "key": "I",
                "title": "\u201cInternational coalition could be helping ISIS\u201d \u2013 Syria",
                "byline": "Samer Hussein",
                "outlet": "Fort Russ News",
                "published": "2017-11-12",
                "in": ["004"],
            }
        ]
    )
    extracted = article(
        "004_x.html",
        '"International  coalition could be helping ISIS" - Syria',
        outlet="Fort Russ News",
        byline="Samer Hussein",
        published="2017-11-12",
    )
    result = score(gold, articles=[extracted], mentions=[])
    (art,) = result.articles
    assert art.found and art.ok
    assert normalise_title("‘A’  “B”") == normalise_title("'a' \"b\"")


def test_article_metadata_differences_are_listed() -> None:
    result = score(
        gold_file(),
        articles=[article(outlet="PressTV.ir", byline="Staff")],
        mentions=[],
    )
    (art,) = result.articles
    assert art.found and not art.ok
    assert art.differences == (
        "outlet: got 'PressTV.ir', gold 'Press TV'",
        "byline: got 'Staff', gold null",
    )
    assert result.metrics["article_accuracy"] == 0.0


def test_missing_article_copy() -> None:
    result = score(gold_file(), articles=[article(title="Another story")], mentions=[])
    (art,) = result.articles
    assert not art.found


def test_entry_naming_no_document_falls_back_to_title() -> None:
    # why: an entry that matches no doc_id (a WARC file scored without `documents`) is
    # looked up by title in the documents that no gold entry claims.
    result = score(gold_file(), articles=[article("https://example.org/a")], mentions=[])
    (art,) = result.articles
    assert art.found and art.doc_id == "https://example.org/a"


def test_warc_record_found_through_document_origin() -> None:
    # why: a WARC record's doc_id is its URI; the gold names the WARC file.
    uri = "https://example.org/news/hajin"
    gold = gold_file(
        hajin(),
        articles=[{"key": "A", "title": TITLE, "outlet": "Press TV", "in": ["capture_08"]}],
    )
    result = score(
        gold,
        articles=[article(uri)],
        mentions=[mention("Hajin", doc_id=uri, killed_min=20, killed_max=20, children_killed=9)],
        documents=[{"doc_id": uri, "origin": f"data/capture_08.warc.gz ({uri})"}],
    )
    assert row(result, "hajin-market").found
    assert result.articles[0].ok


@pytest.mark.parametrize(
    ("doc_id", "entry", "matches"),
    [
        ("001_4d2f4ba04db9a048.txt", "001", True),
        ("report_01.txt", "report_01", True),
        ("feed06-001", "feed06-001", True),
        ("0012.txt", "001", False),
        ("feed06-0010", "feed06-001", False),
    ],
)
def test_doc_matches(doc_id: str, entry: str, matches: bool) -> None:
    assert doc_matches(doc_id, entry) is matches


def test_check_floors_rejects_unknown_metric() -> None:
    result = score(gold_file(hajin()), articles=[], mentions=[])
    assert check_floors(result, {"recall": 0.5}) == ["recall 0.000 < 0.500"]
    # why: syndication is measured on incidents only; on mentions its floor is skipped.
    assert check_floors(result, {"syndication_accuracy": 1.0}) == []
    with pytest.raises(ValueError, match="unknown metric"):
        check_floors(result, {"recal": 0.5})


def test_to_dict_is_json_ready() -> None:
    import json

    result = score(gold_file(hajin()), articles=[article()], mentions=[mention("Hajin")])
    data = json.loads(json.dumps(result.to_dict()))
    assert data["incidents"][0]["key"] == "hajin-market"
    assert data["articles"][0]["ok"] is True


def test_one_entry_can_hold_several_fallback_articles() -> None:
    # why: one WARC file holds two records, each with its own URI and article.
    gold = gold_file(
        articles=[
            {"key": "N", "title": "First story", "outlet": "Press TV", "in": ["capture_08"]},
            {"key": "O", "title": "Second story", "outlet": "Press TV", "in": ["capture_08"]},
        ]
    )
    result = score(
        gold,
        articles=[
            article("https://a.example/1", "First story"),
            article("https://a.example/2", "Second story"),
        ],
        mentions=[],
    )
    assert [(a.key, a.doc_id) for a in result.articles] == [
        ("N", "https://a.example/1"),
        ("O", "https://a.example/2"),
    ]


def test_reprint_marked_copy_of_tells_its_originals_incidents() -> None:
    # why: the sample gold codes a reprint as its own article with `copy_of`; its mentions
    # are another copy of the original's incidents, not false positives.
    gold = gold_file(
        hajin(),
        articles=[
            {"key": "A", "title": TITLE, "outlet": "Press TV", "in": ["report_01"]},
            {
                "key": "F",
                "title": TITLE,
                "outlet": "Riverside",
                "in": ["digest_03"],
                "copy_of": "A",
            },
        ],
    )
    result = score(
        gold,
        articles=[article("report_01.txt"), article("digest_03.md", outlet="Riverside")],
        mentions=[
            mention("Hajin", doc_id="report_01.txt"),
            mention("Hajin", doc_id="digest_03.md"),
        ],
    )
    assert row(result, "hajin-market").copies_found == ("report_01.txt", "digest_03.md")
    assert result.false_positives == ()


def test_sparse_optional_incident_does_not_take_a_required_ones_mention() -> None:
    # why: an optional running total ("23 killed this month", other figures null) agrees
    # with any mention on its nulls; the stated figures decide, and required comes first.
    roadside = hajin(key="roadside", place=["Hawija"], killed_min=7, killed_max=7)
    total = {"key": "month-total", "required": False, "article": "A", "place": ["Hawija"]}
    result = score(
        gold_file(roadside, {**total, "killed_min": 23}),
        articles=[article()],
        mentions=[mention("Hawija", killed_min=1, children_killed=9)],
    )
    assert row(result, "roadside").found
    assert not row(result, "month-total").found
