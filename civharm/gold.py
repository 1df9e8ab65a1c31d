"""Read gold files: the seeds-gold JSON, or a JSON-lines set with one article per line.

A JSON-lines gold file (as `eval/real/gold.jsonl`) holds facts about real reports whose
texts are kept elsewhere: each line is one article with its `id` (the ingested JSONL
record's id), `url`, `outlet`, `published`, `split` and coded `incidents`. It is turned
into the seeds-gold form that `evaluate.score` reads, each line a gold article of its own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from civharm.errors import UsageError


def read_gold(path: Path, *, split: str | None = None) -> dict[str, Any]:
    """The gold file at `path` in seeds-gold form; `split` keeps only that part of a
    JSON-lines set ("dev" or "heldout")."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the gold file ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: not a UTF-8 gold file ({exc})") from None
    if path.suffix == ".jsonl":
        return _from_lines(path, text, split)
    if split is not None:
        raise UsageError(f"{path}: --split needs a JSON-lines gold file")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}: not a JSON gold file ({exc})") from None
    if not isinstance(data, dict) or "incidents" not in data or "articles" not in data:
        raise UsageError(f"{path}: a gold file needs `articles` and `incidents`")
    return data


def _from_lines(path: Path, text: str, split: str | None) -> dict[str, Any]:
    articles: list[dict[str, Any]] = []
    incidents: list[dict[str, Any]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UsageError(f"{path}:{number}: not a JSON line ({exc.msg})") from None
        if not isinstance(record, dict) or not isinstance(record.get("id"), str):
            raise UsageError(f"{path}:{number}: a gold line needs a string `id`")
        if split is not None and record.get("split") != split:
            continue
        key = record["id"]
        articles.append(
            {
                "key": key,
                "title": record.get("title") or "",
                "outlet": record.get("outlet"),
                "in": [key],
            }
        )
        for incident in record.get("incidents") or []:
            incidents.append({**incident, "key": f"{key}/{incident.get('key')}", "article": key})
    return {"articles": articles, "syndication": [], "incidents": incidents}
