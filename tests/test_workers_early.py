"""What an ingest does early so that its workers are busy longer: stories looked up as each
document is stored, and documents processed in this process while the pool starts. Both
must store exactly what the plain way stores."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from benchmarks import merge_corpus
from benchmarks.corpus import generate
from civharm import open_project
from civharm.store import Store
from civharm.workers import Runner

from .conftest import DATA

EXPORTS = ("incidents", "mentions", "articles")


def record(db: str) -> dict[str, Any]:
    """What a database exports, with its stories: their ids, originals and members."""
    with open_project(db=db, create=False) as project:
        found: dict[str, Any] = {}
        for entity in EXPORTS:
            out = io.BytesIO()
            project.export(entity, format="jsonl", out=out)
            found[entity] = out.getvalue()
        with project.store.engine.connect() as conn:
            found["stories"] = conn.execute(
                sa.text("SELECT id, original_article_id, n_copies FROM stories ORDER BY id")
            ).all()
            found["members"] = conn.execute(
                sa.text("SELECT id, story_id FROM articles ORDER BY id")
            ).all()
        assert not project.store._found  # what was looked up early is not kept
    return found


def ingest(db: str, paths: list[Path], workers: int = 1, **options: Any) -> dict[str, Any]:
    with open_project(db=db, user="tester") as project:
        project.ingest(paths, workers=workers, **options)
    return record(db)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every format, and reports of which about a third are copies of another."""
    folder = tmp_path_factory.mktemp("early") / "corpus"
    generate(folder / "formats", 20, seed=5)
    merge_corpus.write(merge_corpus.generate(30, seed=5), folder / "copies")
    return folder


def test_workers_stories_looked_up_early_are_those_resolving_finds(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, any_db_url: str
) -> None:
    # Why: the lookups done as each document is stored must give the stories, and story
    # numbers, that resolving every article at the end gives (their queries on each engine).
    early = ingest(any_db_url, [corpus], workers=2)
    monkeypatch.setattr(Store, "find_copies_early", lambda self, signatures: None)
    late = ingest(f"sqlite:///{tmp_path / 'late.db'}", [corpus])
    assert early == late
    assert any(n > 1 for _, _, n in early["stories"])  # copies were found


def test_workers_interrupted_ingest_run_again_gives_the_stories_of_one_run(
    corpus: Path, tmp_path: Path
) -> None:
    # Why: an interrupted ingest leaves articles with signatures but no story; run again,
    # their copies must be those an uninterrupted ingest finds, not more.
    clean = ingest(f"sqlite:///{tmp_path / 'clean.db'}", [corpus])
    files = sorted(p for p in corpus.rglob("*") if p.is_file())
    seen: list[str] = []

    def stop_halfway(name: str, size: int) -> None:
        seen.append(name)
        if len(seen) == len(files) // 2:
            raise KeyboardInterrupt

    db = f"sqlite:///{tmp_path / 'cut.db'}"
    with open_project(db=db, user="tester") as project, pytest.raises(KeyboardInterrupt):
        project.ingest([corpus], progress=stop_halfway, workers=1)
    with open_project(db=db, create=False) as project, project.store.engine.connect() as conn:
        signed = conn.execute(sa.text("SELECT count(*) FROM article_signatures")).scalar_one()
        assert signed > 0  # the case: signatures stored, stories not
    assert ingest(db, [corpus]) == clean


def test_workers_pool_alone_gives_the_same_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Why: with work done here while the pool starts, a small ingest may never use the
    # pool; without, every document goes through it (errors raised there come back).
    long = tmp_path / "long.txt"
    long.write_text("Title\n\n" + "word " * 210_000 + "\n", encoding="utf-8")
    paths = [DATA / "bad", long, DATA / "good"]
    one = ingest(f"sqlite:///{tmp_path / 'one.db'}", paths)
    monkeypatch.setattr(Runner, "early", False)
    assert ingest(f"sqlite:///{tmp_path / 'two.db'}", paths, workers=2) == one
