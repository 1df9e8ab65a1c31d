"""Review: human decisions on incidents, kept in an append-only log and replayed.

Every decision (edit a field, set grade or status, merge two incidents, split mentions
off, discount, note) is a review event with who, when, before, after and why. Resolution
replays the log after clustering, so re-running extraction or merging never undoes a
reviewer's decision: merges and splits are recorded by the mention keys they moved, and
edits by incident id, which resolution keeps stable. A mistaken decision is undone by a
revert event, never by changing the log; an invalid event written by an older version is
skipped with a warning instead of stopping every later run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from civharm.errors import NotFound, UsageError
from civharm.review_fields import EDITABLE, clean_edit
from civharm.stages.merge import Cluster

# A document date (`after: {"document": sha256, "published": "YYYY-MM-DD"}`) is about a
# document, not an incident: `civharm.document_dates` applies it; replay here passes it by.
DOCUMENT_DATE = "document-date"
ACTIONS = ("edit", "grade", "status", "merge", "split", "discount", "note", DOCUMENT_DATE)
# A revert undoes one earlier event (`after: {"event": id}`); the log stays append-only.
REVERT = "revert"
GRADES = ("confirmed", "fair", "weak", "contested", "discounted")
STATUSES = ("machine", "reviewed", "confirmed", "discounted")

__all__ = [
    "ACTIONS",
    "DOCUMENT_DATE",
    "EDITABLE",
    "GRADES",
    "REVERT",
    "STATUSES",
    "check",
    "effective",
    "involved",
    "revert_of",
]


def check(action: str, after: Mapping[str, Any]) -> dict[str, Any]:
    """A decision's values, typed and checked; refuse one that could not be replayed.

    Edits go through `review_fields`, the one check of every editable field, so the CLI,
    the web form and the Python API write the same values and refuse the same mistakes.
    """
    if action not in ACTIONS:
        raise UsageError(f"unknown review action {action!r}; one of {', '.join(ACTIONS)}")
    if not isinstance(after, Mapping):
        raise UsageError(f"{action} needs named values, not {after!r}")
    if action == "edit":
        return clean_edit(after)
    if action == "grade" and after.get("grade") not in GRADES:
        raise UsageError(f"grade must be one of {', '.join(GRADES)}")
    if action == "status" and after.get("status") not in STATUSES:
        raise UsageError(f"status must be one of {', '.join(STATUSES)}")
    if action in ("merge", "split") and not _strings(after.get("keys", [])):
        raise UsageError(f"{action} needs mention keys")
    if action == "merge" and not isinstance(after.get("into"), str):
        raise UsageError("merge needs the incident to merge into")
    if action == DOCUMENT_DATE:
        return _document_date(after)
    return dict(after)


def _document_date(after: Mapping[str, Any]) -> dict[str, Any]:
    document, published = after.get("document"), after.get("published")
    if not isinstance(document, str) or not document:
        raise UsageError("a document date needs the document's sha256")
    try:
        day = dt.date.fromisoformat(str(published))
    except ValueError:
        raise UsageError(f"a publication date is YYYY-MM-DD, not {published!r}") from None
    return {"document": document, "published": day.isoformat()}


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def reverted(events: Sequence[Mapping[str, Any]]) -> dict[int, int]:
    """Event id → id of the revert that undoes it; a revert may itself be reverted."""
    undone: dict[int, int] = {}
    for event in reversed(events):  # the latest word first: a reverted revert undoes nothing
        after = event.get("after")
        target = after.get("event") if isinstance(after, Mapping) else None
        if event["action"] == REVERT and event["id"] not in undone and isinstance(target, int):
            undone[target] = event["id"]
    return undone


def effective(events: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """The events replay applies, with checked values, and a warning for each one skipped.

    Reverted events and reverts drop out. An event an older version wrote with a value
    that cannot be applied is skipped and reported (by its id and field), so one bad
    event never stops the project; `civharm incident revert` retires it for good.
    """
    undone = reverted(events)
    kept: list[dict[str, Any]] = []
    warnings: list[str] = []
    for event in events:
        if event["action"] == REVERT or event["id"] in undone:
            continue
        try:
            after = check(event["action"], event.get("after") or {})
        except UsageError as exc:
            warnings.append(
                f"review event {event['id']} ({event['action']} {event.get('incident_id')}) "
                f"skipped: {exc}"
            )
            continue
        kept.append({**event, "after": after})
    return kept, warnings


def replay_structure(clusters: list[Cluster], events: Iterable[dict[str, Any]]) -> list[Cluster]:
    """Apply merges and splits, in log order, to freshly clustered incidents.

    `events` are the log as `effective` returns it: checked, reverted ones left out.
    """
    for event in events:
        after = event.get("after") or {}
        if event["action"] == "merge":
            keys = set(after.get("keys", []))
            involved = [c for c in clusters if any(i.key in keys for i in c.items)]
            if len(involved) > 1:
                keep = next((c for c in involved if c.id == after.get("into")), involved[0])
                for other in involved:
                    if other is not keep:
                        keep.items.extend(other.items)
                        clusters.remove(other)
                keep.id = after.get("into", keep.id)
        elif event["action"] == "split":
            keys = set(after.get("keys", []))
            moved = [i for c in clusters for i in c.items if i.key in keys]
            if not moved:
                continue
            for c in clusters:
                c.items = [i for i in c.items if i.key not in keys]
            clusters[:] = [c for c in clusters if c.items]
            clusters.append(Cluster(moved, after.get("new_id")))
    return clusters


def replay_fields(
    records: dict[str, dict[str, Any]], events: Sequence[dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Apply edits, grades, statuses and discounts by incident id, in log order.

    `events` are the log as `effective` returns it: checked, reverted ones left out.
    """
    for event in events:
        record = records.get(event.get("incident_id") or "")
        if record is None:
            continue
        after = event.get("after") or {}
        action = event["action"]
        if action == "edit":
            record.update(after)
        elif action == "grade":
            record["grade"] = after["grade"]
        elif action == "status":
            record["status"] = after["status"]
        elif action == "discount":
            record["status"] = record["grade"] = "discounted"
        if action != "note" and record.get("status") == "machine":
            record["status"] = "reviewed"
    return records


def revert_of(events: Sequence[Mapping[str, Any]], event_id: int) -> dict[str, Any]:
    """The `before` and `after` of a revert of `event_id`, or why it cannot be reverted."""
    target = next((e for e in events if e["id"] == event_id), None)
    if target is None:
        raise NotFound(f"no review event {event_id}")
    undone = reverted(events)
    if event_id in undone:
        raise UsageError(f"review event {event_id} is already reverted by event {undone[event_id]}")
    if target["action"] == "note":
        raise UsageError(f"review event {event_id} is a note: it changed nothing to revert")
    return {
        "incident_id": target["incident_id"],
        "before": {"action": target["action"], "after": target["after"]},
        "after": {"event": event_id},
    }


def involved(events: Sequence[Mapping[str, Any]], event_id: int) -> set[str | None]:
    """The incidents an event touched, and those of the event it reverts, if any."""
    out: set[str | None] = set()
    by_id = {e["id"]: e for e in events}
    seen: set[int] = set()
    at: Any = event_id
    while at in by_id and at not in seen:
        seen.add(at)
        event = by_id[at]
        after = event.get("after")
        after = after if isinstance(after, Mapping) else {}
        out |= {event.get("incident_id"), after.get("into"), after.get("new_id")}
        at = after.get("event") if event["action"] == REVERT else None
    return out
