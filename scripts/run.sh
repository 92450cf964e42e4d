#!/usr/bin/env bash
# Installs what is missing, builds spectra (release), and runs it with the given arguments
# (default: the main job, `spectra decay --kernel ntk`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release -Xcxx -DNDEBUG >&2
if [ $# -eq 0 ]; then set -- decay --kernel ntk; fi
exec .build/release/spectra "$@"
