"""The article's geography: which country it is set in, and which namesake each name means.

Real reports rarely repeat the country in every sentence: the dateline, the title, the
country and nationality words and the other places named set it. Like the geoparsers that
vote for an article's dominant country (Mordecai, CLIFF), each of these votes, a place with
namesakes in several countries splitting its vote among them. Of a name's namesakes, the
one near the article's other places is meant ("Suluk" near Tal Abyad is the Syrian town,
not the Libyan one). Both only rank candidates: a place the text puts elsewhere stays there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from civharm.extract.lexicon import trie_alternation
from civharm.gazetteer import Gazetteer
from civharm.gazetteer_places import CITY_POPULATION, Place, haversine_km
from civharm.place_names import name_key

# Country and nationality words, and the ISO code the gazetteer files them under.
_COUNTRY_WORDS = {
    "syria": "SY", "syrian": "SY", "syrians": "SY",
    "iraq": "IQ", "iraqi": "IQ", "iraqis": "IQ", "kurdistan region": "IQ",
    "yemen": "YE", "yemeni": "YE", "yemenis": "YE",
    "libya": "LY", "libyan": "LY", "libyans": "LY",
    "somalia": "SO", "somali": "SO", "somalis": "SO",
    "afghanistan": "AF", "afghan": "AF", "afghans": "AF",
    "ukraine": "UA", "ukrainian": "UA", "ukrainians": "UA",
    "gaza": "PS", "gaza strip": "PS", "west bank": "PS", "palestinian": "PS", "palestinians": "PS",
    "lebanon": "LB", "lebanese": "LB", "kenya": "KE",
    "sudan": "SD", "sudanese": "SD", "darfur": "SD", "kordofan": "SD",
    "south sudan": "SS", "south sudanese": "SS",
    "ethiopia": "ET", "ethiopian": "ET", "tigray": "ET", "amhara": "ET",
    "mali": "ML", "malian": "ML", "burkina faso": "BF", "burkinabe": "BF", "niger": "NE",
    "nigeria": "NG", "nigerian": "NG", "borno": "NG", "zamfara": "NG",
    "democratic republic of the congo": "CD", "dr congo": "CD", "drc": "CD", "congolese": "CD",
    "mozambique": "MZ", "mozambican": "MZ", "cabo delgado": "MZ",
    "myanmar": "MM", "burma": "MM", "burmese": "MM", "chad": "TD", "chadian": "TD",
    "central african republic": "CF",
}  # fmt: skip
# Left out on purpose: the names of states that strike abroad ("Israeli", "Turkish",
# "Russian", "Iranian") say who attacked far more often than where.
_WORDS = re.compile(r"\b(?:" + trie_alternation(list(_COUNTRY_WORDS)) + r")\b", re.I)
_PART_OF_NAME = re.compile(r"\s+(?:State|Region|Province|River|Delta)\b")
_DATELINE_WEIGHT = 3.0
_WORD_WEIGHT = 2.0
_SHARE = 0.5  # the winner needs this share of the votes,
_LEAD = 2.0  # or this many times the runner-up's
_CANDIDATES = 6  # namesakes considered per name
NEAR_KM = 60.0  # two places this close support each other's reading
_NEAR_DEGREES = 1.0  # a quick bound before the great-circle distance (1° ≥ 85 km here)
_IN_COUNTRY = 0.5
_MARGIN = 0.5  # a namesake replaces the gazetteer's first choice only by this much
_TOWN = 10_000


@dataclass(frozen=True)
class Geography:
    """Where an article is set: its dominant country, and for names with namesakes the
    gazetteer id of the one nearest the article's other places."""

    country: str | None = None
    chosen: dict[str, int] = field(default_factory=dict)
    cities: tuple[Place, ...] = ()  # cities the article names, in order: quarters belong to them


def _chosen(names: dict[str, list[Place]], country: str | None) -> dict[str, int]:
    """For each name with namesakes, the candidate the article's other names support most:
    a province holding it or a town near it counts 1, a village near it counts by how
    ambiguous that name is, being in the article's country counts half, and a city or town
    of that name counts for its size. Only a change from the gazetteer's own first choice
    is recorded."""
    chosen = {}
    for key, places in names.items():
        if len(places) < 2 or (places[0].population or 0) >= CITY_POPULATION:
            continue  # a city is meant by its name, whatever villages share it
        scored = [
            (
                _support(place, key, names)
                + _size(place)
                + (_IN_COUNTRY if place.country == country else 0.0),
                -rank,
                place,
            )
            for rank, place in enumerate(places)
            if place.placetype not in ("region", "country", "county")
        ]
        if not scored:
            continue
        first = scored[0][0]
        score, _, best = max(scored, key=lambda s: s[:2])
        if best is not places[0] and score >= first + _MARGIN:
            chosen[key] = best.id
    return chosen


def _size(place: Place) -> float:
    """A city is meant by its name whatever villages share it; a town nearly so."""
    population = place.population or 0
    return 2.0 if population >= CITY_POPULATION else 0.75 if population >= _TOWN else 0.0


