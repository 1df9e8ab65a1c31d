"""The pipeline: stages in order, each declaring what it needs and what it produces.

Stages are pure functions; this module only orders them and checks that every stage's
requirements are produced by an earlier one. Each stage's version is recorded on what it
produced, so that re-processing after an improvement is a command, not a migration.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from civharm.errors import TooLarge
from civharm.extract.lexicon import Lexicon
from civharm.extract.sentences import paragraphs
from civharm.gazetteer import Gazetteer
from civharm.model import Aggregate, Article, Mention, SourceDocument
from civharm.stages import extract, geocode, segment
from civharm.stages.syndication import Signature

Scope = Literal["document", "article", "corpus"]


@dataclass(frozen=True)
class Stage:
    name: str
    version: str
    scope: Scope
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    fn: Callable[..., Any]
    doc: str


DEFAULT_STAGES: tuple[Stage, ...] = (
    Stage(
        name="segment",
        version=segment.VERSION,
        scope="document",
        requires=("document.text", "document.structure", "document.metadata"),
        assigns=("articles",),
        fn=segment.segment,
        doc="Split a document into articles with title, byline, outlet, date and dateline.",
    ),
    Stage(
        name="extract",
        version=f"{extract.VERSION}+{geocode.VERSION}",
        scope="article",
        requires=("document.text", "articles", "gazetteer"),
        assigns=("mentions", "aggregates"),
        fn=extract.extract_article,
        doc="Find each alleged incident in an article, with figures, place, date, actors and evidence.",
    ),
)

# What the ingest stage provides before any pipeline stage runs.
PROVIDED = ("document.text", "document.structure", "document.metadata", "gazetteer")


def analyze(stages: Sequence[Stage] = DEFAULT_STAGES) -> list[str]:
    """Problems with a stage order: requirements that no earlier stage assigns."""
    available = set(PROVIDED)
    problems = []
    for stage in stages:
        missing = [r for r in stage.requires if r not in available]
        if missing:
            problems.append(f"stage {stage.name!r} needs {', '.join(missing)} before it")
        available.update(stage.assigns)
    return problems


def versions(stages: Sequence[Stage] = DEFAULT_STAGES) -> dict[str, str]:
    return {stage.name: stage.version for stage in stages}


@dataclass(frozen=True)
class Processed:
    """What the document- and article-scope stages made of one document; an ingest's
    workers add each article's syndication signature, which depends on its text alone, so
    that the process storing the results need not compute it."""

    articles: list[Article]
    mentions: list[list[Mention]]
    aggregates: list[list[Aggregate]]
    signatures: tuple[Signature, ...] = ()


MAX_PARAGRAPH = 1_000_000
"""spaCy's `max_length`: the sentence splitter refuses a longer text (its error E088)."""


def _check_paragraphs(document: SourceDocument, article: Article) -> None:
    """Refuse a document with a paragraph the sentence splitter cannot take, with a clear error."""
    longest = max((len(text) for _, text in paragraphs(document.text, article)), default=0)
    if longest > MAX_PARAGRAPH:
        raise TooLarge(
            document.origin,
            f"a paragraph of {longest:,} characters; sentences are split in paragraphs of at "
            f"most {MAX_PARAGRAPH:,} (add line breaks between paragraphs)",
        )


def process_document(
    document: SourceDocument,
    gazetteer: Gazetteer,
    *,
    adjust: Callable[[list[Article]], list[Article]] | None = None,
    vague_numbers: bool = False,
    lex: Lexicon | None = None,
) -> Processed:
    """Segment a document, then extract the mentions of each article.

    `adjust` may fill in article metadata (defaults given on the command line) between
    the two stages, since dates in the text are resolved against the publication date.
    Raises `TooLarge` for a paragraph longer than the sentence splitter reads.
    """
    articles = segment.segment(document)
    if adjust is not None:
        articles = adjust(articles)
    for article in articles:
        _check_paragraphs(document, article)
    extracted = [
        extract.extract_article(
            document.text, article, gazetteer, vague_numbers=vague_numbers, lex=lex
        )
        for article in articles
    ]
    return Processed(
        articles=articles,
        mentions=[e.mentions for e in extracted],
        aggregates=[e.aggregates for e in extracted],
    )
