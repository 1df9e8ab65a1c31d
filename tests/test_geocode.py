"""Geocoding: resolve in context, and never invent precision."""

from __future__ import annotations

import pytest

from civharm.gazetteer import Gazetteer
from civharm.stages.geocode import resolve


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.open()


def test_geocode_town_in_its_province(gazetteer: Gazetteer) -> None:
    admin = gazetteer.admin1("Deir Ezzor")
    place = resolve("Hajin", gazetteer, admin=admin, country="SY")
    assert (place.name, place.admin1, place.precision) == ("Hajīn", "Deir ez-Zor", "town")
    assert place.lat == pytest.approx(34.69, abs=0.05)


def test_geocode_country_context_picks_the_right_namesake(gazetteer: Gazetteer) -> None:
    # Why: there is a Hajin in Yemen too.
    assert resolve("Hajin", gazetteer, country="YE").country == "YE"
    assert resolve("Hajin", gazetteer, country="SY").country == "SY"


def test_geocode_unknown_name_falls_back_to_the_province_named(gazetteer: Gazetteer) -> None:
    admin = gazetteer.admin1("Deir Ezzor")
    place = resolve("Umm Tarfa", gazetteer, admin=admin, admin_mentioned="Deir Ezzor", country="SY")
    assert place.mentioned == "Umm Tarfa"
    assert place.name is None
    assert (place.admin1, place.precision) == ("Deir ez-Zor", "admin1")


def test_geocode_fuzzy_match_abroad_is_refused(gazetteer: Gazetteer) -> None:
    # Why: "Albu Badran" fuzzily resembles a village in Iraq; in a Syrian province it must not move there.
    admin = gazetteer.admin1("Deir Ezzor")
    place = resolve("Albu Badran", gazetteer, admin=admin, country="SY")
    assert place.country == "SY"
    assert place.precision == "admin1"


def test_geocode_nothing_known_keeps_only_the_name(gazetteer: Gazetteer) -> None:
    place = resolve("Nowhereville", gazetteer)
    assert (place.mentioned, place.lat, place.precision) == ("Nowhereville", None, None)
