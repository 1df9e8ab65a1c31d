"""`create_app(project)`: the FastAPI app serving the JSON API and the review pages.

Nothing is built at import; the upload worker (jobs.py) runs from the app's start to its
stop. Leaflet and Swagger UI come from Python packages, never copied in or fetched from a
CDN. Errors are one JSON shape for the API and a short page for people (errors.py).
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import xstatic.pkg.leaflet as leaflet
import xstatic.pkg.leaflet_markercluster as markercluster
from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from civharm.date_hints import describe
from civharm.project import Project
from civharm.version import __version__
from civharm.web import api, pages, uploads, users
from civharm.web.apidocs import add_api_docs
from civharm.web.auth import LoginGuard, SessionCookies
from civharm.web.errors import add_error_handlers
from civharm.web.jobs import IngestJobs

HERE = Path(__file__).parent
# No inline script anywhere: a script smuggled into a report cannot run.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: https:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


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
    app.state.templates.env.filters["hint_words"] = describe  # "weekday:Tuesday" in words
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
        response.headers.update(SECURITY_HEADERS)
        return response

    add_error_handlers(app, headers=SECURITY_HEADERS)
    return app
