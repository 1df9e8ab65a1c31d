"""Settings: defaults → civharm.toml → CIVHARM_* → overrides, with clear errors."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from civharm.errors import SettingsError
from civharm.settings import SETTINGS, Settings, load_settings, parse_pairs


def test_settings_table_and_dataclass_agree() -> None:
    assert [f.name for f in fields(Settings)] == [s.name for s in SETTINGS]
    assert [getattr(Settings(), s.name) for s in SETTINGS] == [s.default for s in SETTINGS]


def test_settings_load_order(tmp_path: Path) -> None:
    toml = tmp_path / "civharm.toml"
    toml.write_text('db = "sqlite:///from-file.db"\nmax_file_mb = 7\nuser = "file"\n')
    env = {"CIVHARM_MAX_FILE_MB": "9", "CIVHARM_USER": "env"}
    settings = load_settings({"user": "flag", "db": None}, project_file=toml, environ=env)
    assert settings.db == "sqlite:///from-file.db"  # only the file sets it
    assert settings.max_file_mb == 9  # the environment beats the file
    assert settings.user == "flag"  # an explicit override beats both


def test_settings_defaults_without_file_or_environment(tmp_path: Path) -> None:
    settings = load_settings(project_file=tmp_path / "none.toml", environ={})
    assert settings == Settings()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"colour": "blue"}, "unknown setting 'colour'"),  # typo in a name
        ({"max_file_mb": "lots"}, "whole number"),  # wrong type
        ({"user": "x" * 121}, "'user' has at most 120 characters"),  # longer than custody keeps
    ],
)
def test_settings_errors(overrides: dict[str, str], message: str, tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings(overrides, project_file=tmp_path / "none.toml", environ={})


def test_settings_bad_toml_names_the_file(tmp_path: Path) -> None:
    toml = tmp_path / "civharm.toml"
    toml.write_text("db = \n")
    with pytest.raises(SettingsError, match=r"civharm\.toml"):
        load_settings(project_file=toml, environ={})


def test_settings_evidence_dir_sits_beside_a_sqlite_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Absolute, so that it stays beside the file whatever the working directory
    # (every form of --db is in test_layout.py).
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert (
        Settings(db="sqlite:///cases/a.db").evidence_dir()
        == tmp_path.resolve() / "cases" / "a-data"
    )
    server = Settings(db="postgresql://host/db").evidence_dir()
    assert server == tmp_path / "xdg" / "civharm" / "host-db-data"
    assert Settings(data_dir="/srv/evidence").evidence_dir() == Path("/srv/evidence")


def test_settings_pairs_from_the_command_line() -> None:
    assert parse_pairs(["user=ana", "max_file_mb=3"]) == {"user": "ana", "max_file_mb": "3"}
    with pytest.raises(SettingsError, match="name=value"):
        parse_pairs(["user"])
