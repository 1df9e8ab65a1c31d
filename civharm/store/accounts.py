"""Accounts: users and their API tokens (hashes only; `civharm.accounts` makes them)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from civharm.errors import UsageError
from civharm.store import tables as t
from civharm.store.base import StoreBase, now
from civharm.store.engine import write


class AccountStore(StoreBase):
    """Users and API tokens."""

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

    def add_token(self, user_id: int, token_hash: str) -> None:
        with write(self.engine) as conn:
            conn.execute(
                t.api_tokens.insert().values(user_id=user_id, token_hash=token_hash, created=now())
            )

    def users(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            query = sa.select(t.users.c.id, t.users.c.name, t.users.c.role, t.users.c.created)
            return [dict(r) for r in conn.execute(query.order_by(t.users.c.name)).mappings().all()]

    def user_for_token(self, token_hash: str) -> dict[str, Any] | None:
        query = (
            sa.select(t.users)
            .join(t.api_tokens, t.api_tokens.c.user_id == t.users.c.id)
            .where(t.api_tokens.c.token_hash == token_hash)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
            return dict(row) if row else None
