#!/usr/bin/env bash
# Benchmark of spectra's empirical paths (release build): Gram matrices and their eigenvalues
# against neural-tangents and numpy, and the exact spectra of structured grids.
#
# Side by side in one run, on the same points (seeded numpy, written as CSV and read by spectra
# with --data --normalize): Gram assembly of ntk:depth=5 on S^9 (d = 10) at n = 4000 and 8000
# against neural-tangents (JAX, float64, jit) and a vectorised numpy recursion; spectra's full
# eigensolve against numpy.linalg.eigvalsh on the same K/n; spectra's --top 500 against its own
# full solve at n = 4000; wall time of `--method grid` at N = 10^6 on S^1 and about 2x10^5 on
# S^2; and the largest n spectra accepts on this machine. Before timing anything it checks that
# the three Gram matrices are the same kernel (see scripts/bench/peer_gram.py). Everything goes to
# standard output as Markdown, ready to paste into the README; build, set-up and progress chatter
# goes to standard error. About 5 minutes on 2 cores (plus the first-time install).
#
# Run from anywhere in a clone (after the README's set-up; needs python3 with venv and network
# access to PyPI the first time):
#     bash scripts/bench/gram.sh
#     bash scripts/bench/gram.sh --sizes 1000,2000 --no-grid     # a quick try
# SPECTRA=/path/to/spectra skips the build and benchmarks that binary instead.
# The peers (neural-tangents, the JAX it needs, numpy 1.x, scipy) go into .bench-venv-nt/ at the
# top of the clone (git-ignored), never into the system Python or the package's dependencies.
# BENCH_VENV_NT=/path/to/venv uses an existing virtual environment with those packages instead.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

source "$root/scripts/bench/lib.sh"
build_spectra "gram.sh"

neural_tangents_venv "gram.sh"

exec "$VENV/bin/python" "$root/scripts/bench/peer_gram.py" --spectra "$SPECTRA" "$@"
