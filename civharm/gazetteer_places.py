"""The records a gazetteer file holds and returns, and the file's SQLite schema.

Shared by the lookup (``civharm.gazetteer``), the GeoNames import (``civharm.geonames``)
and the build script, which loads this file on its own: it imports only the standard
library.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Match", "Place"]

CITY_POPULATION = 100_000  # a city whose quarters reports name on their own


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry."""

    id: int
    name: str
    country: str
    admin1: str | None
    admin1_id: int | None
    admin2: str | None
    lat: float
    lon: float
    placetype: str
    feature_code: str | None
    population: int | None


@dataclass(frozen=True, slots=True)
class Match:
    """A span of text that names a place: ``text[start:end] == surface``."""

    start: int
    end: int
    surface: str
    place_ids: tuple[int, ...]


SCHEMA = """
CREATE TABLE IF NOT EXISTS places (
    id INTEGER PRIMARY KEY,      -- WOF id (or GeoNames id for imported GeoNames rows)
    name TEXT NOT NULL,          -- display name, Latin script where one exists
    name_local TEXT,             -- local-script name (Arabic, Pashto/Dari, Ukrainian)
    placetype TEXT NOT NULL,     -- country|region|county|localadmin|locality|neighbourhood|...
    feature_code TEXT,           -- GeoNames feature code (PPL, PPLA2, ...)
    country TEXT NOT NULL,       -- ISO 3166-1 alpha-2
    admin1 TEXT,
    admin1_id INTEGER,
    admin2 TEXT,
    admin2_id INTEGER,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    population INTEGER,
    geonameid INTEGER
);
CREATE TABLE IF NOT EXISTS names (
    key TEXT NOT NULL,           -- name_key() of a name or alternate name
    place_id INTEGER NOT NULL,
    kind INTEGER NOT NULL,       -- 0 = name, 1 = alternate name, 2 = admin display form
    PRIMARY KEY (key, place_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

KIND_NAME = 0
KIND_ALT = 1
KIND_ADMIN = 2

_PLACE_COLUMNS = (
    "id, name, country, admin1, admin1_id, admin2, lat, lon, placetype, feature_code, population"
)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres between two (lat, lon) points."""
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def _place(row: Sequence[object]) -> Place:
    (pid, name, country, admin1, admin1_id, admin2, lat, lon, ptype, fcode, pop) = row
    return Place(
        id=int(pid),  # type: ignore[call-overload]
        name=str(name),
        country=str(country),
        admin1=None if admin1 is None else str(admin1),
        admin1_id=None if admin1_id is None else int(admin1_id),  # type: ignore[call-overload]
        admin2=None if admin2 is None else str(admin2),
        lat=float(lat),  # type: ignore[arg-type]
        lon=float(lon),  # type: ignore[arg-type]
        placetype=str(ptype),
        feature_code=None if fcode in (None, "") else str(fcode),
        population=None if pop is None else int(pop),  # type: ignore[call-overload]
    )
