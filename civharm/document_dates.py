"""Reviewed publication dates of documents: the part of `Project` that sets and replays them.

Many pages state no publication date, so "on Tuesday" or "last week" in them cannot be
resolved and their incidents stay undated. A reviewer who knows the date (from the site,
an archive capture, the wire) records it as a review event, `document-date`, in the same
append-only log as every other decision. The document is then read again with that date,
as `--published` would have given it at ingest: articles that state no date of their own
take it, and their mentions' dates are resolved against it. Reprocessing replays the
latest such event of each document, and a revert (`civharm incident revert`) reads the
document again with the date that is left.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from civharm.errors import NotFound, UsageError
from civharm.gazetteer import Gazetteer
from civharm.model import Heading, Metadata, SourceDocument, Structure
from civharm.pipeline import process_document, versions
from civharm.resolution import Resolution
from civharm.review import DOCUMENT_DATE, REVERT, check, effective
from civharm.workers import apply_defaults

__all__ = ["DocumentDates", "source_from_row"]


class DocumentDates(Resolution):
    """Setting a document's publication date, and reading documents again with theirs."""

    if TYPE_CHECKING:  # `Project` opens it on first use

        @property
        def gazetteer(self) -> Gazetteer: ...

    def date_document(
        self,
        document: str,
        published: dt.date | str,
        *,
        reason: str,
        user: str | None = None,
    ) -> int:
        """Set the publication date of a document (its sha256 or doc_id) whose articles state
        none, and read it again so their mentions' dates resolve; returns the event id.

        Articles that state their own date keep it. The event is in the review log; undo it
        with `Project.revert(event_id)`. CLI: `civharm document date`.
        """
        if not reason.strip():
            raise UsageError("every review decision needs a reason")
        sha = self.document_sha256(document)
        after = check(DOCUMENT_DATE, {"document": sha, "published": str(published)})
        articles = self.store.document_articles(sha)
        if articles and all(a["published_source"] not in (None, "default") for a in articles):
            raise UsageError(
                f"every article of {sha} states its own publication date; nothing to set"
            )
        before = self.document_dates().get(sha) or self.store.document(sha)["default_published"]
        event = self.store.add_review(
            user=user or self.settings.custody_user(),
            action=DOCUMENT_DATE,
            incident_id=None,
            before={"document": sha, "published": before.isoformat() if before else None},
            after=after,
            reason=reason,
        )
        self._redate(sha)
        return event

    def document_sha256(self, document: str) -> str:
        """The sha256 of a document named by its sha256 or its doc_id."""
        if self.store.has_document(document):
            return document
        sha = self.store.document_sha(document)
        if sha is None:
            raise NotFound(f"no document with sha256 or doc_id {document!r}")
        return sha

    def document_dates(self) -> dict[str, dt.date]:
        """Reviewed publication dates by document sha256: the log replayed, the latest
        effective event of each document winning."""
        events, _ = effective(self.store.review_log())
        return {
            e["after"]["document"]: dt.date.fromisoformat(e["after"]["published"])
            for e in events
            if e["action"] == DOCUMENT_DATE
        }

    def document_log(self, sha256: str) -> list[dict[str, Any]]:
        """The review events about one document's date, and the reverts of them."""
        log = self.store.review_log()
        ours = {e["id"] for e in log if _document_of(e) == sha256}
        more = True
        while more:  # a revert of a revert of ours is ours too
            found = {e["id"] for e in log if e["action"] == REVERT and _target(e) in ours}
            more = not found <= ours
            ours |= found
        return [e for e in log if e["id"] in ours]

    def review(
        self,
        action: str,
        incident_id: str,
        *,
        reason: str,
        user: str | None = None,
        fields: Mapping[str, Any] | None = None,
        **after: Any,
    ) -> int:
        """`Resolution.review`, refusing a document date: that is `date_document`'s."""
        if action == DOCUMENT_DATE:
            raise UsageError("set a document's publication date with Project.date_document")
        return super().review(action, incident_id, reason=reason, user=user, fields=fields, **after)

    def revert(self, event_id: int, *, reason: str, user: str | None = None) -> int:
        """`Resolution.revert`; a document date undone reads its document again with the
        date that is left (an earlier reviewed one, the ingest default, or none)."""
        event = super().revert(event_id, reason=reason, user=user)
        log = {e["id"]: e for e in self.store.review_log()}
        at: Any = event_id
        while at in log and log[at]["action"] == REVERT:  # down to the decision undone
            at = _target(log[at])
        sha = _document_of(log[at]) if at in log else None
        if sha is not None:
            self._redate(sha)
        return event

    def _redate(self, sha256: str) -> None:
        """Read one document again with its date and re-cluster where its mentions are."""
        with self.store.exclusive():
            areas = self._document_areas(sha256)
            self._process_again(sha256, self.document_dates())
            areas |= self._document_areas(sha256)
            areas |= {row["admin1"] for row in self.store.mention_places(unresolved=True)}
            _, moved = self._resolve_stories()
            self._resolve_incidents(areas)
            if moved:  # copies elsewhere whose story changed: their sources count anew
                self._resolve_new(moved)

    def _document_areas(self, sha256: str) -> set[str | None]:
        """The provinces of the incidents a document's mentions belong to."""
        return self._areas({span["incident_id"] for span in self.store.document_spans(sha256)})

    def _process_again(self, sha256: str, reviewed: Mapping[str, dt.date]) -> dict[str, Any]:
        """Segment and extract one stored document again, with its reviewed date if it has
        one, else the defaults it was ingested with; returns its row."""
        row = self.store.document(sha256)
        adjust = partial(
            apply_defaults,
            published=reviewed.get(sha256) or row["default_published"],
            outlet=row["default_outlet"],
        )
        processed = process_document(
            source_from_row(row),
            self.gazetteer,
            adjust=adjust,
            vague_numbers=self.settings.vague_numbers,
            lex=self.lexicon,
        )
        self.store.replace_processing(
            sha256,
            articles=processed.articles,
            mentions=processed.mentions,
            aggregates=processed.aggregates,
            processed_by=versions(),
        )
        return row


def _target(event: Mapping[str, Any]) -> Any:
    after = event.get("after")
    return after.get("event") if isinstance(after, Mapping) else None


def _document_of(event: Mapping[str, Any]) -> str | None:
    after = event.get("after")
    if event["action"] != DOCUMENT_DATE or not isinstance(after, Mapping):
        return None
    document = after.get("document")
    return document if isinstance(document, str) else None


def source_from_row(row: Mapping[str, Any]) -> SourceDocument:
    """A stored document as the pipeline reads it: text, structure and metadata."""
    structure = row["structure"] or {}
    return SourceDocument(
        doc_id=row["doc_id"],
        origin=row["origin"],
        data=b"",
        media_type=row["media_type"],
        text=row["text"],
        metadata=Metadata(
            title=row["title"],
            author=row["author"],
            outlet=row["outlet"],
            published=row["published"],
            url=row["url"],
            captured=row["captured"],
        ),
        structure=Structure(
            headings=tuple(Heading(h["offset"], h["level"]) for h in structure.get("headings", [])),
            breaks=tuple(structure.get("breaks", [])),
        ),
    )
