"""The evidence folder sits beside its database whatever the working directory (issue #9).

Each database has its own folder (blobs and session key); the shared `./civharm-data` of
older versions is adopted; a command that reads a project refuses a missing SQLite file.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from civharm import open_project
from civharm.cli import app
from civharm.errors import MissingDatabase
from civharm.settings import Settings

ONE = Path(__file__).parent / "data" / "good" / "one.txt"
REPORT = b"Shelling Of Hajin\n\nSource: Wire\nShelling killed 3 people in Hajin on Monday.\n"


# (db given in a folder, the same db given from a folder inside it, evidence folder):
# every form --db may take.
FORMS = [
    ("t3.db", "../t3.db", "t3-data"),  # the probe of issue #9: it used ./civharm-data
    ("cases/t3.db", "../cases/t3.db", "cases/t3-data"),  # a relative path with a folder
    ("sqlite:///rel.db", "sqlite:///../rel.db", "rel-data"),  # a relative URL
    ("sqlite:///{tmp}/abs.db", "sqlite:///{tmp}/abs.db", "abs-data"),  # four slashes
    ("{tmp}/bare.db", "{tmp}/bare.db", "bare-data"),  # an absolute path
    ("sqlite+pysqlite:///{tmp}/d.db", "sqlite+pysqlite:///../d.db", "d-data"),  # a driver
]


@pytest.mark.parametrize(("here", "below", "expected"), FORMS)
def test_layout_evidence_folder_sits_beside_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, here: str, below: str, expected: str
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = Settings(db=here.format(tmp=tmp_path)).evidence_dir()
    assert folder == tmp_path.resolve() / expected
    (tmp_path / "below").mkdir()
    monkeypatch.chdir(tmp_path / "below")
    assert Settings(db=below.format(tmp=tmp_path)).evidence_dir() == folder


def test_layout_server_databases_and_the_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    pg = Settings(db="postgresql://ana:secret@db.example:5432/cases").evidence_dir()
    assert pg == tmp_path / "xdg" / "civharm" / "db.example-cases-data"  # no password in it
    chosen = Settings(db="t3.db", data_dir=str(tmp_path / "ev")).evidence_dir()
    assert chosen == tmp_path.resolve() / "ev"


def test_layout_verify_works_from_any_folder(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, other = tmp_path / "home", tmp_path / "other"
    home.mkdir()
    other.mkdir()
    monkeypatch.chdir(home)
    assert runner.invoke(app, ["ingest", str(ONE), "--db", "t3.db"]).exit_code == 0
    assert (home / "t3-data").is_dir() and not (home / "civharm-data").exists()
    monkeypatch.chdir(other)
    result = runner.invoke(app, ["verify", "--db", "../home/t3.db"])
    assert result.exit_code == 0, result.output
    assert "1 preserved files checked; 0 problems" in result.output


def test_layout_two_databases_in_one_folder_keep_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from civharm.web.app import session_secret

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_bytes(REPORT)
    (tmp_path / "b.txt").write_bytes(REPORT.replace(b"3 people", b"4 people"))
    keys = []
    for db, source in (("one.db", "a.txt"), ("two.db", "b.txt")):
        with open_project(db=db) as project:
            project.ingest([source])
            assert project.verify().ok
            assert len(list(project.evidence.digests())) == 1
            keys.append(session_secret(project))
    assert (tmp_path / "one-data").is_dir() and (tmp_path / "two-data").is_dir()
    assert keys[0] != keys[1]


# (command, why): every command that reads a project, given a file that is not there.
READERS = [
    (["info"], "the probe: it created an empty database and showed zeros"),
    (["verify"], "and this one reported '0 problems' for a mistyped path"),
    (["export", "incidents"], "an empty export would look like an empty archive"),
    (["resolve"], "would migrate a new, empty database"),
    (["reprocess"], "likewise"),
    (["eval", str(ONE)], "would score an empty database"),
    (["incident", "grade", "inc-x", "weak", "-r", "why"], "a review needs its project"),
    (["user", "add", "ana"], "a user added to a stray file could never log in"),
    (["token", "create", "ana"], "likewise"),
    (["serve"], "would serve an empty app"),
]


@pytest.mark.parametrize(("command", "why"), READERS)
@pytest.mark.parametrize("form", ["nope.db", "sqlite:///nope.db"])
def test_layout_missing_database_is_refused(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
    why: str,
    form: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [*command, "--db", form])
    assert result.exit_code == 1, (why, result.output)
    assert "E011 no database at" in result.output and "nope.db" in result.output
    assert not (tmp_path / "nope.db").exists()
    assert not (tmp_path / "nope-data").exists()


def test_layout_missing_database_in_python(tmp_path: Path) -> None:
    with pytest.raises(MissingDatabase):
        open_project(db=str(tmp_path / "nope.db"), create=False)
    with open_project(db=str(tmp_path / "new.db")):  # creating is the default in Python
        pass
    assert (tmp_path / "new.db").is_file()


def _old_project(folder: Path) -> str:
    """A project as versions before #9 left it: `--db t3.db`, blobs in ./civharm-data."""
    (folder / "a.txt").write_bytes(REPORT)
    with open_project(db="t3.db", data_dir=str(folder / "civharm-data")) as project:
        project.ingest([folder / "a.txt"])
        (digest,) = project.store.blobs()
    return digest


def test_layout_old_shared_folder_is_adopted_by_hard_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.chdir(tmp_path)
    digest = _old_project(tmp_path)
    old = tmp_path / "civharm-data" / digest[:2] / digest
    with caplog.at_level("WARNING", logger="civharm"), open_project(db="t3.db") as project:
        assert project.verify().ok
    new = tmp_path / "t3-data" / digest[:2] / digest
    assert new.is_file() and old.is_file()  # the old folder is left as it was
    assert new.stat().st_ino == old.stat().st_ino  # a link, not a copy
    assert "hard links" in caplog.text and "civharm-data" in caplog.text
    monkeypatch.chdir(tmp_path.parent)
    with open_project(db=str(tmp_path / "t3.db"), create=False) as project:
        assert project.verify().ok  # and now from anywhere


def test_layout_old_folder_is_still_read_when_links_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.chdir(tmp_path)
    digest = _old_project(tmp_path)

    def cross_device(*_: Any) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr("civharm.layout.os.link", cross_device)
    with caplog.at_level("WARNING", logger="civharm"), open_project(db="t3.db") as project:
        assert project.verify().ok
        assert project.original(digest) == REPORT
    assert "still read from" in caplog.text
