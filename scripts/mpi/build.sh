#!/usr/bin/env bash
# Installs what is missing and builds spectra-mpi (release). The binary:
#   ${SPECTRA_MPI_SCRATCH:-MPI/.build}/release/spectra-mpi
# Extra arguments go to swift build (e.g. --build-tests).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/mpi/install-deps.sh
scratch="${SPECTRA_MPI_SCRATCH:-MPI/.build}"
case "$scratch" in /*) ;; *) scratch="$PWD/$scratch" ;; esac
(cd MPI && swift build -c release --scratch-path "$scratch" "$@")
echo "$scratch/release/spectra-mpi"
