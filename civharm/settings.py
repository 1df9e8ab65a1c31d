"""Settings are data in one place: a table of name, default and help.

Load order: packaged defaults → `civharm.toml` in the working directory → environment
(`CIVHARM_<NAME>`) → explicit overrides (`-s name=value`, keyword arguments). Build the
settings once at the edge and pass them down.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

from civharm.errors import SettingsError
from civharm.layout import evidence_dir


class Setting(NamedTuple):
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "sqlite:///civharm.db", "Database URL (SQLite file or PostgreSQL)."),
    Setting(
        "data_dir",
        "",
        "Folder for the preserved original bytes (and the web app's session key); empty "
        "means `<database name>-data` beside an SQLite file (`cases/t3.db` → `cases/t3-data`), "
        "else `$XDG_DATA_HOME/civharm/<host>-<database>-data`. See civharm/layout.py.",
    ),
    Setting(
        "max_file_mb",
        50,
        "Inputs larger than this many megabytes are refused, and so is a gzip, WARC record "
        "or PDF stream that inflates to more.",
    ),
    Setting("user", "", "Name written in the custody log; empty means the login name."),
    Setting(
        "gazetteer",
        "",
        "Gazetteer SQLite file; empty means the packaged one (Who's On First extracts of SY, "
        "IQ, YE, LY, SO, AF, PS, UA; towns of IL, LB, KE from GeoNames). "
        "`civharm gazetteer import-geonames` makes a larger one.",
    ),
    Setting(
        "actors",
        "",
        "A TOML file of extra alleged perpetrators in the format of civharm/rules/actors.toml "
        "([[actor]] name, aliases); they are matched before the built-in list.",
    ),
    Setting(
        "merge_km",
        5.0,
        "Mentions of towns within this many kilometres of each other may be one incident.",
    ),
    Setting(
        "map_tiles",
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "Map tile URL template for the web app; the points show even when no tiles load.",
    ),
    Setting(
        "public",
        False,
        "Public read-only mode: anyone may read confirmed incidents without logging in.",
    ),
    Setting(
        "secure_cookies",
        False,
        "Mark the web app's session cookie `Secure` (sent back over https only) on every "
        "response. Off, it is marked so whenever the request came over https: directly, or "
        "through a proxy that `civharm serve` trusts for `X-Forwarded-Proto` (one on the same "
        "machine; others in the variable `FORWARDED_ALLOW_IPS`). Turn it on behind any other "
        "https proxy.",
    ),
    Setting(
        "session_idle_minutes",
        480,
        "A web login ends after this many minutes without a request (8 hours by default).",
    ),
    Setting(
        "token_days",
        90,
        "New API tokens expire after this many days; 0 makes tokens that never expire.",
    ),
    Setting(
        "vague_numbers",
        False,
        "Give vague counts a conventional minimum (dozens = 12, scores = 20, hundreds = 100; "
        "see civharm/extract/quantities.py) instead of leaving them without a figure.",
    ),
    Setting(
        "workers",
        0,
        "Processes that read, segment and extract during an ingest or a reprocess; 0 means "
        "one per core (never more than there are files or documents). One process stores their results in input order, "
        "so what is stored does not depend on it. 1 starts no worker process.",
    ),
)


@dataclass(frozen=True)
class Settings:
    """Every setting of civharm, resolved. Build it with `load_settings()`."""

    db: str = "sqlite:///civharm.db"
    data_dir: str = ""
    max_file_mb: int = 50
    user: str = ""
    gazetteer: str = ""
    actors: str = ""
    merge_km: float = 5.0
    map_tiles: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    public: bool = False
    secure_cookies: bool = False
    session_idle_minutes: int = 480
    token_days: int = 90
    vague_numbers: bool = False
    workers: int = 0

    def evidence_dir(self) -> Path:
        """Where original bytes are kept: beside the SQLite file unless set (`layout.py`)."""
        return evidence_dir(self.db, self.data_dir)

    def custody_user(self) -> str:
        if self.user:
            return self.user
        try:
            return os.getlogin()
        except OSError:
            return os.environ.get("USER", "unknown")


MAX_USER = 120  # characters of the name the custody log records


def _coerce(name: str, value: Any) -> Any:
    default = next(s.default for s in SETTINGS if s.name == name)
    if isinstance(default, bool):
        if isinstance(value, str):
            return value.strip().lower() in ("1", "true", "yes", "on")
        return bool(value)
    if isinstance(default, float):
        try:
            return float(value)
        except (TypeError, ValueError):
            raise SettingsError(f"setting {name!r} needs a number, not {value!r}") from None
    if isinstance(default, int):
        try:
            return int(value)
        except (TypeError, ValueError):
            raise SettingsError(f"setting {name!r} needs a whole number, not {value!r}") from None
    return str(value)


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    *,
    project_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Resolve settings: defaults → project file → environment → overrides (None is skipped)."""
    known = {s.name for s in SETTINGS}
    values: dict[str, Any] = {}
    path = project_file if project_file is not None else Path("civharm.toml")
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"{path}: not valid TOML ({exc})") from None
        for key, value in data.items():
            if key not in known:
                raise SettingsError(f"{path}: unknown setting {key!r}")
            values[key] = value
    env = os.environ if environ is None else environ
    for name in known:
        env_value = env.get(f"CIVHARM_{name.upper()}")
        if env_value:
            values[name] = env_value
    for key, value in (overrides or {}).items():
        if key not in known:
            raise SettingsError(f"unknown setting {key!r}; known: {', '.join(sorted(known))}")
        if value is not None:
            values[key] = value
    resolved = {k: _coerce(k, v) for k, v in values.items()}
    if len(resolved.get("user", "")) > MAX_USER:
        # the custody log's column: refused here, with the setting named, not by the database
        raise SettingsError(f"setting 'user' has at most {MAX_USER} characters")
    return replace(Settings(), **resolved)


def parse_pairs(pairs: list[str]) -> dict[str, str]:
    """Turn `-s name=value` pairs from the command line into a dict."""
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            raise SettingsError(f"expected name=value, got {pair!r}")
        out[name.strip()] = value
    return out