def _prominent(place: Place) -> bool:
    """A province or a town: where a name has one such reading, that reading is meant."""
    return place.placetype == "region" or (place.population or 0) >= _TOWN


def _support(place: Place, key: str, names: dict[str, list[Place]]) -> float:
    here = (place.lat, place.lon)
    total = 0.0
    for other, readings in names.items():
        if other == key or not readings:
            continue
        for reading in readings:
            if reading.placetype == "country":
                continue
            inside = reading.placetype == "region" and place.admin1_id == reading.id
            near = (
                reading.placetype != "region"
                and abs(reading.lat - place.lat) < _NEAR_DEGREES
                and abs(reading.lon - place.lon) < _NEAR_DEGREES
                and haversine_km(here, (reading.lat, reading.lon)) <= NEAR_KM
            )
            if inside or near:
                total += 1.0 if _prominent(reading) else 1.0 / len(readings)
                break
    return total


def _voters(key: str, readings: list[Place], full: frozenset[str], named: set[str]) -> set[str]:
    """The countries a name votes for: those of its most prominent readings (a city's name
    means the city, not the villages that share it), and a country the gazetteer holds only
    the towns of only where the text names that country or the reading is a city ("Ibi"
    in a Yemeni report is a surname, not the Nigerian town); `full` are the countries the
    gazetteer holds down to villages."""
    kept = [
        p
        for p in readings
        if (p.placetype != "country" or name_key(p.name) == key)  # not "al-Jamaa" for Yemen
        and (p.country in full or p.country in named or (p.population or 0) >= CITY_POPULATION)
    ]
    if not kept:
        return set()
    top = max(_size(p) for p in kept)
    return {p.country for p in kept if _size(p) == top}


def article_geography(
    text: str,
    gazetteer: Gazetteer,
    *,
    title: str | None = None,
    dateline: str | None = None,
    places: Sequence[str] | None = None,
    homes: Sequence[str] = (),
) -> Geography:
    """The country most of the article's geography points to (None when unclear), and the
    namesake each ambiguous name most likely means. `places` are the place names already
    found in the text (the sentences worth reading); without them the whole text is read.
    `homes` are the countries of the home-bound forces its sentences name as attackers
    (one per sentence): each counts as the country's name would."""
    votes: dict[str, float] = {}
    names: dict[str, list[Place]] = {}
    surfaces: dict[str, str] = {}
    named_countries: set[str] = set(homes)
    for code in homes:
        votes[code] = votes.get(code, 0.0) + _WORD_WEIGHT
    found: list[tuple[float, list[str]]] = []
    for piece, weight in ((title or "", 2.0), (text, 1.0)):
        for match in _WORDS.finditer(piece):
            if _PART_OF_NAME.match(piece, match.end()):
                continue  # "Niger State" is in Nigeria, "the Niger River" in several
            code = _COUNTRY_WORDS[" ".join(match.group(0).lower().split())]
            named_countries.add(code)
            votes[code] = votes.get(code, 0.0) + _WORD_WEIGHT * weight
        named = (
            [m.surface for m in gazetteer.find_in_text(piece)]
            if places is None or piece is not text
            else places
        )
        found.append((weight, [s for s in named if not _WORDS.fullmatch(s)]))
        for surface in found[-1][1]:  # "Iraqi" is a nationality, counted above, not a village
            key = name_key(surface)
            if key not in names:
                surfaces[key] = surface
                names[key] = gazetteer.exact(surface)[:_CANDIDATES]
    # countries the text names ("Israel" too, which is no vote: see _COUNTRY_WORDS)
    named_countries |= {
        p.country
        for key, readings in names.items()
        for p in readings
        if p.placetype == "country" and name_key(p.name) == key
    }
    full = gazetteer.full_countries()
    for weight, named in found:
        for surface in named:
            key = name_key(surface)
            countries = _voters(key, names[key], full, named_countries)
            for country in countries:
                votes[country] = votes.get(country, 0.0) + weight / len(countries)
    if dateline:
        place = dateline.split(",")[0].strip().title()
        countries = {p.country for p in gazetteer.exact(place)[:_CANDIDATES]}
        for country in countries:
            votes[country] = votes.get(country, 0.0) + _DATELINE_WEIGHT / len(countries)
    cities = tuple(
        places[0]
        for places in names.values()
        if places
        and places[0].placetype not in ("region", "country")
        and (places[0].population or 0) >= CITY_POPULATION
    )
    ranked = sorted(votes.items(), key=lambda kv: -kv[1])
    if not ranked:
        return Geography(chosen=_chosen(names, None), cities=cities)
    country, best = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    # a majority of the votes, or twice the runner-up's: "southern Lebanon" told six times
    # beside "two Syrian children" and a few namesakes abroad
    clear = best >= _SHARE * sum(votes.values()) or best >= _LEAD * runner_up
    winner = country if best > runner_up and clear else None
    if winner is not None:
        # Read each name again with the country known: its namesakes there come first.
        names = {key: gazetteer.exact(surfaces[key], country=winner)[:_CANDIDATES] for key in names}
    return Geography(winner, _chosen(names, winner), cities)
