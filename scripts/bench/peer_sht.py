#!/usr/bin/env python3
# spectra's spherical harmonic transform on S^2 against ducc0's `sht` (BENCHMARKS.md), side by
# side in one run, on the same Gauss-Legendre grid: L + 1 rings, 2L + 2 longitudes (ducc0's
# geometry "GL"), spin 0, both with 2 threads.
#
# Measures, for L = 256, 512, 1024:
#   - synthesis and analysis wall time, median of 5 after one warm-up call, of spectra (the
#     release-mode test `SHTBenchmark`, run with SPECTRA_BENCH_SHT=1, which prints one JSON line;
#     its plan, made once per L, is timed apart) and of ducc0 (`synthesis_2d` / `analysis_2d`,
#     in-process), and their ratios spectra / ducc0;
#   - the round-trip max error (analysis of the synthesis, minus the input) of unit-variance
#     random coefficients in each tool's own convention (spectra: real c_lm; ducc0: complex
#     a_lm with real and imaginary parts N(0, 1), m = 0 real), as the max over real numbers.
# Before that it checks that the two tools agree, at L = 64: spectra's map of seeded
# coefficients (written by the same test, SPECTRA_BENCH_SHT_CHECK) against ducc0's synthesis of
# the same coefficients converted to ducc0's convention, and ducc0's analysis of spectra's map
# against the coefficients. Conventions: spectra's real harmonics are orthonormal for the
# probability measure (no Condon-Shortley phase), ducc0's complex ones for the area 4 pi (with
# it), so a_l0 = sqrt(4 pi) c_l0 and a_lm = (-1)^m sqrt(2 pi) (c_lm - i c_l,-m) for m >= 1.
# Prints Markdown on standard output; progress on standard error.
#
# Run it through the wrapper, which builds spectra and makes the virtual environment:
#     bash scripts/bench/sht.sh
# or directly (after `swift build -c release --build-tests -Xswiftc -enable-testing`):
#     .bench-venv-sht/bin/python scripts/bench/peer_sht.py --root .

import argparse
import datetime
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import ducc0
from bench_common import machine

RUNS = 5
THREADS = 2
CHECK_L = 64


def log(message):
    print(f"peer_sht.py: {message}", file=sys.stderr, flush=True)


def ducc0_index(l, m, lmax):
    """ducc0's (healpy's) m-major a_lm index."""
    return m * (2 * lmax + 1 - m) // 2 + l


