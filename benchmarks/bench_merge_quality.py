"""Merge quality: how well civharm groups copies into stories and mentions into incidents.

Reports of one incident come from several outlets in different words, and a third of them
are reprints; civharm should give one incident per event, with copies counted once. This
script generates a fictional corpus with known answers (`benchmarks/merge_corpus.py`: about
150 incidents, 400 reports), ingests it into a fresh SQLite database with
`civharm.open_project(db=…).ingest([folder])`, and scores what it built:

* **mentions**: each exported mention is mapped to its true incident by its file and the
  town it names (a file tells at most one incident per town); extracted vs expected,
  with the mentions that match nothing and the (file, incident) pairs that got none;
* **pairwise merge precision and recall** over pairs of mapped mentions: a pair is
  predicted-merged when both are in the same civharm incident (a mention without an
  incident is alone), true-merged when both tell the same invented incident. Also given
  for the pairs of *independent* reports only (different true stories), since copies of
  one text are the easy part;
* **stories**: planted copies whose article landed in its original's story, pairs of
  articles put in one story that are not copies of each other, and stories whose
  original is the one the copies credit;
* **sources**: incidents whose `n_independent_sources` equals the number of distinct
  outlets that wrote their own report of the true incident.

It prints the figures and some examples of wrong merges and splits, writes
`benchmarks/results/merge_quality.json` and adds a row to the "## Merge quality" section of
`benchmarks/RESULTS.md`.

Usage::

    .venv/bin/python benchmarks/bench_merge_quality.py
    .venv/bin/python benchmarks/bench_merge_quality.py --incidents 50 --no-save --keep
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import civharm
from benchmarks.bench_ingest import machine
from benchmarks.merge_corpus import TOWNS, generate, write
from benchmarks.results_md import RESULTS_DIR, RESULTS_MD, save_row
from civharm.gazetteer import Gazetteer
from civharm.place_names import name_key
from civharm.store import tables

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Merge quality"
NEAR_KM = 15.0  # a mention placed this close to a town of its file tells that town's incident

SECTION_TEXT = f"""
{SECTION}

Rows are added by `benchmarks/bench_merge_quality.py`; the latest run's full figures (and
examples of wrong merges and splits) are in `results/merge_quality.json`.

