"""The evidence store: original bytes kept on disk, addressed by their sha256.

A blob is written to a temporary file, flushed to disk and renamed into place, so a crash
leaves either the whole blob or none. Blobs are never modified; `verify` re-hashes them.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class EvidenceStore:
    """A folder of blobs, `ab/abcdef…` by sha256."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, digest: str) -> Path:
        return self.root / digest[:2] / digest

    def has(self, digest: str) -> bool:
        return self.path(digest).is_file()

    def put(self, data: bytes) -> str:
        """Store bytes once; return their sha256."""
        digest = sha256(data)
        target = self.path(digest)
        if target.is_file() and target.stat().st_size == len(data):
            return digest
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
        return digest

    def get(self, digest: str) -> bytes:
        return self.path(digest).read_bytes()

    def check(self, digest: str) -> str | None:
        """None when the blob is there and intact, else what is wrong with it."""
        path = self.path(digest)
        if not path.is_file():
            return "missing"
        hasher = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                hasher.update(chunk)
        if hasher.hexdigest() != digest:
            return f"changed (now sha256 {hasher.hexdigest()})"
        return None

    def digests(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for path in sorted(self.root.glob("??/*")):
            if not path.name.startswith(".tmp-"):
                yield path.name
