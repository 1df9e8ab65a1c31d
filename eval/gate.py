"""Accuracy gate: score the sample data and the seed pages against their gold files.

    python eval/gate.py            # print the scores and fail below the pinned floors
    python eval/gate.py --update   # raise floors to today's scores (never lowers one)

The floors live in eval/baseline.json with the sha256 of each gold file, so a changed
gold file is noticed. tests/test_eval_gate.py runs the same check in the test suite.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

from civharm import open_project
from civharm.evaluate.report import EvalResult, check_floors
from civharm.project import sample_files

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "eval" / "baseline.json"
SETS = {
    "sample": (lambda: sample_files(), ROOT / "civharm" / "sample_data" / "gold.json"),
    "seeds": (
        lambda: [ROOT.parent / "shared" / "seeds"],
        ROOT.parent / "shared" / "eval" / "seeds-gold.json",
    ),
}


def available(name: str) -> bool:
    return SETS[name][1].is_file()


def run(name: str) -> EvalResult:
    """Ingest one set into a fresh database and score it."""
    inputs, gold = SETS[name]
    with (
        tempfile.TemporaryDirectory() as tmp,
        open_project(db=f"sqlite:///{tmp}/gate.db") as project,
    ):
        report = project.ingest(inputs())
        if report.errors:
            raise RuntimeError(f"{name}: ingest failed: {report.errors}")
        return project.evaluate(gold)


def gold_sha(name: str) -> str:
    return hashlib.sha256(SETS[name][1].read_bytes()).hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="raise floors to today's scores")
    args = parser.parse_args()
    baseline = json.loads(BASELINE.read_text())
    failed = False
    for name in SETS:
        if not available(name):
            print(f"{name}: gold file not found, skipped")
            continue
        result = run(name)
        floors = baseline[name]["floors"]
        print(
            f"{name}: "
            + ", ".join(f"{k} {result.metrics[k]:.3f} (floor {floors[k]:.3f})" for k in floors)
        )
        if args.update:
            baseline[name]["floors"] = {
                k: max(v, round(result.metrics[k], 3)) for k, v in floors.items()
            }
            baseline[name]["gold_sha256"] = gold_sha(name)
        elif problems := check_floors(result, floors):
            print(f"{name}: below floor: {'; '.join(problems)}")
            failed = True
    if args.update:
        BASELINE.write_text(json.dumps(baseline, indent=2) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
