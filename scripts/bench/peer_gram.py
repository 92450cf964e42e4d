#!/usr/bin/env python3
# spectra's empirical paths (`spectra decay --method gram|grid`, release build) against the peers
# a researcher would otherwise use, side by side in one run on the same inputs:
#   - neural-tangents (JAX, float64, jit): stax.serial of 4 x [Dense(W_std=sqrt(2), b_std=0),
#     Relu()] and a Dense read-out, i.e. 5 weight layers = docs/kernels.md's ntk:depth=5, on sqrt(d) * x;
#   - numpy: the layer recursion of docs/kernels.md vectorised over the full n x n matrix of inner products
#     X @ X.T (what most papers' scripts do), then numpy.linalg.eigvalsh on K/n.
#
# Measures, for ntk:depth=5 on S^9 (d = 10) at n = 4000 and 8000 (points: seeded numpy,
# normalised Gaussians, written as CSV, read by spectra with --data --normalize):
#   1. Gram assembly: spectra's timings.assembly_seconds (dsyrk + kernel on every entry) against
#      the neural-tangents kernel_fn call (jit with static_argnames="get", compiled on a few rows,
#      then called once on the full inputs, which compiles again for that shape; the calls timed
#      are the later ones, with block_until_ready) and against the numpy recursion (X @ X.T
#      included). Median of 3; the runs of the three alternate, so that load from other
#      processes hits all alike.
#   2. Full eigenvalues: spectra's timings.eigensolve_seconds (two-stage reduction) against
#      numpy.linalg.eigvalsh on the same K/n (only the call is timed). Median of 3 at n < 8000,
#      one run at n >= 8000 (each takes 30 s or more) unless --eig-runs-large says otherwise.
#   3. spectra --top 500 against spectra's own full solve at n = 4000, median of 3.
#   4. Grid spectra (no peer: nothing else computes them): whole-command wall time of
#      `spectra decay --method grid` at N = 10^6 on S^1 and about 2x10^5 on S^2, median of 3.
#   5. The largest n spectra accepts here: its own refusal of --samples 1000000, and the same
#      bound recomputed from MemAvailable with GramMemoryPlan's formula.
# Before the timings are trusted it checks that the three sides compute the same kernel: the
# numpy profile against the check values of docs/kernels.md and `spectra kernel`, K[0,0] = kappa(1) = 10,
# neural-tangents against numpy entry by entry, and spectra's eigenvalues of K/n against the
# peers' (top 100, relative).
# Prints Markdown on standard output, progress on standard error.
#
# Run it through the wrapper, which builds spectra and makes the virtual environment:
#     bash scripts/bench/gram.sh
# or directly: .bench-venv-nt/bin/python scripts/bench/peer_gram.py --spectra .build/release/spectra

import argparse
import csv
import ctypes
import datetime
import glob
import json
import math
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

# TensorFlow (pulled in by neural-tangents) logs to standard error on import; keep it quiet.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# BLAS threads are left at their default on purpose: numpy's OpenBLAS and XLA use every core,
# as spectra does (its kernel workers and OpenBLAS both use all cores), so that eigvalsh and
# neural-tangents get the same machine as spectra.

import numpy as np
import scipy
import jax
import jaxlib

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp
import neural_tangents as nt
from neural_tangents import stax
from bench_common import check_math_md_references, machine, ntk_relu

SPEC = "ntk:depth=5"
DEPTH = 5
DIM = 10
SEED = 1
TOP = 500
TOP_N = 4000
GRIDS = [  # (d, N asked, what)
    (2, 1_000_000, "S^1, equispaced"),
    (3, 200_000, "S^2, Gauss-Legendre rings"),
]
GRID_SPEC = "ntk:depth=3,bias_var=0.25"
KAPPA_ONE = 2.0 * DEPTH  # Theta^D(1) = D * sw2 with sw2 = 2, sb2 = 0 (docs/kernels.md)
RUNS = 3
LARGE = 8000  # from this n on, eigvalsh runs --eig-runs-large times (default 1)


