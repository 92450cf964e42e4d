#!/usr/bin/env bash
# Scaling of spectra-mpi (docs/distributed.md): `spectra-mpi decay --kernel ntk:depth=5 --dim 10`
# at n = 4000, 8000, 16000 on P = 1, 2 and 4 ranks (4 oversubscribed on a 2-core machine: for
# correctness, not speed), each solver asked for, with the per-phase times (assembly,
# eigensolve, whole job from mpirun's start to its exit), the process grid, the memory per rank
# (estimated and measured) and the medians of --repeats runs. The one-process
# `spectra decay --method gram` runs beside it as the reference and every distributed spectrum
# is checked against it (1e-12 of lambda_max) before its time counts. OpenBLAS threads per rank:
# cores / P (at least 1). Markdown to standard output; progress to standard error.
#     bash scripts/bench/mpi-scaling.sh                                  # the full table (~40 min here)
#     bash scripts/bench/mpi-scaling.sh --sizes 2000 --ranks 1,2 --repeats 1
#     bash scripts/bench/mpi-scaling.sh --solvers elpa2,pdsyevr,elpa1,pdsyevd --sizes 4000
# SPECTRA=... and SPECTRA_MPI=... use existing binaries instead of building them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
if [ -z "${SPECTRA:-}" ]; then
    swift build -c release --product spectra >&2
    SPECTRA="$root/.build/release/spectra"
fi
if [ -z "${SPECTRA_MPI:-}" ]; then
    SPECTRA_MPI="$(bash scripts/mpi/build.sh 2>/dev/null | tail -1)"
fi
exec python3 "$root/scripts/bench/mpi_scaling.py" --spectra "$SPECTRA" --spectra-mpi "$SPECTRA_MPI" "$@"
