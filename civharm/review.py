"""Review: human decisions on incidents, kept in an append-only log and replayed.

Every decision (edit a field, set grade or status, merge two incidents, split mentions
off, discount, note) is a review event with who, when, before, after and why. Resolution
replays the log after clustering, so re-running extraction or merging never undoes a
reviewer's decision: merges and splits are recorded by the mention keys they moved, and
edits by incident id, which resolution keeps stable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from civharm.errors import UsageError
from civharm.stages.merge import Cluster

ACTIONS = ("edit", "grade", "status", "merge", "split", "discount", "note")
GRADES = ("confirmed", "fair", "weak", "contested", "discounted")
STATUSES = ("machine", "reviewed", "confirmed", "discounted")
# Fields a reviewer may set directly; the rest follow from the mentions.
EDITABLE = (
    "event_type", "date", "date_end", "date_precision", "place", "place_mentioned", "admin1",
    "country", "lat", "lon", "geo_precision", "perpetrator", "victims", "killed_min",
    "killed_max", "injured_min", "injured_max", "casualties_min", "casualties_max",
    "children_killed", "women_killed", "weapons", "targets", "notes",
)  # fmt: skip


def check(action: str, after: dict[str, Any]) -> None:
    """Refuse a decision that could not be replayed, with a message saying why."""
    if action not in ACTIONS:
        raise UsageError(f"unknown review action {action!r}; one of {', '.join(ACTIONS)}")
    if action == "edit":
        unknown = [name for name in after if name not in EDITABLE]
        if unknown:
            raise UsageError(f"cannot edit {', '.join(unknown)}; editable: {', '.join(EDITABLE)}")
    if action == "grade" and after.get("grade") not in GRADES:
        raise UsageError(f"grade must be one of {', '.join(GRADES)}")
    if action == "status" and after.get("status") not in STATUSES:
        raise UsageError(f"status must be one of {', '.join(STATUSES)}")


def replay_structure(clusters: list[Cluster], events: Iterable[dict[str, Any]]) -> list[Cluster]:
    """Apply merges and splits, in log order, to freshly clustered incidents."""
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
    """Apply edits, grades, statuses and discounts by incident id, in log order."""
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
