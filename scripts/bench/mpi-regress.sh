#!/usr/bin/env bash
# spectra regress against spectra-mpi regress on P = 1 and 2 ranks (docs/distributed.md,
# "Regression"): a generated table of --rows rows (default 10,000: 8,000 training rows), kernel
# laplace, --ridge 1e-3 and auto; scores checked equal before the times count. Markdown to
# standard output.
#     bash scripts/bench/mpi-regress.sh                       # ~20 min on 2 cores
#     bash scripts/bench/mpi-regress.sh --rows 4000 --ridges 1e-3
# SPECTRA=... and SPECTRA_MPI=... use existing binaries instead of building them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
if [ -z "${SPECTRA:-}" ]; then
    swift build -c release --product spectra >&2
    SPECTRA="$root/.build/release/spectra"
fi
if [ -z "${SPECTRA_MPI:-}" ]; then
    SPECTRA_MPI="$(bash scripts/mpi/build.sh 2>/dev/null | tail -1)"
fi
exec python3 "$root/scripts/bench/mpi_regress.py" --spectra "$SPECTRA" --spectra-mpi "$SPECTRA_MPI" "$@"
