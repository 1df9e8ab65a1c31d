"""Which sentences tell the same event: date compatibility and the open-mention rule.

A sentence joins the mention being built unless it opens a new event, moves to another
place, has a date that cannot be the same day, or recounts the toll with its own place or
date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from civharm.dates import DateRef
from civharm.extract.facts import Facts
from civharm.extract.places import PlaceRef
from civharm.model import Range


def specific(dates: list[DateRef]) -> bool:
    """A date that points at one day (resolved, or a weekday or month-day awaiting a year)."""
    return any(
        d.precision == "day" or (d.hint or "").startswith(("weekday:", "month-day:")) for d in dates
    )


_DAYS_AGO: dict[str, tuple[int, int]] = {
    "relative:today": (0, 0),
    "relative:tonight": (0, 0),
    "relative:this morning": (0, 0),
    "relative:yesterday": (1, 1),
    "relative:last night": (0, 1),
    "relative:last week": (1, 13),
    "relative:this week": (0, 6),
    "relative:earlier this week": (0, 6),
    "relative:last month": (28, 62),
    "relative:earlier this month": (0, 31),
    "relative:this month": (0, 31),
    "relative:last year": (365, 731),
}


def _window(hint: str) -> tuple[int, int] | None:
    """Days before publication a date hint can mean, when it is relative to it."""
    if hint.startswith("weekday:"):
        return (0, 6)
    return _DAYS_AGO.get(hint)


def dates_conflict(a: DateRef, b: DateRef) -> bool:
    """True when two date expressions cannot be the same day."""
    if a.date is not None and b.date is not None:
        a_end, b_end = a.date_end or a.date, b.date_end or b.date
        return a_end < b.date or b_end < a.date
    return hints_conflict(a.hint, b.hint)


def hints_conflict(a: str | None, b: str | None) -> bool:
    """True when two unresolved date hints ("weekday:Tuesday", "relative:overnight") cannot
    be the same day; hints whose distance is unknown do not conflict."""
    if not a or not b or a == b:
        return False
    if a.startswith("month-day:") and b.startswith("month-day:"):
        return True
    if a.startswith("weekday:") and b.startswith("weekday:"):
        return True
    wa, wb = _window(a), _window(b)
    if wa is None or wb is None:
        return False
    return wa[1] < wb[0] or wb[1] < wa[0]


# -- assembling mentions -----------------------------------------------------------------


@dataclass
class Draft:
    """A mention being built from one or more sentences."""

    facts: list[Facts] = field(default_factory=list)

    @property
    def place(self) -> PlaceRef | None:
        """The first incident place, unless a later sentence places it more finely: "the
        town of Bayt el-Faqih, just south of Hodeida" after "an assault on Hodeida"."""
        told = self.places
        return told[-1] if told else None

    @property
    def places(self) -> list[PlaceRef]:
        """The places the mention has had, coarse to fine ("Idlib", then "Maarshurin")."""
        told: list[PlaceRef] = []
        for facts in self.facts:
            here = facts.incident_place
            if here is not None and (not told or _placed_within(facts, here, told[-1])):
                told.append(here)
        return told

    @property
    def date(self) -> DateRef | None:
        return next((f.date for f in self.facts if f.date), None)

    @property
    def numeric(self) -> bool:
        return any(f.figures.numeric for f in self.facts)

    @property
    def last(self) -> int:
        return self.facts[-1].index


# "Maarshurin town in rebel-held Idlib": a place, then the place it lies in.
# "a town in Idlib", "El-Fasher, the capital city of North Darfur"
_IN_BETWEEN = re.compile(
    r"^\s*(?:[\w-]+\s+){0,2}?(?:in|of|,)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:(?:city\s+)?of\s+)?$"
)


def _placed_within(facts: Facts, here: PlaceRef, told: PlaceRef) -> bool:
    """Whether a sentence places its event inside the place told before: relative to it
    ("a neighbourhood east of Mosul"), or as a place in it ("a town in Idlib")."""
    if any(p.role == "landmark" and same_place(p, told) for p in facts.places):
        return True
    text = facts.sentence.text
    return not same_place(here, told) and any(
        p.role == "incident"
        and p.start > here.end
        and same_place(p, told)
        and _IN_BETWEEN.match(text[here.end : p.start]) is not None
        for p in facts.places
    )


def same_place(a: PlaceRef, b: PlaceRef) -> bool:
    """Whether two names in the text are one place: a candidate in common, or one spelling."""
    return bool(set(a.place_ids) & set(b.place_ids)) or a.surface.lower() == b.surface.lower()


def _same_toll(draft: Draft, facts: Facts) -> bool:
    """Whether a sentence gives a death toll the open mention already told."""
    told = {k for f in draft.facts for k in f.figures.killed}
    return any(k in told for k in facts.figures.killed)


def _own_date(told: DateRef | None, new: DateRef | None) -> bool:
    """Whether a sentence dates its event by another expression than the open mention's:
    with a place and a toll of its own, even "the strikes" then tells another event."""
    if new is None or told is None:
        return False
    if told.date is not None and new.date is not None:
        return dates_conflict(told, new)
    return told.hint != new.hint


_OPENING = 12  # a date this close to the sentence's start opens it: "On Thursday, …"
_EARLIER = re.compile(r"\s*(?:Earlier|Previously)\b", re.I)


