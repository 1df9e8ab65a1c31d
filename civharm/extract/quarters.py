"""Places inside places: a quarter of the article's city, a part of a district the
gazetteer lacks, and a town a later sentence names inside the region first told."""

from __future__ import annotations

import re

from civharm.extract.facts import Facts
from civharm.extract.geography import Geography
from civharm.extract.places import PlaceRef
from civharm.gazetteer import Gazetteer
from civharm.gazetteer_places import Place as GazetteerPlace
from civharm.gazetteer_places import haversine_km
from civharm.model import Place
from civharm.place_names import name_key
from civharm.stages.geocode import as_place

# "the Shangani neighbourhood", "the Salihin quarter": a quarter of the article's city;
# a district is one only when the text says of which city ("the al-Jamaa district of Mosul").
_QUARTER_AFTER = re.compile(
    r"^[’']?\s*(?:and\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s+)?"
    r"(?:neighbou?rhoods?|quarters?|suburbs?)\b"
)
_QUARTER_BEFORE = re.compile(r"\b(?:neighbou?rhoods?|quarters?|suburbs?)\s+of\s+(?:the\s+)?$", re.I)
_DISTRICT_AFTER = re.compile(r"^[’']?\s*(?:districts?|areas?)\b")
_DISTRICT_OF = re.compile(
    r"^\s*(?:district|area|quarter|neighbou?rhood|suburb|village|hamlet|locality)\s+of\s+(?:the\s+)?(?:city\s+of\s+)?"
    r"(?:eastern\s+|western\s+|northern\s+|southern\s+|central\s+)?([A-Z][\w'’-]+)"
)
_IN_WHOLE = re.compile(r"^\s*(?:in|of|,)\s+(?:the\s+)?(?:[\w-]+\s+)?$")
_QUARTER_KM = 15.0


def city_of_quarter(
    ref: PlaceRef, facts: Facts, place: Place, geography: Geography
) -> GazetteerPlace | None:
    """The city a quarter belongs to ("the Shangani neighbourhood" of the Mogadishu the
    article is about), when the gazetteer has no entry for the quarter inside that city."""
    text = facts.sentence.text
    before, after = text[max(0, ref.start - 30) : ref.start], text[ref.end : ref.end + 60]
    if not geography.cities:
        return None
    if of := _DISTRICT_OF.match(after):
        named = [c for c in geography.cities if name_key(c.name) == name_key(of.group(1))]
        if not named:
            return None
        city = named[0]
    elif _QUARTER_AFTER.match(after) or _QUARTER_BEFORE.search(before):
        named_here = [c for c in geography.cities if c.name.lower() in text.lower()]
        city = (named_here or list(geography.cities))[0]
    elif _DISTRICT_AFTER.match(after):
        # "al-Karama district east of Mosul": a district of a city the sentence names as a
        # city, not as a province ("Sabari district of Khost province" is not Khost city)
        named_here = [
            c
            for c in geography.cities
            if re.search(rf"\b{re.escape(c.name)}\b(?!\s+(?:province|governorate|region))", text)
        ]
        if not named_here:
            return None
        city = named_here[0]
    else:
        return None
    if city.id == place.gazetteer_id:
        return None
    inside = (
        place.lat is not None
        and place.lon is not None
        and haversine_km((place.lat, place.lon), (city.lat, city.lon)) <= _QUARTER_KM
    )
    return None if inside else city  # inside: the gazetteer knows the quarter


def whole_of(
    ref: PlaceRef, facts: Facts, gazetteer: Gazetteer, place: Place, country: str | None
) -> GazetteerPlace | None:
    """The gazetteer place a part the gazetteer lacks is said to be part of ("X area of Y
    district"), when the sentence names Y as a place; of Y's namesakes, the one nearest the
    part where the part was found, else one in the article's country, else the largest."""
    text = facts.sentence.text
    of = _DISTRICT_OF.match(text[ref.end : ref.end + 60])
    if of is not None:
        whole = next(
            (
                p
                for p in facts.places
                if p.start >= ref.end and p.place_ids and p.surface.startswith(of.group(1))
            ),
            None,
        )
    elif not ref.place_ids:
        # "near Taiyran Square in downtown Baghdad": a name the gazetteer lacks, in a place
        # it knows, named right after it
        after = [p for p in facts.places if p.start >= ref.end]
        whole = after[0] if after and after[0].place_ids else None
        if whole is not None and not _IN_WHOLE.match(text[ref.end : whole.start]):
            whole = None
    else:
        whole = None
    if whole is None:
        return None
    found = [g for g in map(gazetteer.get, whole.place_ids) if g is not None]
    if place.lat is not None and place.lon is not None:
        point = (place.lat, place.lon)
        return min(found, key=lambda g: haversine_km(point, (g.lat, g.lon)), default=None)
    return min(found, key=lambda g: (g.country != country, -(g.population or 0)), default=None)


_PART_KM = 30.0  # a part of a district or town lies this close to it


def within(place: Place, whole: GazetteerPlace) -> bool:
    """Whether a resolved place lies in or near the whole the text says it is part of."""
    if place.gazetteer_id is None or place.lat is None or place.lon is None:
        return False
    if whole.placetype == "region":  # a province: in it, however far from its point
        return place.admin1 is not None and place.admin1 == as_place("", whole).admin1
    return haversine_km((place.lat, place.lon), (whole.lat, whole.lon)) <= _PART_KM


def town_told_later(
    place: Place, told: PlaceRef, facts: list[Facts], anchor: Facts, gazetteer: Gazetteer
) -> PlaceRef | None:
    """Where a later sentence puts an event first told in a whole region ("… killed 12 in
    the northern Gaza Strip. The bombing, which took place in Jabalia, …"): a sentence that
    goes back to the event, with no toll of its own, naming a town in that region."""
    if place.precision not in ("admin1", "country") or place.gazetteer_id not in told.place_ids:
        return None  # not a region the text names: a town it lacks, placed by its province
    for later in facts:
        ref = later.incident_place
        if ref is None or later.index <= anchor.index or later.figures.numeric:
            continue
        towns = (as_place(ref.surface, g) for g in filter(None, map(gazetteer.get, ref.place_ids)))
        if later.anaphoric and any(
            town.precision in ("town", "point")
            and town.country == place.country
            and (place.precision == "country" or town.admin1 == place.admin1)
            for town in towns
        ):
            return ref
    return None
