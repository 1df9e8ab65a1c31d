"""The gold file's articles and incidents, read into the records that scoring matches
predictions against (place variants as name keys, figures in `FIGURE_FIELDS` order).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from civharm.evaluate.normalise import _as_int, _text
from civharm.place_names import name_key

__all__ = ["FIGURE_FIELDS"]

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

PLACE_RATIO = 85.0

# Words a coder writes around a place's name ("Jaghato district", "the village of Sarja"):
# the bare name names the same place, so a gold place matches it too.
_UNIT_WORDS = re.compile(
    r"^(?:the\s+)?(?:village|town|city|district|area|neighbou?rhood|province|governorate)"
    r"\s+of\s+|\s+(?:sub-?district|district|area|neighbou?rhood|province|governorate|"
    r"region|village|town|county|oblast|raion)$",
    re.IGNORECASE,
)


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
