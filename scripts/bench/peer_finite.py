#!/usr/bin/env python3
# spectra's empirical NTK of a finite network (`spectra finite init`, release build) against
# neural-tangents' `empirical_ntk_fn`, side by side in one run.
#
# The network (FiniteNetwork.swift; docs/kernels.md and docs/finite-networks.md): D = 5 weight layers, 4 hidden layers of
# width m = 1024, ReLU, scalar output, NTK parameterisation, weight_var 2, bias_var 0, on n = 500
# points of S^9 (d = 10). In neural-tangents it is stax.serial of 4 x [Dense(1024, W_std=sqrt(2),
# b_std=0), Relu()] and Dense(1, W_std=sqrt(2), b_std=0) (its default parameterisation is the NTK
# one) applied to sqrt(d) * x: spectra's first layer sqrt(input_var) W^0 x is Dense(W_std =
# sqrt(input_var)) on sqrt(d) x, and the later ones sqrt(sw2 / m) W^l phi(h^l) are Dense's.
#
# Measures, alternating in each of 3 runs so that load from other processes hits all alike:
#   - spectra: the whole `spectra finite init ... --timings --format json` process (wall clock,
#     network construction, analytic NTK and output included), and its own
#     runs[0].empirical_ntk_seconds (the empirical NTK alone); one untimed warm-up run first;
#   - neural-tangents (JAX, float64): jax.jit(nt.empirical_ntk_fn(apply_fn, trace_axes=(),
#     vmap_axes=0, implementation=I)) for I = JACOBIAN_CONTRACTION (its default),
#     NTK_VECTOR_PRODUCTS and STRUCTURED_DERIVATIVES, each compiled on a first call at the full
#     shape (shown as "first call"), then timed with block_until_ready(). AUTO is left out: its
#     documentation says it can return wrong results on CPU. The fastest implementation is what
#     spectra is measured against.
# Medians of 3. Accuracy, on both sides: ||Theta_hat - Theta||_F / ||Theta||_F against the
# tool's own analytic NTK on the same points (neural-tangents: kernel_fn(x, x, "ntk")). The
# random weights differ (spectra's Xoshiro256** against JAX's PRNG), so only the magnitudes are
# comparable, not the digits.
# Before timing anything it checks that the peer computes the kernel of spectra's network: the
# numpy recursion of docs/kernels.md#relu-expectations (bench_common.ntk_relu) against its reference values and against
# neural-tangents' analytic kernel_fn, entry by entry; after, that the implementations agree.
# The Jacobian-based implementations need about 9 GiB at n = 500; during each neural-tangents
# call the process's data segment is capped (RLIMIT_DATA, --memory-limit) so that running out of
# memory is an error reported in the table, not the kernel's OOM killer on a shared machine.
# Prints Markdown on standard output, progress on standard error.
#
# Run it through the wrapper, which builds spectra and makes the virtual environment:
#     bash scripts/bench/finite.sh
# or directly: .bench-venv-nt/bin/python scripts/bench/peer_finite.py --spectra .build/release/spectra

import argparse
import datetime
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

# TensorFlow (pulled in by neural-tangents) logs to standard error on import; keep it quiet.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import jax
import jaxlib

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp
import neural_tangents as nt
from neural_tangents import stax
from bench_common import check_math_md_references, machine, ntk_relu

DEPTH = 5
WIDTH = 1024
DIM = 10
SAMPLES = 500
SEED = 1
WEIGHT_VAR = 2.0
BIAS_VAR = 0.0
KAPPA_ONE = DEPTH * WEIGHT_VAR  # Theta^D(1) with sb2 = 0 (docs/kernels.md)
IMPLEMENTATIONS = ["JACOBIAN_CONTRACTION", "NTK_VECTOR_PRODUCTS", "STRUCTURED_DERIVATIVES"]
RUNS = 3
TARGET_SECONDS = 10.0  # the target for spectra's whole command


def say(msg):
    sys.stderr.write(f"peer_finite: {msg}\n")
    sys.stderr.flush()


def med(xs):
    return statistics.median(xs)


