#!/usr/bin/env bash
# Executes every committed notebook in notebooks-export/ headless (nbclient) and fails on the first
# error. Each notebook runs its study at the quick size into a temporary folder (so the committed
# results are neither needed nor touched), with the release binary built by scripts/run.sh or
# scripts/test.sh. Python packages live in a virtual environment of this script's own.
#   bash scripts/notebooks.sh            # every notebook
#   bash scripts/notebooks.sh NAME ...   # notebooks-export/NAME.ipynb only
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.notebook-venv
# Python with venv and pip (Debian's python3-venv), when the machine has none.
if ! python3 -m venv --help >/dev/null 2>&1; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3 python3-venv >/dev/null
fi
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import nbclient, ipykernel, pandas, matplotlib" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check nbclient nbformat ipykernel pandas matplotlib
fi
spectra="$PWD/.build/release/spectra"
[ -x "$spectra" ] || swift build -c release -Xcxx -DNDEBUG --product spectra >&2
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
    for f in notebooks-export/*.ipynb; do names+=("$(basename "$f" .ipynb)"); done
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for name in "${names[@]}"; do
    start=$(date +%s%N)
    SPECTRA="$spectra" SPECTRA_SIZE=quick SPECTRA_RESULTS="$scratch/$name" MPLBACKEND=Agg \
        "$venv/bin/python" - "notebooks-export/$name.ipynb" <<'PY'
import sys, nbformat
from nbclient import NotebookClient
path = sys.argv[1]
notebook = nbformat.read(path, as_version=4)
NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": "."}}).execute()
PY
    elapsed=$(( ($(date +%s%N) - start) / 100000000 ))   # tenths of a second, in shell arithmetic
    printf 'notebook %s executed in %d.%d s\n' "$name" $((elapsed / 10)) $((elapsed % 10))
done
