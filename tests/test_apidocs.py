"""The API docs at /docs: Swagger UI from the app's own files, allowed by its CSP."""

from __future__ import annotations

import re
from typing import Any

from civharm import Project


def test_apidocs_page_runs_only_scripts_the_app_serves(web: tuple[Project, Any]) -> None:
    _, client = web
    page = client.get("/docs")
    assert page.status_code == 200
    csp = dict(d.strip().split(" ", 1) for d in page.headers["Content-Security-Policy"].split(";"))
    assert csp["script-src"] == "'self'"  # no inline script, nothing from elsewhere
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page.text, re.S)
    sources = [re.search(r'src="([^"]+)"', attrs) for attrs, _ in scripts]
    assert scripts and all(body.strip() == "" for _, body in scripts)  # no inline script
    assert all(s is not None and s.group(1).startswith("/static/") for s in sources)
    for found in sources:
        assert found is not None
        served = client.get(found.group(1))  # same origin: what script-src 'self' allows
        assert served.status_code == 200, found.group(1)
        assert "javascript" in served.headers["content-type"]
    assert "SwaggerUIBundle" in client.get("/static/swagger-ui/swagger-ui-bundle.js").text
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page.text)
    assert styles and all(client.get(s).status_code == 200 for s in styles)
    assert 'data-openapi="/openapi.json"' in page.text
    assert "cdn" not in page.text.lower()


def test_apidocs_old_address_redirects(web: tuple[Project, Any]) -> None:
    _, client = web
    moved = client.get("/api/docs", follow_redirects=False)
    assert moved.status_code == 308 and moved.headers["location"] == "/docs"


def test_apidocs_describe_the_upload_job_endpoint(web: tuple[Project, Any]) -> None:
    _, client = web
    assert "/api/v1/jobs/{job_id}" in client.get("/openapi.json").json()["paths"]


def test_apidocs_openapi_document_is_valid(web: tuple[Project, Any]) -> None:
    from openapi_spec_validator import validate

    _, client = web
    validate(client.get("/openapi.json").json())


# (path, model of its 200 answer): every endpoint of the API says what it returns.
RESPONSES = [
    ("/api/v1/incidents", "IncidentPage"),
    ("/api/v1/incidents/{incident_id}", "IncidentDetail"),
    ("/api/v1/mentions", "MentionPage"),
    ("/api/v1/documents", "DocumentPage"),
    ("/api/v1/documents/{sha256}", "DocumentDetail"),
    ("/api/v1/stories", "StoryPage"),
    ("/api/v1/map", "MapCells"),
    ("/api/v1/jobs/{job_id}", "Job"),
]


def test_apidocs_declare_response_schemas_errors_and_the_token(web: tuple[Project, Any]) -> None:
    _, client = web
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    for path, model in RESPONSES:
        answers = spec["paths"][path]["get"]["responses"]
        ok = answers["200"]["content"]["application/json"]["schema"]
        assert ok == {"$ref": f"#/components/schemas/{model}"}, path
        for status in ("401", "404", "422", "500"):
            error = answers[status]["content"]["application/json"]["schema"]
            assert error == {"$ref": "#/components/schemas/Error"}, (path, status)
        assert spec["paths"][path]["get"]["security"] == [{"HTTPBearer": []}]
    assert "HTTPValidationError" not in schemas  # FastAPI's own 422 shape is not ours
    for model in ("Incident", "Mention", "Document", "Aggregate", "Story"):
        assert model in schemas
    job = schemas["Job"]
    assert set(job["required"]) == set(job["properties"])  # null when unknown, never absent
    assert job["properties"]["files"]["items"] == {"$ref": "#/components/schemas/JobFile"}
    forbidden = spec["paths"]["/api/v1/jobs/{job_id}"]["get"]["responses"]["403"]
    assert forbidden["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    for page, key in [("Incident", "incidents"), ("Mention", "mentions"), ("Document", "documents"),
                      ("Story", "stories")]:  # fmt: skip
        envelope = {"total", "page", "per_page", "next", "prev", key}
        assert set(schemas[f"{page}Page"]["properties"]) == envelope
    assert schemas["Error"]["required"] == ["error"]
    bearer = spec["components"]["securitySchemes"]["HTTPBearer"]
    assert (bearer["type"], bearer["scheme"]) == ("http", "bearer")


def test_apidocs_generated_requests_get_no_server_error(web: tuple[Project, Any]) -> None:
    # why: requests built from /openapi.json itself (schemathesis) find the 500s and the
    # answers that break their own schema that hand-picked cases miss
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    project, client = web
    headers = {"Authorization": f"Bearer {project.create_token('viewer')}"}
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    operations = [result.ok() for result in schema.get_all_operations()]

    @settings(
        max_examples=150,
        derandomize=True,  # the same requests on every run
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.sampled_from(operations).flatmap(lambda op: op.as_strategy()))
    def check(case: Any) -> None:
        case.call_and_validate(headers=headers)

    check()
