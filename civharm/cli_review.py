"""`civharm incident …`: the review commands; each mirrors `Project.review` or `revert`."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape

from civharm.cli_common import Commands, DbOption, SettingOption, failed, opened, out
from civharm.errors import CivharmError
from civharm.settings import parse_pairs

incident_app = Commands(
    help="Review incidents: every decision needs a reason and goes to the review log.",
    no_args_is_help=True,
)
ReasonOption = Annotated[
    str,
    typer.Option("--reason", "-r", metavar="TEXT", help="Why (required; kept in the review log)."),
]


def _review(
    db: str | None,
    setting: list[str] | None,
    action: str,
    incident_id: str,
    reason: str,
    fields: dict[str, str] | None = None,
    **after: Any,
) -> None:
    try:
        with opened(db, setting) as project:
            event = project.review(action, incident_id, reason=reason, fields=fields, **after)
    except CivharmError as exc:
        raise failed(exc) from None
    out.print(f"review event {event}: {action} {escape(incident_id)}")


@incident_app.command("edit")
def incident_edit(
    incident_id: Annotated[str, typer.Argument(help="Incident id, e.g. inc-3375b00f5a8f.")],
    fields: Annotated[
        list[str],
        typer.Argument(
            metavar="FIELD=VALUE...",
            help="field=value pairs, e.g. killed_min=12 perpetrator=Russia.",
        ),
    ],
    reason: ReasonOption,
    db: DbOption = None,
    setting: SettingOption = None,
) -> None:
    """Set fields of an incident; each value is checked by its field's type before anything
    is written. In Python: `Project.review("edit", id, reason=..., **fields)`."""
    try:
        values = parse_pairs(fields)
    except CivharmError as exc:
        raise failed(exc) from None
    _review(db, setting, "edit", incident_id, reason, fields=values)


@incident_app.command("merge")
def incident_merge(
    incident_id: Annotated[str, typer.Argument(help="Incident to merge away.")],
    into: Annotated[
        str, typer.Option("--into", metavar="INCIDENT_ID", help="Incident that absorbs it.")
    ],
    reason: ReasonOption,
    db: DbOption = None,
    setting: SettingOption = None,
) -> None:
    """Merge one incident into another. In Python: `Project.review("merge", id, into=...)`."""
    _review(db, setting, "merge", incident_id, reason, into=into)


@incident_app.command("split")
def incident_split(
    incident_id: Annotated[str, typer.Argument(help="Incident to split.")],
    keys: Annotated[
        list[str],
        typer.Argument(
            metavar="KEY...",
            help="Mention keys (sources[].mention_key) to move to a new incident.",
        ),
    ],
    reason: ReasonOption,
    db: DbOption = None,
    setting: SettingOption = None,
) -> None:
    """Move some mentions to a new incident. In Python: `Project.review("split", id, keys=[...])`."""
    _review(db, setting, "split", incident_id, reason, keys=keys)


@incident_app.command("discount")
def incident_discount(
    incident_id: Annotated[str, typer.Argument(help="Incident to discount.")],
    reason: ReasonOption,
    db: DbOption = None,
    setting: SettingOption = None,
) -> None:
    """Mark an incident discounted (grade and status). In Python: `Project.review("discount", id)`."""
    _review(db, setting, "discount", incident_id, reason)


@incident_app.command("grade")
def incident_grade(
    incident_id: Annotated[str, typer.Argument(help="Incident to grade.")],
    grade: Annotated[str, typer.Argument(help="confirmed | fair | weak | contested | discounted")],
    reason: ReasonOption,
    db: DbOption = None,
    setting: SettingOption = None,
) -> None:
    """Set an incident's grade. In Python: `Project.review("grade", id, grade=...)`."""
    _review(db, setting, "grade", incident_id, reason, grade=grade)


@incident_app.command("status")
def incident_status(
    incident_id: Annotated[str, typer.Argument(help="Incident.")],
    status: Annotated[str, typer.Argument(help="machine | reviewed | confirmed | discounted")],
    reason: ReasonOption,
    db: DbOption = None,
    setting: SettingOption = None,
) -> None:
    """Set an incident's status. In Python: `Project.review("status", id, status=...)`."""
    _review(db, setting, "status", incident_id, reason, status=status)


@incident_app.command("revert")
def incident_revert(
    event_id: Annotated[int, typer.Argument(help="Review event to undo (its id in the log).")],
    reason: ReasonOption,
    db: DbOption = None,
    setting: SettingOption = None,
) -> None:
    """Undo one review event with a new event; the log stays append-only.
    In Python: `Project.revert(event_id, reason=...)`."""
    try:
        with opened(db, setting) as project:
            event = project.revert(event_id, reason=reason)
    except CivharmError as exc:
        raise failed(exc) from None
    out.print(f"review event {event}: revert {event_id}")


document_app = Commands(
    help="Review documents: a publication date set here goes to the review log.",
    no_args_is_help=True,
)


@document_app.command("date")
def document_date(
    document: Annotated[str, typer.Argument(help="Document sha256 or doc_id (the file name).")],
    published: Annotated[str, typer.Argument(metavar="YYYY-MM-DD", help="Publication date.")],
    reason: ReasonOption,
    db: DbOption = None,
    setting: SettingOption = None,
) -> None:
    """Set the publication date of a document whose articles state none, and read it again
    so that "on Tuesday" and "last week" resolve. Undo with `civharm incident revert`.
    In Python: `Project.date_document(document, published, reason=...)`."""
    try:
        with opened(db, setting) as project:
            event = project.date_document(document, published, reason=reason)
    except CivharmError as exc:
        raise failed(exc) from None
    out.print(f"review event {event}: document-date {escape(document)} {escape(published)}")
