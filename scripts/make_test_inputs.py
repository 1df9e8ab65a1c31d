"""Regenerate the small good and bad input files that civharm's reader tests use.

``tests/data/good/`` holds one short fictional article per supported format, plus
``expected.json`` with what a reader must find in each. ``tests/data/bad/`` holds one
input per failure kind (empty, binary, wrong encoding, truncated, corrupt, malformed).
Both are written here, deterministically, so that a binary fixture can be rebuilt and
reviewed as text; the bad inputs' meaning is described in ``tests/data/bad/README.md``.

Usage::

    python scripts/make_test_inputs.py           # write the files
    python scripts/make_test_inputs.py --check   # exit 1 if a file on disk is stale
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from make_sample_data import (
    FICTION_NOTE,
    Capture,
    PdfInfo,
    build_pdf,
    build_warc,
    gzip_bytes,
    html_page,
    jsonl_bytes,
    png_bytes,
    response_record,
    write_or_check,
)

ROOT = Path(__file__).resolve().parent.parent
GOOD_DIR = ROOT / "tests" / "data" / "good"
BAD_DIR = ROOT / "tests" / "data" / "bad"

# --------------------------------------------------------------------------------------
# Good inputs: one short fictional article per format
# --------------------------------------------------------------------------------------

ONE_TXT = f"""\
Bread queue hit by shelling in Mayadin, five killed

By Sami Rahal
Source: Riverside Monitor

MAYADIN, Syria (Riverside Monitor) – Five civilians were killed on Friday when shells \
landed near a bread queue in the centre of Mayadin, two residents said. A third resident \
said the shelling came from the west bank of the river.

{FICTION_NOTE}
"""

ONE_MD = f"""\
# Clinic damaged by shelling in Saada, three hurt

By Amal Qasem

