"""Extracted mentions or incidents as predictions, and which gold article each of their
sources sits in (by document id, then by title).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from civharm.evaluate.gold_records import FIGURE_FIELDS, _GoldArticle
from civharm.evaluate.normalise import _SPACE, _as_int, _text, doc_matches, normalise_title

TITLE_RATIO = 90.0

Record = Mapping[str, Any]


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
