"""The exported fields of each entity, with their types: one table drives every format.

Names follow DESIGN.md's stable interface; unknown values are null, never 0.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

Kind = Literal["str", "int", "float", "date", "datetime", "list", "json"]


class Field(NamedTuple):
    name: str
    kind: Kind


# The counts as ranges, shared by mentions, incidents and aggregate claims.
_COUNTS = [
    Field("killed_min", "int"),
    Field("killed_max", "int"),
    Field("injured_min", "int"),
    Field("injured_max", "int"),
    Field("casualties_min", "int"),
    Field("casualties_max", "int"),
]

_FIGURES = [
    Field("event_type", "str"),
    Field("date", "date"),
    Field("date_end", "date"),
    Field("date_precision", "str"),
    Field("place", "str"),
    Field("place_mentioned", "str"),
    Field("admin1", "str"),
    Field("country", "str"),
    Field("lat", "float"),
    Field("lon", "float"),
    Field("geo_precision", "str"),
    Field("perpetrator", "str"),
    Field("victims", "str"),
    *_COUNTS,
    Field("children_killed", "int"),
    Field("women_killed", "int"),
    Field("weapons", "list"),
    Field("targets", "list"),
    Field("claimants", "list"),
]

FIELDS: dict[str, list[Field]] = {
    "incidents": [
        Field("id", "str"),
        Field("status", "str"),
        Field("grade", "str"),
        *_FIGURES,
        Field("date_hint", "str"),
        Field("suspected", "list"),
        Field("contested", "list"),
        Field("n_reports", "int"),
        Field("n_independent_sources", "int"),
        Field("claimant_chains", "list"),
        Field("sources", "json"),
    ],
    "mentions": [
        Field("id", "int"),
        Field("incident_id", "str"),
        *_FIGURES,
        Field("date_hint", "str"),
        Field("suspected", "list"),
        Field("vague", "list"),
        Field("hedges", "list"),
        Field("contested", "list"),
        Field("doc_id", "str"),
        Field("article_title", "str"),
        Field("outlet", "str"),
        Field("quote", "str"),
        Field("start", "int"),
        Field("end", "int"),
        Field("evidence", "json"),
    ],
    "aggregates": [
        Field("id", "int"),
        *_COUNTS,
        Field("victims", "str"),
        Field("period", "str"),
        Field("area", "str"),
        Field("claimants", "list"),
        Field("doc_id", "str"),
        Field("sha256", "str"),
        Field("article_title", "str"),
        Field("outlet", "str"),
        Field("published", "date"),
        Field("quote", "str"),
        Field("start", "int"),
        Field("end", "int"),
    ],
    "articles": [
        Field("id", "int"),
        Field("doc_id", "str"),
        Field("sha256", "str"),
        Field("ordinal", "int"),
        Field("title", "str"),
        Field("byline", "str"),
        Field("outlet", "str"),
        Field("published", "date"),
        Field("published_source", "str"),
        Field("dateline", "str"),
        Field("language", "str"),
        Field("start", "int"),
        Field("end", "int"),
        Field("text", "str"),
    ],
    "documents": [
        Field("doc_id", "str"),
        Field("sha256", "str"),
        Field("media_type", "str"),
        Field("size", "int"),
        Field("origin", "str"),
        Field("container_sha256", "str"),
        Field("title", "str"),
        Field("author", "str"),
        Field("outlet", "str"),
        Field("published", "date"),
        Field("url", "str"),
        Field("captured", "datetime"),
        Field("first_seen", "datetime"),
        Field("n_articles", "int"),
    ],
}
