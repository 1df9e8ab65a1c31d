"""Decompression bombs and truncated archives (#9).

`max_file_mb` bounds what a file inflates to, per record and per file, for gzip, WARC
and PDF streams: a bomb stops quickly with E004. A WARC record cut short is reported
with E005 and the complete records are kept. The inputs are generated here, small.
"""

from __future__ import annotations

import gzip
import io
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from civharm import open_project
from civharm.errors import InputError, MalformedInput, TooLarge
from civharm.model import SourceDocument
from civharm.readers import jsonl, pdf, warc

MB = 1024 * 1024
BOMB = 8 * MB  # a few MB of one byte: gzip shrinks it a thousandfold


def page(n: int) -> bytes:
    return (
        f"<html><head><title>Strike {n}</title></head><body><article><p>"
        + f"Shelling killed {n + 2} civilians in the market of Hajin on Tuesday, residents said. "
        * 12
        + "</p></article></body></html>"
    ).encode()


def chunked(body: bytes, size: int = 1000) -> bytes:
    """`body` in HTTP/1.1 chunked transfer encoding."""
    parts = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"


def make_warc(
    bodies: list[bytes], *, compress: bool, http: tuple[tuple[str, str], ...] = ()
) -> bytes:
    """One response record per body, with the extra HTTP headers `http`."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    for n, body in enumerate(bodies):
        headers = [("Content-Type", "text/html; charset=utf-8"), *http]
        record = writer.create_warc_record(
            f"https://example.org/{n}",
            "response",
            payload=io.BytesIO(body),
            http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
        )
        writer.write_record(record)
    return out.getvalue()


def make_pdf(content: bytes) -> bytes:
    """A one-page PDF whose page content stream is `content`, deflated."""
    stream = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


Items = list[SourceDocument | InputError]


def bounded(read: Callable[[], Iterator[SourceDocument | InputError]]) -> Items:
    """Read, asserting it takes under two seconds and peaks under 16 MB of Python memory."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        items = list(read())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 2
    assert peak < 16 * MB, f"peak {peak / MB:.0f} MB"
    return items


def errors(items: Items) -> list[InputError]:
    return [i for i in items if isinstance(i, InputError)]


def docs(items: Items) -> list[SourceDocument]:
    return [i for i in items if isinstance(i, SourceDocument)]


# -- bombs -------------------------------------------------------------------------------

GOOD_LINE = b'{"id": "one", "text": "Two civilians were killed."}\n'


def test_readers_bounds_jsonl_gz_bomb_stops_at_the_limit() -> None:
    bomb = gzip.compress(GOOD_LINE + b'{"text": "' + b"0" * BOMB + b'"}\n')
    items = bounded(lambda: jsonl.read_gz("bomb.jsonl.gz", bomb, max_bytes=MB))
    assert [d.doc_id for d in docs(items)] == ["one"]  # the record before the bomb is kept
    (error,) = errors(items)
    assert isinstance(error, TooLarge)
    assert "bomb.jsonl.gz: decompresses to more than 1 MB (setting max_file_mb)" in str(error)


def test_readers_bounds_one_record_over_the_limit_is_skipped() -> None:
    data = GOOD_LINE + b'{"text": "' + b"0" * 5000 + b'"}\n' + GOOD_LINE.replace(b"one", b"two")
    items = list(jsonl.read("big.jsonl", data, max_bytes=4096))
    assert [d.doc_id for d in docs(items)] == ["one", "two"]
    (error,) = errors(items)
    assert str(error).startswith("E004 big.jsonl:2: the record holds more than 4,096 bytes")


def test_readers_bounds_warc_gz_bomb_stops_at_the_limit() -> None:
    bomb = make_warc([page(0), b"<p>" + b"a" * BOMB], compress=True)
    items = bounded(lambda: warc.read("bomb.warc.gz", bomb, max_bytes=MB))
    assert len(docs(items)) == 1
    (error,) = errors(items)
    assert isinstance(error, TooLarge) and "more than 1 MB" in str(error)


GZIP = (("Content-Encoding", "gzip"),)
CHUNKED_GZIP = (("Transfer-Encoding", "chunked"), *GZIP)


@pytest.mark.parametrize(
    ("http", "encode"),
    [
        (GZIP, gzip.compress),  # warcio inflates 16 KB of input at a time: 16 MB at once
        (CHUNKED_GZIP, lambda b: chunked(gzip.compress(b), 1 << 20)),  # and a whole chunk
    ],
)
def test_readers_bounds_http_content_encoding_bomb_is_bounded(
    http: tuple[tuple[str, str], ...], encode: Callable[[bytes], bytes]
) -> None:
    # The WARC itself is small and plain; its HTTP body is gzip that inflates to 8 MB.
    bomb = make_warc([encode(b"<p>" + b"a" * BOMB)], compress=False, http=http)
    (error,) = bounded(lambda: warc.read("body.warc", bomb, max_bytes=MB))
    assert isinstance(error, TooLarge) and "the page holds more than 1 MB" in str(error)


