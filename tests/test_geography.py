"""An article's geography: the country it is set in, which namesake each name means, and
the large cities it names."""

from __future__ import annotations

import pytest

from civharm.extract.geography import NEAR_KM, Geography, article_geography
from civharm.gazetteer import Gazetteer
from civharm.gazetteer_places import CITY_POPULATION
from civharm.gazetteer_places import haversine_km as km
from civharm.place_names import name_key


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.open()


def geography(
    gazetteer: Gazetteer, text: str, *, title: str | None = None, dateline: str | None = None
) -> Geography:
    return article_geography(text, gazetteer, title=title, dateline=dateline)


# --------------------------------------------------------------------------------------
# The dominant country
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title", "dateline", "country"),
    [
        # a nationality word alone sets the country
        ("Yemeni officials said jets struck a wedding tent.", None, None, "YE"),
        ("An Iraqi official said shells hit a market.", None, None, "IQ"),
        # the title weighs double: one word there outvotes one in the body
        (
            "An Iraqi official said shells hit a market.",
            "Syrian monitor reports strike",
            None,
            "SY",
        ),
        # the dateline alone, with or without its country
        ("Shells hit a market, residents said.", None, "MOSUL, Iraq", "IQ"),
        ("Shells hit a market, residents said.", None, "MOSUL", "IQ"),
        # the dateline outweighs one nationality word in the body
        ("A Syrian family was among the dead, residents said.", None, "MOSUL", "IQ"),
        # places alone: two Iraqi cities
        ("Strikes hit Mosul and Kirkuk overnight.", None, None, "IQ"),
        # no majority, but twice the runner-up's votes: the victims' nationalities split the
        # rest ("two Syrian children" in a report from southern Lebanon)
        (
            "Lebanese officials said a strike in southern Lebanon killed a Syrian, a "
            "Palestinian, an Iraqi, a Yemeni and an Afghan worker. Lebanon's army said the "
            "strike hit a farm in Lebanon.",
            None,
            None,
            "LB",
        ),
    ],
)
def test_geography_dominant_country(
    gazetteer: Gazetteer, text: str, title: str | None, dateline: str | None, country: str
) -> None:
    assert geography(gazetteer, text, title=title, dateline=dateline).country == country


@pytest.mark.parametrize(
    "text",
    [
        # two countries, one word each: a tie
        "Syrian and Iraqi officials met to discuss the strikes.",
        # three countries: none holds the lead
        "Syrian, Iraqi and Yemeni officials met to discuss the strikes.",
        # the attacking states' words are left out: they say who, not where
        "Israeli and Russian jets struck overnight.",
        # nothing at all
        "Jets struck overnight, residents said.",
    ],
)
def test_geography_no_clear_country_gives_none(gazetteer: Gazetteer, text: str) -> None:
    assert geography(gazetteer, text).country is None


# --------------------------------------------------------------------------------------
# Namesakes
# --------------------------------------------------------------------------------------


def test_geography_namesake_near_the_other_places_is_chosen(gazetteer: Gazetteer) -> None:
    # why: "Ad Duwayr" names villages in several countries and several Syrian provinces;
    # beside Abu Kamal it is the one a few dozen km away in Deir ez-Zor.
    candidates = gazetteer.exact("Ad Duwayr")
    assert len({p.country for p in candidates}) > 1  # it really is ambiguous
    abu_kamal = gazetteer.exact("Abu Kamal", country="SY")[0]

    chosen = geography(gazetteer, "Jets struck Ad Duwayr near Abu Kamal.").chosen
    pick = gazetteer.get(chosen["duwayr"])
    assert pick is not None and pick in candidates
    assert pick is not candidates[0] and pick.id != candidates[0].id
    assert (pick.country, pick.admin1) == ("SY", "Days Az Zawr")
    assert km((pick.lat, pick.lon), (abu_kamal.lat, abu_kamal.lon)) <= NEAR_KM


def test_geography_namesake_within_the_country_is_chosen_by_neighbours(
    gazetteer: Gazetteer,
) -> None:
    # why: once the article is known to be Syrian, the first Syrian "Ad Duwayr" is near
    # Damascus; Abu Kamal still points to the one on the Euphrates.
    first_in_syria = gazetteer.exact("Ad Duwayr", country="SY")[0]
    assert first_in_syria.admin1 == "Rif Dimashq"
    chosen = geography(gazetteer, "Syrian activists said jets struck Ad Duwayr near Abu Kamal.")
    pick = gazetteer.get(chosen.chosen["duwayr"])
    assert chosen.country == "SY"
    assert pick is not None and pick.id != first_in_syria.id
    assert pick.admin1 == "Days Az Zawr"


