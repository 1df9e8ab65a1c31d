"""Account lifecycle and logins: users, tokens and sessions end when they should, and
password guessing stays slow, blind and cheap."""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from civharm import Project, open_project
from civharm.accounts import ROLES
from civharm.cli import app as cli
from civharm.errors import NotFound, UsageError
from civharm.store import tables as t
from civharm.web.app import create_app
from civharm.web.auth import LoginGuard


@pytest.fixture
def db_url(any_db_url: str) -> str:
    """Users, tokens and sessions are rows, and migration 0006 alters tables: on either engine."""
    return any_db_url


def password(name: str) -> str:
    return f"{name}-passphrase"


@pytest.fixture
def site(project: Project) -> Iterator[tuple[Project, TestClient]]:
    """The web app over an empty project with one user per role."""
    for role in ROLES:
        project.add_user(role, role=role, password=password(role))
    with TestClient(create_app(project)) as client:
        yield project, client


def csrf_of(client: TestClient, path: str = "/login") -> str:
    page = client.get(path).text
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]


def try_login(client: TestClient, name: str, secret: str) -> Any:
    data = {"name": name, "password": secret, "csrf": csrf_of(client)}
    return client.post("/login", data=data, follow_redirects=False)


def login(client: TestClient, name: str) -> str:
    """Log in with a fresh cookie; the session's CSRF token."""
    client.cookies.clear()
    assert try_login(client, name, password(name)).status_code == 303
    return csrf_of(client, "/incidents")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def set_column(project: Project, table: sa.Table, column: str, value: Any) -> None:
    with project.store.engine.begin() as conn:
        conn.execute(table.update().values({column: value}))


