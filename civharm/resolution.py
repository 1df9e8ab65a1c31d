"""Resolution and review: new articles into stories and new mentions into incidents, block
by block, and the review log replayed over them. The `Resolution` part of `Project`."""

from __future__ import annotations

import logging
from array import array
from collections import Counter
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from typing import Any

from civharm.errors import NotFound, UsageError
from civharm.extract.lexicon import Lexicon
from civharm.review import (
    REVERT,
    check,
    effective,
    involved,
    replay_fields,
    replay_structure,
    revert_of,
)
from civharm.review_fields import check_order
from civharm.settings import Settings
from civharm.stages.blocks import Footprint, Where, blocks, footprint
from civharm.stages.merge import Item, assign_ids, build, cluster, linkable
from civharm.stages.syndication import Signature, Stories, is_copy, original, signature
from civharm.store import Store

log = logging.getLogger(__name__)

RESOLVE_GROUP = 2_000
"""Mentions re-clustered per query and transaction when resolving new ones (whole blocks,
so a larger block makes a larger group): bounds memory, not the result."""

ARTICLE_PAGE = 500
"""Articles with no story yet read per query, texts and all, when grouping stories."""


@dataclass(frozen=True)
class ResolveReport:
    new_stories: int = 0
    incidents: int = 0
    unlinked: int = 0
    # Review events skipped on replay (an invalid value an older version wrote), one line each.
    warnings: tuple[str, ...] = ()


