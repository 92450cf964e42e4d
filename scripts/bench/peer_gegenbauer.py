#!/usr/bin/env python3
# spectra's analytic path (`spectra decay`, release build) against the research-code peer, side by
# side in one run: Gauss-Gegenbauer quadrature in double precision (scipy nodes, numpy profiles,
# normalised Gegenbauer P_k by the three-term recurrence), as in e.g. the eigenlearning code.
#
# Measures, for ntk:depth=3 and laplace, K = 4000 and 10000 on S^2 (d = 3) and K = 500 on S^9
# (d = 10):
#   - wall time of `spectra decay ... --format csv --output FILE` (median of 3 runs, subprocess,
#     so process start-up is included) and of the peer with 1000 nodes (median of 3, in-process,
#     node generation included, interpreter start and imports excluded), and their ratio; the runs
#     of the two alternate, so that load from other processes hits both alike; CPU times beside;
#   - the peer's relative error against spectra's mu_k in the bands |mu_k| >= 1e-12 max and
#     1e-20 max <= |mu_k| < 1e-12 max, and the first degree where it exceeds 1e-6;
#   - the same with 4*K nodes (node generation, O(n^2), timed once; quadrature median of 3).
# Before any of that it checks the numpy profiles against the check values of docs/kernels.md and
# against `spectra kernel`, and the peer itself on a closed form (Gaussian kernel, docs/conventions.md#closed-forms-used-as-tests).
# Prints Markdown on standard output.
#
# Run it through the wrapper, which builds spectra and makes the virtual environment:
#     bash scripts/bench/analytic.sh
# or directly: .bench-venv/bin/python scripts/bench/peer_gegenbauer.py --spectra .build/release/spectra

import argparse
import csv
import datetime
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time

# One BLAS thread: the peer's dot products are 1000 long and gain nothing from threads, and on a
# shared 2-core machine OpenBLAS threads that spin while another process holds the other core
# made single runs 10-20x slower. (spectra's analytic path uses no BLAS and one thread.)
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np
import scipy
from scipy import special
from bench_common import check_math_md_references, machine, ntk_relu

CASES = [  # (spec, d, K)
    ("ntk:depth=3", 3, 4000),
    ("ntk:depth=3", 3, 10000),
    ("ntk:depth=3", 10, 500),
    ("laplace", 3, 4000),
    ("laplace", 3, 10000),
    ("laplace", 10, 500),
]
PEER_NODES = 1000
RUNS = 3
BAND_HIGH = 1e-12  # relative to max |mu_k|
BAND_LOW = 1e-20
THRESHOLD = 1e-6


# ---------------------------------------------------------------- profiles (docs/kernels.md)


def laplace(t, c=1.0):
    t = np.asarray(t, dtype=float)
    return np.exp(-c * np.sqrt(np.maximum(2.0 - 2.0 * t, 0.0)))


def gaussian(t, c=1.0):
    t = np.asarray(t, dtype=float)
    return np.exp(-c * (2.0 - 2.0 * t))


PROFILES = {"ntk:depth=3": lambda t: ntk_relu(t, depth=3), "laplace": laplace}


def validate_profiles(spectra):
    check_math_md_references()
    # The two profiles actually benchmarked, against spectra's own (double-double) values.
    grid = np.linspace(-1.0, 1.0, 201)
    worst = 0.0
    for spec, f in PROFILES.items():
        out = subprocess.run([spectra, "kernel", "--kernel", spec, "--format", "csv",
                              "--points=" + ",".join(repr(float(x)) for x in grid)],
                             check=True, capture_output=True, text=True).stdout
        rows = list(csv.DictReader(out.splitlines()))
        assert len(rows) == len(grid), (spec, len(rows))
        theirs = np.array([float(r["value"]) for r in rows])
        ours = f(np.array([float(r["t"]) for r in rows]))
        err = np.max(np.abs(ours - theirs) / np.maximum(np.abs(theirs), 1e-300))
        assert err < 1e-13, (spec, err)
        worst = max(worst, err)
    return worst


