#!/usr/bin/env bash
# The network kernels of every activation neural-tangents computes in closed form, against
# spectra's: NNGP and NTK profiles kappa(t) on 401 correlations t in [-1, 1], for several depths,
# weight and bias variances (an accuracy comparison with the peer, not a timing). Also the smooth
# activations spectra computes by dual series (sigmoid, tanh, silu, softplus) against
# neural-tangents' numerical Gauss-Hermite rule (ElementwiseNumerical), which is only as accurate
# as its quadrature. Markdown on standard output, chatter on standard error; about a minute.
#
#     bash scripts/bench/activations.sh
# SPECTRA=/path/to/spectra skips the build; the peer goes into .bench-venv-nt/ as for gram.sh.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
source "$root/scripts/bench/lib.sh"
build_spectra "activations.sh"
neural_tangents_venv "activations.sh"
exec "$VENV/bin/python" "$root/scripts/bench/peer_activations.py" --spectra "$SPECTRA" "$@"
