"""Boilerplate lines: page chrome that must stay out of article bodies."""

from __future__ import annotations

import pytest

from civharm.stages.boilerplate import is_author_bio, is_boilerplate_line, is_page_tail


@pytest.mark.parametrize(
    "line",
    [
        "- Advertisement -",  # ad marker as scraped
        "ADVERTISEMENT",  # upper case
        "Subscribe to our newsletter",  # newsletter prompt
        "Sign up here to get the latest news, updates and special offers delivered directly to your inbox.",
        "Share this article:",  # share prompt
        "Follow us on Telegram and X",  # social prompt
        "Top Photo | Smoke rises over a village. (AP Photo)",  # photo credit with pipe
        "Photo: local activists",  # photo credit with colon
        "This article may be freely shared in part or in full with author attribution",
        "Read more: earlier strikes in the valley",
        "© 2018 Some Outlet. All rights reserved.",
    ],
)
def test_boilerplate_line_recognised(line: str) -> None:
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "At least 12 civilians were killed in an airstrike on the market.",
        "The photo released by the ministry showed a destroyed school.",  # mentions a photo
        "Residents were told to share shelters with displaced families.",  # uses 'share'
        "",
    ],
)
def test_boilerplate_article_text_is_kept(line: str) -> None:
    assert not is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    ["More For You", "Related Stories", "You may also like", "Most read:", "MOST VIEWED"],
)
def test_page_tail_heading_recognised(line: str) -> None:
    assert is_page_tail(line)


def test_page_tail_needs_the_heading_alone() -> None:
    assert not is_page_tail("More for you to read about the strike on the market.")
    assert not is_page_tail("More news")  # a menu some pages put mid-report


def test_boilerplate_author_bio_needs_the_byline_name() -> None:
    bio = "Jane Doe is a freelance journalist based in Beirut."
    assert is_author_bio(bio, "Jane Doe")
    assert not is_author_bio(bio, None)
    assert not is_author_bio("Doe said the town was shelled.", "Jane Doe")
