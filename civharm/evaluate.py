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
  under :func:`~civharm.gazetteer.name_key` (or rapidfuzz ``ratio`` ≥ 85 on the keys), or,
  for a gold incident placed only at province level, when its admin1 does. Ties are broken
  greedily, one to one: most stated figures in agreement, required before optional, the
  stronger place match, then order.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from rapidfuzz import fuzz

from civharm.gazetteer import Gazetteer, name_key

__all__ = [
    "FIGURE_FIELDS",
    "METRICS",
    "ArticleRow",
    "EvalResult",
    "FalsePositive",
    "IncidentRow",
    "SyndicationRow",
    "check_floors",
    "doc_matches",
    "normalise_title",
    "score",
]

FIGURE_FIELDS: tuple[str, ...] = (
    "killed_min",
    "killed_max",
    "injured_min",
    "injured_max",
    "casualties_min",
    "casualties_max",
    "children_killed",
    "women_killed",
)

#: Every metric a floor may name. ``syndication_accuracy`` exists only in incident mode.
METRICS: tuple[str, ...] = (
    "recall",
    "precision",
    "f1",
    "figure_accuracy",
    "article_accuracy",
    "syndication_accuracy",
    "perpetrator_accuracy",
    "place_accuracy",
)

PLACE_RATIO = 85.0
TITLE_RATIO = 90.0

Mode = Literal["mentions", "incidents"]
Record = Mapping[str, Any]

