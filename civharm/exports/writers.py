"""Writers for each export format; `EXPORTERS` is the one explicit list of them.

Every writer streams records to a binary file object and takes the field table, so an
empty export still carries its columns (a CSV header, a Parquet schema).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable
from typing import Any, BinaryIO

from civharm.exports.fields import Field

Writer = Callable[[Iterable[dict[str, Any]], list[Field], BinaryIO], int]


def _json_default(value: object) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    raise TypeError(f"cannot export {type(value).__name__}")


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def write_jsonl(records: Iterable[dict[str, Any]], fields: list[Field], out: BinaryIO) -> int:
    count = 0
    for record in records:
        out.write(_dumps(record).encode("utf-8") + b"\n")
        count += 1
    return count


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return _dumps(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def write_csv(records: Iterable[dict[str, Any]], fields: list[Field], out: BinaryIO) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow([f.name for f in fields])
    count = 0
    for record in records:
        writer.writerow([_cell(record.get(f.name)) for f in fields])
        count += 1
    text.detach()
    return count


def write_geojson(records: Iterable[dict[str, Any]], fields: list[Field], out: BinaryIO) -> int:
    """A FeatureCollection; records without coordinates get a null geometry (valid GeoJSON)."""
    out.write(b'{"type": "FeatureCollection", "features": [\n')
    count = 0
    for record in records:
        lat, lon = record.get("lat"), record.get("lon")
        geometry = (
            {"type": "Point", "coordinates": [lon, lat]}
            if lat is not None and lon is not None
            else None
        )
        feature = {"type": "Feature", "geometry": geometry, "properties": record}
        out.write((b",\n" if count else b"") + _dumps(feature).encode("utf-8"))
        count += 1
    out.write(b"\n]}\n")
    return count


def write_parquet(records: Iterable[dict[str, Any]], fields: list[Field], out: BinaryIO) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {
        "str": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "date": pa.date32(),
        "datetime": pa.timestamp("us", tz="UTC"),
        "list": pa.list_(pa.string()),
        "json": pa.string(),
    }
    schema = pa.schema([pa.field(f.name, types[f.kind]) for f in fields])
    json_fields = [f.name for f in fields if f.kind == "json"]
    count = 0
    with pq.ParquetWriter(out, schema) as writer:
        batch: list[dict[str, Any]] = []
        for record in records:
            for name in json_fields:
                if record.get(name) is not None:
                    record = {**record, name: _dumps(record[name])}
            batch.append(record)
            count += 1
            if len(batch) >= 10_000:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    return count


EXPORTERS: dict[str, Writer] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "geojson": write_geojson,
    "parquet": write_parquet,
}
