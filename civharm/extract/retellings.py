"""One event, one mention: the retellings of an event within one article become one.

Reports tell an event several times: in the headline, the lead, a witness's words and a
later paragraph with the final toll. The sentence pass groups neighbouring sentences; this
pass joins mentions further apart that name the same place (or a province containing it),
a compatible date, the same or no perpetrator and a compatible kind of attack. Figures
become the range across the claims and the evidence lists every span. A mention that the
text opens as another event ("in a separate attack") is never joined to an earlier one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from civharm.extract.events import hints_conflict
from civharm.extract.mentions import EVENT_ORDER
from civharm.gazetteer_places import haversine_km
from civharm.model import Mention, Place, Range
from civharm.place_names import name_key

_COARSE = ("admin1", "country")
_CITY_KM = 15.0  # a quarter of a city lies within this of its centre


def _same_place(a: Place, b: Place) -> bool:
    if a.mentioned and b.mentioned and name_key(a.mentioned) == name_key(b.mentioned):
        return True
    return (
        a.gazetteer_id is not None
        and a.gazetteer_id == b.gazetteer_id
        and a.precision not in _COARSE
        and (not a.mentioned or not b.mentioned)
    )


def _contains(coarse: Place, fine: Place, is_city: Callable[[int], bool]) -> bool:
    """A place that holds the other one: a province ("in Paktika" and "in Sar Rawza"), or
    a city named as itself and a quarter of it ("Tripoli" and "Abu Salim")."""
    if coarse.precision == "admin1" and coarse.name is not None and fine.name is None:
        if fine.precision != "admin1":
            return False
        # the province itself, and a place in it the gazetteer lacks ("Sar Rawza district")
        return (
            fine.admin1 is not None
            and fine.admin1 == coarse.admin1
            and bool(fine.mentioned)
            and name_key(fine.mentioned or "") != name_key(coarse.mentioned or "")
        )
    if fine.precision in _COARSE:
        return False
    if coarse.precision not in _COARSE:
        return (
            coarse.mentioned is not None
            and coarse.name is not None
            and coarse.gazetteer_id is not None
            and name_key(coarse.mentioned) == name_key(coarse.name)
            and is_city(coarse.gazetteer_id)
            and fine.lat is not None
            and fine.lon is not None
            and haversine_km((coarse.lat, coarse.lon), (fine.lat, fine.lon)) <= _CITY_KM  # type: ignore[arg-type]
        )
    if coarse.precision == "admin1":
        # the province itself (not a village the gazetteer lacks, placed at its province)
        return (
            coarse.name is not None and coarse.admin1 is not None and coarse.admin1 == fine.admin1
        )
    return coarse.country is not None and coarse.country == fine.country


def _finer(a: Place, b: Place) -> bool:
    """Whether `a` says more precisely where than `b`: a town over a province, a place
    named in a province over the province itself."""
    if b.precision in _COARSE and a.precision not in _COARSE and (a.precision or a.mentioned):
        return True  # (a place of no precision that names nothing says nothing)
    if (
        a.gazetteer_id is not None
        and a.gazetteer_id == b.gazetteer_id
        and a.mentioned
        and a.name
        and name_key(a.mentioned) != name_key(a.name)
        and name_key(b.mentioned or "") == name_key(b.name or "")
    ):
        return True  # "Lafole" placed in Mogadishu says more than "Mogadishu"
    if (
        a.precision == "point"
        and b.precision == "town"
        and None not in (a.lat, a.lon, b.lat, b.lon)
        and haversine_km((a.lat, a.lon), (b.lat, b.lon)) <= _CITY_KM  # type: ignore[arg-type]
    ):
        return True  # "the Abu Salim district" says more than "Tripoli"
    return b.precision == "admin1" and b.name is not None and a.name is None and bool(a.mentioned)


def _dates_fit(a: Mention, b: Mention, *, sure: bool = False) -> bool:
    """Dates that could be one event's; a day apart is allowed, as "late on Saturday" in
    one paragraph is often "on Sunday" in the next. `sure` asks for dates that can be
    compared: a date and a hint that the publication date cannot resolve ("on Sunday"
    against "On October 8, 2016") are then not enough."""
    if a.date is not None and b.date is not None:
        slack = dt.timedelta(days=1)
        return not (
            (a.date_end or a.date) + slack < b.date or (b.date_end or b.date) + slack < a.date
        )
    if a.date_hint and b.date_hint:
        # "on Wednesday" and "overnight" may be one night; "Tuesday" and "Friday" are not
        return a.date_hint == b.date_hint or not (sure or hints_conflict(a.date_hint, b.date_hint))
    return not (sure and (a.date or a.date_hint) and (b.date or b.date_hint))


# Kinds one event is told as: "a drone strike" in the lead is "the air strike" later on.
_KINDRED = (frozenset({"drone", "airstrike", "missile"}), frozenset({"shelling", "missile"}))


def _dated(mention: Mention) -> bool:
    """Whether a mention says when: a date, or a day the publication date cannot resolve."""
    return mention.date is not None or mention.date_hint is not None


def _figures_fit(a: Range, b: Range) -> bool:
    """Two counts that could be one claim: "seven" and "at least seven" overlap."""
    if not (a.known and b.known):
        return True
    low = max(x for x in (a.min, b.min, 0) if x is not None)
    highs = [x for x in (a.max, b.max) if x is not None]
    return not highs or low <= min(highs)


def same_event(
    a: Mention,
    b: Mention,
    is_city: Callable[[int], bool],
    *,
    borrowed: bool = False,
    lent: bool = False,
) -> bool:
    """Whether two mentions of one article tell the same event; `is_city` says whether a
    gazetteer place is a city with quarters of its own; `borrowed` that `b` has no place of
    its own (it took the dateline's), so any place of the article may be its; `lent` that
    `a`'s place was not its own. A place that was not a mention's own says nothing about
    the day, so their dates must then be comparable."""
    same_place = _same_place(a.place, b.place)
    # a telling that names no place at all ("militants killed after 12-hour hotel siege")
    # is another telling of an event of the article whose counts it fits, if it has counts
    placeless = _placeless(a.place) or _placeless(b.place)
    # (counts of one person are too common to say which event: "killed a man", "another")
    counted_both = any(
        x.known and y.known and max(x.min or 0, x.max or 0, y.min or 0, y.max or 0) >= 2
        for x, y in ((a.killed, b.killed), (a.injured, b.injured))
    )
    if same_place:
        near = True
    elif (
        borrowed
        or (placeless and counted_both)
        or _contains(a.place, b.place, is_city)
        or _contains(b.place, a.place, is_city)
    ):
        near = _figures_fit(a.killed, b.killed) and _figures_fit(a.injured, b.injured)
    else:
        near = False
    if not near or not _dates_fit(a, b, sure=borrowed or lent or not same_place):
        return False
    counted = (a.killed.known or a.injured.known) and (b.killed.known or b.injured.known)
    differ = not (_figures_fit(a.killed, b.killed) and _figures_fit(a.injured, b.injured))
    if counted and differ and _dated(a) != _dated(b):
        return False  # own figures and only one says when: "On Thursday, four more were hurt"
    if {a.victims, b.victims} == {"civilians", "military"}:
        return False  # "killed five farmers" and "claimed to have killed 10 soldiers"
    named = {a.perpetrator, b.perpetrator} - {None, "unknown"}
    kinds = {a.event_type, b.event_type} - {None, "attack", "massacre"}
    return len(named) <= 1 and (len(kinds) <= 1 or any(kinds <= f for f in _KINDRED))


def _placeless(place: Place) -> bool:
    return not (place.mentioned or place.name) and place.gazetteer_id is None


def _merge(a: Mention, b: Mention) -> Mention:
    """`b` told again as part of `a`: ranges across the claims, every span kept."""
    place = b.place if _finer(b.place, a.place) else a.place
    kinds = [k for k in EVENT_ORDER if k in (a.event_type, b.event_type)]
    dated = a if a.date is not None or b.date is None else b
    return replace(
        a,
        evidence=tuple(dict.fromkeys(a.evidence + b.evidence)),
        event_type=kinds[0] if kinds else a.event_type or b.event_type,
        date=dated.date,
        date_end=dated.date_end,
        date_precision=dated.date_precision,
        date_hint=dated.date_hint if dated.date is None else None,
        place=place,
        perpetrator=a.perpetrator
        if a.perpetrator not in (None, "unknown")
        else b.perpetrator or a.perpetrator,
        suspected=tuple(dict.fromkeys(a.suspected + b.suspected)),
        victims=a.victims or b.victims,
        killed=Range.across([r for r in (a.killed, b.killed) if r.known]),
        injured=Range.across([r for r in (a.injured, b.injured) if r.known]),
        casualties=Range.across([r for r in (a.casualties, b.casualties) if r.known]),
        children_killed=a.children_killed if a.children_killed is not None else b.children_killed,
        women_killed=a.women_killed if a.women_killed is not None else b.women_killed,
        vague=tuple(dict.fromkeys(a.vague + b.vague)),
        weapons=tuple(sorted({*a.weapons, *b.weapons})),
        targets=tuple(sorted({*a.targets, *b.targets})),
        claimants=tuple(dict.fromkeys(a.claimants + b.claimants)),
        hedges=tuple(dict.fromkeys(a.hedges + b.hedges)),
        contested=tuple(dict.fromkeys(a.contested + b.contested)),
        acknowledged=a.acknowledged or b.acknowledged,
    )


def refine(
    mentions: list[Mention], details: list[Mention], is_city: Callable[[int], bool]
) -> list[Mention]:
    """Mentions placed only by their province (or the dateline) made more precise by a
    sentence of the same article that tells no harm but says where the event was ("the
    strike hit two compounds in the Salam Bazaar area of Nawzad district")."""
    out = list(mentions)
    for detail in details:
        for i, mention in enumerate(out):
            if _finer(detail.place, mention.place) and same_event(mention, detail, is_city):
                merged = _merge(mention, detail)
                out[i] = replace(merged, place=detail.place, ordinal=mention.ordinal)
                break
    return out


def join_retellings(
    mentions: list[Mention],
    separate: list[bool],
    borrowed: list[bool],
    *,
    is_city: Callable[[int], bool],
) -> list[Mention]:
    """Mentions with the retellings of one event joined; `separate[i]` says the text opened
    mention i as another event, so it starts its own; `borrowed[i]` that its place is the
    dateline's or an earlier sentence's, not its own."""
    out: list[Mention] = []
    owned: list[bool] = []
    other: list[bool] = []  # opened as another event ("In another attack, …")
    for mention, apart, lent in zip(mentions, separate, borrowed, strict=True):
        target = None
        if not apart:
            target = next(
                (
                    i
                    for i, m in enumerate(out)
                    # a later telling with its own place is not the side event's
                    if not (other[i] and not lent)
                    and (
                        same_event(m, mention, is_city, borrowed=lent, lent=not owned[i])
                        or (not owned[i] and same_event(mention, m, is_city, borrowed=True))
                    )
                ),
                None,
            )
        if target is None:
            out.append(replace(mention, ordinal=len(out)))
            owned.append(not lent)
            other.append(apart)
        elif lent:
            out[target] = replace(_merge(out[target], mention), place=out[target].place)
        elif owned[target]:
            out[target] = _merge(out[target], mention)
        else:
            # the earlier telling had only a borrowed place: this one's place is the event's
            out[target] = replace(_merge(mention, out[target]), ordinal=target)
            owned[target] = True
    return out
