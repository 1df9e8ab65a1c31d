"""The `civharm` command: parse flags, call one `Project` method, print the result.

No logic lives here: every command mirrors a method of `civharm.project.Project`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, BinaryIO

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from civharm.cli_accounts import token_app, user_app
from civharm.cli_common import DbOption, SettingOption, err, failed, opened, out
from civharm.cli_review import incident_app
from civharm.errors import CivharmError, UsageError
from civharm.project import Project, iter_input_files, sample_data_dir, sample_files
from civharm.readers.guard import printable
from civharm.settings import load_settings, parse_pairs
from civharm.version import __version__

app = typer.Typer(
    help="civharm: turn reports of alleged civilian harm into an evidence-linked record.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(incident_app, name="incident")
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--published needs a date as YYYY-MM-DD, not {value!r}") from None


def _columns(label: str) -> tuple[ProgressColumn, ...]:
    return (
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[name]}"),
        TimeRemainingColumn(),
    )


def _ingest(
    project: Project,
    paths: list[Path],
    published: dt.date | None,
    outlet: str | None,
    workers: int | None = None,
) -> int:
    files = [p for p in iter_input_files(paths) if isinstance(p, Path)]
    total = sum(p.stat().st_size for p in files)
    with Progress(
        *_columns("ingest"), console=err, transient=True, disable=not err.is_terminal
    ) as bar:
        task = bar.add_task("ingest", total=total or 1, name="")

        def advance(name: str, size: int) -> None:
            bar.update(task, advance=size, name=escape(Path(name).name))

        report = project.ingest(
            paths, published=published, outlet=outlet, progress=advance, workers=workers
        )
    for line in report.warnings:
        err.print(f"[yellow]warning[/yellow] {escape(printable(line))}")
    for line in report.errors:
        err.print(f"[red]failed[/red] {escape(printable(line))}")
    out.print(
        f"{report.new_documents} new documents, {report.articles} articles; "
        f"{report.seen_documents} already stored; {len(report.errors)} inputs failed."
    )
    return 0 if report.ok else 1


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders (read recursively).")],
    db: DbOption = None,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date (YYYY-MM-DD) for documents that state none."),
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet for documents that name none.")] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            metavar="N",
            help="Processes that read, segment and extract; 0: one per core. "
            "Default: the setting workers (0).",
        ),
    ] = None,
    setting: SettingOption = None,
) -> None:
    """Ingest reports (.txt .md .html .htm .pdf .jsonl .jsonl.gz .warc .warc.gz) and process what is new.

    Exits with 1 when some inputs failed; the others are stored. Safe to re-run after an
    interruption: stored documents are not duplicated. In Python: `Project.ingest()`.
    """
    try:
        when = _date(published)
        with opened(db, setting, create=True) as project:
            code = _ingest(project, paths, when, outlet, workers)
    except CivharmError as exc:
        raise failed(exc) from None
    except KeyboardInterrupt:
        err.print(
            "[yellow]interrupted[/yellow]: what was stored is intact; run the same command again to finish."
        )
        raise typer.Exit(130) from None
    raise typer.Exit(code)


@app.command()
def demo(db: DbOption = None, setting: SettingOption = None) -> None:
    """Ingest the built-in fictional sample reports, then show what is in the database."""
    try:
        with opened(db, setting, create=True) as project:
            out.print(
                f"Ingesting the built-in sample reports from {escape(str(sample_data_dir()))}"
            )
            code = _ingest(project, list(sample_files()), None, None)
            _print_counts(project)
            out.print(f"Database: {escape(project.settings.db)}.")
            out.print("Next: [bold]civharm export articles --format csv --out articles.csv[/bold]")
    except CivharmError as exc:
        raise failed(exc) from None
    raise typer.Exit(code)


ENTITIES = ("incidents", "mentions", "aggregates", "articles", "documents")
FORMATS = ("jsonl", "csv", "geojson", "parquet")


@app.command()
def export(
    entity: Annotated[
        str, typer.Argument(help="incidents | mentions | aggregates | articles | documents")
    ],
    format: Annotated[
        str, typer.Option("--format", "-f", help="jsonl | csv | geojson | parquet")
    ] = "jsonl",
    out_path: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output file; default: standard output.")
    ] = None,
    db: DbOption = None,
    setting: SettingOption = None,
) -> None:
    """Export records. In Python: `Project.export(entity, format=..., out=...)`."""
    try:
        if entity not in ENTITIES:
            raise UsageError(f"unknown export {entity!r}; choose from {', '.join(ENTITIES)}")
        if format not in FORMATS:
            raise UsageError(f"unknown format {format!r}; choose from {', '.join(FORMATS)}")
        if format == "parquet" and out_path is None:
            raise UsageError("parquet is binary: give --out FILE")
        with opened(db, setting) as project:
            target: BinaryIO
            tmp = out_path.with_name(out_path.name + ".partial") if out_path else None
            with tmp.open("wb") if tmp else nullcontext(sys.stdout.buffer) as target:
                count = project.export(entity, format=format, out=target)
            if tmp is not None and out_path is not None:
                tmp.replace(out_path)
                err.print(f"{count} {entity} written to {escape(str(out_path))}")
    except CivharmError as exc:
        raise failed(exc) from None


@app.command()
def verify(db: DbOption = None, setting: SettingOption = None) -> None:
    """Re-hash every preserved document and report any that changed or went missing."""
    try:
        with opened(db, setting) as project:
            report = project.verify()
    except CivharmError as exc:
        raise failed(exc) from None
    for line in report.problems:
        err.print(f"[red]problem[/red] {escape(printable(line))}")
    if report.swept:
        out.print(f"{report.swept} unfinished temporary files of interrupted writes removed.")
    out.print(f"{report.checked} preserved files checked; {len(report.problems)} problems.")
    raise typer.Exit(0 if report.ok else 1)


@app.command("eval")
def eval_(
    gold: Annotated[
        Path,
        typer.Argument(
            help="Gold file: seeds-gold JSON, or a JSON-lines set as eval/real/gold.jsonl."
        ),
    ],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    split: Annotated[
        str | None,
        typer.Option(
            "--split",
            metavar="NAME",
            help='Score one part of a JSON-lines gold set: "dev" or "heldout".',
        ),
    ] = None,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            metavar="UNIT",
            help='What to score: "incidents" (merged across articles) or "mentions" (what '
            "each article claims, for gold coded one article at a time).",
        ),
    ] = "incidents",
    setting: SettingOption = None,
) -> None:
    """Score the database against a gold file: recall, precision, figures, perpetrators.

    In Python: `Project.evaluate(gold, split=, by=)`.
    """
    try:
        with opened(db, setting) as project:
            result = project.evaluate(gold, split=split, by=by)
    except CivharmError as exc:
        raise failed(exc) from None
    if as_json:
        out.print_json(json.dumps(result.to_dict(), default=str))
    else:
        out.print(escape(result.render()), highlight=False, soft_wrap=True)


@app.command()
def reprocess(db: DbOption = None, setting: SettingOption = None) -> None:
    """Run segmentation and extraction again on every stored document (after an upgrade).

    In Python: `Project.reprocess()`.
    """
    try:
        with opened(db, setting) as project:
            total = project.counts()["documents"]
            with Progress(
                *_columns("reprocess"), console=err, transient=True, disable=not err.is_terminal
            ) as bar:
                task = bar.add_task("reprocess", total=total or 1, name="")
                count = project.reprocess(
                    progress=lambda name, _size: bar.update(task, advance=1, name=escape(name))
                )
            _print_counts(project)
    except CivharmError as exc:
        raise failed(exc) from None
    out.print(f"{count} documents processed again.")


@app.command()
def resolve(
    db: DbOption = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Re-cluster every incident, not only what is new.")
    ] = False,
    setting: SettingOption = None,
) -> None:
    """Group copies into stories and mentions into incidents (ingest does this by itself).

    In Python: `Project.resolve(everything=...)`.
    """
    try:
        with opened(db, setting) as project:
            report = project.resolve(everything=everything)
    except CivharmError as exc:
        raise failed(exc) from None
    out.print(
        f"{report.incidents} incidents resolved, {report.new_stories} new stories, "
        f"{report.unlinked} mentions left unlinked."
    )


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    db: DbOption = None,
    setting: SettingOption = None,
) -> None:
    """Serve the review web app and the JSON API (/api/v1, /openapi.json, docs at /docs).

    In Python: `civharm.web.app.create_app(project)` with any ASGI server.
    """
    import uvicorn

    from civharm.web.app import create_app

    try:
        project = opened(db, setting)
    except CivharmError as exc:
        raise failed(exc) from None
    out.print(f"civharm serving {escape(project.settings.db)} on http://{host}:{port}/")
    try:
        uvicorn.run(create_app(project), host=host, port=port, log_level="warning")
    finally:
        project.close()


gazetteer_app = typer.Typer(help="Manage the gazetteer of place names.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("import-geonames")
def import_geonames(
    dump: Annotated[
        Path, typer.Argument(help="GeoNames dump: XX.txt, allCountries.txt or a .zip of one.")
    ],
    out_path: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="Gazetteer file to write (a copy of the packaged one plus the dump).",
        ),
    ] = Path("gazetteer.sqlite"),
    db: DbOption = None,
    setting: SettingOption = None,
) -> None:
    """Add a GeoNames dump to a copy of the packaged gazetteer.

    Then use it with `-s gazetteer=FILE` or CIVHARM_GAZETTEER=FILE. No database is opened.
    In Python: `Project.import_geonames(dump, out=...)`.
    """
    try:
        load_settings({**parse_pairs(setting or []), "db": db})  # names a wrong setting
        count = Project.import_geonames(dump, out=out_path)
    except CivharmError as exc:
        raise failed(exc) from None
    out.print(
        f"{count} places added to {escape(str(out_path))}; use it with -s gazetteer={escape(str(out_path))}"
    )


@app.command()
def info(db: DbOption = None, setting: SettingOption = None) -> None:
    """Show how many documents, articles, mentions and incidents the database holds."""
    try:
        with opened(db, setting) as project:
            _print_counts(project)
    except CivharmError as exc:
        raise failed(exc) from None


def _print_counts(project: Project) -> None:
    table = Table("table", "rows")
    for name, count in project.counts().items():
        table.add_row(name, str(count))
    out.print(table)


def _version(value: bool) -> None:
    if value:
        out.print(f"civharm {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """civharm: turn reports of alleged civilian harm into an evidence-linked record."""
    logger = logging.getLogger("civharm")
    if not any(isinstance(h, _Warnings) for h in logger.handlers):
        logger.addHandler(_Warnings(logging.WARNING))


class _Warnings(logging.Handler):
    """The library's warnings (a review event skipped on replay) as lines on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        err.print(f"[yellow]warning[/yellow] {escape(printable(record.getMessage()))}")


def main() -> None:
    app()
