"""The scale benchmark: a tiny run measures each size and reports its ratios."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import bench_scale


def test_bench_scale_tiny_run_reports_each_size(tmp_path: Path) -> None:
    out = tmp_path / "scale.json"
    argv = ["--sizes", "8", "16", "--workers", "2", "--workdir", str(tmp_path)]
    assert bench_scale.main([*argv, "--no-save", "--json", str(out)]) == 0
    sizes = json.loads(out.read_text())["sizes"]
    assert [size["documents"] for size in sizes] == [8, 16]
    assert all(size["tokenizer_seconds"] > 0 and size["texts"] >= 8 for size in sizes)
    assert [size["many"]["workers"] for size in sizes] == [2, 2]
    assert sizes[0]["one"]["x_smallest"] == 1.0
    assert all(size["one"]["x_tokenizer"] > 0 for size in sizes)


def test_bench_results_row_lands_in_its_section_past_a_wrapped_issue_number() -> None:
    # why: a method text whose wrapped line began with "#10:" was taken for the next
    # heading, and the row could not be placed
    from benchmarks.results_md import add_row

    markdown = "## Scale\n\nBars of issue\n#10: ms/doc.\n\n| a |\n| - |\n| 1 |\n\n## Next\n"
    assert add_row(markdown, "## Scale", "", "| 2 |\n").split("\n")[5:9] == [
        "| a |",
        "| - |",
        "| 1 |",
        "| 2 |",
    ]
