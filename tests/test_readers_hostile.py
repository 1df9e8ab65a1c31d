"""Hostile inputs (#9): each is one coded error naming its file and line, the rest of the
batch is stored, and the summary is printed; text in odd encodings is read, not refused.

The inputs are written here, small, from code: nothing hostile is committed.
"""

from __future__ import annotations

import gzip
import os
import random
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from civharm import Project
from civharm.cli import app
from civharm.errors import BinaryInput, EmptyInput, InputError, MalformedInput
from civharm.model import SourceDocument
from civharm.readers import Reader, jsonl, text, warc
from civharm.readers.decoding import decode
from civharm.readers.guard import display_name, printable

from .conftest import finished_job
from .test_pages import login

GOOD_LINE = b'{"id": "good", "text": "Two civilians were killed in Hajin on Tuesday."}'
ARTICLE = (
    "Market Struck in Eastern Town\n\nSource: North Wire\n"
    "At least 12 civilians were killed when shells hit the market on Tuesday, residents said.\n"
)


def split(
    items: list[SourceDocument | InputError],
) -> tuple[list[SourceDocument], list[InputError]]:
    docs = [i for i in items if isinstance(i, SourceDocument)]
    return docs, [i for i in items if isinstance(i, InputError)]


@pytest.mark.parametrize(
    ("line", "words"),
    [
        # Python refuses to parse an integer of more than 4,300 digits (ValueError).
        (b'{"text": "x", "id": ' + b"9" * 4400 + b"}", "4,400 digits"),
        # The JSON decoder recurses once per bracket (RecursionError).
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        # A lone surrogate escape decodes to a str that no database can store.
        (b'{"text": "Two \\ud800 killed."}', "lone surrogate"),
        # The same, as raw UTF-8 bytes: json.loads lets them through ("surrogatepass").
        (b'{"text": "Two killed.", "title": "A\xed\xa0\x80B"}', "lone surrogate"),
    ],
)
def test_readers_hostile_jsonl_line_is_one_coded_error_and_the_others_are_read(
    line: bytes, words: str
) -> None:
    data = GOOD_LINE + b"\n" + line + b"\n" + GOOD_LINE.replace(b"good", b"also") + b"\n"
    docs, errors = split(list(jsonl.read("hostile.jsonl", data)))
    assert [d.doc_id for d in docs] == ["good", "also"]
    (error,) = errors
    assert isinstance(error, MalformedInput)
    assert str(error).startswith("E005 hostile.jsonl:2: ")
    assert words in str(error)


def test_readers_hostile_nul_is_stripped_from_every_text_field() -> None:
    # PostgreSQL refuses NUL in text; SQLite keeps it and breaks exports later.
    line = b'{"id": "a\\u0000b", "title": "A\\u0000B", "outlet": "\\u0000", "text": "Two\\u0000 killed."}'
    (doc,) = jsonl.read("nul.jsonl", line)
    assert isinstance(doc, SourceDocument)
    assert (doc.doc_id, doc.metadata.title, doc.metadata.outlet) == ("ab", "AB", None)
    assert "\x00" not in doc.text


def _bad_name(folder: Path) -> Path:
    """A file whose name is not UTF-8 (Linux allows any bytes but / and NUL)."""
    path = folder / os.fsdecode(b"caf\xe9.txt")  # the byte kept as a surrogate escape
    path.write_bytes(ARTICLE.encode())
    return path


def _hostile_batch(folder: Path) -> dict[str, str]:
    """A batch with one input per crash of #9, and the reason each must give."""
    files = {
        "number.jsonl": (b'{"text": "x", "id": ' + b"9" * 4400 + b"}\n", "4,400 digits"),
        "nested.jsonl": (b"[" * 100_000 + b"]" * 100_000 + b"\n", "nested too deeply"),
        "surrogate.jsonl": (b'{"text": "Two \\ud800 killed."}\n', "lone surrogate"),
        # One 1.1M-character paragraph with harm words: spaCy stops at 1M (E088).
        "paragraph.txt": (
            ("Shelling killed civilians in the market. " * 27_000).encode(),
            "a paragraph of 1,107,000 characters",
        ),
    }
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    (folder / "good.txt").write_text(ARTICLE)
    (folder / "nul.jsonl").write_bytes(b'{"title": "A\\u0000B", "text": "Two killed."}\n')
    _bad_name(folder)
    return {name: words for name, (_, words) in files.items()} | {"caf\\xe9.txt": "not valid UTF-8"}


