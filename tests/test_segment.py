"""Segmentation: how a page becomes articles, with the metadata its header lines give."""

from __future__ import annotations

import datetime as dt

import pytest

from civharm.model import SourceDocument
from civharm.readers.markdown import to_text
from civharm.stages.segment import segment


def doc(text: str, *, markdown: bool = False) -> SourceDocument:
    structure = None
    if markdown:
        text, structure = to_text(text)
    return SourceDocument(
        doc_id="t.txt",
        origin="t.txt",
        data=text.encode(),
        media_type="text/plain",
        text=text,
        **({"structure": structure} if structure else {}),
    )


BODY = (
    "Residents said the shelling lasted for hours and that many homes were destroyed in the attack."
)


def test_segment_back_to_back_articles_split_at_title_and_source_lines() -> None:
    text = (
        f"First Headline About Shelling\n\nBy Jane Doe\nSource: North Wire\n{BODY}\n\n"
        f"Second Headline About Airstrikes\n\nSource: South Desk\n{BODY}\n"
    )
    articles = segment(doc(text))
    assert [a.title for a in articles] == [
        "First Headline About Shelling",
        "Second Headline About Airstrikes",
    ]
    assert [a.byline for a in articles] == ["Jane Doe", None]
    assert [a.outlet for a in articles] == ["North Wire", "South Desk"]
    assert all(a.text == BODY for a in articles)


def test_segment_spans_point_into_the_document_text() -> None:
    text = f"A Headline\n\nSource: North Wire\n{BODY}\n"
    (article,) = segment(doc(text))
    assert text[article.span.start : article.span.end].startswith("A Headline")
    assert text[article.body.start : article.body.end] == BODY


def test_segment_markdown_separators_and_headings() -> None:
    text = (
        f"# Top Story\n\nBy Ali Hassan\n\n**Source:** [Wire One](#)\n\n{BODY}\n\n---\n\n"
        f"## [Other Story](#)\n\n**Source:** [Wire Two](#)\n\n{BODY}\n\n---\n"
    )
    articles = segment(doc(text, markdown=True))
    assert [(a.title, a.byline, a.outlet) for a in articles] == [
        ("Top Story", "Ali Hassan", "Wire One"),
        ("Other Story", None, "Wire Two"),
    ]


def test_segment_markdown_subheading_stays_inside_its_article() -> None:
    # Why: a `###` section heading inside an article is not the start of a new one.
    text = f"# Story\n\nSource: Wire\n\n{BODY}\n\n### Aftermath\n\n{BODY}\n"
    (article,) = segment(doc(text, markdown=True))
    assert "Aftermath" in article.text


def test_segment_dated_header_line_gives_date_outlet_and_translator() -> None:
    text = (
        "“Quoted headline” – Country\n\n\nMarch 3rd, 2018 – Example Daily –\n\n"
        f"– translated by Omar Khalil –\n\nDAMASCUS, Syria. {BODY}\n"
    )
    (article,) = segment(doc(text))
    assert article.published == dt.date(2018, 3, 3)
    assert article.published_source == "text"
    assert article.outlet == "Example Daily"
    assert article.byline == "Omar Khalil (translator)"
    assert article.dateline == "DAMASCUS, Syria"


@pytest.mark.parametrize(
    ("first_line", "dateline"),
    [
        ("ALEPPO, (XN)- Shelling hit the old city.", "ALEPPO"),  # agency code in brackets
        ("TAL AFAR, IRAQ – Shelling hit the town.", "TAL AFAR, IRAQ"),  # place and country
        ("SANAA: Shelling hit the capital.", "SANAA"),  # colon form
        ("(Sanaa) – Shelling hit the capital.", "Sanaa"),  # a rights group's release
        ("(Three dead) – Shelling hit the capital.", None),  # brackets of words are no place
        ("The shelling hit ALEPPO, officials said.", None),  # capitals mid-sentence are no dateline
    ],
)
def test_segment_dateline(first_line: str, dateline: str | None) -> None:
    (article,) = segment(doc(f"Headline Here\n\nSource: Wire\n{first_line} {BODY}\n"))
    assert article.dateline == dateline


