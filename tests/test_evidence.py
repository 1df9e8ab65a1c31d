"""The evidence store keeps bytes once, by sha256, and notices any change."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civharm.errors import EvidenceDamaged
from civharm.evidence import EvidenceStore, sha256


def test_evidence_put_is_idempotent_and_read_only(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path)
    digest = store.put(b"report")
    assert store.put(b"report") == digest == sha256(b"report")
    assert list(store.digests()) == [digest]
    assert store.path(digest).stat().st_mode & 0o222 == 0


def test_evidence_check_reports_changes_and_losses(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path)
    digest = store.put(b"report")
    assert store.check(digest) is None
    store.path(digest).chmod(0o644)
    store.path(digest).write_bytes(b"forged")
    assert (store.check(digest) or "").startswith("changed")
    store.path(digest).unlink()
    assert store.check(digest) == "missing"


def test_evidence_sweep_removes_only_stale_temporary_files(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path)
    digest = store.put(b"report")
    folder = store.path(digest).parent
    stale, fresh = folder / ".tmp-crashed", folder / ".tmp-writing"
    stale.write_bytes(b"half a blob")
    fresh.write_bytes(b"a write in progress")
    two_hours_ago = time.time() - 7200
    os.utime(stale, (two_hours_ago, two_hours_ago))
    assert store.sweep() == 1
    assert not stale.exists() and fresh.exists()
    assert store.get(digest) == b"report"


@given(st.binary(max_size=2000))
def test_evidence_round_trip(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as root:
        store = EvidenceStore(Path(root))
        assert store.get(store.put(data)) == data


def _forge(store: EvidenceStore, digest: str, data: bytes) -> None:
    store.path(digest).chmod(0o644)
    store.path(digest).write_bytes(data)


def test_evidence_stream_serves_intact_bytes_in_chunks(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path)
    data = bytes(range(256)) * 1000
    size, chunks = store.stream(store.put(data), chunk=4096)
    assert size == len(data)
    parts = list(chunks)
    assert len(parts) > 1 and b"".join(parts) == data


# (forgery, why): each must be refused before a single byte is served.
FORGERIES = [
    (b"REPORT", "same size: a size check alone lets it through"),
    (b"a longer forged report", "another size"),
    (None, "the file is gone"),
]


@pytest.mark.parametrize(("forged", "why"), FORGERIES)
def test_evidence_stream_refuses_damage_before_any_byte(
    tmp_path: Path, forged: bytes | None, why: str
) -> None:
    store = EvidenceStore(tmp_path)
    digest = store.put(b"report")
    if forged is None:
        store.path(digest).unlink()
    else:
        _forge(store, digest, forged)
    with pytest.raises(EvidenceDamaged) as raised:
        store.stream(digest)
    assert raised.value.code == "E050"
    assert raised.value.problem.startswith("missing" if forged is None else "changed"), why


def test_evidence_stream_cuts_short_a_file_changed_while_read(tmp_path: Path) -> None:
    # Why: between the check and the reading, a file changed in place must not be served whole.
    store = EvidenceStore(tmp_path)
    data = b"x" * 10_000
    digest = store.put(data)
    size, chunks = store.stream(digest, chunk=1000)
    _forge(store, digest, b"y" * 10_000)
    served = b""
    with pytest.raises(EvidenceDamaged, match="changed while read"):
        for chunk in chunks:
            served += chunk
    assert len(served) < size


def test_evidence_put_repairs_a_forged_copy_of_the_same_size(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path)
    digest = store.put(b"report")
    assert store.put_checked(b"report") == (digest, None)
    _forge(store, digest, b"REPORT")
    found, problem = store.put_checked(b"report")
    assert found == digest and (problem or "").startswith("changed")
    assert store.check(digest) is None and store.get(digest) == b"report"