class Resolution:
    """The part of `Project` that groups stories, resolves incidents and applies reviews."""

    store: Store
    settings: Settings
    lexicon: Lexicon

    def resolve(self, *, everything: bool = False) -> ResolveReport:
        """Group copies into stories and mentions into incidents.

        Only the blocks that new mentions fall in are re-clustered, unless `everything`;
        either way the incidents are those clustering every mention at once in the
        canonical order gives, whatever order the reports came in. Incident ids are kept
        where the mentions are substantially the same, and the review log is replayed
        last, so no human decision is undone. One process at a time resolves a database:
        each works from what the one before it stored.
        """
        with self.store.exclusive():
            stories, moved = self._resolve_stories()
            report = self._resolve_incidents(None) if everything else self._resolve_new(moved)
        return replace(report, new_stories=stories)

    def _resolve_new(self, moved: Collection[int] = ()) -> ResolveReport:
        """Re-cluster, whole, the blocks (`civharm.stages.blocks`) that new mentions fall in.

        A block holds every mention, new or stored, that could be merged with another of
        it, so clustering it alone gives what clustering everything at once gives. A
        first pass streams where and when each new mention is; the blocks around them are
        widened with the stored incidents near them (`_around`); then each group of
        blocks is read, clustered and written before the next is read. Memory follows
        the largest block, not the batch or the database. Mentions of the `moved`
        articles (whose story changed) are re-clustered too: their sources count anew.
        """
        counts: Counter[Footprint] = Counter()
        wheres: dict[Where, Where] = {}  # one copy of each place: footprints are many
        unlinked = 0
        for row in self.store.mention_places(unresolved=True):
            item = _placed(row)
            if linkable(item):
                where, when = footprint(item)
                counts[wheres.setdefault(where, where), when] += 1
            else:
                unlinked += 1
        stored: dict[int, tuple[Footprint, str]] = {}  # stored mention: footprint, incident
        seeds = set(counts)
        for row in self.store.mention_places(article_ids=moved) if moved else ():
            if row["incident_id"] and linkable(item := _placed(row)):
                stored[row["id"]] = (footprint(item), row["incident_id"])
                seeds.add(stored[row["id"]][0])
        if not seeds:
            return ResolveReport(unlinked=unlinked)
        block_of = self._around(seeds, stored)
        sizes: Counter[int] = Counter()
        for fp, n in counts.items():
            sizes[block_of[fp]] += n
        touched = {block_of[fp] for fp in seeds}
        for fp, _ in stored.values():
            if block_of[fp] in touched:
                sizes[block_of[fp]] += 1
        group_of = _groups(sizes, size=RESOLVE_GROUP)
        del counts, wheres
        ids: dict[int, array[int]] = {group: array("q") for group in set(group_of.values())}
        for row in self.store.mention_places(unresolved=True):
            item = _placed(row)
            if linkable(item):  # the same new mentions as the first pass: resolving is locked
                ids[group_of[block_of[footprint(item)]]].append(row["id"])
        for mention_id, (fp, _) in stored.items():
            if block_of[fp] in group_of:
                ids[group_of[block_of[fp]]].append(mention_id)
        del stored, block_of
        events, skipped = effective(self.store.review_log())
        for warning in skipped:
            log.warning(warning)
        incidents = 0
        for _, chosen in sorted(ids.items()):
            rows = self.store.mention_rows(ids=sorted(chosen))
            incidents += self._resolve_rows(rows, events=events).incidents
        return ResolveReport(incidents=incidents, unlinked=unlinked, warnings=tuple(skipped))

    def _around(
        self, seeds: set[Footprint], stored: dict[int, tuple[Footprint, str]]
    ) -> dict[Footprint, int]:
        """The blocks of the seeds among every stored mention, numbered.

        Stored incidents near each place a seed's block reaches join it, whole (a
        reviewer may have merged mentions from far apart), and may widen it to more
        places; the search ends when no block grows. `stored` gains their mentions.
        """
        asked: set[Where] = set()
        loaded: set[str] = set()
        while True:
            by_incident: dict[str, list[Footprint]] = {}
            for fp, incident_id in stored.values():
                by_incident.setdefault(incident_id, []).append(fp)
            everywhere = [*seeds, *(fp for fp, _ in stored.values())]
            block_of = blocks(everywhere, together=by_incident.values())
            touched = {block_of[fp] for fp in seeds}
            places = {fp[0] for fp, block in block_of.items() if block in touched} - asked
            wanted = {i for i, fps in by_incident.items() if block_of[fps[0]] in touched}
            if places:
                wanted |= self.store.incidents_near(places)
                asked |= places
            wanted -= loaded
            if not wanted:
                return block_of
            for row in self.store.mention_places(incident_ids=wanted):
                if linkable(item := _placed(row)):
                    stored[row["id"]] = (footprint(item), row["incident_id"])
            loaded |= wanted

    def _resolve_stories(self) -> tuple[int, set[int]]:
        """Put articles with no story yet in stories; returns how many stories are new, and
        the stored articles whose story changed (two stories found to be one)."""
        # Articles with no story yet: new ones, and any an interrupted run left behind.
        found = Stories()
        touched: set[int] = set()
        for article_id, text, stored in self._articles_without_story():
            sig = stored or signature(text)
            for candidate, other in self.store.copy_candidates(article_id, sig).items():
                if is_copy(sig, other):
                    found.union(article_id, candidate)
                    touched.add(candidate)
            if stored is None:
                self.store.save_signature(article_id, sig)
            touched.add(article_id)
        if not touched:
            return 0, set()
        existing = self.store.story_members(touched)
        for members in existing.values():
            for member in members:
                found.union(members[0], member)
        story_of = {m: story for story, members in existing.items() for m in members}
        created = 0
        stale: set[int] = set()
        moved: set[int] = set()
        for group in found.groups(touched | set(story_of)):
            stories = sorted({story_of[m] for m in group if m in story_of})
            keep = stories[0] if stories else None
            stale.update(stories[1:])
            moved.update(m for m in group if story_of.get(m, keep) != keep)
            self.store.save_story(keep, group, original(self.store.copies(group)))
            created += keep is None
        self.store.drop_stories(stale)
        return created, moved

    def _articles_without_story(self) -> Iterator[tuple[int, str, Signature | None]]:
        """Articles with no story yet, by id, read a page at a time."""
        after = 0
        while page := self.store.articles_without_story(after=after, limit=ARTICLE_PAGE):
            yield from page
            after = page[-1][0]

    def _resolve_incidents(self, admin1s: set[str | None] | None) -> ResolveReport:
        """Re-cluster the mentions of the given provinces (all when None) into incidents."""
        if admin1s is not None and not admin1s:
            return ResolveReport()
        with self.store.exclusive():
            rows = self.store.mention_rows(admin1s=admin1s)
            events, skipped = effective(self.store.review_log())
            for warning in skipped:
                log.warning(warning)
            return self._resolve_rows(rows, events=events, skipped=skipped)

    def _resolve_rows(
        self,
        rows: list[dict[str, Any]],
        *,
        events: Sequence[dict[str, Any]],
        skipped: Sequence[str] = (),
    ) -> ResolveReport:
        """Cluster these mentions afresh, keep incident ids by overlap, replay the review
        log over them and write them; incidents of these mentions that lost them all go.

        `events` is the review log as `effective` gives it, read once per resolve.
        """
        named = {name.lower() for _, name in self.lexicon.claimant_aliases}
        items = [_item(row, named) for row in rows]
        sources = {row["article_id"]: row for row in rows}
        previous = {row["key"]: row["incident_id"] for row in rows if row["incident_id"]}
        clusters = cluster(items, km=self.settings.merge_km)
        assign_ids(clusters, previous)
        clusters = replay_structure(clusters, events)
        records = {
            group.id or "": {**build(group, sources), "status": "machine"} for group in clusters
        }
        records = replay_fields(records, events)
        members = {group.id or "": [i.id for i in group.items] for group in clusters}
        placed = {m for ids in members.values() for m in ids}
        self.store.save_incidents(
            records,
            members,
            unlinked=[i.id for i in items if i.id not in placed],
            previous=set(previous.values()),
        )
        return ResolveReport(
            incidents=len(records), unlinked=len(items) - len(placed), warnings=tuple(skipped)
        )

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
        """Record a reviewer's decision on an incident and apply it; returns the event id.

        Actions: `edit` (fields as keywords, or as `fields=` when their names come from
        a user and must not collide with these parameters), `grade` (grade=), `status` (status=), `merge`
        (into= another incident), `split` (keys= mention keys to move to a new incident),
        `discount`, `note`. Every value is checked before the event is written (an
        `InvalidField` error names the field), so the log only holds what can be replayed.
        CLI: `civharm incident …`.
        """
        if not reason.strip():
            raise UsageError("every review decision needs a reason")
        if action == REVERT:
            raise UsageError("undo an event with Project.revert(event_id)")
        after = {**(fields or {}), **after}
        current = self.store.incident(incident_id)
        data = {**current["data"], "status": current["status"], "grade": current["grade"]}
        if action == "merge":
            other = self.store.incident(str(after.get("into") or ""))
            if other["id"] == incident_id:
                raise UsageError(f"cannot merge {incident_id} into itself")
            after = {"into": other["id"], "keys": current["mention_keys"] + other["mention_keys"]}
        elif action == "split":
            keys = list(after.get("keys") or [])
            unknown = sorted(set(keys) - set(current["mention_keys"]))
            if not keys or unknown:
                raise UsageError(f"split needs mention keys of {incident_id}; not in it: {unknown}")
            after = {"keys": keys, "new_id": f"{incident_id}-s{len(self.store.review_log()) + 1}"}
        after = check(action, after)
        if action == "edit":
            check_order({**data, **after}, touched=after)
        before = (
            {name: data.get(name) for name in after}
            if action in ("edit", "grade", "status")
            else data
        )
        event = self.store.add_review(
            user=user or self.settings.custody_user(),
            action=action,
            incident_id=incident_id,
            before=before,
            after=after,
            reason=reason,
        )
        self._resolve_incidents(self._areas({incident_id, after.get("into")}))
        return event

    def revert(self, event_id: int, *, reason: str, user: str | None = None) -> int:
        """Undo one review event with a new event that says so; returns the new event's id.

        The log stays append-only: replay skips the reverted event as if it had never been
        made, so fields go back to what extraction and the other decisions give. Reverting
        a revert makes its event count again. CLI: `civharm incident revert`.
        """
        if not reason.strip():
            raise UsageError("every review decision needs a reason")
        events = self.store.review_log()
        undo = revert_of(events, event_id)
        areas = self._areas(involved(events, event_id))  # before the incidents change
        event = self.store.add_review(
            user=user or self.settings.custody_user(),
            action=REVERT,
            reason=reason,
            **undo,
        )
        self._resolve_incidents(areas)
        return event

    def _areas(self, incident_ids: set[str | None]) -> set[str | None]:
        """The provinces of these incidents and of their mentions: what re-clustering covers.

        An incident's own province may have been edited away from its mentions'.
        """
        ids = {i for i in incident_ids if i}
        rows = self.store.mention_rows(incident_ids=ids)
        areas: set[str | None] = {row["admin1"] for row in rows}
        for incident_id in ids:
            with suppress(NotFound):
                areas.add(self.store.incident(incident_id)["data"].get("admin1"))
        return areas

    # -- export and verify --------------------------------------------------------------


