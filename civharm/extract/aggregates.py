"""Aggregate claims: tolls over a period or an area, kept apart from incidents.

A sentence's totals ("more than 8,000 killed since the war began") were set aside by the
figures pass (see `periods.py`); here each such sentence becomes one `Aggregate` with its
evidence span, the period and area it covers, and who claims it.
"""

from __future__ import annotations

from civharm.extract.facts import Facts
from civharm.model import Aggregate, Range, Span


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
