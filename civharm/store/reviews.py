"""The review log: reviewers' decisions, append-only, replayed over every re-clustering."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from civharm.store import tables as t
from civharm.store.base import StoreBase, jsonable, now
from civharm.store.engine import write


class ReviewStore(StoreBase):
    """Appending to and reading the review log."""

    def review_log(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            query = sa.select(t.review_events).order_by(t.review_events.c.id)
            return [dict(row) for row in conn.execute(query).mappings().all()]

    def add_review(
        self,
        *,
        user: str,
        action: str,
        incident_id: str | None,
        before: Any,
        after: Any,
        reason: str,
    ) -> int:
        with write(self.engine) as conn:
            result = conn.execute(
                t.review_events.insert().values(
                    at=now(),
                    user=user,
                    action=action,
                    incident_id=incident_id,
                    before=jsonable(before),
                    after=jsonable(after),
                    reason=reason,
                )
            )
            key = result.inserted_primary_key
            assert key is not None  # an insert always returns its key
            return int(key[0])

    def review_events(self, incident_id: str) -> list[dict[str, Any]]:
        """The review log of one incident, including merges of others into it."""
        return [
            event
            for event in self.review_log()
            if event["incident_id"] == incident_id
            or (event["action"] == "merge" and (event["after"] or {}).get("into") == incident_id)
        ]
