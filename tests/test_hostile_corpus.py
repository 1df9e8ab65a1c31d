"""The hostile-input corpus (issue #9): one `civharm ingest` of a folder of ~100 files.

`scripts/make_hostile_corpus.py` writes the corpus and a manifest of what each file must
give. The bar: the ingest exits 1 within a minute, each rejected file gets exactly one
error line that names it, every good file is stored (and decoded right), and `civharm
verify` finds nothing wrong. The files that once showed a defect are listed in
`ONCE_DEFECTIVE` and also checked one by one, each ingested alone.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from civharm import open_project

pytestmark = pytest.mark.slow  # one ingest of ~100 files, then one per known defect

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "make_hostile_corpus.py"
BAR_SECONDS = 60.0
# Rich wraps lines at the terminal width, 80 columns when stderr is no terminal: a wide
# "terminal" keeps each message on one line (the wrapping has its own test below).
WIDE = {"COLUMNS": "100000"}

# File (as the manifest names it) -> the defect it once showed. Each is also ingested alone
# in `test_hostile_corpus_once_defective_file_alone`, so that a regression names its file.
ONCE_DEFECTIVE = {
    "junk.jsonl": "binary junk named .jsonl gave one error line per line of junk (13 for 4 KB)",
    "warc-length-short.warc": (
        "a WARC Content-Length shorter than its record gave two error lines (the second "
        "quoting a raw line with its line break) and warcio's 3-line warning on stderr"
    ),
    "not-a-warc.warc": "warcio wrote its 3-line warning to stderr beside civharm's error line",
    "line\\nbreak.txt": "a line break in a file name was printed as is: the error line was cut",
    "esc\\x1b[2J.txt": "the ESC in a file name was printed raw: a terminal escape injection",
    "good-cp1252.txt": "short French cp1252 text was read as cp1250: 'touché à' as 'touché ŕ'",
    "good-raw-surrogate.txt": (
        "UTF-8 with one encoded surrogate (3 bad bytes of 255) was read as cp1250: 'Zoë' as 'ZoĂ«'"
    ),
}


@dataclass(frozen=True)
class Corpus:
    inputs: Path
    manifest: dict[str, Any]

    @property
    def files(self) -> list[dict[str, Any]]:
        return list(self.manifest["files"])

    def setting(self) -> list[str]:
        return ["-s", f"max_file_mb={self.manifest['max_file_mb']}"]

    def path(self, entry: dict[str, Any]) -> str:
        """The file's path as civharm prints it (bytes that are not UTF-8 as \\xNN, control
        characters as \\n or \\xNN)."""
        return f"{self.inputs}/{entry['name']}"

    def real_path(self, entry: dict[str, Any]) -> Path:
        """The file's path on disk, a name that is not UTF-8 as surrogate escapes."""
        raw = entry["name"].encode("utf-8")
        # Each escape (`\\xff`: not UTF-8 or a control character; `\\n`) back to its byte.
        name = re.sub(
            rb"\\(x[0-9a-f]{2}|[nrt])",
            lambda m: m[0].decode("unicode_escape").encode("latin-1"),
            raw,
        )
        return self.inputs / os.fsdecode(name)


@dataclass(frozen=True)
class Ingested:
    """What one ingest printed and stored."""

    code: int
    stdout: str
    lines: list[str]  # stderr, line by line
    seconds: float
    documents: list[dict[str, Any]]
    texts: dict[str, str]  # sha256 -> stored text


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "civharm", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, **env},
        timeout=300,
        check=False,
    )


def _stored(db: str) -> tuple[list[dict[str, Any]], dict[str, str]]:
    with open_project(db=db) as project:
        documents = project.records("documents")
        texts = {row["sha256"]: project.store.document(row["sha256"])["text"] for row in documents}
    return documents, texts


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    out = tmp_path_factory.mktemp("hostile")
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(out)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return Corpus(out / "inputs", manifest)


