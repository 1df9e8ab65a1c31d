"""Web app latency: the incidents list, an incident, and the map on a large database.

The issue asks for the incidents list (JSON API and HTML page) to answer within 150 ms at
the 95th percentile, and the map endpoint within 500 ms, on a database of 100,000
incidents and 500,000 mentions. Ingesting that many articles would take hours, so this
script builds the database directly (not timed; progress is printed): it opens a project
once so the migrations run, then bulk-inserts fictional blobs, documents, articles (one per
document), mentions and incidents with SQLAlchemy Core, the incidents' indexed columns
filled by civharm's own `index_row`. Then it starts `civharm serve` on a free port
and, with one keep-alive `httpx.Client` holding a viewer's API token, times:

* `GET /openapi.json`: a static response, the server's floor;
* `GET /api/v1/incidents` and the page `GET /incidents`, with a mix of filters, sorts and
  pages (cycled in a fixed order);
* `GET /api/v1/map` with a whole country at zoom 6 and a city at zoom 11;
* `GET /incidents/{id}` and `GET /api/v1/incidents/{id}` for random incidents.

Each group gets 10 warm-up requests, then `--requests` timed ones, one at a time. When a
bar is missed, the slow endpoint's store query is profiled in-process (the SQL statements
it runs, their timings and `EXPLAIN QUERY PLAN`, and cProfile's top functions).

It prints the figures, writes `benchmarks/results/web.json` and adds a row to the
"## Web app" section of `benchmarks/RESULTS.md`.

ALL DATA GENERATED HERE IS FICTIONAL: incidents, figures, outlets and quotations are
invented (seeded, deterministic); real town names and coordinates from the packaged
gazetteer are used only so that the data resembles what civharm stores.

Usage::

    .venv/bin/python benchmarks/bench_web.py --incidents 100000 --mentions 500000
    .venv/bin/python benchmarks/bench_web.py --incidents 2000 --mentions 10000 --no-save
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import hashlib
import io
import pstats
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx
import sqlalchemy as sa

import civharm
from benchmarks.bench_ingest import machine, rss_mb
from benchmarks.corpus import BACKGROUND, OUTLETS
from benchmarks.merge_corpus import ACTORS, CLAIMANTS, TARGETS, TOWNS
from benchmarks.results_md import RESULTS_DIR, RESULTS_MD, machine_cell, save_row
from civharm.gazetteer import Gazetteer
from civharm.store import Store, open_store
from civharm.store import tables as t
from civharm.store.store import IncidentFilters, _jsonable, index_row

SECTION = "## Web app"
SECTION_TEXT = f"""
{SECTION}

Rows are added by `benchmarks/bench_web.py`; the latest run's full figures (per query
variant, and a profile of any endpoint that misses its bar) are in `results/web.json`.

