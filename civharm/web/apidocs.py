"""The API's interactive docs (Swagger UI) at /docs, served from files of the app itself.

FastAPI's own docs page fetches Swagger UI from a CDN and starts it with an inline script:
the Content-Security-Policy (app.py) allows neither, and a server may have no network.
The Swagger UI files come from the `fastapi-offline` package, installed with civharm, and
a script of ours (static/api-docs.js) starts it.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

router = APIRouter(include_in_schema=False)
STATIC = "/static/swagger-ui"


def swagger_ui_files() -> Path:
    """The folder of `swagger-ui-bundle.js` and `swagger-ui.css` in the installed package."""
    return Path(str(resources.files("fastapi_offline") / "static"))


def add_api_docs(app: FastAPI) -> None:
    """Serve /docs (and its files under /static/swagger-ui); /api/docs, its old address,
    redirects there."""
    app.mount(STATIC, StaticFiles(directory=swagger_ui_files()), name="swagger-ui")
    app.include_router(router)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(  # type: ignore[no-any-return]
        request, "api-docs.html", {"openapi_url": request.app.openapi_url, "static": STATIC}
    )


@router.get("/api/docs")
def old_address() -> RedirectResponse:
    return RedirectResponse("/docs", status_code=308)
