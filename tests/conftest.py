"""All fixtures in one place: a fresh project per test, the seed files, a CLI runner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from civharm import Project, open_project

TESTS = Path(__file__).parent
DATA = TESTS / "data"
SHARED = TESTS.parent.parent / "shared"
SEEDS = SHARED / "seeds"
SEEDS_GOLD = SHARED / "eval" / "seeds-gold.json"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def project(db_url: str) -> Iterator[Project]:
    with open_project(db=db_url, user="tester") as opened:
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
