"""spectra's network kernels against neural-tangents' (run by activations.sh).

For each activation, depth, weight and bias variance: neural-tangents' stax.serial of
(depth - 1) x [Dense, activation] and a Dense read-out in its NTK parameterisation
(W_std = sqrt(weight_var), b_std = sqrt(bias_var); the first layer's W_std = sqrt(input_var) on
inputs scaled by sqrt(dim), since its Dense divides by sqrt(fan_in)), evaluated in float64 between
x = e_1 and y = t e_1 + sqrt(1 - t^2) e_2; spectra's `spectra kernel` at the same t. The figure is
max |difference| / max |kappa| over t, for the NNGP and the NTK.
"""
import argparse
import csv
import math
import os
import subprocess
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import jax

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp
from neural_tangents import stax

DIM = 3
GRID = np.linspace(-1.0, 1.0, 401)

# (spectra activation with its keys, neural-tangents layer factory, kind): "closed" = the peer's closed form,
# "numerical" = its Gauss-Hermite ElementwiseNumerical rule.
ACTIVATIONS = [
    ("relu", lambda: stax.Relu(), "closed"),
    ("erf", lambda: stax.Erf(), "closed"),
    ("gelu", lambda: stax.Gelu(approximate=False), "closed"),
    ("leaky_relu,slope=0.1", lambda: stax.LeakyRelu(0.1), "closed"),
    ("abrelu,a=-0.5,b=2", lambda: stax.ABRelu(-0.5, 2.0), "closed"),
    ("abs", lambda: stax.Abs(), "closed"),
    ("sin", lambda: stax.Sin(), "closed"),
    ("cos", lambda: stax.Cos(), "closed"),
    ("identity", lambda: stax.Identity(), "closed"),
    ("sigmoid", lambda: stax.ElementwiseNumerical(jax.nn.sigmoid, deg=200), "numerical"),
    ("tanh", lambda: stax.ElementwiseNumerical(jnp.tanh, deg=200), "numerical"),
    ("silu", lambda: stax.ElementwiseNumerical(jax.nn.silu, deg=200), "numerical"),
    ("softplus", lambda: stax.ElementwiseNumerical(jax.nn.softplus, deg=200), "numerical"),
]
# (depth, weight_var, bias_var)
NETWORKS = [(2, 1.0, 0.0), (3, 2.0, 0.1), (5, 1.5, 0.5)]


def say(msg):
    sys.stderr.write(f"activations: {msg}\n")
    sys.stderr.flush()


def peer(factory, depth, weight_var, bias_var):
    layers = []
    for _ in range(depth - 1):
        layers += [stax.Dense(1, W_std=math.sqrt(weight_var), b_std=math.sqrt(bias_var)), factory()]
    layers.append(stax.Dense(1, W_std=math.sqrt(weight_var), b_std=math.sqrt(bias_var)))
    _, _, kernel_fn = stax.serial(*layers)
    x = np.zeros((1, DIM))
    x[0, 0] = 1.0
    y = np.zeros((len(GRID), DIM))
    y[:, 0] = GRID
    y[:, 1] = np.sqrt(np.maximum(0.0, 1.0 - GRID ** 2))
    scale = math.sqrt(DIM)  # the first Dense divides by sqrt(fan_in)
    k = kernel_fn(jnp.asarray(x * scale), jnp.asarray(y * scale), get=("nngp", "ntk"))
    return np.asarray(k.nngp)[0], np.asarray(k.ntk)[0]


def ours(spectra, kind, activation, depth, weight_var, bias_var):
    spec = (f"{kind}:depth={depth},activation={activation},weight_var={weight_var!r},"
            f"bias_var={bias_var!r},input_var={weight_var!r}")
    out = subprocess.run([spectra, "kernel", "--kernel", spec, "--format", "csv",
                          "--points=" + ",".join(repr(float(t)) for t in GRID)],
                         check=True, capture_output=True, text=True).stdout
    rows = list(csv.DictReader(out.splitlines()))
    assert len(rows) == len(GRID), (spec, len(rows))
    return np.array([float(r["value"]) for r in rows])


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--spectra", required=True)
    args = ap.parse_args()
    import neural_tangents
    print(f"## Network kernels against neural-tangents {neural_tangents.__version__} "
          f"(JAX {jax.__version__}, float64)\n")
    print("max |spectra - neural-tangents| / max |kappa| over 401 values of t in [-1, 1]; "
          "networks (depth, weight_var, bias_var) with input_var = weight_var.\n")
    header = " | ".join(f"D={d}, sw2={w:g}, sb2={b:g}: NNGP / NTK" for d, w, b in NETWORKS)
    print(f"| activation | peer | {header} |")
    print("|---|---|" + "---:|" * len(NETWORKS))
    for activation, factory, kind in ACTIVATIONS:
        cells = []
        for depth, w, b in NETWORKS:
            say(f"{activation}, depth {depth}")
            p_nngp, p_ntk = peer(factory, depth, w, b)
            s_nngp = ours(args.spectra, "nngp", activation, depth, w, b)
            s_ntk = ours(args.spectra, "ntk", activation, depth, w, b)
            e1 = np.max(np.abs(s_nngp - p_nngp)) / np.max(np.abs(s_nngp))
            e2 = np.max(np.abs(s_ntk - p_ntk)) / np.max(np.abs(s_ntk))
            cells.append(f"{e1:.1e} / {e2:.1e}")
        peer_kind = "closed form" if kind == "closed" else "Gauss-Hermite, 200 nodes"
        print(f"| {activation.replace(',', ' ', 1)} | {peer_kind} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
