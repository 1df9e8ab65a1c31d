"""The `civharm` command: parse flags, call one `Project` method, print the result.

No logic lives here: every command mirrors a method of `civharm.project.Project`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import shlex
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, Any, BinaryIO

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
from civharm.cli_common import Commands, DbOption, SettingOption, err, failed, opened, out
from civharm.cli_executors import ExecutorOption, SchedulerOption, WorkersOption
from civharm.cli_review import document_app, incident_app
from civharm.errors import CivharmError, UsageError
from civharm.executors import check_executor
from civharm.filters import FILTERS, parse_filters
from civharm.project import Project, iter_input_files, sample_data_dir, sample_files
from civharm.readers.guard import printable
from civharm.settings import load_settings, parse_pairs
from civharm.version import __version__

app = Commands(
    help="civharm: turn reports of alleged civilian harm into an evidence-linked record.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(incident_app, name="incident")
app.add_typer(document_app, name="document")
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--published needs a date as YYYY-MM-DD, not {value!r}") from None


def counted(count: int, noun: str) -> str:
    """`1 new document`, `2 new documents`: a count with a noun that agrees with it."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


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
    executor: str = "local",
    scheduler: str | None = None,
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
            paths,
            published=published,
            outlet=outlet,
            progress=advance,
            workers=workers,
            executor=executor,
            scheduler=scheduler,
        )
    for line in report.warnings:
        err.print(f"[yellow]warning[/yellow] {escape(printable(line))}")
    for line in report.errors:
        err.print(f"[red]failed[/red] {escape(printable(line))}")
    out.print(
        f"{counted(report.new_documents, 'new document')}, {counted(report.articles, 'article')}; "
        f"{report.seen_documents} already stored; {counted(len(report.errors), 'input')} failed."
    )
    if report.undated:
        out.print(
            f"{report.undated} of the new articles state no publication date, so dates such as "
            '"on Tuesday" or "last week" in them stay unresolved. Give one with --published '
            "YYYY-MM-DD, a JSONL `published` field, or per document on its page in the web app "
            "(or civharm document date DOCUMENT YYYY-MM-DD --reason ...)."
        )
    return 0 if report.ok else 1