def say(msg):
    sys.stderr.write(f"peer_gram: {msg}\n")
    sys.stderr.flush()


# ---------------------------------------------------------------- the numpy peer (docs/kernels.md)


def numpy_gram(X):
    return ntk_relu(X @ X.T, depth=DEPTH)


def validate_profile(spectra):
    """The numpy profile against the check values of docs/kernels.md, and against `spectra kernel` for
    the kernel benchmarked (spectra evaluates in double-double)."""
    check_math_md_references()
    grid = np.linspace(-1.0, 1.0, 201)
    out = subprocess.run([spectra, "kernel", "--kernel", SPEC, "--format", "csv",
                          "--points=" + ",".join(repr(float(x)) for x in grid)],
                         check=True, capture_output=True, text=True).stdout
    rows = list(csv.DictReader(out.splitlines()))
    assert len(rows) == len(grid), len(rows)
    theirs = np.array([float(r["value"]) for r in rows])
    ours = ntk_relu(np.array([float(r["t"]) for r in rows]), depth=DEPTH)
    assert abs(theirs[-1] - KAPPA_ONE) < 1e-13, theirs[-1]
    err = np.max(np.abs(ours - theirs)) / np.max(np.abs(theirs))
    assert err < 1e-12, err
    return err


# ---------------------------------------------------------------- the neural-tangents peer

def nt_kernel_fn():
    """stax.serial of (DEPTH - 1) x [Dense, Relu] and a Dense read-out: DEPTH weight layers, the
    NTK parameterisation (neural-tangents' default), W_std = sqrt(weight_var), b_std = 0."""
    layers = []
    for _ in range(DEPTH - 1):
        layers += [stax.Dense(1, W_std=math.sqrt(2.0), b_std=0.0), stax.Relu()]
    layers.append(stax.Dense(1, W_std=math.sqrt(2.0), b_std=0.0))
    _, _, kernel_fn = stax.serial(*layers)
    return jax.jit(kernel_fn, static_argnames="get")


# ---------------------------------------------------------------- spectra

def children_cpu():
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_spectra(spectra, args, out):
    """(wall, cpu, json) of one `spectra decay ... --format json --output out` run."""
    cmd = [spectra, "decay", *args, "--format", "json", "--output", out]
    c0 = children_cpu()
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    cpu = children_cpu() - c0
    with open(out) as fh:
        doc = json.load(fh)
    return wall, cpu, doc


def has_timings_flag(spectra):
    """Newer spectra put the timings into the JSON only when asked (--timings)."""
    out = subprocess.run([spectra, "decay", "--help"], capture_output=True, text=True).stdout
    return "--timings" in out


TIMINGS = []  # ["--timings"] when the binary has the flag (set in main)


def gram_args(csv_path, top=None):
    args = ["--kernel", SPEC, "--dim", str(DIM), "--method", "gram",
            "--data", csv_path, "--normalize", *TIMINGS]
    if top is not None:
        args += ["--top", str(top)]
    return args


def timed(fn):
    """(wall, result) of one in-process call."""
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


# ---------------------------------------------------------------- memory (GramMemoryPlan.swift)

def plan_bytes(n, d):
    """GramMemoryPlan.bytes for all eigenvalues without vectors (the two-stage reduction)."""
    doubles = n * d + n + n * n + 2 * n + 105 * n
    return 8 * doubles + 4 * 1 + (64 << 20)


def max_points(d, budget):
    lo, hi = 1, 2
    while plan_bytes(hi, d) <= budget:
        lo, hi = hi, hi * 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if plan_bytes(mid, d) <= budget:
            lo = mid
        else:
            hi = mid
    return lo


def meminfo(key):
    with open("/proc/meminfo") as fh:
        for line in fh:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    return None