def spectra_to_ducc0(c, lmax):
    """Real probability-normalised c_lm (index l^2 + l + m) -> ducc0's complex a_lm (m >= 0)."""
    alm = np.zeros((lmax + 1) * (lmax + 2) // 2, dtype=np.complex128)
    for l in range(lmax + 1):
        centre = l * l + l
        alm[ducc0_index(l, 0, lmax)] = math.sqrt(4 * math.pi) * c[centre]
        for m in range(1, l + 1):
            sign = -1.0 if m % 2 else 1.0
            alm[ducc0_index(l, m, lmax)] = sign * math.sqrt(2 * math.pi) * complex(c[centre + m], -c[centre - m])
    return alm


def ducc0_to_spectra(alm, lmax):
    c = np.zeros((lmax + 1) ** 2)
    for l in range(lmax + 1):
        centre = l * l + l
        c[centre] = alm[ducc0_index(l, 0, lmax)].real / math.sqrt(4 * math.pi)
        for m in range(1, l + 1):
            sign = -1.0 if m % 2 else 1.0
            a = sign * alm[ducc0_index(l, m, lmax)] / math.sqrt(2 * math.pi)
            c[centre + m] = a.real
            c[centre - m] = -a.imag
    return c


def synthesis(alm, lmax):
    return ducc0.sht.synthesis_2d(alm=alm.reshape(1, -1), lmax=lmax, spin=0, ntheta=lmax + 1, nphi=2 * lmax + 2,
                                  geometry="GL", nthreads=THREADS)


def analysis(m, lmax):
    return ducc0.sht.analysis_2d(map=m, lmax=lmax, spin=0, geometry="GL", nthreads=THREADS)


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def ducc0_bench(lmax, seed):
    rng = np.random.default_rng(seed)
    n = (lmax + 1) * (lmax + 2) // 2
    alm = rng.standard_normal(n) + 1j * rng.standard_normal(n)
    alm[:lmax + 1] = alm[:lmax + 1].real  # m = 0 (the first lmax + 1 entries) real
    m = synthesis(alm, lmax)
    back = analysis(m, lmax)
    diff = back.reshape(-1) - alm
    error = max(np.abs(diff.real).max(), np.abs(diff.imag).max())
    syn, ana = [], []
    for _ in range(RUNS):
        t, m = timed(lambda: synthesis(alm, lmax))
        syn.append(t)
        t, _ = timed(lambda: analysis(m, lmax))
        ana.append(t)
    return {"synthesis": statistics.median(syn), "analysis": statistics.median(ana), "error": error}


def run_spectra(root, bandlimits, check_path):
    env = dict(os.environ)
    env["SPECTRA_BENCH_SHT"] = "1"
    env["SPECTRA_BENCH_SHT_BANDLIMITS"] = ",".join(str(l) for l in bandlimits)
    env["SPECTRA_BENCH_SHT_CHECK"] = check_path
    cmd = ["swift", "test", "-c", "release", "-Xswiftc", "-enable-testing", "--skip-build", "--filter", "SHTBenchmark"]
    out = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
    for line in out.stdout.splitlines():
        if line.startswith("SHT_BENCH_JSON "):
            return json.loads(line[len("SHT_BENCH_JSON "):])
    sys.stderr.write(out.stdout[-4000:] + out.stderr[-4000:])
    raise SystemExit("peer_sht.py: the SHTBenchmark test printed no SHT_BENCH_JSON line (built with --build-tests?)")


def cross_check(check_path):
    with open(check_path) as f:
        data = json.load(f)
    lmax = data["L"]
    c = np.array(data["coefficients"])
    spectra_map = np.array(data["map"]).reshape(lmax + 1, 2 * lmax + 2)
    ducc0_map = synthesis(spectra_to_ducc0(c, lmax), lmax)[0]
    scale = np.abs(spectra_map).max()
    map_error = np.abs(ducc0_map - spectra_map).max()
    back = ducc0_to_spectra(analysis(spectra_map.reshape(1, lmax + 1, -1), lmax)[0], lmax)
    coefficient_error = np.abs(back - c).max()
    return lmax, scale, map_error, coefficient_error




def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", required=True, help="the spectra package root (built with --build-tests)")
    parser.add_argument("--bandlimits", default="256,512,1024")
    args = parser.parse_args()
    bandlimits = [int(x) for x in args.bandlimits.split(",")]

    with tempfile.TemporaryDirectory() as tmp:
        check_path = os.path.join(tmp, "check.json")
        log("running spectra's SHTBenchmark test (release)")
        spectra = run_spectra(args.root, bandlimits, check_path)
        log("cross-checking the conventions against ducc0 at L = 64")
        check_l, scale, map_error, coefficient_error = cross_check(check_path)
    rows = []
    for r in spectra["results"]:
        lmax = r["L"]
        log(f"ducc0 at L = {lmax}")
        d = ducc0_bench(lmax, seed=lmax)
        rows.append((r, d))

    model, ncpu, nproc = machine()
    now = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    print("## Spherical harmonic transform on S^2: spectra against ducc0\n")
    print(f"- date: {now}")
    print(f"- machine: {model}, nproc {nproc} (of {ncpu} CPUs)")
    print(f"- ducc0 {ducc0.__version__} (PyPI), numpy {np.__version__}, Python {platform.python_version()}; "
          f"spectra release build (`SHTBenchmark` test)")
    print(f"- grid: Gauss-Legendre, L + 1 rings x 2L + 2 longitudes; spin 0; {THREADS} threads in both")
    print(f"- times: wall clock, median of {RUNS} after one warm-up call, plan excluded (spectra's plan, "
          f"made once per L with FFTW_MEASURE, is listed apart)")
    print(f"- conventions agree (L = {check_l}): max |ducc0 synthesis - spectra map| = {map_error:.1e} "
          f"(map scale {scale:.1f}, relative {map_error / scale:.1e}); max |ducc0 analysis of spectra's map - c| "
          f"= {coefficient_error:.1e}\n")
    print("| L | synthesis spectra (s) | synthesis ducc0 (s) | ratio | analysis spectra (s) | analysis ducc0 (s) "
          "| ratio | round trip spectra | round trip ducc0 | spectra plan (s) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r, d in rows:
        print(f"| {r['L']} | {r['synthesis_median']:.4f} | {d['synthesis']:.4f} | "
              f"{r['synthesis_median'] / d['synthesis']:.2f} | {r['analysis_median']:.4f} | {d['analysis']:.4f} | "
              f"{r['analysis_median'] / d['analysis']:.2f} | {r['roundtrip_max_error']:.1e} | {d['error']:.1e} | "
              f"{r['plan_seconds']:.2f} |")
    print("\nRatio = spectra / ducc0 (below 1: spectra faster). Round trip: max |analysis(synthesis(c)) - c| "
          "over all real coefficient components, unit-variance random c.")


if __name__ == "__main__":
    main()
