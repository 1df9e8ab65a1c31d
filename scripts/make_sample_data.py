"""Regenerate the generated files of civharm's built-in sample data.

The sample reports in ``civharm/sample_data/`` are fictional. Most are plain text that is
edited by hand; the PDF, the JSONL feeds and the WARC capture are generated here from text
held in this script, so that they can be rebuilt byte for byte (no randomness, fixed
timestamps, gzip members with mtime 0) and reviewed as text in a diff.

No PDF-writing library is a dependency of civharm, so the PDF is written by hand: a minimal
but valid PDF 1.4 file with the standard Type1 Helvetica fonts and WinAnsi text.

Usage::

    python scripts/make_sample_data.py           # write the files
    python scripts/make_sample_data.py --check   # exit 1 if a file on disk is stale
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import struct
import sys
import textwrap
import uuid
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "civharm" / "sample_data"
FICTION_NOTE = "(Fictional sample report written for civharm.)"

# --------------------------------------------------------------------------------------
# Minimal PDF writer
# --------------------------------------------------------------------------------------

PAGE_WIDTH = 612  # US Letter, in points
PAGE_HEIGHT = 792
MARGIN = 72
FONT_SIZE = 10.5
LEADING = 14
WRAP_CHARS = 88  # about 460 pt of Helvetica at 10.5 pt: fits inside the margins


@dataclass(frozen=True)
class PdfInfo:
    """The document information dictionary: where a reader finds title, author and date."""

    title: str
    author: str
    creation_date: str  # PDF date string, e.g. "D:20171015090000Z"


def pdf_string(text: str) -> bytes:
    """Encode ``text`` as a PDF literal string in WinAnsi (cp1252), escaping what must be.

    Parentheses and backslashes are escaped, and every byte outside printable ASCII is
    written as an octal escape, so the file stays 7-bit clean whatever the text holds.
    """
    out = bytearray(b"(")
    for byte in text.encode("cp1252"):
        if byte in b"()\\":
            out += b"\\" + bytes([byte])
        elif 32 <= byte < 127:
            out.append(byte)
        else:
            out += b"\\%03o" % byte
    out += b")"
    return bytes(out)


def layout_lines(paragraphs: Sequence[str]) -> list[tuple[str, bool]]:
    """Wrap paragraphs into lines; each line carries whether it is a heading (bold).

    A paragraph that starts with ``# `` is a heading. A blank line separates paragraphs,
    which is what makes pypdf put a paragraph break in the text it extracts.
    """
    lines: list[tuple[str, bool]] = []
    for paragraph in paragraphs:
        bold = paragraph.startswith("# ")
        body = paragraph[2:] if bold else paragraph
        for raw_line in body.split("\n"):
            wrapped = textwrap.wrap(raw_line, WRAP_CHARS) or [""]
            lines.extend((line, bold) for line in wrapped)
        lines.append(("", False))
    while lines and not lines[-1][0]:
        lines.pop()
    return lines


def page_stream(lines: Sequence[tuple[str, bool]]) -> bytes:
    """One page's content stream: one BT/ET text object, a line per T* (next line)."""
    ops = [
        b"BT",
        b"%d TL" % LEADING,
        b"%d %d Td" % (MARGIN, PAGE_HEIGHT - MARGIN),
    ]
    current_bold: bool | None = None
    for index, (line, bold) in enumerate(lines):
        if bold != current_bold:
            ops.append(b"/%s %.1f Tf" % (b"F2" if bold else b"F1", FONT_SIZE))
            current_bold = bold
        if index:
            ops.append(b"T*")
        # A blank line shows one space: pypdf only breaks lines where text is shown, so
        # without it the paragraph gap would vanish from the extracted text.
        ops.append(pdf_string(line or " ") + b" Tj")
    ops.append(b"ET")
    return b"\n".join(ops) + b"\n"