**Method.** A SQLite database of fictional incidents and mentions (seed 2024) is built
directly, not by ingesting (not timed): after `open_project` runs the migrations, blobs,
documents (one short article each, about ten incident sentences), mentions (figures,
`key`, `start`/`end` of their sentence) and incidents (2–8 sources each, the fields of
`merge.build`, the `incident_index` rows filled by civharm's `index_row`) are
bulk-inserted with SQLAlchemy Core. Incidents lie at the 57 Syrian, Iraqi and Yemeni towns
of `merge_corpus.py` (gazetteer coordinates, jittered by about 5 km), dated 2014–2020 (3%
undated), with varied grades and statuses; no `ANALYZE` is run, as civharm runs none.
`civharm serve` (uvicorn, one process) then answers one keep-alive `httpx` client on
127.0.0.1 holding a viewer's API token, one request at a time: per group 10 warm-up
requests, then *requests* timed ones (wall time of the request and its body). *List* and
*page* cycle six queries (no filter; `country=SY`; `admin1=…&sort=-killed`; `q=<town>`; a
`date_from`/`date_to` month; `page=50`); *map* cycles four bounding boxes (Syria and Iraq
at zoom 6, Mosul and Raqqa at zoom 11); *incident* is the page and the API record of
random incidents. Cells are p50 / p95 / p99 / max in ms; *floor* is `GET /openapi.json`,
p50 / p95. Bars (from the issue): p95 < 150 ms for the list API and page, p95 < 500 ms for
the map.

| date | commit | machine | incidents | mentions | requests | floor ms | list API ms | list page ms | map ms | incident page ms | incident API ms | bars met |
| --- | --- | --- | ---: | ---: | ---: | --- | --- | --- | --- | --- | --- | --- |
"""

# A few of each, invented for the benchmark.
_WEAPONS: tuple[tuple[str, str, str], ...] = (
    # (phrase, event type, weapon)
    ("an airstrike", "airstrike", "airstrike"),
    ("a drone strike", "drone", "drone"),
    ("artillery shelling", "shelling", "artillery"),
    ("a barrel bomb", "airstrike", "barrel bomb"),
    ("a car bomb", "attack", "car bomb"),
    ("a rocket attack", "missile", "rocket"),
    ("a mortar attack", "shelling", "mortar"),
)
_TEMPLATES = (
    "{Weapon} hit {target} in {town} on {day}, killing {killed} and wounding {injured}, "
    "{claimant} said.",
    "At least {killed} civilians were killed when {weapon} struck {target} in {town} on "
    "{day}, according to {claimant}.",
    "{Claimant} said {killed} people died and {injured} were hurt after {weapon} hit {target} "
    "in {town} on {day}.",
    "In {town}, {weapon} blamed on {perpetrator} killed {killed} people at {target} on {day}, "
    "{claimant} reported.",
)
_GRADES = (("weak", 45), ("fair", 30), ("confirmed", 10), ("contested", 10), ("discounted", 5))
_STATUSES = (("machine", 70), ("reviewed", 20), ("confirmed", 7), ("discounted", 3))
_VICTIMS = (("civilians", 85), ("unknown", 10), ("military", 5))
_COUNTRY = {"SY": "Syria", "IQ": "Iraq", "YE": "Yemen"}
_EPOCH = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
_FIRST_DAY = dt.date(2014, 1, 1)
_DAYS = (dt.date(2020, 12, 31) - _FIRST_DAY).days + 1

# Bounding boxes (west, south, east, north) and zooms the map is asked for.
MAP_VIEWS: tuple[tuple[str, tuple[float, float, float, float], int], ...] = (
    ("Syria, zoom 6", (35.5, 32.3, 42.5, 37.4), 6),
    ("Iraq, zoom 6", (38.7, 29.0, 48.7, 37.4), 6),
    ("Mosul, zoom 11", (42.98, 36.27, 43.27, 36.41), 11),
    ("Raqqa, zoom 11", (38.86, 35.88, 39.15, 36.02), 11),
)


@dataclass(frozen=True)
class Spot:
    """A town as the gazetteer knows it: where generated incidents happen."""

    place: str
    mentioned: str
    place_id: int
    admin1: str | None
    country: str
    lat: float
    lon: float


def spots(gazetteer: Gazetteer) -> list[Spot]:
    found = []
    for town in TOWNS:
        hits = gazetteer.lookup(town.name, country=town.code)
        if hits:
            p = hits[0]
            found.append(Spot(p.name, town.name, p.id, p.admin1, p.country, p.lat, p.lon))
    return found


def _weighted(rng: random.Random, options: Sequence[tuple[str, int]]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


@dataclass
class _Incident:
    """An incident being generated: its facts, then its sources as documents are laid out."""

    id: str
    spot: Spot
    lat: float
    lon: float
    precision: str
    day: dt.date | None
    weapon: tuple[str, str, str]
    target: str
    perpetrator: str | None
    victims: str
    claimants: list[str]
    killed: list[tuple[int | None, int | None]]  # per mention
    injured: list[tuple[int | None, int | None]]
    children: int | None
    grade: str
    status: str
    sources: list[dict[str, Any]] = field(default_factory=list)
    placed: list[tuple[int, int, int, int]] = field(default_factory=list)  # doc, ordinal, s, e


@dataclass
class Built:
    """What the builder made: counts, ids to ask for, and the viewer's API token."""

    counts: dict[str, int]
    incident_ids: list[str]
    admin1s: list[str]
    towns: list[str]
    token: str
    seconds: float


def _figures(rng: random.Random, n: int, scale: float) -> list[tuple[int | None, int | None]]:
    """Each mention's (min, max): mostly the same toll, some lower, some ranges, few unknown."""
    toll = max(0, int(rng.paretovariate(1.3) * scale) - 1)
    out: list[tuple[int | None, int | None]] = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.05:
            out.append((None, None))
        elif roll < 0.25:
            low = max(0, toll - rng.randint(1, 3))
            out.append((low, low))
        elif roll < 0.35:
            out.append((toll, toll + rng.randint(1, 5)))
        else:
            out.append((toll, toll))
    return out


def _span(pairs: Sequence[tuple[int | None, int | None]]) -> tuple[int | None, int | None]:
    lows = [a for a, _ in pairs if a is not None]
    highs = [b for _, b in pairs if b is not None]
    return (min(lows) if lows else None, max(highs) if highs else None)


def _counts(rng: random.Random, incidents: int, mentions: int) -> list[int]:
    """Mentions per incident, 2-8 each, summing to `mentions`."""
    counts = [2] * incidents
    left = mentions - 2 * incidents
    open_ = list(range(incidents))
    while left > 0:
        k = rng.randrange(len(open_))
        idx = open_[k]
        counts[idx] += 1
        left -= 1
        if counts[idx] == 8:
            open_[k] = open_[-1]
            open_.pop()
    return counts


def _make_incidents(rng: random.Random, places: list[Spot], counts: list[int]) -> list[_Incident]:
    out = []
    for n, count in enumerate(counts):
        spot = rng.choice(places)
        town_level = rng.random() < 0.9
        lat = spot.lat + (rng.gauss(0, 0.04) if town_level else 0.0)
        lon = spot.lon + (rng.gauss(0, 0.04) if town_level else 0.0)
        day = None if rng.random() < 0.03 else _FIRST_DAY + dt.timedelta(rng.randrange(_DAYS))
        killed = _figures(rng, count, 4.0)
        contested = rng.random() < 0.1
        out.append(
            _Incident(
                id="inc-" + hashlib.sha1(f"bench-web-{n}".encode()).hexdigest()[:12],
                spot=spot,
                lat=round(lat, 5),
                lon=round(lon, 5),
                precision="town" if town_level else "admin2",
                day=day,
                weapon=rng.choice(_WEAPONS),
                target=rng.choice(TARGETS),
                perpetrator=rng.choice(ACTORS[spot.country]) if rng.random() < 0.85 else None,
                victims=_weighted(rng, _VICTIMS),
                claimants=sorted(rng.sample(CLAIMANTS[spot.country], rng.randint(1, 2))),
                killed=killed,
                injured=_figures(rng, count, 6.0),
                children=rng.randint(0, 5) if rng.random() < 0.2 else None,
                grade="contested" if contested else _weighted(rng, _GRADES[:3] + _GRADES[4:]),
                status=_weighted(rng, _STATUSES),
            )
        )
    return out


def _sentence(rng: random.Random, inc: _Incident, slot: int) -> str:
    kmin, kmax = inc.killed[slot]
    imin, _ = inc.injured[slot]
    killed = "an unknown number of people" if kmin is None else str(kmin)
    if kmin is not None and kmax is not None and kmax > kmin:
        killed = f"{kmin} to {kmax}"
    day = inc.day.strftime("%B %-d, %Y") if inc.day else "last week"
    claimant = rng.choice(inc.claimants)
    return rng.choice(_TEMPLATES).format(
        Weapon=inc.weapon[0][0].upper() + inc.weapon[0][1:],
        weapon=inc.weapon[0],
        target=inc.target,
        town=inc.spot.mentioned,
        day=day,
        killed=killed,
        injured="several" if imin is None else str(imin),
        claimant=claimant,
        Claimant=claimant[0].upper() + claimant[1:],
        perpetrator=inc.perpetrator or "unknown attackers",
    )


T = TypeVar("T")


def _chunks(rows: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _incident_record(inc: _Incident) -> dict[str, Any]:
    """The incident's `data`, with the fields `merge.build` writes."""
    outlets = sorted({s["outlet"] for s in inc.sources})
    perps = [inc.perpetrator] if inc.perpetrator else []
    record: dict[str, Any] = {
        "event_type": inc.weapon[1],
        "date": inc.day.isoformat() if inc.day else None,
        "date_end": inc.day.isoformat() if inc.day else None,
        "date_precision": "day" if inc.day else "unknown",
        "date_hint": None if inc.day else "last week",
        "place": inc.spot.place,
        "place_mentioned": inc.spot.mentioned,
        "place_id": inc.spot.place_id,
        "admin1": inc.spot.admin1,
        "country": inc.spot.country,
        "lat": inc.lat,
        "lon": inc.lon,
        "geo_precision": inc.precision,
        "perpetrator": inc.perpetrator,
        "victims": inc.victims,
        "children_killed": inc.children,
        "women_killed": None,
        "weapons": [inc.weapon[2]],
        "targets": [inc.target.split(" ", 1)[1]],
        "claimants": inc.claimants,
        "contested": [*perps, "regime forces"] if inc.grade == "contested" else [],
        "n_reports": len(inc.sources),
        "n_stories": len(inc.sources),
        "n_independent_sources": len(outlets),
        "claimant_chains": sorted({f"{o} ← {c}" for o in outlets for c in inc.claimants[:1]}),
        "sources": inc.sources,
        "grade": inc.grade,
    }
    record["killed_min"], record["killed_max"] = _span(inc.killed)
    record["injured_min"], record["injured_max"] = _span(inc.injured)
    record["casualties_min"] = record["casualties_max"] = None
    return record


def build_database(
    db: Path,
    *,
    incidents: int,
    mentions: int,
    seed: int = 2024,
    per_document: int = 10,
    progress: Callable[[str], None] | None = None,
) -> Built:
    """A SQLite database at `db` with `incidents` incidents and `mentions` mentions.

    Deterministic for a seed. `mentions` must be 2-8 times `incidents`.
    """
    if not 2 * incidents <= mentions <= 8 * incidents:
        raise ValueError("mentions must be between 2 and 8 times the incidents")
    say = progress or (lambda _line: None)
    started = time.perf_counter()
    rng = random.Random(seed)
    project = civharm.open_project(db=f"sqlite:///{db}", user="bench")
    try:
        with Gazetteer.open() as gazetteer:
            places = spots(gazetteer)
        found = _make_incidents(rng, places, _counts(rng, incidents, mentions))
        say(f"  generated {len(found)} incidents ({time.perf_counter() - started:.1f} s)")

        # Mentions in date order, about `per_document` to a document: a document reports
        # incidents of the same few days.
        slots = [
            (inc.day or _FIRST_DAY, n, j)
            for n, inc in enumerate(found)
            for j in range(len(inc.killed))
        ]
        rng.shuffle(slots)
        slots.sort(key=lambda s: s[0])
        n_docs = max(1, -(-len(slots) // per_document))
        engine = project.store.engine
        made = 0
        with engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA synchronous=OFF")
            for batch in _chunks(_documents(rng, found, slots, n_docs, per_document), 5000):
                conn.execute(t.blobs.insert(), [r["blob"] for r in batch])
                conn.execute(t.documents.insert(), [r["document"] for r in batch])
                conn.execute(t.articles.insert(), [r["article"] for r in batch])
                conn.execute(t.custody.insert(), [r["custody"] for r in batch])
                made += len(batch)
                if made % 10_000 < 5000 or made == n_docs:
                    say(f"  documents: {made}/{n_docs} ({time.perf_counter() - started:.1f} s)")
        with engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA synchronous=OFF")
            done = 0
            rows = zip(_incident_rows(found), _index_rows(found), strict=True)
            for pairs in _chunks(rows, 10_000):
                conn.execute(t.incidents.insert(), [row for row, _ in pairs])
                conn.execute(t.incident_index.insert(), [index for _, index in pairs])
                done += len(pairs)
                if done % 50_000 == 0 or done == len(found):
                    say(f"  incidents: {done}/{len(found)} ({time.perf_counter() - started:.1f} s)")
        with engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA synchronous=OFF")
            done = 0
            for batch in _chunks(_mention_rows(found), 20_000):
                conn.execute(t.mentions.insert(), batch)
                done += len(batch)
                if done % 100_000 == 0 or done == len(slots):
                    say(f"  mentions: {done}/{len(slots)} ({time.perf_counter() - started:.1f} s)")
        project.add_user("bench", role="viewer")
        token = project.create_token("bench")
        counts = project.counts()
    finally:
        project.close()
    return Built(
        counts=counts,
        incident_ids=[inc.id for inc in found],
        admin1s=sorted({p.admin1 for p in places if p.admin1}),
        towns=sorted({p.mentioned for p in places}),
        token=token,
        seconds=time.perf_counter() - started,
    )


def _documents(
    rng: random.Random,
    found: list[_Incident],
    slots: list[tuple[dt.date, int, int]],
    n_docs: int,
    per_document: int,
) -> Iterator[dict[str, Any]]:
    """Each document's rows; fills every incident's `sources` and `placed` on the way."""
    version = civharm.__version__
    for d in range(n_docs):
        mine = slots[d * per_document : (d + 1) * per_document]
        if not mine:
            break
        outlet, _site = rng.choice(OUTLETS)
        published = max(s[0] for s in mine) + dt.timedelta(rng.randint(0, 2))
        first = found[mine[0][1]]
        title = f"Civilians killed in {first.spot.mentioned} as strikes continue"
        head = f"{title}\n\nSource: {outlet}\n{published.strftime('%B %-d, %Y')} – {outlet} –\n\n"
        parts = [head]
        at = len(head)
        doc_id = f"bench-web/{d + 1:06d}.txt"
        placed = []
        for ordinal, (_day, n, j) in enumerate(mine):
            inc = found[n]
            if rng.random() < 0.5:
                filler = (
                    rng.choice(BACKGROUND).format(
                        country=_COUNTRY[inc.spot.country], province=inc.spot.admin1
                    )
                    + " "
                )
                parts.append(filler)
                at += len(filler)
            sentence = _sentence(rng, inc, j)
            placed.append((inc, ordinal, at, at + len(sentence), sentence))
            parts.append(sentence + "\n\n")
            at += len(sentence) + 2
        text = "".join(parts)
        data = text.encode()
        sha = hashlib.sha256(data).hexdigest()
        for inc, ordinal, start, end, sentence in placed:
            inc.sources.append(
                {
                    "doc_id": doc_id,
                    "title": title,
                    "outlet": outlet,
                    "published": published.isoformat(),
                    "quote": sentence,
                    "start": start,
                    "end": end,
                    "mention_key": f"{sha}:{start}",
                }
            )
            inc.placed.append((d, ordinal, start, end))
        seen = _EPOCH + dt.timedelta(seconds=d)
        yield {
            "blob": {
                "sha256": sha,
                "size": len(data),
                "media_type": "text/plain",
                "first_seen": seen,
            },
            "document": {
                "sha256": sha,
                "doc_id": doc_id,
                "container_sha256": None,
                "origin": f"/bench/{doc_id}",
                "media_type": "text/plain",
                "size": len(data),
                "text": text,
                "structure": {"headings": [], "breaks": []},
                "title": title,
                "author": None,
                "outlet": outlet,
                "published": published,
                "url": None,
                "captured": None,
                "first_seen": seen,
                "processed_by": {"extract": "bench-web"},
                "default_published": None,
                "default_outlet": None,
            },
            "article": {
                "id": d + 1,
                "document_sha256": sha,
                "ordinal": 0,
                "start": 0,
                "end": len(text),
                "body_start": len(head),
                "body_end": len(text),
                "title": title,
                "byline": None,
                "outlet": outlet,
                "published": published,
                "published_source": "dateline",
                "dateline": None,
                "language": "en",
                "text": text,
                "boilerplate": [],
                "story_id": None,
                "credit": None,
            },
            "custody": {
                "sha256": sha,
                "at": seen,
                "action": "ingest",
                "origin": f"/bench/{doc_id}",
                "user": "bench",
                "civharm_version": version,
                "detail": None,
            },
        }


def _incident_rows(found: list[_Incident]) -> Iterator[dict[str, Any]]:
    for n, inc in enumerate(found):
        record = _incident_record(inc)
        stamp = _EPOCH + dt.timedelta(seconds=n)
        yield {
            "id": inc.id,
            "status": inc.status,
            "grade": inc.grade,
            "data": _jsonable(record),
            "created": stamp,
            "updated": stamp,
        }


def _index_rows(found: list[_Incident]) -> Iterator[dict[str, Any]]:
    for n, inc in enumerate(found):
        stamp = _EPOCH + dt.timedelta(seconds=n)
        yield index_row(inc.id, _incident_record(inc), status=inc.status, updated=stamp)


def _mention_rows(found: list[_Incident]) -> Iterator[dict[str, Any]]:
    for inc in found:
        for j, (d, ordinal, start, end) in enumerate(inc.placed):
            source = inc.sources[j]
            kmin, kmax = inc.killed[j]
            imin, imax = inc.injured[j]
            yield {
                "article_id": d + 1,
                "incident_id": inc.id,
                "ordinal": ordinal,
                "event_type": inc.weapon[1],
                "date": inc.day,
                "date_end": inc.day,
                "date_precision": "day" if inc.day else "unknown",
                "place": inc.spot.place,
                "place_mentioned": inc.spot.mentioned,
                "admin1": inc.spot.admin1,
                "country": inc.spot.country,
                "lat": inc.spot.lat,
                "lon": inc.spot.lon,
                "geo_precision": inc.precision,
                "data": {
                    "place_id": inc.spot.place_id,
                    "date_hint": None if inc.day else "last week",
                    "perpetrator": inc.perpetrator,
                    "victims": inc.victims,
                    "killed_min": kmin,
                    "killed_max": kmax,
                    "injured_min": imin,
                    "injured_max": imax,
                    "casualties_min": None,
                    "casualties_max": None,
                    "children_killed": inc.children,
                    "women_killed": None,
                    "vague": [] if kmin is not None else ["an unknown number"],
                    "weapons": [inc.weapon[2]],
                    "targets": [inc.target.split(" ", 1)[1]],
                    "claimants": inc.claimants,
                    "hedges": [],
                    "contested": [],
                    "evidence": [[start, end]],
                    "acknowledged": False,
                },
                "start": start,
                "end": end,
                "extractor_version": "bench-web",
                "key": source["mention_key"],
            }


# --------------------------------------------------------------------------------------
# Serving and timing
# --------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_server(db: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    civ = Path(sys.executable).with_name("civharm")
    command = [str(civ)] if civ.exists() else [sys.executable, "-m", "civharm"]
    out = log.open("wb")
    return subprocess.Popen(
        [*command, "serve", "--db", f"sqlite:///{db}", "--port", str(port)],
        stdout=out,
        stderr=subprocess.STDOUT,
    )


def wait_until_up(client: httpx.Client, server: subprocess.Popen[bytes], timeout: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if server.poll() is not None:
            raise RuntimeError(f"civharm serve exited with {server.returncode}")
        try:
            if client.get("/openapi.json").status_code == 200:
                return time.perf_counter() - start
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"civharm serve did not answer within {timeout:.0f} s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def percentiles(ms: Sequence[float]) -> dict[str, float]:
    ordered = sorted(ms)

    def at(q: float) -> float:
        # nearest rank
        return ordered[min(len(ordered) - 1, max(0, int(-(-q * len(ordered) // 1)) - 1))]

    return {
        "n": len(ordered),
        "p50": statistics.median(ordered),
        "p95": at(0.95),
        "p99": at(0.99),
        "max": ordered[-1],
        "mean": statistics.fmean(ordered),
    }


def measure(
    client: httpx.Client,
    urls: Sequence[tuple[str, str]],
    requests: int,
    warmup: int = 10,
) -> dict[str, Any]:
    """Time `requests` GETs cycling through `urls` (label, url) after `warmup` untimed ones.

    Warm-up takes the first `warmup` URLs and timing goes on from there, so a list of
    `requests + warmup` distinct URLs is never timed on a warmed-up one.
    """
    for n in range(warmup):
        client.get(urls[n % len(urls)][1])
    by_label: dict[str, list[float]] = {}
    every: list[float] = []
    errors: dict[str, int] = {}
    for n in range(requests):
        label, url = urls[(warmup + n) % len(urls)]
        start = time.perf_counter()
        response = client.get(url)
        _ = response.content
        ms = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            errors[f"{response.status_code} {url}"] = (
                errors.get(f"{response.status_code} {url}", 0) + 1
            )
        every.append(ms)
        by_label.setdefault(label, []).append(ms)
    return {
        **percentiles(every),
        "errors": errors,
        "variants": {label: percentiles(v) for label, v in by_label.items()},
    }


def list_queries(built: Built, rng: random.Random) -> list[tuple[str, str]]:
    admin1 = "Ninawa" if "Ninawa" in built.admin1s else built.admin1s[0]
    town = "Mosul" if "Mosul" in built.towns else built.towns[0]
    month = dt.date(2017, 1, 1) + dt.timedelta(days=rng.randrange(36) * 30)
    return [
        ("no filter", ""),
        ("country=SY", "country=SY"),
        ("admin1 by killed", f"admin1={admin1}&sort=-killed"),
        (f"q={town.lower()}", f"q={town.lower()}"),
        ("date range (a month)", f"date_from={month}&date_to={month + dt.timedelta(days=30)}"),
        ("page=50", "page=50"),
    ]


def _map_url(bbox: tuple[float, float, float, float], zoom: int) -> str:
    west, south, east, north = bbox
    params = {"west": west, "south": south, "east": east, "north": north, "zoom": zoom}
    return f"/api/v1/map?{httpx.QueryParams(params)}"


def _query(params: str) -> str:
    return f"?{httpx.QueryParams(params)}" if params else ""


# --------------------------------------------------------------------------------------
# Profiling a slow endpoint
# --------------------------------------------------------------------------------------


def _filters(params: str) -> tuple[IncidentFilters, str, int]:
    """The store's arguments for an API query string."""
    q = dict(httpx.QueryParams(params))
    date_from, date_to = q.pop("date_from", None), q.pop("date_to", None)
    filters = IncidentFilters(
        date_from=dt.date.fromisoformat(date_from) if date_from else None,
        date_to=dt.date.fromisoformat(date_to) if date_to else None,
        place=q.get("place"),
        admin1=q.get("admin1"),
        country=q.get("country"),
        q=q.get("q"),
    )
    return filters, q.get("sort", "-date"), int(q.get("page", "1"))


def _store_call(store: Store, what: str, params: str) -> Callable[[], Any]:
    """The store call an endpoint makes for `params` (a query string, or `bbox|zoom`)."""
    if what == "map":
        west, south, east, north = (float(x) for x in params.split("|")[0].split(","))
        zoom = int(params.split("|")[1])

        def cells() -> Any:
            return store.map_cells(
                IncidentFilters(), cell=360 / (2 ** (zoom + 3)), bbox=(west, south, east, north)
            )

        return cells
    filters, sort, page = _filters(params)

    def listing() -> Any:
        return store.list_incidents(filters, sort=sort, page=page, per_page=50)

    return listing


def profile_store(db: Path, queries: Sequence[tuple[str, str]], what: str) -> dict[str, Any]:
    """Run the store queries behind an endpoint in-process: SQL, timings, plans, profile."""
    store = open_store(f"sqlite:///{db}")
    out: dict[str, Any] = {"what": what, "queries": []}
    try:
        statements: list[tuple[str, Any]] = []

        def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
            statements.append((statement, parameters))

        for label, params in queries:
            statements.clear()
            sa.event.listen(store.engine, "before_cursor_execute", capture)
            try:
                call = _store_call(store, what, params)
                call()
            finally:
                sa.event.remove(store.engine, "before_cursor_execute", capture)
            runs = []
            for _ in range(3):
                start = time.perf_counter()
                call()
                runs.append((time.perf_counter() - start) * 1000)
            entry: dict[str, Any] = {"label": label, "store_ms_best": min(runs), "statements": []}
            with store.engine.connect() as conn:
                raw = conn.connection.dbapi_connection
                assert raw is not None
                for statement, parameters in statements:
                    start = time.perf_counter()
                    raw.execute(statement, parameters).fetchall()
                    ms = (time.perf_counter() - start) * 1000
                    plan = [
                        row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + statement, parameters)
                    ]
                    entry["statements"].append(
                        {
                            "sql": " ".join(statement.split()),
                            "params": list(parameters),
                            "ms": ms,
                            "plan": plan,
                        }
                    )
            profiler = cProfile.Profile()
            profiler.enable()
            call()
            profiler.disable()
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(12)
            entry["cprofile_top"] = [line for line in text.getvalue().splitlines() if line.strip()][
                :30
            ]
            out["queries"].append(entry)
    finally:
        store.close()
    return out


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def _cell(group: dict[str, Any], full: bool = True) -> str:
    if not full:
        return f"{group['p50']:.1f} / {group['p95']:.1f}"
    return f"{group['p50']:.0f} / {group['p95']:.0f} / {group['p99']:.0f} / {group['max']:.0f}"


def results_row(result: dict[str, Any]) -> str:
    m, g = result["machine"], result["groups"]
    bars = result["bars"]
    cells = [
        result["date"],
        m["commit"],
        machine_cell(m),
        str(result["database"]["incidents"]),
        str(result["database"]["mentions"]),
        str(result["requests"]),
        _cell(g["openapi"], full=False),
        _cell(g["list_api"]),
        _cell(g["list_page"]),
        _cell(g["map"]),
        _cell(g["incident_page"]),
        _cell(g["incident_api"]),
        ", ".join(f"{k} {'yes' if v['met'] else 'NO'}" for k, v in bars.items()),
    ]
    return "| " + " | ".join(cells) + " |\n"


def _show(name: str, group: dict[str, Any]) -> None:
    errors = sum(group["errors"].values()) if "errors" in group else 0
    print(
        f"  {name:<14} p50 {group['p50']:7.1f}  p95 {group['p95']:7.1f}  p99 "
        f"{group['p99']:7.1f}  max {group['max']:7.1f} ms  (n={group['n']}, errors {errors})"
    )
    for label, v in group.get("variants", {}).items():
        print(f"      {label:<26} p50 {v['p50']:7.1f}  p95 {v['p95']:7.1f}  max {v['max']:7.1f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--mentions", type=int, default=500_000)
    parser.add_argument("--requests", type=int, default=300, help="timed requests per group")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--db", type=Path, help="reuse a database this script built (with --keep)")
    parser.add_argument("--token", help="the API token printed when --db was built")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--no-save", action="store_true", help="do not write results files")
    args = parser.parse_args(argv)
    if not 2 * args.incidents <= args.mentions <= 8 * args.incidents:
        parser.error("--mentions must be 2 to 8 times --incidents")
    if args.db and not args.token:
        parser.error("--db needs --token")
    measured_on = machine()
    rng = random.Random(args.seed + 1)

    workdir = Path(tempfile.mkdtemp(prefix="civharm-web-"))
    try:
        if args.db:
            db = args.db
            with civharm.open_project(db=f"sqlite:///{db}") as project:
                counts = project.counts()
                ids = [r["id"] for r in project.store.incidents()]
            with Gazetteer.open() as gazetteer:
                places = spots(gazetteer)
            admin1s = sorted({p.admin1 for p in places if p.admin1})
            towns = sorted({p.mentioned for p in places})
            built = Built(counts, ids, admin1s, towns, args.token, 0.0)
        else:
            db = workdir / "web.db"
            print(f"building {db} ({args.incidents} incidents, {args.mentions} mentions):")
            built = build_database(
                db, incidents=args.incidents, mentions=args.mentions, seed=args.seed, progress=print
            )
            print(f"  built in {built.seconds:.1f} s: {built.counts}")
            if args.keep:
                print(f"  API token (for --db {db} --token …): {built.token}")
        size_mb = sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 1e6

        port = free_port()
        server = start_server(db, port, workdir / "serve.log")
        groups: dict[str, Any] = {}
        try:
            headers = {"Authorization": f"Bearer {built.token}"}
            with httpx.Client(
                base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=120
            ) as client:
                startup = wait_until_up(client, server, timeout=60)
                print(f"civharm serve answered on port {port} after {startup:.1f} s")
                n = args.requests
                queries = list_queries(built, rng)
                picks = rng.sample(built.incident_ids, min(len(built.incident_ids), n + 10))
                plan: list[tuple[str, list[tuple[str, str]]]] = [
                    ("openapi", [("openapi", "/openapi.json")]),
                    (
                        "list_api",
                        [(label, "/api/v1/incidents" + _query(p)) for label, p in queries],
                    ),
                    ("list_page", [(label, "/incidents" + _query(p)) for label, p in queries]),
                    ("map", [(label, _map_url(b, z)) for label, b, z in MAP_VIEWS]),
                    ("incident_page", [("page", f"/incidents/{i}") for i in picks]),
                    ("incident_api", [("api", f"/api/v1/incidents/{i}") for i in picks]),
                ]
                print(f"timing {n} requests per group (after 10 warm-up requests):")
                for name, urls in plan:
                    groups[name] = measure(client, urls, n)
                    if name.startswith("incident_"):
                        groups[name].pop("variants", None)
                    _show(name, groups[name])
        finally:
            stop_server(server)
        bars = {
            "list API p95 < 150 ms": {"p95": groups["list_api"]["p95"], "bar": 150.0},
            "list page p95 < 150 ms": {"p95": groups["list_page"]["p95"], "bar": 150.0},
            "map p95 < 500 ms": {"p95": groups["map"]["p95"], "bar": 500.0},
        }
        for bar in bars.values():
            bar["met"] = bar["p95"] < bar["bar"]
        for name, bar in bars.items():
            verdict = "met" if bar["met"] else "MISSED"
            print(f"  bar {name}: p95 {bar['p95']:.1f} ms: {verdict}")
        profiles = []
        if not (bars["list API p95 < 150 ms"]["met"] and bars["list page p95 < 150 ms"]["met"]):
            print("profiling store.list_incidents in-process:")
            profiles.append(profile_store(db, queries, "list_incidents"))
        if not bars["map p95 < 500 ms"]["met"]:
            print("profiling store.map_cells in-process:")
            views = [(label, ",".join(map(str, b)) + f"|{z}") for label, b, z in MAP_VIEWS]
            profiles.append(profile_store(db, views, "map"))
        for profile in profiles:
            for q in profile["queries"]:
                print(f"  {profile['what']} {q['label']}: {q['store_ms_best']:.1f} ms")
                for s in q["statements"]:
                    print(f"    {s['ms']:8.1f} ms  {s['sql'][:110]}")
                    for step in s["plan"]:
                        print(f"               plan: {step}")
        result = {
            "date": dt.date.today().isoformat(),
            "machine": measured_on,
            "seed": args.seed,
            "database": {
                "incidents": built.counts["incidents"],
                "mentions": built.counts["mentions"],
                "documents": built.counts["documents"],
                "articles": built.counts["articles"],
                "size_mb": round(size_mb, 1),
                "build_seconds": round(built.seconds, 1),
            },
            "requests": args.requests,
            "client": "httpx.Client, keep-alive, one request at a time, 127.0.0.1",
            "server": "civharm serve (uvicorn, one process)",
            "list_queries": [{"label": label, "query": p} for label, p in queries],
            "map_views": [{"label": label, "bbox": b, "zoom": z} for label, b, z in MAP_VIEWS],
            "groups": groups,
            "bars": bars,
            "profiles": profiles,
            "peak_rss_mb": rss_mb(),
        }
        if not args.no_save:
            save_row("web", result, SECTION, SECTION_TEXT, results_row(result))
            print(f"wrote {RESULTS_DIR / 'web.json'} and a row in {RESULTS_MD}")
    finally:
        if args.keep and not args.db:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
