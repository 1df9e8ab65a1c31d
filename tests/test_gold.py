"""Reading gold files: the seeds-gold JSON as it is, a JSON-lines set turned into that form."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from civharm.errors import UsageError
from civharm.evaluate.scoring import score
from civharm.gold import read_gold

SEEDS_STYLE: dict[str, Any] = {
    "articles": [
        {"key": "A", "title": "Shells fall on a river town", "outlet": "Wire", "in": ["001"]}
    ],
    "syndication": [],
    "incidents": [
        {"key": "town-shelling", "required": True, "article": "A", "place": ["Hajin"]},
    ],
}


def line(ident: str, split: str | None = "dev", **fields: Any) -> dict[str, Any]:
    """One article of a JSON-lines gold set, with one incident unless told otherwise."""
    record: dict[str, Any] = {
        "id": ident,
        "url": f"https://example.org/{ident}",
        "outlet": "Example Wire",
        "published": None,
        "title": f"Story {ident}",
        "incidents": [
            {"key": "market", "required": True, "place": ["Hajin"], "killed_min": 4},
        ],
    }
    if split is not None:
        record["split"] = split
    record.update(fields)
    return record


def write_lines(path: Path, *records: dict[str, Any] | str) -> Path:
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n",
        encoding="utf-8",
    )
    return path


# --------------------------------------------------------------------------------------
# The seeds-gold JSON form
# --------------------------------------------------------------------------------------


def test_gold_seeds_style_json_is_returned_as_written(tmp_path: Path) -> None:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(SEEDS_STYLE), encoding="utf-8")
    assert read_gold(path) == SEEDS_STYLE


def test_gold_split_on_a_json_gold_is_refused(tmp_path: Path) -> None:
    # why: only a JSON-lines set has dev and heldout parts; silently scoring everything
    # would report held-out numbers as dev ones.
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(SEEDS_STYLE), encoding="utf-8")
    with pytest.raises(UsageError, match="--split needs a JSON-lines gold file") as caught:
        read_gold(path, split="dev")
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(
    "content",
    [
        "{not json",  # a broken file
        json.dumps({"articles": []}),  # no incidents at all
        json.dumps([SEEDS_STYLE]),  # a list, not the gold object
    ],
)
def test_gold_json_that_is_no_gold_file_is_a_usage_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "gold.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UsageError, match=re.escape(str(path))):
        read_gold(path)


def test_gold_json_without_articles_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps({"incidents": SEEDS_STYLE["incidents"]}), encoding="utf-8")
    with pytest.raises(UsageError, match=re.escape(str(path))):
        read_gold(path)


@pytest.mark.parametrize("name", ["gold.json", "gold.jsonl"])  # either form is read as text first
def test_gold_non_utf8_file_is_a_usage_error(tmp_path: Path, name: str) -> None:
    # why: a Latin-1 export ("Sa'dah" typed with é-style bytes) must say what is wrong,
    # for either form, rather than crash with a traceback.
    path = tmp_path / name
    path.write_bytes(b'{"id": "caf\xe9", "incidents": []}\n')
    with pytest.raises(UsageError, match="not a UTF-8 gold file") as caught:
        read_gold(path)
    assert str(path) in str(caught.value)


def test_gold_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "absent.jsonl"
    with pytest.raises(UsageError, match="cannot read the gold file") as caught:
        read_gold(path)
    assert str(path) in str(caught.value)


# --------------------------------------------------------------------------------------
# The JSON-lines form
# --------------------------------------------------------------------------------------


def test_gold_jsonl_lines_become_articles_and_incidents(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "gold.jsonl",
        line("feed-01"),
        line("feed-02", title=None, incidents=[]),
    )
    gold = read_gold(path)
    assert gold["syndication"] == []
    assert gold["articles"] == [
        {"key": "feed-01", "title": "Story feed-01", "outlet": "Example Wire", "in": ["feed-01"]},
        # why: a line without a title still gives an article, its title empty.
        {"key": "feed-02", "title": "", "outlet": "Example Wire", "in": ["feed-02"]},
    ]
    (incident,) = gold["incidents"]
    assert incident == {
        "key": "feed-01/market",
        "article": "feed-01",
        "required": True,
        "place": ["Hajin"],
        "killed_min": 4,
    }


def test_gold_jsonl_incident_keys_are_prefixed_with_their_article(tmp_path: Path) -> None:
    # why: coders reuse short keys ("market") across articles; unprefixed, two gold
    # incidents of different articles would share a key.
    path = write_lines(tmp_path / "gold.jsonl", line("feed-01"), line("feed-02"))
    gold = read_gold(path)
    assert [(i["key"], i["article"]) for i in gold["incidents"]] == [
        ("feed-01/market", "feed-01"),
        ("feed-02/market", "feed-02"),
    ]


@pytest.mark.parametrize(
    ("split", "kept"),
    [
        ("dev", ["d1", "d2"]),  # the part tuned on
        ("heldout", ["h1"]),  # the part kept back for the final number
        (None, ["d1", "h1", "d2", "x1"]),  # no split: every line, in file order
    ],
)
def test_gold_jsonl_split_keeps_only_that_part(
    tmp_path: Path, split: str | None, kept: list[str]
) -> None:
    path = write_lines(
        tmp_path / "gold.jsonl",
        line("d1", "dev"),
        line("h1", "heldout"),
        line("d2", "dev"),
        line("x1", None),  # a line with no split belongs to neither part
    )
    gold = read_gold(path, split=split)
    assert [a["key"] for a in gold["articles"]] == kept
    assert [i["article"] for i in gold["incidents"]] == kept


def test_gold_jsonl_blank_lines_are_skipped(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "gold.jsonl", line("a1"), "", "   ", line("a2"))
    assert [a["key"] for a in read_gold(path)["articles"]] == ["a1", "a2"]


@pytest.mark.parametrize(
    ("records", "where", "message"),
    [
        # a truncated line; the blank line before it still counts in the numbering
        ([line("a1"), "", '{"id": "a2", "incidents": ['], 3, "not a JSON line"),
        # a line with no id cannot be matched to any ingested record
        ([line("a1"), {"title": "no id here", "incidents": []}], 2, "needs a string `id`"),
        # an id that is a number, not the record's string id
        ([{"id": 7, "incidents": []}], 1, "needs a string `id`"),
        # a JSON value that is no object at all
        ([line("a1"), line("a2"), "[1, 2]"], 3, "needs a string `id`"),
    ],
)
def test_gold_jsonl_bad_line_names_file_and_line(
    tmp_path: Path, records: list[dict[str, Any] | str], where: int, message: str
) -> None:
    path = write_lines(tmp_path / "gold.jsonl", *records)
    with pytest.raises(UsageError, match=re.escape(message)) as caught:
        read_gold(path)
    assert f"{path}:{where}:" in str(caught.value)


def test_gold_jsonl_bad_line_is_reported_even_outside_the_split(tmp_path: Path) -> None:
    # why: a broken heldout line must not hide while scoring dev.
    path = write_lines(tmp_path / "gold.jsonl", line("d1", "dev"), '{"split": "heldout"}')
    with pytest.raises(UsageError, match=re.escape(f"{path}:2:")):
        read_gold(path, split="dev")


def test_gold_jsonl_set_scores_records_whose_doc_id_is_the_line_id(tmp_path: Path) -> None:
    # why: the converted form must be one that score() reads, matching by the JSONL id.
    path = write_lines(tmp_path / "gold.jsonl", line("feed-01"))
    result = score(
        read_gold(path),
        articles=[
            {
                "doc_id": "feed-01",
                "title": "Story feed-01",
                "outlet": "Example Wire",
                "byline": None,
            }
        ],
        mentions=[
            {
                "doc_id": "feed-01",
                "article_title": "Story feed-01",
                "place": "Hajin",
                "place_mentioned": "Hajin",
                "killed_min": 4,
                "quote": "Four people died when a shell hit the market in Hajin.",
            }
        ],
    )
    assert [(r.key, r.found) for r in result.incidents] == [("feed-01/market", True)]
    assert result.metrics["precision"] == 1.0


def test_gold_jsonl_set_scored_by_mentions_keeps_each_articles_claim(
    tmp_path: Path, project: Any
) -> None:
    # why: a gold set coded one article at a time gives each article's own figures; the
    # merged incident's range across the two reports matches neither, each mention does.
    published = "2019-05-08"
    story = (
        "Shelling killed {} civilians in the town of Kafr Nabl on Tuesday, {} said. The shells"
        " landed near the market in the afternoon, when the street was full of shoppers."
        " Several houses were damaged, and families left for villages to the north."
    )
    articles = [
        ("wire-a", story.format("four", "rescuers"), 4),
        ("wire-b", story.format("six", "medics at the town's hospital"), 6),
    ]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        "".join(
            json.dumps(
                {"id": ident, "title": f"Story {ident}", "text": text, "published": published}
            )
            + "\n"
            for ident, text, _ in articles
        ),
        encoding="utf-8",
    )
    project.ingest([corpus])
    incident = {"key": "shelling", "required": True, "place": ["Kafr Nabl"]}
    gold = write_lines(
        tmp_path / "gold.jsonl",
        *(
            line(ident, incidents=[{**incident, "killed_min": n, "killed_max": n}])
            for ident, _, n in articles
        ),
    )
    merged = project.evaluate(gold)
    alone = project.evaluate(gold, by="mentions")
    assert (merged.mode, alone.mode) == ("incidents", "mentions")
    assert merged.metrics["recall"] == alone.metrics["recall"] == 1.0
    assert merged.metrics["figure_accuracy"] == 0.0
    assert alone.metrics["figure_accuracy"] == 1.0
    with pytest.raises(UsageError, match="unknown unit"):
        project.evaluate(gold, by="copies")
