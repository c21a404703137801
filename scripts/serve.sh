#!/usr/bin/env bash
# The main job: install, build the graph from the bundled documents (on first run) and serve it.
#   scripts/serve.sh            → http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec .venv/bin/ykg serve "$@"
