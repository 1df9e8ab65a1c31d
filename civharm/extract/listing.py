"""Several incidents told in one sentence, place by place.

Monitors list a day's harm as "a woman and her child in Has, 5 civilians in Kafar Sajna and
a woman in Zardna": one sentence, three incidents. When every place named after "in" has
a count of its own before it, the sentence is cut at those places and each part becomes a
sentence fact of its own, with its count, its place and the sentence's date and attacker.
A count may also stand for several places: "two each in A, B and C", or three killed "in
the region: in A, B and C", which can only be one at each.
"""

from __future__ import annotations

import re
from dataclasses import replace

from civharm.extract.facts import Facts, clause
from civharm.extract.figures import analyse
from civharm.extract.harm import Figures, harm_in
from civharm.extract.lexicon import Lexicon
from civharm.extract.numbers import SMALL, count_value
from civharm.extract.places import PlaceRef
from civharm.model import Range

_IN_BEFORE = re.compile(
    r"(?:\b(?:in|at|near)|"
    # "killed in Russian shelling on the vicinity of al-Bara": the attack's target
    r"\b(?:shelling|strikes?|air\s*strikes?|raids?|bombardment|bombing|attacks?)\s+on"
    r"(?:\s+the\s+vicinity\s+of)?)"
    r"\s+(?:the\s+(?:[\w-]+\s+)?(?:town|village|city|area|neighbou?rhood|"
    r"district|camp)\s+of\s+|nearby\s+|neighbou?ring\s+)?$",
    re.IGNORECASE,
)
_TARGET = re.compile(r"\bon\s+the\s+vicinity\s+of\s+$", re.I)
# "… has risen to 22 civilians, they are: a man … in Kafrtal, two men … in al-Bara": a toll
# whose parts follow a colon
_HEAD_COLON = re.compile(r":\s*")
# where the last part of such a list ends: ", and the death toll is expected to rise"
_LIST_TAIL = re.compile(r",\s*(?:and\s+)?(?:the|this|it|there)\b", re.I)


# "two each in Andriyivka, Novohryhorivka and Pokrovsk": one count for every place after it
# ("and one more in Rivne": a count for that place only)
_COUNT = rf"(?:\d{{1,3}}|{'|'.join(SMALL)})"
_EACH = re.compile(rf"\b(?P<n>{_COUNT})\s+(?P<kind>each|more|others?)\s+in\b[^,;:]*$", re.I)
_EACH_ANYWHERE = re.compile(rf"\b{_COUNT}\s+each\s+in\b", re.I)
# "killed 3 civilians in the region: in Andriyivka, Novohryhorivka and Myrnohrad"
_COLON_IN = re.compile(r":\s*(?:in|at)\s+$", re.I)
_COLON_IN_ANYWHERE = re.compile(r":\s*(?:in|at)\s+[A-Z]")
# what stands between the places of a list: "A, B, and C"
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)")


def _listed(text: str, places: list[PlaceRef], *, chained: bool) -> list[PlaceRef]:
    """The incident places named after "in" and, where one count stands for a list of
    them (`chained`), the places that follow such a place in a list ("in A, B and C")."""
    listed: list[PlaceRef] = []
    for place in places:
        before = text[max(0, place.start - 50) : place.start]
        if place.role != "incident" and not (place.role == "landmark" and _TARGET.search(before)):
            continue
        after_in = _IN_BEFORE.search(before)
        follows = (
            chained
            and listed
            and _LIST_GAP.fullmatch(text[listed[-1].end : place.start]) is not None
        )
        if after_in or follows:
            listed.append(place)
    return listed


