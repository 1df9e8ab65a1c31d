"""All fixtures in one place: a fresh project per test, the seed files, a CLI runner."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from civharm import Project, open_project
from civharm.store.engine import normalise_url

# One process per ingest unless a test asks for more: a pool's start-up would cost every one
# of the suite's many small ingests; tests/test_workers.py runs the pool itself.
os.environ.setdefault("CIVHARM_WORKERS", "1")

TESTS = Path(__file__).parent
DATA = TESTS / "data"
SHARED = TESTS.parent.parent / "shared"
SEEDS = SHARED / "seeds"
SEEDS_GOLD = SHARED / "eval" / "seeds-gold.json"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


# SQLite is the default; PostgreSQL is what teams share, and it alone enforces column types
# and lengths. A module whose tests depend on the database overrides `db_url` with this.
@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """A new, empty database on each engine. PostgreSQL only where CIVHARM_TEST_PG names a
    server on which the tests may create databases (scripts/with-postgres.sh starts one)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    server = os.environ.get("CIVHARM_TEST_PG")
    if not server:
        pytest.skip(
            "no PostgreSQL server: set CIVHARM_TEST_PG to a server URL "
            "(scripts/with-postgres.sh starts a throwaway one)"
        )
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))  # the evidence folder of a server
    name = f"civharm_test_{uuid.uuid4().hex[:16]}"
    url = sa.make_url(normalise_url(server)).set(database=name)
    _on_server(server, f'CREATE DATABASE "{name}"')
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        _on_server(server, f'DROP DATABASE "{name}" WITH (FORCE)')


def _on_server(server: str, statement: str) -> None:
    """Run one statement outside a transaction, leaving no connection open (a test may fork)."""
    admin = sa.create_engine(normalise_url(server), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(statement)
    finally:
        admin.dispose()


@pytest.fixture
def project(db_url: str) -> Iterator[Project]:
    with open_project(db=db_url, user="tester") as opened:
        yield opened


@pytest.fixture(scope="module")
def sample_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """The sample data, ingested once per module: for tests that leave the project unchanged
    (they check it)."""
    from civharm.project import sample_files

    folder = tmp_path_factory.mktemp("sample")
    with open_project(db=f"sqlite:///{folder / 'sample.db'}", user="tester") as opened:
        opened.ingest(sample_files())
        yield opened


@pytest.fixture
def seeds() -> Path:
    """The five founding seed pages; tests that need them skip when ../shared is absent."""
    if not SEEDS.is_dir():
        pytest.skip(f"seed files not found at {SEEDS} (they live in ../shared beside the repo)")
    return SEEDS


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def web(db_url: str) -> Iterator[tuple[Project, Any]]:
    """The web app over a project holding the sample data, with one user per role."""
    from fastapi.testclient import TestClient

    from civharm.project import sample_files
    from civharm.web.app import create_app

    with open_project(db=db_url, user="tester") as project:
        project.ingest(sample_files())
        for role in ("viewer", "researcher", "admin"):
            project.add_user(role, role=role, password=f"{role}-secret")
        with TestClient(create_app(project)) as client:
            yield project, client


def finished_job(
    client: Any, upload: Any, headers: dict[str, str] | None = None, timeout: float = 120
) -> dict[str, Any]:
    """The upload job that a `POST /ingest` answer points at, once it is done or failed."""
    import time

    assert upload.status_code == 303, upload.text[:300]
    job_id = upload.headers["location"].rsplit("/", 1)[1]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(f"/api/v1/jobs/{job_id}", headers=headers).json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"upload job {job_id} not finished after {timeout} s")


# Two reports of two incidents: the first is confirmed, the second never is.
CONFIRMED_REPORT = (
    "Mortar Fire Hits Mosul Market\n\nSource: Example Wire\n"
    "Eight civilians were killed on 17 June 2017 when mortar rounds hit a market in Mosul, "
    "medics said.\n"
)
UNCONFIRMED_REPORT = (
    "Airstrike On Hajin Homes\n\nSource: Other Wire\n"
    "Twelve civilians were killed on 20 December 2018 when an airstrike hit houses in Hajin, "
    "local sources said.\n"
)


@pytest.fixture(scope="module")
def public_web(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Project, Any, dict[str, str]]]:
    """The web app in public mode over one confirmed and one unconfirmed incident.

    Yields the project, an anonymous client, and the ids and document hashes of both
    (`confirmed`, `unconfirmed`, `confirmed_doc`, `unconfirmed_doc`). Read-only: shared by
    a module's tests.
    """
    from fastapi.testclient import TestClient

    from civharm.web.app import create_app

    folder = tmp_path_factory.mktemp("public")
    (folder / "mosul.txt").write_text(CONFIRMED_REPORT, encoding="utf-8")
    (folder / "hajin.txt").write_text(UNCONFIRMED_REPORT, encoding="utf-8")
    with open_project(
        db=f"sqlite:///{folder / 'public.db'}", user="tester", public=True
    ) as project:
        project.ingest([folder / "mosul.txt", folder / "hajin.txt"])
        by_place = {r["place_mentioned"]: r for r in project.records("incidents")}
        docs = {r["doc_id"]: r["sha256"] for r in project.records("documents")}
        ids = {
            "confirmed": by_place["Mosul"]["id"],
            "unconfirmed": by_place["Hajin"]["id"],
            "confirmed_doc": docs["mosul.txt"],
            "unconfirmed_doc": docs["hajin.txt"],
        }
        # A reviewer's note may name other incidents: the review log is not public.
        project.review(
            "status",
            ids["confirmed"],
            status="confirmed",
            reason=f"checked; not the same as {ids['unconfirmed']}",
            user="ana",
        )
        project.add_user("viewer", role="viewer")
        with TestClient(create_app(project)) as client:
            yield project, client, ids


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a LocalCluster of two small worker processes, shared by a test module:
    starting one costs seconds."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        memory_limit="1GiB",
        dashboard_address=":0",  # any free port: 8787 may be taken
    ) as cluster:
        yield cluster.scheduler_address
