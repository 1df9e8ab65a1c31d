.PHONY: install test lint fix bench demo

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