def test_geography_a_lone_name_keeps_the_gazetteers_first_choice(gazetteer: Gazetteer) -> None:
    # why: with no other place named nothing supports one namesake over another.
    assert geography(gazetteer, "Jets struck Ad Duwayr overnight.").chosen == {}


@pytest.mark.parametrize(
    "text",
    [
        # one village of the same name near one other place named
        "Syrian jets struck Douma and Souran.",
        # near two
        "Syrian jets struck Douma, Souran and Murak.",
    ],
)
def test_geography_city_is_not_replaced_by_a_village_namesake(
    gazetteer: Gazetteer, text: str
) -> None:
    # why: Douma is a city of over 100,000 near Damascus; a village "Duma" lies near
    # Souran and Murak in Hama, but the city is what the name means.
    douma = gazetteer.exact("Douma", country="SY")[0]
    village = next(p for p in gazetteer.exact("Douma", country="SY") if p.admin1 == "Hamah")
    assert (douma.population or 0) >= CITY_POPULATION and not village.population
    chosen = geography(gazetteer, text).chosen
    assert chosen.get(name_key("Douma"), douma.id) == douma.id


@pytest.mark.parametrize(
    "text",
    [
        "Syrian jets struck Douma, Souran, Murak and Salamiyah.",
        "Shells fell on Douma, Souran, Murak and Salamiyah.",
    ],
)
def test_geography_city_is_not_replaced_by_a_village_near_many_places(
    gazetteer: Gazetteer, text: str
) -> None:
    douma = gazetteer.exact("Douma", country="SY")[0]
    assert (douma.population or 0) >= CITY_POPULATION
    chosen = geography(gazetteer, text).chosen
    assert chosen.get(name_key("Douma"), douma.id) == douma.id


def test_geography_a_town_is_not_replaced_by_its_district(gazetteer: Gazetteer) -> None:
    town = gazetteer.exact("Abu Kamal", country="SY")[0]
    assert town.placetype == "locality"
    chosen = geography(gazetteer, "Jets struck Ad Duwayr near Abu Kamal.").chosen
    pick = gazetteer.get(chosen.get(name_key("Abu Kamal"), town.id))
    assert pick is not None and pick.placetype == "locality"


# --------------------------------------------------------------------------------------
# Cities
# --------------------------------------------------------------------------------------


def test_geography_cities_lists_large_cities_in_order(gazetteer: Gazetteer) -> None:
    # why: Hajin is a town of under 100,000 and Nineveh a province: neither has quarters
    # that reports name on their own.
    hajin = gazetteer.exact("Hajin", country="SY")[0]
    assert (hajin.population or 0) < CITY_POPULATION
    geo = geography(gazetteer, "Shells hit Aleppo, Mosul and Hajin; Nineveh province was calm.")
    assert [(c.name, c.country) for c in geo.cities] == [("Halab", "SY"), ("Mosul", "IQ")]
    assert all((c.population or 0) >= CITY_POPULATION for c in geo.cities)


def test_geography_cities_include_the_title(gazetteer: Gazetteer) -> None:
    geo = geography(gazetteer, "Shells hit Mosul at dawn.", title="Strike on Kirkuk market")
    assert [c.name for c in geo.cities] == ["Kirkuk", "Mosul"]


def test_geography_no_city_named_gives_no_cities(gazetteer: Gazetteer) -> None:
    assert geography(gazetteer, "Shells hit Hajin at dawn.").cities == ()


def test_geography_country_words_trie_matches_the_longest_word() -> None:
    # why: the country words are one trie-shaped regex (fast on long texts); it must find
    # every word whole, the longest where one word starts another
    import re

    from civharm.extract.lexicon import trie_alternation

    words = ["niger", "nigeria", "nigerian", "sudan", "south sudan", "south sudanese", "gaza"]
    rx = re.compile(r"\b(?:" + trie_alternation(words) + r")\b", re.I)
    text = "Nigerian troops in Nigeria, not Niger; South Sudanese from South Sudan; Sudan; Gazan"
    assert [m.group(0) for m in rx.finditer(text)] == [
        "Nigerian",
        "Nigeria",
        "Niger",
        "South Sudanese",
        "South Sudan",
        "Sudan",
    ]
