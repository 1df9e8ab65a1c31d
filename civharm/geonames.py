"""Add a GeoNames dump to a gazetteer file (``civharm gazetteer import-geonames``).

Writes rows in the schema of ``civharm.gazetteer_places`` under the name keys of
``civharm.place_names``, so that `Gazetteer` finds the new places like the packaged ones.
"""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path

from civharm.gazetteer_places import KIND_ALT, KIND_NAME, SCHEMA
from civharm.place_names import is_latin, name_key

__all__ = ["import_geonames"]

_GEONAMES_PLACETYPE = {"P": "locality", "T": "hypsographic", "H": "hydrographic",
                       "S": "spot", "L": "area", "R": "road", "V": "vegetation",
                       "U": "undersea", "A": "admin"}  # fmt: skip
# Alternate names that are not names: codes, postcodes, wiki links.
_MAX_ALT_LEN = 60


def _geonames_placetype(fclass: str, fcode: str) -> str:
    if fclass == "A":
        if fcode == "ADM1":
            return "region"
        if fcode == "ADM2":
            return "county"
        if fcode.startswith("PCL"):
            return "country"
        if fcode in ("ADM3", "ADM4", "ADM5"):
            return "localadmin"
    return _GEONAMES_PLACETYPE.get(fclass, "feature")


def _geonames_lines(dump: Path) -> Iterator[str]:
    if dump.suffix.lower() == ".zip":
        with zipfile.ZipFile(dump) as zf:
            members = [
                m for m in zf.namelist()
                if m.endswith(".txt") and not m.lower().startswith("readme")
            ]  # fmt: skip
            if len(members) != 1:
                raise ValueError(f"{dump}: expected one .txt dump inside, found {members}")
            with zf.open(members[0]) as raw:
                yield from io.TextIOWrapper(raw, encoding="utf-8", newline="")
    else:
        with dump.open(encoding="utf-8", newline="") as fh:
            yield from fh


def _valid_alt(name: str) -> bool:
    return (
        0 < len(name) <= _MAX_ALT_LEN
        and not any(ch.isdigit() for ch in name)
        and "://" not in name
        and not (name.isupper() and len(name) <= 3)
        and is_latin(name)
    )


def import_geonames(dump: Path, *, target: Path) -> int:
    """Import a GeoNames dump (``allCountries.txt``, ``XX.txt`` or a ``.zip`` of one).

    Rows go into ``target`` (created with the gazetteer schema if missing; an existing
    gazetteer file gets the rows added). Places whose GeoNames id is already in the
    target (e.g. through Who's On First) are skipped. ``admin1``/``admin2`` are the names
    of the ADM1/ADM2 rows of the same dump, or the GeoNames code when the dump has no
    such row. Returns the number of places imported.
    """
    rows: list[list[str]] = []
    for line in _geonames_lines(Path(dump)):
        line = line.rstrip("\r\n")
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 19:
            raise ValueError(f"{dump}: expected 19 tab-separated columns, got {len(cols)}")
        rows.append(cols)

    admin1: dict[tuple[str, str], tuple[str, int]] = {}
    admin2: dict[tuple[str, str, str], tuple[str, int]] = {}
    for cols in rows:
        gid, name, asciiname = int(cols[0]), cols[1], cols[2]
        display = name if is_latin(name) else asciiname or name
        if cols[7] == "ADM1":
            admin1[(cols[8], cols[10])] = (display, gid)
        elif cols[7] == "ADM2":
            admin2[(cols[8], cols[10], cols[11])] = (display, gid)

    target = Path(target)
    conn = sqlite3.connect(target)
    try:
        conn.executescript(SCHEMA)
        known = {int(g) for (g,) in conn.execute(
            "SELECT geonameid FROM places WHERE geonameid IS NOT NULL")}  # fmt: skip
        place_rows = []
        name_rows: dict[tuple[str, int], int] = {}
        for cols in rows:
            gid = int(cols[0])
            if gid in known:
                continue
            name, asciiname, alts = cols[1], cols[2], cols[3]
            fclass, fcode, cc = cols[6], cols[7], cols[8]
            a1 = admin1.get((cc, cols[10]))
            a2 = admin2.get((cc, cols[10], cols[11]))
            display = name if is_latin(name) else asciiname or name
            placetype = _geonames_placetype(fclass, fcode)
            pop = int(cols[14]) if cols[14].strip() not in ("", "0") else None
            place_rows.append(
                (
                    gid, display, None if is_latin(name) else name, placetype, fcode or None,
                    cc,
                    a1[0] if a1 else (cols[10] or None),
                    a1[1] if a1 else (gid if placetype == "region" else None),
                    a2[0] if a2 else (cols[11] or None),
                    a2[1] if a2 else None,
                    round(float(cols[4]), 5), round(float(cols[5]), 5), pop, gid,
                )
            )  # fmt: skip
            for text, kind in [(name, KIND_NAME), (asciiname, KIND_NAME)] + [
                (alt, KIND_ALT) for alt in alts.split(",")
            ]:
                if kind == KIND_ALT and not _valid_alt(text):
                    continue
                if not is_latin(text):
                    continue
                key = name_key(text)
                if len(key) >= 2:
                    prior = name_rows.get((key, gid))
                    if prior is None or kind < prior:
                        name_rows[(key, gid)] = kind
        with conn:
            conn.executemany(
                "INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", place_rows
            )
            conn.executemany(
                "INSERT OR REPLACE INTO names VALUES (?,?,?)",
                sorted((k, pid, kind) for (k, pid), kind in name_rows.items()),
            )
            conn.execute(
                "INSERT OR REPLACE INTO meta VALUES ('geonames_import', ?)",
                (f"{Path(dump).name}: {len(place_rows)} places",),
            )
            # a GeoNames dump holds a country's villages too: it is now covered in full
            row = conn.execute("SELECT value FROM meta WHERE key = 'full_countries'").fetchone()
            if row is not None:
                full = set(json.loads(str(row[0]))) | {str(r[5]) for r in place_rows}
                conn.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('full_countries', ?)",
                    (json.dumps(sorted(full)),),
                )
        return len(place_rows)
    finally:
        conn.close()
