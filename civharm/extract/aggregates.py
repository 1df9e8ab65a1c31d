"""Aggregate claims: tolls over a period or an area, kept apart from incidents.

A sentence's totals ("more than 8,000 killed since the war began") were set aside by the
figures pass (see `periods.py`); here each such sentence becomes one `Aggregate` with its
evidence span, the period and area it covers, and who claims it. Some totals show only
across sentences, and are read here before events are grouped: the toll of "the attacks"
a period's count of strikes just gave, a headline count equal to the lead's total, and a
round-up lead whose toll the next tolls add up to.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import islice

from civharm.extract.events import dates_conflict
from civharm.extract.facts import Facts
from civharm.extract.harm import Figures
from civharm.extract.periods import period_spans
from civharm.model import Aggregate, Range, Span

# "The attacks left 98 people dead": the strikes of a count just given ("96 drone strikes
# so far in 2022", "the bombing of 31 sites") are that period's, and so is their toll.
_THOSE_ATTACKS = re.compile(
    r"\W*(?:the|these|those|such)\s+(?:[\w-]+\s+)?(?:air\s?strikes|strikes|attacks|raids|"
    r"bombings|bombardments|operations|violations)\b",
    re.I,
)


def aggregate_claim(facts: Facts, ordinal: int) -> Aggregate:
    """The total a sentence states, with the same provenance a mention has."""
    totals = facts.figures.totals
    area = next(
        (p.surface for p in facts.places if p.role in ("incident", "admin", "country", "landmark")),
        None,
    )
    kinds = facts.figures.victims
    victims = next((v for v in ("civilians", "military", "unknown") if v in kinds), None)
    return Aggregate(
        ordinal=ordinal,
        evidence=(Span(facts.sentence.start, facts.sentence.end),),
        killed=Range.across([r for harm, r in totals if harm == "killed"]),
        injured=Range.across([r for harm, r in totals if harm == "injured"]),
        casualties=Range.across([r for harm, r in totals if harm == "casualties"]),
        victims=victims,
        period=facts.figures.period,
        area=area,
        claimants=tuple(facts.claimants),
    )


# "The Monitor documented the bombing of 31 sites", "96 drone strikes": a count of attacks
_COUNTED_ATTACKS = re.compile(
    r"\b\d{1,5}\s+(?:[\w-]+\s+)?(?:sites|strikes|airstrikes|air\s+strikes|attacks|raids|"
    r"targets|locations)\b",
    re.I,
)


def carried_totals(facts: list[Facts], texts: list[str]) -> list[Facts]:
    """Each sentence's facts, with the counts of one that tells the toll of the attacks a
    period total just counted made totals of that period too."""
    carried = list(facts)
    for index, one in enumerate(facts[1:], start=1):
        if not one.figures.numeric or not _THOSE_ATTACKS.match(texts[index]):
            continue
        before = texts[index - 1]
        spans = period_spans(before) or [m.span() for m in _COUNTED_ATTACKS.finditer(before)]
        if spans:
            start, end = spans[0]
            carried[index] = replace(one, figures=_as_totals(one.figures, before[start:end]))
    return carried


def _as_totals(figures: Figures, period: str) -> Figures:
    totals = [
        *(("killed", r) for r in figures.killed),
        *(("injured", r) for r in figures.injured),
        *(("casualties", r) for r in figures.casualties),
    ]
    return Figures(
        totals=figures.totals + totals,
        period=figures.period or period,
        victims=figures.victims,
        spans=figures.spans,
    )


# How near a total a count must be told to be that total told again (the headline and lead).
_RETOLD_WITHIN = 2


def retold_totals(facts: list[Facts]) -> list[Facts]:
    """Each sentence's facts, with a count told right beside a total of the same figure
    made that total too: "Russian missile attack kills three civilians in Kharkiv" over
    "Three people were killed in the Kharkiv region over the past day" is the day's total
    retold in the headline, not a fourth event."""
    totals = [
        (index, killed)
        for index, one in enumerate(facts)
        if (killed := _exact([r for harm, r in one.figures.totals if harm == "killed"]))
    ]
    retold = list(facts)
    for index, one in enumerate(facts):
        whole = _exact(one.figures.killed)
        if whole is None or one.figures.totals:
            continue
        # the headline (the first sentence) may retell a total told anywhere below it
        near = [
            at
            for at, killed in totals
            if killed == whole and (abs(at - index) <= _RETOLD_WITHIN or one.index == 0)
        ]
        if near:
            period = facts[near[0]].figures.period or "the total told beside it"
            retold[index] = replace(one, figures=_as_totals(one.figures, period))
    return retold


# A round-up tells of several attacks: "killed in rocket attacks", "in Israeli strikes".
_SEVERAL_ATTACKS = re.compile(
    r"\b(?:attacks|strikes|airstrikes|air\s+strikes|raids|air\s+raids|bombings|shelling|"
    r"bombardment|bombardments)\b",
    re.I,
)
# How many later counts a round-up's parts may span.
_PARTS_AHEAD = 8


def round_ups(facts: list[Facts]) -> list[Facts]:
    """Each sentence's facts, with a count that the counts of two or more sentences told
    right after it add up to made a total: "Four civilians were killed in rocket attacks on
    Thursday", then one killed in a village and three in the town centre, is the round-up
    of those events, not one more telling of one of them. The parts keep the round-up's
    date and attacker where they name none."""
    rounded = list(facts)
    for index, one in enumerate(facts):
        # the dead, or where none are told the injured ("13 civilians were injured in
        # rocket attacks on Aleppo", then 10 in one district and 3 in a street)
        of_dead = bool(one.figures.killed)
        told = one.figures.killed if of_dead else one.figures.injured
        # "at least 14" is the round-up of "at least six" and "another eight" as well
        floor = len(told) == 1 and told[0].max is None
        whole = _exact(told) if not floor else told[0].min
        if whole is None or whole < 2 or one.figures.totals:
            continue
        if not _SEVERAL_ATTACKS.search(one.sentence.text):
            continue  # "killed in a strike on …": one event, whatever follows
        if any(_exact(_of(f, of_dead)) == whole for f in facts[:index]):
            continue  # the toll told again ("the three people in the car were killed")
        later = list(
            islice(
                (
                    (at, count, _exact(f.figures.injured) if of_dead else None)
                    for at, f in enumerate(facts[index + 1 :], start=index + 1)
                    if (count := _latest(_of(f, of_dead), floors=floor)) is not None
                    and not f.figures.totals
                    and not (one.date and f.date and dates_conflict(one.date, f.date))
                ),
                _PARTS_AHEAD,
            )
        )
        run = _adding_up(later, whole, _exact(one.figures.injured) if of_dead else None)
        if not run:
            continue
        rounded[index] = replace(one, figures=_as_totals(one.figures, "the events told after it"))
        for at in run:
            part = rounded[at]
            rounded[at] = replace(
                part,
                dates=part.dates or one.dates,
                perpetrator=part.perpetrator or one.perpetrator,
                suspected=part.suspected if part.perpetrator else one.suspected,
                firmness=part.firmness if part.perpetrator else one.firmness,
            )
    return rounded


def _of(facts: Facts, dead: bool) -> list[Range]:
    """A sentence's counts of the dead, or of the injured where it tells no dead."""
    if dead:
        return facts.figures.killed
    return [] if facts.figures.killed else facts.figures.injured


