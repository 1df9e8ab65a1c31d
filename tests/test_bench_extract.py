"""The extraction benchmark's articles: reproducible, and what extraction is meant to find.

Its figures are only comparable between runs if the generated text is the same for the same
seed, and only mean something if the incidents planted in the text are actually extracted.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from benchmarks.bench_extract import THEATRES, generate, segmented
from civharm.gazetteer import Gazetteer
from civharm.stages.extract import extract


@pytest.fixture(scope="module")
def gazetteer() -> Iterator[Gazetteer]:
    opened = Gazetteer.open()
    yield opened
    opened.close()


def test_same_seed_gives_same_texts() -> None:
    first = [r.document.text for r in generate(20, seed=7)]
    again = [r.document.text for r in generate(20, seed=7)]
    other = [r.document.text for r in generate(20, seed=8)]
    assert first == again
    assert first != other
    assert len(set(first)) == 20


def test_articles_have_the_planned_shape() -> None:
    reports = generate(20, seed=2024)
    items = segmented(reports)  # raises unless each document is one article
    for report, (_, article) in zip(reports, items, strict=True):
        assert 400 <= report.words <= 900
        assert 1 <= report.incidents <= 4
        assert article.outlet and article.published and article.dateline
        assert "Fictional report" in article.text


def test_extraction_finds_the_planted_incidents(gazetteer: Gazetteer) -> None:
    items = segmented(generate(20, seed=2024))
    found = [extract(doc.text, article, gazetteer) for doc, article in items]
    with_mention = sum(1 for mentions in found if mentions)
    assert with_mention >= 16, f"only {with_mention} of 20 articles gave a mention"


def test_towns_are_in_the_gazetteer(gazetteer: Gazetteer) -> None:
    for theatre in THEATRES:
        for town, _ in theatre.towns:
            hits = gazetteer.lookup(town)
            assert hits and hits[0].country == theatre.code, (town, hits[:1])
