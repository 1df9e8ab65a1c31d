"""Assemble the real development set: gold facts in the repo, texts kept outside it.

    python eval/real/build.py          # parts/*.jsonl → gold.jsonl; texts → corpus files

`gold.jsonl` (committed) holds one coded article per line. The texts are third-party
copyright and live only in the git-ignored `texts/` folder (see README.md for how to
rebuild them with the search tool). This script writes, into `texts/`, one JSONL corpus
per split (`corpus-dev.jsonl`, `corpus-heldout.jsonl`, and `corpus-all.jsonl`) in the form
`civharm ingest` reads: `id`, `text`, `url`, `title`, `outlet`, `published`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
TEXTS = HERE / "texts"
GOLD = HERE / "gold.jsonl"


def merge_parts() -> list[dict[str, object]]:
    """Coding parts (one file per coder, git-ignored) merged into gold.jsonl, sorted by id."""
    records = {}
    for part in sorted((HERE / "parts").glob("*.jsonl")):
        for line in part.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                records[record["id"]] = record
    if GOLD.exists():
        for line in GOLD.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                records.setdefault(record["id"], record)
    ordered = [records[key] for key in sorted(records)]
    GOLD.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ordered), encoding="utf-8"
    )
    return ordered


def write_corpora(records: list[dict[str, object]]) -> list[str]:
    """The ingestable corpora; returns the ids whose text is missing."""
    missing = []
    corpora: dict[str, list[str]] = {"all": [], "dev": [], "heldout": []}
    for record in records:
        path = TEXTS / f"{record['id']}.txt"
        if not path.exists():
            missing.append(str(record["id"]))
            continue
        line = json.dumps(
            {
                "id": record["id"],
                "text": path.read_text(encoding="utf-8"),
                "url": record.get("url"),
                "title": record.get("title"),
                "outlet": record.get("outlet"),
                "published": record.get("published"),
            },
            ensure_ascii=False,
        )
        corpora["all"].append(line)
        corpora[str(record.get("split") or "dev")].append(line)
    for name, lines in corpora.items():
        (TEXTS / f"corpus-{name}.jsonl").write_text(
            "".join(x + "\n" for x in lines), encoding="utf-8"
        )
    return missing


def main() -> int:
    records = merge_parts()
    missing = write_corpora(records)
    splits = {s: sum(r.get("split") == s for r in records) for s in ("dev", "heldout")}
    outlets = {str(r.get("outlet")) for r in records}
    conflicts = {str(r.get("conflict")) for r in records}
    incidents = sum(len(r.get("incidents") or []) for r in records)  # type: ignore[arg-type]
    print(
        f"{len(records)} articles ({splits['dev']} dev, {splits['heldout']} held out), "
        f"{incidents} incidents, {len(outlets)} outlets, {len(conflicts)} conflicts"
    )
    if missing:
        print(f"texts missing for {len(missing)}: {', '.join(missing)} (see README.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
