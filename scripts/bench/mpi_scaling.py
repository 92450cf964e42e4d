#!/usr/bin/env python3
"""Driver of scripts/bench/mpi-scaling.sh (see there). Standard library only."""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--spectra", required=True)
parser.add_argument("--spectra-mpi", required=True)
parser.add_argument("--sizes", default="4000,8000,16000")
parser.add_argument("--ranks", default="1,2,4")
parser.add_argument("--solvers", default="elpa2")
parser.add_argument("--repeats", type=int, default=3)
parser.add_argument("--kernel", default="ntk:depth=5")
parser.add_argument("--dim", type=int, default=10)
args = parser.parse_args()
cores = os.cpu_count() or 1


def log(text):
    print(text, file=sys.stderr, flush=True)


def timed(command, env):
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr}")
    return json.loads(done.stdout), wall


def median(xs):
    return statistics.median(xs)


def cell(xs):
    return f"{median(xs):.2f}" + (f" ({min(xs):.2f}-{max(xs):.2f})" if len(xs) > 1 else "")


print(f"`{args.kernel}`, d = {args.dim}, seed 0; medians of {args.repeats} runs (range in brackets), seconds; "
      f"{cores} cores shared with other jobs, so the times are noisy.\n")
print("| n | P | solver | grid | block | assembly | eigensolve | whole job | est. MiB/rank | peak MiB/rank | max diff / lambda_max |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for n in [int(s) for s in args.sizes.split(",")]:
    common = ["--kernel", args.kernel, "--dim", str(args.dim), "--samples", str(n), "--format", "json", "--timings"]
    # The one-process reference: spectra decay --method gram, all cores.
    one_runs = [timed([args.spectra, "decay", "--method", "gram"] + common, dict(os.environ)) for _ in range(args.repeats)]
    reference = one_runs[0][0]["results"][0]
    ref_values = reference["eigenvalues"]
    t = [r[0]["results"][0]["timings"] for r in one_runs]
    print(f"| {n} | 1 | spectra (LAPACK) | - | - | {cell([x['assembly_seconds'] for x in t])} | "
          f"{cell([x['eigensolve_seconds'] for x in t])} | {cell([r[1] for r in one_runs])} | - | - | reference |", flush=True)
    log(f"n = {n}: spectra done")
    for solver in args.solvers.split(","):
        for p in [int(s) for s in args.ranks.split(",")]:
            env = dict(os.environ, OPENBLAS_NUM_THREADS=str(max(1, cores // p)), OMP_NUM_THREADS="1")
            launcher = ["mpirun", "-np", str(p)] + (["--oversubscribe"] if p > cores else [])
            runs = []
            for _ in range(args.repeats):
                runs.append(timed(launcher + [args.spectra_mpi, "decay", "--solver", solver] + common, env))
                log(f"n = {n}, P = {p}, {solver}: {runs[-1][1]:.1f} s")
            first = runs[0][0]["results"][0]
            worst = max(max(abs(a - b) for a, b in zip(r[0]["results"][0]["eigenvalues"], ref_values)) for r in runs) / ref_values[0]
            if worst > 1e-12:
                sys.exit(f"n = {n}, P = {p}, {solver}: eigenvalues differ from spectra's by {worst:.2e} of lambda_max")
            d = runs[0][0]["distributed"]
            times = [r[0]["results"][0]["timings"] for r in runs]
            peak = max(r[0]["distributed"]["peak_bytes_per_rank"] for r in runs)
            print(f"| {n} | {p} | {solver} | {d['grid'][0]}x{d['grid'][1]} | {d['block_size']} | "
                  f"{cell([x['assembly_seconds'] for x in times])} | {cell([x['eigensolve_seconds'] for x in times])} | "
                  f"{cell([r[1] for r in runs])} | {d['estimated_bytes_per_rank'] / 2**20:.0f} | {peak / 2**20:.0f} | {worst:.1e} |",
                  flush=True)
