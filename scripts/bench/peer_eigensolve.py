"""The single-node eigensolvers and the whole Gram job against numpy (run by eigensolve.sh).

Part 1 times LAPACK's drivers for all eigenvalues on one matrix through the C harness
eigensolve.c (a fresh copy of the matrix each run), numpy's eigvalsh on the same matrix, and
dgemm for the machine's rate. Part 2 times whole processes: spectra's `decay --method gram`
against numpy_gram_job.py, on the same CSV points. Rounds alternate every routine, so that load
from other processes hits all alike; medians are quoted.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

from bench_common import machine, ntk_relu

SPEC = "ntk:depth=5"
DEPTH = 5
DIM = 10
SEED = 1

# (label, harness routine, OPENBLAS_NUM_THREADS, transparent huge pages on the matrix)
ROUTINES = [
    ("dsyevd_2stage, 2 threads (spectra before)", "dsyevd_2stage", 2, False),
    ("two stages, second on 1 thread, huge pages", "split", 2, True),
    ("two stages, second on 1 thread, 4 KiB pages (spectra now)", "split", 2, False),
    ("two stages, both on 2 threads", "stages", 2, False),
    ("dsyevd_2stage, 1 thread", "dsyevd_2stage", 1, False),
    ("dsyevd, 2 threads", "dsyevd", 2, False),
    ("dsyevr, 2 threads", "dsyevr", 2, False),
    ("dsyev, 2 threads", "dsyev", 2, False),
    ("dgemm n x n x n, 2 threads", "dgemm", 2, False),
    ("dgemm n x n x n, 1 thread", "dgemm", 1, False),
]


def say(msg):
    sys.stderr.write(f"eigensolve: {msg}\n")
    sys.stderr.flush()


def harness_run(harness, path, n, routine, threads, huge):
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), EIGENSOLVE_HUGE="1" if huge else "0")
    out = subprocess.run([harness, path, str(n), routine, "1"], env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def timed_process(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def med(xs):
    return statistics.median(xs)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--spectra", required=True)
    ap.add_argument("--harness", required=True)
    ap.add_argument("--n", type=int, default=4000)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    n, rounds = args.n, args.rounds
    here = os.path.dirname(os.path.abspath(__file__))
    tmp = tempfile.mkdtemp(prefix="spectra-bench-eig-")
    load_before = os.getloadavg()[0]

    rng = np.random.default_rng(SEED)
    X = rng.standard_normal((n, DIM))
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    points = os.path.join(tmp, "points.csv")
    np.savetxt(points, X, delimiter=",", fmt="%.17g")
    K = ntk_relu(np.clip(X @ X.T, -1, 1), depth=DEPTH) / n
    K = (K + K.T) / 2
    matrix = os.path.join(tmp, "K.bin")
    np.asfortranarray(K).T.tofile(matrix)  # symmetric: row- and column-major are the same bytes

    # Part 1.
    times = {label: [] for label, *_ in ROUTINES}
    stages = {label: [] for label, r, *_ in ROUTINES if r in ("split", "stages")}
    largest = {}
    eig_np = []
    for i in range(rounds):
        say(f"eigensolvers: round {i + 1} of {rounds}")
        for label, routine, threads, huge in ROUTINES:
            r = harness_run(args.harness, matrix, n, routine, threads, huge)
            times[label].append(r["seconds"])
            if label in stages:
                stages[label].append((r["stage1"], r["stage2"], r["tridiagonal"]))
            if routine != "dgemm":
                largest[label] = r["largest"]
        start = time.perf_counter()
        w = np.linalg.eigvalsh(K)
        eig_np.append(time.perf_counter() - start)
    # Every driver found the same largest eigenvalue (a check that they solved the same matrix).
    top = float(w[-1])
    spread = max(abs(v - top) / top for v in largest.values())

    # Part 2.
    job = [sys.executable, os.path.join(here, "numpy_gram_job.py"), points, str(DEPTH),
           os.path.join(tmp, "numpy.json")]
    cmd = [args.spectra, "decay", "--kernel", SPEC, "--dim", str(DIM), "--method", "gram",
           "--data", points, "--normalize", "--format", "json", "--output", os.path.join(tmp, "spectra.json")]
    timed_process(cmd)
    timed_process(job)  # warm-up: page cache, imports
    spectra_wall, numpy_wall = [], []
    for i in range(rounds):
        say(f"whole job: round {i + 1} of {rounds}")
        spectra_wall.append(timed_process(cmd))
        numpy_wall.append(timed_process(job))
    ev_s = np.array(json.load(open(os.path.join(tmp, "spectra.json")))["results"][0]["eigenvalues"])
    ev_n = np.array(json.load(open(os.path.join(tmp, "numpy.json")))["eigenvalues"])
    agree = float(np.max(np.abs(ev_s - ev_n)) / ev_n[0])

    flops = 4.0 / 3.0 * n ** 3
    gemm2 = med(times["dgemm n x n x n, 2 threads"])
    rate = 2.0 * n ** 3 / gemm2
    model, ncpu, nproc = machine()
    print(f"## Eigensolvers and the whole Gram job, n = {n}\n")
    print(f"- machine: {model}, {ncpu} CPUs ({nproc} usable); load average before {load_before:.2f}, "
          f"after {os.getloadavg()[0]:.2f}; numpy {np.__version__}")
    print(f"- matrix: K/n of `{SPEC}` on {n} seeded points of S^{DIM - 1}; every routine found the "
          f"same largest eigenvalue to {spread:.1e} relative")
    print(f"- {rounds} rounds; every routine once per round, in turn; medians (min-max)\n")
    print("| routine | seconds | stage 1 | stage 2 | dsterf |")
    print("|---|---:|---:|---:|---:|")
    for label, *_ in ROUTINES:
        t = times[label]
        row = f"| {label} | {med(t):.2f} ({min(t):.2f}-{max(t):.2f}) |"
        if label in stages:
            s = stages[label]
            row += " | ".join(f" {med(x[k] for x in s):.2f} ({min(x[k] for x in s):.2f}-{max(x[k] for x in s):.2f})"
                              for k in range(3)) + " |"
        else:
            row += " | | |"
        print(row)
    print(f"| numpy eigvalsh (its own OpenBLAS) | {med(eig_np):.2f} ({min(eig_np):.2f}-{max(eig_np):.2f}) | | | |")
    print(f"\nThe limit: the reduction to tridiagonal form is (4/3) n^3 = {flops:.3g} flops; at this "
          f"machine's dgemm rate ({rate / 1e9:.0f} GFLOP/s on 2 threads) that is {flops / rate:.2f} s, "
          f"the least any of these can take.\n")
    ratio = [b / a for a, b in zip(spectra_wall, numpy_wall)]
    print(f"### Whole job, process start to exit\n")
    print(f"`{' '.join(os.path.basename(c) if c == args.spectra else c for c in cmd[:1])} "
          f"{' '.join(cmd[1:11])} ...` against `numpy_gram_job.py` (numpy reads the same CSV, builds "
          f"the Gram matrix with its vectorised recursion, eigvalsh, writes JSON); all eigenvalues "
          f"agree to {agree:.1e} of the largest. Target: numpy / spectra >= 1.4.\n")
    print("| spectra (s) | numpy (s) | numpy / spectra, pair by pair |")
    print("|---:|---:|---:|")
    print(f"| {med(spectra_wall):.2f} ({min(spectra_wall):.2f}-{max(spectra_wall):.2f}) | "
          f"{med(numpy_wall):.2f} ({min(numpy_wall):.2f}-{max(numpy_wall):.2f}) | "
          f"{med(ratio):.2f} ({min(ratio):.2f}-{max(ratio):.2f}) |")


if __name__ == "__main__":
    main()