def test_readers_hostile_batch_reports_each_input_and_stores_the_rest(
    project: Project, tmp_path: Path
) -> None:
    expected = _hostile_batch(tmp_path)
    report = project.ingest([tmp_path])
    assert report.new_documents == 2  # good.txt, and nul.jsonl with its NUL stripped
    assert len(report.errors) == len(expected)
    for name, words in expected.items():
        (line,) = [e for e in report.errors if name in e]
        assert line[:5] in ("E004 ", "E005 ") and words in line
    titles = {row["title"] for row in project.records("documents")}
    assert "AB" in titles


def test_readers_hostile_cli_prints_the_summary_and_exits_nonzero(
    runner: CliRunner, db_url: str, tmp_path: Path
) -> None:
    _hostile_batch(tmp_path)
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", db_url])
    assert result.exit_code == 1, result.output
    assert "2 new documents" in result.output
    assert "5 inputs failed" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_readers_hostile_web_upload_reports_each_file_and_keeps_the_others(
    web: tuple[Project, Any],
) -> None:
    # Through the upload form these were a bare 500 that lost the good files too.
    _, client = web
    csrf = login(client, "researcher")
    response = client.post(
        "/ingest",
        data={"csrf": csrf},
        files=[
            ("files", ("number.jsonl", b'{"text": "x", "id": ' + b"9" * 4400 + b"}\n")),
            ("files", ("surrogate.jsonl", b'{"text": "Two \\ud800 killed."}\n')),
            ("files", ("field-report.txt", ARTICLE.encode())),
        ],
        follow_redirects=False,
    )
    job = finished_job(client, response)
    assert job["state"] == "done"
    assert [f["outcome"] for f in job["files"]] == ["failed", "failed", "stored"]
    page = client.get(response.headers["location"]).text
    assert "1 new document," in page
    assert "number.jsonl:1" in page and "surrogate.jsonl:1" in page


# -- decoding ---------------------------------------------------------------------------

ENGLISH = "Five civilians were killed when shells hit the market in Mosul, residents said. " * 8
ARABIC = "قتل خمسة مدنيين في قصف على سوق الموصل يوم الثلاثاء، قال سكان. " * 8


@pytest.mark.parametrize(
    "data",
    [
        "\ufeff".encode("utf-16-le") + ENGLISH.encode("utf-16-le"),  # Windows "Unicode" export
        "\ufeff".encode("utf-16-be") + ENGLISH.encode("utf-16-be"),  # the big-endian twin
        b"\xef\xbb\xbf" + ENGLISH.encode(),  # Notepad's UTF-8 with a BOM
    ],
)
def test_readers_hostile_byte_order_mark_decides_the_encoding(data: bytes) -> None:
    content, notes = decode("bom.txt", data)
    assert content == ENGLISH
    assert notes == ()


def test_readers_hostile_arabic_utf8_with_a_stray_byte_is_utf8() -> None:
    data = ARABIC.encode()
    cut = data.index(b" ", 200)  # between two words, not inside a character
    content, (note,) = decode("ar.txt", data[:cut] + b"\xff" + data[cut:])
    assert "قتل خمسة مدنيين" in content and "\ufffd" in content
    assert "ar.txt" in note and "1 invalid byte sequences replaced" in note


def test_readers_hostile_english_with_a_bad_byte_is_utf8_not_cp850() -> None:
    data = ENGLISH.encode()
    content, (note,) = decode("en.txt", data[:100] + b"\xff" + data[100:])
    assert "replaced" in note and "cp850" not in note
    assert content.replace("\ufffd", "") == ENGLISH


