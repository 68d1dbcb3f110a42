#!/usr/bin/env bash
# README command 2 (and CI): install what the tests need, then lint, type-check and run every
# test, Python and extension alike, end-to-end in Chromium included.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh --test

echo "== python: ruff, mypy"
.venv/bin/ruff check server bench tests scripts
.venv/bin/ruff format --check server bench tests scripts
.venv/bin/mypy

echo "== extension: generated types up to date, tsc, unit tests"
(cd extension && npm run --silent check)

echo "== pytest: server, protocol, end-to-end in Chromium"
.venv/bin/python -m pytest