def build_pdf(paragraphs: Sequence[str], info: PdfInfo) -> bytes:
    """Write a small, valid PDF with the paragraphs laid out on as many pages as needed.

    Objects: 1 catalog, 2 page tree, 3 Helvetica, 4 Helvetica-Bold, 5 info, then a
    (page, content stream) pair per page. The xref table holds exact byte offsets.
    """
    lines = layout_lines(paragraphs)
    per_page = (PAGE_HEIGHT - 2 * MARGIN) // LEADING
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)] or [[]]

    first_page_obj = 6
    page_ids = [first_page_obj + 2 * n for n in range(len(pages))]
    kids = b" ".join(b"%d 0 R" % pid for pid in page_ids)
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)),
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold"
        b" /Encoding /WinAnsiEncoding >>",
        5: b"<< /Title %s /Author %s /CreationDate %s /Producer %s >>"
        % (
            pdf_string(info.title),
            pdf_string(info.author),
            pdf_string(info.creation_date),
            pdf_string("civharm scripts (hand-written PDF)"),
        ),
    }
    for page_id, page_lines in zip(page_ids, pages, strict=True):
        stream = page_stream(page_lines)
        objects[page_id] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d]"
            b" /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>"
            % (PAGE_WIDTH, PAGE_HEIGHT, page_id + 1)
        )
        objects[page_id + 1] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream"

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref_at = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n" % size
    out += b"0000000000 65535 f \n"
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number]
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\n" % size
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


# --------------------------------------------------------------------------------------
# Other binary helpers: PNG, gzip, WARC
# --------------------------------------------------------------------------------------


def png_bytes(width: int = 16, height: int = 16) -> bytes:
    """A real, tiny RGB PNG (a fixed gradient): the non-HTML payload readers must skip."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(
        b"\x00" + b"".join(bytes([x * 16 % 256, y * 16 % 256, 128]) for x in range(width))
        for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def gzip_bytes(data: bytes) -> bytes:
    """Gzip with mtime 0 and no file name in the header, so the output is byte-stable."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0) as handle:
        handle.write(data)
    return buffer.getvalue()


