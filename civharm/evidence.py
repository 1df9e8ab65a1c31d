"""The evidence store: original bytes kept on disk, addressed by their sha256.

A blob is written to a temporary file, flushed to disk and renamed into place, so a crash
leaves either the whole blob or none. Blobs are never modified; `verify` re-hashes them,
and so does every read that serves a blob as the original (`stream`), so a file changed
on disk is refused rather than passed off under its old hash.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from civharm.errors import EvidenceDamaged

log = logging.getLogger(__name__)

CHUNK = 1 << 16
STALE_SECONDS = 3600.0  # a temporary blob this old was left by a write a crash cut short


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _hash(handle: BinaryIO) -> str:
    hasher = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        hasher.update(chunk)
    return hasher.hexdigest()


class EvidenceStore:
    """A folder of blobs, `ab/abcdef…` by sha256.

    `fallback` folders are read (never written) for blobs the folder lacks: the shared
    `./civharm-data` where older versions kept them (see `civharm/layout.py`).
    """

    def __init__(self, root: Path, *, fallback: Sequence[Path] = ()) -> None:
        self.root = root
        self.fallback = tuple(fallback)
        self._warned = False

    def own_path(self, digest: str) -> Path:
        """Where the blob belongs in this folder, whether or not it is there."""
        return self.root / digest[:2] / digest

    def path(self, digest: str) -> Path:
        """Where the blob is read from: this folder, else a fallback folder that holds it."""
        own = self.own_path(digest)
        if self.fallback and not own.is_file():
            for folder in self.fallback:
                old = folder / digest[:2] / digest
                if old.is_file():
                    if not self._warned:
                        self._warned = True
                        log.warning(
                            "preserved files are still read from %s, the shared folder of older "
                            "versions: move them into %s (or set data_dir)",
                            folder,
                            self.root,
                        )
                    return old
        return own

    def has(self, digest: str) -> bool:
        return self.path(digest).is_file()

    def put(self, data: bytes) -> str:
        """Store bytes once; return their sha256."""
        return self.put_checked(data)[0]

    def put_checked(self, data: bytes) -> tuple[str, str | None]:
        """Store bytes, replacing a stored copy that went missing or changed.

        Returns the sha256 and what was wrong with the copy these bytes replaced ("missing"
        for bytes never stored), or None when an intact copy was already there. An existing
        copy is re-hashed, not only measured: a forged file of the same size is replaced.
        """
        digest = sha256(data)
        problem = self.check(digest)
        if problem is None:
            return digest, None
        target = self.own_path(digest)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            Path(tmp).chmod(0o444)
            Path(tmp).replace(target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return digest, problem

    def get(self, digest: str) -> bytes:
        """The bytes as they are on disk, unchecked: use `stream` to serve them."""
        return self.path(digest).read_bytes()

    def check(self, digest: str) -> str | None:
        """None when the blob is there and intact, else what is wrong with it."""
        path = self.path(digest)
        if not path.is_file():
            return "missing"
        with path.open("rb") as handle:
            found = _hash(handle)
        if found != digest:
            return f"changed (now sha256 {found})"
        return None

    def stream(self, digest: str, *, chunk: int = CHUNK) -> tuple[int, Iterator[bytes]]:
        """The blob's size and its bytes in chunks, re-hashed before the first byte.

        A missing or changed blob raises `EvidenceDamaged`. The file is hashed and then read
        through one open handle (chunk by chunk, never whole in memory), and hashed again as
        it is read; the last chunk is held back until that hash matches too, so a file
        changed in between is cut short rather than served whole.
        """
        path = self.path(digest)
        try:
            handle = path.open("rb")
        except FileNotFoundError:
            raise EvidenceDamaged(digest, "missing", str(path)) from None
        except OSError as exc:
            raise EvidenceDamaged(digest, f"unreadable ({exc.strerror})", str(path)) from None
        try:
            found = _hash(handle)
            if found != digest:
                raise EvidenceDamaged(digest, f"changed (now sha256 {found})", str(path))
            size = os.fstat(handle.fileno()).st_size
            handle.seek(0)
        except BaseException:
            handle.close()
            raise
        return size, _verified_chunks(handle, digest, str(path), chunk)

    def sweep(self, *, older_than: float = STALE_SECONDS) -> int:
        """Remove the temporary files of writes that a crash cut short; a write in progress
        takes seconds, so only files older than `older_than` seconds are touched."""
        if not self.root.is_dir():
            return 0
        cutoff = time.time() - older_than
        removed = 0
        for path in self.root.glob("??/.tmp-*"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except OSError:  # gone meanwhile, or not ours to remove: left alone
                continue
        return removed

    def digests(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for path in sorted(self.root.glob("??/*")):
            if not path.name.startswith(".tmp-"):
                yield path.name


def _verified_chunks(handle: BinaryIO, digest: str, path: str, size: int) -> Iterator[bytes]:
    hasher = hashlib.sha256()
    held: bytes | None = None
    try:
        for block in iter(lambda: handle.read(size), b""):
            hasher.update(block)
            if held is not None:
                yield held
            held = block
        if hasher.hexdigest() != digest:
            raise EvidenceDamaged(digest, f"changed while read (now {hasher.hexdigest()})", path)
        if held is not None:
            yield held
    finally:
        handle.close()


def repaired(name: str, digest: str, problem: str | None) -> tuple[str, ...]:
    """The warning for an ingest that restored a damaged blob (none when nothing was wrong)."""
    if problem is None:
        return ()
    log.warning(
        "%s: preserved original %s was %s; restored from these bytes", name, digest, problem
    )
    return (f"{name}: the preserved original {digest} was {problem}; restored from these bytes",)
