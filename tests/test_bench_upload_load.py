"""The upload-load benchmark at a tiny size: readers get answers in both phases, the
uploads are stored, and the row it would record fits its table. Latency bars are not
asserted: a test machine shared with other work cannot judge them."""

from __future__ import annotations

import math
from typing import Any

import pytest

from benchmarks import bench_upload_load


@pytest.mark.slow
def test_bench_upload_load_tiny_run_measures_both_phases(monkeypatch: pytest.MonkeyPatch) -> None:
    saved: list[tuple[Any, ...]] = []
    monkeypatch.setattr(bench_upload_load, "save_row", lambda *a: saved.append(a))  # no files
    tiny = "--incidents 200 --mentions 400 --readers 3 --seconds 1 --records 10"
    bench_upload_load.main(tiny.split())  # its exit code is the latency bar: not judged here

    [(name, result, section, text, row)] = saved
    assert name == "upload_load" and section in text
    assert result["idle"]["n"] > 0 and result["upload"]["n"] > 0
    assert result["errors"] == 0, (result["idle"]["errors"], result["upload"]["errors"])
    for job in (result["job"], result["alone_job"]):
        assert job["state"] == "done" and job["summary"]["new_documents"] == 10
    assert math.isfinite(result["p95_ratio"])
    header = next(line for line in text.splitlines() if line.startswith("| date"))
    assert row.count("|") == header.count("|")