def _item(row: dict[str, Any], named: set[str]) -> Item:
    """A stored mention as the merge stage sees it, with the source it counts toward.

    Copies of one story, and reports by one outlet, are one source; a report whose first
    claimant is a named agency other than its outlet ("SANA reported …", "… told SANA")
    counts toward that agency.
    """
    data = {**row, **(row.get("data") or {})}
    outlet = (row.get("outlet") or "").strip().lower()
    claimants = data.get("claimants") or []
    first = claimants[0].lower() if claimants else ""
    keys = [f"story:{row['story_id'] or row['article_id']}"]
    if outlet:
        keys.append(f"outlet:{outlet}")
    if first in named and first != outlet:
        keys = [f"claim:{first}"]  # a relayed claim counts toward its agency alone
    return Item(
        row["id"], row["key"], row["article_id"], row["story_id"] or 0, " ".join(keys), data
    )


def _placed(row: dict[str, Any]) -> Item:
    """A mention as blocking sees it: where and when it is (`Store.mention_places`)."""
    return Item(row["id"], "", 0, 0, "", row)


def _groups(sizes: Mapping[int, int], *, size: int) -> dict[int, int]:
    """The blocks to re-cluster, by their number of mentions, gathered into groups of about
    `size` mentions: one query and one transaction per group rather than per block."""
    group_of: dict[int, int] = {}
    group, held = 0, 0
    for block, n in sorted(sizes.items()):
        if held and held + n > size:
            group, held = group + 1, 0
        group_of[block] = group
        held += n
    return group_of
