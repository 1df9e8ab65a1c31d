"""Every error in one shape: `{"error": {"code", "message", "field"?}}` under /api/, a page
of the app elsewhere (error.html: the navigation bar, the status and the message).

The code is a library error's own (`E030`, see civharm.errors) or `E` and the HTTP status
(`E404`, `E422`); the message says what to do without repeating the code; `field` names
the parameter at fault, when one is. An unexpected error is logged with its traceback and
answered with a generic 500 that shows nothing of it.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from civharm.errors import CivharmError, EvidenceDamaged, InvalidField, NotFound
from civharm.web.auth import ANONYMOUS, Viewer, csrf_token, viewer
from civharm.web.schemas import Error

log = logging.getLogger(__name__)

# The errors any API route may answer, for /openapi.json.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": Error, "description": "Not logged in, or an invalid, expired or revoked token."},
    404: {"model": Error, "description": "No such record."},
    422: {"model": Error, "description": "A parameter has a value it cannot take."},
    500: {"model": Error, "description": "A fault of the server, logged there."},
}


def add_error_handlers(app: FastAPI, *, headers: dict[str, str]) -> None:
    """Answer every error of `app` in the one shape. `headers` go on the 500 answers too,
    which leave the app outside its middleware."""

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = str(exc.detail)
        if message == HTTPStatus(exc.status_code).phrase:  # the router's own 404 and 405
            message = _routing_message(request, exc.status_code)
        return error_response(request, exc.status_code, f"E{exc.status_code:03d}", message)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        problems = [(_where(e), str(e.get("msg", "invalid"))) for e in exc.errors()]
        message = "; ".join(f"{w}: {m}" if w else m for w, m in problems) or "invalid request"
        field = problems[0][0] if problems else None
        return error_response(request, 422, "E422", message, field=field or None)

    @app.exception_handler(CivharmError)
    async def civharm_error(request: Request, exc: CivharmError) -> Response:
        field = exc.field if isinstance(exc, InvalidField) else None
        if isinstance(exc, EvidenceDamaged):
            # Our copy no longer matches its hash: a server-side failure, never the
            # client's, and one an operator must hear about.
            log.error("refused to serve %s: %s", request.url.path, exc)
            return error_response(request, 500, exc.code, exc.message)
        status = 404 if isinstance(exc, NotFound) else 400
        return error_response(request, status, exc.code, exc.message, field=field)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        message = "an unexpected error on the server; it is logged there"
        response = error_response(request, 500, "E500", message)
        response.headers.update(headers)
        return response


def _where(error: Any) -> str:
    """`page`, `body.name`: where a bad value was, without the part of the request."""
    loc = error.get("loc", ())
    return ".".join(str(p) for p in loc[1:])


def _routing_message(request: Request, status: int) -> str:
    if status == 404 and request.url.path.startswith("/api/"):
        return f"nothing at {request.url.path}; the API's endpoints are listed at /docs"
    if status == 404:
        return f"there is no page at {request.url.path}"
    if status == 405:
        return f"{request.method} is not allowed on {request.url.path}"
    return HTTPStatus(status).phrase


def error_response(
    request: Request, status: int, code: str, message: str, *, field: str | None = None
) -> Response:
    """The JSON error under /api/, else a page of the app with the same message, led by a
    library error's code (a page has no other place for it)."""
    if request.url.path.startswith("/api/"):
        body: dict[str, str] = {"code": code, "message": message}
        if field:
            body["field"] = field
        return JSONResponse({"error": body}, status_code=status)
    if code != f"E{status:03d}":
        message = f"{code} {message}"
    who = _who(request)
    context = {
        "who": who,
        "csrf": csrf_token(request) if who.name else "",
        "status": status,
        "phrase": HTTPStatus(status).phrase,
        "message": message,
        "login": status == 401 and request.method == "GET",
    }
    response: Response = request.app.state.templates.TemplateResponse(
        request, "error.html", context, status_code=status
    )
    return response


def _who(request: Request) -> Viewer:
    """Who is asking, for the navigation bar: nobody when that cannot be told, since the
    error may be the session's, the token's or the database's own."""
    if "session" not in request.scope:  # a 500 answered outside the session middleware
        return ANONYMOUS
    try:
        return viewer(request)
    except Exception:
        return ANONYMOUS
