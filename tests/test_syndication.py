"""Syndication: copies of an article form one story; partial copies too."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from civharm.stages.syndication import Copy, Stories, is_copy, original, signature
from civharm.store.stories import BUCKET_CAP

TEXT = (
    "Warplanes struck the main market in the town on Tuesday morning, killing at least twelve "
    "civilians and wounding dozens more, according to local sources who spoke to reporters. "
    "Residents said the strikes came in two waves a few minutes apart, and that rescuers who "
    "rushed to the scene were caught in the second. The market had reopened only a week earlier "
    "after months of closure, and traders had come from nearby villages to sell vegetables."
)


def test_syndication_near_copy_with_small_edits_is_a_copy() -> None:
    edited = TEXT.replace("Tuesday morning", "Tuesday").replace("reporters", "our correspondent")
    assert is_copy(signature(TEXT), signature(edited))


def test_syndication_different_report_is_not_a_copy() -> None:
    other = (
        "Shelling hit a school in the north of the province on Friday, wounding four pupils and "
        "a teacher, the education office said in a statement that blamed government artillery. "
        "The school had been used as a shelter for displaced families during the winter."
    )
    assert not is_copy(signature(TEXT), signature(other))


def test_syndication_article_inside_a_longer_page_is_a_copy() -> None:
    page = (
        "Editor's digest of the day. "
        + "Aid convoys waited at the crossing for a third day as talks stalled. " * 20
        + TEXT
        + " Other news: a water station was repaired and power returned to two districts. " * 10
    )
    assert is_copy(signature(TEXT), signature(page))


def test_syndication_stories_group_transitively() -> None:
    stories = Stories()
    stories.union(1, 2)
    stories.union(3, 2)
    assert stories.groups([1, 2, 3, 4]) == [[1, 2, 3], [4]]


def test_syndication_original_is_the_credited_outlet_then_the_earliest() -> None:
    seen = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    copies = [
        Copy(1, "Riverside Monitor", "Northern Desk Wire", dt.date(2018, 3, 2), seen),
        Copy(2, "Northern Desk Wire", None, dt.date(2018, 3, 3), seen),
    ]
    assert original(copies) == 2  # the copy credits it, though it was published later
    undated = [Copy(5, "A", None, None, seen + dt.timedelta(1)), Copy(4, "B", None, None, seen)]
    assert original(undated) == 4  # first ingested
    dated = [
        Copy(7, "A", None, dt.date(2018, 3, 4), seen),
        Copy(8, "B", None, dt.date(2018, 3, 1), seen),
    ]
    assert original(dated) == 8  # earliest published


def test_syndication_a_story_copied_more_often_than_a_bucket_holds_stays_one_story(
    project: Any, tmp_path: Path
) -> None:
    # why: the band lookup reads at most BUCKET_CAP articles per shared band key, so that it
    # costs the same however many copies are stored; any copy read leads to the story.
    story = (
        "Shelling hit the market in Kafr Nabl on Tuesday, killing four civilians and wounding"
        " nine, rescuers said. The shells landed in the afternoon as the market was full."
        " Families left for villages to the north after the attack, residents said."
    )
    copies = BUCKET_CAP + 8
    corpus = tmp_path / "copies.jsonl"
    corpus.write_text(
        "".join(
            json.dumps({"id": f"wire-{n}", "title": "Market shelled", "text": story}) + "\n"
            for n in range(copies)
        ),
        encoding="utf-8",
    )
    project.ingest([corpus])
    with project.store.engine.connect() as conn:
        stories = conn.execute(sa.text("SELECT count(DISTINCT story_id) FROM articles")).scalar()
        articles = conn.execute(sa.text("SELECT count(*) FROM articles")).scalar()
    assert (articles, stories) == (copies, 1)


def test_syndication_an_article_inside_a_longer_page_ingested_later_is_found_from_the_page(
    project: Any, tmp_path: Path
) -> None:
    # why: the page's own lookup asked for half of its fingerprints, which a short article
    # inside it cannot share; the two made one story only when the article came second.
    other = " ".join(f"Convoy {n} waited {n * 7} hours at crossing {n * 13}." for n in range(60))
    page = f"Editor's digest of the day. {other} {TEXT}"
    records = [{"id": "article", "text": TEXT}, {"id": "digest", "text": page}]
    for record in records:  # the article first, the page holding it second
        corpus = tmp_path / f"{record['id']}.jsonl"
        corpus.write_text(json.dumps({**record, "title": "Market struck"}) + "\n")
        project.ingest([corpus])
    with project.store.engine.connect() as conn:
        stories = conn.execute(sa.text("SELECT count(DISTINCT story_id) FROM articles")).scalar()
    assert stories == 1


def test_syndication_a_page_holding_an_article_is_found_though_a_stock_paragraph_is_everywhere(
    project: Any, tmp_path: Path
) -> None:
    # why: a fingerprint is read for at most BUCKET_CAP of the articles holding it, so that
    # stock phrases cost the same however many articles are stored; the article a page
    # holds is found through the fingerprints few articles share, then counted exactly.
    stock = " ".join(
        f"Our newsroom follows the conflict in {n} regions with editors on call day and night."
        for n in range(12)
    )
    reports = [
        f"Report {n}: "
        + " ".join(f"Team {n} counted {n * k + 3} crossings on day {k}." for k in range(25))
        + f" {stock}"
        for n in range(BUCKET_CAP + 8)
    ]
    other = " ".join(f"Convoy {n} waited {n * 7} hours at crossing {n * 13}." for n in range(60))
    records = [{"id": f"r{n}", "text": text} for n, text in enumerate(reports)]
    records.append({"id": "digest", "text": f"Digest. {other} {reports[3]}"})
    corpus = tmp_path / "reports.jsonl"
    corpus.write_text("".join(json.dumps({**r, "title": "Crossings"}) + "\n" for r in records))
    project.ingest([corpus])
    with project.store.engine.connect() as conn:
        stories = (
            conn.execute(
                sa.text(
                    "SELECT count(*) FROM articles a JOIN documents d ON d.sha256 = a.document_sha256"
                    " GROUP BY a.story_id ORDER BY count(*) DESC"
                )
            )
            .scalars()
            .all()
        )
    assert stories == [2] + [1] * (BUCKET_CAP + 7)