**Method.** `benchmarks/merge_corpus.py` (seed 2024) invents incidents — a real Syrian,
Iraqi or Yemeni town that the packaged gazetteer knows, a day in 2017–2019 (incidents in
one town at least 3 days apart), a toll, a weapon, a perpetrator — and has 1–4 invented
outlets each write their own short `.txt` report of it (title, `Source:` line, a
`March 3, 2018 – Outlet –` date line, body of about 120 words): different lead templates,
spelling variants of the town (Tal Afar/Tel Afar, Sharqat/Shirqat), digits or number
words, "at least N" or "N", a toll off by one or two, different claimants, a different
perpetrator in 12% of reports, the day as a weekday or "yesterday" relative to the
publication date or as an explicit date. 8% of reports have no date line; about 15% of
incidents get a follow-up days later with a higher toll and an explicit date; about 30% of
reports are near-verbatim reprints by another outlet (`Source: X (via Y)`, perhaps
trimmed or with a credit line); about one incident in six has a companion 0–3 days
earlier in another town of the same country that some of its reports also tell ("In a
separate attack…"). The corpus is ingested with `Project.ingest([folder])` into a fresh
SQLite database and the exports are scored against `truth.json`. Each mention maps to its
true incident by file and town (a file tells at most one incident per town). *Pairwise*
precision and recall count pairs of mapped mentions: predicted-merged when in the same
civharm incident, true-merged when they tell the same invented incident; *independent*
counts only pairs from different true stories (not copies of one text). *Copies found* is
planted copies in their original's story; *false copy pairs* are article pairs put in one
story that are not copies. *Sources right* is civharm incidents whose
`n_independent_sources` equals the number of distinct outlets that wrote their own report
of the (majority) true incident; in brackets, of the reports the incident holds.

| date | commit | incidents | reports | copies | mentions / expected | pairwise P | pairwise R | independent P | independent R | incidents / true | copies found | false copy pairs | sources right | ingest s |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
"""


# --------------------------------------------------------------------------------------
# Mapping mentions to the truth
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mapped:
    """A mention as scored: its civharm incident and its true incident (None: no match)."""

    id: int
    file: str
    incident: str | None  # civharm's incident id
    truth: str | None  # the invented incident's id
    story: str  # the true story (the original report's file)
    place: str | None
    date: str | None
    killed: str
    perpetrator: str | None


def _town_coordinates(gazetteer: Gazetteer) -> dict[str, tuple[float, float]]:
    out = {}
    for town in TOWNS:
        found = gazetteer.lookup(town.name, country=town.code)
        if found:
            out[town.name] = (found[0].lat, found[0].lon)
    return out


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def map_mentions(
    mentions: Iterable[dict[str, Any]],
    truth: dict[str, Any],
    coordinates: dict[str, tuple[float, float]],
) -> list[Mapped]:
    """Each mention's true incident: the one its file tells about the town it names (by
    name, else by distance to the town); None when its file tells nothing there."""
    out = []
    for m in mentions:
        report = truth["reports"].get(m["doc_id"])
        told = report["incidents"] if report else []
        names = {name_key(m.get("place_mentioned") or ""), name_key(m.get("place") or "")}
        hit = next((t["incident"] for t in told if name_key(t["town"]) in names), None)
        if hit is None and m.get("lat") is not None:
            near = [
                (_km((m["lat"], m["lon"]), coordinates[t["town"]]), t["incident"])
                for t in told
                if t["town"] in coordinates
            ]
            close = [n for n in near if n[0] <= NEAR_KM]
            hit = min(close)[1] if close else None
        out.append(
            Mapped(
                id=m["id"],
                file=m["doc_id"],
                incident=m.get("incident_id"),
                truth=hit,
                story=report["story"] if report else m["doc_id"],
                place=m.get("place_mentioned") or m.get("place"),
                date=str(m["date"]) if m.get("date") else m.get("date_hint"),
                killed=f"{m.get('killed_min')}-{m.get('killed_max')}",
                perpetrator=m.get("perpetrator"),
            )
        )
    return out


# --------------------------------------------------------------------------------------
# Scores
# --------------------------------------------------------------------------------------


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(mapped: Sequence[Mapped], *, independent: bool = False) -> dict[str, Any]:
    """Pairwise precision and recall over mapped mentions.

    With `independent`, only pairs whose two mentions come from different true stories
    count: a pair within one story (an original and its copies) is left out.
    """
    items = [m for m in mapped if m.truth is not None]

    def predicted(m: Mapped) -> str:
        return m.incident or f"alone:{m.id}"

    def count(key: Any) -> int:
        groups: dict[Any, list[Mapped]] = defaultdict(list)
        for m in items:
            groups[key(m)].append(m)
        if not independent:
            return sum(_pairs(len(g)) for g in groups.values())
        total = 0
        for g in groups.values():
            by_story = Counter(m.story for m in g)
            total += _pairs(len(g)) - sum(_pairs(n) for n in by_story.values())
        return total

    both = count(lambda m: (predicted(m), m.truth))
    merged = count(predicted)
    true = count(lambda m: m.truth)
    precision = both / merged if merged else 1.0
    recall = both / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "true_pairs": true,
        "predicted_pairs": merged,
        "correct_pairs": both,
    }


def mention_counts(mapped: Sequence[Mapped], truth: dict[str, Any]) -> dict[str, int]:
    expected = {(f, t["incident"]) for f, r in truth["reports"].items() for t in r["incidents"]}
    found = Counter((m.file, m.truth) for m in mapped if m.truth is not None)
    return {
        "extracted": len(mapped),
        "expected": len(expected),
        "mapped": sum(found.values()),
        "unmatched": sum(1 for m in mapped if m.truth is None),
        "unmatched_in_incident": sum(1 for m in mapped if m.truth is None and m.incident),
        "missing": len(expected - set(found)),
        "extra_same_incident": sum(n - 1 for n in found.values() if n > 1),
        "without_incident": sum(1 for m in mapped if m.truth is not None and not m.incident),
    }


def incident_scores(
    mapped: Sequence[Mapped], incidents: Sequence[dict[str, Any]], truth: dict[str, Any]
) -> dict[str, Any]:
    """Incidents against the truth: pure, complete, split, and the source counts."""
    by_incident: dict[str, list[Mapped]] = defaultdict(list)
    by_truth: dict[str, set[str]] = defaultdict(set)
    for m in mapped:
        if m.incident:
            by_incident[m.incident].append(m)
        if m.truth is not None:
            by_truth[m.truth].add(m.incident or f"alone:{m.id}")
    true_ids = {m.truth for m in mapped if m.truth is not None}
    sources_right = 0
    sources_right_held = 0
    sources_compared = 0
    sources_wrong: list[dict[str, Any]] = []
    pure = 0
    for record in incidents:
        members = by_incident.get(record["id"], [])
        truths = Counter(m.truth for m in members if m.truth is not None)
        if len(truths) == 1 and sum(truths.values()) == len(members):
            pure += 1
        if not truths:
            continue
        majority = truths.most_common(1)[0][0]
        outlets = truth["incidents"][majority]["original_outlets"]
        # The outlets whose own reports are among this incident's mentions.
        reports = truth["reports"]
        held = {reports[reports[m.file]["story"]]["outlet"] for m in members}
        sources_compared += 1
        sources_right_held += record["n_independent_sources"] == len(held)
        if record["n_independent_sources"] == len(outlets):
            sources_right += 1
        elif len(sources_wrong) < 8:
            sources_wrong.append(
                {
                    "incident": record["id"],
                    "truth": majority,
                    "n_independent_sources": record["n_independent_sources"],
                    "true_outlets": outlets,
                    "outlets_held": sorted(held),
                    "n_reports": record["n_reports"],
                    "claimant_chains": record["claimant_chains"],
                }
            )
    return {
        "civharm_incidents": len(incidents),
        "true_incidents_seen": len(true_ids),
        "true_incidents": len(truth["incidents"]),
        "pure_incidents": pure,
        "true_in_one_incident": sum(1 for ids in by_truth.values() if len(ids) == 1),
        "true_split": sum(1 for ids in by_truth.values() if len(ids) > 1),
        "sources_compared": sources_compared,
        "sources_right": sources_right,
        "sources_right_held": sources_right_held,
        "sources_wrong_examples": sources_wrong,
    }


def examples(mapped: Sequence[Mapped], limit: int = 6) -> dict[str, list[Any]]:
    """Some wrong merges (one civharm incident, several true ones) and splits."""
    by_incident: dict[str, list[Mapped]] = defaultdict(list)
    by_truth: dict[str, list[Mapped]] = defaultdict(list)
    for m in mapped:
        if m.incident:
            by_incident[m.incident].append(m)
        if m.truth is not None:
            by_truth[m.truth].append(m)

    def show(m: Mapped) -> dict[str, Any]:
        return {
            "file": m.file,
            "truth": m.truth,
            "incident": m.incident,
            "place": m.place,
            "date": m.date,
            "killed": m.killed,
            "perpetrator": m.perpetrator,
        }

    merges = [
        [show(m) for m in group]
        for group in by_incident.values()
        if len({m.truth for m in group}) > 1
    ]
    splits = [
        [show(m) for m in group]
        for group in by_truth.values()
        if len({m.incident or f"alone:{m.id}" for m in group}) > 1
    ]
    unmatched = [show(m) for m in mapped if m.truth is None]
    return {
        "wrong_merges": merges[:limit],
        "splits": splits[:limit],
        "unmatched_mentions": unmatched[:limit],
    }


def story_scores(project: civharm.Project, truth: dict[str, Any]) -> dict[str, Any]:
    """Copies found, false copy pairs and originals, from the articles' story ids."""
    a, d, s = tables.articles, tables.documents, tables.stories
    query = sa.select(a.c.id, a.c.story_id, d.c.doc_id).join(d, d.c.sha256 == a.c.document_sha256)
    with project.store.engine.connect() as conn:
        rows = conn.execute(query).all()
        originals = dict(conn.execute(sa.select(s.c.id, s.c.original_article_id)).all())
    story_of = {doc_id: story for _, story, doc_id in rows}
    article_of = {doc_id: article for article, _, doc_id in rows}
    reports = truth["reports"]
    copies = [f for f, r in reports.items() if r["copy_of"]]
    found = [
        f
        for f in copies
        if story_of.get(f) is not None and story_of.get(f) == story_of.get(reports[f]["copy_of"])
    ]
    members: dict[Any, list[str]] = defaultdict(list)
    for doc_id, story in story_of.items():
        if story is not None:
            members[story].append(doc_id)
    false_pairs = []
    for group in members.values():
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                if reports[first]["story"] != reports[second]["story"]:
                    false_pairs.append(sorted((first, second)))
    planted = {r["story"] for r in reports.values() if r["copy_of"]}
    right_original = sum(
        1
        for f in planted
        if story_of.get(f) is not None and originals.get(story_of[f]) == article_of[f]
    )
    return {
        "planted_copies": len(copies),
        "copies_found": len(found),
        "copies_missed_examples": sorted(set(copies) - set(found))[:8],
        "false_copy_pairs": len(false_pairs),
        "false_copy_examples": false_pairs[:8],
        "stories_with_copies": len(planted),
        "original_right": right_original,
    }


