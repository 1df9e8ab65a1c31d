"""The evidence store keeps bytes once, by sha256, and notices any change."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

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


@given(st.binary(max_size=2000))
def test_evidence_round_trip(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as root:
        store = EvidenceStore(Path(root))
        assert store.get(store.put(data)) == data