# Place match strengths, strongest last: used to rank candidate pairs.
_BY_ADMIN1, _BY_FUZZY, _BY_KEY = 1, 2, 3
# Words a coder writes around a place's name ("Jaghato district", "the village of Sarja"):
# the bare name names the same place, so a gold place matches it too.
_UNIT_WORDS = re.compile(
    r"^(?:the\s+)?(?:village|town|city|district|area|neighbou?rhood|province|governorate)"
    r"\s+of\s+|\s+(?:sub-?district|district|area|neighbou?rhood|province|governorate|"
    r"region|village|town|county|oblast|raion)$",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------------------
# Result records
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IncidentRow:
    """How one gold incident fared: found or not, and where its figures disagree."""

    key: str
    required: bool
    article: str
    found: bool
    doc_id: str | None = None
    quote: str | None = None
    place: str | None = None
    copies_found: tuple[str, ...] = ()
    figures_exact: bool | None = None
    differences: tuple[str, ...] = ()
    perpetrator: str | None = None
    perpetrator_ok: bool | None = None
    region_ok: bool | None = None


@dataclass(frozen=True, slots=True)
class FalsePositive:
    """A prediction in a covered document that matches no gold incident.

    ``duplicate_of`` names the gold incident it would have matched had another prediction
    not taken it first: a second telling of a found incident rather than an invented one.
    """

    doc_id: str
    article_title: str | None
    place: str | None
    quote: str
    duplicate_of: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One gold article in one of its files: located by title, metadata compared."""

    key: str
    entry: str
    found: bool
    doc_id: str | None = None
    title: str | None = None
    differences: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.found and not self.differences


@dataclass(frozen=True, slots=True)
class SyndicationRow:
    """Whether the copies of a syndicated article became one incident, counted right."""

    article: str
    copies: tuple[str, ...]
    independent_sources: int
    ok: bool
    incident_id: str | None = None
    n_reports: int | None = None
    n_independent_sources: int | None = None


@dataclass(frozen=True)
class EvalResult:
    """Everything ``score`` found, with the metrics; ``render`` makes the text report."""

    mode: Mode
    incidents: tuple[IncidentRow, ...]
    false_positives: tuple[FalsePositive, ...]
    articles: tuple[ArticleRow, ...]
    syndication: tuple[SyndicationRow, ...]
    metrics: Mapping[str, float]
    counts: Mapping[str, int]

    @property
    def duplicates(self) -> tuple[FalsePositive, ...]:
        return tuple(fp for fp in self.false_positives if fp.duplicate_of is not None)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (tuples become lists)."""
        return {
            "mode": self.mode,
            "metrics": dict(self.metrics),
            "counts": dict(self.counts),
            "incidents": [_plain(row) for row in self.incidents],
            "false_positives": [_plain(row) for row in self.false_positives],
            "articles": [{**_plain(row), "ok": row.ok} for row in self.articles],
            "syndication": [_plain(row) for row in self.syndication],
        }

    def render(self) -> str:
        """A plain-text report: metrics, then incidents, false positives, articles."""
        c = self.counts
        unit = "mentions" if self.mode == "mentions" else "incidents"
        lines = [
            f"civharm eval ({unit})",
            f"recall           {_pct(self.metrics['recall'])}  "
            f"({c['found_required']}/{c['required']} required incidents found)",
            f"precision        {_pct(self.metrics['precision'])}  "
            f"({c['matched']}/{c['predictions']} {unit} in covered documents match gold; "
            f"{c['uncovered']} outside the gold file ignored)",
            f"figure accuracy  {_pct(self.metrics['figure_accuracy'])}  "
            f"({c['figures_exact']}/{c['found_required']} found with exact figures)",
            f"article accuracy {_pct(self.metrics['article_accuracy'])}  "
            f"({c['articles_ok']}/{c['articles']} article copies with title and metadata)",
            f"perpetrator      {_pct(self.metrics['perpetrator_accuracy'])}  "
            f"({c['perpetrator_ok']}/{c['perpetrator_checked']} found incidents whose gold "
            "names one)",
            f"place            {_pct(self.metrics['place_accuracy'])}  "
            f"({c['region_ok']}/{c['region_checked']} found incidents in the gold's country and "
            "province)",
        ]
        if "syndication_accuracy" in self.metrics:
            lines.append(
                f"syndication      {_pct(self.metrics['syndication_accuracy'])}  "
                f"({c['syndication_ok']}/{c['syndication']} syndicated articles counted right)"
            )
        lines.append(
            f"optional found   {c['found_optional']}/{c['optional']}; "
            f"false positives {c['false_positives']} (of which duplicates {c['duplicates']})"
        )

        lines += ["", "Required incidents:"]
        for row in self.incidents:
            if row.required:
                lines += _render_incident(row)
        lines += ["", "Optional incidents found:"]
        optional = [row for row in self.incidents if not row.required and row.found]
        lines += [line for row in optional for line in _render_incident(row)] or ["  (none)"]

        lines += ["", "False positives:"]
        for fp in self.false_positives:
            what = f"duplicate of {fp.duplicate_of}" if fp.duplicate_of else "no gold incident"
            lines.append(
                f"  {fp.doc_id} | {fp.article_title or '(untitled)'} | "
                f"{fp.place or '(no place)'} | {what}"
            )
            lines.append(f"      {fp.quote}")
        if not self.false_positives:
            lines.append("  (none)")

        lines += ["", "Syndication:"]
        if self.mode == "mentions":
            lines.append("  (checked at incident level only)")
        for syn in self.syndication:
            mark = "ok " if syn.ok else "BAD"
            lines.append(
                f"  {mark} {syn.article} in {', '.join(syn.copies)}: expected n_reports "
                f"{len(syn.copies)}, independent {syn.independent_sources}; got "
                f"{_show(syn.n_reports)}, {_show(syn.n_independent_sources)}"
                f" (incident {syn.incident_id or '-'})"
            )

        lines += ["", "Articles:"]
        for art in self.articles:
            if not art.found:
                lines.append(f"  MISSING {art.key} in {art.entry}")
                continue
            mark = "ok     " if art.ok else "DIFFERS"
            lines.append(f"  {mark} {art.key} in {art.doc_id}")
            lines += [f"      {d}" for d in art.differences]
        return "\n".join(lines) + "\n"


def _plain(row: Any) -> dict[str, Any]:
    return {
        name: list(value) if isinstance(value, tuple) else value
        for name, value in dataclasses.asdict(row).items()
    }


def _pct(value: float) -> str:
    return f"{value * 100:5.1f}%"


def _show(value: object) -> str:
    return "null" if value is None else str(value)


def _render_incident(row: IncidentRow) -> list[str]:
    if not row.found:
        return [f"  MISSING {row.key} ({row.article})"]
    state = "figures exact" if row.figures_exact else "figures differ"
    copies = f" [{len(row.copies_found)} copies]" if len(row.copies_found) > 1 else ""
    out = [f"  found   {row.key} ({row.article}) in {row.doc_id}{copies} at {row.place}: {state}"]
    out += [f"      {d}" for d in row.differences]
    if row.perpetrator_ok is False:
        out.append(f"      perpetrator: got {_show(row.perpetrator)}")
    if row.quote:
        out.append(f"      {row.quote[:120]}")
    return out


def check_floors(result: EvalResult, floors: Mapping[str, float]) -> list[str]:
    """The metrics below their floors, as messages; empty when all hold.

    A floor on a name that is no metric at all is a configuration error and raises; a
    metric that this mode does not compute (syndication on mentions) is skipped.
    """
    failures = []
    for name, floor in floors.items():
        if name not in METRICS:
            raise ValueError(f"unknown metric {name!r} (known: {', '.join(METRICS)})")
        value = result.metrics.get(name)
        if value is not None and value < floor:
            failures.append(f"{name} {value:.3f} < {floor:.3f}")
    return failures


# --------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------

_QUOTES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "`": "'",
        "´": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "«": '"',
        "»": '"',
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "―": "-",
        "−": "-",
    }
)
_SPACE = re.compile(r"\s+")
_NON_ALNUM = re.compile(r"[\W_]+")


