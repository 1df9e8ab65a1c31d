"""Exports: every entity in every format, with the stable field names, even when empty."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from civharm import Project
from civharm.errors import UsageError
from civharm.exports import FIELDS

from .conftest import DATA

ENTITIES = ["incidents", "mentions", "articles", "documents"]


@pytest.fixture
def filled(project: Project) -> Project:
    project.ingest([DATA / "good"])
    return project


def export(project: Project, entity: str, fmt: str) -> bytes:
    out = io.BytesIO()
    project.export(entity, format=fmt, out=out)
    return out.getvalue()


@pytest.mark.parametrize("entity", ENTITIES)
def test_exports_jsonl_has_exactly_the_declared_fields(filled: Project, entity: str) -> None:
    lines = export(filled, entity, "jsonl").decode().splitlines()
    for line in lines:
        assert list(json.loads(line)) == [f.name for f in FIELDS[entity]]
    if entity in ("articles", "documents"):
        assert len(lines) >= 8


@pytest.mark.parametrize("entity", ENTITIES)
def test_exports_csv_has_a_header_even_when_empty(filled: Project, entity: str) -> None:
    rows = list(csv.reader(io.StringIO(export(filled, entity, "csv").decode())))
    assert rows[0] == [f.name for f in FIELDS[entity]]


@pytest.mark.parametrize("entity", ENTITIES)
def test_exports_geojson_is_a_feature_collection(filled: Project, entity: str) -> None:
    data = json.loads(export(filled, entity, "geojson"))
    assert data["type"] == "FeatureCollection"
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert set(feature["properties"]) == {f.name for f in FIELDS[entity]}


@pytest.mark.parametrize("entity", ENTITIES)
def test_exports_parquet_keeps_schema_and_rows(
    filled: Project, entity: str, tmp_path: Path
) -> None:
    path = tmp_path / "out.parquet"
    with path.open("wb") as out:
        count = filled.export(entity, format="parquet", out=out)
    table = pq.read_table(path)
    assert table.column_names == [f.name for f in FIELDS[entity]]
    assert table.num_rows == count


def test_exports_incident_fields_follow_the_stable_interface() -> None:
    names = [f.name for f in FIELDS["incidents"]]
    for required in ("id", "killed_min", "casualties_max", "n_independent_sources", "sources"):
        assert required in names
    assert {"doc_id", "quote", "start", "end", "article_title"} <= {
        f.name for f in FIELDS["mentions"]
    }


def test_exports_articles_keep_text_and_doc_id(filled: Project) -> None:
    articles = filled.records("articles")
    assert all(a["doc_id"] and a["text"] for a in articles)


def test_exports_unknown_entity_or_format_is_a_usage_error(filled: Project) -> None:
    with pytest.raises(UsageError, match="unknown export"):
        filled.export("people", format="csv", out=io.BytesIO())
    with pytest.raises(UsageError, match="unknown format"):
        filled.export("articles", format="xlsx", out=io.BytesIO())
