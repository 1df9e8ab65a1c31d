"""Where a project's files live on disk, whatever the working directory.

The evidence folder (blobs and the web app's `.session-key`) is the `data_dir` setting
when set. Otherwise it sits beside an SQLite file and is named after it, whatever form
`--db` takes (`t3.db`, `cases/t3.db`, `sqlite:///cases/t3.db`, `sqlite:////srv/t3.db` →
`…/t3-data/`), so each database has its own; for PostgreSQL (or SQLite in memory) it is
`$XDG_DATA_HOME/civharm/<host>-<database>-data` (`~/.local/share/civharm/…`).

Older versions kept the blobs of a bare `--db t3.db` path and of PostgreSQL in
`./civharm-data` of the working directory. When a database's own folder does not exist
yet and such a folder (in the working directory, or beside the SQLite file) holds its
blobs, they are hard-linked into the new folder: no copy, and the old folder is left as
it was for any other database that shares it. Blobs that cannot be linked (another file
system) are still read from the old folder, with a warning.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from civharm.errors import MissingDatabase
from civharm.evidence import EvidenceStore

log = logging.getLogger(__name__)

# The evidence folder of versions before #9, in the working directory.
LEGACY = "civharm-data"


def database_file(db: str) -> Path | None:
    """The absolute path of an SQLite database file; None for PostgreSQL or memory."""
    if "://" in db:
        try:
            url = make_url(db)
        except ArgumentError:
            return None
        if url.get_backend_name() != "sqlite":
            return None
        name = url.database or ""
    else:
        name = db
    if name in ("", ":memory:") or name.startswith("file:"):
        return None
    return Path(name).resolve()


def evidence_dir(db: str, data_dir: str = "") -> Path:
    """The evidence folder of the database `db` (see the module docstring)."""
    if data_dir:
        return Path(data_dir).expanduser().resolve()
    file = database_file(db)
    if file is not None:
        return file.with_name(f"{file.stem}-data")
    home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(home) / "civharm" / f"{_server_name(db)}-data"


def _server_name(db: str) -> str:
    """`host-database` of a server URL, safe as a folder name."""
    if db.startswith("sqlite"):
        return "sqlite-memory"
    try:
        url = make_url(db)
        name = f"{url.host or 'localhost'}-{url.database or 'default'}"
    except ArgumentError:
        name = db
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)


def require_database(db: str) -> None:
    """Refuse an SQLite file that does not exist, rather than create an empty one."""
    file = database_file(db)
    if file is not None and not file.is_file():
        raise MissingDatabase(
            f"no database at {file}: give --db (or CIVHARM_DB) the file of an existing "
            "project, or create one with `civharm ingest` or `civharm demo`"
        )


def open_evidence(db: str, data_dir: str, blobs: Callable[[], Iterable[str]]) -> EvidenceStore:
    """The evidence store of `db`, adopting its blobs from an old shared folder first.

    `blobs` (the database's digests) is only called when the folder does not exist yet.
    """
    root = evidence_dir(db, data_dir)
    old = () if data_dir else _legacy_folders(db, root)
    if old and not root.exists():
        _adopt(root, old, blobs())
    return EvidenceStore(root, fallback=old)


def _legacy_folders(db: str, root: Path) -> tuple[Path, ...]:
    candidates = [Path.cwd() / LEGACY]
    file = database_file(db)
    if file is not None:
        candidates.append(file.parent / LEGACY)
    found: list[Path] = []
    for folder in candidates:
        same = [root, *found]
        if folder.is_dir() and all(folder.resolve() != f.resolve() for f in same):
            found.append(folder)
    return tuple(found)


def _adopt(root: Path, old: tuple[Path, ...], blobs: Iterable[str]) -> None:
    """Hard-link the database's blobs from the old folders into its own folder."""
    linked = 0
    for digest in blobs:
        source = next((p for f in old if (p := f / digest[:2] / digest).is_file()), None)
        if source is None:
            continue
        target = root / digest[:2] / digest
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(source, target)
        except FileExistsError:
            continue
        except OSError as exc:
            log.warning(
                "could not link the preserved files from %s into %s (%s): they are still "
                "read from there; move them into %s (or set data_dir)",
                source.parent.parent,
                root,
                exc.strerror,
                root,
            )
            return
        linked += 1
    if linked:
        log.warning(
            "%d preserved files of this database were in %s, the folder older versions shared "
            "between databases: they are now also in %s (hard links, no copy). The old folder "
            "is left as it was; delete it once no other database uses it",
            linked,
            ", ".join(str(f) for f in old),
            root,
        )
