"""Where benchmark results go: `results/NAME.json`, and a row in its section of RESULTS.md.

Every benchmark script saves through `save_row`, so a row always lands at the end of its
own section's table, whatever sections come after it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "benchmarks" / "results"
RESULTS_MD = ROOT / "benchmarks" / "RESULTS.md"


def add_row(markdown: str, section: str, section_text: str, row: str) -> str:
    """`markdown` with `row` after the last row of `section`'s table (made if missing)."""
    if section not in markdown:
        markdown = markdown.rstrip("\n") + "\n" + section_text
    lines = markdown.splitlines(keepends=True)
    begin = next(i for i, line in enumerate(lines) if line.strip() == section)
    end = next(  # the next heading ("#10:" starting a wrapped line is no heading)
        (i for i in range(begin + 1, len(lines)) if re.match(r"#{1,6}\s", lines[i])), len(lines)
    )
    last = max(i for i in range(begin, end) if lines[i].startswith("|"))
    lines.insert(last + 1, row)
    return "".join(lines)


def save_row(name: str, result: dict[str, Any], section: str, text: str, row: str) -> None:
    """Write `results/NAME.json` and add `row` to `section` of RESULTS.md."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / f"{name}.json").write_text(json.dumps(result, indent=2, default=str) + "\n")
    markdown = RESULTS_MD.read_text() if RESULTS_MD.exists() else "# Benchmark results\n"
    RESULTS_MD.write_text(add_row(markdown, section, text, row))


def machine_cell(machine: dict[str, Any]) -> str:
    """The machine column of every results table: "2 CPU, 24 GB, Py 3.11.7"."""
    return f"{machine['cpus']} CPU, {machine['ram_gb']:.0f} GB, Py {machine['python']}"