class VerifySpy:
    """Counts Argon2 verifications (and can make them slow) without changing their answer."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, delay: float = 0.0) -> None:
        self.calls = 0
        real = PasswordHasher.verify

        def verify(hasher: PasswordHasher, stored: str, given: str) -> bool:
            self.calls += 1
            time.sleep(delay)
            return real(hasher, stored, given)

        monkeypatch.setattr(PasswordHasher, "verify", verify)


# -- the Python API and the CLI -----------------------------------------------------------


def test_accounts_cli_mirrors_the_python_api(runner: CliRunner, project: Project) -> None:
    db = project.settings.db
    project.add_user("admin", role="admin", password=password("admin"))

    def run(*args: str, stdin: str | None = None) -> str:
        result = runner.invoke(cli, [*args, "--db", db], input=stdin)
        assert result.exit_code == 0, result.output
        return result.output

    run("user", "add", "ana", "--role", "viewer", "--password-stdin", stdin="first passphrase\n")
    run("user", "set-role", "ana", "researcher")
    assert project.store.user("ana")["role"] == "researcher"  # type: ignore[index]
    run("user", "set-password", "ana", "--password-stdin", stdin="second passphrase\n")
    assert project.authenticate("ana", "second passphrase") is not None
    assert project.authenticate("ana", "first passphrase") is None
    run("user", "set-password", "ana", stdin="third passphrase\nthird passphrase\n")  # asked
    assert project.authenticate("ana", "third passphrase") is not None
    run("user", "disable", "ana")
    assert "disabled" in run("user", "list")
    assert project.authenticate("ana", "third passphrase") is None
    run("user", "enable", "ana")
    assert project.authenticate("ana", "third passphrase") is not None

    token = run("token", "create", "ana").strip()
    assert project.user_for_token(token)["name"] == "ana"  # type: ignore[index]
    listed = run("token", "list", "--user", "ana")
    assert token[:10] in listed and "active" in listed and token not in listed
    token_id = project.tokens("ana")[0]["id"]
    run("token", "revoke", str(token_id))
    assert project.user_for_token(token) is None
    assert "revoked" in run("token", "list")

    run("user", "delete", "ana")
    assert [u["name"] for u in project.users()] == ["admin"]
    assert project.tokens() == []  # the user's tokens went with them


def test_accounts_cli_errors_are_one_line(runner: CliRunner, project: Project) -> None:
    db = project.settings.db
    project.add_user("ana", role="viewer")
    short = runner.invoke(
        cli, ["user", "set-password", "ana", "--password-stdin", "--db", db], input="11-char-pwd\n"
    )
    assert short.exit_code == 2
    assert "at least 12 characters" in short.output
    missing = runner.invoke(cli, ["token", "revoke", "999", "--db", db])
    assert missing.exit_code == 1
    assert "no token 999" in missing.output


@pytest.mark.parametrize(
    "secret",
    [
        "11-char-pwd",  # one short of the rule
        "",  # the web form's empty password field on a password change
        "x" * 1025,  # Argon2 would read all of it on every login
    ],
)
def test_accounts_password_rule_is_named(project: Project, secret: str) -> None:
    project.add_user("ana", role="viewer")
    with pytest.raises(UsageError, match=r"at (least 12|most 1024) characters"):
        project.set_password("ana", secret)
    if secret:  # an empty password on adding means "tokens only"
        with pytest.raises(UsageError, match="characters"):
            project.add_user("omar", role="viewer", password=secret)


def test_accounts_twelve_characters_are_enough(project: Project) -> None:
    project.add_user("ana", role="viewer", password="12-char-pwd!")
    assert project.authenticate("ana", "12-char-pwd!") is not None


def test_accounts_over_long_name_is_refused(project: Project) -> None:
    # Why: PostgreSQL refused a name longer than its column with a traceback; SQLite kept it.
    with pytest.raises(UsageError, match="at most 120"):
        project.add_user("n" * 121, role="viewer")
    project.add_user("n" * 120, role="viewer")


def test_accounts_last_enabled_admin_stays(project: Project) -> None:
    project.add_user("root", role="admin")
    with pytest.raises(UsageError, match="last enabled admin"):
        project.set_role("root", "viewer")
    with pytest.raises(UsageError, match="last enabled admin"):
        project.disable_user("root")
    with pytest.raises(UsageError, match="last enabled admin"):
        project.delete_user("root")
    project.add_user("second", role="admin")
    project.disable_user("root")  # another admin is left
    with pytest.raises(NotFound):
        project.delete_user("nobody")


def test_accounts_tokens_expire_after_the_setting(db_url: str) -> None:
    with open_project(db=db_url, token_days=0) as project:
        project.add_user("ana", role="viewer")
        project.create_token("ana")
        assert project.tokens()[0]["expires"] is None  # 0: never
    with open_project(db=db_url) as project:
        project.create_token("ana")
        expires = project.tokens()[0]["expires"].replace(tzinfo=dt.UTC)
        assert abs(expires - (dt.datetime.now(dt.UTC) + dt.timedelta(days=90))).days == 0


# -- logins -------------------------------------------------------------------------------


# The login guard and Argon2 work apart from the store: SQLite only, to keep CI short.
@pytest.mark.parametrize("any_db_url", ["sqlite"], indirect=True)
def test_accounts_unknown_user_costs_an_argon2_verify(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.add_user("ana", role="viewer", password=password("ana"))
    project.add_user("script", role="viewer")  # tokens only: no password to check
    spy = VerifySpy(monkeypatch)
    for name in ("nobody", "script", "ana"):
        assert (
            project.authenticate(name, password("ana") if name != "ana" else "wrong guess!") is None
        )
    assert spy.calls == 3
    assert project.authenticate("nobody", password("nobody")) is None  # the dummy never matches


# The login guard and Argon2 work apart from the store: SQLite only, to keep CI short.
@pytest.mark.parametrize("any_db_url", ["sqlite"], indirect=True)
def test_accounts_rate_limit_after_ten_failures(
    site: tuple[Project, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, client = site
    spy = VerifySpy(monkeypatch)
    for _ in range(10):
        assert try_login(client, "researcher", "a wrong passphrase").status_code == 401
    assert spy.calls == 10
    refused = try_login(client, "researcher", password("researcher"))
    assert refused.status_code == 429
    assert "Too many failed logins" in refused.text and "15 minutes" in refused.text
    assert spy.calls == 10  # refused before any Argon2 work


# The login guard and Argon2 work apart from the store: SQLite only, to keep CI short.
@pytest.mark.parametrize("any_db_url", ["sqlite"], indirect=True)
def test_accounts_guesses_racing_past_the_limit_learn_nothing(
    site: tuple[Project, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    project, client = site
    guard: LoginGuard = client.app.state.logins  # type: ignore[attr-defined]
    checked = project.authenticate

    def authenticate(name: str, secret: str) -> Any:
        for _ in range(10):  # guesses checked side by side with this one, all wrong
            guard.failed(name, "10.0.0.9")
        return checked(name, secret)

    monkeypatch.setattr(project, "authenticate", authenticate)
    assert try_login(client, "researcher", password("researcher")).status_code == 429


def test_accounts_rate_limit_counts_addresses_and_forgets_after_the_window() -> None:
    now = [0.0]
    guard = LoginGuard(clock=lambda: now[0])
    for i in range(10):
        assert guard.refusal(f"name-{i}", "10.0.0.1") is None
        guard.failed(f"name-{i}", "10.0.0.1")
    assert guard.refusal("someone-else", "10.0.0.1")  # the address is blocked
    assert guard.refusal("someone-else", "10.0.0.2") is None  # another address is not
    now[0] = 15 * 60 + 1
    assert guard.refusal("someone-else", "10.0.0.1") is None
    assert LoginGuard(waiting=0).refusal("ana", "10.0.0.1") == (
        "Too many logins at once: try again in a moment."
    )


# The login guard and Argon2 work apart from the store: SQLite only, to keep CI short.
@pytest.mark.parametrize("any_db_url", ["sqlite"], indirect=True)
def test_accounts_a_success_clears_the_account_count(site: tuple[Project, TestClient]) -> None:
    _, client = site
    for _ in range(9):
        try_login(client, "viewer", "a wrong passphrase")
    login(client, "viewer")
    assert try_login(client, "viewer", "a wrong passphrase").status_code == 401


# The login guard and Argon2 work apart from the store: SQLite only, to keep CI short.
@pytest.mark.parametrize("any_db_url", ["sqlite"], indirect=True)
def test_accounts_login_does_not_block_the_api(
    site: tuple[Project, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    project, client = site
    headers = bearer(project.create_token("viewer"))
    VerifySpy(monkeypatch, delay=2.0)
    logins = [
        threading.Thread(target=try_login, args=(client, "admin", "a wrong passphrase"))
        for _ in range(4)
    ]
    for thread in logins:
        thread.start()
    time.sleep(0.3)  # the logins are now checking passwords
    started = time.monotonic()
    assert client.get("/api/v1/incidents", headers=headers).status_code == 200
    assert time.monotonic() - started < 1.5
    for thread in logins:
        thread.join()


# -- sessions and tokens on the web -------------------------------------------------------


def test_accounts_replayed_cookie_after_logout_is_refused(site: tuple[Project, TestClient]) -> None:
    _, client = site
    csrf = login(client, "researcher")
    cookie = client.cookies.get("session")
    assert client.get("/incidents").status_code == 200
    client.post("/logout", data={"csrf": csrf})
    client.cookies.set("session", cookie)
    assert client.get("/incidents").status_code == 401


def test_accounts_password_change_ends_other_sessions(site: tuple[Project, TestClient]) -> None:
    project, client = site
    login(client, "researcher")
    researcher = client.cookies.get("session")
    csrf = login(client, "admin")
    other_admin = client.cookies.get("session")
    csrf = login(client, "admin")
    form = {"csrf": csrf, "action": "password", "name": "admin", "password": "a new passphrase"}
    assert client.post("/users", data=form).status_code == 200
    assert client.get("/users").status_code == 200  # the admin's own session stays
    form = {**form, "name": "researcher"}
    assert "sessions have ended" in client.post("/users", data=form).text
    for cookie in (researcher, other_admin):
        client.cookies.set("session", cookie)
        assert client.get("/incidents").status_code == 401
    assert project.authenticate("researcher", "a new passphrase") is not None


def test_accounts_idle_sessions_expire(site: tuple[Project, TestClient]) -> None:
    project, client = site
    login(client, "viewer")
    now = dt.datetime.now(dt.UTC)
    set_column(project, t.sessions, "last_seen", now - dt.timedelta(minutes=479))
    assert client.get("/incidents").status_code == 200  # and it counts as activity
    with project.store.engine.connect() as conn:
        seen = conn.execute(sa.select(t.sessions.c.last_seen)).scalar_one()
    assert seen.replace(tzinfo=dt.UTC) > now - dt.timedelta(minutes=1)
    set_column(project, t.sessions, "last_seen", now - dt.timedelta(minutes=481))
    assert client.get("/incidents").status_code == 401


def test_accounts_revoked_and_expired_tokens_are_refused(
    site: tuple[Project, TestClient],
) -> None:
    project, client = site
    token = project.create_token("viewer")
    assert client.get("/api/v1/incidents", headers=bearer(token)).status_code == 200
    set_column(project, t.api_tokens, "expires", dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    expired = client.get("/api/v1/incidents", headers=bearer(token))
    assert expired.status_code == 401
    assert "expired" in expired.json()["error"]["message"]
    fresh = project.create_token("viewer")
    project.revoke_token(project.tokens()[0]["id"])
    assert client.get("/api/v1/incidents", headers=bearer(fresh)).status_code == 401


def test_accounts_disabled_user_is_refused(site: tuple[Project, TestClient]) -> None:
    project, client = site
    token = project.create_token("researcher")
    login(client, "researcher")
    project.disable_user("researcher")
    assert client.get("/incidents").status_code == 401  # the session has ended
    assert client.get("/api/v1/incidents", headers=bearer(token)).status_code == 401
    refused = try_login(client, "researcher", password("researcher"))
    assert refused.status_code == 401
    assert "disabled" in refused.text
    with pytest.raises(UsageError, match="disabled"):
        project.create_token("researcher")


def test_accounts_admin_manages_users_on_the_web(site: tuple[Project, TestClient]) -> None:
    project, client = site
    csrf = login(client, "admin")

    def act(action: str, **form: str) -> Any:
        return client.post("/users", data={"csrf": csrf, "action": action, **form})

    assert act("add", name="omar", role="viewer", password="omar-passphrase").status_code == 200
    assert act("role", name="omar", role="researcher").status_code == 200
    assert act("disable", name="omar").status_code == 200
    assert project.store.user("omar")["disabled"]  # type: ignore[index]
    assert act("enable", name="omar").status_code == 200
    token = re.search(r"<code>(civ_[^<]+)</code>", act("token", name="omar").text).group(1)  # type: ignore[union-attr]
    page = act("revoke", token=str(project.tokens("omar")[0]["id"])).text
    assert "Token revoked." in page and "revoked" in page
    assert project.user_for_token(token) is None
    assert act("add", name="short", role="viewer", password="11-char-pwd").status_code == 400
    assert act("delete", name="omar").status_code == 200
    assert project.store.user("omar") is None


def test_accounts_admin_who_disables_themself_is_logged_out(
    site: tuple[Project, TestClient],
) -> None:
    project, client = site
    project.add_user("second", role="admin", password=password("second"))
    csrf = login(client, "second")
    form = {"csrf": csrf, "action": "disable", "name": "second"}
    response = client.post("/users", data=form, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/login")
    assert client.get("/users").status_code == 401


@pytest.mark.parametrize(
    ("action", "form"),
    [
        ("role", {"name": "viewer", "role": "admin"}),  # promoting oneself to admin
        ("password", {"name": "admin", "password": "taken over now"}),
        ("disable", {"name": "admin"}),
        ("delete", {"name": "viewer"}),
        ("revoke", {"token": "1"}),
    ],
)
def test_accounts_admin_actions_are_refused_to_a_researcher(
    site: tuple[Project, TestClient], action: str, form: dict[str, str]
) -> None:
    project, client = site
    project.create_token("admin")
    csrf = login(client, "researcher")
    before = (project.users(), project.tokens())
    response = client.post("/users", data={"csrf": csrf, "action": action, **form})
    assert response.status_code == 403
    as_script = bearer(project.create_token("researcher"))
    assert (
        client.post("/users", headers=as_script, data={"action": action, **form}).status_code == 403
    )
    assert project.users() == before[0]
    assert [k for k in project.tokens() if k["user"] == "admin"] == before[1]
    assert client.get("/users").status_code == 403


def test_accounts_migration_downgrades_and_upgrades(project: Project) -> None:
    # Why: 0006 alters existing tables, which SQLite can only do through batch copies.
    from alembic import command
    from alembic.config import Config

    from civharm.store.migrate import _MIGRATIONS

    project.add_user("ana", role="viewer", password=password("ana"))
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    with project.store.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0005")
        command.upgrade(config, "head")
    assert project.users()[0]["disabled"] is False
    assert project.authenticate("ana", password("ana")) is not None
