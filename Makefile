.PHONY: install test lint fix bench demo eval-real

install:
	python3 -m venv .venv && .venv/bin/pip install -e ".[test]"

test:
	.venv/bin/python -m pytest

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check civharm tests benchmarks && .venv/bin/mypy

fix:
	.venv/bin/ruff check --fix . && .venv/bin/ruff format civharm tests benchmarks

bench:
	.venv/bin/python benchmarks/bench_ingest.py

demo:
	.venv/bin/civharm demo

# The real development set (texts rebuilt as eval/real/README.md says): dev and held-out scores.
eval-real:
	.venv/bin/python eval/real/build.py
	@for split in dev heldout; do \
	  dir=$$(mktemp -d); \
	  (cd $$dir && $(CURDIR)/.venv/bin/civharm ingest $(CURDIR)/eval/real/texts/corpus-$$split.jsonl --db sqlite:///$$dir/real.db > /dev/null); \
	  echo "== $$split"; \
	  .venv/bin/civharm eval eval/real/gold.jsonl --split $$split --db sqlite:///$$dir/real.db | head -8; \
	  rm -rf $$dir; \
	done
