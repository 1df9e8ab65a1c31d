"""Boilerplate: lines that belong to the page, not to the article.

Newsletter and share prompts, advertisement markers, photo credits and the author bio at
the end stay in the preserved document but are kept out of the article body, so that
nothing downstream reads a caption or a bio as a report.
"""

from __future__ import annotations

import re

_LINE_PATTERNS = [
    r"-?\s*advert(?:isement)?s?(?:\s*-)?",
    r"(?:sponsored|promoted)(?: content| links?)?",
    r"subscribe(?: now)?(?: to)?(?: our| the)? (?:free |daily |weekly )?newsletters?.*",
    r"sign up(?: here| now| today)? (?:to|for) .*(?:newsletter|latest news|updates|inbox).*",
    r"(?:get|receive) (?:the|our) latest .*(?:inbox|newsletter).*",
    r"(?:click|tap) here .*",
    r"(?:share|tweet|email|print|save)(?: this)?(?: article| story| page| post)?(?:\s*:)?",
    r"share (?:on|via) \w+.*",
    r"follow us on .*",
    r"(?:read|see) (?:more|also)\s*:.*",
    r"related(?: articles| stories| posts)?\s*:.*",
    r"this (?:article|story|post) (?:may|can) be (?:freely )?(?:re)?(?:shared|published|reproduced).*",
    r"(?:all rights reserved|copyright ©?|©).*",
    r"(?:top |featured |main |header )?(?:photo|image|picture|photograph)(?: credit)?\s*[|:].*",
    r"(?:photo|image) (?:by|courtesy of|credit) .*",
    r"comments?(?:\s*\(\d+\))?",
    r"(?:leave a (?:comment|reply)|add (?:a|your) comment).*",
    r"(?:about the author)\s*:?.*",
    r"\d{1,2}\s*min(?:ute)?s?\s+read",
    r"short\s+url",
    r"skip\s+to\s+(?:the\s+)?(?:main\s+)?(?:content|navigation)",
    r"read\s+(?:the\s+)?full\s+(?:story|article)",
    r"(?:follow|listen(?:\s+to\s+this\s+article)?|enditem)",
    r"(?:facebook|twitter|pinterest|instagram|google\+|youtube|linkedin|whatsapp|telegram|rss|x)",
]
# No pattern ends in whitespace: `_LINE` adds `\s*$`, and two runs of whitespace in a row
# made a long run quadratic (#9).
_LINE = re.compile(r"^\s*(?:" + "|".join(_LINE_PATTERNS) + r")\s*$", re.IGNORECASE)
_CAPTION_TAIL = re.compile(r"\((?:AP|AFP|Reuters|Getty|EPA|Xinhua|SANA)(?: Images)? ?Photo.*\)\s*$")

# An author bio opens with the author's name and describes the writer.
_BIO_VERBS = re.compile(
    r"\b(?:is (?:a|an|the)\b|is the author|has (?:written|worked|reported|published)|writes for|"
    r"contributor|correspondent|staff writer|freelance|journalist|editor)",
    re.IGNORECASE,
)


# A heading of the page's other stories ("More For You", "Related stories"): after the
# article, everything below it is another report's teaser. (Not "More news", "Latest
# stories" or a bare "Recommended": scraped pages put such menus mid-report as well.)
_PAGE_TAIL = re.compile(
    r"^\s*(?:more\s+for\s+you|(?:you\s+)?may\s+also\s+like|you\s+might\s+(?:also\s+)?like|"
    r"related\s+(?:stories|articles|posts|coverage|content)|what\s+to\s+read\s+next|"
    r"recommended\s+for\s+you|most\s+(?:read|popular|viewed))\s*:?\s*$",
    re.IGNORECASE,
)
# How much article text must come before such a heading: at the top of a page, a "Most
# read" list is the site's menu, not the end of the report.
PAGE_TAIL_AFTER = 300


def is_page_tail(line: str) -> bool:
    """True for a heading that introduces the page's other stories."""
    return _PAGE_TAIL.match(line) is not None


def is_boilerplate_line(line: str) -> bool:
    """True for a line that is a page prompt, marker or credit rather than article text."""
    stripped = line.strip()
    if not stripped:
        return False
    return bool(_LINE.match(stripped) or (len(stripped) < 300 and _CAPTION_TAIL.search(stripped)))


def is_author_bio(paragraph: str, byline: str | None) -> bool:
    """True for a closing paragraph that introduces the article's author."""
    text = paragraph.strip()
    if re.match(r"about the author\b", text, re.IGNORECASE):
        return True
    if not byline:
        return False
    names = [n for n in re.split(r"\s+(?:and|&)\s+|,\s*", byline) if n]
    for name in names:
        name = re.sub(r"\s*\(.*?\)", "", name).strip()
        if len(name) < 4:
            continue
        surname = name.split()[-1]
        if text.startswith(name) or (len(surname) > 3 and text.startswith(surname + " ")):
            return bool(_BIO_VERBS.search(text[:400]))
    return False
