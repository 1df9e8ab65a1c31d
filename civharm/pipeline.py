"""The pipeline: stages in order, each declaring what it needs and what it produces.

Stages are pure functions; this module only orders them and checks that every stage's
requirements are produced by an earlier one. Each stage's version is recorded on what it
produced, so that re-processing after an improvement is a command, not a migration.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from civharm.stages import segment

Scope = Literal["document", "corpus"]


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
)

# What the ingest stage provides before any pipeline stage runs.
PROVIDED = ("document.text", "document.structure", "document.metadata")


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
    """What the document-scope stages made of one document."""

    articles: list[Any]


def process_document(document: Any, stages: Sequence[Stage] = DEFAULT_STAGES) -> Processed:
    """Run the document-scope stages on one source document."""
    articles: list[Any] = []
    for stage in stages:
        if stage.scope == "document" and stage.name == "segment":
            articles = stage.fn(document)
    return Processed(articles=articles)
