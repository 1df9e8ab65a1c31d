"""Place names → places with coordinates, robust to transliteration variants.

The packaged gazetteer (``civharm/data/gazetteer.sqlite``, built by
``scripts/build_gazetteer.py`` from Who's On First extracts; attribution in
``civharm/data/README.md``) has two tables that matter here:

* ``places``: one row per place (WOF id, display name, place type, GeoNames feature
  code, country, governorate = admin1, district = admin2, point, population);
* ``names``: ``(key, place_id, kind)``, one row per distinct *name key* of a place,
  where the key is `name_key` of the name or of one of its alternate spellings.

Everything that decides whether two spellings are "the same name" lives in
:func:`~civharm.place_names.name_key`, used both when the index is built and when text
is looked up, so the two sides always agree. Context (country, governorate, a nearby
point) only ranks the candidates that share a key; a fuzzy pass (rapidfuzz) runs only
when no key matches.

Only the standard library's ``sqlite3`` is used for storage; the file is opened
read-only.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

from rapidfuzz import fuzz, process

from civharm.gazetteer_places import (
    _PLACE_COLUMNS,
    CITY_POPULATION,
    KIND_ADMIN,
    KIND_ALT,
    KIND_NAME,
    Match,
    Place,
    _place,
    haversine_km,
)
from civharm.gazetteer_scan import (
    _FUNCTION_WORDS,
    _MAX_NAME_WORDS,
    _runs,
    _single_word_ok,
    _Token,
    _tokens,
)
from civharm.place_names import name_key

__all__ = ["Gazetteer"]

# How well a place type fits a bare mention of a name in a report. Localities first:
# "Deir Ezzor" alone is more often the city than the governorate, "Abu Kamal" the town
# rather than the district; admin1() asks for regions explicitly.
_PLACETYPE_WEIGHT = {
    "locality": 25.0,
    "country": 24.0,
    "region": 20.0,
    "localadmin": 12.0,
    "county": 10.0,
    "neighbourhood": 6.0,
}
_FEATURE_WEIGHT = {
    "PPLC": 8.0,
    "PPLA": 6.0,
    "PPLA2": 5.0,
    "PPLA3": 4.0,
    "PPLA4": 3.0,
    "PPL": 0.0,
    "PPLL": -2.0,
    "PPLX": -5.0,
    "PPLQ": -10.0,
    "PPLW": -10.0,
    "PPLH": -10.0,
}
_KIND_WEIGHT = {KIND_NAME: 3.0, KIND_ALT: 0.0, KIND_ADMIN: 2.0}

# Words that follow or precede a governorate name without being part of it.
_ADMIN_NOISE = re.compile(
    r"\b(province|governorate|governate|muhafazat?|countryside|rural|rif|reef|region|"
    r"district|oblast|wilayat?|vilayet|the|of|city|eastern|western|northern|southern)\b",
    re.IGNORECASE,
)
_RURAL = re.compile(r"\b(countryside|rural|rif|reef|suburbs)\b", re.IGNORECASE)
_FUZZY_CUTOFF = 85.0


def packaged_path() -> Path:
    """Path of the gazetteer file shipped inside the package."""
    return Path(str(resources.files("civharm") / "data" / "gazetteer.sqlite"))


class Gazetteer:
    """Read-only access to a gazetteer SQLite file (see the module docstring)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._keys: frozenset[str] | None = None
        self._place_cache: dict[int, Place] = {}
        self._admin1_cache: dict[tuple[str, str | None], Place | None] = {}
        self._countries: frozenset[str] | None = None
        self._full_countries: frozenset[str] | None = None
        self._borders: dict[str, list[str]] | None = None

    @classmethod
    def open(cls, path: Path | None = None) -> Gazetteer:
        """Open ``path`` (default: the packaged file) read-only."""
        path = packaged_path() if path is None else Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"gazetteer file not found: {path}")
        uri = f"{path.resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        conn.execute("PRAGMA query_only = ON")
        return cls(conn, path)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- basic access

    def meta(self) -> dict[str, str]:
        """The ``meta`` table: source, build date, counts, attribution."""
        return {str(k): str(v) for k, v in self._conn.execute("SELECT key, value FROM meta")}

    def get(self, place_id: int) -> Place | None:
        """The place with this id, or None."""
        return self._places([place_id]).get(place_id)

    def countries(self) -> frozenset[str]:
        """The countries the gazetteer holds places of."""
        if self._countries is None:
            rows = self._conn.execute("SELECT DISTINCT country FROM places").fetchall()
            self._countries = frozenset(str(r[0]) for r in rows)
        return self._countries

    def full_countries(self) -> frozenset[str]:
        """The countries whose places the gazetteer holds down to villages: a name it lacks
        there is probably not a place. Countries supplemented with towns only (meta
        ``full_countries`` leaves them out) are not among them."""
        if self._full_countries is None:
            row = self._conn.execute(
                "SELECT value FROM meta WHERE key = 'full_countries'"
            ).fetchone()
            listed = json.loads(str(row[0])) if row else None
            self._full_countries = (
                self.countries() if listed is None else frozenset(str(c) for c in listed)
            )
        return self._full_countries

    def partial_neighbours(self, country: str) -> frozenset[str]:
        """The countries across the border of ``country`` that the gazetteer holds only
        the towns of (meta ``supplement_neighbours``): a report set in Gaza names Sderot in
        Israel, and a town there with that name is the place meant."""
        if self._borders is None:
            row = self._conn.execute(
                "SELECT value FROM meta WHERE key = 'supplement_neighbours'"
            ).fetchone()
            self._borders = json.loads(str(row[0])) if row else {}
        full = self.full_countries()
        return frozenset(
            cc for cc, near in self._borders.items() if country in near and cc not in full
        )

    def seat_of(self, admin1_id: int) -> Place | None:
        """A province's capital as well as the gazetteer can tell ("the provincial
        capital"): the town that bears the province's name, else its most populous one."""
        province = self.get(admin1_id)
        rows = self._conn.execute(
            "SELECT id FROM places WHERE admin1_id = ? AND placetype = 'locality' "
            "ORDER BY population IS NULL, population DESC",
            (admin1_id,),
        ).fetchall()
        towns = list(self._places(int(r[0]) for r in rows).values())
        named = province and name_key(province.name)
        same = [t for t in towns if named and name_key(t.name) == named]
        best = same or [t for t in towns if t.population]
        return best[0] if best else None

    def is_city(self, place_id: int) -> bool:
        """Whether a place is a city large enough to have quarters of its own."""
        place = self.get(place_id)
        return place is not None and (place.population or 0) >= CITY_POPULATION

    def _places(self, ids: Iterable[int]) -> dict[int, Place]:
        unique = list(dict.fromkeys(ids))
        wanted = [i for i in unique if i not in self._place_cache]
        for chunk_start in range(0, len(wanted), 500):
            chunk = wanted[chunk_start : chunk_start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._conn.execute(
                f"SELECT {_PLACE_COLUMNS} FROM places WHERE id IN ({marks})", chunk
            ):
                place = _place(row)
                self._place_cache[place.id] = place
        return {i: self._place_cache[i] for i in unique if i in self._place_cache}

    def _ids_for_keys(self, keys: Sequence[str]) -> dict[str, list[tuple[int, int]]]:
        """key → [(place_id, kind)] for the keys that exist."""
        out: dict[str, list[tuple[int, int]]] = {}
        unique = list(dict.fromkeys(k for k in keys if k))
        for chunk_start in range(0, len(unique), 500):
            chunk = unique[chunk_start : chunk_start + 500]
            marks = ",".join("?" * len(chunk))
            for key, pid, kind in self._conn.execute(
                f"SELECT key, place_id, kind FROM names WHERE key IN ({marks})", chunk
            ):
                out.setdefault(str(key), []).append((int(pid), int(kind)))
        return out

    # ---------------------------------------------------------------- ranking

    @staticmethod
    def _score(
        place: Place,
        kind: int,
        *,
        country: str | None,
        admin1_id: int | None,
        near: tuple[float, float] | None,
    ) -> float:
        score = _PLACETYPE_WEIGHT.get(place.placetype, 0.0)
        score += _FEATURE_WEIGHT.get(place.feature_code or "", 0.0)
        score += _KIND_WEIGHT.get(kind, 0.0)
        if place.population:
            score += 3.0 * math.log10(place.population + 1)
        if country is not None:
            score += 100.0 if place.country == country.upper() else -100.0
        if admin1_id is not None and (place.admin1_id == admin1_id or place.id == admin1_id):
            score += 60.0
        if near is not None:
            # up to +60 for a place on the spot, 0 at 300 km and beyond
            score += max(0.0, 60.0 - haversine_km(near, (place.lat, place.lon)) / 5.0)
        return score

    def _rank(
        self,
        hits: Sequence[tuple[int, int, float]],
        *,
        country: str | None,
        admin1_id: int | None,
        near: tuple[float, float] | None,
    ) -> list[Place]:
        """hits: (place_id, kind, bonus) → places, best first, each place once."""
        places = self._places(pid for pid, _, _ in hits)
        best: dict[int, float] = {}
        for pid, kind, bonus in hits:
            place = places.get(pid)
            if place is None:
                continue
            s = bonus + self._score(place, kind, country=country, admin1_id=admin1_id, near=near)
            if s > best.get(pid, -math.inf):
                best[pid] = s
        return [places[pid] for pid, _ in sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))]

    # ---------------------------------------------------------------- lookups

    def lookup(
        self,
        name: str,
        *,
        country: str | None = None,
        admin1_id: int | None = None,
        near: tuple[float, float] | None = None,
    ) -> list[Place]:
        """Candidate places for ``name``, best first.

        Exact key matches ranked by place type, context (same country, same admin1,
        distance to ``near``) and population; when no key matches exactly, a fuzzy pass
        over the names sharing the key's first three letters.

        Context ranks, it never filters: a place in another country or governorate is
        still returned (last) when nothing better exists, because reports do mention
        places across borders. A caller that trusts only in-context results checks
        ``place.country`` / ``place.admin1_id`` of the first candidate.
        """
        found = self.exact(name, country=country, admin1_id=admin1_id, near=near)
        key = name_key(name)
        if found or not key:
            return found
        return self._rank(self._fuzzy_hits(key), country=country, admin1_id=admin1_id, near=near)

    def exact(
        self,
        name: str,
        *,
        country: str | None = None,
        admin1_id: int | None = None,
        near: tuple[float, float] | None = None,
    ) -> list[Place]:
        """Like `lookup`, but only places whose name key equals the name's: no fuzzy guesses."""
        key = name_key(name)
        hits = self._ids_for_keys([key]).get(key, []) if key else []
        return self._rank(
            [(pid, kind, 0.0) for pid, kind in hits],
            country=country,
            admin1_id=admin1_id,
            near=near,
        )

    def _fuzzy_hits(self, key: str) -> list[tuple[int, int, float]]:
        if len(key) < 4:
            return []
        prefix = key[:3]
        rows = self._conn.execute(
            "SELECT key, place_id, kind FROM names WHERE key >= ? AND key < ?",
            (prefix, prefix + "\x7f"),
        ).fetchall()
        by_key: dict[str, list[tuple[int, int]]] = {}
        for k, pid, kind in rows:
            by_key.setdefault(str(k), []).append((int(pid), int(kind)))
        scored = process.extract(
            key, list(by_key), scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, limit=20
        )
        hits: list[tuple[int, int, float]] = []
        for candidate, similarity, _ in scored:
            # below an exact match in every case; similarity decides among fuzzy ones
            bonus = (similarity - 100.0) * 6.0 - 20.0
            hits.extend((pid, kind, bonus) for pid, kind in by_key[candidate])
        return hits

    def admin1(self, name: str, country: str | None = None) -> Place | None:
        cache_key = (name, country)
        if cache_key not in self._admin1_cache:
            self._admin1_cache[cache_key] = self._admin1(name, country)
        return self._admin1_cache[cache_key]

    def _admin1(self, name: str, country: str | None) -> Place | None:
        """The governorate/province (WOF region) called ``name``.

        Tolerates "Raqqa province", "Deir Ez Zour province", "Idlib countryside",
        "Hasaka": a region indexed under the whole name is taken first ("Northern Darfur",
        "Sahel Region"), else words around the name are removed, then region names are
        matched by key, then fuzzily. A locality of that name stands in for its region when no
        region matches ("Hasaka city" → Al-Hasakah governorate).
        """
        whole = name_key(name)
        named = self._ids_for_keys([whole]).get(whole, []) if whole else []
        for place in self._rank(
            [(pid, kind, 0.0) for pid, kind in named], country=country, admin1_id=None, near=None
        ):
            # a region indexed under the very words, direction and kind included:
            # "Northern Darfur", "Southern Kordofan State", "Sahel Region"
            if place.placetype == "region" and (country is None or place.country == country):
                return place
        core = _ADMIN_NOISE.sub(" ", name).strip()
        key = name_key(core or name)
        if not key:
            return None
        if _RURAL.search(name):
            # "Damascus countryside", "Rural Damascus", "Reef Dimashq" are the
            # governorate "Rif Dimashq" (rif = countryside) where one exists
            region = self._admin1(core, country)
            if region is not None:
                rif = self._rif_of(region)
                if rif is not None:
                    return rif
        exact = self._ids_for_keys([key]).get(key, [])
        hits = [(pid, kind, 0.0) for pid, kind in exact]
        for place in self._rank(hits, country=country, admin1_id=None, near=None):
            if place.placetype == "region" and (country is None or place.country == country):
                return place
        for place in self._rank(self._fuzzy_hits(key), country=country, admin1_id=None, near=None):
            if place.placetype == "region" and (country is None or place.country == country):
                return place
        # a city named like its governorate
        for place in self._rank(hits, country=country, admin1_id=None, near=None):
            if (
                place.placetype == "locality"
                and place.admin1_id is not None
                and (place.population or (place.feature_code or "").startswith("PPLA"))
            ):
                region = self.get(place.admin1_id)
                if (
                    region is not None
                    and name_key(region.name) != ""
                    and (country is None or region.country == country)
                ):
                    return region
        return None

    def _rif_of(self, region: Place) -> Place | None:
        """The "Rif X" (countryside of X) region of a city-region X, if there is one."""
        rows = self._conn.execute(
            "SELECT key, place_id FROM names WHERE key > 'rif' AND key < 'rig'"
        ).fetchall()
        for key, pid in rows:
            rif = self.get(int(pid))
            if rif is None or rif.placetype != "region" or rif.country != region.country:
                continue
            rest = str(key)[3:]
            if any(p == region.id for p, _ in self._ids_for_keys([rest]).get(rest, [])):
                return rif
        return None

    # ---------------------------------------------------------------- text scanning

    def _key_set(self) -> frozenset[str]:
        if self._keys is None:
            self._keys = frozenset(
                str(k) for (k,) in self._conn.execute("SELECT DISTINCT key FROM names")
            )
        return self._keys

    def find_in_text(self, text: str) -> list[Match]:
        """Spans of ``text`` that name places in the gazetteer, in order.

        The text is cut into runs of capitalised words (connectors such as al-, ez-, bin,
        Abu allowed inside). Within a run, the longest span of 1-4 capitalised words whose
        key is in the index wins, and the scan goes on after it. A one-word span is kept
        only if it is not a stopword and its neighbours in the run are stopwords or
        place words ("Raqqa City", "The Hajin"): "Samer Hussein" or "Fort Russ News" are
        names of people and outlets even though Hussein and Fort are villages.
        The key set is loaded on first use.
        """
        keys = self._key_set()
        tokens = _tokens(text)
        found: list[tuple[int, int, str]] = []
        for run in _runs(text, tokens):
            pos = 0  # position in run; a name may start with Abu/Umm/Al ("Abu Kamal")
            while pos < len(run):
                hit = self._longest_at(text, tokens, run, pos, keys)
                if hit is None:
                    pos += 1
                    continue
                end_pos, key = hit
                first, last = tokens[run[pos]], tokens[run[end_pos]]
                found.append((first.start, last.end, key))
                pos = end_pos + 1
        if not found:
            return []
        ids = self._ids_for_keys([k for _, _, k in found])
        return [
            Match(s, e, text[s:e], tuple(sorted({pid for pid, _ in ids.get(k, [])})))
            for s, e, k in found
        ]

    @staticmethod
    def _longest_at(
        text: str, tokens: list[_Token], run: list[int], pos: int, keys: frozenset[str]
    ) -> tuple[int, str] | None:
        """The longest span run[pos..end] whose key is in ``keys``: (end, key)."""
        candidates: list[int] = []
        caps = 0
        for end in range(pos, len(run)):
            tok = tokens[run[end]]
            if not tok.connector:
                caps += 1
                if caps > _MAX_NAME_WORDS:
                    break
                candidates.append(end)
        start_tok = tokens[run[pos]]
        if not start_tok.connector and name_key(start_tok.text) in _FUNCTION_WORDS:
            return None  # "The Raqqa campaign": the name starts after "The"
        for end in reversed(candidates):
            surface = text[start_tok.start : tokens[run[end]].end]
            key = name_key(surface)
            if len(key) < 3 or key not in keys:
                continue
            words = [t for t in (tokens[i] for i in run[pos : end + 1]) if not t.connector]
            if len(words) == 1 and not _single_word_ok(text, tokens, run, pos, end):
                continue
            return end, key
        return None