def fmt_s(x):
    return "—" if x is None else (f"{x:.3f}" if x < 100 else f"{x:.1f}")


def fmt_e(x):
    return "—" if x is None else f"{x:.2e}"


def faster(ratio):
    """'3.2x faster' for peer / spectra = 3.2, '2.0x slower' for 0.5."""
    return f"{ratio:.1f}x faster" if ratio >= 1 else f"{1 / ratio:.1f}x slower"


def rel_frobenius(K, ref):
    return float(np.linalg.norm(K - ref) / np.linalg.norm(ref))


# ---------------------------------------------------------------- spectra

def spectra_options(spectra):
    """The options of `spectra finite init` (its --help), or None when the command is missing
    (an unknown subcommand's --help prints the top-level help and exits 0)."""
    p = subprocess.run([spectra, "finite", "init", "--help"], capture_output=True, text=True)
    text = p.stdout + p.stderr
    return text if "spectra finite init" in text else None


def run_spectra(cmd):
    """(wall, cpu, runs[0]) of one `spectra finite init` process, its JSON read from stdout."""
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.exit(f"peer_finite: `{' '.join(cmd)}` failed ({p.returncode}): {p.stderr.strip()}")
    run = json.loads(p.stdout)["runs"][0]
    if "empirical_ntk_seconds" not in run:
        sys.exit(f"peer_finite: spectra's runs[0] has no empirical_ntk_seconds "
                 f"(keys: {', '.join(sorted(run))})")
    cpu = (ru1.ru_utime + ru1.ru_stime) - (ru0.ru_utime + ru0.ru_stime)
    return wall, cpu, run


# ---------------------------------------------------------------- neural-tangents

def nt_network():
    """(init_fn, apply_fn, kernel_fn) of the network above (the header says why it is spectra's)."""
    layers = []
    for _ in range(DEPTH - 1):
        layers += [stax.Dense(WIDTH, W_std=math.sqrt(WEIGHT_VAR), b_std=math.sqrt(BIAS_VAR)),
                   stax.Relu()]
    layers.append(stax.Dense(1, W_std=math.sqrt(WEIGHT_VAR), b_std=math.sqrt(BIAS_VAR)))
    return stax.serial(*layers)


def failure(error):
    """One line for the table: the exception's type and the first line of its message."""
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0] if lines else ''}"[:200]


