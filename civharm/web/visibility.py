"""What a reader may see: one rule for every route that serves data.

In public mode, readers who are not logged in see confirmed incidents only: their fields
and the sentences they are quoted from. Everything else holds unreviewed claims or
reviewers' notes (documents, mentions, stories, aggregate claims, exports other than
incidents, the review log), so it needs a login. Routes ask here, never decide alone, so
that a new route cannot leak what the others hide.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import HTTPException, Request

from civharm.store.store import IncidentFilters
from civharm.web.auth import Viewer, require

# The only status anonymous readers may see.
PUBLIC_STATUS = "confirmed"
# The only export anonymous readers may download.
PUBLIC_EXPORTS = ("incidents",)


def reader(request: Request) -> Viewer:
    """The viewer, if allowed to read: anyone in public mode, else a logged-in user."""
    return require(request, "read")


def is_anonymous(who: Viewer) -> bool:
    """Nobody logged in: only possible past `reader` in public mode."""
    return who.role is None


def incident_filters(who: Viewer, chosen: IncidentFilters) -> IncidentFilters:
    """The filters a reader asked for, narrowed to confirmed incidents for anonymous ones."""
    return replace(chosen, status=PUBLIC_STATUS) if is_anonymous(who) else chosen


def incident_status(who: Viewer) -> str | None:
    """The status every incident served to this reader must have (None: any)."""
    return PUBLIC_STATUS if is_anonymous(who) else None


def check_incident(who: Viewer, row: dict[str, Any]) -> None:
    """404, as for an unknown id, when an anonymous reader asks for an unconfirmed one."""
    if is_anonymous(who) and row["status"] != PUBLIC_STATUS:
        raise HTTPException(404, f"no incident {row['id']}")


def check_export(who: Viewer, entity: str) -> None:
    if is_anonymous(who) and entity not in PUBLIC_EXPORTS:
        raise HTTPException(401, f"log in to export {entity}")


def logged_in_only(who: Viewer, what: str) -> None:
    """Documents, mentions, stories and review logs hold unreviewed claims: 401 for nobody."""
    if is_anonymous(who):
        raise HTTPException(401, f"log in to read {what}")
