#!/usr/bin/env bash
# Installs what yongchuan-kg needs on a fresh Debian/Ubuntu machine: a virtual environment with the
# project and, with --browser, Debian's chromium and CJK fonts for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--browser" ]]; then
    if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
        SUDO=""; [[ "$(id -u)" == 0 ]] || SUDO="sudo"
        $SUDO apt-get update -q
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends chromium fonts-noto-cjk
    fi
    EXTRAS="[test]"
else
    EXTRAS=""
fi

PYTHON="${PYTHON:-python3}"
[[ -x .venv/bin/python ]] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".${EXTRAS}"
