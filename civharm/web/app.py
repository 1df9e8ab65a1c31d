"""`create_app(project)`: the FastAPI app serving the JSON API and the review pages.

Nothing is built at import; the upload worker (jobs.py) runs from the app's start to its
stop. Leaflet and Swagger UI come from Python packages, never copied in or fetched from a
CDN. Errors are one JSON shape for the API and a short page for people.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import xstatic.pkg.leaflet as leaflet
import xstatic.pkg.leaflet_markercluster as markercluster
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import escape
from starlette.concurrency import run_in_threadpool

from civharm.errors import CivharmError, EvidenceDamaged, NotFound
from civharm.project import Project
from civharm.version import __version__
from civharm.web import api, pages, uploads, users
from civharm.web.apidocs import add_api_docs
from civharm.web.auth import LoginGuard, SessionCookies
from civharm.web.jobs import IngestJobs

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
# No inline script anywhere: a script smuggled into a report cannot run.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: https:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def session_secret(project: Project) -> str:
    """A secret kept in the database's own evidence folder, so that logins survive a
    restart and no two databases share it."""
    folder = project.evidence.root
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ".session-key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def create_app(project: Project) -> FastAPI:
    jobs = IngestJobs(project)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        jobs.start()
        try:
            yield
        finally:
            await run_in_threadpool(jobs.stop)

    app = FastAPI(
        title="civharm",
        version=__version__,
        description="Alleged civilian-harm incidents, with their sources and evidence.",
        docs_url=None,  # apidocs.py serves /docs from local files
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
        lifespan=lifespan,
    )
    app.state.project = project
    app.state.settings = project.settings
    app.state.public = project.settings.public
    app.state.jobs = jobs
    app.state.logins = LoginGuard()
    app.state.templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.add_middleware(
        SessionCookies,
        secret_key=session_secret(project),
        always_secure=project.settings.secure_cookies,
    )
    app.mount("/static/civharm", StaticFiles(directory=HERE / "static"), name="static")
    app.mount("/static/leaflet", StaticFiles(directory=leaflet.BASE_DIR), name="leaflet")
    app.mount(
        "/static/markercluster", StaticFiles(directory=markercluster.BASE_DIR), name="markercluster"
    )
    add_api_docs(app)
    app.include_router(api.router)
    app.include_router(uploads.api_router)
    app.include_router(pages.router)
    app.include_router(uploads.router)
    app.include_router(users.router)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response: Response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, f"E{exc.status_code:03d}", str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 422, "E422", _validation_message(exc))

    @app.exception_handler(CivharmError)
    async def civharm_error(request: Request, exc: CivharmError) -> Response:
        if isinstance(exc, EvidenceDamaged):
            # Our copy no longer matches its hash: a server-side failure, never the
            # client's, and one an operator must hear about.
            log.error("refused to serve %s: %s", request.url.path, exc)
            return _error(request, 500, exc.code, str(exc))
        status = 404 if isinstance(exc, NotFound) else 400
        return _error(request, status, exc.code, str(exc))

    return app


def _validation_message(exc: RequestValidationError) -> str:
    """`page: Input should be less than or equal to 1000000`, one clause per bad value."""
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "body", "path"))
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", ""))
    return "; ".join(parts) or "invalid request"


def _error(request: Request, status: int, code: str, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)
    if status == 401 and request.method == "GET":
        return HTMLResponse(
            f'<!doctype html><meta charset="utf-8"><title>Log in</title>'
            f'<p>{escape(message)}. <a href="/login">Log in</a>.</p>',
            status_code=401,
        )
    return HTMLResponse(
        f'<!doctype html><meta charset="utf-8"><title>Error {status}</title>'
        f"<h1>Error {status}</h1><p>{escape(message)}</p>",
        status_code=status,
    )