@pytest.mark.parametrize(
    ("http", "encode"),
    [
        (GZIP, gzip.compress),  # the common case
        (CHUNKED_GZIP, lambda b: chunked(gzip.compress(b))),  # as many servers send it
        ((("Content-Encoding", "deflate"),), lambda b: zlib.compress(b)[2:-4]),  # raw deflate
        (GZIP, lambda b: b),  # labelled gzip but plain: read as it is, as warcio does
    ],
)
def test_readers_bounds_http_body_is_dechunked_and_inflated(
    http: tuple[tuple[str, str], ...], encode: Callable[[bytes], bytes]
) -> None:
    (doc,) = warc.read("body.warc", make_warc([encode(page(1))], compress=False, http=http))
    assert isinstance(doc, SourceDocument)
    assert doc.text.startswith("Shelling killed 3 civilians")


def test_readers_bounds_gzip_inside_gzip_is_refused() -> None:
    # warcio would inflate an inner layer on its own, without our bound.
    nested = gzip.compress(make_warc([page(0)], compress=True))
    (error,) = warc.read("nested.warc.gz", nested)
    assert isinstance(error, MalformedInput) and "gzip inside gzip" in str(error)


def test_readers_bounds_pdf_stream_bomb_stops_at_the_limit() -> None:
    bomb = make_pdf(b"BT /F1 12 Tf 72 720 Td (Two killed.) Tj ET" + b" " * BOMB)
    items = bounded(lambda: pdf.read("bomb.pdf", bomb, max_bytes=MB))
    (error,) = items
    assert isinstance(error, TooLarge)
    assert "bomb.pdf: a stream inflates to more than 1 MB" in str(error)
    (doc,) = pdf.read("ok.pdf", make_pdf(b"BT /F1 12 Tf 72 720 Td (Two killed.) Tj ET"))
    assert isinstance(doc, SourceDocument) and doc.text == "Two killed."


def test_readers_bounds_setting_bounds_ingest(
    db_url: str, tmp_path: pytest.TempPathFactory
) -> None:
    folder = tmp_path  # type: ignore[assignment]
    (folder / "bomb.jsonl.gz").write_bytes(gzip.compress(b'{"text": "' + b"0" * BOMB + b'"}\n'))
    (folder / "bomb.warc.gz").write_bytes(make_warc([b"<p>" + b"a" * BOMB], compress=True))
    started = time.perf_counter()
    with open_project(db=db_url, max_file_mb=1) as project:
        report = project.ingest([folder])
    assert time.perf_counter() - started < 5
    assert report.new_documents == 0
    assert len(report.errors) == 2
    assert all(e.startswith("E004 ") and "more than 1 MB" in e for e in report.errors)


# -- truncated WARC -----------------------------------------------------------------------


def test_readers_bounds_warc_gz_cut_in_half_reports_the_cut_record() -> None:
    whole = make_warc([page(0), page(1)], compress=True)
    first = len(make_warc([page(0)], compress=True))
    cut = whole[: first + (len(whole) - first) // 2]  # halfway through the second member
    items = list(warc.read("cut.warc.gz", cut))
    assert [d.doc_id for d in docs(items)] == ["https://example.org/0"]
    (error,) = errors(items)
    assert isinstance(error, MalformedInput) and "truncated" in str(error)


@pytest.mark.parametrize(
    "fraction",
    [
        2 / 3,  # in the second record's payload
        0.55,  # in the second record's header block: warcio drops it without a word
    ],
)
def test_readers_bounds_plain_warc_cut_reports_the_cut_record(fraction: float) -> None:
    whole = make_warc([page(0), page(1)], compress=False)
    items = list(warc.read("cut.warc", whole[: int(len(whole) * fraction)]))
    assert [d.doc_id for d in docs(items)] == ["https://example.org/0"]
    (error,) = errors(items)
    assert str(error).startswith("E005 cut.warc") and "truncated" in str(error)


def test_readers_bounds_warc_record_shorter_than_its_content_length_is_refused() -> None:
    record = (
        b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: https://example.org/x\r\n"
        b"Content-Type: text/html\r\nContent-Length: 999999999\r\n\r\n"
        b"<html><body><p>Forty bytes.</p></body>\r\n"
    )
    (error,) = warc.read("short.warc", record)
    assert isinstance(error, MalformedInput)
    assert "short.warc (https://example.org/x): record truncated: 40 of 999,999,999" in str(error)


def test_readers_bounds_truncated_warc_fails_the_ingest(db_url: str, tmp_path: object) -> None:
    path = tmp_path / "cut.warc"  # type: ignore[operator]
    whole = make_warc([page(0), page(1)], compress=False)
    path.write_bytes(whole[: len(whole) * 2 // 3])
    with open_project(db=db_url) as project:
        report = project.ingest([path])
    assert report.new_documents == 1
    assert not report.ok and "E005" in report.errors[0]
