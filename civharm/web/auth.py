"""Who is asking: an API token (`Authorization: Bearer …`), a login session, or nobody.

Pages and the API accept both. In public mode, nobody may read confirmed incidents.
Every form that changes something carries a CSRF token tied to the session, and the
session cookie is `Secure` whenever the site is reached over https. The cookie carries
only a session id: the session itself is a row (see `Accounts.start_session`), so that
logging out ends it for every copy of the cookie. `LoginGuard` keeps password guessing
slow and keeps logins from taking the threads that the API needs.
"""

from __future__ import annotations

import hmac
import math
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import anyio
from fastapi import HTTPException, Request
from fastapi.security import HTTPBearer
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from civharm.accounts import can
from civharm.project import Project


@dataclass(frozen=True)
class Viewer:
    """The person (or script) behind a request."""

    name: str | None
    role: str | None
    by_token: bool = False

    def may(self, action: str) -> bool:
        return can(self.role, action)


ANONYMOUS = Viewer(None, None)
# Declares the token in /openapi.json, as a dependency of the API's routers; `viewer` reads
# it (or a login session) itself, since anonymous readers are welcome in public mode.
BEARER = HTTPBearer(auto_error=False, description="An API token: `civharm token create NAME`.")


def project_of(request: Request) -> Project:
    project: Project = request.app.state.project
    return project


def viewer(request: Request) -> Viewer:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = project_of(request).user_for_token(header[7:].strip())
        if user is None:
            raise HTTPException(401, "invalid, expired or revoked API token")
        return Viewer(user["name"], user["role"], by_token=True)
    session: dict[str, Any] = request.session
    if session.get("sid"):
        user = project_of(request).session_user(str(session["sid"]))
        if user is not None:
            return Viewer(user["name"], user["role"])
        session.pop("sid")  # logged out, idle too long, or disabled: log in again
    return ANONYMOUS


def require(request: Request, action: str) -> Viewer:
    """The viewer, if allowed to do `action`; 401 when nobody is logged in, else 403."""
    who = viewer(request)
    if who.may(action):
        return who
    if action == "read" and request.app.state.public:
        return who
    raise HTTPException(401 if who.role is None else 403, f"{action} needs a login with that right")


def csrf_token(request: Request) -> str:
    session: dict[str, Any] = request.session
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return str(session["csrf"])


def check_csrf(request: Request, given: str | None, who: Viewer) -> None:
    """Forms need the session's CSRF token; scripts with an API token need none."""
    if who.by_token:
        return
    expected = request.session.get("csrf")
    if not expected or not given or not hmac.compare_digest(str(expected), given):
        raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")


class SessionCookies:
    """Signed session cookies, marked `Secure` for a request that came over https (the
    scheme the ASGI server reports, proxy headers it trusts included) or on every request
    with `always_secure` (setting `secure_cookies`). A plain-http request (a laptop's
    `civharm serve`) still gets a cookie it can send back."""

    def __init__(self, app: ASGIApp, *, secret_key: str, always_secure: bool) -> None:
        def session(secure: bool) -> SessionMiddleware:
            return SessionMiddleware(app, secret_key, same_site="strict", https_only=secure)

        self.plain, self.secure = session(False), session(True)
        self.always_secure = always_secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        https = scope.get("scheme") in ("https", "wss")
        chosen = self.secure if self.always_secure or https else self.plain
        await chosen(scope, receive, send)


T = TypeVar("T")
# How many accounts and addresses the guard remembers failures of, at most.
MAX_KEYS = 10_000


class LoginGuard:
    """Refuses logins cheaply, before any Argon2 work, once an account or a client address
    has `limit` failures within `window` seconds; and runs the Argon2 checks on at most
    `threads` threads of their own, refusing more than `waiting` logins at once, so that
    a flood of logins cannot take the thread pool that pages and the API run on.

    The counts live in this process's memory: a restart forgets them.
    """

    def __init__(
        self,
        *,
        limit: int = 10,
        window: float = 15 * 60,
        threads: int = 2,
        waiting: int = 32,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit, self.window, self.waiting, self.clock = limit, window, waiting, clock
        self._threads = anyio.CapacityLimiter(threads)
        self._in_flight = 0
        self._failures: dict[str, deque[float]] = {}

    def refusal(self, name: str, address: str) -> str | None:
        """Why this login is refused without checking its password, or None."""
        if self._in_flight >= self.waiting:
            return "Too many logins at once: try again in a moment."
        return self.blocked(name, address)

    def blocked(self, name: str, address: str) -> str | None:
        """Why the account or address may not log in now, or None."""
        wait = max(self._wait(_account(name)), self._wait(_address(address)))
        if wait:
            minutes = math.ceil(wait / 60)
            return (
                f"Too many failed logins for this account or from this address: "
                f"try again in {minutes} minute{'s' if minutes > 1 else ''}."
            )
        return None

    async def check(self, verify: Callable[[str, str], T], name: str, password: str) -> T:
        """`verify(name, password)` on one of the guard's own threads."""
        self._in_flight += 1
        try:
            return await anyio.to_thread.run_sync(verify, name, password, limiter=self._threads)
        finally:
            self._in_flight -= 1

    def failed(self, name: str, address: str) -> None:
        at = self.clock()
        for key in (_account(name), _address(address)):
            self._failures.setdefault(key, deque(maxlen=self.limit)).append(at)
        if len(self._failures) > MAX_KEYS:  # many names or addresses: forget the stale ones,
            fresh = {k: v for k, v in self._failures.items() if v[-1] > at - self.window}
            self._failures = dict(list(fresh.items())[-MAX_KEYS // 2 :])  # then the oldest

    def succeeded(self, name: str) -> None:
        self._failures.pop(_account(name), None)

    def _wait(self, key: str) -> float:
        """Seconds until `key` may try again: until its oldest failure in a full window
        leaves the window."""
        recent = self._failures.get(key)
        if recent is None or len(recent) < self.limit:
            return 0.0
        return max(0.0, recent[0] + self.window - self.clock())


def _account(name: str) -> str:
    return "user:" + name[:120]


def _address(address: str) -> str:
    return "addr:" + address
