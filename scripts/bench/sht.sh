#!/usr/bin/env bash
# Benchmark of spectra's spherical harmonic transform on S^2 (release build) against ducc0's
# `sht` (BENCHMARKS.md): synthesis and analysis times (median of 5) at L = 256, 512, 1024 on the
# Gauss-Legendre grid (L + 1 rings, 2L + 2 longitudes), their ratios, the round-trip errors of
# both, and a check at L = 64 that the two agree on the map of the same coefficients. The
# Swift side is the release-mode test `SHTBenchmark` (skipped unless SPECTRA_BENCH_SHT=1),
# which prints its timings as one JSON line; scripts/bench/peer_sht.py runs it and ducc0 and
# prints Markdown on standard output; build and set-up chatter goes to standard error.
#
# Run from anywhere in a clone (needs python3 with venv and network access to PyPI the first
# time):
#     bash scripts/bench/sht.sh
#     bash scripts/bench/sht.sh --bandlimits 64,128      # other band limits
# ducc0 and numpy go into .bench-venv-sht/ at the top of the clone (git-ignored), never into the
# system Python or the package's dependencies.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

echo "sht.sh: swift build -c release --build-tests" >&2
swift build -c release --build-tests -Xswiftc -enable-testing -Xcxx -DNDEBUG >&2

venv="$root/.bench-venv-sht"
if ! "$venv/bin/python" -c 'import numpy, ducc0' 2>/dev/null; then
    echo "sht.sh: making $venv with numpy and ducc0 from PyPI" >&2
    python3 -m venv "$venv" >&2
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check numpy ducc0 >&2
fi

exec "$venv/bin/python" "$root/scripts/bench/peer_sht.py" --root "$root" "$@"