# --------------------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------------------


def results_row(result: dict[str, Any]) -> str:
    c, m, p, q = result["corpus"], result["mentions"], result["pairwise"], result["independent"]
    i, s = result["incidents"], result["stories"]
    cells = [
        result["date"],
        result["machine"]["commit"],
        str(c["incidents"]),
        str(c["reports"]),
        str(c["copies"]),
        f"{m['extracted']} / {m['expected']}",
        f"{p['precision']:.3f}",
        f"{p['recall']:.3f}",
        f"{q['precision']:.3f}",
        f"{q['recall']:.3f}",
        f"{i['civharm_incidents']} / {i['true_incidents']}",
        f"{s['copies_found']} / {s['planted_copies']}",
        str(s["false_copy_pairs"]),
        f"{i['sources_right']} ({i['sources_right_held']}) / {i['sources_compared']}",
        f"{result['ingest_seconds']:.1f}",
    ]
    return "| " + " | ".join(cells) + " |\n"


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def run(workdir: Path, size: int, seed: int) -> dict[str, Any]:
    """Generate `size` incidents, ingest and score; the result as saved."""
    corpus = generate(size, seed=seed)
    folder = write(corpus, workdir / "corpus")
    truth = json.loads((workdir / "corpus" / "truth.json").read_text())
    copies = sum(1 for r in corpus.reports if r.copy_of)
    print(
        f"corpus: {len(corpus.incidents)} incidents, {len(corpus.reports)} reports "
        f"({copies} copies) at {folder}"
    )
    db = f"sqlite:///{workdir / 'merge.db'}"
    with civharm.open_project(db=db, user="bench") as project:
        start = time.perf_counter()
        report = project.ingest([folder])
        seconds = time.perf_counter() - start
        print(
            f"ingest: {seconds:.1f} s, {report.new_documents} documents, "
            f"{report.articles} articles, {len(report.errors)} errors"
        )
        mentions = project.records("mentions")
        incidents = project.records("incidents")
        stories = story_scores(project, truth)
        mapped = map_mentions(mentions, truth, _town_coordinates(project.gazetteer))
    return {
        "date": dt.date.today().isoformat(),
        "machine": machine(),
        "corpus": {
            "incidents": len(corpus.incidents),
            "reports": len(corpus.reports),
            "copies": copies,
            "seed": seed,
            "two_incident_reports": sum(1 for r in corpus.reports if len(r.incidents) > 1),
        },
        "ingest_seconds": seconds,
        "errors": list(report.errors[:5]),
        "mentions": mention_counts(mapped, truth),
        "pairwise": pairwise(mapped),
        "independent": pairwise(mapped, independent=True),
        "incidents": incident_scores(mapped, incidents, truth),
        "stories": stories,
        "examples": examples(mapped),
    }


