#!/usr/bin/env python3
"""Runs `spectra decay --method gram` and `mpirun -np P spectra-mpi decay` on the same points
and checks that all n eigenvalues agree to 1e-12 of the largest, and those above 1e-2 of the
largest to 1e-12 relative. (Two backward-stable solvers agree to about n eps lambda_max in
every eigenvalue, so an eigenvalue lambda_i agrees to about n eps lambda_max / lambda_i
relative: no closer for the small ones. The baseline line shows the same effect between
spectra and itself with one OpenBLAS thread instead of all.) Usage: compare.py SPECTRA
SPECTRA_MPI. Exits 1 on a mismatch.

Then the same for `spectra align` against `mpirun -np P spectra-mpi align` (JSON of both): the
top m eigenvalues of each kernel to 1e-12 relative, each eigenvector's energy per harmonic
degree to 1e-10, the energy of each degree in the top-m space at every degree-complete m (a
property of the space, not of the vectors' signs or rotations) to 1e-10, and every pair of
kernels' overlaps of top-m spaces to 1e-10.

Then `spectra regress` against `mpirun -np P spectra-mpi regress` (JSON of both) on shipped data
(data/wine.csv, data/breast_cancer.csv, data/diabetes.csv) and a generated table of 1500 rows:
every kernel's test score to 1e-10 relative, the ridge (given, or chosen by cross-validation)
to 1e-12 relative, the fallback flag and the split sizes equal."""
import json
import math
import os
import random
import subprocess
import sys
import tempfile

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


def align_differences(one, many):
    """Largest relative eigenvalue difference, energy difference, degree-complete block energy
    difference and pairwise overlap difference between two `align` JSON documents."""
    eigen = energy = block = overlap = 0.0
    sizes = sorted({row["m"] for row in one["alignment"]}) or [len(one["results"][0]["projections"])]
    for a, b in zip(one["results"], many["results"]):
        pa, pb = a["projections"], b["projections"]
        assert len(pa) == len(pb)
        eigen = max([eigen] + [abs(x["eigenvalue"] - y["eigenvalue"]) / x["eigenvalue"] for x, y in zip(pa, pb)])
        energy = max([energy] + [abs(u - v) for x, y in zip(pa, pb) for u, v in zip(x["energies"], y["energies"])])
        for m in sizes:
            for k in range(len(pa[0]["energies"])):
                block = max(block, abs(sum(x["energies"][k] for x in pa[:m]) - sum(y["energies"][k] for y in pb[:m])))
    for a, b in zip(one["alignment"], many["alignment"]):
        assert a["m"] == b["m"] and a["kernels"] == b["kernels"]
        overlap = max(overlap, abs(a["overlap"] - b["overlap"]))
    return eigen, energy, block, overlap


# align: two kernels, top m degree-complete (1 + 3 + ... + 13 = 49 on S^2; 1 + 10 + 55 = 66 on S^9).
align_cases = [(["ntk:depth=3", "laplace:c=1"], 3, 1000, 49), (["ntk:depth=5", "gexp:gamma=0.5"], 10, 1200, 66)]
for kernels, d, n, m in align_cases:
    common = [w for k in kernels for w in ("--kernel", k)] + ["--dim", str(d), "--samples", str(n), "--seed", "7", "--top", str(m),
                                                               "--format", "json"]
    one = json.loads(subprocess.run([spectra, "align"] + common, check=True, capture_output=True, text=True).stdout)
    single = json.loads(subprocess.run([spectra, "align"] + common, check=True, capture_output=True, text=True, env=env).stdout)
    label = f"align {'+'.join(kernels):28s} d={d:<3d} n={n:<5d} m={m:<3d}"
    eigen, energy, block, overlap = align_differences(one, single)
    print(f"{label} baseline: spectra with 1 BLAS thread  max rel eigenvalue diff {eigen:.2e}  energy {energy:.2e}  "
          f"block energy {block:.2e}  overlap {overlap:.2e}")
    for ranks, solver in [(2, "elpa2"), (2, "pdsyevr"), (4, "elpa2"), (4, "pdsyevd")]:
        launcher = ["mpirun", "-np", str(ranks)] + (["--oversubscribe"] if ranks > 2 else [])
        many = json.loads(subprocess.run(launcher + [spectra_mpi, "align", "--solver", solver] + common, check=True,
                                         capture_output=True, text=True, env=env).stdout)
        eigen, energy, block, overlap = align_differences(one, many)
        ok = eigen <= 1e-12 and energy <= 1e-10 and block <= 1e-10 and overlap <= 1e-10
        failed |= not ok
        print(f"{label} P={ranks} {solver:8s} max rel eigenvalue diff {eigen:.2e}  energy {energy:.2e}  "
              f"block energy {block:.2e}  overlap {overlap:.2e}  {'ok' if ok else 'MISMATCH'}")


