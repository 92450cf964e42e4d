#!/usr/bin/env bash
# Installs, builds and tests spectra-mpi: the layout and memory-plan tests, then the tests that
# run it under `mpirun -np 2` and `mpirun -np 4 --oversubscribe` and compare with the
# one-process path (decay, align and regress), and finally the same comparison against the
# spectra binary itself (`spectra decay --method gram`, `spectra align`, `spectra regress`).
# Runs as root too (Open MPI's run-as-root variables are set here). With warm builds: the tests
# about 1.5 minutes (regress's about 20 s of them), the comparison about 40 s (regress's 15 s;
# on 2 busy cores); building MPI/ from scratch about 2.5 minutes more.
# See docs/distributed.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
bash scripts/mpi/install-deps.sh
scratch="${SPECTRA_MPI_SCRATCH:-MPI/.build}"
case "$scratch" in /*) ;; *) scratch="$PWD/$scratch" ;; esac
(cd MPI && swift build -c release --build-tests -Xswiftc -enable-testing -Xcxx -DNDEBUG --scratch-path "$scratch")
(cd MPI && swift test -c release -Xswiftc -enable-testing -Xcxx -DNDEBUG --skip-build --scratch-path "$scratch")
# Against the spectra command itself, as a user would compare them.
spectra_scratch="${SPECTRA_SCRATCH:-.build}"
# The same flags as scripts/test.sh, so that after it this build has nothing to do.
swift build -c release --build-tests -Xswiftc -enable-testing -Xcxx -DNDEBUG --scratch-path "$spectra_scratch"
python3 scripts/mpi/compare.py "$spectra_scratch/release/spectra" "$scratch/release/spectra-mpi"