def largest_n(spectra):
    """spectra's own refusal of a too-large --samples, and the same bound from MemAvailable."""
    rows = []
    for d in (3, DIM):
        budget = meminfo("MemAvailable")
        p = subprocess.run([spectra, "decay", "--kernel", "ntk", "--dim", str(d), "--method", "gram",
                            "--samples", "1000000"], capture_output=True, text=True)
        msg = (p.stderr + p.stdout).strip()
        m = re.search(r"at most (\d+) points fit", msg)
        assert p.returncode != 0 and m, msg
        rows.append(dict(d=d, message=msg, spectra=int(m.group(1)), budget=budget,
                         formula=max_points(d, budget)))
    total = meminfo("MemTotal")
    return rows, total, max_points(DIM, total)


# ---------------------------------------------------------------- machine



def numpy_blas():
    """numpy's bundled OpenBLAS: its configuration and thread count, read from the library."""
    libs = glob.glob(os.path.join(os.path.dirname(np.__file__) + ".libs", "libopenblas*"))
    for path in libs:
        try:
            lib = ctypes.CDLL(path)
            for suffix in ("64_", ""):
                get = getattr(lib, "openblas_get_num_threads" + suffix, None)
                config = getattr(lib, "openblas_get_config" + suffix, None)
                if get is not None and config is not None:
                    config.restype = ctypes.c_char_p
                    return config().decode().strip(), get()
        except OSError:
            pass
    return "unknown", None


def spectra_blas(spectra):
    """The BLAS/LAPACK libraries the spectra binary loads (ldd, resolved)."""
    try:
        out = subprocess.run(["ldd", spectra], capture_output=True, text=True).stdout
    except OSError:
        return "unknown"
    found = []
    for line in out.splitlines():
        m = re.match(r"\s*(\S+) => (\S+)", line)
        if m and re.search(r"blas|lapack", m.group(1)) and "lapacke" not in m.group(1):
            found.append(os.path.realpath(m.group(2)))
    return ", ".join(sorted(set(found))) or "unknown"


