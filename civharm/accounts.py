"""Accounts: users with roles, hashed passwords, API tokens for scripts, login sessions.

Viewers read; researchers also review and ingest; admins also manage users. Passwords
are hashed with Argon2; a token or session id is shown once and stored only as its
sha256. `Accounts` holds the rules and is part of `Project`, the Python API that the
`civharm user` and `civharm token` commands and the web app's users page call.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets
from typing import TYPE_CHECKING, Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from civharm.errors import NotFound, SettingsError, UsageError
from civharm.store.base import now

if TYPE_CHECKING:
    from civharm.settings import Settings
    from civharm.store import Store

ROLES = ("viewer", "researcher", "admin")
# What each role may do, on top of the roles below it.
RIGHTS = {"viewer": {"read"}, "researcher": {"read", "review", "ingest"}}
RIGHTS["admin"] = {*RIGHTS["researcher"], "users"}
MIN_PASSWORD = 12
# As long as the users table's name column (and the log's user column) allows.
MAX_NAME = 120
# Argon2 reads the whole password: a megabyte-long one must not cost a megabyte of work.
MAX_PASSWORD = 1024
# A session in use has its last request written at most this often, not on every request.
TOUCH_EVERY = dt.timedelta(seconds=60)

_hasher = PasswordHasher()


def can(role: str | None, action: str) -> bool:
    return role is not None and action in RIGHTS.get(role, set())


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise UsageError(f"a password may have at most {MAX_PASSWORD} characters")


def hash_password(password: str) -> str:
    check_password(password)
    return _hasher.hash(password)


@functools.cache
def _dummy_hash() -> str:
    """What a name without a password is checked against, so that a login for a user who
    does not exist costs the same Argon2 work as one for a user who does."""
    return _hasher.hash(secrets.token_urlsafe(MIN_PASSWORD))


def password_ok(stored: str | None, given: str) -> bool:
    """Whether `given` matches `stored`; the same Argon2 work whether or not there is one."""
    if len(given) > MAX_PASSWORD:  # no stored password is this long: refuse without work
        return False
    try:
        matches = _hasher.verify(stored or _dummy_hash(), given)
    except (VerificationError, InvalidHashError):
        return False
    return matches and stored is not None


def new_token() -> tuple[str, str]:
    """A fresh API token or session id and the hash that is stored in its place."""
    token = "civ_" + secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Accounts:
    """The account part of `Project`: users, tokens and login sessions."""

    store: Store
    settings: Settings

    # -- users ----------------------------------------------------------------------------

    def add_user(self, name: str, *, role: str, password: str | None = None) -> int:
        """Create a user (viewer, researcher or admin); without a password the user can only
        use API tokens. CLI: `civharm user add`."""
        _check_role(role)
        if not name.strip():
            raise UsageError("a user needs a name")
        if len(name) > MAX_NAME:
            raise UsageError(f"a user name has at most {MAX_NAME} characters")
        return self.store.add_user(name, role, hash_password(password) if password else None)

    def users(self) -> list[dict[str, Any]]:
        """Every user: name, role, created, disabled, password (whether one is set).
        CLI: `civharm user list`."""
        return self.store.users()

    def set_role(self, name: str, role: str) -> None:
        """CLI: `civharm user set-role`."""
        _check_role(role)
        user = self._user(name)
        if role != "admin":
            self._keep_an_admin(user, "take the admin role from")
        self.store.update_user(user["id"], role=role)

    def set_password(self, name: str, password: str, *, keep_session: str | None = None) -> None:
        """Set a new password and end the user's login sessions, all but `keep_session`
        (the web page keeps the one of an admin who changes their own). CLI: `civharm user
        set-password`."""
        user = self._user(name)
        self.store.update_user(user["id"], password_hash=hash_password(password))
        keep = token_hash(keep_session) if keep_session else None
        self.store.end_user_sessions(user["id"], keep=keep)

    def disable_user(self, name: str) -> None:
        """Refuse the user's logins and tokens, and end their sessions; `enable_user` undoes
        it. CLI: `civharm user disable`."""
        user = self._user(name)
        self._keep_an_admin(user, "disable")
        self.store.update_user(user["id"], disabled=True)
        self.store.end_user_sessions(user["id"])

    def enable_user(self, name: str) -> None:
        """CLI: `civharm user enable`."""
        self.store.update_user(self._user(name)["id"], disabled=False)

    def delete_user(self, name: str) -> None:
        """Delete a user with their tokens and sessions; the review log and custody records
        keep their name. CLI: `civharm user delete`."""
        user = self._user(name)
        self._keep_an_admin(user, "delete")
        self.store.delete_user(user["id"])

    def _user(self, name: str) -> dict[str, Any]:
        user = self.store.user(name)
        if user is None:
            raise NotFound(f"no user {name!r}")
        return user

    def _keep_an_admin(self, user: dict[str, Any], doing: str) -> None:
        """Nobody could manage users any more once the last enabled admin is gone."""
        if user["role"] == "admin" and not user["disabled"] and self.store.enabled_admins() <= 1:
            raise UsageError(
                f"cannot {doing} {user['name']!r}, the last enabled admin: make another admin first"
            )

    # -- API tokens -----------------------------------------------------------------------

    def create_token(self, name: str) -> str:
        """A new API token for a user, shown once; it expires after the setting `token_days`.
        CLI: `civharm token create`."""
        user = self._user(name)
        if user["disabled"]:
            raise UsageError(f"user {name!r} is disabled")
        days = self.settings.token_days
        if days < 0:
            raise SettingsError(f"setting 'token_days' must be 0 or more, not {days}")
        token, digest = new_token()
        expires = now() + dt.timedelta(days=days) if days else None
        self.store.add_token(user["id"], digest, prefix=token[:10], expires=expires)
        return token

    def tokens(self, name: str | None = None) -> list[dict[str, Any]]:
        """Every token (or a user's): id, user, prefix, created, expires, revoked; never the
        token itself. CLI: `civharm token list`."""
        return self.store.tokens(self._user(name)["id"] if name else None)

    def revoke_token(self, token_id: int) -> None:
        """CLI: `civharm token revoke`."""
        if not self.store.revoke_token(token_id):
            raise NotFound(f"no token {token_id}")

    def user_for_token(self, token: str) -> dict[str, Any] | None:
        """The enabled user of a token that is neither revoked nor expired."""
        return self.store.user_for_token(token_hash(token))

    # -- logins ---------------------------------------------------------------------------

    def authenticate(self, name: str, password: str) -> dict[str, Any] | None:
        """The user, if enabled and the password is theirs. An unknown name costs the same
        Argon2 work, so the time taken does not tell which names exist."""
        user = self.store.user(name)
        if not password_ok(user["password_hash"] if user else None, password):
            return None
        return user if user and not user["disabled"] else None

    def start_session(self, name: str) -> str:
        """A new login session for a user: the secret the session cookie carries."""
        secret, digest = new_token()
        self.store.add_session(self._user(name)["id"], digest, idle_before=now() - self._idle())
        return secret

    def session_user(self, secret: str) -> dict[str, Any] | None:
        """The enabled user of a session that has not been idle too long (setting
        `session_idle_minutes`), else None."""
        idle, at = self._idle(), now()
        return self.store.session_user(
            token_hash(secret), idle_before=at - idle, touch_before=at - min(TOUCH_EVERY, idle / 4)
        )

    def end_session(self, secret: str) -> None:
        """Log out: a copy of the session's cookie is refused from now on."""
        self.store.end_session(token_hash(secret))

    def _idle(self) -> dt.timedelta:
        minutes = self.settings.session_idle_minutes
        if minutes < 1:
            raise SettingsError(f"setting 'session_idle_minutes' must be 1 or more, not {minutes}")
        return dt.timedelta(minutes=minutes)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise UsageError(f"role must be one of {', '.join(ROLES)}")
