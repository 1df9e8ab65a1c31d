"""Readers: every supported format gives documents; every kind of bad file one clear error."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from civharm.errors import BinaryInput, EmptyInput, InputError, MalformedInput
from civharm.model import SourceDocument
from civharm.readers import reader_for, suffix_of
from civharm.stages.segment import segment

from .conftest import DATA

GOOD = DATA / "good"
BAD = DATA / "bad"
EXPECTED = json.loads((GOOD / "expected.json").read_text())["files"]


def read(path: Path) -> tuple[list[SourceDocument], list[InputError]]:
    docs: list[SourceDocument] = []
    errors: list[InputError] = []
    for item in reader_for(path)(str(path), path.read_bytes()):
        (errors if isinstance(item, InputError) else docs).append(item)  # type: ignore[arg-type]
    return docs, errors


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_readers_good_file_gives_its_articles(name: str) -> None:
    docs, errors = read(GOOD / name)
    assert errors == []
    articles = [a for doc in docs for a in segment(doc)]
    expected = EXPECTED[name]
    assert [a.title for a in articles] == [e["title"] for e in expected]
    assert [a.outlet for a in articles] == [e["outlet"] for e in expected]
    assert [a.byline for a in articles] == [e["byline"] for e in expected]
    published = [e["published"] and dt.date.fromisoformat(e["published"]) for e in expected]
    assert [a.published for a in articles] == published


def test_readers_jsonl_doc_id_is_the_record_id() -> None:
    docs, _ = read(GOOD / "one.jsonl")
    assert [d.doc_id for d in docs] == ["good-jsonl-1"]
    assert docs[0].container == (GOOD / "one.jsonl").read_bytes()


def test_readers_warc_doc_id_is_the_target_uri_and_capture_is_kept_apart() -> None:
    docs, _ = read(GOOD / "one.warc.gz")
    (doc,) = docs  # the robots.txt response is not a document
    assert doc.doc_id == EXPECTED["one.warc.gz"][0]["url"]
    assert doc.metadata.captured is not None


@pytest.mark.parametrize(
    ("name", "error", "words"),
    [
        ("empty.txt", EmptyInput, "empty"),  # nothing to read
        ("binary.txt", BinaryInput, "binary"),  # an image behind a .txt name
        ("broken.pdf", MalformedInput, "PDF"),  # cut before the xref table
        ("truncated.jsonl.gz", MalformedInput, "gzip"),  # gzip stream cut in half
        ("corrupt.warc.gz", MalformedInput, "WARC"),  # garbage after a good record
        (
            "truncated.warc.gz",
            MalformedInput,
            "truncated",
        ),  # short payload, no exception from warcio
        ("no_text.jsonl", MalformedInput, "neither"),  # record without text or html
    ],
)
def test_readers_bad_file_gives_one_clear_error(
    name: str, error: type[InputError], words: str
) -> None:
    _, errors = read(BAD / name)
    assert len(errors) == 1
    assert isinstance(errors[0], error)
    assert name in str(errors[0])
    assert words in str(errors[0])


def test_readers_invalid_json_line_names_its_line_and_keeps_the_others() -> None:
    docs, errors = read(BAD / "bad_line.jsonl")
    assert len(docs) == 2
    (error,) = errors
    assert "bad_line.jsonl:2" in str(error)


def test_readers_corrupt_warc_keeps_the_good_record_before_the_damage() -> None:
    docs, errors = read(BAD / "corrupt.warc.gz")
    assert len(docs) == 1
    assert len(errors) == 1


@pytest.mark.parametrize(
    ("name", "encoding", "sample"),
    [
        ("arabic_cp1256.txt", "1256", "\u0627"),  # Arabic letters must come out readable
        ("latin1.txt", "", "été"),  # French accents intact
    ],
)
def test_readers_other_encodings_are_decoded_with_a_note(
    name: str, encoding: str, sample: str
) -> None:
    docs, errors = read(BAD / name)
    assert errors == []
    (doc,) = docs
    assert sample in doc.text
    assert doc.notes and "decoded as" in doc.notes[0]
    assert encoding in doc.notes[0]


def test_readers_broken_html_still_reads() -> None:
    docs, errors = read(BAD / "broken.html")
    assert errors == []
    assert "Hodeidah" in docs[0].text


@pytest.mark.parametrize(
    ("name", "suffix"),
    [
        ("a.jsonl.gz", ".jsonl.gz"),  # double suffixes are one format
        ("A.WARC.GZ", ".warc.gz"),  # case does not matter
        ("page.htm", ".htm"),
        ("notes.docx", ".docx"),  # unknown, reported as such
    ],
)
def test_readers_suffix(name: str, suffix: str) -> None:
    assert suffix_of(Path(name)) == suffix
