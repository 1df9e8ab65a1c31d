"""Acceptance on the five founding seed pages in ../shared (skipped when absent).

The gold coding lists 9 distinct articles; the SyriaTimes one is in three files, so the
five files hold 2 + 5 + 2 + 1 + 1 = 11 articles.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from civharm import Project

from .conftest import SEEDS_GOLD

# Lines of page chrome in the seeds that must never reach an article body.
BOILERPLATE = [
    "Subscribe to our newsletter",
    "Sign up here to get the latest news",
    "- Advertisement -",
    "Top Photo |",
    "Whitney Webb is a staff writer",
    "Brandon Turbeville – article archive here",
    "This article may be freely shared",
    "– translated by Samer Hussein –",
]


@pytest.fixture
def ingested(project: Project, seeds: Path) -> Project:
    report = project.ingest([seeds])
    assert report.errors == ()
    return project


def test_seeds_give_eleven_articles(ingested: Project) -> None:
    per_file: dict[str, int] = {}
    for article in ingested.records("articles"):
        key = article["doc_id"][:3]
        per_file[key] = per_file.get(key, 0) + 1
    assert per_file == {"000": 2, "001": 5, "002": 2, "003": 1, "004": 1}


def test_seeds_articles_match_the_gold_title_outlet_and_byline(ingested: Project) -> None:
    gold = json.loads(SEEDS_GOLD.read_text())["articles"]
    found = {(a["doc_id"][:3], a["title"]): a for a in ingested.records("articles")}
    for expected in gold:
        for file in expected["in"]:
            article = found.get((file, expected["title"]))
            assert article is not None, f"{expected['title']!r} not found in {file}"
            assert article["outlet"] == expected["outlet"]
            assert article["byline"] == expected["byline"]


def test_seeds_004_is_dated_from_its_text(ingested: Project) -> None:
    (article,) = [a for a in ingested.records("articles") if a["doc_id"].startswith("004")]
    assert article["published"] == dt.date(2017, 11, 12)


def test_seeds_no_boilerplate_in_any_body(ingested: Project) -> None:
    for article in ingested.records("articles"):
        for line in BOILERPLATE:
            assert line not in article["text"], f"{line!r} in {article['title']!r}"


def test_seeds_article_spans_start_at_their_titles(ingested: Project) -> None:
    texts = {d["doc_id"]: d["text"] for d in ingested.store.documents()}
    for article in ingested.records("articles"):
        span = texts[article["doc_id"]][article["start"] : article["end"]]
        assert span.startswith(article["title"])
        assert article["text"].split("\n")[0] in span


def test_seeds_reingest_adds_no_document(ingested: Project, seeds: Path) -> None:
    before = ingested.counts()
    report = ingested.ingest([seeds])
    after = ingested.counts()
    assert (report.new_documents, report.seen_documents) == (0, 5)
    assert after["documents"] == before["documents"] == 5
    assert after["articles"] == before["articles"] == 11
    assert after["custody"] == before["custody"] + 5