def test_readers_hostile_sparse_latin1_accents_are_still_latin1() -> None:
    # Under 1% of the bytes are accents, none of them valid UTF-8: a French cp1252 page.
    data = ("Le marché a été touché à l'aube. " + ENGLISH * 3).encode("latin-1")
    content, (note,) = decode("fr.txt", data)
    assert "marché a été touché à" in content
    assert "decoded as cp1252" in note


@pytest.mark.parametrize(
    ("reader", "name", "data"),
    [
        (jsonl.read_gz, "empty.jsonl.gz", gzip.compress(b"")),  # a valid gzip of nothing
        (jsonl.read_gz, "blank.jsonl.gz", gzip.compress(b"\n \n")),  # only blank lines
        (text.read, "bom.txt", b"\xff\xfe"),  # a byte order mark and nothing else
        (text.read, "zw.txt", "\u200b\u200b\n".encode()),  # only invisible characters
    ],
)
def test_readers_hostile_empty_content_is_an_error(reader: Reader, name: str, data: bytes) -> None:
    (error,) = reader(name, data)
    assert isinstance(error, EmptyInput)
    assert str(error).startswith(f"E002 {name}: ")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        # Short French text with 5 accents in 230 bytes (over 1%): cp1250 decodes it without a
        # flaw too, and charset_normalizer ranks the two the same ("à" would be "ŕ").
        ("fr.txt", ("Le marché a été touché à l'aube. " + ENGLISH[:200]).encode("cp1252")),
        # German decodes the same in both: the note names the common one.
        ("de.txt", ("Über die Straße lief ein Mädchen. " + ENGLISH[:200]).encode("cp1252")),
    ],
)
def test_readers_hostile_western_text_is_cp1252_first_among_equals(name: str, data: bytes) -> None:
    content, (note,) = decode(name, data)
    assert content.startswith(data[:34].decode("cp1252"))
    assert note == f"{name}: not UTF-8; decoded as cp1252"


def test_readers_hostile_czech_cp1250_is_not_taken_for_cp1252() -> None:
    # "ř", "ě" and "ů" make cp1252 decode worse: the preference only breaks a tie.
    czech = "Příliš žluťoučký kůň úpěl ďábelské ódy. Ve městě byla zničena škola. "
    content, (note,) = decode("cz.txt", (czech + ENGLISH[:200]).encode("cp1250"))
    assert content.startswith(czech)
    assert note.endswith("decoded as cp1250")


def test_readers_hostile_encoded_surrogate_is_one_bad_sequence_in_utf8() -> None:
    # 3 bytes of a surrogate in 150 bytes of UTF-8 (over 1% as bytes): one mistake, not cp1250.
    data = ("Zoë wrote: " + ENGLISH[:140]).encode() + b"Signed \xed\xa0\x80 A.\n"
    content, (note,) = decode("zoe.txt", data)
    assert content.startswith("Zoë wrote: ") and content.endswith("Signed \ufffd A.\n")
    assert note == "zoe.txt: not all UTF-8; 1 invalid byte sequences replaced with U+FFFD"


@pytest.mark.parametrize(
    ("reader", "data"),
    [
        (jsonl.read, random.Random(4).randbytes(4096)),  # would be one error per "line"
        (jsonl.read_gz, gzip.compress(random.Random(5).randbytes(4096))),  # the same, gzipped
        (jsonl.read, "\n".join(['{"text": "Two killed."}'] * 9).encode("utf-16-le")),  # no BOM
    ],
)
def test_readers_hostile_jsonl_of_binary_data_is_one_error(reader: Reader, data: bytes) -> None:
    (error,) = reader("junk.jsonl", data)
    assert isinstance(error, BinaryInput)
    assert str(error).startswith("E003 junk.jsonl: binary data, not JSON Lines")


