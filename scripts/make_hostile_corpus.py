"""Write a corpus of hostile inputs (issue #9) and a manifest of what ingesting each must give.

``OUTDIR/inputs/`` receives a few good files of every format civharm reads, and many bad
ones: JSON numbers of thousands of digits, nesting a hundred thousand deep, lone
surrogates, file names that are not UTF-8, binary junk behind text extensions, a paragraph
of over a million characters, gzip bombs, truncated gzip and WARC, WARC records whose
lengths lie, empty files and lines built to make a regular expression backtrack.
``OUTDIR/manifest.json`` says, for each file, whether it is stored or rejected, the error
code of a rejected one, the documents (by doc_id) it must store, and whether a warning
must name it. Gzip bombs and oversized files assume the setting in ``max_file_mb``.

Every text is invented for this corpus and describes no real event. The output is
deterministic: fixed seeds, gzip with mtime 0, fixed WARC dates and record ids.

Usage::

    python scripts/make_hostile_corpus.py OUTDIR
    civharm ingest OUTDIR/inputs -s max_file_mb=2   # exits 1: one line per rejected file
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import random
import re
import sys
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from make_sample_data import (
    Capture,
    PdfInfo,
    build_pdf,
    build_warc,
    gzip_bytes,
    html_page,
    jsonl_bytes,
    png_bytes,
    record_id,
    response_record,
)

MAX_FILE_MB = 2
"""The `max_file_mb` setting the manifest assumes (the smallest whole number that still
lets a paragraph of over a million characters fit in one file)."""
LIMIT = MAX_FILE_MB * 1024 * 1024
NOTE = "(Invented for civharm's hostile-input corpus; it describes no real event.)"
WARC_DATE = "2024-03-05T08:00:00Z"


@dataclass(frozen=True)
class Case:
    """One input file and what ingesting it must give."""

    name: bytes  # path under inputs/, as bytes: some names are not UTF-8
    data: bytes
    why: str
    documents: tuple[str, ...] = ()  # doc_ids it must store
    error: str | None = None  # the code of its one error line; None: no error at all
    warns: bool = False  # a warning line must name it
    contains: str | None = None  # text its (first) document must hold: decoded right


def report(number: int, *, place: str, outlet: str, detail: str = "") -> str:
    """A short invented report; `number` makes each one different."""
    words = ("Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven")
    count = words[number % len(words)]
    return (
        f"Shelling hits {place} market, report {number}\n\n"
        f"Source: {outlet}\n\n"
        f"{count} civilians were killed on {1 + number % 27} May 2023 when shells hit the "
        f"market in {place}, residents said. {detail}\n\n{NOTE}\n"
    )


def page(number: int, *, place: str, outlet: str) -> str:
    """An invented news page for the HTML and WARC cases."""
    return html_page(
        title=f"Strike on {place} school, report {number}",
        outlet=outlet,
        author="Lina Haddad",
        published=f"2023-06-{1 + number % 28:02d}",
        canonical=f"https://{outlet.lower().replace(' ', '-')}.example/{number}",
        paragraphs=[
            f"{3 + number % 9} civilians were killed when an airstrike hit a school in "
            f"{place} on Monday, teachers said.",
            "Witnesses said the building had sheltered families for a month.",
            NOTE,
        ],
    )


def record(number: int, **fields: str) -> dict[str, str]:
    """A JSON Lines record with an id and the text of report `number`."""
    text = report(number, place="Kadar", outlet="Line Wire")
    return {"id": f"rec-{number}", "title": f"Report {number}", "text": text, **fields}


def warc_record(
    uri: str,
    body: bytes,
    *,
    http_length: int | None = None,
    warc_length: int | None = None,
    extra_headers: str = "",
) -> bytes:
    """One uncompressed WARC response record written by hand, so that its lengths can lie."""
    http = (
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(body) if http_length is None else http_length}\r\n"
        f"{extra_headers}\r\n"
    ).encode() + body
    header = (
        "WARC/1.1\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {uri}\r\nWARC-Date: {WARC_DATE}\r\n"
        f"WARC-Record-ID: {record_id(uri)}\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http) if warc_length is None else warc_length}\r\n\r\n"
    ).encode()
    return header + http + b"\r\n\r\n"


def flate_pdf(stream: bytes) -> bytes:
    """A one-page PDF whose content stream is `stream`, Flate-compressed."""
    packed = zlib.compress(stream, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
        b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream",
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


def junk(seed: int, size: int) -> bytes:
    """Seeded random bytes: binary junk that is the same on every run."""
    return random.Random(seed).randbytes(size)


def good_cases() -> Iterator[Case]:
    """Files that must be stored, each a way text arrives in the wild."""
    plain = report(1, place="Tamra", outlet="North Wire")
    yield Case(b"good-plain.txt", plain.encode(), "a plain UTF-8 report", ("good-plain.txt",))
    yield Case(
        b"nested/deeper/good-nested.txt",
        report(2, place="Osk", outlet="North Wire").encode(),
        "a report two folders down: folders are read recursively",
        ("good-nested.txt",),
    )
    yield Case(
        b"good-crlf.txt",
        report(3, place="Varin", outlet="South Wire").replace("\n", "\r\n").encode(),
        "Windows line ends",
        ("good-crlf.txt",),
    )
    yield Case(
        b"good-cr.txt",
        report(4, place="Belo", outlet="South Wire").replace("\n", "\r").encode(),
        "old Mac line ends (CR only)",
        ("good-cr.txt",),
    )
    yield Case(
        b"good-utf8-bom.txt",
        codecs.BOM_UTF8 + report(5, place="Imra", outlet="East Wire").encode(),
        "UTF-8 with a byte order mark",
        ("good-utf8-bom.txt",),
    )
    yield Case(
        b"good-utf16le-bom.txt",
        codecs.BOM_UTF16_LE + report(6, place="Sefa", outlet="East Wire").encode("utf-16-le"),
        "UTF-16 LE with a BOM, full of NUL bytes yet text",
        ("good-utf16le-bom.txt",),
        contains="hits Sefa market",
    )
    yield Case(
        b"good-utf16be-bom.txt",
        codecs.BOM_UTF16_BE + report(7, place="Dunai", outlet="East Wire").encode("utf-16-be"),
        "UTF-16 BE with a BOM",
        ("good-utf16be-bom.txt",),
        contains="hits Dunai market",
    )
    stray = ("Zoë wrote: " + report(8, place="Kerem", outlet="West Wire")).encode()
    yield Case(
        b"good-stray-byte.txt",
        stray[:40] + b"\xff" + stray[40:],
        "UTF-8 with one stray byte: read, with a warning",
        ("good-stray-byte.txt",),
        warns=True,
        contains="Zoë wrote",
    )
    yield Case(
        b"good-cp1252.txt",
        (
            "Le marché de Sarre a été touché à l'aube. " + report(9, place="Sarre", outlet="Ouest")
        ).encode("cp1252"),
        "French in cp1252: decoded as such, with a warning",
        ("good-cp1252.txt",),
        warns=True,
        contains="touché à l'aube",
    )
    cut = (report(10, place="Mirun", outlet="West Wire") + "Reported by Zoë").encode()
    yield Case(
        b"good-cut-character.txt",
        cut[:-1],
        "UTF-8 cut in the middle of its last character: read up to it, with a warning",
        ("good-cut-character.txt",),
        warns=True,
        contains="Reported by Zo",
    )
    yield Case(
        b"good-raw-surrogate.txt",
        ("Zoë wrote: " + report(11, place="Pelo", outlet="West Wire")).encode()
        + b"Signed \xed\xa0\x80 A.\n",
        "the UTF-8 bytes of a lone surrogate in a text file: replaced, with a warning",
        ("good-raw-surrogate.txt",),
        warns=True,
        contains="Zoë wrote",
    )
    yield Case(
        b"good-unicode.txt",
        (
            "\u202eReport\u202c 12 \U0001f4a5 zero\u200bwidth, cafe\u0301 and "
            "\u0627\u0644\u0633\u0648\u0642\n\n" + report(12, place="Ruma", outlet="Wide Wire")
        ).encode(),
        "bidi overrides, an emoji, a zero-width space, combining accents, Arabic",
        ("good-unicode.txt",),
        contains="\U0001f4a5 zerowidth, café and \u0627\u0644\u0633\u0648\u0642",
    )
    yield Case(
        b"good-report.md",
        ("# " + report(13, place="Hallo", outlet="Mark Wire")).encode(),
        "a markdown report",
        ("good-report.md",),
    )
    yield Case(
        b"good-stars.md",
        (report(14, place="Zeta", outlet="Mark Wire") + "\n" + "*a " * 100_000 + "\n").encode(),
        "300,000 characters of unclosed emphasis: once quadratic in the markdown stripper",
        ("good-stars.md",),
    )
    yield Case(
        b"good-brackets.md",
        (
            report(15, place="Iota", outlet="Mark Wire")
            + "\n"
            + "[" * 50_000
            + "\n"
            + "[a](" * 25_000
            + "\n"
            + "![x](" * 20_000
            + "\n"
        ).encode(),
        "unclosed link and image brackets by the ten thousand",
        ("good-brackets.md",),
    )
    yield Case(
        b"good-heading.md",
        (report(16, place="Kappa", outlet="Mark Wire") + "\n#" + " " * 100_000 + "x #\n").encode(),
        "a heading with 100,000 spaces: once cubic in the heading pattern",
        ("good-heading.md",),
    )
    yield Case(
        b"good-underscores.txt",
        (report(17, place="Lambda", outlet="Text Wire") + "\n" + "__a " * 60_000 + "\n").encode(),
        "unclosed double underscores in a .txt that looks like markdown",
        ("good-underscores.txt",),
    )
    yield Case(
        b"good-page.html",
        page(18, place="Omsa", outlet="Page Post").encode(),
        "an HTML news page",
        ("good-page.html",),
    )
    yield Case(
        b"good-page-latin1.html",
        page(19, place="Ébre", outlet="Page Post")
        .replace('charset="utf-8"', 'charset="iso-8859-1"')
        .encode("latin-1"),
        "an HTML page in Latin-1 that says so",
        ("good-page-latin1.html",),
        contains="school in Ébre",
    )
    yield Case(
        b"good-records.jsonl",
        jsonl_bytes(
            [
                record(20),
                record(21),
                {"id": "rec-22", "html": page(22, place="Ares", outlet="Feed")},
            ]
        ),
        "three records, one of them HTML",
        ("rec-20", "rec-21", "rec-22"),
    )
    yield Case(
        b"good-blank-lines.jsonl",
        b"\n  \n" + jsonl_bytes([record(23)]) + b"\r\n\n" + json.dumps(record(24)).encode(),
        "blank lines, a CRLF and no final newline",
        ("rec-23", "rec-24"),
    )
    yield Case(
        b"good-nul-escapes.jsonl",
        b'{"id": "rec-25\\u0000", "title": "A\\u0000B", "text": "'
        + json.dumps(report(25, place="Nulo", outlet="Feed"))[1:-1].encode()
        + b'\\u0000"}\n',
        "NUL escapes in every field: stripped, never stored",
        ("rec-25",),
    )
    yield Case(
        b"good-surrogate-pair.jsonl",
        b'{"id": "rec-26", "text": "\\ud83d\\udca5 '
        + json.dumps(report(26, place="Pair", outlet="Feed"))[1:-1].encode()
        + b'"}\n',
        "an escaped surrogate pair is an emoji, not a lone surrogate",
        ("rec-26",),
    )
    yield Case(
        b"good-long-float.jsonl",
        b'{"id": "rec-27", "score": 0.'
        + b"3" * 5000
        + b', "depth": '
        + b"[" * 50
        + b"]" * 50
        + b", "
        + json.dumps({"text": report(27, place="Float", outlet="Feed")})[1:].encode()
        + b"\n",
        "a float of 5,000 digits and a nested array in fields civharm ignores",
        ("rec-27",),
    )
    yield Case(
        b"good-records.jsonl.gz",
        gzip_bytes(jsonl_bytes([record(28), record(29)])),
        "gzipped JSON Lines",
        ("rec-28", "rec-29"),
    )
    yield Case(
        b"good-members.jsonl.gz",
        gzip_bytes(jsonl_bytes([record(30)])) + gzip_bytes(jsonl_bytes([record(31)])),
        "two gzip members one after the other (what `cat a.gz b.gz` makes)",
        ("rec-30", "rec-31"),
    )
    capture = Capture(
        "https://capture.example/32",
        WARC_DATE,
        "text/html",
        page(32, place="Kos", outlet="Cap").encode(),
    )
    robots = Capture(
        "https://capture.example/robots.txt", WARC_DATE, "text/plain", b"User-agent: *\n"
    )
    yield Case(
        b"good-capture.warc.gz",
        build_warc(
            [capture, robots],
            filename="good-capture.warc.gz",
            warcinfo_date=WARC_DATE,
            compress=True,
        ),
        "a gzipped WARC: the page is stored, robots.txt skipped",
        (capture.uri,),
    )
    plain_capture = Capture(
        "https://capture.example/33",
        WARC_DATE,
        "text/html",
        page(33, place="Lur", outlet="Cap").encode(),
    )
    yield Case(
        b"good-capture.warc",
        build_warc(
            [plain_capture], filename="good-capture.warc", warcinfo_date=WARC_DATE, compress=False
        ),
        "an uncompressed WARC",
        (plain_capture.uri,),
    )
    yield Case(
        b"good-letter.pdf",
        build_pdf(
            [report(34, place="Arvo", outlet="Letter").replace("\n\n", "\n")],
            PdfInfo("Letter 34", "Office of Records", "D:20230601090000Z"),
        ),
        "a PDF with a text layer",
        ("good-letter.pdf",),
    )


def bad_cases() -> Iterator[Case]:
    """Files that must be refused with one error line each (some keep what precedes the damage)."""
    text = report(40, place="Bad", outlet="Bad Wire").encode()
    yield from _empty_cases()
    yield from _binary_cases()
    yield from _json_cases()
    yield from _gzip_cases()
    yield from _warc_cases()
    yield from _pdf_cases()
    yield Case(
        os.fsencode("caf\udce9.txt"),
        text,
        "a file name that is not UTF-8 (Latin-1 é)",
        error="E005",
    )
    yield Case(
        b"r\xe9sum\xe9.jsonl",
        jsonl_bytes([record(41)]),
        "another name that is not UTF-8, on a good JSON Lines file",
        error="E005",
    )
    yield Case(b"line\nbreak.txt", b"", "an empty file whose name holds a line break", error="E002")
    yield Case(
        b"esc\x1b[2J.txt", b"", "an empty file whose name holds a terminal escape", error="E002"
    )
    yield Case(
        b"oversized.txt",
        (report(42, place="Big", outlet="Bulk") * (LIMIT // 200 + 100)).encode(),
        f"a text file over the {MAX_FILE_MB} MB limit on disk",
        error="E004",
    )
    sentence = "Shelling killed civilians in the market of Longa. "
    yield Case(
        b"long-paragraph.txt",
        (sentence * (1_050_000 // len(sentence) + 1)).encode(),
        "one paragraph of over a million characters with harm words (spaCy's limit)",
        error="E004",
    )
    yield Case(
        b"long-paragraph.jsonl",
        json.dumps({"id": "rec-43", "text": sentence * (1_020_000 // len(sentence) + 1)}).encode()
        + b"\n",
        "the same paragraph as a JSON Lines record",
        error="E004",
    )


def _empty_cases() -> Iterator[Case]:
    for name in ("empty.txt", "empty.md", "empty.html", "empty.jsonl", "empty.jsonl.gz"):
        yield Case(name.encode(), b"", "a file of 0 bytes", error="E002")
    yield Case(b"empty.warc.gz", b"", "a WARC of 0 bytes", error="E002")
    yield Case(b"empty.pdf", b"", "a PDF of 0 bytes", error="E002")
    yield Case(b"whitespace.txt", b" \n\t\r\n  \n", "only whitespace", error="E002")
    yield Case(b"bom-only.txt", codecs.BOM_UTF8, "only a UTF-8 byte order mark", error="E002")
    yield Case(
        b"bom-only-utf16.txt", codecs.BOM_UTF16_LE, "only a UTF-16 byte order mark", error="E002"
    )
    yield Case(
        b"invisible.md",
        "\u200b\u200b\ufeff\n\u200b\n".encode(),
        "only zero-width characters",
        error="E002",
    )
    yield Case(
        b"markup-only.md", b"---\n***\n___\n", "only markdown rules: no text left", error="E002"
    )
    yield Case(
        b"blank-lines.jsonl", b"\n\n  \n\r\n", "a JSON Lines file of blank lines", error="E002"
    )
    yield Case(b"empty-gzip.jsonl.gz", gzip_bytes(b""), "a valid gzip of nothing", error="E002")
    yield Case(
        b"blank-gzip.jsonl.gz", gzip_bytes(b"\n \n\n"), "a gzip of blank lines", error="E002"
    )


def _binary_cases() -> Iterator[Case]:
    yield Case(b"image.txt", png_bytes(), "a PNG image named .txt", error="E003")
    yield Case(b"junk.txt", junk(1, 4096), "random bytes named .txt", error="E003")
    yield Case(b"junk.md", junk(2, 4096), "random bytes named .md", error="E003")
    yield Case(b"junk.html", junk(3, 4096), "random bytes named .html", error="E005")
    yield Case(
        b"junk.jsonl", junk(4, 4096), "random bytes named .jsonl: binary, not lines", error="E003"
    )
    yield Case(b"junk.jsonl.gz", junk(5, 4096), "random bytes named .jsonl.gz", error="E005")
    yield Case(b"junk.warc", junk(6, 4096), "random bytes named .warc", error="E005")
    yield Case(b"junk.warc.gz", junk(7, 4096), "random bytes named .warc.gz", error="E005")
    yield Case(b"junk.pdf", junk(8, 4096), "random bytes named .pdf", error="E005")
    yield Case(
        b"nul-bytes.txt",
        report(44, place="Nul", outlet="Zero").encode().replace(b" ", b"\x00", 3),
        "a report with NUL bytes in place of spaces: binary, not text",
        error="E003",
    )
    yield Case(
        b"elf.md",
        b"\x7fELF\x02\x01\x01" + bytes(57) + junk(9, 2000),
        "an executable's header named .md",
        error="E003",
    )
    yield Case(
        b"script-only.html",
        b"<html><head><script>var a = 1;</script><style>p{}</style></head><body></body></html>",
        "an HTML page with no text at all",
        error="E005",
    )
    yield Case(
        b"deep-divs.html",
        b"<html><body>" + b"<div>" * 100_000 + b"x" + b"</div>" * 100_000 + b"</body></html>",
        "100,000 nested divs around one letter",
        error="E005",
    )


def _json_cases() -> Iterator[Case]:
    yield Case(
        b"huge-number.jsonl",
        b'{"text": "Two killed.", "id": ' + b"9" * 4400 + b"}\n",
        "an integer of 4,400 digits: Python refuses to parse more than 4,300",
        error="E005",
    )
    yield Case(
        b"huge-negative.jsonl",
        b'{"text": "Two killed.", "count": -' + b"7" * 5000 + b"}\n",
        "a negative integer of 5,000 digits in a field civharm ignores",
        error="E005",
    )
    yield Case(
        b"deep-arrays.jsonl",
        b"[" * 100_000 + b"]" * 100_000 + b"\n",
        "arrays nested 100,000 deep: the JSON decoder recurses per bracket",
        error="E005",
    )
    yield Case(
        b"deep-objects.jsonl",
        b'{"a": ' * 50_000 + b"1" + b"}" * 50_000 + b"\n",
        "objects nested 50,000 deep",
        error="E005",
    )
    yield Case(
        b"lone-high-surrogate.jsonl",
        b'{"text": "Two \\ud800 killed."}\n',
        "a lone high surrogate escape",
        error="E005",
    )
    yield Case(
        b"lone-low-surrogate.jsonl",
        b'{"id": "x", "title": "\\udc00", "text": "Two killed."}\n',
        "a lone low surrogate escape in the title",
        error="E005",
    )
    yield Case(
        b"raw-surrogate.jsonl",
        b'{"text": "Two killed.", "title": "A\xed\xa0\x80B"}\n',
        "the raw UTF-8 bytes of a surrogate, which json.loads lets through",
        error="E005",
    )
    yield Case(
        b"array-record.jsonl", b"[1, 2, 3]\n", "a record that is not an object", error="E005"
    )
    yield Case(
        b"string-record.jsonl", b'"Two killed."\n', "a record that is a string", error="E005"
    )
    yield Case(
        b"no-text.jsonl",
        b'{"id": "x", "title": "Nothing here"}\n',
        "neither text nor html",
        error="E005",
    )
    yield Case(b"number-text.jsonl", b'{"text": 12345}\n', "text that is a number", error="E005")
    yield Case(
        b"nul-text.jsonl",
        b'{"text": "\\u0000\\u0000\\u0000"}\n',
        "text of NUL characters only: empty once they are removed",
        error="E002",
    )
    yield Case(
        b"unclosed.jsonl", b'{"text": "Two killed.\n', "a record cut before its end", error="E005"
    )
    yield Case(
        b"one-bad-line.jsonl",
        jsonl_bytes([record(45)]) + b'{"id": ' + b"1" * 4400 + b"}\n" + jsonl_bytes([record(46)]),
        "a huge number on line 2 of 3: lines 1 and 3 are stored",
        ("rec-45", "rec-46"),
        error="E005",
    )


def _gzip_cases() -> Iterator[Case]:
    three = gzip_bytes(jsonl_bytes([record(47), record(48), record(49)]))
    yield Case(
        b"truncated-late.jsonl.gz",
        three[: len(three) - 20],
        "a gzip cut in its last record: the two before are stored",
        ("rec-47", "rec-48"),
        error="E005",
    )
    first = gzip_bytes(jsonl_bytes([record(50)]))
    yield Case(
        b"truncated-early.jsonl.gz",
        first[: len(first) // 2],
        "a gzip cut in its first record",
        error="E005",
    )
    yield Case(
        b"trailing-junk.jsonl.gz",
        gzip_bytes(jsonl_bytes([record(51), record(52)])) + junk(10, 70_000),
        "records, then 70 KB that are not gzip",
        ("rec-51", "rec-52"),
        error="E005",
    )
    yield Case(
        b"gzipped-huge-number.jsonl.gz",
        gzip_bytes(b'{"text": "x", "id": ' + b"8" * 4400 + b"}\n"),
        "the huge number inside a gzip",
        error="E005",
    )
    yield Case(
        b"bomb-zeros.jsonl.gz",
        gzip_bytes(bytes(40 * 1024 * 1024)),
        "40 KB of gzip inflating to 40 MB of NUL bytes: binary, seen in its first 64 KB",
        error="E003",
    )
    yield Case(
        b"bomb-newlines.jsonl.gz",
        gzip_bytes(b"\n" * (40 * 1024 * 1024)),
        "a gzip inflating to 40 MB of blank lines",
        error="E004",
    )
    yield Case(
        b"bomb-line.jsonl.gz",
        gzip_bytes(b'{"text": "' + b"a" * (8 * 1024 * 1024) + b'"}\n'),
        "a gzip inflating to one record of 8 MB",
        error="E004",
    )


def _warc_cases() -> Iterator[Case]:
    body = page(60, place="Warc", outlet="Cap").encode()
    yield Case(
        b"http-length-lies.warc",
        warc_record("https://capture.example/60", body, http_length=len(body) * 10),
        "an HTTP Content-Length ten times the body it heads",
        error="E005",
    )
    yield Case(
        b"warc-length-long.warc",
        warc_record("https://capture.example/61", body, warc_length=len(body) * 10),
        "a WARC Content-Length longer than the file",
        error="E005",
    )
    yield Case(
        b"warc-length-short.warc",
        warc_record("https://capture.example/62", body, warc_length=len(body) // 2),
        "a WARC Content-Length half the record: the rest looks like a next record",
        error="E005",
    )
    good = Capture(
        "https://capture.example/63",
        WARC_DATE,
        "text/html",
        page(63, place="Tru", outlet="Cap").encode(),
    )
    cut = response_record(
        Capture(
            "https://capture.example/64",
            WARC_DATE,
            "text/html",
            page(64, place="Tru", outlet="Cap").encode(),
        ),
        compress=True,
    )
    yield Case(
        b"truncated.warc.gz",
        build_warc([good], filename="truncated.warc.gz", warcinfo_date=WARC_DATE, compress=True)
        + cut[: len(cut) // 2],
        "a complete page, then a gzip member cut in half",
        (good.uri,),
        error="E005",
    )
    header_cut = warc_record("https://capture.example/65", body)
    yield Case(
        b"truncated-header.warc",
        header_cut[:60],
        "a WARC cut inside its header block",
        error="E005",
    )
    yield Case(
        b"no-html.warc.gz",
        build_warc(
            [Capture("https://capture.example/robots.txt", WARC_DATE, "text/plain", b"Allow: /\n")],
            filename="no-html.warc.gz",
            warcinfo_date=WARC_DATE,
            compress=True,
        ),
        "a WARC with no HTML response",
        error="E005",
    )
    yield Case(
        b"gzip-in-gzip.warc.gz",
        gzip_bytes(gzip_bytes(warc_record("https://capture.example/66", body))),
        "a gzipped WARC gzipped again",
        error="E005",
    )
    yield Case(
        b"not-a-warc.warc",
        report(67, place="Plain", outlet="Cap").encode(),
        "plain text named .warc",
        error="E005",
    )
    yield Case(
        b"bomb-stream.warc.gz",
        gzip_bytes(b" " * (40 * 1024 * 1024)),
        "a gzip inflating to 40 MB of spaces, named .warc.gz",
        error="E004",
    )
    encoded = zlib.compress(b"<p>" + b" " * (40 * 1024 * 1024) + b"</p>", 9)
    yield Case(
        b"bomb-page.warc",
        warc_record(
            "https://capture.example/68", encoded, extra_headers="Content-Encoding: deflate\r\n"
        ),
        "a page whose deflate Content-Encoding inflates to 40 MB",
        error="E004",
    )


def _pdf_cases() -> Iterator[Case]:
    letter = build_pdf(
        [report(70, place="Cut", outlet="Letter")], PdfInfo("Letter 70", "Office", "D:20230601")
    )
    yield Case(
        b"truncated.pdf", letter[: len(letter) * 3 // 5], "a PDF cut before its xref", error="E005"
    )
    yield Case(b"no-header.pdf", letter[9:], "a PDF without its %PDF header", error="E005")
    yield Case(
        b"no-text-layer.pdf",
        flate_pdf(b"0 0 m 100 100 l S\n"),
        "a PDF page that draws a line and holds no text (a scan)",
        error="E005",
    )
    yield Case(
        b"bomb.pdf",
        flate_pdf(b"BT /F1 12 Tf 72 720 Td (Two killed) Tj ET\n" + b" " * (40 * 1024 * 1024)),
        "a content stream inflating to 40 MB",
        error="E004",
    )


def printed(name: bytes) -> str:
    """A name as civharm prints it: bytes that are not UTF-8 as \\xNN, control characters
    as their Python escapes (\\n, \\x1b), so that each error line stays one inert line."""
    text = name.decode("utf-8", "backslashreplace")
    return re.sub(
        r"[\x00-\x1f\x7f-\x9f]", lambda m: m[0].encode("unicode_escape").decode("ascii"), text
    )


def manifest(cases: Sequence[Case]) -> dict[str, object]:
    """What ingesting the corpus with `max_file_mb` must give, file by file."""
    return {
        "max_file_mb": MAX_FILE_MB,
        "files": [
            {
                "name": printed(case.name),
                "outcome": "rejected" if case.error else "stored",
                "error": case.error,
                "documents": list(case.documents),
                "warns": case.warns,
                "contains": case.contains,
                "why": case.why,
            }
            for case in cases
        ],
    }


def write_corpus(outdir: Path) -> list[Case]:
    """Write every case under `outdir`/inputs and the manifest beside it."""
    cases = [*good_cases(), *bad_cases()]
    names = [case.name for case in cases]
    if len(set(names)) != len(names):
        raise SystemExit("two cases share a file name")
    for case in cases:
        # A name that is not UTF-8 goes through str as surrogate escapes, and back.
        path = outdir / "inputs" / os.fsdecode(case.name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(case.data)
    text = json.dumps(manifest(cases), indent=2, ensure_ascii=False)
    (outdir / "manifest.json").write_text(text + "\n", encoding="utf-8")
    return cases


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("outdir", type=Path, help="folder to write inputs/ and manifest.json in")
    args = parser.parse_args(argv)
    cases = write_corpus(args.outdir)
    rejected = sum(1 for case in cases if case.error)
    print(
        f"{len(cases)} files ({len(cases) - rejected} stored, {rejected} rejected) in {args.outdir}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
