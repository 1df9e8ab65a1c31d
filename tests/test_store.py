"""The store: migrations, round-trips, and one transaction per document."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import example, given, settings
from hypothesis import strategies as st

from civharm.errors import DatabaseError
from civharm.model import Article, Metadata, SourceDocument, Span
from civharm.store import open_store
from civharm.store.store import normalise_url

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)


def test_store_creates_every_table_and_uses_wal(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    with open_store(url) as store:
        names = set(sa.inspect(store.engine).get_table_names())
        with store.engine.connect() as conn:
            mode = conn.execute(sa.text("PRAGMA journal_mode")).scalar()
    assert {
        "documents",
        "articles",
        "stories",
        "mentions",
        "incidents",
        "review_events",
        "custody",
    } <= names
    assert mode == "wal"


@pytest.mark.parametrize(
    ("given_url", "expected"),
    [
        ("cases.db", "sqlite:///cases.db"),  # a bare path means SQLite
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),  # psycopg 3 driver
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_store_url_forms(given_url: str, expected: str) -> None:
    assert normalise_url(given_url) == expected


def test_store_unusable_url_is_a_database_error() -> None:
    with pytest.raises(DatabaseError):
        open_store("nosuchdialect://x")


def test_store_article_round_trip(any_db_url: str) -> None:
    # Why: PostgreSQL refused a NUL character, which SQLite kept: every article comes back as
    # it went in on both, but for a NUL, stored as U+FFFD so that offsets still hold.
    shas = (f"{n:064x}" for n in itertools.count())

    def stored(value: str | None) -> str | None:
        return None if value is None else value.replace("\x00", "\ufffd")

    with open_store(any_db_url) as store:

        @settings(max_examples=25, deadline=None)
        @given(title=st.none() | texts, body=texts.filter(str.strip), outlet=st.none() | texts)
        @example(title="a\x00b", body="pdf text\x00layer", outlet=None)
        def round_trip(title: str | None, body: str, outlet: str | None) -> None:
            sha = next(shas)  # one new document per example, in the one database
            doc = SourceDocument(
                doc_id=sha,
                origin=sha,
                data=body.encode(),
                media_type="text/plain",
                text=body,
                metadata=Metadata(published=dt.date(2018, 1, 2)),
            )
            article = Article(
                ordinal=0,
                span=Span(0, len(body)),
                body=Span(0, len(body)),
                text=body,
                title=title,
                outlet=outlet,
                published=dt.date(2018, 1, 2),
                boilerplate=(Span(0, 1),),
            )
            assert store.save_document(
                doc,
                sha256=sha,
                container_sha256=None,
                container_media_type=None,
                origin=sha,
                articles=[article],
                user="u",
                version="v",
                processed_by={"segment": "x"},
            )
            (row,) = [r for r in store.articles() if r["document_sha256"] == sha]
            assert (row["title"], row["text"], row["outlet"]) == tuple(
                map(stored, (title, body, outlet))
            )
            assert row["published"] == dt.date(2018, 1, 2)
            assert row["boilerplate"] == [[0, 1]]

        round_trip()


def test_store_failed_document_leaves_nothing_behind(any_db_url: str) -> None:
    doc = SourceDocument(doc_id="d", origin="d", data=b"x", media_type="text/plain", text="x")
    bad = Article(ordinal=0, span=Span(0, 1), body=Span(0, 1), text=None)  # type: ignore[arg-type]
    with open_store(any_db_url) as store:
        with pytest.raises(sa.exc.IntegrityError):
            store.save_document(
                doc,
                sha256="b" * 64,
                container_sha256=None,
                container_media_type=None,
                origin="d",
                articles=[bad],
                user="u",
                version="v",
                processed_by={},
            )
        assert store.counts()["documents"] == 0
        assert store.counts()["blobs"] == 0


def test_store_refuses_a_value_longer_than_its_column(any_db_url: str) -> None:
    # Why: SQLite kept a value that PostgreSQL refused, so only a team's database failed.
    doc = SourceDocument(doc_id="d", origin="d", data=b"x", media_type="x" * 81, text="x")
    with open_store(any_db_url) as store:
        with pytest.raises(sa.exc.StatementError, match="81 characters, over 80"):
            store.save_document(
                doc,
                sha256="c" * 64,
                container_sha256=None,
                container_media_type=None,
                origin="d",
                articles=[],
                user="u",
                version="v",
                processed_by={},
            )
        assert store.counts()["documents"] == 0


def test_store_migrations_build_exactly_the_tables_in_code(any_db_url: str) -> None:
    # Why: a column added to tables.py without a migration would be missing in real databases,
    # and a type or length the migrations spell differently for PostgreSQL would differ there.
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from civharm.store.tables import described_here, metadata

    with open_store(any_db_url) as store, store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": described_here})
        assert compare_metadata(context, metadata) == []
