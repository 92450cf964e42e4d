#!/usr/bin/env python3
"""Runs `spectra decay --method gram` and `mpirun -np P spectra-mpi decay` on the same points
and checks that all n eigenvalues agree to 1e-12 of the largest, and those above 1e-2 of the
largest to 1e-12 relative. (Two backward-stable solvers agree to about n eps lambda_max in
every eigenvalue, so an eigenvalue lambda_i agrees to about n eps lambda_max / lambda_i
relative: no closer for the small ones. The baseline line shows the same effect between
spectra and itself with one OpenBLAS thread instead of all.) Usage: compare.py SPECTRA
SPECTRA_MPI. Exits 1 on a mismatch."""
import json
import os
import subprocess
import sys

spectra, spectra_mpi = sys.argv[1], sys.argv[2]
env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1", OPENBLAS_NUM_THREADS="1")
cases = [("ntk:depth=5", 10, 1200), ("laplace:c=1", 3, 900)]
failed = False


def differences(one, many):
    top = one[0]
    absolute = max(abs(a - b) for a, b in zip(one, many)) / top
    relative = max(abs(a - b) / b for a, b in zip(many, one) if b >= 1e-2 * top)
    small = max(abs(a - b) / b for a, b in zip(many, one) if b >= 1e-6 * top)
    return absolute, relative, small


for kernel, d, n in cases:
    common = ["--kernel", kernel, "--dim", str(d), "--samples", str(n), "--seed", "7", "--format", "json"]
    one = json.loads(subprocess.run([spectra, "decay", "--method", "gram"] + common, check=True,
                                    capture_output=True, text=True).stdout)["results"][0]["eigenvalues"]
    single = json.loads(subprocess.run([spectra, "decay", "--method", "gram"] + common, check=True, capture_output=True,
                                       text=True, env=env).stdout)["results"][0]["eigenvalues"]
    absolute, relative, small = differences(one, single)
    print(f"{kernel:14s} d={d:<3d} n={n:<5d} baseline: spectra with 1 BLAS thread  max|diff|/lambda_max {absolute:.2e}  "
          f"max rel diff: lambda >= 1e-2 lambda_max {relative:.2e}, >= 1e-6 lambda_max {small:.2e}")
    for ranks, solver in [(2, "elpa2"), (2, "pdsyevr"), (4, "elpa2"), (4, "pdsyevd")]:
        launcher = ["mpirun", "-np", str(ranks)] + (["--oversubscribe"] if ranks > 2 else [])
        many = json.loads(subprocess.run(launcher + [spectra_mpi, "decay", "--solver", solver] + common, check=True,
                                         capture_output=True, text=True, env=env).stdout)["results"][0]["eigenvalues"]
        absolute, relative, small = differences(one, many)
        ok = len(one) == len(many) == n and absolute <= 1e-12 and relative <= 1e-12
        failed |= not ok
        print(f"{kernel:14s} d={d:<3d} n={n:<5d} P={ranks} {solver:8s} max|diff|/lambda_max {absolute:.2e}  "
              f"max rel diff: lambda >= 1e-2 lambda_max {relative:.2e}, >= 1e-6 lambda_max {small:.2e}  {'ok' if ok else 'MISMATCH'}")
sys.exit(1 if failed else 0)