def git_commit(root):
    try:
        return subprocess.run(["git", "-C", root, "describe", "--always", "--dirty"],
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


# ---------------------------------------------------------------- output helpers

def med(xs):
    return statistics.median(xs)


def fmt_s(x):
    if x is None:
        return "—"
    return f"{x:.3f}" if x < 100 else f"{x:.1f}"


def fmt_e(x):
    return "—" if x is None else f"{x:.1e}"


def verdict(ratio, target):
    return "met" if ratio >= target else "**not met**"


def rel_top(ref, other, k=100):
    """Largest |other_i - ref_i| / ref_i over the top k eigenvalues (both descending)."""
    return float(np.max(np.abs(other[:k] - ref[:k]) / np.abs(ref[:k])))


def abs_all(ref, other):
    """Largest |other_i - ref_i| over all eigenvalues, relative to the largest."""
    return float(np.max(np.abs(other - ref)) / abs(ref[0]))


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--spectra", required=True, help="path to the release spectra binary")
    ap.add_argument("--sizes", default="4000,8000", help="Gram sizes n, comma-separated")
    ap.add_argument("--runs", type=int, default=RUNS, help="timed runs per measurement")
    ap.add_argument("--eig-runs-large", type=int, default=1,
                    help=f"eigvalsh runs at n >= {LARGE} (30 s or more each)")
    ap.add_argument("--top-n", type=int, default=TOP_N, help=f"n of the top-{TOP} comparison")
    ap.add_argument("--no-grid", action="store_true", help="skip the grid spectra")
    ap.add_argument("--keep", action="store_true", help="keep the points and JSON files")
    args = ap.parse_args()
    spectra = os.path.abspath(args.spectra)
    if has_timings_flag(spectra):
        TIMINGS.append("--timings")
    sizes = [int(s) for s in args.sizes.split(",")]
    runs = args.runs
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    tmp = tempfile.mkdtemp(prefix="spectra-bench-gram-")
    load_before = os.getloadavg()[0]

    say("largest n (spectra's refusal)")
    nmax_rows, mem_total, nmax_total = largest_n(spectra)
    say("checking the numpy profile against docs/kernels.md and `spectra kernel`")
    profile_err = validate_profile(spectra)
    version = subprocess.run([spectra, "--version"], capture_output=True, text=True).stdout.strip()
    commit = git_commit(root)
    model, ncpu, nproc = machine()
    np_blas, np_threads = numpy_blas()
    kernel_fn = nt_kernel_fn()

    # warm-up of spectra (page cache, dynamic loader) on a small problem
    run_spectra(spectra, ["--kernel", SPEC, "--dim", str(DIM), "--method", "gram",
                          "--samples", "500", "--seed", str(SEED), *TIMINGS],
                os.path.join(tmp, "warm.json"))

    results = []
    for n in sizes:
        rng = np.random.default_rng(SEED)
        X = rng.standard_normal((n, DIM))
        X /= np.linalg.norm(X, axis=1, keepdims=True)
        points = os.path.join(tmp, f"points_{n}.csv")
        np.savetxt(points, X, delimiter=",", fmt="%.17g")
        Xs = jnp.asarray(X * math.sqrt(DIM))  # neural-tangents' inputs: sqrt(d) * x

        # neural-tangents: compile on a few rows, then the first call at the full shape (which
        # compiles again: jit specialises on shapes); the timed calls come after.
        kernel_fn(Xs[:8], None, get="ntk").block_until_ready()
        t_nt_first, _ = timed(lambda: kernel_fn(Xs, None, get="ntk").block_until_ready())
        eig_runs = runs if n < LARGE else min(args.eig_runs_large, runs)
        r = dict(n=n, spectra=[], nt=[], np=[], eig=[], top=[], nt_first=t_nt_first,
                 eig_runs=eig_runs)
        K_nt = K_np = ev_np = None
        for i in range(runs):
            say(f"n = {n}: run {i + 1} of {runs}")
            wall, cpu, doc = run_spectra(spectra, gram_args(points), os.path.join(tmp, f"full_{n}.json"))
            res = doc["results"][0]
            r["spectra"].append((res["timings"]["assembly_seconds"],
                                 res["timings"]["eigensolve_seconds"], wall, cpu))
            r["full_doc"] = res
            del K_nt
            t, K_nt = timed(lambda: kernel_fn(Xs, None, get="ntk").block_until_ready())
            r["nt"].append(t)
            del K_np
            t, K_np = timed(lambda: numpy_gram(X))
            r["np"].append(t)
            if i < eig_runs:
                A = K_np / n
                t, ev_np = timed(lambda: np.linalg.eigvalsh(A))
                del A
                r["eig"].append(t)
            if n == args.top_n:
                wall, cpu, doc = run_spectra(spectra, gram_args(points, TOP),
                                             os.path.join(tmp, f"top_{n}.json"))
                res = doc["results"][0]
                r["top"].append((res["timings"]["assembly_seconds"],
                                 res["timings"]["eigensolve_seconds"], wall, cpu))
                r["top_doc"] = res
            say(f"  spectra assembly {r['spectra'][-1][0]:.3f} s, eigensolve "
                f"{r['spectra'][-1][1]:.2f} s; neural-tangents {r['nt'][-1]:.3f} s; "
                f"numpy Gram {r['np'][-1]:.3f} s"
                + (f"; eigvalsh {r['eig'][-1]:.2f} s" if i < eig_runs else "")
                + (f"; top-{TOP} eigensolve {r['top'][-1][1]:.2f} s" if n == args.top_n else ""))

        # ---- is it the same kernel?
        say(f"n = {n}: checks")
        K_nt = np.array(K_nt)
        ev_s = np.array(r["full_doc"]["eigenvalues"])
        assert len(ev_s) == n, len(ev_s)
        ev_np = ev_np[::-1]
        off = ~np.eye(n, dtype=bool)
        chk = dict(
            spectra_vs_np_top=rel_top(ev_s, ev_np),
            spectra_vs_np_all=abs_all(ev_s, ev_np),
            diag_nt=float(np.max(np.abs(np.diag(K_nt) - KAPPA_ONE))),
            diag_np=float(np.max(np.abs(np.diag(K_np) - KAPPA_ONE))),
            k00_nt=float(K_nt[0, 0]), k00_np=float(K_np[0, 0]),
            nt_vs_np_off=float(np.max(np.abs(K_nt - K_np)[off])),
            spectra_trace=r["full_doc"]["trace"]["eigenvalue_sum"],
            spectra_kappa1=r["full_doc"]["trace"]["kappa_at_one"],
            interp=r["full_doc"]["interpolation_error"],
        )
        if n == sizes[0]:
            # The peers' diagonals are off by ~1e-7 (arccos at t = 1 - 1e-16: see the notes);
            # with the diagonal set to kappa(1) the rest of the matrix is compared as well.
            say(f"n = {n}: extra eigvalsh for the neural-tangents Gram and the fixed diagonals")
            ev_nt = np.linalg.eigvalsh(K_nt / n)[::-1]
            chk["spectra_vs_nt_top"] = rel_top(ev_s, ev_nt)
            chk["spectra_vs_nt_all"] = abs_all(ev_s, ev_nt)
            for name, K in (("np", K_np), ("nt", K_nt)):
                K = K.copy()
                np.fill_diagonal(K, KAPPA_ONE)
                K /= n
                ev = np.linalg.eigvalsh(K)[::-1]
                del K
                chk[f"spectra_vs_{name}_fixed_top"] = rel_top(ev_s, ev)
                chk[f"spectra_vs_{name}_fixed_all"] = abs_all(ev_s, ev)
        if n == args.top_n:
            ev_top = np.array(r["top_doc"]["eigenvalues"])
            assert len(ev_top) == TOP, len(ev_top)
            chk["top_vs_full"] = float(np.max(np.abs(ev_top - ev_s[:TOP]) / np.abs(ev_s[:TOP])))
        r["chk"] = chk
        r.pop("full_doc", None)
        r.pop("top_doc", None)
        results.append(r)
        del K_nt, K_np, Xs, X

    grids = []
    if not args.no_grid:
        for d, N, what in GRIDS:
            gargs = ["--kernel", GRID_SPEC, "--dim", str(d), "--method", "grid", "--samples", str(N)]
            out = os.path.join(tmp, f"grid_{d}.json")
            ts = []
            for i in range(runs):
                wall, cpu, doc = run_spectra(spectra, gargs, out)
                ts.append((wall, cpu))
            res = doc["results"][0]
            ev = res["eigenvalues"]
            grids.append(dict(d=d, N=N, what=what, points=doc["samples"], count=len(ev),
                              wall=med(w for w, _ in ts), cpu=med(c for _, c in ts),
                              walls=[w for w, _ in ts], top=ev[0],
                              cmd="spectra decay " + " ".join(gargs) + " --format json --output F"))
            say(f"grid d = {d}, N = {N}: {grids[-1]['wall']:.2f} s")

    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        say(f"files kept in {tmp}")

    # ---------------------------------------------------------------- report
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print("## Empirical spectra: spectra against neural-tangents and numpy\n")
    print(f"- date: {now}")
    print(f"- machine: {model}, nproc {nproc} (of {ncpu} CPUs), "
          f"{mem_total / 2**30:.1f} GiB memory, load average before the run "
          f"{load_before:.2f}, after {os.getloadavg()[0]:.2f} (1 min)")
    print(f"- spectra {version or '(version unknown)'}"
          + (f" (git {commit})" if commit else "")
          + f", release build; BLAS/LAPACK: {spectra_blas(spectra)}")
    print(f"- peers: Python {platform.python_version()}, jax {jax.__version__} "
          f"(jaxlib {jaxlib.__version__}, "
          f"x64 enabled, devices {', '.join(str(x) for x in jax.devices())}), "
          f"neural-tangents {nt.__version__}, numpy {np.__version__}, scipy {scipy.__version__}")
    thr = ", ".join(f"{v}={os.environ[v]}" for v in
                    ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "XLA_FLAGS") if v in os.environ)
    print(f"- threads: defaults everywhere ({thr or 'no thread variables set'}): numpy's "
          f"OpenBLAS ({np_blas}) runs {np_threads} threads, XLA its default pool (all cores), "
          f"spectra its kernel workers on all cores and the system OpenBLAS on all cores; "
          f"eigvalsh thus gets the same {nproc} cores as spectra's eigensolver")
    print(f"- kernel: `{SPEC}` (ReLU, weight_var 2, bias_var 0) on S^{DIM - 1} (d = {DIM}); "
          f"points: numpy `default_rng({SEED})`, Gaussian rows normalised, written as CSV "
          f"(17 digits) and read by spectra with `--data FILE --normalize`, so that all sides "
          f"see the same points")
    print(f"- spectra: `spectra decay --kernel {SPEC} --dim {DIM} --method gram --data FILE "
          f"--normalize {' '.join(TIMINGS) + ' ' if TIMINGS else ''}[--top {TOP}] --format json --output F`, as a subprocess; its own "
          f"timings: `assembly_seconds` (dsyrk + kernel on every entry) and "
          f"`eigensolve_seconds` (all n: the two-stage reduction; `--top`: whatever the library runs for "
          f"eigenvalues without vectors)")
    print(f"- neural-tangents: `stax.serial` of {DEPTH - 1} x [`Dense(1, W_std=sqrt(2), "
          f"b_std=0)`, `Relu()`] + `Dense(1, W_std=sqrt(2), b_std=0)` = {DEPTH} weight layers "
          f"(the depth of docs/kernels.md), NTK parameterisation, on sqrt(d) x; `kernel_fn` jitted with "
          f"`static_argnames=\"get\"`, compiled on 8 rows, called once on the full inputs "
          f"(shown as \"first call\": jit compiles again for the new shape), then timed with "
          f"`block_until_ready()`")
    print(f"- numpy: `ntk_relu(X @ X.T)`, the ReLU recursion of docs/kernels.md vectorised over the n x n "
          f"matrix (clip, arccos, sin; X @ X.T included in the time); then "
          f"`numpy.linalg.eigvalsh(K / n)`, only the call timed")
    print(f"- times: wall clock, median of {runs} runs unless the table says otherwise; in each "
          f"run spectra, neural-tangents, numpy and eigvalsh take turns, so that load from other "
          f"processes hits all alike")
    print(f"- checks passed: numpy profile = docs/kernels.md reference values to 6e-8 and "
          f"= `spectra kernel --kernel {SPEC}` on 201 points to {profile_err:.1e} of max|kappa|; "
          f"the agreement of the three Gram matrices is in the table below\n")

    print(f"### 1. Gram assembly, `{SPEC}`, d = {DIM}\n")
    print("Seconds. The ratios are of medians; target: spectra >= 20x faster than "
          "neural-tangents.\n")
    print("| n | spectra assembly | neural-tangents | neural-tangents first call | numpy | "
          "neural-tangents / spectra | numpy / spectra | target |")
    print("|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        sa = med(x[0] for x in r["spectra"])
        tn = med(r["nt"])
        tp = med(r["np"])
        print(f"| {r['n']} | {fmt_s(sa)} | {fmt_s(tn)} | {fmt_s(r['nt_first'])} | {fmt_s(tp)} | "
              f"{tn / sa:.1f}x | {tp / sa:.1f}x | {verdict(tn / sa, 20)} |")
    print("\nAll runs (s): " + "; ".join(
        f"n = {r['n']}: spectra " + ", ".join(f"{x[0]:.3f}" for x in r["spectra"])
        + "; neural-tangents " + ", ".join(f"{x:.3f}" for x in r["nt"])
        + "; numpy " + ", ".join(f"{x:.2f}" for x in r["np"]) for r in results))

    print(f"\n### 2. All n eigenvalues of K/n\n")
    print("Seconds; spectra: the two-stage reduction (eigenvalues only) in the system OpenBLAS; numpy: "
          "eigvalsh in its bundled OpenBLAS, on the numpy Gram of the same points. "
          "Target: >= 1.0x.\n")
    print("| n | spectra eigensolve | numpy eigvalsh | eigvalsh / spectra | runs (spectra / numpy) | "
          "spectra whole command | target |")
    print("|---:|---:|---:|---:|---|---:|---|")
    for r in results:
        se = med(x[1] for x in r["spectra"])
        te = med(r["eig"])
        print(f"| {r['n']} | {fmt_s(se)} | {fmt_s(te)} | {te / se:.2f}x | "
              f"{len(r['spectra'])} / {len(r['eig'])}"
              + (" (one eigvalsh run at this size: it alone takes 30 s or more)" if len(r['eig']) < len(r['spectra']) else "")
              + f" | {fmt_s(med(x[2] for x in r['spectra']))} | {verdict(te / se, 1.0)} |")
    print("\nAll runs (s): " + "; ".join(
        f"n = {r['n']}: spectra " + ", ".join(f"{x[1]:.2f}" for x in r["spectra"])
        + "; eigvalsh " + ", ".join(f"{x:.2f}" for x in r["eig"]) for r in results))

    tops = [r for r in results if r["top"]]
    if tops:
        print(f"\n### 3. Top {TOP} against all n (spectra alone)\n")
        print(f"Seconds, median of {runs}, alternating with the full solves above; "
              f"`eigensolve_seconds` of `spectra decay ... --top {TOP}` against that of the "
              f"full solve, same points. Target: >= 5x.\n")
        print(f"| n | full eigensolve | top-{TOP} eigensolve | full / top | whole command, full | "
              f"whole command, top | target |")
        print("|---:|---:|---:|---:|---:|---:|---|")
        for r in tops:
            fe = med(x[1] for x in r["spectra"])
            te = med(x[1] for x in r["top"])
            print(f"| {r['n']} | {fmt_s(fe)} | {fmt_s(te)} | {fe / te:.2f}x | "
                  f"{fmt_s(med(x[2] for x in r['spectra']))} | {fmt_s(med(x[2] for x in r['top']))} | "
                  f"{verdict(fe / te, 5.0)} |")
        print("\nAll runs (s): " + "; ".join(
            f"n = {r['n']}: top " + ", ".join(f"{x[1]:.2f}" for x in r["top"]) for r in tops)
            + f". The top {TOP} agree with the first {TOP} of the full solve to "
            + ", ".join(fmt_e(r["chk"]["top_vs_full"]) for r in tops) + " (relative)"
            + (": bit for bit, as if the same solver had run" if all(r["chk"]["top_vs_full"] == 0 for r in tops) else "")
            + ".")

    print("\n### Same kernel on all sides\n")
    print(f"Eigenvalues of K/n, descending. \"top 100\": max_i<=100 |lambda_i(peer) - "
          f"lambda_i(spectra)| / lambda_i(spectra); \"all\": max over all n of the difference, "
          f"relative to lambda_1. K[0,0] should be kappa(1) = {KAPPA_ONE:g} "
          f"(docs/kernels.md; a depth off by one would give {KAPPA_ONE - 2:g} or {KAPPA_ONE + 2:g}).\n")
    print("| n | numpy vs spectra, top 100 | all | neural-tangents vs numpy, off-diagonal entries "
          "(max abs) | diagonal error: numpy / neural-tangents | K[0,0]: numpy / neural-tangents | "
          "spectra trace of K/n, kappa(1) | spectra interpolation error |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        c = r["chk"]
        print(f"| {r['n']} | {fmt_e(c['spectra_vs_np_top'])} | {fmt_e(c['spectra_vs_np_all'])} | "
              f"{fmt_e(c['nt_vs_np_off'])} | {fmt_e(c['diag_np'])} / {fmt_e(c['diag_nt'])} | "
              f"{c['k00_np']!r} / {c['k00_nt']!r} | {c['spectra_trace']!r}, {c['spectra_kappa1']!r} | "
              f"{fmt_e(c['interp'])} |")
    c = results[0]["chk"]
    n0 = results[0]["n"]
    print(f"\nAt n = {n0}, the neural-tangents Gram against spectra: top 100 "
          f"{fmt_e(c['spectra_vs_nt_top'])}, all {fmt_e(c['spectra_vs_nt_all'])}. With the peers' "
          f"diagonals set to kappa(1) = {KAPPA_ONE:g}: numpy top 100 "
          f"{fmt_e(c['spectra_vs_np_fixed_top'])}, all {fmt_e(c['spectra_vs_np_fixed_all'])}; "
          f"neural-tangents top 100 {fmt_e(c['spectra_vs_nt_fixed_top'])}, all "
          f"{fmt_e(c['spectra_vs_nt_fixed_all'])}. The peers' diagonals are off because "
          f"<x,x> computed in floating point is 1 - 1e-16 rather than 1, and arccos(1 - e) = "
          f"sqrt(2e): the profile's sqrt(1 - t) term turns a rounding error of 1e-16 into "
          f"1e-8 in theta; spectra puts kappa(1) on the diagonal (its trace of K/n is exactly "
          f"kappa(1)). Off the diagonal the three agree to the rounding of the inputs.")

    if grids:
        print(f"\n### 4. Exact spectra of structured grids (`{GRID_SPEC}`)\n")
        print(f"Whole-command wall time (process start, FFTs, output of all eigenvalues as JSON "
              f"included), seconds, median of {runs}. No peer: a dense solve of this size does "
              f"not fit in memory (n_max below).\n")
        print("| sphere | N asked | points | eigenvalues | wall | CPU | command |")
        print("|---|---:|---:|---:|---:|---:|---|")
        for g in grids:
            print(f"| {g['what']} | {g['N']} | {g['points']} | {g['count']} | {fmt_s(g['wall'])} | "
                  f"{fmt_s(g['cpu'])} | `{g['cmd']}` |")

    print("\n### 5. Largest n on this machine\n")
    print("spectra estimates the memory of an n-point Gram spectrum before allocating (points, "
          "n^2 Gram matrix, eigenvalues, two-stage workspace 105 n, 64 MiB fixed: "
          "GramMemoryPlan) and refuses what does not fit in MemAvailable. Its refusal of "
          "`--samples 1000000`, and the same bound recomputed here from MemAvailable read just "
          "before:\n")
    for row in nmax_rows:
        print(f"- d = {row['d']}: spectra: \"{row['message']}\"; recomputed: {row['formula']} "
              f"points (MemAvailable {row['budget'] / 2**20:.0f} MiB)")
    big = nmax_rows[-1]["spectra"]
    last = results[-1]
    per = med(x[1] for x in last["spectra"])
    print(f"- with all of MemTotal ({mem_total / 2**30:.1f} GiB) it would be {nmax_total}; "
          f"n_max = {big} needs {plan_bytes(big, DIM) / 2**30:.1f} GiB, most of it the "
          f"{big}^2 Gram matrix")
    print(f"- not run: the eigensolve grows as n^3, so n_max = {big} would take about "
          f"{per * (big / last['n']) ** 3 / 3600:.1f} h by extrapolation from n = {last['n']} "
          f"({per:.1f} s)")


if __name__ == "__main__":
    main()