def normalise_title(text: str | None) -> str:
    """Title for comparison: NFKC, ASCII quotes and dashes, one space, case folded."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip().casefold()


def _norm_meta(text: object) -> str:
    """Outlet/byline for comparison: only letters and digits count ("SyriaTimes")."""
    if text is None:
        return ""
    return _NON_ALNUM.sub("", unicodedata.normalize("NFKC", str(text)).casefold())


def doc_matches(doc_id: str, entry: str) -> bool:
    """True when ``doc_id`` is the gold ``in`` entry, or it plus a separator and more.

    "001" matches "001_4d2f….txt" and "report_01" matches "report_01.txt", but "001"
    does not match "0012.txt" and a JSONL id "feed06-001" matches only itself.
    """
    if doc_id == entry:
        return True
    return doc_id.startswith(entry) and not doc_id[len(entry)].isalnum()


def _origin_name(origin: str) -> str:
    """The file name in a document origin such as "dir/x.warc.gz (https://…)"."""
    path = origin.split(" (", 1)[0]
    return re.split(r"[/\\]", path)[-1]


def _as_int(value: object) -> int | None:
    """A figure as an int; CSV strings and whole floats are accepted, unknown is None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


# --------------------------------------------------------------------------------------
# Gold
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _GoldArticle:
    key: str
    title: str
    byline: str | None
    outlet: str | None
    published: str | None
    check_published: bool
    entries: tuple[str, ...]
    copy_of: str | None = None


@dataclass(frozen=True, slots=True)
class _GoldIncident:
    order: int
    key: str
    required: bool
    article: str
    keys: tuple[str, ...]
    admin1_keys: tuple[str, ...]
    figures: tuple[int | None, ...]
    perpetrators: tuple[str, ...] = ()
    country: str | None = None
    admin1: str | None = None


