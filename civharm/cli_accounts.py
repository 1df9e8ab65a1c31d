"""`civharm user …` and `civharm token …`: accounts of the web app and API tokens; each
mirrors a method of `Project` (`civharm.accounts.Accounts`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated, TypeVar

import typer
from rich.markup import escape
from rich.table import Table

from civharm.cli_common import Commands, DbOption, SettingOption, failed, opened, out
from civharm.errors import CivharmError
from civharm.project import Project

T = TypeVar("T")

user_app = Commands(help="Manage users of the web app.", no_args_is_help=True)


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[str, typer.Option(help="viewer | researcher | admin")] = "viewer",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    db: DbOption = None,
    setting: SettingOption = None,
) -> None:
    """Add a user. Without --password-stdin the user can only use API tokens.

    In Python: `Project.add_user(name, role=..., password=...)`.
    """
    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    _on_project(db, setting, lambda p: p.add_user(name, role=role, password=password))
    out.print(f"user {escape(name)} added as {escape(role)}")


UserName = Annotated[str, typer.Argument(help="Login name.")]


@user_app.command("list")
def user_list(db: DbOption = None, setting: SettingOption = None) -> None:
    """List the users with their role and state.

    In Python: `Project.users()`.
    """
    users = _on_project(db, setting, lambda p: p.users())
    table = Table("name", "role", "state", "password", "created")
    for user in users:
        state = "disabled" if user["disabled"] else "enabled"
        password = "yes" if user["password"] else "no (tokens only)"
        table.add_row(
            escape(user["name"]), user["role"], state, password, f"{user['created']:%Y-%m-%d}"
        )
    out.print(table)


@user_app.command("set-role")
def user_set_role(
    name: UserName,
    role: Annotated[str, typer.Argument(help="viewer | researcher | admin")],
    db: DbOption = None,
    setting: SettingOption = None,
) -> None:
    """Give a user another role; the last enabled admin keeps theirs.

    In Python: `Project.set_role(name, role)`.
    """
    _change(db, setting, lambda p: p.set_role(name, role), f"{name} is now {role}")


@user_app.command("set-password")
def user_set_password(
    name: UserName,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    db: DbOption = None,
    setting: SettingOption = None,
) -> None:
    """Set a user's password (at least 12 characters; asked for unless --password-stdin)
    and end their web sessions.

    In Python: `Project.set_password(name, password)`.
    """
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    _change(db, setting, lambda p: p.set_password(name, password), f"password of {name} changed")


@user_app.command("disable")
def user_disable(name: UserName, db: DbOption = None, setting: SettingOption = None) -> None:
    """Refuse a user's logins and API tokens and end their web sessions.

    In Python: `Project.disable_user(name)`.
    """
    _change(db, setting, lambda p: p.disable_user(name), f"{name} disabled")


@user_app.command("enable")
def user_enable(name: UserName, db: DbOption = None, setting: SettingOption = None) -> None:
    """Let a disabled user log in and use their tokens again.

    In Python: `Project.enable_user(name)`.
    """
    _change(db, setting, lambda p: p.enable_user(name), f"{name} enabled")


@user_app.command("delete")
def user_delete(name: UserName, db: DbOption = None, setting: SettingOption = None) -> None:
    """Delete a user and their tokens; the review log and custody records keep the name.

    In Python: `Project.delete_user(name)`.
    """
    _change(db, setting, lambda p: p.delete_user(name), f"{name} deleted")


def _on_project(db: str | None, setting: list[str] | None, call: Callable[[Project], T]) -> T:
    """Call one `Project` method; a library error becomes one error line and an exit code."""
    try:
        with opened(db, setting) as project:
            return call(project)
    except CivharmError as exc:
        raise failed(exc) from None


def _change(
    db: str | None, setting: list[str] | None, change: Callable[[Project], None], done: str
) -> None:
    _on_project(db, setting, change)
    out.print(escape(done))


token_app = Commands(help="Manage API tokens.", no_args_is_help=True)


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Argument(help="The user the token acts for.")],
    db: DbOption = None,
    setting: SettingOption = None,
) -> None:
    """Print a new API token for a user (shown once; send it as `Authorization: Bearer TOKEN`).

    In Python: `Project.create_token(name)`.
    """
    token = _on_project(db, setting, lambda p: p.create_token(name))
    print(token)


@token_app.command("list")
def token_list(
    name: Annotated[
        str | None, typer.Option("--user", metavar="NAME", help="Only this user's tokens.")
    ] = None,
    db: DbOption = None,
    setting: SettingOption = None,
) -> None:
    """List API tokens (their first characters, never the whole token), newest first.

    In Python: `Project.tokens(name)`.
    """
    tokens = _on_project(db, setting, lambda p: p.tokens(name))
    table = Table("id", "user", "starts", "created", "expires", "state")
    for token in tokens:
        expires = f"{token['expires']:%Y-%m-%d}" if token["expires"] else "never"
        state = "revoked" if token["revoked"] else "active"
        created = f"{token['created']:%Y-%m-%d}"
        starts = escape(f"{token['prefix'] or ''}…")
        table.add_row(str(token["id"]), escape(token["user"]), starts, created, expires, state)
    out.print(table)


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[int, typer.Argument(help="The token's id, from `civharm token list`.")],
    db: DbOption = None,
    setting: SettingOption = None,
) -> None:
    """Revoke an API token: it is refused from now on.

    In Python: `Project.revoke_token(token_id)`.
    """
    _change(db, setting, lambda p: p.revoke_token(token_id), f"token {token_id} revoked")
