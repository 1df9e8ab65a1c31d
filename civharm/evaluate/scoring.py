"""Score extracted mentions or incidents against a hand-coded gold file.

Pure functions over export records (no database), so that ``civharm eval``, the tests and
any notebook score the same way. The gold format is that of ``eval/seeds-gold.json``:
``articles`` (key, title, byline, outlet, optional published, ``in``), ``syndication``
and ``incidents`` (key, required, article, place variants, admin1, figures, …).

How the pieces meet:

* A gold article lives in the documents named by its ``in`` entries. A doc_id matches an
  entry when it equals it or starts with it followed by a non-alphanumeric character
  ("001" matches "001_4d2f4ba04db9a048.txt", "report_01" matches "report_01.txt", a JSONL
  record id must be equal). WARC records have their URI as doc_id, so ``documents`` (with
  ``origin``) may be passed to match on the file they came from; an entry that still
  matches nothing falls back to finding the gold title in documents no entry claims.
* Inside a document, an extracted article title is assigned to a gold article by title
  (typographic quotes, dashes, whitespace and case normalised; a close fuzzy match is
  accepted and reported as a title difference). A document with a single gold article
  takes every title, so a mis-segmented title does not hide its incidents.
* A reprint coded as its own article with ``copy_of`` tells its original's incidents.
* A prediction matches a gold incident when one of its place names equals a gold variant
  under :func:`~civharm.place_names.name_key` (or rapidfuzz ``ratio`` ≥ 85 on the keys), or,
  for a gold incident placed only at province level, when its admin1 does. Ties are broken
  greedily, one to one: most stated figures in agreement, required before optional, the
  stronger place match, then order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from civharm.evaluate.gold_records import (
    _gold_articles,
    _gold_incidents,
    _GoldArticle,
    _GoldIncident,
)
from civharm.evaluate.matching import _agreement, _assign, _differences
from civharm.evaluate.normalise import _as_int, _norm_meta, _origin_name, _text, doc_matches
from civharm.evaluate.predictions import (
    Record,
    _find_title,
    _incident_preds,
    _Locator,
    _mention_preds,
    _Pred,
    _Source,
)
from civharm.evaluate.report import (
    ArticleRow,
    EvalResult,
    FalsePositive,
    IncidentRow,
    Mode,
    SyndicationRow,
)
from civharm.gazetteer import Gazetteer
from civharm.place_names import name_key

__all__ = ["score"]


def score(
    gold: Mapping[str, Any],
    *,
    articles: Sequence[Record],
    mentions: Sequence[Record],
    incidents: Sequence[Record] | None = None,
    documents: Sequence[Record] | None = None,
) -> EvalResult:
    """Score export records against ``gold``: incidents when given, else mentions.

    ``documents`` (export records with ``doc_id`` and ``origin``) is optional; it lets a
    gold ``in`` entry name the file a WARC record came from.
    """
    gold_articles = _gold_articles(gold)
    gold_incidents = _gold_incidents(gold, gold_articles)
    mode: Mode = "incidents" if incidents else "mentions"
    preds = _incident_preds(incidents or []) if mode == "incidents" else _mention_preds(mentions)

    titles_by_doc: dict[str, set[str]] = {}
    articles_by_doc: dict[str, list[Record]] = {}
    for rec in articles:
        doc = str(rec.get("doc_id") or "")
        articles_by_doc.setdefault(doc, []).append(rec)
        titles_by_doc.setdefault(doc, set()).add(str(rec.get("title") or ""))
    for pred in preds:
        for src in pred.sources:
            titles_by_doc.setdefault(src.doc_id, set()).add(src.title or "")
    origins = {
        str(d["doc_id"]): _origin_name(str(d["origin"]))
        for d in documents or []
        if d.get("doc_id") and d.get("origin")
    }
    for doc in origins:
        titles_by_doc.setdefault(doc, set())
    locator = _Locator(gold_articles, titles_by_doc, origins)

    # Units: (gold article, document) for mentions — every copy on its own — and the
    # gold article for incidents, whose copies should have merged into one incident.
    units: dict[tuple[str, str], list[_Pred]] = {}
    for pred in preds:
        seen: set[tuple[str, str]] = set()
        for src in pred.sources:
            art = locator.story_of(src.doc_id, src.title)
            if art is None:
                continue
            unit = (art, src.doc_id if mode == "mentions" else "")
            if unit not in seen:
                seen.add(unit)
                units.setdefault(unit, []).append(pred)

    by_article: dict[str, list[_GoldIncident]] = {}
    for g in gold_incidents:
        by_article.setdefault(g.article, []).append(g)

    hits: dict[int, list[tuple[str, _Pred]]] = {}  # gold order → (unit doc, prediction)
    matched_preds: set[int] = set()
    lost_to: dict[int, str] = {}
    for (art, doc), unit_preds in units.items():
        matched, lost = _assign(by_article.get(art, []), unit_preds)
        for order, pred in matched.items():
            hits.setdefault(order, []).append((doc, pred))
            matched_preds.add(pred.order)
        for p_order, g_key in lost.items():
            lost_to.setdefault(p_order, g_key)

    rows = [_incident_row(g, hits.get(g.order, []), locator) for g in gold_incidents]

    covered = [p for p in preds if any(locator.covered(s.doc_id) for s in p.sources)]
    false_positives = tuple(
        _false_positive(p, locator, lost_to.get(p.order))
        for p in covered
        if p.order not in matched_preds
    )
    article_rows = _article_rows(gold_articles, locator, articles_by_doc)
    syndication_rows = (
        _syndication_rows(gold, gold_articles, locator, units) if mode == "incidents" else ()
    )

    required = [r for r in rows if r.required]
    found_required = [r for r in required if r.found]
    optional = [r for r in rows if not r.required]
    counts = {
        "required": len(required),
        "found_required": len(found_required),
        "optional": len(optional),
        "found_optional": sum(r.found for r in optional),
        "figures_exact": sum(bool(r.figures_exact) for r in found_required),
        "predictions": len(covered),
        "matched": len(covered) - len(false_positives),
        "false_positives": len(false_positives),
        "duplicates": sum(fp.duplicate_of is not None for fp in false_positives),
        "uncovered": len(preds) - len(covered),
        "articles": len(article_rows),
        "articles_ok": sum(a.ok for a in article_rows),
        "syndication": len(syndication_rows),
        "syndication_ok": sum(s.ok for s in syndication_rows),
        "perpetrator_checked": sum(r.perpetrator_ok is not None for r in found_required),
        "perpetrator_ok": sum(bool(r.perpetrator_ok) for r in found_required),
        "region_checked": sum(r.region_ok is not None for r in found_required),
        "region_ok": sum(bool(r.region_ok) for r in found_required),
    }
    recall = _ratio(counts["found_required"], counts["required"])
    precision = _ratio(counts["matched"], counts["predictions"])
    metrics = {
        "recall": recall,
        "precision": precision,
        "f1": 2 * recall * precision / (recall + precision) if recall + precision else 0.0,
        "figure_accuracy": _ratio(counts["figures_exact"], counts["found_required"]),
        "article_accuracy": _ratio(counts["articles_ok"], counts["articles"]),
        "perpetrator_accuracy": _ratio(counts["perpetrator_ok"], counts["perpetrator_checked"]),
        "place_accuracy": _ratio(counts["region_ok"], counts["region_checked"]),
    }
    if mode == "incidents":
        metrics["syndication_accuracy"] = _ratio(counts["syndication_ok"], counts["syndication"])
    return EvalResult(
        mode=mode,
        incidents=tuple(rows),
        false_positives=false_positives,
        articles=article_rows,
        syndication=syndication_rows,
        metrics=metrics,
        counts=counts,
    )


def _ratio(part: int, whole: int) -> float:
    """``part / whole``; 1.0 when there was nothing to measure (no error was possible)."""
    return part / whole if whole else 1.0


def _source_in(pred: _Pred, article: str, locator: _Locator, doc: str) -> _Source:
    """The prediction's source that lies in the gold article (in ``doc`` if given)."""
    for src in pred.sources:
        if (not doc or src.doc_id == doc) and locator.story_of(src.doc_id, src.title) == article:
            return src
    return pred.sources[0]


