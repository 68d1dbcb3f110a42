#!/usr/bin/env bash
# README command 1: install everything, build the extension, start the server on its defaults
# (127.0.0.1:8377, SQLite in the user's data folder). Extra arguments go to `paperlens serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
exec .venv/bin/paperlens serve "$@"