def timed_ntk(fn, Xs, params, cap):
    """(seconds, n x n Gram) of one empirical-NTK call, waited for. During the call the process
    may allocate `cap` bytes (soft RLIMIT_DATA; None: no cap), so that XLA fails with
    RESOURCE_EXHAUSTED rather than the OOM killer stepping in; lifted again after, so that
    spectra's processes run without it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if cap is not None:
        resource.setrlimit(resource.RLIMIT_DATA, (cap, hard))
    try:
        t0 = time.perf_counter()
        K = fn(Xs, None, params).block_until_ready()
        return time.perf_counter() - t0, K
    finally:
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description="Empirical NTK: spectra against neural-tangents")
    ap.add_argument("--spectra", required=True, help="path to the release spectra binary")
    ap.add_argument("--runs", type=int, default=RUNS, help="timed runs per measurement")
    ap.add_argument("--samples", type=int, default=SAMPLES, help="number of points n")
    ap.add_argument("--implementations", default=",".join(IMPLEMENTATIONS),
                    help="neural-tangents NtkImplementation names, comma-separated")
    ap.add_argument("--memory-limit", type=float, default=None,
                    help="GiB the peer may allocate (RLIMIT_DATA); default MemAvailable - 2 GiB, 0: none")
    args = ap.parse_args()
    spectra = os.path.abspath(args.spectra)
    n, runs = args.samples, args.runs
    impls = [s.strip() for s in args.implementations.split(",") if s.strip()]
    unknown = [s for s in impls if s not in IMPLEMENTATIONS]
    if unknown:
        ap.error(f"--implementations: unknown {', '.join(unknown)}; allowed: {', '.join(IMPLEMENTATIONS)}")
    help_text = spectra_options(spectra)
    if help_text is None:
        sys.exit(f"peer_finite: {spectra} has no `spectra finite init` command; build a spectra "
                 f"that has it (or point SPECTRA at one)")
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    tmp = tempfile.mkdtemp(prefix="spectra-bench-finite-")
    model, ncpu, nproc = machine()
    mem_total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    with open("/proc/meminfo") as fh:
        mem_avail = next(int(line.split()[1]) * 1024 for line in fh if line.startswith("MemAvailable:"))
    limit_gib = max(mem_avail / 2**30 - 2, 1) if args.memory_limit is None else args.memory_limit
    version = subprocess.run([spectra, "--version"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "-C", root, "describe", "--always", "--dirty"],
                            capture_output=True, text=True).stdout.strip()
    blas = sorted({os.path.realpath(line.split("=>")[1].split()[0]) for line in
                   subprocess.run(["ldd", spectra], capture_output=True, text=True).stdout.splitlines()
                   if "=>" in line and ("blas" in line or "lapack" in line) and "lapacke" not in line})

    # The points: seeded numpy, as gram.sh; shared with spectra when it reads --data.
    rng = np.random.default_rng(SEED)
    X = rng.standard_normal((n, DIM))
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    Xs = jnp.asarray(X * math.sqrt(DIM))  # neural-tangents' inputs: sqrt(d) * x
    shared = "--data" in help_text
    cmd = [spectra, "finite", "init", "--activation", "relu", "--depths", str(DEPTH),
           "--widths", str(WIDTH), "--variances", f"{WEIGHT_VAR:g}:{BIAS_VAR:g}", "--seeds", "1"]
    if shared:
        points = os.path.join(tmp, f"points_{n}.csv")
        np.savetxt(points, X, delimiter=",", fmt="%.17g")
        cmd += ["--data", points, *(["--normalize"] if "--normalize" in help_text else [])]
    else:
        cmd += ["--samples", str(n)]
    cmd += ["--dim", str(DIM), "--seed", str(SEED), "--timings", "--format", "json"]

    # ---- is it spectra's kernel?
    say("checking neural-tangents' analytic NTK against the layer recursion of docs/kernels.md")
    check_math_md_references()
    init_fn, apply_fn, kernel_fn = nt_network()
    Ka = np.asarray(jax.jit(kernel_fn, static_argnames="get")(Xs, Xs, get="ntk"))
    Kr = ntk_relu(np.clip(X @ X.T, -1.0, 1.0), depth=DEPTH, weight_var=WEIGHT_VAR, bias_var=BIAS_VAR)
    off = ~np.eye(n, dtype=bool)
    analytic_off = float(np.max(np.abs(Ka - Kr)[off]) / KAPPA_ONE)
    analytic_diag = float(np.max(np.abs(np.diag(Ka) - KAPPA_ONE)))
    assert analytic_off < 1e-10 and analytic_diag < 1e-6, (analytic_off, analytic_diag)
    _, params = init_fn(jax.random.PRNGKey(SEED), Xs.shape)
    n_params = sum(int(np.prod(p.shape)) for p in jax.tree_util.tree_leaves(params))

    cap = int(limit_gib * 2**30) if limit_gib > 0 else None
    # ---- neural-tangents: compile each implementation on a first call at the full shape
    peers = {}
    for name in impls:
        r = dict(name=name, first=None, times=[], error=None, rel=None, K=None)
        peers[name] = r
        say(f"neural-tangents {name}: compile and first call")
        try:
            r["fn"] = jax.jit(nt.empirical_ntk_fn(apply_fn, trace_axes=(), vmap_axes=0,
                                                  implementation=nt.NtkImplementation[name]))
            r["first"], K = timed_ntk(r["fn"], Xs, params, cap)
            r["K"] = np.asarray(K).reshape(n, n)
            r["rel"] = rel_frobenius(r["K"], Ka)
            say(f"  {r['first']:.2f} s, relative error {r['rel']:.3e}")
        except Exception as error:  # out of memory, or an implementation this network breaks
            r["error"] = failure(error)
            say(f"  failed: {r['error']}")

    # ---- spectra's warm-up (page cache, dynamic loader), then the runs, taking turns
    say("spectra: warm-up run")
    run_spectra(cmd)
    sp = []
    for i in range(runs):
        say(f"run {i + 1} of {runs}")
        wall, cpu, run = run_spectra(cmd)
        sp.append((run["empirical_ntk_seconds"], wall, cpu, run))
        line = [f"spectra {run['empirical_ntk_seconds']:.3f} s (whole command {wall:.2f} s)"]
        for r in peers.values():
            if r["error"] is None:
                try:
                    t, _ = timed_ntk(r["fn"], Xs, params, cap)
                    r["times"].append(t)
                    line.append(f"{r['name']} {t:.2f} s")
                except Exception as error:
                    r["error"] = failure(error)
        say("  " + "; ".join(line))

    # ---- do the implementations agree (same parameters, so the same Gram to rounding)?
    done = [r for r in peers.values() if r["error"] is None]
    agree = None
    if len(done) > 1:
        agree = max(float(np.max(np.abs(r["K"] - done[0]["K"]))) for r in done[1:]) \
            / float(np.max(np.abs(done[0]["K"])))
    fastest = min(done, key=lambda r: med(r["times"])) if done else None
    ts = med(x[0] for x in sp)
    tw = med(x[1] for x in sp)
    run0 = sp[-1][3]
    shutil.rmtree(tmp, ignore_errors=True)

    # ---------------------------------------------------------------- report
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print("## Empirical NTK of a finite network: spectra against neural-tangents\n")
    print(f"- date: {now}; this script ran {(time.perf_counter() - started) / 60:.1f} min "
          f"(build and install not included)")
    print(f"- machine: {model}, nproc {nproc} (of {ncpu} CPUs), {mem_total / 2**30:.1f} GiB "
          f"memory, load average before the run {load_before:.2f}, after "
          f"{os.getloadavg()[0]:.2f} (1 min)")
    print(f"- spectra {version or '(version unknown)'}" + (f" (git {commit})" if commit else "")
          + f", release build; BLAS/LAPACK: {', '.join(blas) or 'unknown'}")
    print(f"- peer: Python {platform.python_version()}, jax {jax.__version__} (jaxlib "
          f"{jaxlib.__version__}, x64 enabled, devices {', '.join(str(x) for x in jax.devices())}), "
          f"neural-tangents {nt.__version__}, numpy {np.__version__}; threads: defaults on both "
          f"sides (XLA its pool on all cores, spectra its BLAS on all cores)")
    print(f"- network: {DEPTH} weight layers ({DEPTH - 1} hidden layers of width {WIDTH}), ReLU, "
          f"scalar output, NTK parameterisation, weight_var {WEIGHT_VAR:g}, bias_var "
          f"{BIAS_VAR:g} ({n_params} parameters in neural-tangents, the biases, times b_std = 0, "
          f"included); n = {n} points on S^{DIM - 1} (d = {DIM})")
    if shared:
        print(f"- points: numpy `default_rng({SEED})`, Gaussian rows normalised, written as CSV "
              f"(17 digits) and read by spectra with `--data FILE`, so that both sides see the "
              f"same points")
    else:
        print(f"- points: sampled independently on each side, uniform on S^{DIM - 1} (this "
              f"spectra's `finite init` has no --data): spectra with `--samples {n} --seed "
              f"{SEED}`, neural-tangents numpy `default_rng({SEED})`, Gaussian rows normalised")
    shown = ["FILE" if a.startswith(tmp) else a for a in cmd[1:]]
    print(f"- spectra: `spectra {' '.join(shown)}`, as a subprocess; timed: the whole process "
          f"(wall clock) and its own `empirical_ntk_seconds` (the empirical NTK alone); one "
          f"untimed warm-up run first")
    print(f"- neural-tangents: `stax.serial` of {DEPTH - 1} x [`Dense({WIDTH}, W_std=sqrt(2), "
          f"b_std=0)`, `Relu()`] + `Dense(1, W_std=sqrt(2), b_std=0)` (NTK parameterisation) on "
          f"sqrt(d) x, parameters from `init_fn(PRNGKey({SEED}))`; `jax.jit(nt.empirical_ntk_fn("
          f"apply_fn, trace_axes=(), vmap_axes=0, implementation=I))`, compiled by a first call "
          f"on all {n} points, then timed with `block_until_ready()`; AUTO left out (its "
          f"documentation: it can return wrong results on CPU); the peer's memory "
          + (f"capped at {limit_gib:.1f} GiB (RLIMIT_DATA)" if limit_gib > 0 else "uncapped"))
    print(f"- times: wall clock, median of {runs} runs; in each run spectra and every "
          f"neural-tangents implementation take turns, so that load from other processes hits "
          f"all alike")
    print(f"- relative error: ||Theta_hat - Theta||_F / ||Theta||_F against the tool's own "
          f"analytic NTK on the same points (spectra's `relative_error`; neural-tangents' "
          f"`kernel_fn(x, x, \"ntk\")`). The random weights differ, so only the magnitudes "
          f"are comparable")
    print(f"- checks passed: neural-tangents' analytic NTK = the docs/kernels.md#the-layer-recursion recursion "
          f"(bench_common.ntk_relu, itself checked against the check values of docs/kernels.md) to "
          f"{analytic_off:.1e} of kappa(1) = {KAPPA_ONE:g} off the diagonal, {analytic_diag:.1e} on it"
          + (f"; the neural-tangents implementations agree with each other to {agree:.1e} of "
             f"max|Theta_hat|" if agree is not None else "") + "\n")

    print(f"### Empirical NTK, depth {DEPTH}, width {WIDTH}, n = {n}, d = {DIM}\n")
    print("Seconds. Ratio: the tool's median over spectra's `empirical_ntk_seconds` (how many "
          "times faster spectra is).\n")
    print("| tool | implementation | seconds (median) | first call (compile + run) | "
          "relative error | ratio |")
    print("|---|---|---:|---:|---:|---:|")
    print(f"| spectra | empirical NTK alone (`empirical_ntk_seconds`) | {fmt_s(ts)} | — | "
          f"{fmt_e(run0['relative_error'])} | 1 |")
    print(f"| spectra | whole command (process wall clock) | {fmt_s(tw)} | — | — | "
          f"{tw / ts:.1f}x |")
    for r in peers.values():
        label = r["name"] + (" (default)" if r["name"] == "JACOBIAN_CONTRACTION" else "") \
            + (" (fastest)" if r is fastest else "")
        if r["error"] is None:
            print(f"| neural-tangents | {label} | {fmt_s(med(r['times']))} | {fmt_s(r['first'])} | "
                  f"{fmt_e(r['rel'])} | {med(r['times']) / ts:.1f}x |")
        else:
            print(f"| neural-tangents | {label} | failed: {r['error']} | {fmt_s(r['first'])} | "
                  f"{fmt_e(r['rel'])} | — |")
    print()
    if fastest is not None:
        tf = med(fastest["times"])
        print(f"Against neural-tangents' fastest implementation here ({fastest['name']}, "
              f"{fmt_s(tf)} s): spectra's empirical NTK is {faster(tf / ts)}, its whole command "
              f"{faster(tf / tw)}.")
    else:
        print("No neural-tangents implementation ran: no ratio.")
    print(f"Target: spectra's whole command under {TARGET_SECONDS:g} s: "
          + ("met" if tw < TARGET_SECONDS else "**not met**") + f" ({fmt_s(tw)} s).\n")
    print("All runs (s): spectra empirical NTK " + ", ".join(f"{x[0]:.3f}" for x in sp)
          + "; whole command " + ", ".join(f"{x[1]:.2f}" for x in sp)
          + " (CPU " + ", ".join(f"{x[2]:.2f}" for x in sp) + ")"
          + "".join(f"; {r['name']} " + ", ".join(f"{t:.2f}" for t in r["times"])
                    for r in peers.values() if r["times"]) + ".")


if __name__ == "__main__":
    main()
