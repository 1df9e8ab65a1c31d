"""The Python API: ingest, preserve, re-ingest, interrupt, verify."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from civharm import Project, open_project
from civharm.errors import DatabaseError

from .conftest import DATA

ARTICLE = (
    "Market Struck in Eastern Town\n\nBy Jane Doe\nSource: North Wire\n"
    "At least 12 civilians were killed when shells hit the market on Tuesday, residents said.\n"
)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_project_ingest_stores_documents_articles_and_custody(
    project: Project, tmp_path: Path
) -> None:
    path = write(tmp_path, "a.txt", ARTICLE)
    report = project.ingest([path])
    assert (report.new_documents, report.articles, report.errors) == (1, 1, ())
    counts = project.counts()
    assert (counts["documents"], counts["articles"], counts["custody"]) == (1, 1, 1)
    (document,) = project.records("documents")
    assert document["doc_id"] == "a.txt"
    assert project.original(document["sha256"]) == path.read_bytes()


def test_project_same_bytes_again_add_only_a_custody_line(project: Project, tmp_path: Path) -> None:
    first = write(tmp_path, "a.txt", ARTICLE)
    copy = write(tmp_path, "copy-of-a.txt", ARTICLE)
    project.ingest([first])
    report = project.ingest([first, copy])
    assert (report.new_documents, report.seen_documents) == (0, 2)
    counts = project.counts()
    assert (counts["documents"], counts["articles"], counts["custody"]) == (1, 1, 3)


def test_project_defaults_fill_only_what_documents_lack(project: Project, tmp_path: Path) -> None:
    write(
        tmp_path,
        "plain.txt",
        "Untitled Note\n\nShelling hit the town on Monday and two people died.\n",
    )
    dated = (
        "Dated Note\n\nMay 2, 2019 – Own Outlet –\n\nShelling hit the town and two people died.\n"
    )
    write(tmp_path, "dated.txt", dated)
    project.ingest([tmp_path], published=dt.date(2019, 1, 1), outlet="Given Outlet")
    found = {a["doc_id"]: a for a in project.records("articles")}
    assert (found["plain.txt"]["published"], found["plain.txt"]["published_source"]) == (
        dt.date(2019, 1, 1),
        "default",
    )
    assert found["plain.txt"]["outlet"] == "Given Outlet"
    assert found["dated.txt"]["published"] == dt.date(2019, 5, 2)
    assert found["dated.txt"]["outlet"] == "Own Outlet"


def test_project_bad_inputs_fail_one_by_one_and_the_rest_is_stored(
    project: Project, tmp_path: Path
) -> None:
    good = write(tmp_path, "good.txt", ARTICLE)
    report = project.ingest([DATA / "bad" / "empty.txt", DATA / "bad" / "binary.txt", good])
    assert report.new_documents == 1
    assert len(report.errors) == 2
    assert any("empty.txt" in line and "empty" in line for line in report.errors)
    assert any("binary.txt" in line and "binary" in line for line in report.errors)


def test_project_missing_path_and_unknown_format_are_errors(
    project: Project, tmp_path: Path
) -> None:
    odd = write(tmp_path, "notes.docx", "x")
    report = project.ingest([tmp_path / "nope.txt", odd])
    assert len(report.errors) == 2
    assert "no such file" in report.errors[0]
    assert "unsupported format .docx" in report.errors[1]


def test_project_size_limit_is_a_setting(db_url: str, tmp_path: Path) -> None:
    big = write(tmp_path, "big.txt", ARTICLE + "word " * 300_000)
    with open_project(db=db_url, max_file_mb=1) as project:
        report = project.ingest([big])
    assert report.new_documents == 0
    assert "over the 1 MB limit" in report.errors[0]


def test_project_interrupted_ingest_completes_on_rerun(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(5):
        write(folder, f"{i}.txt", ARTICLE.replace("12", str(20 + i)))

    def stop_after_two(name: str, size: int) -> None:
        if name.endswith("1.txt"):
            raise KeyboardInterrupt

    with open_project(db=db_url) as project, pytest.raises(KeyboardInterrupt):
        project.ingest([folder], progress=stop_after_two)
    with open_project(db=db_url) as project:
        assert project.counts()["documents"] == 2
        report = project.ingest([folder])
        assert (report.new_documents, report.seen_documents) == (3, 2)
        assert project.counts()["documents"] == 5
        assert project.counts()["articles"] == 5


def test_project_verify_finds_changed_and_missing_files(project: Project, tmp_path: Path) -> None:
    project.ingest(
        [write(tmp_path, "a.txt", ARTICLE), write(tmp_path, "b.txt", ARTICLE + "More.\n")]
    )
    assert project.verify().ok
    first, second = project.store.blobs()
    path = project.evidence.path(first)
    path.chmod(0o644)
    path.write_bytes(b"tampered")
    project.evidence.path(second).unlink()
    report = project.verify()
    assert report.checked == 2
    assert [p.split(":")[0] for p in report.problems] == [first, second]
    assert "changed" in report.problems[0]
    assert "missing" in report.problems[1]


def test_project_reingest_restores_a_lost_original(project: Project, tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", ARTICLE)
    project.ingest([path])
    (digest,) = project.store.blobs()
    project.evidence.path(digest).unlink()
    project.ingest([path])
    assert project.verify().ok


# (what happened to the stored copy, why): re-ingesting the original bytes repairs both.
DAMAGE = [
    ("forged", "same size as the original: a size check alone kept the forgery"),
    ("lost", "the file was deleted"),
]


@pytest.mark.parametrize(("damage", "why"), DAMAGE)
def test_project_reingest_repairs_a_damaged_original_and_says_so(
    project: Project, tmp_path: Path, damage: str, why: str
) -> None:
    from civharm.errors import EvidenceDamaged

    path = write(tmp_path, "a.txt", ARTICLE)
    project.ingest([path])
    (digest,) = project.store.blobs()
    stored = project.evidence.path(digest)
    if damage == "lost":
        stored.unlink()
    else:
        stored.chmod(0o644)
        stored.write_bytes(ARTICLE.upper().encode())
    with pytest.raises(EvidenceDamaged):
        project.original(digest)  # never handed out as the original
    report = project.ingest([path])
    assert project.verify().ok, why
    assert project.original(digest) == path.read_bytes()
    assert any("restored from these bytes" in w and digest in w for w in report.warnings), why


def test_project_evidence_folder_sits_beside_the_database(tmp_path: Path) -> None:
    with open_project(db=f"sqlite:///{tmp_path / 'cases.db'}") as project:
        project.ingest([write(tmp_path, "a.txt", ARTICLE)])
    assert (tmp_path / "cases-data").is_dir()


def test_project_newer_schema_is_refused(db_url: str) -> None:
    import sqlalchemy as sa

    with open_project(db=db_url):
        pass
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(DatabaseError, match="newer"):
        open_project(db=db_url)


def test_project_sample_data_ingests_cleanly(project: Project) -> None:
    from civharm.project import sample_files

    report = project.ingest(sample_files())
    assert report.errors == ()
    assert report.new_documents >= 8
    kinds = {d["media_type"] for d in project.records("documents")}
    assert {"text/plain", "text/markdown", "text/html", "application/pdf"} <= kinds


def test_project_folder_walk_is_recursive(project: Project, tmp_path: Path) -> None:
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    shutil.copy(DATA / "good" / "one.txt", nested / "one.txt")
    assert project.ingest([tmp_path]).new_documents == 1


def test_project_killed_ingest_leaves_a_consistent_database(db_url: str, tmp_path: Path) -> None:
    # Why: a kill -9 in the middle of an ingest must lose nothing stored and duplicate nothing.
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(120):
        write(folder, f"{i:03}.txt", ARTICLE.replace("12 civilians", f"{i + 2} civilians"))
    child = subprocess.Popen(
        [sys.executable, "-m", "civharm", "ingest", str(folder), "--db", db_url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    path = db_url.removeprefix("sqlite:///")
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and child.poll() is None:
        try:
            with sqlite3.connect(path) as conn:
                stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.OperationalError:
            stored = 0  # tables not created yet
        if stored >= 5:
            break
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait()
    with open_project(db=db_url) as project:
        report = project.ingest([folder])
        counts = project.counts()
        assert report.errors == ()
        assert report.new_documents + report.seen_documents == 120
        assert (counts["documents"], counts["articles"]) == (120, 120)
        assert project.verify().ok
        assert all(a["id"] for a in project.records("articles"))
        with project.store.engine.connect() as conn:
            import sqlalchemy as sa

            unplaced = conn.execute(sa.text("SELECT count(*) FROM articles WHERE story_id IS NULL"))
            assert unplaced.scalar_one() == 0