def regress_json(command, env=None):
    return json.loads(subprocess.run(command + ["--format", "json"], check=True, capture_output=True, text=True,
                                     env=env).stdout)["results"]


def regress_differences(one, many):
    """Largest relative score and ridge differences, and whether everything else agrees."""
    score = ridge = 0.0
    same = len(one) == len(many)
    for a, b in zip(one, many):
        metric = "test_mse" if "test_mse" in a else "test_accuracy"
        score = max(score, abs(a[metric] - b[metric]) / max(abs(a[metric]), 1e-300))
        ridge = max(ridge, abs(a["ridge"] - b["ridge"]) / a["ridge"] if a["ridge"] else abs(b["ridge"]))
        same &= all(a[k] == b[k] for k in ("kernel", "fallback", "train_size", "test_size", "ridge_chosen_by_cross_validation"))
    return score, ridge, same


# regress: a seeded table of 1500 rows with 8 features and a smooth noisy target, beside the shipped ones.
generated = os.path.join(tempfile.mkdtemp(prefix="spectra-mpi-compare-"), "generated.csv")
rng = random.Random(5)
with open(generated, "w") as handle:
    handle.write(",".join(f"x{c}" for c in range(8)) + ",y\n")
    for _ in range(1500):
        x = [rng.uniform(-1, 1) for _ in range(8)]
        handle.write(",".join(repr(v) for v in x) + f",{math.sin(2 * x[0]) + x[1] * x[7] + 0.1 * rng.uniform(-1, 1)!r}\n")
regress_cases = [
    (["ntk", "laplace:c=2"], "data/wine.csv", ["--target", "class", "--task", "classification"]),
    (["nngp"], "data/breast_cancer.csv", ["--target", "class", "--task", "classification"]),
    (["ntk:depth=3", "gexp"], "data/diabetes.csv", ["--target", "progression", "--ridge", "1e-3"]),
    (["ntk"], "data/diabetes.csv", ["--target", "progression", "--preprocess", "standardize"]),
    (["laplace"], generated, ["--target", "y"]),
]
for kernels, path, options in regress_cases:
    common = [w for k in kernels for w in ("--kernel", k)] + ["--data", path] + options
    one = regress_json([spectra, "regress"] + common)
    single = regress_json([spectra, "regress"] + common, env=env)
    label = f"regress {'+'.join(kernels):18s} {os.path.basename(path):18s} {' '.join(options[2:]) or 'ridge auto':34s}"
    score, ridge, same = regress_differences(one, single)
    print(f"{label} baseline: spectra with 1 BLAS thread  max rel score diff {score:.2e}  ridge {ridge:.2e}")
    for ranks in (2, 4):
        launcher = ["mpirun", "-np", str(ranks)] + (["--oversubscribe"] if ranks > 2 else [])
        many = regress_json(launcher + [spectra_mpi, "regress"] + common, env=env)
        score, ridge, same = regress_differences(one, many)
        ok = same and score <= 1e-10 and ridge <= 1e-12
        failed |= not ok
        print(f"{label} P={ranks} max rel score diff {score:.2e}  ridge {ridge:.2e}  {'ok' if ok else 'MISMATCH'}")
os.remove(generated)
os.rmdir(os.path.dirname(generated))
sys.exit(1 if failed else 0)