def test_segment_title_without_header_at_top_of_page() -> None:
    # Why: opinion pages often carry only a title line before the text.
    (article,) = segment(doc(f"Short Title\n\n\n{BODY}\n\n{BODY}\n"))
    assert article.title == "Short Title"
    assert article.outlet is None


def test_segment_untitled_page_is_one_article() -> None:
    (article,) = segment(doc(f"{BODY}\n\n{BODY}\n"))
    assert article.title is None
    assert article.text.count("Residents") == 2


def test_segment_boilerplate_is_out_of_the_body_but_in_the_span() -> None:
    text = (
        f"Headline\n\nBy Sara Lee\nSource: Wire\n{BODY}\n\n- Advertisement -\n\n{BODY}\n\n"
        "Top Photo | Smoke over the town. (AP Photo)\n"
        "Sara Lee is a staff writer covering the region.\n"
        "Subscribe to our newsletter\n"
    )
    (article,) = segment(doc(text))
    assert "Advertisement" not in article.text
    assert "Top Photo" not in article.text
    assert "staff writer" not in article.text
    assert "Subscribe" not in article.text
    assert "Subscribe" in text[article.span.start : article.span.end]
    assert len(article.boilerplate) == 4


def test_segment_the_pages_other_stories_are_out_of_the_body() -> None:
    text = (
        f"Blast kills five\n\n{BODY}\n\n{BODY}\n\n{BODY}\n\n{BODY}\n\n(AFP)\n\n"
        "More For You\n\nStorm brings record winds\n\n"
        "Some 15 people have died in weather-related accidents this week.\n"
    )
    (article,) = segment(doc(text))
    assert article.text.count("shelling lasted") == 4
    assert "More For You" not in article.text
    assert "weather-related" not in article.text
    assert "weather-related" in text[article.span.start : article.span.end]  # kept, as page


def test_segment_a_menu_heading_above_the_report_does_not_end_it() -> None:
    text = f"Blast kills five\n\nMost Read\n\n{BODY}\n\n{BODY}\n"
    (article,) = segment(doc(text))
    assert article.text.count("shelling lasted") == 2


def test_segment_standfirst_between_title_and_byline_is_not_body() -> None:
    text = (
        "Big Headline\n\nA one-sentence summary of the story sits here.\nby Tom Ray\n"
        f"Source: Wire\n{BODY}\n"
    )
    (article,) = segment(doc(text))
    assert (article.title, article.byline) == ("Big Headline", "Tom Ray")
    assert article.text == BODY


def test_segment_empty_sections_give_no_article() -> None:
    assert segment(doc("\n\n---\n\n---\n")) == []


@pytest.mark.parametrize(
    "furniture",
    ["2 min read", "3 MIN READ", "Short Url", "Skip to main content", "Read Full Story", "Follow"],
)
def test_segment_page_furniture_above_a_date_does_not_open_an_article(furniture: str) -> None:
    # why: saved pages carry reading-time and sharing lines; with a date line after them
    # they looked like a new article's title and header, and cut one report in two.
    text = f"Shelling Hits a Market Town\n\n{BODY}\n{furniture}\n22 December, 2015\n\n{BODY}\n"
    articles = segment(doc(text))
    assert [a.title for a in articles] == ["Shelling Hits a Market Town"]


def test_segment_a_credited_photo_caption_is_no_title() -> None:
    text = (
        f"Shelling Hits a Market Town\n\n{BODY}\n"
        f"The death toll rose to 25 [AFP]\n22 December, 2015\n\n{BODY}\n"
    )
    assert len(segment(doc(text))) == 1


def test_segment_headline_shown_twice_is_one_article() -> None:
    # the page shows headline and standfirst, then the headline again over byline and date
    text = (
        "NEWS\n4 MIN READ\nMarket Bombing Leaves Five Dead In Border Town\n"
        "Five people were killed and 12 wounded when a car bomb went off at a market in the "
        "border town early on Friday, local officials said.\n"
        "Market Bombing Leaves Five Dead In Border Town\nBy Desk Reporter\nMarch 3, 2023\n\n"
        f"{BODY}\n"
    )
    articles = segment(doc(text))
    assert [a.title for a in articles] == ["Market Bombing Leaves Five Dead In Border Town"]