def _perpetrator_names(value: object, suspected: object = None) -> tuple[str, ...]:
    """The names a gold perpetrator accepts: "United States / US-led coalition" gives both;
    "disputed (…)" and "unknown" accept "unknown", and an "unknown" that suspects nobody
    also accepts no perpetrator at all (the text names none: "" is how that is read).
    Empty when the gold does not code the perpetrator."""
    if not isinstance(value, str) or not value.strip():
        return ()
    if value.lower().startswith("unknown") and not suspected:
        return ("unknown", "")
    if value.lower().startswith(("disputed", "unknown")):
        return ("unknown",)
    return tuple(part.strip().lower() for part in value.split("/") if part.strip())


def _gold_articles(gold: Mapping[str, Any]) -> dict[str, _GoldArticle]:
    out: dict[str, _GoldArticle] = {}
    for raw in gold.get("articles") or []:
        key, title = raw.get("key"), raw.get("title")
        if not isinstance(key, str) or not isinstance(title, str):
            raise ValueError(f"gold article needs a string key and title: {raw!r}")
        entries = raw.get("in") or []
        if isinstance(entries, str):
            entries = [entries]
        published = raw.get("published")
        out[key] = _GoldArticle(
            key=key,
            title=title,
            byline=raw.get("byline"),
            outlet=raw.get("outlet"),
            published=str(published)[:10] if published else None,
            check_published="published" in raw,
            entries=tuple(str(e) for e in entries),
            copy_of=_text(raw.get("copy_of")),
        )
    for art in out.values():
        if art.copy_of is not None and art.copy_of not in out:
            raise ValueError(f"gold article {art.key} is a copy of unknown {art.copy_of!r}")
    return out


def _province_only(raw: Mapping[str, Any], keys: Sequence[str], admin1: str | None) -> bool:
    """Is the gold place only a province? Then a prediction's admin1 may match it."""
    if raw.get("place_precision") == "admin1":
        return True
    if not admin1 or not keys:
        return False
    admin1_key = name_key(admin1)
    return all(k == admin1_key or fuzz.ratio(k, admin1_key) >= PLACE_RATIO for k in keys)


def _gold_incidents(
    gold: Mapping[str, Any], articles: Mapping[str, _GoldArticle]
) -> list[_GoldIncident]:
    out = []
    for order, raw in enumerate(gold.get("incidents") or []):
        key, article = raw.get("key"), raw.get("article")
        if not isinstance(key, str) or article not in articles:
            raise ValueError(f"gold incident needs a key and a known article: {raw!r}")
        places = raw.get("place") or []
        if isinstance(places, str):
            places = [places]
        named = [str(p) for p in places]
        named += [bare for p in named if (bare := _UNIT_WORDS.sub("", p).strip()) != p]
        keys = tuple(dict.fromkeys(k for k in (name_key(p) for p in named) if k))
        admin1 = _text(raw.get("admin1"))
        admin1_keys: tuple[str, ...] = ()
        if _province_only(raw, keys, admin1):
            admin1_keys = keys + ((name_key(admin1),) if admin1 else ())
        out.append(
            _GoldIncident(
                order=order,
                key=key,
                required=bool(raw.get("required", True)),
                article=str(article),
                keys=keys,
                admin1_keys=admin1_keys,
                figures=tuple(_as_int(raw.get(f)) for f in FIGURE_FIELDS),
                perpetrators=_perpetrator_names(raw.get("perpetrator"), raw.get("suspected")),
                country=_text(raw.get("country")),
                admin1=admin1,
            )
        )
    return out


# --------------------------------------------------------------------------------------
# Predictions and where they sit
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Source:
    doc_id: str
    title: str | None
    quote: str


@dataclass(frozen=True, slots=True)
class _Pred:
    order: int
    ident: str | None
    sources: tuple[_Source, ...]
    places: tuple[str, ...]
    admin1: str | None
    figures: tuple[int | None, ...]
    record: Record