# ---------------------------------------------------------------- the peer (docs/conventions.md)

def c_d(d):
    return 1.0 / math.pi if d == 2 else math.exp(
        math.lgamma(d / 2) - math.lgamma((d - 1) / 2)) / math.sqrt(math.pi)


def nodes(n, d):
    """Gauss nodes and weights for the weight (1-t^2)^((d-3)/2) on [-1, 1]."""
    if d == 2:
        return special.roots_chebyt(n)
    return special.roots_gegenbauer(n, (d - 2) / 2)


def peer_mu(kappa, d, K, t, w):
    """mu_0..mu_K = c_d sum_j w_j kappa(t_j) P_k(t_j), P_k normalised by P_k(1) = 1."""
    f = c_d(d) * w * kappa(t)
    mu = np.empty(K + 1)
    p_prev = np.ones_like(t)
    mu[0] = f.sum()
    if K == 0:
        return mu
    p = t.copy()
    mu[1] = f @ p
    for k in range(1, K):
        p_prev, p = p, ((2 * k + d - 2) * t * p - k * p_prev) / (k + d - 2)
        mu[k + 1] = f @ p
    return mu


def validate_peer():
    """The peer on a smooth profile with a closed form (Gaussian, docs/conventions.md#closed-forms-used-as-tests): its error must be
    at the floor of double precision, measured as |mu_peer - mu_exact| / mu_0 (plain double cannot
    give relative accuracy once mu_k / mu_0 nears 1e-16, docs/accuracy.md). With scipy's 1000-node
    rules that floor is about 4e-13, not 1e-16: the Golub-Welsch weights near the endpoints are
    only good to about 1e-8 relative at this n (numpy's leggauss likewise)."""
    worst = 0.0
    for d in (3, 10):
        t, w = nodes(PEER_NODES, d)
        mu = peer_mu(gaussian, d, 20, t, w)
        k = np.arange(21)
        exact = math.exp(-2) * math.gamma(d / 2) * special.iv(k + d / 2 - 1, 2.0)
        err = np.max(np.abs(mu - exact)) / exact[0]
        assert err < 1e-12, (d, err)
        worst = max(worst, err)
    return worst


# ---------------------------------------------------------------- spectra

def children_cpu():
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_spectra(spectra, spec, d, K, out):
    """(wall, cpu) seconds of one `spectra decay` run writing its CSV to `out`."""
    cmd = [spectra, "decay", "--kernel", spec, "--dim", str(d), "--max-degree", str(K),
           "--format", "csv", "--output", out]
    c0 = children_cpu()
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0, children_cpu() - c0


def run_timed(fn):
    """(wall, cpu, result) of one in-process call."""
    c0 = time.process_time()
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, time.process_time() - c0, result


def read_spectra_csv(path, K):
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == K + 1, (path, len(rows))
    deg = np.array([int(r["degree"]) for r in rows])
    assert np.array_equal(deg, np.arange(K + 1))
    mu = np.array([float(r["eigenvalue"]) for r in rows])
    est = np.array([float(r["error_estimate"]) for r in rows])
    rel = [r["reliability"] for r in rows]
    return mu, est, rel


# ---------------------------------------------------------------- comparison

def fmt(x, digits=2):
    if x is None:
        return "—"
    if isinstance(x, str):
        return x
    if x == 0:
        return "0"
    return f"{x:.{digits}e}"


def compare(mu_ref, mu_peer):
    """Worst relative error of mu_peer in the two bands, first degree off by > THRESHOLD."""
    top = np.max(np.abs(mu_ref))
    a = np.abs(mu_ref)
    nz = a > 0
    rel = np.full_like(mu_ref, np.inf)
    rel[nz] = np.abs(mu_peer[nz] - mu_ref[nz]) / a[nz]
    high = a >= BAND_HIGH * top
    low = (a >= BAND_LOW * top) & ~high
    off = np.nonzero(rel > THRESHOLD)[0]
    useless = np.nonzero(rel > 1e-2)[0]
    K = len(mu_ref) - 1
    return {
        "high": (rel[high].max() if high.any() else None, int(high.sum())),
        "low": (rel[low].max() if low.any() else None, int(low.sum())),
        "first": int(off[0]) if off.size else None,
        "useless": int(useless[0]) if useless.size else None,
        "k200": rel[200] if K >= 200 else None,
        "kK": rel[K],
        "neg": int(np.sum((mu_peer < 0) & (mu_ref > 0))),
    }




