"""Who is asking: an API token (`Authorization: Bearer …`), a login session, or nobody.

Pages and the API accept both. In public mode, nobody may read confirmed incidents.
Every form that changes something carries a CSRF token tied to the session, and the
session cookie is `Secure` whenever the site is reached over https.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException, Request
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


def project_of(request: Request) -> Project:
    project: Project = request.app.state.project
    return project


def viewer(request: Request) -> Viewer:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = project_of(request).user_for_token(header[7:].strip())
        if user is None:
            raise HTTPException(401, "invalid API token")
        return Viewer(user["name"], user["role"], by_token=True)
    session: dict[str, Any] = request.session
    if session.get("user"):
        user = project_of(request).store.user(str(session["user"]))
        if user is not None:
            return Viewer(user["name"], user["role"])
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