def _incident_row(
    gold: _GoldIncident, hits: Sequence[tuple[str, _Pred]], locator: _Locator
) -> IncidentRow:
    if not hits:
        return IncidentRow(gold.key, gold.required, gold.article, found=False)
    # The copy whose figures agree best speaks for the incident (first on a tie).
    doc, best = max(hits, key=lambda hit: (*_agreement(gold, hit[1]), -hit[1].order))
    src = _source_in(best, gold.article, locator, doc)
    differences = _differences(gold, best)
    copies = tuple(
        dict.fromkeys(
            s.doc_id
            for d, p in hits
            for s in p.sources
            if (not d or s.doc_id == d) and locator.story_of(s.doc_id, s.title) == gold.article
        )
    )
    return IncidentRow(
        key=gold.key,
        required=gold.required,
        article=gold.article,
        found=True,
        doc_id=src.doc_id,
        quote=src.quote[:120],
        place=best.places[0] if best.places else best.admin1,
        copies_found=copies,
        figures_exact=not differences,
        differences=differences,
        region_ok=_region_ok(gold, best.record),
        perpetrator=_text(best.record.get("perpetrator")),
        perpetrator_ok=(
            (str(best.record.get("perpetrator") or "").lower() in gold.perpetrators)
            if gold.perpetrators
            else None
        ),
    )


