"""Property tests: whatever bytes arrive, a reader yields documents or coded errors, and an
ingest stores the file or reports it; nothing raises and stops the batch (#9).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civharm import Project, open_project
from civharm.errors import InputError
from civharm.model import SourceDocument
from civharm.readers import READERS
from civharm.readers.decoding import mostly_control

# Enough examples to find the crash classes of issue #9 quickly, few enough for seconds.
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SMALL_LIMIT = 64 * 1024  # a low max_file_mb, so that the bounds are exercised too

# Bytes that get past each format's first check, so the fuzzing reaches the parser.
PREFIXES = st.sampled_from(
    [b"", b"%PDF-1.4\n", b"WARC/1.0\r\n", b"<html><body><p>", b"\xff\xfe", b"\xef\xbb\xbf"]
)

# Lone surrogates ("\ud800"), NUL and other control characters included: all seen in the wild.
ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=[]), max_size=40)
JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | ANY_TEXT
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
RECORDS = st.fixed_dictionaries(
    {},
    optional={
        key: JSON_VALUES | st.text(max_size=200)
        for key in ("id", "url", "title", "outlet", "published", "text", "html")
    },
)


# Lines json.dumps cannot write: numbers past Python's 4,300-digit limit, deep nesting.
HOSTILE_LINES = st.one_of(
    st.integers(1, 6000).map(lambda n: b'{"text": "Two killed.", "id": ' + b"9" * n + b"}"),
    st.integers(1, 5000).map(lambda n: b'{"text": ' + b"[" * n + b"]" * n + b"}"),
    st.sampled_from([b"\\ud800", b"\\udfff", b"\xed\xa0\x80", b"\\u0000", b"\x00", b"\xff"]).map(
        lambda bad: b'{"text": "Two ' + bad + b' killed.", "title": "A' + bad + b'B"}'
    ),
)


def _items(suffix: str, data: bytes) -> list[SourceDocument | InputError]:
    items = list(READERS[suffix](f"input{suffix}", data, max_bytes=SMALL_LIMIT))
    assert all(isinstance(item, SourceDocument | InputError) for item in items)
    return items


@pytest.mark.parametrize("suffix", sorted(READERS))
@FAST
@given(prefix=PREFIXES, data=st.binary(max_size=3000))
def test_readers_properties_random_bytes_give_items_never_an_exception(
    suffix: str, prefix: bytes, data: bytes
) -> None:
    raw = prefix + data
    _items(suffix, raw)
    if suffix.endswith(".gz"):
        _items(suffix, gzip.compress(raw))  # past the gzip layer, into the parser


@FAST
@given(record=RECORDS | JSON_VALUES, ascii_only=st.booleans())
def test_readers_properties_one_jsonl_line_gives_exactly_one_item(
    record: object, ascii_only: bool
) -> None:
    line = json.dumps(record, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
    for suffix, data in ((".jsonl", line + b"\n"), (".jsonl.gz", gzip.compress(line + b"\n"))):
        assert len(_items(suffix, data)) == 1


@FAST
@given(
    lines=st.lists(
        HOSTILE_LINES | st.binary(max_size=200).filter(lambda b: b"\n" not in b), max_size=5
    )
)
def test_readers_properties_random_jsonl_lines_give_one_item_each(lines: list[bytes]) -> None:
    data = b"\n".join(lines) + b"\n"
    # An empty file is one error, and so is a file of junk (mostly control bytes).
    expected = 1 if mostly_control(data) else sum(1 for line in lines if line.strip()) or 1
    assert len(_items(".jsonl", data)) == expected
    assert len(_items(".jsonl.gz", gzip.compress(data))) == expected


@pytest.fixture(scope="module")
def fuzzed_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Project, Path]]:
    folder = tmp_path_factory.mktemp("fuzz")
    with open_project(db=f"sqlite:///{folder / 'fuzz.db'}", user="fuzz", max_file_mb=1) as project:
        yield project, folder


SINGLE = sorted(s for s in READERS if not s.startswith((".jsonl", ".warc")))


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    suffix=st.sampled_from(SINGLE),
    prefix=PREFIXES,
    data=st.binary(max_size=2000) | st.text(max_size=400).map(str.encode),
)
def test_readers_properties_ingest_stores_a_file_or_reports_one_error(
    fuzzed_project: tuple[Project, Path], suffix: str, prefix: bytes, data: bytes
) -> None:
    project, folder = fuzzed_project
    path = folder / f"input{suffix}"
    path.write_bytes(prefix + data)
    report = project.ingest([path])
    assert report.new_documents + report.seen_documents + len(report.errors) == 1


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(line=RECORDS.map(lambda r: json.dumps(r).encode()) | HOSTILE_LINES)
def test_readers_properties_ingest_stores_a_record_or_reports_one_error(
    fuzzed_project: tuple[Project, Path], line: bytes
) -> None:
    project, folder = fuzzed_project
    path = folder / "input.jsonl"
    path.write_bytes(line + b"\n")
    report = project.ingest([path])
    assert report.new_documents + report.seen_documents + len(report.errors) == 1
