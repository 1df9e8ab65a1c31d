"""A group of sentence facts becomes a mention: figures combined, place resolved, actor named.

A mention is kept when it has a place and says someone was harmed, or names an attack with
a date, a target or a weapon. Every mention keeps the spans of the sentences it was built
from, the sentence that places the incident first.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from functools import partial
from itertools import combinations

from civharm.extract.actors import in_country
from civharm.extract.events import Draft, specific
from civharm.extract.facts import Facts
from civharm.extract.geography import Geography
from civharm.extract.harm import Figures
from civharm.extract.lexicon import Lexicon
from civharm.extract.places import PROVINCIAL_CAPITAL, PlaceRef
from civharm.extract.quarters import city_of_quarter, town_told_later, whole_of, within
from civharm.gazetteer import Gazetteer
from civharm.gazetteer_places import Place as GazetteerPlace
from civharm.model import Mention, Place, Range, Span
from civharm.place_names import name_key
from civharm.stages.geocode import as_place, resolve

_TOLL_OPEN = re.compile(
    r"\b(?:toll|number of (?:dead|victims)|figure)\b[^.;]{0,40}\b(?:was|is|were|are|to be|may be|"
    r"could be|likely)\s+(?:much\s+|far\s+)?higher\b",
    re.I,
)
# "The coalition acknowledged that its aircraft struck the market": responsibility admitted.
_ACKNOWLEDGED = re.compile(
    r"(?<!not )(?<!never )(?<!n't )\b(?:acknowledged|admitted|acknowledges|admits|took responsibility|"
    r"accepted responsibility|claimed responsibility)\b(?![^.]{0,20}\bor deny)",
    re.I,
)
_NO_HARM = re.compile(
    r"\bno (?:casualties|injuries|deaths|one was (?:killed|hurt|injured|wounded))\b|"
    r"\bwithout (?:casualties|causing casualties)\b",
    re.I,
)
# Kinds of attack, most specific first: a mention told as several takes the first named.
EVENT_ORDER = (
    "chemical",
    "drone",
    "airstrike",
    "missile",
    "shelling",
    "ground attack",
    "massacre",
    "attack",
)


_AIR_POWERS = {"US-led coalition", "Saudi-led coalition", "United States"}
_GROUND = re.compile(
    r"\b(?:gunmen|troops|soldiers|fighters|bomb(?:er)?s?\b|IED|mine|shell(?:s|ing)|artillery)", re.I
)


def _victims(figures: list[Figures], texts: list[str]) -> str | None:
    kinds = set().union(*(f.victims for f in figures)) if figures else set()
    if "civilians" in kinds:
        return "civilians"
    if "military" in kinds:
        return "military"
    if "unknown" in kinds:
        return "unknown"
    if any(re.search(r"\bcivilians?\b", t, re.I) for t in texts):
        return "civilians"
    return None


def _civilian_counts(figures: list[Figures]) -> list[Figures]:
    """The sentences whose counts make the toll: where some count others than fighters,
    not those that count only fighters ("five of its fighters were killed")."""
    if not any(f.victims != {"military"} and f.any for f in figures):
        return figures
    return [f for f in figures if f.victims != {"military"}]


class ArticleContext:
    """What earlier sentences of the article said about provinces and the country."""

    def __init__(self, gazetteer: Gazetteer, *, prior: str | None = None) -> None:
        self.gazetteer = gazetteer
        self.admin: GazetteerPlace | None = None
        self.admin_mentioned: str | None = None
        self.country: str | None = None
        self.prior = prior  # the article's dominant country (geography.py)

    def note(self, facts: Facts) -> None:
        for ref in facts.places:
            if ref.role == "admin":
                found = self.gazetteer.admin1(ref.surface, self.country or self.prior)
                if found is None and self.country is None and self.prior is None:
                    found = self.gazetteer.admin1(ref.surface)
                if found is not None:
                    self.admin, self.admin_mentioned = found, ref.surface
                    self.country = found.country
            elif ref.role == "country" and self.country is None:
                found = self.gazetteer.admin1(ref.surface)
                hits = self.gazetteer.exact(ref.surface)
                country = next((h.country for h in hits if h.placetype == "country"), None)
                self.country = country or (found.country if found else None)


def _top(r: Range) -> int:
    """The highest figure a range states."""
    return r.max if r.max is not None else r.min or 0


_ONE = Range(1, 1)
# What an actor does by habit or over years, not in this event: "the group often carries out
# attacks", "a five-year insurgency waged by al-Shabaab".
_HABIT = re.compile(
    r"\b(?:often|frequently|routinely|regularly|usually|typically)\s+(?:carr(?:y|ies)\s+out|"
    r"targets?|attacks?|stages?|launch(?:es)?|uses?|fires?|shells?)\b|"
    r"\b(?:insurgency|war|campaign|rebellion|uprising)\s+(?:waged|led|fought)\s+by\b",
    re.I,
)


def _toll(counts: list[Range]) -> Range:
    """The range across a mention's counts; one person told about ("wounding her", "his
    daughter was killed") is a part of a larger toll the mention also gives, not a lower
    claim of it."""
    larger = [r for r in counts if r != _ONE]
    return Range.across(_without_parts(larger or counts))


def _with_more(killed: Range, more: int) -> Range:
    """The toll with those killed on top of it ("four more people were killed"): the
    highest figure rises by them; with no toll told in the mention, they are its own toll
    ("also on Wednesday, three more people were killed" in another place)."""
    if not more:
        return killed
    if not killed.known:
        return Range(more, more)
    return Range(killed.min, None if killed.max is None else _top(killed) + more)


def _without_parts(counts: list[Range]) -> list[Range]:
    """Counts less those that add up to another count told ("nine more people dead … five
    militants were killed by snipers, while four soldiers died"): they are its parts."""
    exact = [r.min for r in counts if r.min is not None and r.min == r.max]
    parts: set[int] = set()
    for total in set(exact):
        rest = [n for n in exact if n < total]
        for size in (2, 3):
            for group in combinations(rest, size):
                if sum(group) == total:
                    parts.update(group)
    kept = [r for r in counts if r.min not in parts or r.min != r.max]
    return kept or counts


_HOSPITAL_BEFORE = re.compile(
    r"\b(?:hospitals?|clinic|morgue|medical\s+cent(?:er|re))\b[^.;,]{0,25}\bin\s+(?:the\s+)?$", re.I
)


def _hospital_province(
    facts: list[Facts], gazetteer: Gazetteer, countries: dict[int, str | None], prior: str | None
) -> tuple[GazetteerPlace | None, str | None]:
    """The province of the hospital that took the dead in, for an event told with no
    place of its own ("a village in northwestern Yemen … the hospital in Hajjah received 40
    bodies"): the victims are brought to the nearest one, so it says roughly where."""
    for f in facts:
        for ref in f.places:
            before = f.sentence.text[max(0, ref.start - 60) : ref.start]
            if ref.role == "other" and ref.place_ids and _HOSPITAL_BEFORE.search(before):
                found = gazetteer.admin1(ref.surface, countries.get(f.index) or prior)
                if found is not None:
                    return found, ref.surface
    return None, None


def admin_for(facts: Facts, context: ArticleContext) -> tuple[GazetteerPlace | None, str | None]:
    ref = facts.admin
    if ref is not None:
        found = context.gazetteer.admin1(ref.surface, context.country or context.prior)
        if found is None and context.country is None:
            # a region of another country than the one the article seems set in, named by
            # its own name ("Russia's Belgorod region" in a report full of Ukraine)
            found = context.gazetteer.admin1(ref.surface)
            if found is not None and not name_key(found.name).startswith(name_key(ref.surface)):
                found = None
        if found is not None:
            return found, ref.surface
    return context.admin, context.admin_mentioned


Admins = dict[int, tuple[GazetteerPlace | None, str | None]]


def _in_province(
    place: Place, admin: GazetteerPlace | None, city: GazetteerPlace, gazetteer: Gazetteer
) -> bool:
    """Whether the place found lies in the province the text puts it in, and the city named
    beside it does not: "the al-Marawi'ah district of the province, 150 km from the capital,
    Sana'a" is Hudaydah's al-Marawi'ah, not a quarter of Sana'a."""
    if admin is None or place.gazetteer_id is None or city.admin1_id == admin.id:
        return False
    found = gazetteer.get(place.gazetteer_id)
    return found is not None and admin.id in (found.admin1_id, found.id)


def finish(
    draft: Draft,
    ordinal: int,
    admins: Admins,
    countries: dict[int, str | None],
    gazetteer: Gazetteer,
    lex: Lexicon,
    fallback: PlaceRef | None = None,
    *,
    geography: Geography,
    telling: bool = True,
) -> Mention | None:
    """The mention a draft makes, or None; `geography` is where the article is set.

    With `telling` false, a draft that tells of no harm is still made into a mention, to
    lend its place or attacker to the mention of the event it describes (see
    `retellings.refine`), never to stand on its own."""
    prior = geography.country
    facts = draft.facts
    if all(f.generic and not specific(f.dates) for f in facts):
        return None
    figures = [f.figures for f in facts]
    texts = [f.sentence.text for f in facts]
    harmed_figures = _civilian_counts(figures)
    killed = _with_more(
        _toll([r for f in harmed_figures for r in f.killed]),
        sum(r.min or 0 for f in harmed_figures for r in f.killed_more),
    )
    injured = _toll([r for f in harmed_figures for r in f.injured])
    casualties = Range.across([r for f in figures for r in f.casualties])
    if killed.max is not None and any(_TOLL_OPEN.search(t) for t in texts):
        killed = Range(killed.min, None)  # "the real toll is higher", "could rise"
    groups = max((f.killed_groups for f in figures), default=0)
    if not killed.known and groups:
        entire = any(f.groups_whole and f.killed_groups == groups for f in figures)
        killed = Range(groups, groups if entire else None)
    if casualties.known and killed.known and _top(casualties) <= _top(killed):
        # "casualties" or "victims" no more than the dead the report counts: the same
        # deaths ("the victims were three shoppers and a family of five"), not a total
        casualties = Range()
    events = [e for f in facts for e in f.events]
    event = next((e for e in EVENT_ORDER if e in events), None)
    targets = sorted({t for f in facts for t in f.targets})
    weapons = sorted({w for f in facts for w in f.weapons})
    harmed = any(f.any for f in figures)
    place_ref = draft.place
    has_admin = any(f.admin or f.same_admin for f in facts)
    if (
        place_ref is None
        and fallback is not None
        and not has_admin
        and any(f.figures.numeric for f in facts)
    ):
        place_ref = fallback  # counted harm with no place: where the article is set
    anchor = (
        next((f for f in facts if f.incident_place is place_ref), facts[0])
        if place_ref
        else next((f for f in facts if f.admin), facts[0])  # where the province is named
    )
    admin, admin_mentioned = admins[anchor.index]
    same_admin = any(f.same_admin for f in facts)
    if place_ref is None and admin is None and harmed:
        admin, admin_mentioned = _hospital_province(facts, gazetteer, countries, prior)
        same_admin = same_admin or admin is not None
    if place_ref is None and admin is None:
        return None
    if place_ref is None and not same_admin and not any(f.admin for f in facts):
        return None
    date_ref = draft.date
    unharmed = any(_NO_HARM.search(t) for t in texts)
    if telling and not (
        harmed
        or (
            event
            and not unharmed
            and (specific([date_ref] if date_ref else []) or targets or weapons)
        )
    ):
        return None
    near = None
    landmark = next((p for f in facts for p in f.places if p.role == "landmark"), None)
    country = countries[anchor.index]
    if landmark is not None:
        hits = gazetteer.exact(
            landmark.surface, country=country or prior, admin1_id=admin.id if admin else None
        )
        near = hits[0] if hits else None
    # a name resolved in the mention's context: its province, country and the article's
    in_context = partial(
        resolve,
        gazetteer=gazetteer,
        admin=admin,
        admin_mentioned=admin_mentioned,
        country=country,
        prior=prior,
        chosen=geography.chosen,
    )
    place = in_context(place_ref.surface if place_ref else None, near=near)
    if place_ref and place.gazetteer_id is None and place.precision == "admin1" and not has_admin:
        # a province an earlier sentence named may be another event's ("in the Bekaa …; in
        # Aitaroun, …"; "in Saada province …; a wedding hall in Mokha"): a place missing
        # from it stays unplaced, or, where the gazetteer holds every village of the
        # country, is a place elsewhere in it
        place = (
            resolve(place_ref.surface, gazetteer, country=country, prior=prior)
            if place.country in gazetteer.full_countries()
            else Place(mentioned=place.mentioned, country=place.country)
        )
    seat = (
        gazetteer.seat_of(admin.id)
        if place_ref is not None and place_ref.surface == PROVINCIAL_CAPITAL and admin is not None
        else None
    )
    if seat is not None:  # "the provincial capital" of the province told
        place = as_place(seat.name, seat)
    if place_ref is not None and place.lat is None and not place_ref.locative:
        place = Place(country=place.country)  # "Isha prayers", "Chadian fighters": no cue
    if (
        place_ref is not None
        and (city := city_of_quarter(place_ref, anchor, place, geography))
        and not _in_province(place, admin, city, gazetteer)
    ):
        place = replace(
            as_place(place_ref.surface, city), mentioned=place_ref.surface, precision="town"
        )
    elif (
        place_ref is not None
        and (whole := whole_of(place_ref, anchor, gazetteer, place, country or prior))
        and not within(place, whole)
    ):
        # "the Salam Bazaar area of Nawzad district": the part keeps its name, the whole
        # that the gazetteer knows says where it is (not a namesake of the part elsewhere)
        place = replace(as_place(place_ref.surface, whole), mentioned=place_ref.surface)
        if whole.placetype == "region":  # a part of a province: the province says roughly where
            place = replace(place, name=None, gazetteer_id=None)
    if place_ref and (later := town_told_later(place, place_ref, facts, anchor, gazetteer)):
        place = in_context(later.surface)
    claimants: list[str] = []
    for f in facts:
        claimants += [c for c in f.claimants if c not in claimants]
    # the sentence that names the attacker most firmly, the first of those; one that tells
    # the harm before one that does not ("came under attack by X" before "X's troops killed
    # seven"); never a habit ("the group often carries out attacks")
    named = max(
        (
            f
            for f in facts
            if f.perpetrator == "unknown"  # "nobody claimed it, but X usually …": a guess
            or (f.perpetrator and not _HABIT.search(f.sentence.text))
        ),
        key=lambda f: (f.firmness, f.figures.any),
        default=None,
    )
    setting = country or prior or place.country  # the place's, where the text names none
    perpetrator = in_country(named.perpetrator if named else None, setting, texts, lex)
    suspects = tuple(
        dict.fromkeys(
            in_country(s, setting, texts, lex) or s for s in (named.suspected if named else ())
        )
    )
    if event == "attack" and perpetrator in _AIR_POWERS and not _GROUND.search(" ".join(texts)):
        event = "airstrike"  # "raids by the coalition": coalitions strike from the air
    children = next((f.children_killed for f in figures if f.children_killed is not None), None)
    women = next((f.women_killed for f in figures if f.women_killed is not None), None)
    top = killed.max if killed.max is not None else killed.min
    if top is not None:
        # a part larger than every toll told counts another whole ("more than 1,100 killed,
        # including 400 children" in a sidebar beside a strike that killed two)
        children = children if children is None or children <= top else None
        women = women if women is None or women <= top else None
    return Mention(
        ordinal=ordinal,
        # The sentence that places the incident comes first: it is the mention's quote.
        evidence=tuple(
            Span(f.sentence.start, f.sentence.end)
            for f in sorted(facts, key=lambda f: (f is not anchor, f.index))
        ),
        event_type=event,
        date=date_ref.date if date_ref else None,
        date_end=(date_ref.date_end or date_ref.date) if date_ref else None,
        date_precision=date_ref.precision if date_ref else "unknown",
        date_hint=date_ref.hint if date_ref and date_ref.date is None else None,
        place=place,
        perpetrator=perpetrator,
        suspected=suspects,
        victims=_victims(figures, texts),
        killed=killed,
        injured=injured,
        casualties=casualties,
        children_killed=children,
        women_killed=women,
        vague=tuple(dict.fromkeys(v for f in figures for v in f.vague)),
        weapons=tuple(weapons),
        targets=tuple(targets),
        claimants=tuple(claimants),
        hedges=tuple(dict.fromkeys(h for f in facts for h in f.hedges)),
        contested=tuple(dict.fromkeys(c for f in facts for c in f.contested)),
        acknowledged=any(_ACKNOWLEDGED.search(t) for t in texts),
    )


_SHIFT = {"relative:same-day": 0, "relative:day-before": -1, "relative:day-after": 1}


def relative_to(mention: Mention, before: Mention) -> Mention:
    """Resolve "the same day" or "a day before" against the incident told just before."""
    shift = _SHIFT.get(mention.date_hint or "")
    if shift is None or before.date is None or before.date_precision != "day":
        return mention
    day = before.date + dt.timedelta(days=shift)
    return replace(mention, date=day, date_end=day, date_precision="day", date_hint=None)


def dateline_place(dateline: str | None, gazetteer: Gazetteer) -> PlaceRef | None:
    """The place of a dateline ("RAQQA", "TAL AFAR, Iraq"), when the gazetteer knows it."""
    if not dateline:
        return None
    name = dateline.split(",")[0].strip().title()
    hits = gazetteer.exact(name)
    if not hits:
        return None
    return PlaceRef(0, 0, name, tuple(h.id for h in hits), "incident", True)
