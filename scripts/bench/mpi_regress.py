#!/usr/bin/env python3
"""Times `spectra regress` against `mpirun -np P spectra-mpi regress` on a generated table
(docs/distributed.md, "Regression"): ROWS rows of 8 features uniform in [-1, 1) and a smooth
noisy target (seeded), 80 % of them training rows, kernel laplace, each --ridge asked for. Every
distributed score and ridge is checked against the one-process one (1e-10 relative) before its
time counts. OpenBLAS threads: cores / P for spectra-mpi, all cores for spectra. Wall-clock
seconds of the whole job (start to exit) and spectra-mpi's phases (--timings, slowest rank).
Markdown to standard output."""
import argparse
import json
import math
import os
import random
import subprocess
import tempfile
import time

parser = argparse.ArgumentParser()
parser.add_argument("--spectra", required=True)
parser.add_argument("--spectra-mpi", required=True)
parser.add_argument("--rows", type=int, default=10000)
parser.add_argument("--ridges", default="1e-3,auto")
parser.add_argument("--ranks", default="1,2")
parser.add_argument("--kernel", default="laplace")
args = parser.parse_args()
cores = os.cpu_count() or 1
path = os.path.join(tempfile.mkdtemp(prefix="spectra-mpi-regress-bench-"), "table.csv")
rng = random.Random(5)
with open(path, "w") as handle:
    handle.write(",".join(f"x{c}" for c in range(8)) + ",y\n")
    for _ in range(args.rows):
        x = [rng.uniform(-1, 1) for _ in range(8)]
        handle.write(",".join(repr(v) for v in x) + f",{math.sin(2 * x[0]) + x[1] * x[7] + 0.1 * rng.uniform(-1, 1)!r}\n")
env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")


def timed(command, threads):
    start = time.time()
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=dict(env, OPENBLAS_NUM_THREADS=str(threads))).stdout
    return time.time() - start, json.loads(out)


print("| --ridge | program | P | whole job (s) | assembly (s) | Cholesky + solves (s) | held-out + predictions (s) | "
      "peak / estimate per rank (MiB) | test_mse | ridge |")
print("|---|---|---|---|---|---|---|---|---|---|")
for ridge in args.ridges.split(","):
    common = ["regress", "--kernel", args.kernel, "--data", path, "--target", "y", "--ridge", ridge, "--format", "json"]
    seconds, one = timed([args.spectra] + common, cores)
    reference = one["results"][0]
    print(f"| {ridge} | spectra regress | 1 process | {seconds:.1f} | | | | | {reference['test_mse']:.10g} | {reference['ridge']:.6g} |",
          flush=True)
    for p in [int(r) for r in args.ranks.split(",")]:
        seconds, many = timed(["mpirun", "-np", str(p), "-x", "OPENBLAS_NUM_THREADS", args.spectra_mpi] + common + ["--timings"],
                              max(1, cores // p))
        result, phases = many["results"][0], many["distributed"]
        ok = abs(result["test_mse"] - reference["test_mse"]) <= 1e-10 * reference["test_mse"] \
            and abs(result["ridge"] - reference["ridge"]) <= 1e-10 * max(reference["ridge"], 1e-300)
        print(f"| {ridge} | spectra-mpi regress | {p} | {seconds:.1f} | {phases['assembly_seconds']:.1f} | {phases['solve_seconds']:.1f} | "
              f"{phases['prediction_seconds']:.1f} | {(phases['peak_bytes_per_rank'] or 0) / 2**20:.0f} / "
              f"{phases['estimated_bytes_per_rank'] / 2**20:.0f} | {result['test_mse']:.10g} | {result['ridge']:.6g} |"
              + ("" if ok else " MISMATCH"), flush=True)
os.remove(path)
os.rmdir(os.path.dirname(path))