def _region_ok(gold: _GoldIncident, record: Record) -> bool | None:
    """Whether the prediction is placed in the gold's country and province (when the gold
    gives them): a namesake in another country is a wrong place even with the right name."""
    if gold.country is None:
        return None
    if str(record.get("country") or "").upper() != gold.country.upper():
        return False
    got = _text(record.get("admin1"))
    if gold.admin1 is None or got is None:
        return True
    return _same_province(gold.admin1, got, gold.country.upper())


@cache
def _gazetteer() -> Gazetteer:
    """The packaged gazetteer, opened once for every comparison of provinces."""
    return Gazetteer.open()


@cache
def _same_province(a: str, b: str, country: str) -> bool:
    """Two spellings of one province: the same key, or the same gazetteer region
    ("Sa'dah" and "Saada"); "Paktia" and "Paktika" are two provinces."""
    if name_key(a) == name_key(b):
        return True
    gazetteer = _gazetteer()
    found_a, found_b = gazetteer.admin1(a, country), gazetteer.admin1(b, country)
    return found_a is not None and found_b is not None and found_a.id == found_b.id


def _false_positive(pred: _Pred, locator: _Locator, duplicate_of: str | None) -> FalsePositive:
    src = next((s for s in pred.sources if locator.covered(s.doc_id)), pred.sources[0])
    return FalsePositive(
        doc_id=src.doc_id,
        article_title=src.title,
        place=pred.places[0] if pred.places else pred.admin1,
        quote=src.quote[:120],
        duplicate_of=duplicate_of,
    )


def _article_rows(
    gold_articles: Mapping[str, _GoldArticle],
    locator: _Locator,
    articles_by_doc: Mapping[str, list[Record]],
) -> tuple[ArticleRow, ...]:
    rows = []
    for art in gold_articles.values():
        for entry in art.entries:
            hit = _find_title(locator.docs_of_entry.get(entry, []), art.title, articles_by_doc)
            if hit is None:
                rows.append(ArticleRow(art.key, entry, found=False))
                continue
            doc, rec, exact = hit
            title = _text(rec.get("title"))
            diffs = [] if exact else [f"title: got {title!r}, gold {art.title!r}"]
            for name, want in (("outlet", art.outlet), ("byline", art.byline)):
                got = _text(rec.get(name))
                if _norm_meta(got) != _norm_meta(want):
                    diffs.append(f"{name}: got {_quoted(got)}, gold {_quoted(want)}")
            if art.check_published:
                raw = rec.get("published")
                got_date = str(raw)[:10] if raw else None
                if got_date != art.published:
                    diffs.append(
                        f"published: got {_quoted(got_date)}, gold {_quoted(art.published)}"
                    )
            rows.append(ArticleRow(art.key, entry, True, doc, title, tuple(diffs)))
    return tuple(rows)


def _quoted(value: str | None) -> str:
    return "null" if value is None else repr(value)


def _syndication_rows(
    gold: Mapping[str, Any],
    gold_articles: Mapping[str, _GoldArticle],
    locator: _Locator,
    units: Mapping[tuple[str, str], list[_Pred]],
) -> tuple[SyndicationRow, ...]:
    rows = []
    for raw in gold.get("syndication") or []:
        article = str(raw.get("article"))
        if article not in gold_articles:
            raise ValueError(f"syndication entry names an unknown article: {raw!r}")
        copies = tuple(str(c) for c in raw.get("copies") or gold_articles[article].entries)
        independent = int(raw.get("independent_sources", 1))
        best: tuple[tuple[bool, int], _Pred] | None = None
        for pred in units.get((article, ""), []):
            n_reports = _as_int(pred.record.get("n_reports"))
            n_indep = _as_int(pred.record.get("n_independent_sources"))
            ok = n_reports == len(copies) and n_indep == independent
            in_copies = sum(
                any(
                    doc_matches(s.doc_id, c) or s.doc_id in locator.docs_of_entry.get(c, [])
                    for s in pred.sources
                )
                for c in copies
            )
            rank = (ok, in_copies)
            if best is None or rank > best[0]:
                best = (rank, pred)
        if best is None:
            rows.append(SyndicationRow(article, copies, independent, ok=False))
            continue
        (ok, _), pred = best
        rows.append(
            SyndicationRow(
                article=article,
                copies=copies,
                independent_sources=independent,
                ok=ok,
                incident_id=pred.ident,
                n_reports=_as_int(pred.record.get("n_reports")),
                n_independent_sources=_as_int(pred.record.get("n_independent_sources")),
            )
        )
    return tuple(rows)
