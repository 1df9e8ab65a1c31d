"""The memory benchmark: a tiny run measures each size in a child process and reports it."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import bench_memory


def test_bench_memory_tiny_run_reports_each_size(tmp_path: Path) -> None:
    out = tmp_path / "memory.json"
    assert (
        bench_memory.main(["--sizes", "12", "24", "--workdir", str(tmp_path), "--json", str(out)])
        == 0
    )
    rows = json.loads(out.read_text())
    assert [row["documents"] for row in rows] == [12, 24]
    assert all(row["errors"] == 0 and row["peak_rss_mb"] > 10 for row in rows)
    assert rows[0]["ratio"] == 1.0
