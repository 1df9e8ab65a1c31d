"""Accounts: users, their API tokens and login sessions (hashes only; `civharm.accounts`
makes them and holds the rules)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from civharm.errors import UsageError
from civharm.store import tables as t
from civharm.store.base import StoreBase, now
from civharm.store.engine import write


class AccountStore(StoreBase):
    """Users, API tokens and login sessions."""

    def add_user(self, name: str, role: str, password_hash: str | None) -> int:
        exists = UsageError(f"user {name!r} exists already")
        try:
            with write(self.engine) as conn:
                known = conn.execute(sa.select(t.users.c.id).where(t.users.c.name == name))
                if known.first() is not None:
                    raise exists
                key = conn.execute(
                    t.users.insert().values(
                        name=name, role=role, password_hash=password_hash, created=now()
                    )
                ).inserted_primary_key
        except sa.exc.IntegrityError:  # added by another process since the check
            raise exists from None
        assert key is not None  # an insert always returns its key
        return int(key[0])

    def user(self, name: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(t.users).where(t.users.c.name == name)).mappings().first()
            return dict(row) if row else None

    def users(self) -> list[dict[str, Any]]:
        """Every user, without password hashes; `password` says whether one is set."""
        u = t.users
        query = sa.select(
            u.c.id,
            u.c.name,
            u.c.role,
            u.c.created,
            u.c.disabled,
            u.c.password_hash.is_not(None).label("password"),
        )
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query.order_by(u.c.name)).mappings().all()]

    def update_user(self, user_id: int, **values: Any) -> None:
        with write(self.engine) as conn:
            conn.execute(t.users.update().where(t.users.c.id == user_id).values(**values))

    def delete_user(self, user_id: int) -> None:
        """The user with their tokens and sessions; review and custody records keep the name."""
        with write(self.engine) as conn:
            conn.execute(t.sessions.delete().where(t.sessions.c.user_id == user_id))
            conn.execute(t.api_tokens.delete().where(t.api_tokens.c.user_id == user_id))
            conn.execute(t.users.delete().where(t.users.c.id == user_id))

    def enabled_admins(self) -> int:
        query = sa.select(sa.func.count()).where(
            t.users.c.role == "admin", t.users.c.disabled.is_(False)
        )
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    # -- API tokens -----------------------------------------------------------------------

    def add_token(
        self, user_id: int, token_hash: str, *, prefix: str, expires: dt.datetime | None
    ) -> int:
        with write(self.engine) as conn:
            key = conn.execute(
                t.api_tokens.insert().values(
                    user_id=user_id,
                    token_hash=token_hash,
                    created=now(),
                    prefix=prefix,
                    expires=expires,
                )
            ).inserted_primary_key
        assert key is not None  # an insert always returns its key
        return int(key[0])

    def tokens(self, user_id: int | None = None) -> list[dict[str, Any]]:
        """Tokens (never their hashes) with their user's name, newest first."""
        k = t.api_tokens
        query = sa.select(
            k.c.id, t.users.c.name.label("user"), k.c.prefix, k.c.created, k.c.expires, k.c.revoked
        ).join(t.users, t.users.c.id == k.c.user_id)
        if user_id is not None:
            query = query.where(k.c.user_id == user_id)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(k.c.id.desc())).mappings().all()
            return [dict(r) for r in rows]

    def revoke_token(self, token_id: int) -> bool:
        """Mark a token revoked; False when there is no such token."""
        k = t.api_tokens
        with write(self.engine) as conn:
            found = conn.execute(sa.select(k.c.revoked).where(k.c.id == token_id)).first()
            if found is None:
                return False
            if found.revoked is None:
                conn.execute(k.update().where(k.c.id == token_id).values(revoked=now()))
            return True

    def user_for_token(self, token_hash: str) -> dict[str, Any] | None:
        """The enabled user of a token that is neither revoked nor expired."""
        k = t.api_tokens
        query = (
            sa.select(t.users)
            .join(k, k.c.user_id == t.users.c.id)
            .where(
                k.c.token_hash == token_hash,
                k.c.revoked.is_(None),
                sa.or_(k.c.expires.is_(None), k.c.expires > now()),
                t.users.c.disabled.is_(False),
            )
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
            return dict(row) if row else None

    # -- login sessions -------------------------------------------------------------------

    def add_session(self, user_id: int, id_hash: str, *, idle_before: dt.datetime) -> None:
        """Record a session, and forget every session idle since before `idle_before`."""
        s = t.sessions
        at = now()
        with write(self.engine) as conn:
            conn.execute(s.delete().where(s.c.last_seen < idle_before))
            conn.execute(
                s.insert().values(id_hash=id_hash, user_id=user_id, created=at, last_seen=at)
            )

    def session_user(
        self, id_hash: str, *, idle_before: dt.datetime, touch_before: dt.datetime
    ) -> dict[str, Any] | None:
        """The enabled user of a session seen since `idle_before`. Its `last_seen` is
        written again only when older than `touch_before`, not on every request."""
        s = t.sessions
        query = (
            sa.select(t.users, s.c.last_seen.label("session_seen"))
            .join(s, s.c.user_id == t.users.c.id)
            .where(s.c.id_hash == id_hash, t.users.c.disabled.is_(False))
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        if row is None or _aware(row["session_seen"]) < idle_before:
            return None
        if _aware(row["session_seen"]) < touch_before:
            with write(self.engine) as conn:
                conn.execute(s.update().where(s.c.id_hash == id_hash).values(last_seen=now()))
        user = dict(row)
        del user["session_seen"]
        return user

    def end_session(self, id_hash: str) -> None:
        with write(self.engine) as conn:
            conn.execute(t.sessions.delete().where(t.sessions.c.id_hash == id_hash))

    def end_user_sessions(self, user_id: int, *, keep: str | None = None) -> None:
        """End every session of a user but the one to `keep` (by its hash)."""
        s = t.sessions
        query = s.delete().where(s.c.user_id == user_id)
        if keep is not None:
            query = query.where(s.c.id_hash != keep)
        with write(self.engine) as conn:
            conn.execute(query)


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes; they were written in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
