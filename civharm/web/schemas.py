"""The API's response models, so that /openapi.json says what each endpoint returns.

The record models are built from `civharm.exports.fields`, the one table of every entity's
fields, so the API and the exports cannot drift apart. Every field is required and
nullable: unknown is `null`, never absent and never 0. The nested JSON of a record
(an incident's sources, a mention's evidence) has models of its own.
"""

from __future__ import annotations

import datetime as dt
from types import GenericAlias
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, create_model

from civharm.exports.fields import FIELDS, Kind
from civharm.web.jobs import Outcome, State


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


# Times are stored in UTC; SQLite gives them back without their offset, PostgreSQL with it.
# Both are written with it (`…Z`), as RFC 3339 wants.
UTCTime = Annotated[dt.datetime, AfterValidator(_utc)]

KINDS: dict[Kind, Any] = {
    "str": str | None,
    "int": int | None,
    "float": float | None,
    "date": dt.date | None,
    "datetime": UTCTime | None,
    "list": list[str] | None,
    "json": Any,
}


class ErrorBody(BaseModel):
    """What went wrong: a stable code (`E030`, or `E404` after an HTTP status), a message
    that says what to do, and the parameter at fault when one is."""

    code: str = Field(examples=["E030"])
    message: str = Field(examples=["no incident inc-0123456789ab"])
    field: str | None = Field(
        default=None, description="The parameter at fault, when one is.", examples=["page"]
    )


class Error(BaseModel):
    """The one shape of every error of the API."""

    error: ErrorBody


class Source(BaseModel):
    """A report an incident rests on: its document, and the sentence quoted from it."""

    model_config = ConfigDict(extra="allow")

    doc_id: str | None
    title: str | None
    outlet: str | None
    published: str | None = Field(description="ISO date, as the report gives it.")
    quote: str | None
    start: int | None = Field(description="Character offset of the quote in the document.")
    end: int | None
    mention_key: str | None = None


class Evidence(BaseModel):
    """A sentence a mention was read from, with its offsets in the document's text."""

    start: int
    end: int
    quote: str


class ReviewEvent(BaseModel):
    """One entry of an incident's review log."""

    id: int
    at: UTCTime
    user: str
    action: str
    incident_id: str | None
    before: Any
    after: Any
    reason: str


class Span(BaseModel):
    """Where a document's text was read as evidence, and for which incident."""

    start: int
    end: int
    incident_id: str | None


class Story(BaseModel):
    """Copies of one article (syndication), counted as one source."""

    id: int
    original_article_id: int | None
    n_copies: int


class MapCell(BaseModel):
    """Incidents in one grid cell: how many, their mean position, killed (lower bounds)."""

    gx: int
    gy: int
    n: int
    lat: float
    lon: float
    killed: int
    id: str = Field(description="One incident of the cell, to link to when it holds one.")
    geo_precision: str | None
    grade: str | None = Field(description="The grade of its incidents; mixed when they differ.")


class MapCells(BaseModel):
    cell_degrees: float
    cells: list[MapCell]


class Paging(BaseModel):
    """The envelope of every list: the same links are in the `Link` header (RFC 8288),
    with `first` and `last`."""

    total: int = Field(description="Records that match, on all pages.")
    page: int
    per_page: int
    next: str | None = Field(description="The next page's URL; null on the last page.")
    prev: str | None = Field(description="The previous page's URL; null on the first page.")


def record_model(name: str, entity: str, doc: str, **nested: Any) -> type[BaseModel]:
    """A model with the exported fields of `entity`, in their order; `nested` gives the
    type of its JSON fields."""
    fields: dict[str, Any] = {
        f.name: (nested[f.name] if f.kind == "json" else KINDS[f.kind], ...) for f in FIELDS[entity]
    }
    return create_model(name, __doc__=doc, **fields)


def list_of(item: type[BaseModel]) -> Any:
    """`list[item]` for a model built at run time, which mypy cannot take as a type."""
    return GenericAlias(list, (item,))


def page_model(name: str, key: str, item: type[BaseModel]) -> type[BaseModel]:
    """The paging envelope around a list of `item` under `key` (the entity's plural)."""
    fields: dict[str, Any] = {key: (list_of(item), ...)}
    return create_model(name, __base__=Paging, __doc__=f"A page of {key}.", **fields)


Incident = record_model(
    "Incident",
    "incidents",
    "One alleged event, merged from its mentions, with its sources.",
    sources=list[Source] | None,
)
IncidentDetail = create_model(
    "IncidentDetail",
    __base__=Incident,
    __doc__="An incident; its review log only for logged-in readers.",
    review_log=(list[ReviewEvent] | None, None),
)
Mention = record_model(
    "Mention",
    "mentions",
    "One report of an event in one article, with the sentences it was read from.",
    evidence=list[Evidence] | None,
)
Aggregate = record_model(
    "Aggregate", "aggregates", "A toll over a period or an area: never an incident."
)
Document = record_model("Document", "documents", "A preserved input, without its text.")


class DocumentText(BaseModel):
    """A document with its text and the spans read as evidence."""

    sha256: str
    doc_id: str
    media_type: str
    size: int
    title: str | None
    outlet: str | None
    published: dt.date | None
    url: str | None
    text: str
    spans: list[Span]


DocumentDetail = create_model(
    "DocumentDetail",
    __base__=DocumentText,
    __doc__="A document with its text, the spans read as evidence, and its aggregate claims.",
    aggregates=(list_of(Aggregate), ...),
)
IncidentPage = page_model("IncidentPage", "incidents", Incident)
MentionPage = page_model("MentionPage", "mentions", Mention)
DocumentPage = page_model("DocumentPage", "documents", Document)
StoryPage = page_model("StoryPage", "stories", Story)


class JobDocument(BaseModel):
    """A document an upload stored for the first time."""

    sha256: str
    title: str | None = Field(description="Its title, else its name; null until the job is done.")
    incidents: list[str] | None = Field(
        description="The ids of the incidents it holds, read once the job is done; null until then."
    )


class JobFile(BaseModel):
    """What one uploaded file gave."""

    name: str = Field(description="The file's name as it was uploaded.")
    outcome: Outcome
    new_documents: int
    seen_documents: int = Field(description="Documents stored before, recognised by their hash.")
    articles: int
    undated: int = Field(description="New articles that state no publication date.")
    documents: list[JobDocument] = Field(description="The new documents.")
    errors: list[str]
    warnings: list[str]


class JobSummary(BaseModel):
    """The whole upload's counts, once it is done."""

    new_documents: int
    seen_documents: int
    articles: int
    undated: int
    incidents: int = Field(description="Distinct incidents the new documents hold.")
    errors: int
    warnings: int


class Job(BaseModel):
    """An upload, ingested in the background: its state, progress and each file's result."""

    id: str
    user: str | None = Field(description="Who uploaded it.")
    state: State
    created: UTCTime
    started: UTCTime | None
    finished: UTCTime | None
    files_total: int
    files_done: int
    documents_done: int
    resolving: bool = Field(
        description="All files read, the job not over: stories and incidents are being resolved."
    )
    published: dt.date | None = Field(
        description="The publication date given for the documents that state none."
    )
    outlet: str | None = Field(description="The outlet given for the documents that state none.")
    files: list[JobFile] = Field(description="The files read so far, in the order read.")
    summary: JobSummary | None = Field(description="null until the job is done.")
    error: str | None = Field(description="Why a failed job stopped.")
