"""The options that choose where the pure stages of a command run (`ingest`, `reprocess`):
local processes or a Dask cluster. Only the process that runs the command writes to the
database, so they change how fast, never what is stored (docs/scale.md)."""

from __future__ import annotations

from typing import Annotated

import typer

WorkersOption = Annotated[
    int | None,
    typer.Option(
        metavar="N",
        help="Processes that read, segment and extract; 0: one per core. "
        "Default: the setting workers (0).",
    ),
]
ExecutorOption = Annotated[
    str,
    typer.Option(
        metavar="local|dask",
        help="Where reading, segmenting and extracting run: local processes, or a Dask "
        "cluster (needs civharm[dask]). Only this process writes to the database.",
    ),
]
SchedulerOption = Annotated[
    str | None,
    typer.Option(
        metavar="ADDRESS",
        help="The Dask scheduler to use, e.g. tcp://10.0.0.5:8786 (with --executor "
        "dask). Without it, a local cluster of --workers processes is started.",
    ),
]
