#!/usr/bin/env bash
# Benchmark of the single-node eigensolvers behind `spectra decay --method gram` (all
# eigenvalues of K/n), and of the whole job against numpy doing the same.
#
# Part 1, the eigensolvers, on one Gram matrix (ntk:depth=5 on S^9, n = 4000 by default, from
# seeded points): LAPACK's dsyevd, dsyevd_2stage, dsyevr and dsyev in the system's OpenBLAS,
# reading the lower or the upper triangle; the two-stage reduction stage by stage, with the second
# stage on all threads and on one thread (what spectra does, on the lower triangle); numpy's
# eigvalsh (its own OpenBLAS); and dgemm, whose rate bounds the reduction: (4/3) n^3 flops at the
# dgemm rate is the least time any of them can take. Routines take turns, round by round, so load
# from other processes hits all alike. Each round starts by timing how long a cache line takes to
# pass between the two CPUs, which says whether they shared a level-3 cache in that round.
# Part 2, the whole job, process start to exit, on the same points: `spectra decay --method gram
# --data points.csv --normalize --format json` against a numpy script that reads the same CSV,
# builds the same Gram matrix, computes all eigenvalues with eigvalsh and writes them as JSON.
#
#     bash scripts/bench/eigensolve.sh                 # n = 4000, 5 rounds
#     bash scripts/bench/eigensolve.sh --n 2000 --rounds 3
#     bash scripts/bench/eigensolve.sh --steadiness --rounds 40   # spectra's solve on each triangle,
#                                       grouped by the CPUs' handoff latency (about 4 s a round)
# SPECTRA=/path/to/spectra skips the build. Needs a C compiler (cc) and the -dev packages of
# LAPACKE and OpenBLAS (scripts/install-deps.sh), and python3 with venv: numpy goes into
# .bench-venv-nt/ as for scripts/bench/gram.sh. Markdown on standard output, chatter on standard
# error. About 4 minutes at n = 4000 on 2 cores.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
source "$root/scripts/bench/lib.sh"
build_spectra "eigensolve.sh"
neural_tangents_venv "eigensolve.sh"

harness="$(mktemp -d)/eigensolve"
cc -O2 -pthread -o "$harness" "$root/scripts/bench/eigensolve.c" -llapacke -llapack -lopenblas
exec "$VENV/bin/python" "$root/scripts/bench/peer_eigensolve.py" --spectra "$SPECTRA" --harness "$harness" "$@"
