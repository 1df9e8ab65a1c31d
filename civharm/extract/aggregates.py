"""Aggregate claims: tolls over a period or an area, kept apart from incidents.

A sentence's totals ("more than 8,000 killed since the war began") were set aside by the
figures pass (see `periods.py`); here each such sentence becomes one `Aggregate` with its
evidence span, the period and area it covers, and who claims it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from civharm.extract.facts import Facts
from civharm.extract.harm import Figures
from civharm.extract.periods import period_spans
from civharm.model import Aggregate, Range, Span

# "The attacks left 98 people dead": the strikes of a count just given ("96 drone strikes
# so far in 2022") are that period's, and so is their toll.
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


def carried_totals(facts: list[Facts], texts: list[str]) -> list[Facts]:
    """Each sentence's facts, with the counts of one that tells the toll of the attacks a
    period total just counted made totals of that period too."""
    carried = list(facts)
    for index, one in enumerate(facts[1:], start=1):
        if not one.figures.numeric or not _THOSE_ATTACKS.match(texts[index]):
            continue
        before = texts[index - 1]
        spans = period_spans(before)
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
