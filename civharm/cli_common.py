"""What every `civharm` command shares: the consoles, the --db and --setting options,
opening the project, one error line with its exit code, and help that names values by
their metavars (`--db URL`, `PATH...`) rather than by Python types (`<str>`, `<list[Path]>`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from civharm.errors import CivharmError, UsageError
from civharm.project import Project
from civharm.readers.guard import printable
from civharm.settings import load_settings, parse_pairs

F = TypeVar("F", bound=Callable[..., Any])

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


class _Argument(TyperArgument):
    """An argument shown as its metavar alone: `PATH...`, not `{paths}... <list[Path]>`."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def get_usage_pieces(self, ctx: Any) -> list[str]:
        return [self.display_name_raw if self.required else f"[{self.display_name_raw}]"]


class _Option(TyperOption):
    """An option shown with its metavar (`--db URL`); a flag such as --json with nothing."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None if self.is_flag or self.count else self.metavar


def _plain(params: list[Any]) -> list[Any]:
    """Give Typer's parameters the display above. Typer builds them itself and takes no
    parameter class, so their class is swapped; one without a metavar gets its name's."""
    for param in params:
        if type(param) is TyperArgument:
            param.__class__ = _Argument
        elif type(param) is TyperOption:
            param.__class__ = _Option
        else:
            continue
        if param.metavar is None and not getattr(param, "is_flag", False):
            many = "..." if param.nargs != 1 else ""
            param.metavar = f"{(param.name or 'value').upper()}{many}"
    return params


class _Command(TyperCommand):
    """A command whose parameters, the --help option included, show as above."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _plain(super().get_params(ctx))


class _Group(TyperGroup):
    """A command group whose own options show as above."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _plain(super().get_params(ctx))


class Commands(typer.Typer):
    """A `typer.Typer` whose commands' help shows metavars, not Python types. Help is read
    as Markdown so that a docstring's paragraphs flow as one text; Typer's "rich" mode keeps
    the line breaks of the source."""

    def __init__(self, **options: Any) -> None:
        super().__init__(cls=_Group, rich_markup_mode="markdown", **options)

    def command(self, name: str | None = None, **options: Any) -> Callable[[F], F]:
        return super().command(name, cls=_Command, **options)
