"""What every `civharm` command shares: the consoles, the --db and --setting options,
opening the project, and one error line with its exit code."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from civharm.errors import CivharmError, UsageError
from civharm.project import Project
from civharm.readers.guard import printable
from civharm.settings import load_settings, parse_pairs

out = Console(soft_wrap=True)  # long lines (sha256 values, commands) are never cut in two
# Nor error lines: one per bad file, even in a log file or a pipe (Rich's 80 columns there).
err = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="URL",
        help="Database URL or SQLite file. Default: $CIVHARM_DB, then ./civharm.db.",
    ),
]
SettingOption = Annotated[
    list[str] | None,
    typer.Option(
        "-s",
        "--setting",
        metavar="NAME=VALUE",
        help="Override a setting: -s name=value (repeatable).",
    ),
]


def opened(db: str | None, setting: list[str] | None, *, create: bool = False) -> Project:
    """Settings are built once, here at the edge, and passed down.

    Only `ingest` and `demo` create a database; every other command refuses an SQLite file
    that does not exist (a mistyped --db) instead of answering from an empty one.
    """
    return Project(load_settings({**parse_pairs(setting or []), "db": db}), create=create)


def failed(exc: CivharmError) -> typer.Exit:
    err.print(f"[red]error[/red] {escape(printable(str(exc)))}")
    return typer.Exit(2 if isinstance(exc, UsageError) else 1)
