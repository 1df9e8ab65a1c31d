#!/bin/sh
# The README's test command, and what CI runs: make the virtual environment, install civharm
# with what the tests need, install the browser, and run the tests (lint and type checks are
# among them) with a throwaway PostgreSQL server beside SQLite. Arguments go to pytest:
#
#   sh scripts/test.sh tests/test_store.py -q
set -eu
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -e ".[test]"
sh scripts/install-browser.sh
exec sh scripts/with-postgres.sh .venv/bin/python -m pytest "$@"
