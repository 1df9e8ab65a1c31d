"""Domain types: plain frozen dataclasses, the one vocabulary of civharm.

Storage rows live in `store/tables.py` and wire formats in `exports/`; each converts to and
from these types in one place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """A half-open character range [start, end) in a document's normalised text."""

    start: int
    end: int


@dataclass(frozen=True)
class Heading:
    """A heading line that the input format marked explicitly (markdown `#`, HTML `<h1>`)."""

    offset: int
    level: int


@dataclass(frozen=True)
class Structure:
    """Layout facts a reader saw that plain text loses: explicit headings and separators."""

    headings: tuple[Heading, ...] = ()
    breaks: tuple[int, ...] = ()


@dataclass(frozen=True)
class Metadata:
    """What the container says about a document: HTML meta tags, JSONL fields, WARC headers."""

    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None
    captured: dt.datetime | None = None


@dataclass(frozen=True)
class SourceDocument:
    """One input as a reader produced it: the preserved bytes and their normalised text.

    `doc_id` is the JSONL record's id if it had one, else the file name as ingested
    (or the target URI of a WARC record).
    """

    doc_id: str
    origin: str
    data: bytes
    media_type: str
    text: str
    metadata: Metadata = Metadata()
    structure: Structure = Structure()
    container: bytes | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    """One piece of writing inside a document, located by its character span."""

    ordinal: int
    span: Span
    body: Span
    text: str
    title: str | None = None
    byline: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    published_source: str | None = None
    dateline: str | None = None
    language: str | None = None
    boilerplate: tuple[Span, ...] = field(default=())
    credit: str | None = None


@dataclass(frozen=True)
class IngestReport:
    """What one ingest did: counts, and one line per input that failed."""

    new_documents: int = 0
    seen_documents: int = 0
    articles: int = 0
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    undated: int = 0  # new articles with no publication date: their relative dates stay open
    documents: tuple[str, ...] = ()  # sha256 of each new document, so a report can link to it

    @property
    def ok(self) -> bool:
        return not self.errors

    def since(self, before: IngestReport) -> IngestReport:
        """What was added after `before`, an earlier state of the same running report: one
        file's share of a batch."""
        return IngestReport(
            new_documents=self.new_documents - before.new_documents,
            seen_documents=self.seen_documents - before.seen_documents,
            articles=self.articles - before.articles,
            errors=self.errors[len(before.errors) :],
            warnings=self.warnings[len(before.warnings) :],
            undated=self.undated - before.undated,
            documents=self.documents[len(before.documents) :],
        )


@dataclass(frozen=True)
class Range:
    """A count as reported: "at least 10" is (10, None), "30 to 54" is (30, 54), unknown is (None, None)."""

    min: int | None = None
    max: int | None = None

    @property
    def known(self) -> bool:
        return self.min is not None or self.max is not None

    @staticmethod
    def across(ranges: list[Range]) -> Range:
        """Several claims about one count: the lowest lower bound to the highest figure
        stated, left open when the highest is itself a lower bound ("more than 140" beside
        "more than 100"; "at least 26" beside "25"), but not when a closed figure tops an
        open one ("at least six" and later "ten"). "At least 43" beside "43" stays open."""
        if not ranges:
            return Range()
        mins = [r.min for r in ranges if r.min is not None]
        low = min(mins) if mins else None
        stated = [
            (r.max, False) if r.max is not None else (r.min, True)
            for r in ranges
            if r.max is not None or r.min is not None
        ]
        if not stated:
            return Range(low, None)
        top = max(value for value, _ in stated if value is not None)
        open_top = any(is_open for value, is_open in stated if value == top)
        return Range(low, None if open_top else top)


@dataclass(frozen=True)
class Place:
    """Where a mention says it happened, as written and as resolved in the gazetteer.

    `precision` is point, town, admin2, admin1 or country: never finer than the text
    supports. A name missing from the gazetteer keeps `mentioned` and falls back to the
    smallest enclosing unit the text names.
    """

    mentioned: str | None = None
    name: str | None = None
    gazetteer_id: int | None = None
    admin1: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None


@dataclass(frozen=True)
class Mention:
    """One alleged incident as one article tells it, with the sentences it was built from."""

    ordinal: int
    evidence: tuple[Span, ...]
    event_type: str | None = None
    date: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: str = "unknown"
    date_hint: str | None = None
    place: Place = Place()
    perpetrator: str | None = None
    suspected: tuple[str, ...] = ()
    victims: str | None = None
    killed: Range = Range()
    injured: Range = Range()
    casualties: Range = Range()
    children_killed: int | None = None
    women_killed: int | None = None
    vague: tuple[str, ...] = ()
    weapons: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    claimants: tuple[str, ...] = ()
    hedges: tuple[str, ...] = ()
    contested: tuple[str, ...] = ()
    acknowledged: bool = False


@dataclass(frozen=True)
class Aggregate:
    """A toll that is not one event: "more than 8,000 killed since the war began".

    Kept with the same provenance as a mention (the sentence it came from) but never merged
    into incidents or put on a map. `period` is the words that make it a total ("since
    March", "in the past ten days"); `area` is the place the sentence names, as written.
    """

    ordinal: int
    evidence: tuple[Span, ...]
    killed: Range = Range()
    injured: Range = Range()
    casualties: Range = Range()
    victims: str | None = None
    period: str | None = None
    area: str | None = None
    claimants: tuple[str, ...] = ()
