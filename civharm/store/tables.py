"""SQLAlchemy Core tables: one schema for SQLite and PostgreSQL.

The later stages' tables (stories, mentions, incidents, review events) exist from the first
migration, so that the stages add columns rather than redesign the schema.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy import String as _String
from sqlalchemy import Text as _Text
from sqlalchemy.engine import Dialect


def _without_nul(value: str | None) -> str | None:
    """PostgreSQL refuses a NUL character in text, which SQLite keeps (a PDF's text layer or
    a JSON record may hold one): it is stored as U+FFFD on both, one character for one, so
    that offsets into the text still hold."""
    return None if value is None else value.replace("\x00", "\ufffd")


class Text(TypeDecorator[str]):
    """Text that both engines store alike (see `_without_nul`)."""

    impl = _Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return _without_nul(value)


class String(TypeDecorator[str]):
    """Text of at most `length` characters. PostgreSQL refuses a longer value, which SQLite
    would keep: refused on both, so that a test on SQLite finds what would fail there."""

    impl = _String
    cache_ok = True

    def __init__(self, length: int) -> None:
        super().__init__(length)
        self.length = length

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is not None and len(value) > self.length:
            raise ValueError(f"{value[:40]!r}… is {len(value)} characters, over {self.length}")
        return _without_nul(value)


metadata = MetaData()

# Every preserved byte string: a file as ingested, or one record inside a container file.
blobs = Table(
    "blobs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("media_type", String(80), nullable=False),
    Column("first_seen", DateTime(timezone=True), nullable=False),
)

# Who brought which bytes in, when, from where, with which civharm: append-only.
custody = Table(
    "custody",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sha256", String(64), ForeignKey("blobs.sha256"), nullable=False, index=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("action", String(20), nullable=False),
    Column("origin", Text, nullable=False),
    Column("user", String(120), nullable=False),
    Column("civharm_version", String(40), nullable=False),
    Column("detail", Text),
)

documents = Table(
    "documents",
    metadata,
    Column("sha256", String(64), ForeignKey("blobs.sha256"), primary_key=True),
    Column("doc_id", Text, nullable=False, index=True),
    Column("container_sha256", String(64), ForeignKey("blobs.sha256")),
    Column("origin", Text, nullable=False),
    Column("media_type", String(80), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("text", Text, nullable=False),
    Column("structure", JSON, nullable=False),
    Column("title", Text),
    Column("author", Text),
    Column("outlet", Text),
    Column("published", Date),
    Column("url", Text),
    Column("captured", DateTime(timezone=True)),
    Column("first_seen", DateTime(timezone=True), nullable=False),
    Column("processed_by", JSON, nullable=False),
    Column("default_published", Date),
    Column("default_outlet", Text),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_sha256", String(64), ForeignKey("documents.sha256"), nullable=False),
    Column("ordinal", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("body_start", Integer, nullable=False),
    Column("body_end", Integer, nullable=False),
    Column("title", Text),
    Column("byline", Text),
    Column("outlet", Text),
    Column("published", Date),
    Column("published_source", String(20)),
    Column("dateline", Text),
    Column("language", String(10)),
    Column("text", Text, nullable=False),
    Column("boilerplate", JSON, nullable=False),
    Column("story_id", Integer, ForeignKey("stories.id")),
    Column("credit", Text),
    UniqueConstraint("document_sha256", "ordinal"),
)

stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("original_article_id", Integer),
    Column("n_copies", Integer, nullable=False, default=1),
)

incidents = Table(
    "incidents",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("status", String(20), nullable=False, default="machine"),
    Column("grade", String(20)),
    Column("data", JSON, nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("updated", DateTime(timezone=True), nullable=False),
)

# A narrow copy of the fields the review app filters and sorts on, one row per incident:
# scanning it never reads the incidents' large JSON.
incident_index = Table(
    "incident_index",
    metadata,
    Column("id", String(40), ForeignKey("incidents.id"), primary_key=True),
    Column("status", String(20), nullable=False),
    Column("grade", String(20)),
    Column("date", Date),
    Column("place", Text),
    Column("admin1", Text),
    Column("country", String(2)),
    Column("perpetrator", Text),
    Column("victims", String(20)),
    Column("killed_min", Integer),
    Column("killed_max", Integer),
    Column("lat", Float),
    Column("lon", Float),
    Column("geo_precision", String(10)),
    Column("updated", DateTime(timezone=True), nullable=False),
    Column("search", Text),
    Index("ix_incident_index_date", "date", "id"),
    Index("ix_incident_index_country_date", "country", "date", "id"),
    Index("ix_incident_index_admin1_date", "admin1", "date", "id"),
    Index("ix_incident_index_status_date", "status", "date", "id"),
    Index("ix_incident_index_grade_date", "grade", "date", "id"),
    Index("ix_incident_index_perpetrator_date", "perpetrator", "date", "id"),
    Index("ix_incident_index_killed", "killed_max", "id"),
    Index("ix_incident_index_map", "lat", "lon", "killed_min", "geo_precision", "id"),
)

# `incident_index.search` has a full-text index, `incident_search` (migration 0007; queried
# in search.py): an FTS5 table and its shadow tables on SQLite, a GIN expression index on
# PostgreSQL. SQLAlchemy can describe neither, so this schema leaves it out.
FULL_TEXT = "incident_search"


def described_here(name: str | None, type_: str, parent_names: object) -> bool:
    """Whether this schema describes a database object: an Alembic `include_name` filter
    that leaves out the full-text index when a database is compared with the schema."""
    return not (name or "").startswith(FULL_TEXT)


users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(120), nullable=False, unique=True),
    Column("role", String(20), nullable=False),
    Column("password_hash", Text),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("disabled", Boolean, nullable=False, default=False, server_default=false()),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("prefix", String(16)),  # the token's first characters, to tell tokens apart
    Column("expires", DateTime(timezone=True)),
    Column("revoked", DateTime(timezone=True)),
    Index("ix_api_tokens_user_id", "user_id"),
)

# Login sessions: the cookie carries a random id, the table only its sha256.
sessions = Table(
    "sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("last_seen", DateTime(timezone=True), nullable=False, index=True),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False, index=True),
    Column("incident_id", String(40), ForeignKey("incidents.id"), index=True),
    Column("ordinal", Integer, nullable=False),
    Column("event_type", String(40)),
    Column("date", Date),
    Column("date_end", Date),
    Column("date_precision", String(10)),
    Column("place", Text),
    Column("place_mentioned", Text),
    Column("admin1", Text),
    Column("country", String(2)),
    Column("lat", Float),
    Column("lon", Float),
    Column("geo_precision", String(10)),
    Column("data", JSON, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("extractor_version", String(40), nullable=False),
    Column("key", String(120), index=True),
)

aggregates = Table(
    "aggregates",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False, index=True),
    Column("ordinal", Integer, nullable=False),
    Column("data", JSON, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("extractor_version", String(40), nullable=False),
)

article_signatures = Table(
    "article_signatures",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id"), primary_key=True),
    Column("minhash", LargeBinary, nullable=False),
    Column("size", Integer, nullable=False),
)

article_bands = Table(
    "article_bands",
    metadata,
    Column("band", Integer, nullable=False),
    Column("key", BigInteger, nullable=False),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False, index=True),
    Index("ix_article_bands_key", "band", "key"),
)

article_prints = Table(
    "article_prints",
    metadata,
    Column("print", BigInteger, nullable=False, index=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False, index=True),
)

review_events = Table(
    "review_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("user", String(120), nullable=False),
    Column("action", String(40), nullable=False),
    Column("incident_id", String(40), index=True),
    Column("before", JSON),
    Column("after", JSON),
    Column("reason", Text, nullable=False),
)

Index("ix_articles_document", articles.c.document_sha256)
Index("ix_custody_origin", custody.c.origin)
