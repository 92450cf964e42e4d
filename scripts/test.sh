#!/usr/bin/env bash
# Installs what is missing, then runs the whole test suite. Release mode: the double-double
# quadrature tests run ~200x faster optimised (1 s instead of minutes); -enable-testing keeps
# @testable imports working.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# SpectraKit is one module: its layers (Precision up to Studies, and the concept folders of
# Analyses) use only the layers below them, which this checks instead of the compiler.
python3 scripts/check-layers.py
swift build -c release --build-tests -Xswiftc -enable-testing -Xcxx -DNDEBUG
swift test -c release -Xswiftc -enable-testing -Xcxx -DNDEBUG --skip-build
# Smoke run of the libFuzzer targets of Fuzz/, 20 s each (scripts/fuzz.sh; with its sanitizer
# build about 3 minutes): fails on any crash or broken parser invariant.
bash scripts/fuzz.sh --smoke
# The committed notebooks, executed headless at the quick size (scripts/notebooks.sh; about 15 s
# once its virtual environment exists, a minute to create it).
bash scripts/notebooks.sh
# spectra-mpi (MPI/, a package of its own): installs Open MPI, ScaLAPACK and ELPA, builds it and
# runs its tests under mpirun -np 2 and -np 4 --oversubscribe against the one-process results
# (scripts/mpi/test.sh; about 6 minutes from scratch).
bash scripts/mpi/test.sh