def compatible(draft: Draft, facts: Facts, earlier: Sequence[Draft] = ()) -> bool:
    """Whether a sentence goes on telling the open mention's incident; `earlier` are the
    mentions told before it, to whose place a sentence naming it returns."""
    if facts.new_event:
        return False
    had = draft.places  # read once: each read walks the draft's sentences
    place, date = (had[-1] if had else None), draft.date
    new_place = facts.incident_place
    if date is not None and facts.date is not None and dates_conflict(date, facts.date):
        return False
    # the open place, or a coarser one it had ("… in Idlib" after "Maarshurin")
    mentions_old_place = place is not None and any(
        same_place(t, p) for p in facts.places if p.role == "incident" for t in had
    )
    # "on the Wahda neighbourhood east of Mosul": the open place as a landmark places the
    # same event more finely, unless the sentence counts a toll of its own there
    refines = place is not None and any(
        p.role == "landmark" and same_place(p, place) for p in facts.places
    )
    continues = (
        facts.anaphoric
        or mentions_old_place
        or (refines and (not facts.figures.numeric or _same_toll(draft, facts)))
    )
    # a country named before ("the northern Gaza town of Beit Hanoun") is no place the event
    # had: "In Gaza City, …" after it has moved
    known = [p for f in draft.facts for p in f.places if p.role != "country"]
    moved = (
        place is not None
        and new_place is not None
        and not any(same_place(p, new_place) for p in known)
    )
    if other_side(draft, facts):
        # "a house west of Khan Younis", then "a house bombing southeast of Khan Younis"
        moved, mentions_old_place = True, False
        continues = facts.anaphoric
    if moved and not continues:
        return False
    if moved and any(
        (told := d.place) is not None and same_place(told, new_place)  # type: ignore[arg-type]
        for d in earlier
    ):
        return False  # back to the event told before: "The LNA confirmed a strike on Murzuq"
    opens_dated = bool(facts.dates) and facts.dates[0].start < _OPENING
    placed = moved or (place is None and new_place is not None)
    counted = facts.figures.numeric and draft.numeric
    dated = _own_date(date, facts.date) or (counted and date is None and facts.date is not None)
    if placed and dated and (facts.figures.numeric or opens_dated):
        return False  # "Last week, the coalition airstrikes hit a truck in Nihm, killing two"
    earlier_toll = _EARLIER.match(facts.sentence.text) is not None and new_place is None
    if (
        facts.figures.numeric
        and draft.numeric
        and opens_dated
        and date is None
        and not earlier_toll
    ):
        # "On Thursday, four more were hurt" after an undated toll: another event; "Earlier
        # on Wednesday, a source said … one killed" with no place of its own: an earlier toll
        return False
    recounted = (
        not earlier_toll
        and facts.figures.numeric
        and draft.numeric
        and (new_place is not None or facts.admin is not None or bool(facts.dates))
    )
    if recounted and not continues:
        return False
    if facts.same_admin and draft.numeric:
        return False
    return facts.index - draft.last <= 3 or facts.anaphoric or mentions_old_place


_SIDE_OF = re.compile(
    r"\b(?P<side>(?:north|south)(?:east|west)?|east|west)(?:ern)?\s+(?:part\s+)?of\s+"
    r"(?:the\s+(?:city|town|village|camp)\s+of\s+)?$",
    re.I,
)


def _side(facts: Facts) -> tuple[str, PlaceRef] | None:
    """The side of its place a sentence puts the event on: "west of the city of X"."""
    here = facts.incident_place
    if here is None:
        return None
    found = _SIDE_OF.search(facts.sentence.text[max(0, here.start - 40) : here.start])
    return (found.group("side").lower(), here) if found else None


def other_side(draft: Draft, facts: Facts) -> bool:
    """Whether a sentence puts its event on another side of the place the open event was
    on: two houses, one west and one southeast of Khan Younis, are two events."""
    new = _side(facts)
    if new is None:
        return False
    told = [side for f in draft.facts if (side := _side(f)) is not None]
    return any(same_place(p, new[1]) and side != new[0] for side, p in told)


def _fits(told: Sequence[Range], new: Sequence[Range]) -> bool:
    """Whether a new count could be one of the counts told ("33" beside "at least 20" and
    "40"): within the widest range they span, or near its ends."""
    across = Range.across(list(told))
    if across.min is None or not new:
        return False
    high = across.max if across.max is not None else across.min * 2
    return any(r.min is not None and across.min <= r.min <= high for r in new)


def returns_to_lead(drafts: Sequence[Draft], facts: Facts) -> bool:
    """Whether a sentence with a toll but no place or date of its own goes back to the
    article's lead event after a side event told apart ("a separate air strike killed a
    family of four … Al-Masirah said 33 people had been killed"): its toll fits the lead's
    and not the side event's."""
    if len(drafts) < 2 or facts.new_event or facts.incident_place is not None or facts.dates:
        return False
    lead, current = drafts[0], drafts[-1]
    if not current.facts[0].new_event or not facts.figures.killed:
        return False
    side = [k for f in current.facts for k in f.figures.killed]
    told = [k for f in lead.facts for k in f.figures.killed]
    return _fits(told, facts.figures.killed) and not _fits(side, facts.figures.killed)