def _pred(order: int, record: Record, sources: Sequence[_Source]) -> _Pred:
    places = tuple(
        p for p in (_text(record.get("place_mentioned")), _text(record.get("place"))) if p
    )
    ident = record.get("id")
    return _Pred(
        order=order,
        ident=None if ident is None else str(ident),
        sources=tuple(sources),
        places=places,
        admin1=_text(record.get("admin1")),
        figures=tuple(_as_int(record.get(f)) for f in FIGURE_FIELDS),
        record=record,
    )


def _mention_preds(mentions: Sequence[Record]) -> list[_Pred]:
    return [
        _pred(
            i,
            m,
            [_Source(str(m.get("doc_id") or ""), _text(m.get("article_title")), _quote(m))],
        )
        for i, m in enumerate(mentions)
    ]


def _incident_preds(incidents: Sequence[Record]) -> list[_Pred]:
    preds = []
    for i, inc in enumerate(incidents):
        sources = [
            _Source(str(s.get("doc_id") or ""), _text(s.get("title")), _quote(s))
            for s in inc.get("sources") or []
            if isinstance(s, Mapping)
        ]
        preds.append(_pred(i, inc, sources))
    return preds


def _quote(record: Record) -> str:
    return _SPACE.sub(" ", str(record.get("quote") or "")).strip()


class _Locator:
    """Which documents each gold ``in`` entry names, and which gold article a title is."""

    def __init__(
        self,
        gold_articles: Mapping[str, _GoldArticle],
        titles_by_doc: Mapping[str, set[str]],
        origins: Mapping[str, str],
    ) -> None:
        self.docs_of_entry: dict[str, list[str]] = {}
        entries = {e for art in gold_articles.values() for e in art.entries}
        for entry in sorted(entries):
            self.docs_of_entry[entry] = [
                d
                for d in titles_by_doc
                if doc_matches(d, entry) or (d in origins and doc_matches(origins[d], entry))
            ]
        claimed = {d for docs in self.docs_of_entry.values() for d in docs}
        # Fallback for entries that name no known document (a WARC record's doc_id is its
        # URI): the documents no entry claims that hold the gold title.
        # One entry may hold several gold articles (a WARC file with two records).
        unresolved = {e for e, docs in self.docs_of_entry.items() if not docs}
        for art in gold_articles.values():
            wanted = normalise_title(art.title)
            for entry in art.entries:
                if entry not in unresolved:
                    continue
                self.docs_of_entry[entry] += [
                    d
                    for d, titles in titles_by_doc.items()
                    if d not in claimed
                    and d not in self.docs_of_entry[entry]
                    and wanted in {normalise_title(t) for t in titles}
                ]
        self.articles_of_doc: dict[str, list[_GoldArticle]] = {}
        for art in gold_articles.values():
            for entry in art.entries:
                for doc in self.docs_of_entry[entry]:
                    listed = self.articles_of_doc.setdefault(doc, [])
                    if art not in listed:
                        listed.append(art)
        self._cache: dict[tuple[str, str | None], str | None] = {}
        self._copy_of = {a.key: a.copy_of for a in gold_articles.values() if a.copy_of}

    def covered(self, doc_id: str) -> bool:
        return doc_id in self.articles_of_doc

    def article_of(self, doc_id: str, title: str | None) -> str | None:
        """The key of the gold article that ``title`` in ``doc_id`` is, if any."""
        cache_key = (doc_id, title)
        if cache_key not in self._cache:
            self._cache[cache_key] = self._find(doc_id, title)
        return self._cache[cache_key]

    def story_of(self, doc_id: str, title: str | None) -> str | None:
        """Like :meth:`article_of`, but a reprint (``copy_of``) gives its original's key,
        whose incidents it tells again."""
        key = self.article_of(doc_id, title)
        return self._copy_of.get(key, key) if key is not None else None

    def _find(self, doc_id: str, title: str | None) -> str | None:
        candidates = self.articles_of_doc.get(doc_id, [])
        if not candidates:
            return None
        got = normalise_title(title)
        if got:
            for art in candidates:
                if normalise_title(art.title) == got:
                    return art.key
            scored = [(fuzz.ratio(got, normalise_title(a.title)), a.key) for a in candidates]
            best, key = max(scored)
            if best >= TITLE_RATIO:
                return key
        return candidates[0].key if len(candidates) == 1 else None


