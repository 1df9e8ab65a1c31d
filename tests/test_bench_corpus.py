"""The benchmark corpus: reproducible byte for byte, and readable by civharm without errors.

Benchmark figures are only comparable between runs if the corpus is the same, and they
only mean something if every generated document is actually ingested.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.corpus import FORMATS, generate
from civharm import Project


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_same_seed_gives_same_bytes(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", 30, seed=7)
    generate(tmp_path / "b", 30, seed=7)
    generate(tmp_path / "c", 30, seed=8)
    a, b, c = (_snapshot(tmp_path / name) for name in "abc")
    assert a == b
    assert a != c
    assert len(a) == first.total_files
    assert sum(len(data) for data in a.values()) == first.total_bytes


def test_corpus_ingests_without_errors(tmp_path: Path, project: Project) -> None:
    manifest = generate(tmp_path / "corpus", 30)
    assert manifest.total_documents == 30
    assert set(manifest.documents) == set(FORMATS)  # every format is in even a small corpus

    report = project.ingest([tmp_path / "corpus"])

    assert report.errors == ()
    assert report.new_documents == 30
    assert report.articles >= 30
