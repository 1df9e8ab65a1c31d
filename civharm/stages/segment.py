"""Segmentation: a document becomes one or more articles, each a span of its text.

Reports arrive as compilations: several articles pasted one after another, separated by
`---` lines or by nothing but a title line followed by `By …` / `Source: …` lines. An
article starts at a title-like line that is followed by such a header block, at an
explicit heading, or at the first title-like line of a section. The header block gives
byline, outlet and publication date; the first body paragraph may carry a dateline.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from civharm.dates import parse_published
from civharm.model import Article, SourceDocument, Span
from civharm.stages.boilerplate import (
    PAGE_TAIL_AFTER,
    is_author_bio,
    is_boilerplate_line,
    is_page_tail,
)

VERSION = "segment-2"

# Runs of whitespace are matched by one quantifier only, never by two in a row, so that a
# long run does not make the engine try every way of splitting it (#9): `\s*,?\s*` over n
# spaces has n² splits, and a failing match tries them all.
# A form feed alone on a line is a page break too (`_is_separator`).
_SEPARATOR = re.compile(r"^\s*(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,}|(?:=\s*){3,})$")
_NAME_WORD = r"(?:[A-Z][\w'’.-]*|(?:al|el|de|da|bin|ibn|van|von|der|la|le)(?=\s))"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}}"
# "and" between names is a word of its own: glued to a name ("Aand") it let every such name
# be read two ways, exponentially many in a line of them.
_BYLINE = re.compile(rf"^\s*(?:by|BY|By)(?:\s*:)?\s+({_NAME}(?:\s*(?:,|\band\b|&)\s*{_NAME})*)\s*$")
_SOURCE = re.compile(r"^\s*(?:source|SOURCE|Source)\s*:\s*(.{2,80}?)(?:\s*[.])?\s*$")
_TRANSLATED = re.compile(rf"^(?:translated|translation)\s+by\s+({_NAME})$", re.IGNORECASE)
_META_SPLIT = re.compile(r"\s*(?:[–—|]|\s-\s)\s*")
_OUTLET = re.compile(
    r"^(?:[A-Z0-9][\w'’&.-]*)(?:\s+(?:[A-Z0-9&][\w'’&.-]*|of|the|and|for|al)){0,5}$"
)
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$", re.IGNORECASE)
DATELINE = re.compile(
    r"^\s*([A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+){0,3}"
    r"(?:\s*,\s*(?:[A-Z][A-Za-z.]+)(?:\s+(?:of\s+)?[A-Z][A-Za-z.]+){0,3})?)"
    r"\s*(?:,\s*)?(?:\([^)]{1,40}\)\s*)?(?:--|[-–—:.|])(?=\s)"
)
# "(Sanaa) – The coalition …": the form of Human Rights Watch's releases
_PAREN_DATELINE = re.compile(r"^\s*\(([A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,2})\)\s*[-–—](?=\s)")
# "Ramallah, July 10, 2014—A further …": a place in title case, then the filing day
_DAY_DATELINE = re.compile(
    r"^\s*([A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,2}),\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct"
    r"|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?\s*(?:--|[-–—])"
)


def dateline_at(text: str) -> re.Match[str] | None:
    """The dateline a line opens with ("BAGHDAD —", "(Sanaa) –", "Ramallah, July 10, 2014—"),
    its place as group 1."""
    return DATELINE.match(text) or _PAREN_DATELINE.match(text) or _DAY_DATELINE.match(text)


@dataclass
class _Line:
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass
class _Header:
    """What the lines between a title and the body said."""

    end_line: int
    found: bool = False
    byline: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    credit: str | None = None
    extra: list[str] = field(default_factory=list)


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    offset = 0
    for raw in text.split("\n"):
        out.append(_Line(offset, offset + len(raw), raw))
        offset += len(raw) + 1
    return out


# A photo caption ends with its agency's credit: "The death toll rose to 25 [AFP]".
_CREDITED = re.compile(
    r"[\[(](?:Photograph:\s*)?\(?(?:AP|AFP|Reuters|Getty(?:\s+Images)?|EPA(?:-EFE)?|Xinhua|"
    r"Anadolu|SANA)\)?[\])]\s*$"
)


def _title_like(text: str) -> bool:
    line = text.strip()
    words = line.split()
    if not 1 <= len(words) <= 30 or len(line) > 250:
        return False
    if line[-1] in ".,;:" and not line.endswith(("..", "Jr.", "St.")):
        return False
    first = line[0]
    if not (first.isupper() or first.isdigit() or first in "\"“‘'«"):
        return False
    return not (
        is_boilerplate_line(line)
        or _BYLINE.match(line)
        or _SOURCE.match(line)
        or _CREDITED.search(line)
    )


def _meta_line(text: str) -> _Header | None:
    """A dash-separated line of date, outlet and credits ("November 12th, 2017 – Some News –")."""
    line = text.strip()
    if len(line) > 160 or not line:
        return None
    wrapped = line[0] in "–—|-" or line[-1] in "–—|-"
    parts = [p.strip() for p in _META_SPLIT.split(line.strip("–—|- ")) if p.strip()]
    if not parts:
        return None
    header = _Header(end_line=0)
    for part in parts:
        if (date := parse_published(part)) is not None and len(part) <= 40:
            header.published = header.published or date
        elif match := _TRANSLATED.match(part):
            header.byline = header.byline or f"{match.group(1)} (translator)"
        elif match := _BYLINE.match(part):
            header.byline = header.byline or match.group(1)
        elif match := _SOURCE.match(part):
            header.outlet = header.outlet or match.group(1)
        elif _OUTLET.match(part) or _DOMAIN.match(part):
            if header.outlet is None and not _DOMAIN.match(part):
                header.outlet = part
            else:
                header.extra.append(part)
        else:
            return None
    if header.published is None and not wrapped:
        return None
    header.found = True
    return header


_VIA = re.compile(r"\s*[(\[]?\s*\b(?:via|from|courtesy of)\s+[^)\]]+[)\]]?\s*$", re.IGNORECASE)


def _header_line(text: str) -> _Header | None:
    if match := _BYLINE.match(text):
        return _Header(end_line=0, found=True, byline=match.group(1))
    if match := _SOURCE.match(text):
        # "Source: Riverside Monitor (via Northern Desk Wire)": the outlet is the first name,
        # and the outlet it credits is where the story came from.
        via = _VIA.search(match.group(1))
        credit = (
            re.sub(r"^\W*(?:via|from|courtesy of)\s+|\W+$", "", via.group(0), flags=re.I)
            if via
            else None
        )
        outlet = _VIA.sub("", match.group(1)).strip(" *")
        return _Header(end_line=0, found=True, outlet=outlet, credit=credit)
    return _meta_line(text)


def _read_header(lines: list[_Line], title: int, stop: int) -> _Header:
    """Read the header block after a title line; `found` says whether there was one."""
    header = _Header(end_line=title + 1)
    j = title + 1
    deck_allowed = True
    while j < stop:
        line = lines[j]
        if line.blank:
            j += 1
            continue
        part = _header_line(line.text)
        if part is not None:
            header.found = True
            header.byline = header.byline or part.byline
            header.outlet = header.outlet or part.outlet
            header.published = header.published or part.published
            header.credit = header.credit or part.credit
            header.end_line = j + 1
            deck_allowed = False
            j += 1
            continue
        # A standfirst may sit between the title and the byline, directly above it.
        following = lines[j + 1] if j + 1 < stop else None
        if deck_allowed and following is not None and _header_line(following.text) is not None:
            deck_allowed = False
            j += 1
            continue
        break
    return header


def _is_separator(text: str) -> bool:
    """A line of three or more `-`, `*`, `_` or `=`, or of a form feed and spaces."""
    return bool(_SEPARATOR.match(text)) or ("\f" in text and not text.strip())


def _sections(lines: list[_Line], breaks: set[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    begin = 0
    for i, line in enumerate(lines):
        if line.start in breaks or _is_separator(line.text):
            out.append((begin, i))
            begin = i + 1
    out.append((begin, len(lines)))
    return [(a, b) for a, b in out if any(not line.blank for line in lines[a:b])]


def _starts(
    lines: list[_Line], begin: int, end: int, headings: dict[int, int]
) -> list[tuple[int, _Header]]:
    starts: list[tuple[int, _Header]] = []
    first = next(i for i in range(begin, end) if not lines[i].blank)
    for i in range(first, end):
        line = lines[i]
        if line.blank:
            continue
        level = headings.get(line.start)
        if not _title_like(line.text) and level is None:
            continue
        header = _read_header(lines, i, end)
        at_top = i == first and (level is not None or i + 1 >= end or lines[i + 1].blank)
        if header.found or at_top or level == 1:
            if starts and starts[-1][1].end_line > i:
                continue  # inside the previous article's header block
            starts.append((i, header))
    return starts


_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"[a-z]+")
_COMMON = frozenset({"the", "of", "and", "in", "to", "was", "were", "a"})


def _language(text: str) -> str | None:
    """A cheap guess, enough to route English text to English rules."""
    sample = text[:2000]
    if len(_ARABIC.findall(sample)) > len(_LATIN.findall(sample)):
        return "ar"
    words = _WORD.findall(sample.lower())
    common = sum(1 for w in words if w in _COMMON)
    return "en" if words and common / len(words) > 0.08 else None


def _build(
    doc: SourceDocument,
    lines: list[_Line],
    ordinal: int,
    title_line: int | None,
    header: _Header,
    body_first: int,
    end: int,
) -> Article | None:
    while end > body_first and lines[end - 1].blank:
        end -= 1
    first = title_line if title_line is not None else body_first
    while first < end and lines[first].blank:
        first += 1
    if first >= end:
        return None
    byline = header.byline
    junk = {i for i in range(body_first, end) if is_boilerplate_line(lines[i].text)}
    told = 0
    for i in range(body_first, end):
        if told >= PAGE_TAIL_AFTER and is_page_tail(lines[i].text):
            junk.update(range(i, end))  # "More For You": the page's other stories
            break
        told += len(lines[i].text.strip())
    for i in range(end - 1, body_first - 1, -1):
        if lines[i].blank or i in junk:
            continue
        if is_author_bio(lines[i].text, byline):
            junk.add(i)
            continue
        break
    kept = [i for i in range(body_first, end) if i not in junk]
    while kept and lines[kept[0]].blank:
        kept.pop(0)
    while kept and lines[kept[-1]].blank:
        kept.pop()
    if not kept:
        return None
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines[i].text.rstrip() for i in kept))
    dateline = dateline_at(lines[kept[0]].text)
    title = lines[title_line].text.strip() if title_line is not None else None
    published, published_source = header.published, "text" if header.published else None
    return Article(
        ordinal=ordinal,
        span=Span(lines[first].start, lines[end - 1].end),
        body=Span(lines[kept[0]].start, lines[kept[-1]].end),
        text=text,
        title=title,
        byline=byline,
        outlet=header.outlet,
        published=published,
        published_source=published_source,
        dateline=dateline.group(1).strip() if dateline else None,
        language=_language(text),
        boilerplate=tuple(Span(lines[i].start, lines[i].end) for i in sorted(junk)),
        credit=header.credit,
    )


def segment(doc: SourceDocument) -> list[Article]:
    """Split a document into articles, with the metadata its header lines and container give."""
    lines = _lines(doc.text)
    headings = {h.offset: h.level for h in doc.structure.headings}
    articles: list[Article] = []
    for begin, end in _sections(lines, set(doc.structure.breaks)):
        starts = _starts(lines, begin, end, headings)
        bounds = [i for i, _ in starts] + [end]
        if not starts or any(not lines[i].blank for i in range(begin, starts[0][0])):
            # Text before the first title: an untitled article, unless it is only page chrome.
            stop = starts[0][0] if starts else end
            untitled = _build(doc, lines, len(articles), None, _Header(begin), begin, stop)
            if (
                untitled is not None
                and len(untitled.text.split()) >= 20
                and not (starts and _repeats_title(lines, begin, stop, starts[0][0]))
            ):
                articles.append(untitled)
        for (line, header), stop in zip(starts, bounds[1:], strict=True):
            article = _build(doc, lines, len(articles), line, header, header.end_line, stop)
            if article is not None:
                articles.append(article)
    return _with_metadata(doc, articles)


def _repeats_title(lines: list[_Line], begin: int, stop: int, title: int) -> bool:
    """Whether the text before a title already carries that title: a page that shows the
    headline and standfirst, then the headline again over the byline, is one article."""
    wanted = " ".join(lines[title].text.split())
    return any(" ".join(lines[i].text.split()) == wanted for i in range(begin, stop))


def _drop_title_line(doc: SourceDocument, article: Article, title: str) -> Article:
    """HTML extraction repeats the page title as the first line: it is not body text."""
    first_end = doc.text.find("\n", article.body.start)
    first_end = article.body.end if first_end == -1 else min(first_end, article.body.end)
    if " ".join(doc.text[article.body.start : first_end].split()) != " ".join(title.split()):
        return article
    rest = doc.text.find("\n", first_end) + 1 if first_end < article.body.end else article.body.end
    while rest < article.body.end and doc.text[rest] in " \n":
        rest += 1
    if rest >= article.body.end:
        return article
    head = doc.text[article.body.start : first_end]
    next_line = doc.text[rest : doc.text.find("\n", rest) if "\n" in doc.text[rest:] else None]
    dateline = dateline_at(next_line)
    return replace(
        article,
        body=Span(rest, article.body.end),
        text=article.text[len(head) :].lstrip("\n "),
        dateline=dateline.group(1).strip() if dateline else article.dateline,
    )


def _with_metadata(doc: SourceDocument, articles: list[Article]) -> list[Article]:
    """Fill what the text did not say from the container's metadata."""
    meta = doc.metadata
    out: list[Article] = []
    for article in articles:
        single = len(articles) == 1
        if single and meta.title and article.title is None:
            article = _drop_title_line(doc, article, meta.title)
        published, source = article.published, article.published_source
        if published is None and meta.published is not None:
            published, source = meta.published, "metadata"
        out.append(
            Article(
                ordinal=article.ordinal,
                span=article.span,
                body=article.body,
                text=article.text,
                title=(meta.title if single and meta.title else None) or article.title,
                byline=article.byline or (meta.author if single else None),
                outlet=article.outlet or meta.outlet,
                published=published,
                published_source=source,
                dateline=article.dateline,
                language=article.language,
                boilerplate=article.boilerplate,
                credit=article.credit,
            )
        )
    return out
