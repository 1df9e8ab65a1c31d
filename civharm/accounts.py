"""Accounts: users with roles, hashed passwords, and API tokens for scripts.

Viewers read; researchers also review and ingest; admins also manage users. Passwords
are hashed with Argon2; a token is shown once and stored only as its sha256.
"""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ROLES = ("viewer", "researcher", "admin")
# What each role may do, on top of the roles below it.
RIGHTS = {"viewer": {"read"}, "researcher": {"read", "review", "ingest"}}
RIGHTS["admin"] = {*RIGHTS["researcher"], "users"}

_hasher = PasswordHasher()


def can(role: str | None, action: str) -> bool:
    return role is not None and action in RIGHTS.get(role, set())


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_ok(stored: str | None, given: str) -> bool:
    if not stored:
        return False
    try:
        return _hasher.verify(stored, given)
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> tuple[str, str]:
    """A fresh API token and the hash that is stored in its place."""
    token = "civ_" + secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