def _exact(counts: list[Range], *, floors: bool = False) -> int | None:
    """The one count a sentence gives, if it gives exactly one and it is exact (or, with
    `floors`, a lower bound: "at least six")."""
    if len(counts) != 1 or counts[0].min is None:
        return None
    if counts[0].max != counts[0].min and not (floors and counts[0].max is None):
        return None
    return counts[0].min


def _latest(counts: list[Range], *, floors: bool = False) -> int | None:
    """As `_exact`, or the later figure of a toll revised ("from five to six": 6)."""
    if len(counts) == 1 and counts[0].min is not None and counts[0].max is not None:
        return counts[0].max
    return _exact(counts, floors=floors)


def _adding_up(
    parts: list[tuple[int, int, int | None]], whole: int, injured: int | None
) -> list[int]:
    """The sentences of the run of two or more parts, from the first count told after the
    whole, that sums to it (the injured too, where the whole and every part of the run give
    them), or none: a whole told again first ("the three people in the car") is one event."""
    total, hurt, all_hurt = 0, 0, True
    for end, (_, count, part_hurt) in enumerate(parts):
        total += count
        all_hurt = all_hurt and part_hurt is not None
        hurt += part_hurt or 0
        if total > whole:
            break
        if end > 0 and total == whole and (injured is None or not all_hurt or hurt == injured):
            return [at for at, _, _ in parts[: end + 1]]
    return []