@pytest.fixture(scope="module")
def ingested(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> tuple[Ingested, str]:
    """The bar run: the whole folder in one `civharm ingest`, timed; and its database."""
    db = f"sqlite:///{tmp_path_factory.mktemp('hostile-db') / 'hostile.db'}"
    start = time.perf_counter()
    done = _cli("ingest", str(corpus.inputs), "--db", db, *corpus.setting(), env=WIDE)
    seconds = time.perf_counter() - start
    documents, texts = _stored(db)
    run = Ingested(
        done.returncode, done.stdout, done.stderr.splitlines(), seconds, documents, texts
    )
    return run, db


# Control characters (C0 but tab, DEL, C1) must reach a terminal escaped, never raw.
_RAW = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def _names(line: str, path: str) -> bool:
    """Whether a message line is about the file at `path` (or one of its records)."""
    return re.match(rf"(failed E\d{{3}}|warning) {re.escape(path)}(:| \()", line) is not None


def problems(corpus: Corpus, entry: dict[str, Any], run: Ingested) -> list[str]:
    """How what `run` printed and stored for one file differs from its manifest entry."""
    path = corpus.path(entry)
    failed = [line for line in run.lines if line.startswith("failed") and _names(line, path)]
    warned = [line for line in run.lines if line.startswith("warning") and _names(line, path)]
    found = [
        f"control characters printed raw: {line!r}" for line in failed + warned if _RAW.search(line)
    ]
    if entry["error"] is None and failed:
        found.append(f"refused: {failed}")
    if entry["error"] is not None:
        if len(failed) != 1:
            found.append(f"{len(failed)} error lines name it, not 1: {failed}")
        elif not failed[0].startswith(f"failed {entry['error']} "):
            found.append(f"not {entry['error']}: {failed[0]}")
        elif "please report this" in failed[0]:
            found.append(f"a reader crashed: {failed[0]}")
    if entry["warns"] != bool(warned):
        found.append(f"warning lines {warned}, expected {'some' if entry['warns'] else 'none'}")
    mine = [
        row
        for row in run.documents
        if row["origin"] == path or row["origin"].startswith((f"{path}:", f"{path} ("))
    ]
    if sorted(row["doc_id"] for row in mine) != sorted(entry["documents"]):
        found.append(f"stored {sorted(row['doc_id'] for row in mine)}, not {entry['documents']}")
    if entry["contains"] and mine and entry["contains"] not in run.texts[mine[0]["sha256"]]:
        found.append(f"text lacks {entry['contains']!r}: {run.texts[mine[0]['sha256']][:80]!r}")
    return found


def test_hostile_corpus_covers_every_format(corpus: Corpus) -> None:
    # Why: the bar asks for at least 60 files, good and bad ones in every format.
    assert len(corpus.files) >= 60
    assert set(ONCE_DEFECTIVE) <= {entry["name"] for entry in corpus.files}
    for suffix in (".txt", ".md", ".html", ".jsonl", ".jsonl.gz", ".warc", ".warc.gz", ".pdf"):
        outcomes = {e["outcome"] for e in corpus.files if e["name"].endswith(suffix)}
        assert outcomes == {"stored", "rejected"}, suffix


def test_hostile_corpus_ingest_exits_1_within_the_bar(ingested: tuple[Ingested, str]) -> None:
    run, _ = ingested
    assert run.code == 1, run.stdout
    assert run.seconds < BAR_SECONDS, f"the ingest took {run.seconds:.1f} s"
    assert "Traceback" not in "\n".join(run.lines)


def test_hostile_corpus_every_file_meets_its_manifest(
    corpus: Corpus, ingested: tuple[Ingested, str]
) -> None:
    run, _ = ingested
    found = {entry["name"]: problems(corpus, entry, run) for entry in corpus.files}
    assert {name: lines for name, lines in found.items() if lines} == {}


def test_hostile_corpus_prints_nothing_but_its_messages(ingested: tuple[Ingested, str]) -> None:
    # Why: one line per bad file means no stray output from a library or a traceback.
    run, _ = ingested
    stray = [line for line in run.lines if not line.startswith(("failed ", "warning "))]
    assert stray == []


def test_hostile_corpus_stores_every_good_document(
    corpus: Corpus, ingested: tuple[Ingested, str]
) -> None:
    run, _ = ingested
    expected = sorted(doc for entry in corpus.files for doc in entry["documents"])
    assert sorted(row["doc_id"] for row in run.documents) == expected
    assert f"{len(expected)} new documents" in run.stdout


def test_hostile_corpus_verify_is_clean(ingested: tuple[Ingested, str]) -> None:
    _, db = ingested
    done = _cli("verify", "--db", db, env=WIDE)
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith(" preserved files checked; 0 problems.\n"), done.stdout


@pytest.mark.parametrize("name", sorted(ONCE_DEFECTIVE), ids=lambda name: ascii(name)[1:-1])
def test_hostile_corpus_once_defective_file_alone(
    name: str, corpus: Corpus, tmp_path: Path
) -> None:
    # Why: each former defect alone, so that a regression names its file, stray output included.
    (entry,) = [e for e in corpus.files if e["name"] == name]
    db = f"sqlite:///{tmp_path / 'alone.db'}"
    done = _cli("ingest", str(corpus.real_path(entry)), "--db", db, *corpus.setting(), env=WIDE)
    documents, texts = _stored(db)
    run = Ingested(done.returncode, done.stdout, done.stderr.splitlines(), 0, documents, texts)
    found = problems(corpus, entry, run)
    found += [
        f"stray output: {line!r}" for line in run.lines if not _names(line, corpus.path(entry))
    ]
    assert found == [], ONCE_DEFECTIVE[name]


def test_hostile_corpus_error_lines_are_not_wrapped(tmp_path: Path) -> None:
    # Why: `civharm ingest … 2> errors.log` must give one line per bad file to grep.
    folder = tmp_path / ("deep-folder-" * 6)
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "civharm",
            "ingest",
            str(folder),
            "--db",
            f"sqlite:///{tmp_path / 'w.db'}",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [f"failed E002 {folder / 'empty.txt'}: empty file"]
