"""Logging in and out, and the admins' users page: the web side of `Accounts`.

A login checks its password on the `LoginGuard`'s own threads (app.state.logins), after
the guard's cheap refusals; every other change is a form with the session's CSRF token.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from civharm.accounts import ROLES
from civharm.errors import CivharmError, UsageError
from civharm.web.auth import (
    ANONYMOUS,
    LoginGuard,
    Viewer,
    check_csrf,
    project_of,
    require,
    viewer,
)
from civharm.web.pages import render

router = APIRouter(include_in_schema=False)
NOTICES = {
    "add": "User {name} added.",
    "role": "Role of {name} changed.",
    "password": "Password of {name} changed; their other sessions have ended.",
    "disable": "{name} is disabled: their logins and tokens are refused.",
    "enable": "{name} is enabled again.",
    "delete": "{name} is deleted, with their tokens.",
    "revoke": "Token revoked.",
}


def _users_page(
    request: Request, *, token: str | None = None, notice: str | None = None
) -> HTMLResponse:
    project = project_of(request)
    return render(
        request,
        "users.html",
        users=project.users(),
        tokens=project.tokens(),
        roles=ROLES,
        token=token,
        notice=notice,
    )


@router.get("/users", response_class=HTMLResponse)
def users_page(request: Request) -> HTMLResponse:
    require(request, "users")
    return _users_page(request)


@router.post("/users", response_class=HTMLResponse, response_model=None)
async def users_action(request: Request) -> Response:
    """Add a user, create a token for one (shown once), change a role or password, disable,
    enable or delete a user, or revoke a token."""
    who = require(request, "users")
    form = await request.form()
    check_csrf(request, str(form.get("csrf") or ""), who)
    action = str(form.get("action") or "add")
    name = str(form.get("name") or "").strip()
    try:
        token = await run_in_threadpool(_apply, request, who, action, name, form)
    except CivharmError as exc:
        raise HTTPException(400, str(exc)) from None
    if not viewer(request).may("users"):  # an admin who disabled, demoted or deleted themself
        return RedirectResponse("/login", status_code=303)
    notice = None if token else NOTICES[action].format(name=name)
    return _users_page(request, token=token, notice=notice)


def _apply(request: Request, who: Viewer, action: str, name: str, form: Any) -> str | None:
    """Do one users-page action; the new token when one was made."""
    project = project_of(request)
    if action == "token":
        return project.create_token(name)
    if action == "add":
        password = str(form.get("password") or "") or None
        project.add_user(name, role=str(form.get("role") or "viewer"), password=password)
    elif action == "role":
        project.set_role(name, str(form.get("role") or ""))
    elif action == "password":
        # An admin who changes their own password stays logged in here, and only here.
        keep = request.session.get("sid") if name == who.name else None
        project.set_password(name, str(form.get("password") or ""), keep_session=keep)
    elif action == "disable":
        project.disable_user(name)
    elif action == "enable":
        project.enable_user(name)
    elif action == "delete":
        project.delete_user(name)
    elif action == "revoke":
        project.revoke_token(_token_id(form.get("token")))
    else:
        raise UsageError(f"unknown action {action!r}")
    return None


def _token_id(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        raise UsageError(f"revoke needs a token id, not {value!r}") from None


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> HTMLResponse:
    return render(request, "login.html", error=None)


@router.post("/login", response_class=HTMLResponse, response_model=None)
async def login(
    request: Request, name: str = Form(...), password: str = Form(...), csrf: str = Form("")
) -> Response:
    check_csrf(request, csrf, ANONYMOUS)
    guard: LoginGuard = request.app.state.logins
    address = request.client.host if request.client else "unknown"
    refusal = guard.refusal(name, address)
    if refusal:
        return render(request, "login.html", status=429, error=refusal)
    project = project_of(request)
    user = await guard.check(project.authenticate, name, password)
    if user is None:
        guard.failed(name, address)
        error = "Wrong name or password, or the account is disabled."
        return render(request, "login.html", status=401, error=error)
    # Guesses checked side by side may have used up the account's tries meanwhile: then
    # even a right password is refused, so that those guesses tell nothing.
    blocked = guard.blocked(name, address)
    if blocked:
        return render(request, "login.html", status=429, error=blocked)
    guard.succeeded(name)
    old = request.session.get("sid")
    if old:
        await run_in_threadpool(project.end_session, str(old))
    request.session.clear()
    request.session["sid"] = await run_in_threadpool(project.start_session, user["name"])
    return RedirectResponse("/incidents", status_code=303)


@router.post("/logout")
def logout(request: Request, csrf: str = Form("")) -> RedirectResponse:
    """End the session here and in the database: a copy of the cookie is refused."""
    check_csrf(request, csrf, ANONYMOUS)
    secret = request.session.get("sid")
    if secret:
        project_of(request).end_session(str(secret))
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
