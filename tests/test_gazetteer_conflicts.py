"""The third GeoNames supplement: towns of the conflicts the gazetteer used to lack.

Pakistan, Colombia, Cameroon, Haiti, Azerbaijan and Armenia come whole; India, Russia and
Turkey only where the conflicts are (Jammu and Kashmir, Ladakh and Punjab; the Belgorod,
Kursk and Bryansk oblasts; the south-east), since every town elsewhere would be one more
namesake for the places of the countries covered before. Ids are GeoNames ids, except the
WOF ids of the places that were there before.
"""

from __future__ import annotations

import json
import runpy
from collections.abc import Iterator
from pathlib import Path

import pytest

from civharm.gazetteer import Gazetteer
from civharm.model import Article, Span
from civharm.stages.extract import extract_article

REPO = Path(__file__).parent.parent
SCRIPT_DATA = REPO / "scripts" / "data"
BUILD = runpy.run_path(str(REPO / "scripts" / "build_gazetteer.py"))

KHYBER_PAKHTUNKHWA = 1168873  # GeoNames' admin1 id of PK.03
NORTH_WEST_CM = 2223602  # CM.07, the Anglophone North-West
BELGOROD_OBLAST = 578071  # RU.09
JAMMU_AND_KASHMIR = 1269320  # IN.12
VAN_PROVINCE = 298113  # TR.65


@pytest.fixture(scope="module")
def gaz() -> Iterator[Gazetteer]:
    with Gazetteer.open() as opened:
        yield opened


@pytest.mark.parametrize(
    ("name", "country", "admin1"),
    [
        ("Dera Ismail Khan", "PK", "Khyber Pakhtunkhwa"),  # why: the brief's own example
        ("Miranshah", "PK", "Khyber Pakhtunkhwa"),  # why: a spelling of GeoNames' Miran Shah
        ("Quetta", "PK", "Balochistan"),  # why: Balochistan's capital
        ("Bamenda", "CM", "North-West"),  # why: the Anglophone crisis
        ("Maroua", "CM", "Far North"),  # why: Boko Haram across the Nigerian border
        ("Pulwama", "IN", "Jammu and Kashmir"),  # why: a division India is taken in
        ("Leh", "IN", "Ladakh"),  # why: Ladakh's own code (IN.41), newer than the state
        ("Amritsar", "IN", "Punjab"),
        ("Belgorod", "RU", "Belgorod Oblast"),  # why: the city, not its oblast of the name
        ("Shebekino", "RU", "Belgorod Oblast"),  # why: shelled across the Ukrainian border
        ("Sudzha", "RU", "Kursk Oblast"),
        ("Cizre", "TR", "Sirnak"),  # why: Turkey's south-east (PKK)
        ("Cucuta", "CO", "Norte de Santander Department"),  # why: without the accent
        ("Port-au-Prince", "HT", "Ouest"),
        ("Khankendi", "AZ", "Xankandi Sahari"),  # why: Karabakh
        ("Jermuk", "AM", "Vayots Dzor"),  # why: shelled in 2022
    ],
)
def test_gazetteer_conflict_towns_resolve_with_their_division(
    gaz: Gazetteer, name: str, country: str, admin1: str
) -> None:
    best = gaz.lookup(name)[0]
    assert (best.country, best.placetype, best.admin1) == (country, "locality", admin1)
    assert best.admin1_id is not None  # a region row of its own


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Mumbai", "IN"),  # why: India is taken only in Kashmir, Ladakh and Punjab
        ("Moscow", "RU"),  # why: Russia only in the three oblasts on the Ukrainian border
        ("Voronezh", "RU"),  # why: an oblast next to them, not taken; Ukraine has a Voronezh
        ("Istanbul", "TR"),  # why: Turkey only in its south-east
        ("Izmir", "TR"),
    ],
)
def test_gazetteer_conflict_countries_in_part_hold_no_other_towns(
    gaz: Gazetteer, name: str, country: str
) -> None:
    assert not [p for p in gaz.lookup(name) if p.country == country and p.placetype == "locality"]


def test_gazetteer_conflict_cut_keeps_only_the_divisions_taken() -> None:
    # why: the cut file itself holds only the towns of the divisions taken, and the build
    # would drop others from any cities file (`in_scope`)
    cities = json.loads(
        (SCRIPT_DATA / "geonames_cities500_pk_co_cm_ht_az_am_in_ru_tr.json").read_text("utf-8")
    )
    taken = BUILD["SUPPLEMENT_ADMIN1"]
    for record in cities.values():
        if record["countrycode"] in BUILD["SUPPLEMENT_IN_PART"]:
            assert record["admin1code"] in taken[record["countrycode"]], record["name"]
    in_scope = BUILD["in_scope"]
    assert not in_scope({"countrycode": "IN", "admin1code": "16"}, ["IN"])  # Maharashtra
    assert in_scope({"countrycode": "IN", "admin1code": "12"}, ["IN"])
    assert in_scope({"countrycode": "PK", "admin1code": "05"}, ["PK"])  # a whole country


