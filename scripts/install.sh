#!/usr/bin/env bash
# Installs PaperLens into .venv (pinned by constraints.txt) and builds the extension
# (Chrome and Firefox). With --test it also installs what the tests need, Debian's chromium included.
set -euo pipefail
cd "$(dirname "$0")/.."

with_tests=0
[[ "${1:-}" == "--test" ]] && with_tests=1

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
apt_updated=0
apt_install() {
    if [[ $apt_updated -eq 0 ]]; then as_root apt-get update -qq; apt_updated=1; fi
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

if [[ ! -x .venv/bin/python ]]; then
    echo "== creating .venv"
    python3 -m venv .venv 2>/dev/null || { rm -rf .venv; apt_install python3-venv; python3 -m venv .venv; }
fi
echo "== installing the Python package"
.venv/bin/python -m pip install -q --upgrade pip
extras=""
[[ $with_tests -eq 1 ]] && extras="[test]"
.venv/bin/python -m pip install -q -c constraints.txt -e ".${extras}"

echo "== installing and building the extension"
(cd extension && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build)

if [[ $with_tests -eq 1 ]] && ! command -v chromium >/dev/null; then
    echo "== installing Debian's chromium for the browser tests"
    apt_install chromium
fi