def test_readers_hostile_jsonl_with_a_raw_nul_in_one_record_keeps_the_others() -> None:
    # One raw NUL is that record's problem; the file is still JSON Lines.
    data = GOOD_LINE + b'\n{"text": "Two \x00 killed."}\n' + GOOD_LINE.replace(b"good", b"also")
    docs, errors = split(list(jsonl.read("nul.jsonl", data)))
    assert [d.doc_id for d in docs] == ["good", "also"]
    assert [str(e)[:17] for e in errors] == ["E005 nul.jsonl:2:"]


def _warc(body: bytes, *, warc_length: int | None = None) -> bytes:
    """One WARC response record written by hand, so that its Content-Length can lie."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    length = len(http) if warc_length is None else warc_length
    header = (
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://a.example/1\r\n"
        "WARC-Date: 2024-03-05T08:00:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {length}\r\n\r\n"
    )
    return header.encode() + http + b"\r\n\r\n"


PAGE = f"<html><body><p>{ENGLISH}</p></body></html>".encode()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        # Half the record: the rest would be read as a next record, and warcio warns.
        (_warc(PAGE, warc_length=len(PAGE) // 2), " (https://a.example/1): its WARC Content-"),
        # Plain text: warcio takes it for a record not followed by blank lines.
        (ENGLISH.encode(), ": not a WARC file"),
    ],
)
def test_readers_hostile_warc_lying_or_missing_is_one_error_and_silent(
    data: bytes, words: str, capfd: pytest.CaptureFixture[str]
) -> None:
    (error,) = warc.read("bad.warc", data)
    assert isinstance(error, MalformedInput)
    assert str(error).startswith(f"E005 bad.warc{words}")
    assert capfd.readouterr() == ("", "")  # warcio writes its warning to stderr itself


def test_readers_hostile_warc_good_record_is_still_read() -> None:
    # Why: the checks above must not refuse a WARC whose lengths are right.
    (doc,) = warc.read("good.warc", _warc(PAGE))
    assert isinstance(doc, SourceDocument) and doc.doc_id == "https://a.example/1"


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("line\nbreak.txt", "line\\nbreak.txt"),  # a line break would cut an error line
        ("esc\x1b[2J.txt", "esc\\x1b[2J.txt"),  # ESC would clear the reader's screen
        ("tab\there\r.txt", "tab\\there\\r.txt"),  # every control character
        ("bell\x07\x85.txt", "bell\\x07\\x85.txt"),  # C1 controls too (\x85 ends a line)
        ("gpj.\u202eexe.txt", "gpj.\\u202eexe.txt"),  # a bidi override reverses what is shown
        ("para\u2029graph.txt", "para\\u2029graph.txt"),  # a paragraph separator breaks lines
        ("می\u200cخواهم.txt", "می\u200cخواهم.txt"),  # Persian spells words with ZWNJ: kept
        ("café façade.txt", "café façade.txt"),  # letters are letters
        (os.fsdecode(b"caf\xe9\n.txt"), "caf\\xe9\\n.txt"),  # not UTF-8, and a control
    ],
)
def test_readers_hostile_display_name_escapes_what_a_terminal_hides(name: str, shown: str) -> None:
    assert display_name(name) == shown
    assert printable(shown) == shown  # escaping twice changes nothing


def test_readers_hostile_cli_escapes_control_characters_in_every_line(
    runner: CliRunner, db_url: str, tmp_path: Path
) -> None:
    # A warning (a stored file) and an error line (a refused one) both name a file.
    (tmp_path / "fr\x1b[2J.txt").write_bytes(
        ("Le marché a été touché à l'aube. " + ENGLISH).encode("cp1252")
    )
    (tmp_path / "empty\n.txt").write_bytes(b"")
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", db_url])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert f"warning {tmp_path}/fr\\x1b[2J.txt: not UTF-8; decoded as cp1252" in lines
    assert f"failed E002 {tmp_path}/empty\\n.txt: empty file" in lines
    assert "\x1b" not in result.output