def jsonl_bytes(records: Iterable[dict[str, str]]) -> bytes:
    """One JSON object per line, UTF-8, keys in the order given."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


@dataclass(frozen=True)
class Capture:
    """One HTTP response to store in a WARC file."""

    uri: str
    warc_date: str  # ISO 8601 UTC, e.g. "2019-03-14T10:00:00Z"
    content_type: str
    body: bytes


def record_id(name: str) -> str:
    """A stable WARC-Record-ID derived from a name (uuid5), instead of a random uuid4."""
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}>"


def _warc_writer(buffer: io.BytesIO, *, compress: bool) -> WARCWriter:
    """A WARC 1.1 writer; with ``compress`` each record is its own gzip member."""
    return WARCWriter(buffer, gzip=compress, warc_version="1.1")


def warcinfo_record(*, filename: str, warc_date: str, compress: bool) -> bytes:
    """The warcinfo record that opens a WARC file and says what wrote it."""
    fields = (
        b"software: civharm scripts/make_sample_data.py\r\n"
        b"format: WARC File Format 1.1\r\n"
        b"description: Fictional sample capture for civharm; describes no real events.\r\n"
    )
    buffer = io.BytesIO()
    writer = _warc_writer(buffer, compress=compress)
    writer.write_record(
        writer.create_warc_record(
            "",
            "warcinfo",
            payload=io.BytesIO(fields),
            length=len(fields),
            warc_content_type="application/warc-fields",
            warc_headers_dict={
                "WARC-Record-ID": record_id(f"warcinfo:{filename}"),
                "WARC-Date": warc_date,
                "WARC-Filename": filename,
            },
        )
    )
    return buffer.getvalue()


def response_record(capture: Capture, *, compress: bool) -> bytes:
    """One HTTP ``response`` record; separate so that tests can cut a record in half."""
    http_headers = StatusAndHeaders(
        "200 OK",
        [
            ("Content-Type", capture.content_type),
            ("Content-Length", str(len(capture.body))),
        ],
        protocol="HTTP/1.1",
    )
    buffer = io.BytesIO()
    writer = _warc_writer(buffer, compress=compress)
    writer.write_record(
        writer.create_warc_record(
            capture.uri,
            "response",
            payload=io.BytesIO(capture.body),
            length=len(capture.body),
            http_headers=http_headers,
            warc_headers_dict={
                "WARC-Record-ID": record_id(f"{capture.uri}@{capture.warc_date}"),
                "WARC-Date": capture.warc_date,
            },
        )
    )
    return buffer.getvalue()


def build_warc(
    captures: Sequence[Capture], *, filename: str, warcinfo_date: str, compress: bool
) -> bytes:
    """A warcinfo record, then one response record per capture, with fixed ids and dates."""
    parts = [warcinfo_record(filename=filename, warc_date=warcinfo_date, compress=compress)]
    parts.extend(response_record(capture, compress=compress) for capture in captures)
    return b"".join(parts)


def html_page(
    *,
    title: str,
    outlet: str,
    author: str | None,
    published: str,
    canonical: str,
    paragraphs: Sequence[str],
) -> str:
    """A small but complete news page: metadata in <head>, boilerplate around <article>."""
    author_meta = f'<meta name="author" content="{author}">\n' if author else ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title} | {outlet}</title>\n"
        f"{author_meta}"
        f'<meta property="og:site_name" content="{outlet}">\n'
        f'<meta property="og:title" content="{title}">\n'
        f'<meta property="article:published_time" content="{published}">\n'
        f'<link rel="canonical" href="{canonical}">\n'
        "</head>\n<body>\n"
        '<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/about">About</a></nav>\n'
        f"<article>\n<h1>{title}</h1>\n{body}\n</article>\n"
        f"<footer><p>{outlet} is a fictional outlet invented for civharm.</p>"
        "<p>Subscribe to our newsletter.</p></footer>\n"
        "</body>\n</html>\n"
    )


# --------------------------------------------------------------------------------------
# The sample texts (fictional)
# --------------------------------------------------------------------------------------

LETTER_INFO = PdfInfo(
    title="Civilian casualties in al-Mayadin and its countryside",
    author="Ministry of Civilian Affairs, Directorate of Casualty Records",
    creation_date="D:20171015090000Z",
)

LETTER_PARAGRAPHS: tuple[str, ...] = (
    "FICTIONAL SAMPLE DOCUMENT - written for civharm; it describes no real event.",
    "# Ministry of Civilian Affairs\nDirectorate of Casualty Records",
    "Damascus, 15 October 2017\nRef: DCR/2017/418",
    "To: The Secretary-General of the United Nations\nTo: The President of the Security Council",
    "# Subject: Civilian casualties in al-Mayadin and its countryside",
    "Excellencies,",
    "On the instructions of my Government, I write to draw your attention to new attacks"
    " on civilians in Deir Ezzor province, which the Directorate has documented from"
    " hospital records and the statements of witnesses.",
    "1. On 11 October 2017, aircraft of the international coalition led by the United"
    " States struck residential buildings in the centre of the city of al-Mayadin,"
    " killing 14 civilians, including six children, and injuring nine others.",
    "2. On 13 October 2017, further strikes hit the village of al-Kashmah in the Mayadin"
    " countryside, killing a number of civilians and destroying a water pumping station"
    " (the only one serving several thousand residents).",
    "The Ministry regards these attacks as serious violations of international"
    " humanitarian law and asks that the Security Council act to prevent their repetition."
    " It requests that this letter be circulated as a document of the Council.",
    "Accept, Excellencies, the assurances of my highest consideration.",
    "Director of Casualty Records\n[signature]",
    FICTION_NOTE,
)

FEED_06: tuple[dict[str, str], ...] = (
    {
        "id": "feed06-001",
        "url": "https://crossroads-press.example/2019/02/13/markada-family",
        "title": "Strike near Markada kills family of six, monitors say",
        "outlet": "Crossroads Press Agency",
        "published": "2019-02-13",
        "text": "\n\n".join(
            (
                "MARKADA, Syria – A family of six, a mother and her four children among"
                " them, was killed on Monday when an air raid hit their home on the"
                " southern edge of Markada, in the Hasaka countryside, according to a"
                " monitoring group that records civilian casualties.",
                "The group said the house stood close to a position used by Islamic State"
                " fighters retreating towards the Euphrates, and that the raid was carried"
                ' out by "coalition aircraft". It did not say how it had identified the'
                " aircraft.",
                "A second strike the same night, on a vehicle on the road to Shaddadi,"
                " killed between two and four people, but the group said it could not"
                " tell whether they were civilians or fighters.",
                "The coalition did not respond to a request for comment. Its monthly"
                " reports list strikes by date and area but rarely name villages.",
                "Officials in Markada said about 200 families had moved into the town from"
                " villages further south since January, and that schools and mosques were"
                " being used as shelters.",
                FICTION_NOTE,
            )
        ),
    },
    {
        "id": "feed06-002",
        "url": "https://two-rivers-dispatch.example/2017/06/19/mosul-water-point",
        "title": "Mortar fire kills eight at water point in west Mosul",
        "outlet": "Two Rivers Dispatch",
        "published": "2017-06-19",
        "html": "<html><head><title>Mortar fire kills eight at water point in west Mosul"
        "</title></head><body><article>"
        "<h1>Mortar fire kills eight at water point in west Mosul</h1>"
        "<p>MOSUL, Iraq – Eight civilians were killed and at least 15 wounded on Saturday"
        " when mortar rounds fell on a crowd waiting for water in a district of western"
        " Mosul recently retaken by Iraqi forces, the ministry of health said.</p>"
        "<p>Witnesses said the rounds were fired from the Old City, where Islamic State"
        " fighters are holding out in a shrinking area near the river. Two of the dead"
        " were children, the ministry said in a statement.</p>"
        "<p>Residents of western Mosul have relied on water trucks since the main pipes"
        " were damaged in the fighting. A local councillor said crowds gathered at the"
        " distribution points every morning despite warnings from the security"
        " forces.</p>"
        "<p>Iraqi commanders said last week that the battle for the Old City could last"
        " several more weeks. Aid agencies estimate that thousands of civilians are still"
        " inside, short of food, water and medicine.</p>"
        f"<p>{FICTION_NOTE}</p>"
        "</article></body></html>",
    },
    {
        "id": "feed06-003",
        "url": "https://harbour-light.example/2018/09/05/sahar-school-strike",
        "title": "More than 30 killed and injured as strike hits near school in Saada",
        "outlet": "Harbour Light News",
        "published": "2018-09-05",
        "text": "\n\n".join(
            (
                "SAADA, Yemen – More than 30 people were killed and injured late on"
                " Tuesday when an airstrike hit a building next to a primary school in"
                " Sahar district, near Saada city, the Houthi-run health ministry said.",
                "The ministry said most of the victims were pupils leaving an afternoon"
                " class and shopkeepers from the street outside. It did not give a"
                " separate figure for the dead. Staff at a hospital in Saada city told"
                " Harbour Light News that they had received at least nine bodies.",
                "The Saudi-led coalition said it was aware of the reports and would"
                " review them, adding that its forces take every feasible precaution to"
                " protect civilians.",
                "Residents said the school had reopened only two weeks earlier after repairs to"
                " damage from earlier fighting. Teachers had moved some classes to the late"
                " afternoon because of the heat, one parent said.",
                FICTION_NOTE,
            )
        ),
    },
)

FEED_07: tuple[dict[str, str], ...] = (
    {
        "id": "feed07-001",
        "url": "https://eastbank-bulletin.example/2018/12/22/susah-strikes",
        "title": "Coalition strikes on border village kill up to 23, monitor says",
        "outlet": "Eastbank Bulletin",
        "published": "2018-12-22",
        "text": "\n\n".join(
            (
                "DEIR EZZOR, Syria – Between 15 and 23 civilians were killed on Thursday"
                " in coalition strikes on the village of al-Susah, close to the Iraqi"
                " border, according to a local monitoring network, as the campaign"
                " against the last Islamic State pocket in eastern Syria entered its"
                " fourth month.",
                "The network said women and children were among the dead and that several"
                " houses were destroyed by a single strike shortly after midnight. A"
                ' coalition statement listed strikes "near Abu Kamal" on the same date'
                " but did not mention civilian casualties.",
                "Earlier this month, residents of nearby al-Shaafah said a school used as"
                " a shelter for displaced families had been hit, wounding dozens. No"
                " official figures have been released.",
                "Aid workers in camps further north said new arrivals described days spent"
                " hiding in basements, and that the number of families reaching the camps had"
                " risen sharply this week.",
                FICTION_NOTE,
            )
        ),
    },
    {
        "id": "feed07-002",
        "url": "https://westgate-newswire.example/2017/11/04/qaim-shelling",
        "title": "Shelling kills at least nine as fighting reaches al-Qaim",
        "outlet": "Westgate Newswire",
        "published": "2017-11-04",
        "text": "\n\n".join(
            (
                "AL-QAIM, Iraq – At least nine civilians were killed on Friday when"
                " artillery shells struck a neighbourhood on the eastern side of al-Qaim,"
                " as Iraqi forces and allied paramilitaries pushed into the border town,"
                " a doctor at a clinic in the area said.",
                "Residents who escaped across the desert to camps near Ramadi said Islamic"
                " State fighters had stopped families from leaving and used their houses"
                " as firing positions. The doctor said he could not tell which side had"
                " fired the shells.",
                "Aid agencies said about 1,500 people had reached the camps in the past three"
                " days, many of them women and children who had walked through the night."
                " Several needed treatment for dehydration, a camp manager said.",
                "Last week, a number of people were killed when a car bomb exploded at a"
                " checkpoint near Rawa, local officials said, though no figure was given.",
                FICTION_NOTE,
            )
        ),
    },
)

MAJZ_PAGE = html_page(
    title="Dozens reported killed and wounded in strike on Saada market",
    outlet="Highland Post",
    author="Nadia Farrow",
    published="2019-03-12",
    canonical="https://highland-post.example/2019/03/12/majz-market-strike",
    paragraphs=(
        "SAADA, Yemen – Dozens of people were killed and wounded on Sunday when an airstrike"
        " hit a crowded market in the Majz district of Saada province, according to"
        " residents and medical sources.",
        "A paramedic at a hospital in the district said ambulances had carried at least 22"
        " injured people from the market, most of them men and boys who had come to buy"
        ' livestock. He said the number of dead was "not yet known".',
        "The Saudi-led coalition has previously said that markets in the area were used to"
        " sell weapons, a charge that local traders reject. It did not comment on"
        " Sunday's strike.",
        "Markets in the province draw buyers from across the northern highlands on market"
        " day, when traders bring sheep and goats from the border areas. Residents said the"
        " market had been closed for two months last year after a strike nearby.",
        FICTION_NOTE,
    ),
)

TAL_AFAR_PAGE = html_page(
    title="Shells hit hospital compound in Tal Afar as assault begins",
    outlet="Lakeside Observer",
    author=None,
    published="2017-08-24",
    canonical="https://lakeside-observer.example/2017/08/24/tal-afar-hospital",
    paragraphs=(
        "TAL AFAR, Iraq – Shells struck the compound of the main hospital in Tal Afar on"
        " Wednesday, killing three patients and a nurse, according to a doctor who reached"
        " army lines this morning. It was not clear who fired them.",
        "An Iraqi army officer said Islamic State fighters had allegedly used the hospital's"
        " upper floors as a lookout post, a claim that could not be verified.",
        "In the village of al-Muhallabiyah, east of Tal Afar, an airstrike on Monday may have"
        " killed a shepherd and his two sons, their relatives said.",
        "Iraqi forces and allied paramilitary units began their push towards the town at the"
        " weekend after weeks of airstrikes. The United Nations said tens of thousands of"
        " people were believed to remain in and around Tal Afar, and that those fleeing faced"
        " long walks in heat above 40 degrees.",
        FICTION_NOTE,
    ),
)

CAPTURE_08: tuple[Capture, ...] = (
    Capture(
        uri="https://highland-post.example/2019/03/12/majz-market-strike",
        warc_date="2019-03-14T10:00:00Z",
        content_type="text/html; charset=utf-8",
        body=MAJZ_PAGE.encode("utf-8"),
    ),
    Capture(
        uri="https://highland-post.example/static/logo.png",
        warc_date="2019-03-14T10:00:01Z",
        content_type="image/png",
        body=png_bytes(),
    ),
    Capture(
        uri="https://lakeside-observer.example/2017/08/24/tal-afar-hospital",
        warc_date="2019-03-14T10:00:05Z",
        content_type="text/html; charset=utf-8",
        body=TAL_AFAR_PAGE.encode("utf-8"),
    ),
)


def sample_files() -> dict[str, bytes]:
    """Every generated sample file, by name, as the bytes it must hold."""
    return {
        "letter_05.pdf": build_pdf(LETTER_PARAGRAPHS, LETTER_INFO),
        "feed_06.jsonl": jsonl_bytes(FEED_06),
        "feed_07.jsonl.gz": gzip_bytes(jsonl_bytes(FEED_07)),
        "capture_08.warc.gz": build_warc(
            CAPTURE_08,
            filename="capture_08.warc.gz",
            warcinfo_date="2019-03-14T10:00:00Z",
            compress=True,
        ),
    }


def write_or_check(target_dir: Path, files: dict[str, bytes], *, check: bool) -> list[str]:
    """Write the files, or in check mode list those whose bytes on disk differ."""
    stale: list[str] = []
    for name, data in files.items():
        path = target_dir / name
        if check:
            if not path.is_file() or path.read_bytes() != data:
                stale.append(name)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    return stale


def main(argv: Sequence[str] | None = None) -> int:
    """Write (or check) the generated sample files; return the process exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--check", action="store_true", help="fail if a file is stale")
    args = parser.parse_args(argv)
    stale = write_or_check(SAMPLE_DIR, sample_files(), check=args.check)
    if stale:
        print("stale: " + ", ".join(stale) + " (run scripts/make_sample_data.py)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