def split_listed(facts: Facts, lex: Lexicon, *, vague_numbers: bool = False) -> list[Facts]:
    """The sentence's facts, cut into one per listed place when each place has its count:
    its own, one told "each", or one each where a count of N is told of N places."""
    text = facts.sentence.text
    distributed = bool(_EACH_ANYWHERE.search(text) or _COLON_IN_ANYWHERE.search(text))
    listed = _listed(text, facts.places, chained=distributed)
    head = None if distributed else _head(text, listed)
    if head is not None:
        listed = [p for p in listed if p.start > head.end()]
    if len(listed) < 2 or not (facts.figures.numeric or (distributed and facts.figures.totals)):
        return [facts]
    if facts.figures.totals and not distributed:
        return [facts]
    harm = harm_in(text, lex)
    if harm not in ("killed", "injured"):
        return [facts]
    parts = []
    start = 0
    each: Figures | None = None
    one_each = _one_each(text, listed, facts.figures, harm)
    if head is not None:
        start = head.end()
    for i, place in enumerate(listed):
        end = place.end if i < len(listed) - 1 else len(text)
        if head is not None and i == len(listed) - 1:
            tail = _LIST_TAIL.search(text, place.end)
            end = tail.start() if tail else end
        segment = text[start:end]
        own: Figures | None = None
        if counted := _EACH.search(segment[: place.start - start]):
            own = _counted(counted.group("n"), harm, facts.figures)
            each = own if counted.group("kind").lower() == "each" else None
        figures = analyse(segment, lex, vague_numbers=vague_numbers, of_list=harm)
        if own is not None:
            figures = own
        elif not figures.numeric and each is not None:
            figures = each
        elif not figures.numeric and one_each is not None:
            figures = one_each
        if not figures.numeric:
            return [facts]  # a place without a count of its own: not a list of incidents
        lead = len(segment) - len(segment.lstrip(" ,;"))
        parts.append((start + lead, end, figures, place))
        start = place.end
    told: list[Facts] = []
    if head is not None:
        total = _breakdown_of(text[: head.start()], parts, harm, lex)
        if total is None:
            return [facts]  # the counts after the colon are not the parts of a toll before it
        told = [clause(facts, 0, head.start(), total)]
    return told + [_part(facts, a, b, figures, place) for a, b, figures, place in parts]


def _part(facts: Facts, a: int, b: int, figures: Figures, place: PlaceRef) -> Facts:
    """One listed place's part of the sentence: that place is where it happened ("shelling
    on the vicinity of X"), the list's other places are the other parts'."""
    part = clause(facts, a, b, figures)
    here = place.start - a
    return replace(
        part,
        generic=False,  # "bombardment continued …, killing 5 in X": each count is one event's
        places=[
            replace(p, role="incident") if p.start == here else p
            for p in part.places
            if p.start == here or p.role != "incident"
        ],
    )


def _counted(number: str, harm: str, told: Figures) -> Figures | None:
    """A count of `number` people of the sentence's harm, as the figures of one place."""
    value = count_value(number)
    if not value:
        return None
    counts = [Range(value, value)]
    if harm == "killed":
        return Figures(killed=counts, victims=set(told.victims))
    return Figures(injured=counts, victims=set(told.victims))


def _one_each(text: str, listed: list[PlaceRef], told: Figures, harm: str) -> Figures | None:
    """One person at each place where a sentence tells N harmed at the N places it lists
    after a colon ("killed 3 civilians in the region: in A, B and C"): nothing else fits."""
    counts = told.killed if harm == "killed" else told.injured
    counts = counts or [r for kind, r in told.totals if kind == harm]
    if len(counts) != 1 or counts[0].min != counts[0].max or counts[0].min != len(listed):
        return None
    if not _COLON_IN.search(text[max(0, listed[0].start - 12) : listed[0].start]):
        return None
    return _counted("1", harm, told)


def _head(text: str, listed: list[PlaceRef]) -> re.Match[str] | None:
    """The last colon before two or more listed places, if any."""
    found = None
    for colon in _HEAD_COLON.finditer(text):
        if sum(p.start > colon.end() for p in listed) < 2:
            break
        found = colon
    return found


def _breakdown_of(
    lead: str, parts: list[tuple[int, int, Figures, PlaceRef]], harm: str, lex: Lexicon
) -> Figures | None:
    """The lead's toll as a total when the listed parts add up to it exactly; else None."""
    told = analyse(lead, lex)
    counts = told.killed if harm == "killed" else told.injured
    exact = {r.min for r in counts if r.min is not None and r.min == r.max}
    added = sum(
        sum(r.min or 0 for r in (figures.killed if harm == "killed" else figures.injured))
        or (figures.killed_groups if harm == "killed" else 0)
        for _, _, figures, _ in parts
    )
    if len(exact) != 1 or added not in exact:
        return None
    return Figures(totals=[(harm, Range(added, added))], victims=set(told.victims))
