"""Geocoding: a place as written becomes coordinates and a precision, in context.

Context is the province and country the article names and any landmark ("on the
outskirts of Hajin"). A name is only resolved to a gazetteer entry inside that context;
otherwise it keeps its name as written and falls back to the enclosing unit the text
names, never to a guessed point.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from civharm.extract.lexicon import lexicon
from civharm.gazetteer import Gazetteer
from civharm.gazetteer_places import CITY_POPULATION
from civharm.gazetteer_places import Place as GazetteerPlace
from civharm.model import Place
from civharm.place_names import name_key

VERSION = "geocode-1"

_PRECISION = {
    "neighbourhood": "point",
    "locality": "town",
    "localadmin": "town",
    "county": "admin2",
    "region": "admin1",
    "country": "country",
}


def display_admin1(name: str | None) -> str | None:
    """The governorate's name as reports usually write it."""
    if name is None:
        return None
    return lexicon().admin1_display.get(name, name)


def as_place(mentioned: str, found: GazetteerPlace) -> Place:
    admin1 = found.name if found.placetype == "region" else found.admin1
    return Place(
        mentioned=mentioned,
        name=display_admin1(found.name) if found.placetype == "region" else found.name,
        gazetteer_id=found.id,
        admin1=display_admin1(admin1),
        country=found.country,
        lat=found.lat,
        lon=found.lon,
        precision=_PRECISION.get(found.placetype, "town"),
    )


_KNOWN_TOWN = 50_000  # people: a town a report names without its province


def _city_named(name: str, candidates: list[GazetteerPlace]) -> GazetteerPlace | None:
    """The city (`CITY_POPULATION` or more) whose own name the text writes, if any."""
    return next(
        (
            p
            for p in candidates
            if (p.population or 0) >= CITY_POPULATION
            and p.placetype not in ("region", "country")
            and name_key(p.name) == name_key(name)
        ),
        None,
    )


def in_context(
    candidates: list[GazetteerPlace], admin: GazetteerPlace | None, country: str | None
) -> GazetteerPlace | None:
    """The best candidate inside the province and country the article names, if any."""
    for candidate in candidates:
        if admin is not None and admin.id not in (candidate.admin1_id, candidate.id):
            continue
        if country is not None and candidate.country != country:
            continue
        return candidate
    return None


def resolve(
    name: str | None,
    gazetteer: Gazetteer,
    *,
    admin: GazetteerPlace | None = None,
    admin_mentioned: str | None = None,
    country: str | None = None,
    prior: str | None = None,
    chosen: Mapping[str, int] | None = None,
    near: GazetteerPlace | None = None,
) -> Place:
    """Resolve a place name within its context; fall back to the province as written.

    `country` is the country the text names and restricts the candidates; `prior` is the
    article's dominant country and only ranks them, namesakes there first; `chosen` names
    the namesake near the article's other places, which comes before all others.
    """
    point = (near.lat, near.lon) if near is not None else None
    across = gazetteer.partial_neighbours(prior) if prior is not None else frozenset()
    if name:
        admin_id = admin.id if admin is not None else None
        exact = gazetteer.exact(name, country=country or prior, admin1_id=admin_id, near=point)
        if prior is None and country is None:
            # with no country to go by, a place where the gazetteer holds villages comes
            # before a namesake town of a country it holds only the towns of
            full = gazetteer.full_countries()
            exact.sort(key=lambda p: p.country not in full)
        if prior is not None and country is None:
            exact.sort(key=lambda p: p.country != prior)
            if not any(p.country == prior for p in exact):
                # no namesake abroad stands in for a place the gazetteer lacks (but a town
                # across the border may, below)
                exact = [p for p in exact if p.country in across]
        if chosen and (pick := chosen.get(name_key(name))) is not None:
            exact.sort(key=lambda p: p.id != pick)
        # The province the text names first, then the landmark's, then anywhere in the country.
        found = in_context(exact, admin, country)
        if found is not None and name_key(found.name) != name_key(name):
            # "Sanaa" beside "Saada governorate" is the capital, not a hamlet of Saada that
            # has "Sanaa" among its other names
            found = _city_named(name, exact) or found
        if found is None and near is not None:
            found = in_context(
                exact, gazetteer.get(near.admin1_id) if near.admin1_id else None, country
            )
        if found is None and country is not None:
            # anywhere in the country; but with a province named, only a town known beyond
            # it: "Sultan village" in a report from Paktika is not Nimruz's Sultan
            found = in_context(
                [p for p in exact if admin is None or (p.population or 0) >= _KNOWN_TOWN],
                None,
                country,
            )
        if found is None and admin is not None:
            found = in_context(
                gazetteer.lookup(name, country=country, admin1_id=admin_id, near=point),
                admin,
                country,
            )
            if found is not None and found.placetype == "region":
                found = None  # a fuzzy hit on the province itself says nothing new
        if found is None and admin is None:
            # a town across the border, where the gazetteer holds only the towns: "rockets
            # fired from Gaza hit Ashkelon" (not a village the gazetteer lacks at home)
            found = next((p for p in exact if p.country in across), None)
        if found is not None:
            return as_place(name, found)
    if admin is not None:
        fallback = as_place(admin_mentioned or admin.name, admin)
        return Place(
            mentioned=name or admin_mentioned or admin.name,
            name=None if name else fallback.name,
            gazetteer_id=None if name else admin.id,
            admin1=fallback.admin1,
            country=fallback.country,
            lat=fallback.lat,
            lon=fallback.lon,
            precision="admin1",
        )
    if near is not None and name:
        # "Af-Urur, 100 km south of Bossaso": the reference town says roughly where
        reference = as_place(name, near)
        return replace(reference, name=None, gazetteer_id=None, precision="admin2")
    # a name the gazetteer lacks is kept as written, in the country the article is set in
    return Place(mentioned=name, country=country or (prior if name else None))