def describe(result: dict[str, Any]) -> None:
    m, p, q = result["mentions"], result["pairwise"], result["independent"]
    i, s = result["incidents"], result["stories"]
    print(
        f"mentions: {m['extracted']} extracted, {m['expected']} expected; {m['mapped']} mapped "
        f"to a true incident, {m['unmatched']} match none ({m['unmatched_in_incident']} of "
        f"them in an incident), {m['missing']} (file, incident) pairs without a mention, "
        f"{m['extra_same_incident']} second mentions of one incident in one file, "
        f"{m['without_incident']} mapped mentions left without an incident"
    )
    for label, scores in (("pairwise", p), ("independent pairs", q)):
        print(
            f"{label}: precision {scores['precision']:.3f}, recall {scores['recall']:.3f}, "
            f"F1 {scores['f1']:.3f} ({scores['correct_pairs']} correct of "
            f"{scores['predicted_pairs']} predicted, {scores['true_pairs']} true)"
        )
    print(
        f"incidents: {i['civharm_incidents']} civharm, {i['true_incidents']} true; "
        f"{i['pure_incidents']} pure; {i['true_in_one_incident']} true incidents in one "
        f"civharm incident, {i['true_split']} split"
    )
    print(
        f"stories: {s['copies_found']} / {s['planted_copies']} copies found, "
        f"{s['false_copy_pairs']} false copy pairs, original right in "
        f"{s['original_right']} / {s['stories_with_copies']} stories with copies"
    )
    print(
        f"sources: n_independent_sources equals the true incident's original outlets in "
        f"{i['sources_right']} / {i['sources_compared']} incidents, the original outlets of "
        f"the reports it holds in {i['sources_right_held']}"
    )
    for name, found in result["examples"].items():
        if found:
            print(f"{name} (first {len(found)}):")
            for example in found[:3]:
                print(f"  {json.dumps(example, default=str)}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--incidents", type=int, default=150)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--workdir", type=Path, help="where to write (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the corpus and database")
    parser.add_argument("--no-save", action="store_true", help="do not write results files")
    args = parser.parse_args(argv)

    temporary = args.workdir is None
    workdir: Path = Path(tempfile.mkdtemp(prefix="civharm-merge-")) if temporary else args.workdir
    if not temporary and (workdir / "merge.db").exists():
        parser.error(f"{workdir / 'merge.db'} exists: a fresh database is needed")
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        result = run(workdir, args.incidents, args.seed)
        describe(result)
        if not args.no_save:
            save_row("merge_quality", result, SECTION, SECTION_TEXT, results_row(result))
            print(f"wrote {RESULTS_DIR / 'merge_quality.json'} and a row in {RESULTS_MD}")
    finally:
        if args.keep or not temporary:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