def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--spectra", required=True, help="path to the release spectra binary")
    ap.add_argument("--no-4k", action="store_true", help="skip the 4*K-node peer runs")
    args = ap.parse_args()
    spectra = os.path.abspath(args.spectra)

    profile_err = validate_profiles(spectra)
    peer_err = validate_peer()
    version = subprocess.run([spectra, "--version"], capture_output=True, text=True).stdout.strip()

    model, ncpu, nproc = machine()
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print("## Analytic eigenvalues: spectra against Gauss-Gegenbauer quadrature in double\n")
    print(f"- date: {now}")
    print(f"- machine: {model}, nproc {nproc} (of {ncpu} CPUs)")
    print(f"- spectra {version or '(version unknown)'}, release build; "
          f"peer: Python {platform.python_version()}, numpy {np.__version__}, "
          f"scipy {scipy.__version__}")
    print(f"- times: wall clock, median of {RUNS} runs; spectra as a subprocess "
          f"(`spectra decay --kernel SPEC --dim D --max-degree K --format csv --output FILE`, "
          f"process start included), the peer in-process with {PEER_NODES} nodes "
          f"(node generation included, interpreter start and imports excluded); "
          f"runs of the two alternate; one BLAS thread for numpy")
    print(f"- checks passed: numpy NTK profiles = docs/kernels.md reference values (ntk:depth=2, "
          f"ntk:depth=3,bias_var=0.25, nngp:depth=3,bias_var=0.25) to 6e-8; numpy profiles of "
          f"the benchmarked kernels = `spectra kernel` on 201 points to {profile_err:.1e} relative; "
          f"peer = Gaussian closed form (docs/conventions.md#closed-forms-used-as-tests) for k <= 20, d = 3 and 10, to {peer_err:.1e} mu_0\n")

    rows = []
    tmp = tempfile.mkdtemp(prefix="spectra-bench-")
    for spec, d, K in CASES:
        out = os.path.join(tmp, f"{spec.replace(':', '_')}_{d}_{K}.csv")
        kappa = PROFILES[spec]

        def peer():
            t, w = nodes(PEER_NODES, d)
            return peer_mu(kappa, d, K, t, w)
        run_spectra(spectra, spec, d, K, out)  # warm-ups (page cache, first-call costs)
        peer()
        ts, tp = [], []
        for _ in range(RUNS):  # alternate the two, so load from elsewhere hits both alike
            ts.append(run_spectra(spectra, spec, d, K, out))
            wall, cpu, mu_peer = run_timed(peer)
            tp.append((wall, cpu))
        mu_ref, est, rel = read_spectra_csv(out, K)
        row = dict(spec=spec, d=d, K=K,
                   t_spectra=statistics.median(w for w, _ in ts),
                   c_spectra=statistics.median(c for _, c in ts),
                   t_peer=statistics.median(w for w, _ in tp),
                   c_peer=statistics.median(c for _, c in tp),
                   mu_ref=mu_ref, est=est, rel=rel, cmp1=compare(mu_ref, mu_peer))
        rows.append(row)
        sys.stderr.write(f"  {spec} d={d} K={K}: spectra {row['t_spectra']:.3f} s, "
                         f"peer {row['t_peer']:.3f} s\n")

    if not args.no_4k:
        cache = {}
        for row in rows:
            d, K = row["d"], row["K"]
            n = 4 * K
            if (n, d) not in cache:
                t0 = time.perf_counter()
                tw = nodes(n, d)
                cache[(n, d)] = (tw, time.perf_counter() - t0)
            (t, w), t_nodes = cache[(n, d)]
            runs = [run_timed(lambda: peer_mu(PROFILES[row["spec"]], d, K, t, w))
                    for _ in range(RUNS)]
            mu4 = runs[-1][2]
            row["t_peer4"] = (t_nodes, statistics.median(r[0] for r in runs))
            row["cmp4"] = compare(row["mu_ref"], mu4)
            sys.stderr.write(f"  {row['spec']} d={d} K={K}: peer 4K nodes done\n")

    print("### Wall time\n")
    print(f"Seconds, median of {RUNS}; CPU = user + system time of the same runs; the ratio is "
          f"of wall times.\n")
    print(f"| kernel | d | K | spectra wall | spectra CPU | peer ({PEER_NODES} nodes) wall "
          f"| peer CPU | peer / spectra |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| `{r['spec']}` | {r['d']} | {r['K']} | {r['t_spectra']:.3f} | "
              f"{r['c_spectra']:.3f} | {r['t_peer']:.3f} | {r['c_peer']:.3f} | "
              f"{r['t_peer'] / r['t_spectra']:.2f} |")
    if not args.no_4k:
        print(f"\nPeer with 4*K nodes: node generation (`scipy.special.roots_gegenbauer`, "
              f"O(n^2), once per (n, d)) + quadrature of all K degrees (median of {RUNS}).\n")
        print("| kernel | d | K | nodes | node generation (s) | quadrature (s) |")
        print("|---|---:|---:|---:|---:|---:|")
        for r in rows:
            tn, tq = r["t_peer4"]
            print(f"| `{r['spec']}` | {r['d']} | {r['K']} | {4 * r['K']} | {tn:.2f} | {tq:.3f} |")

    print("\n### Accuracy of the peer against spectra\n")
    print("Relative error |mu_peer - mu_spectra| / |mu_spectra| (worst over the band; band sizes "
          "in brackets); max = max_k |mu_k|. \"first > 1e-6\" is the lowest degree where the "
          "peer is off by more than 1e-6, \"first > 1e-2\" where it has lost all but two digits. "
          "\"spectra est.\" is spectra's own worst "
          "error_estimate / |mu_k| in the band.\n")
    print("| kernel | d | K | nodes | >= 1e-12 max | 1e-20 max .. 1e-12 max | first > 1e-6 "
          "| first > 1e-2 | at k = 200 | at k = K | spectra est. (>= 1e-12 max / lower band) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        mu, est = r["mu_ref"], r["est"]
        a = np.abs(mu)
        top = a.max()
        high = a >= BAND_HIGH * top
        low = (a >= BAND_LOW * top) & ~high
        own_h = np.max(est[high] / a[high]) if high.any() else None
        own_l = np.max(est[low] / a[low]) if low.any() else None
        for key, n in (("cmp1", PEER_NODES), ("cmp4", 4 * r["K"])):
            if key not in r:
                continue
            c = r[key]
            print(f"| `{r['spec']}` | {r['d']} | {r['K']} | {n} | "
                  f"{fmt(c['high'][0])} [{c['high'][1]}] | {fmt(c['low'][0])} [{c['low'][1]}] | "
                  f"{c['first'] if c['first'] is not None else 'none'} | "
                  f"{c['useless'] if c['useless'] is not None else 'none'} | {fmt(c['k200'])} | "
                  f"{fmt(c['kK'])} | {fmt(own_h)} / {fmt(own_l)} |")

    print("\nspectra's reliability column:")
    for r in rows:
        counts = {}
        for x in r["rel"]:
            counts[x] = counts.get(x, 0) + 1
        top = np.max(np.abs(r["mu_ref"]))
        below = int(np.sum(np.abs(r["mu_ref"]) < BAND_LOW * top))
        parts = ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
        print(f"- `{r['spec']}` d = {r['d']}, K = {r['K']}: {parts}; "
              f"{below} degrees below 1e-20 max (not compared)")


if __name__ == "__main__":
    main()
