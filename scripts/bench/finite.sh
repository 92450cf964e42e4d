#!/usr/bin/env bash
# Benchmark of spectra's empirical NTK of a finite network (release build) against
# neural-tangents' `empirical_ntk_fn`, side by side in one run.
#
# The case of the issue: a fully-connected ReLU network of 5 weight layers (4 hidden layers of
# width 1024, scalar output, NTK parameterisation, weight_var 2, bias_var 0) on 500 points of
# S^9 (d = 10). spectra: `spectra finite init ... --timings --format json`, its whole-process
# wall time and its own `empirical_ntk_seconds` (median of 3); neural-tangents (JAX, float64,
# jit): each of its empirical-NTK implementations (JACOBIAN_CONTRACTION, NTK_VECTOR_PRODUCTS,
# STRUCTURED_DERIVATIVES), compiled on a first call, then timed (median of 3), the fastest one
# being what spectra is measured against. Both sides also report their relative Frobenius error
# against their own analytic NTK. Everything goes to standard output as Markdown, ready to paste
# into the README; build, set-up and progress chatter goes to standard error. About 9 minutes
# on 2 cores (plus the first-time install), nearly all of it neural-tangents' two
# Jacobian-based implementations (see scripts/bench/peer_finite.py).
#
# Run from anywhere in a clone (after the README's set-up; needs python3 with venv and network
# access to PyPI the first time):
#     bash scripts/bench/finite.sh
#     bash scripts/bench/finite.sh --implementations STRUCTURED_DERIVATIVES   # a quick try
# SPECTRA=/path/to/spectra skips the build and benchmarks that binary instead.
# The peers (neural-tangents, the JAX it needs, numpy 1.x, scipy) go into .bench-venv-nt/ at the
# top of the clone (git-ignored, shared with gram.sh), never into the system Python or the
# package's dependencies. BENCH_VENV_NT=/path/to/venv uses an existing virtual environment with
# those packages instead.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

source "$root/scripts/bench/lib.sh"
build_spectra "finite.sh"

# Refused before the peers are installed: a spectra without the command would waste the install.
# (An unknown subcommand's --help prints the top-level help and exits 0: look for the usage line.)
usage="$("$SPECTRA" finite init --help 2>&1 || true)"
if [[ "$usage" != *"spectra finite init"* ]]; then
    echo "finite.sh: $SPECTRA has no \`spectra finite init\` command; build a spectra that has it" \
         "(or point SPECTRA at one)" >&2
    exit 1
fi

neural_tangents_venv "finite.sh"

exec "$VENV/bin/python" "$root/scripts/bench/peer_finite.py" --spectra "$SPECTRA" "$@"
