#!/usr/bin/env bash
# Installs everything the tests need (Python packages, Debian chromium and CJK fonts), then runs the
# linter and the whole test suite, browser tests included.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --browser
.venv/bin/ruff check .
.venv/bin/python -m pytest "$@"
