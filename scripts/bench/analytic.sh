#!/usr/bin/env bash
# Benchmark of spectra's analytic path (release build) against the research-code peer.
#
# Measures the wall time of `spectra decay --kernel KERNEL --dim D --max-degree K --format csv
# --output FILE` (median of 3 runs) for ntk:depth=3 and laplace at K = 4000 and K = 10000 on S^2
# (d = 3) and K = 500 on S^9 (d = 10), side by side with what research code does: Gauss-Gegenbauer
# quadrature with 1000 nodes in double precision (numpy/scipy, scripts/bench/peer_gegenbauer.py),
# the ratio peer / spectra, and the peer's relative error against spectra's mu_k (also with 4*K
# nodes). Everything goes to standard output as Markdown, ready to paste into the README; build
# and set-up chatter goes to standard error.
#
# Run from anywhere in a clone (after the README's set-up; needs python3 with venv and network
# access to PyPI the first time):
#     bash scripts/bench/analytic.sh
#     bash scripts/bench/analytic.sh --no-4k        # skip the 4*K-node peer runs (about 40 s)
# SPECTRA=/path/to/spectra skips the build and benchmarks that binary instead.
# The peer's numpy and scipy go into .bench-venv/ at the top of the clone (git-ignored), never
# into the system Python or the package's dependencies.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

source "$root/scripts/bench/lib.sh"
build_spectra "analytic.sh"

venv="$root/.bench-venv"
if ! "$venv/bin/python" -c 'import numpy, scipy' 2>/dev/null; then
    echo "analytic.sh: making $venv with numpy and scipy from PyPI" >&2
    python3 -m venv "$venv" >&2
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check numpy scipy >&2
fi

exec "$venv/bin/python" "$root/scripts/bench/peer_gegenbauer.py" --spectra "$SPECTRA" "$@"
