#!/usr/bin/env python3
"""Build civharm/data/gazetteer.sqlite from the Who's On First extracts.

    .venv/bin/python scripts/build_gazetteer.py [DATA_DIR] [--out PATH]

DATA_DIR defaults to ../shared/data/gazetteer (relative to the repository root) and must
hold the ``wof_XX.tsv`` files and their README.md. The output is deterministic: rows are
inserted in a fixed order, the build date is the extraction date from the data README,
and the file is VACUUMed at the end. Name keys come from ``civharm.gazetteer.name_key``,
so rebuild whenever that function changes.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sqlite3
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent


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


def build(data_dir: Path, out: Path) -> dict[str, int]:
    rows = read_rows(data_dir)
    meta = readme_meta(data_dir)
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
    args = parser.parse_args()
    stats = build(args.data_dir, args.out)
    size = args.out.stat().st_size
    print(json.dumps({**stats, "bytes": size, "out": str(args.out)}, indent=1))


if __name__ == "__main__":
    main()