@pytest.mark.parametrize(
    ("name", "country", "region_id"),
    [
        ("Khyber Pakhtunkhwa", None, KHYBER_PAKHTUNKHWA),  # why: GeoNames' name
        ("North-West Region", "CM", NORTH_WEST_CM),  # why: how reports write it
        ("Northwest Region", None, NORTH_WEST_CM),  # why: without the hyphen
        ("Belgorod region", None, BELGOROD_OBLAST),  # why: GeoNames says "Belgorod Oblast"
        ("Belgorod Oblast", "RU", BELGOROD_OBLAST),
        ("Jammu and Kashmir", None, JAMMU_AND_KASHMIR),
        ("Van Province", None, VAN_PROVINCE),  # why: "Van" alone is also a word
        ("Cauca department", "CO", 3687029),  # why: Colombian departments take the word
        ("Punjab", "IN", 1259223),  # why: a Punjab on each side of the border
        ("Punjab", "PK", 1167710),
    ],
)
def test_gazetteer_conflict_regions_resolve(
    gaz: Gazetteer, name: str, country: str | None, region_id: int
) -> None:
    region = gaz.admin1(name, country)
    assert region is not None
    assert (region.id, region.placetype, region.feature_code) == (region_id, "region", "ADM1")


@pytest.mark.parametrize(
    ("name", "region_id"),
    [
        ("Bekaa", 280282),  # why: GeoNames writes "Beqaa"
        ("Beqaa", 280282),
        ("Baalbek-Hermel", 6201371),
        ("Mount Lebanon", 273607),  # why: GeoNames' name is French ("Mont-Liban")
        ("Nabatieh Governorate", 444191),
        ("Nabatieh province", 444191),
    ],
)
def test_gazetteer_lebanon_governorates_resolve(gaz: Gazetteer, name: str, region_id: int) -> None:
    region = gaz.admin1(name, "LB")
    assert region is not None
    assert (region.id, region.placetype, region.country) == (region_id, "region", "LB")


def test_gazetteer_lebanon_cities_keep_their_names(gaz: Gazetteer) -> None:
    # why: "in Nabatieh" and "in Beirut" are the cities (only a name marked as a province,
    # "Nabatieh Governorate", is looked up as one), and GeoNames' long name of the city
    # ("Nabatîyé et Tahta") is not how reports write it
    nabatieh = gaz.lookup("Nabatieh", country="LB")[0]
    assert (nabatieh.placetype, nabatieh.admin1) == ("locality", "Nabatieh")
    assert gaz.lookup("Beirut", country="LB")[0].placetype == "locality"


def test_gazetteer_conflict_compass_regions_need_their_word(gaz: Gazetteer) -> None:
    # why: Cameroon's "North-West" and Haiti's "Ouest" are words of direction in any report;
    # only "North-West Region" and "Ouest Department" are the regions
    assert gaz.admin1("North-West") is None
    assert gaz.admin1("Ouest") is None
    assert gaz.admin1("Ouest Department") is not None


@pytest.mark.parametrize(
    ("name", "country", "place_id", "namesake_in"),
    [
        ("Basra", "IQ", 421202467, "PK"),  # why: a Pakistani village of the name (1,029)
        ("Douma", "SY", 890442375, "CM"),  # why: Doumé in Cameroon has the same key
        ("Lahij", "YE", 421197277, "AZ"),  # why: an Azerbaijani village of the name
    ],
)
def test_gazetteer_conflict_namesakes_leave_older_places_where_they_were(
    gaz: Gazetteer, name: str, country: str, place_id: int, namesake_in: str
) -> None:
    best = gaz.lookup(name)[0]
    assert (best.id, best.country) == (place_id, country)
    assert gaz.lookup(name, country=namesake_in)[0].country == namesake_in


def test_gazetteer_conflict_neighbours_across_the_border(gaz: Gazetteer) -> None:
    # why: a report set in Afghanistan may name a Pakistani border town (Chaman), one set in
    # Ukraine a Russian one (Shebekino); a country taken in part borders only where its
    # divisions do (Russia's three oblasts border Ukraine and Belarus, not Georgia)
    assert gaz.partial_neighbours("AF") == {"PK"}
    assert gaz.partial_neighbours("UA") == {"RU"}
    assert "RU" not in gaz.partial_neighbours("GE")
    # why: the conflicts' countries stay towns-only
    assert not {"PK", "CO", "CM", "HT", "AZ", "AM", "IN", "RU", "TR"} & gaz.full_countries()


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        # why: a town with its province written as reports write it
        (
            "A roadside bomb killed four people in Bannu, Khyber Pakhtunkhwa, on Monday.",
            "Bannu",
            "PK",
        ),
        # why: a Russian border town in its oblast, "region" as reports say
        (
            "Ukrainian shelling killed two civilians in Shebekino in the Belgorod region on "
            "Tuesday, the governor said.",
            "Shebekino",
            "RU",
        ),
        (
            "Separatist fighters killed four civilians in Bamenda, in Cameroon's North-West "
            "Region, on Sunday.",
            "Bamenda",
            "CM",
        ),
    ],
)
def test_gazetteer_conflict_report_is_placed_in_its_town(
    gaz: Gazetteer, text: str, name: str, country: str
) -> None:
    article = Article(0, Span(0, len(text)), Span(0, len(text)), text)
    (mention,) = extract_article(text, article, gaz).mentions
    place = mention.place
    assert (place.name, place.country, place.precision) == (name, country, "town")