@app.command()
def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="PATH...", help="Files and folders (read recursively)."),
    ],
    db: DbOption = None,
    published: Annotated[
        str | None,
        typer.Option(metavar="YYYY-MM-DD", help="Publication date for documents that state none."),
    ] = None,
    outlet: Annotated[
        str | None, typer.Option(metavar="NAME", help="Outlet for documents that name none.")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            metavar="N",
            help="Processes that read, segment and extract; 0: one per core. "
            "Default: the setting workers (0).",
        ),
    ] = None,
    executor: Annotated[
        str,
        typer.Option(
            metavar="local|dask",
            help="Where reading, segmenting and extracting run: local processes, or a Dask "
            "cluster (needs civharm[dask]). Only this process writes to the database.",
        ),
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(
            metavar="ADDRESS",
            help="The Dask scheduler to use, e.g. tcp://10.0.0.5:8786 (with --executor "
            "dask). Without it, a local cluster of --workers processes is started.",
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
        check_executor(executor, scheduler=scheduler, workers=workers)
        with opened(db, setting, create=True) as project:
            code = _ingest(project, paths, when, outlet, workers, executor, scheduler)
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
            # Whole commands on lines of their own, naming the same database: copy, paste, run.
            where = f" --db {shlex.quote(db)}" if db else ""
            out.print("Next: review the incidents in the web app, or export the articles:")
            for command in (
                f"civharm serve{where}",
                f"civharm export articles --format csv --out articles.csv{where}",
            ):
                out.print(f"  {escape(command)}", highlight=False)
    except CivharmError as exc:
        raise failed(exc) from None
    raise typer.Exit(code)


ENTITIES = ("incidents", "mentions", "aggregates", "articles", "documents")
FORMATS = ("jsonl", "csv", "geojson", "parquet")


def _filter(flag: str, name: str, metavar: str) -> Any:
    """An `export incidents` filter option: the same name and help as on the web."""
    return typer.Option(flag, help=FILTERS[name], metavar=metavar, rich_help_panel="Filters")


@app.command()
def export(
    entity: Annotated[
        str, typer.Argument(help="incidents | mentions | aggregates | articles | documents")
    ],
    format: Annotated[
        str,
        typer.Option("--format", "-f", metavar="FORMAT", help="jsonl | csv | geojson | parquet"),
    ] = "jsonl",
    out_path: Annotated[
        Path | None,
        typer.Option("--out", "-o", metavar="FILE", help="Output file; default: standard output."),
    ] = None,
    place: Annotated[str | None, _filter("--place", "place", "NAME")] = None,
    date_from: Annotated[str | None, _filter("--from", "date_from", "YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, _filter("--to", "date_to", "YYYY-MM-DD")] = None,
    grade: Annotated[str | None, _filter("--grade", "grade", "GRADE")] = None,
    status: Annotated[str | None, _filter("--status", "status", "STATUS")] = None,
    perpetrator: Annotated[str | None, _filter("--perpetrator", "perpetrator", "NAME")] = None,
    country: Annotated[str | None, _filter("--country", "country", "CODE")] = None,
    since: Annotated[str | None, _filter("--since", "since", "TIME")] = None,
    db: DbOption = None,
    setting: SettingOption = None,
) -> None:
    """Export records; incidents can be filtered as in the review app's list.

    In Python: `Project.export(entity, format=..., out=..., filters=...)`.
    """
    given = {
        "place": place, "date_from": date_from, "date_to": date_to, "grade": grade,
        "status": status, "perpetrator": perpetrator, "country": country, "since": since,
    }  # fmt: skip
    try:
        if entity not in ENTITIES:
            raise UsageError(f"unknown export {entity!r}; choose from {', '.join(ENTITIES)}")
        if format not in FORMATS:
            raise UsageError(f"unknown format {format!r}; choose from {', '.join(FORMATS)}")
        if format == "parquet" and out_path is None:
            raise UsageError("parquet is binary: give --out FILE")
        filters = parse_filters(given) if any(v is not None for v in given.values()) else None
        with opened(db, setting) as project:
            target: BinaryIO
            tmp = out_path.with_name(out_path.name + ".partial") if out_path else None
            with tmp.open("wb") if tmp else nullcontext(sys.stdout.buffer) as target:
                count = project.export(entity, format=format, out=target, filters=filters)
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
            metavar="FILE",
            help="Gold file: seeds-gold JSON, or a JSON-lines set as eval/real/gold.jsonl.",
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
def reprocess(
    db: DbOption = None,
    workers: WorkersOption = None,
    executor: ExecutorOption = "local",
    scheduler: SchedulerOption = None,
    setting: SettingOption = None,
) -> None:
    """Run segmentation and extraction again on every stored document (after an upgrade).

    Safe to interrupt: each document is stored whole; run the command again to finish.
    In Python: `Project.reprocess(workers=..., executor=..., scheduler=...)`.
    """
    try:
        check_executor(executor, scheduler=scheduler, workers=workers)
        with opened(db, setting) as project:
            total = project.counts()["documents"]
            with Progress(
                *_columns("reprocess"), console=err, transient=True, disable=not err.is_terminal
            ) as bar:
                task = bar.add_task("reprocess", total=total or 1, name="")
                count = project.reprocess(
                    progress=lambda name, _size: bar.update(task, advance=1, name=escape(name)),
                    workers=workers,
                    executor=executor,
                    scheduler=scheduler,
                )
            _print_counts(project)
    except CivharmError as exc:
        raise failed(exc) from None
    except KeyboardInterrupt:
        err.print(
            "[yellow]interrupted[/yellow]: each document read again so far is stored whole; "
            "run the same command again to finish."
        )
        raise typer.Exit(130) from None
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


gazetteer_app = Commands(help="Manage the gazetteer of place names.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("import-geonames")
def import_geonames(
    dump: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="GeoNames dump: XX.txt, allCountries.txt or a .zip of one."
        ),
    ],
    out_path: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
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