def _find_title(
    docs: Iterable[str], title: str, articles_by_doc: Mapping[str, list[Record]]
) -> tuple[str, Record, bool] | None:
    """The extracted article with ``title`` in one of ``docs``: (doc, record, exact?)."""
    wanted = normalise_title(title)
    fuzzy: tuple[float, str, Record] | None = None
    for doc in docs:
        for rec in articles_by_doc.get(doc, []):
            got = normalise_title(_text(rec.get("title")))
            if got == wanted:
                return doc, rec, True
            ratio = fuzz.ratio(got, wanted) if got else 0.0
            if ratio >= TITLE_RATIO and (fuzzy is None or ratio > fuzzy[0]):
                fuzzy = (ratio, doc, rec)
    return None if fuzzy is None else (fuzzy[1], fuzzy[2], False)


# --------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------


def _place_strength(gold: _GoldIncident, pred: _Pred) -> int:
    """How well the prediction's place names the gold place: 0 = not at all."""
    best = 0
    for name in pred.places:
        key = name_key(name)
        if not key:
            continue
        if key in gold.keys:
            return _BY_KEY
        if any(fuzz.ratio(key, g) >= PLACE_RATIO for g in gold.keys):
            best = _BY_FUZZY
    if not best and gold.admin1_keys and pred.admin1:
        key = name_key(pred.admin1)
        if key and any(key == g or fuzz.ratio(key, g) >= PLACE_RATIO for g in gold.admin1_keys):
            best = _BY_ADMIN1
    return best


def _agreement(gold: _GoldIncident, pred: _Pred) -> tuple[int, int]:
    """Figures stated alike (both non-null), then all fields alike (nulls included).

    Stated figures come first: a sparse gold incident ("a number of civilians") agrees
    with anything on its nulls, and must not win a mention whose numbers fit another.
    """
    pairs = list(zip(gold.figures, pred.figures, strict=True))
    stated = sum(g == p for g, p in pairs if g is not None)
    return stated, sum(g == p for g, p in pairs)


def _assign(
    golds: Sequence[_GoldIncident], preds: Sequence[_Pred]
) -> tuple[dict[int, _Pred], dict[int, str]]:
    """Greedy one-to-one matching in one unit (an article copy, or an article).

    Pairs that name the same place are taken best first: most stated figures alike, a
    required incident before an optional one (the scorer credits what must be found),
    the stronger place match, most fields alike, then gold and prediction order.

    Returns gold order → matched prediction, and prediction order → the key of the gold
    incident it matches on place but lost to another prediction (a duplicate).
    """
    pairs = []
    for g in golds:
        for p in preds:
            strength = _place_strength(g, p)
            if strength:
                stated, alike = _agreement(g, p)
                rank = (-stated, not g.required, -strength, -alike, g.order, p.order)
                pairs.append((rank, g, p))
    pairs.sort(key=lambda t: t[0])
    matched: dict[int, _Pred] = {}
    used: set[int] = set()
    lost: dict[int, str] = {}
    for _, g, p in pairs:
        if g.order in matched or p.order in used:
            if p.order not in used and p.order not in lost:
                lost[p.order] = g.key
            continue
        matched[g.order] = p
        used.add(p.order)
    return matched, {k: v for k, v in lost.items() if k not in used}


def _differences(gold: _GoldIncident, pred: _Pred) -> tuple[str, ...]:
    return tuple(
        f"{name}: got {_show(p)}, gold {_show(g)}"
        for name, g, p in zip(FIGURE_FIELDS, gold.figures, pred.figures, strict=True)
        if g != p
    )


# --------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------


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