**Source:** [Harbour Light News](#)

SAADA, Yemen – At least three people were injured on Wednesday when shells hit the \
courtyard of a **health clinic** in Saada, according to the clinic's director. He said \
the building's [water tank](http://example.org/tank) was destroyed.

- Advertisement -

{FICTION_NOTE}

Subscribe to our newsletter
"""

ONE_HTML = html_page(
    title="Two fishermen killed off the coast near Hodeidah",
    outlet="Coastline Courier",
    author="Layla Brennan",
    published="2018-07-02",
    canonical="https://coastline-courier.example/2018/07/02/fishermen",
    paragraphs=(
        "HODEIDAH, Yemen – Two fishermen were killed on Sunday when their boat was fired on"
        " off the coast north of Hodeidah, relatives told the Coastline Courier.",
        "A third man swam ashore and was treated for wounds in a hospital in the city.",
        FICTION_NOTE,
    ),
)

ONE_PDF_INFO = PdfInfo(
    title="Note on strikes near Tal Afar",
    author="Ministry of Civilian Affairs",
    creation_date="D:20170901080000Z",
)
ONE_PDF_PARAGRAPHS: tuple[str, ...] = (
    "# Ministry of Civilian Affairs",
    "Note on strikes near Tal Afar - 1 September 2017",
    "On 30 August 2017 an airstrike hit a farmhouse west of Tal Afar, killing four"
    " civilians, including one child, according to the Ministry's field office.",
    FICTION_NOTE,
)

ONE_JSONL_RECORD = {
    "id": "good-jsonl-1",
    "url": "https://two-rivers-dispatch.example/2017/07/10/mosul-family",
    "title": "Family of five found dead in west Mosul basement",
    "outlet": "Two Rivers Dispatch",
    "published": "2017-07-10",
    "text": "MOSUL, Iraq – Civil defence teams recovered the bodies of five members of one"
    " family from the basement of a collapsed house in western Mosul on Sunday, a civil"
    " defence officer said. Neighbours said the house was hit during the fighting last"
    " month.\n\n" + FICTION_NOTE,
}

ONE_JSONL_GZ_RECORD = {
    "id": "good-jsonlgz-1",
    "url": "https://eastbank-bulletin.example/2018/11/20/hajin-displaced",
    "title": "Displaced family killed near Hajin, monitor says",
    "outlet": "Eastbank Bulletin",
    "published": "2018-11-20",
    "text": "HAJIN, Syria – A man, his wife and their daughter were killed yesterday when an"
    " airstrike hit the tent where they were staying east of Hajin, a local monitor"
    " said.\n\n" + FICTION_NOTE,
}

RAQQA_PAGE = html_page(
    title="Unexploded shell kills boy in Raqqa",
    outlet="Lakeside Observer",
    author=None,
    published="2019-01-15",
    canonical="https://lakeside-observer.example/2019/01/15/raqqa-shell",
    paragraphs=(
        "RAQQA, Syria – A 12-year-old boy was killed and his brother injured on Monday when"
        " an unexploded shell went off as they collected scrap metal in the ruins of"
        " Raqqa, a local council member said.",
        FICTION_NOTE,
    ),
)

ZABID_PAGE = html_page(
    title="Farm workers hurt in strike near Zabid",
    outlet="Highland Post",
    author="Nadia Farrow",
    published="2018-08-15",
    canonical="https://highland-post.example/2018/08/15/zabid-farm",
    paragraphs=(
        "ZABID, Yemen – Six farm workers were injured on Tuesday when an airstrike hit a"
        " pump house on a farm outside Zabid, the farm's owner said.",
        FICTION_NOTE,
    ),
)

ROBOTS_TXT = b"User-agent: *\nDisallow: /private/\n"


def good_files() -> dict[str, bytes]:
    """The good inputs, by file name."""
    raqqa = Capture(
        uri="https://lakeside-observer.example/2019/01/15/raqqa-shell",
        warc_date="2019-01-16T09:30:00Z",
        content_type="text/html; charset=utf-8",
        body=RAQQA_PAGE.encode("utf-8"),
    )
    zabid = Capture(
        uri="https://highland-post.example/2018/08/15/zabid-farm",
        warc_date="2018-08-16T12:00:00Z",
        content_type="text/html; charset=utf-8",
        body=ZABID_PAGE.encode("utf-8"),
    )
    robots = Capture(
        uri="https://highland-post.example/robots.txt",
        warc_date="2018-08-16T12:00:01Z",
        content_type="text/plain",
        body=ROBOTS_TXT,
    )
    return {
        "one.txt": ONE_TXT.encode("utf-8"),
        "one.md": ONE_MD.encode("utf-8"),
        "one.html": ONE_HTML.encode("utf-8"),
        "one.pdf": build_pdf(ONE_PDF_PARAGRAPHS, ONE_PDF_INFO),
        "one.jsonl": jsonl_bytes([ONE_JSONL_RECORD]),
        "one.jsonl.gz": gzip_bytes(jsonl_bytes([ONE_JSONL_GZ_RECORD])),
        "one.warc": build_warc(
            [raqqa], filename="one.warc", warcinfo_date=raqqa.warc_date, compress=False
        ),
        # The robots.txt response is there to be skipped: only HTML becomes an article.
        "one.warc.gz": build_warc(
            [zabid, robots], filename="one.warc.gz", warcinfo_date=zabid.warc_date, compress=True
        ),
        "expected.json": expected_json(),
    }


def expected_json() -> bytes:
    """What a reader must find in each good file: title, byline, outlet, published date."""

    def article(
        title: str, byline: str | None, outlet: str, published: str | None
    ) -> dict[str, str | None]:
        return {"title": title, "byline": byline, "outlet": outlet, "published": published}

    expected = {
        "about": "Articles that each file in tests/data/good holds (written by"
        " scripts/make_test_inputs.py). 'published' is null where the format carries no"
        " date; for WARC files it is the page's article:published_time, not the WARC-Date"
        " (the capture time). The PDF's title, author and date come from its /Info"
        " dictionary. one.warc.gz also holds a robots.txt response, which is not an article.",
        "files": {
            "one.txt": [
                article(
                    "Bread queue hit by shelling in Mayadin, five killed",
                    "Sami Rahal",
                    "Riverside Monitor",
                    None,
                )
            ],
            "one.md": [
                article(
                    "Clinic damaged by shelling in Saada, three hurt",
                    "Amal Qasem",
                    "Harbour Light News",
                    None,
                )
            ],
            "one.html": [
                article(
                    "Two fishermen killed off the coast near Hodeidah",
                    "Layla Brennan",
                    "Coastline Courier",
                    "2018-07-02",
                )
            ],
            "one.pdf": [article(ONE_PDF_INFO.title, None, ONE_PDF_INFO.author, "2017-09-01")],
            "one.jsonl": [
                {
                    "id": ONE_JSONL_RECORD["id"],
                    **article(
                        ONE_JSONL_RECORD["title"],
                        None,
                        ONE_JSONL_RECORD["outlet"],
                        ONE_JSONL_RECORD["published"],
                    ),
                }
            ],
            "one.jsonl.gz": [
                {
                    "id": ONE_JSONL_GZ_RECORD["id"],
                    **article(
                        ONE_JSONL_GZ_RECORD["title"],
                        None,
                        ONE_JSONL_GZ_RECORD["outlet"],
                        ONE_JSONL_GZ_RECORD["published"],
                    ),
                }
            ],
            "one.warc": [
                {
                    "url": "https://lakeside-observer.example/2019/01/15/raqqa-shell",
                    **article(
                        "Unexploded shell kills boy in Raqqa",
                        None,
                        "Lakeside Observer",
                        "2019-01-15",
                    ),
                }
            ],
            "one.warc.gz": [
                {
                    "url": "https://highland-post.example/2018/08/15/zabid-farm",
                    **article(
                        "Farm workers hurt in strike near Zabid",
                        "Nadia Farrow",
                        "Highland Post",
                        "2018-08-15",
                    ),
                }
            ],
        },
    }
    return (json.dumps(expected, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# --------------------------------------------------------------------------------------
# Bad inputs: one per failure kind
# --------------------------------------------------------------------------------------

ARABIC_TEXT = f"""\
Strike reported on Hajin market
Source: Northern Desk Wire

أفادت مصادر محلية بمقتل عشرة مدنيين على الأقل في غارة جوية على سوق بلدة هجين يوم الثلاثاء.
Local sources said at least ten civilians were killed in an airstrike on the market in \
Hajin on Tuesday.

{FICTION_NOTE}
"""

FRENCH_TEXT = """\
Frappes signalées près de Raqqa : huit civils tués
Source: Le Veilleur du Fleuve

Selon des sources locales, au moins huit civils, dont trois enfants, ont été tués mercredi \
lors d'une frappe aérienne près de Raqqa. « Nous n'avons rien pu faire », a déclaré un \
habitant joint par téléphone. La coalition n'a pas commenté ces accusations.

(Rapport fictif écrit pour civharm.)
"""

BROKEN_HTML = f"""\
<html><head><title>Strike hits water station near Hodeidah</title>
<body>
<div class="story">
<h1>Strike hits water station near Hodeidah
<p>HODEIDAH, Yemen – An airstrike damaged a water pumping station east of Hodeidah on \
Monday and injured two workers, the local water authority said.
<p>The authority said repairs could take weeks and that about 20,000 people depended on \
the station for their water.
<p>{FICTION_NOTE}
<div class="footer"><p>Subscribe to our newsletter
"""

JSONL_RECORD_A = {
    "id": "bad-line-1",
    "title": "Two civilians killed in Saada shelling",
    "outlet": "Harbour Light News",
    "published": "2018-04-02",
    "text": "Two civilians were killed on Sunday when shells hit a house in Saada, a"
    " local official said.\n\n" + FICTION_NOTE,
}

JSONL_RECORD_B = {
    "id": "bad-line-3",
    "title": "Strike near Tal Afar injures four",
    "outlet": "Westgate Newswire",
    "published": "2017-08-28",
    "text": "Four people were injured on Saturday when an airstrike hit a farm near Tal"
    " Afar, their relatives said.\n\n" + FICTION_NOTE,
}


def bad_files() -> dict[str, bytes]:
    """The bad inputs, by file name (see tests/data/bad/README.md for what each means)."""
    pdf = build_pdf(ONE_PDF_PARAGRAPHS, ONE_PDF_INFO)
    jsonl = jsonl_bytes([JSONL_RECORD_A, ONE_JSONL_RECORD, JSONL_RECORD_B])
    gz = gzip_bytes(jsonl)
    page = Capture(
        uri="https://lakeside-observer.example/2019/01/15/raqqa-shell",
        warc_date="2019-01-16T09:30:00Z",
        content_type="text/html; charset=utf-8",
        body=RAQQA_PAGE.encode("utf-8"),
    )
    valid_warc = build_warc(
        [page], filename="corrupt.warc.gz", warcinfo_date=page.warc_date, compress=True
    )
    second = response_record(
        Capture(
            uri="https://highland-post.example/2018/08/15/zabid-farm",
            warc_date="2018-08-16T12:00:00Z",
            content_type="text/html; charset=utf-8",
            body=ZABID_PAGE.encode("utf-8"),
        ),
        compress=True,
    )
    bad_line = (
        json.dumps(JSONL_RECORD_A, ensure_ascii=False)
        + "\n"
        + '{"id": "bad-line-2", "title": "Unclosed record", "text": "This line is not valid\n'
        + json.dumps(JSONL_RECORD_B, ensure_ascii=False)
        + "\n"
    )
    no_text = {
        "id": "no-text-1",
        "url": "https://riverside-monitor.example/2018/05/01/empty",
        "title": "A record that carries neither text nor html",
        "outlet": "Riverside Monitor",
        "published": "2018-05-01",
    }
    return {
        "empty.txt": b"",
        "binary.txt": png_bytes(),
        "arabic_cp1256.txt": ARABIC_TEXT.encode("cp1256"),
        "latin1.txt": FRENCH_TEXT.encode("latin-1"),
        "truncated.jsonl.gz": gz[: len(gz) // 2],
        # A valid warcinfo and response, then bytes that are neither gzip nor WARC.
        "corrupt.warc.gz": valid_warc + b"\x00\x01 this is not a WARC record \xff\xfe\n" * 8,
        # A valid first record, then a gzip member cut in half: warcio (1.8) does NOT raise
        # on this; it returns a short payload, so a reader must compare Content-Length.
        "truncated.warc.gz": valid_warc + second[: len(second) // 2],
        "broken.pdf": pdf[: len(pdf) * 3 // 5],
        "bad_line.jsonl": bad_line.encode("utf-8"),
        "no_text.jsonl": jsonl_bytes([no_text]),
        "broken.html": BROKEN_HTML.encode("utf-8"),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Write (or check) the good and bad inputs; return the process exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--check", action="store_true", help="fail if a file is stale")
    args = parser.parse_args(argv)
    stale = write_or_check(GOOD_DIR, good_files(), check=args.check)
    stale += write_or_check(BAD_DIR, bad_files(), check=args.check)
    if stale:
        print("stale: " + ", ".join(stale) + " (run scripts/make_test_inputs.py)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
