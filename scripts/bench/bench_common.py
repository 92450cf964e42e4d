"""Helpers shared by the benchmark peers in scripts/bench (imported from the script's folder)."""
import os

import numpy as np


def machine():
    """(CPU model, CPUs of the machine, CPUs this process may use)."""
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return model, os.cpu_count(), len(os.sched_getaffinity(0))


def ntk_relu(t, depth=3, weight_var=2.0, bias_var=0.0, input_var=None, beta=0.0, nngp=False):
    """NTK (or NNGP) of a ReLU network of `depth` weight layers on unit-norm inputs, t = <x,y>."""
    sw2, sb2 = weight_var, bias_var
    iv = sw2 if input_var is None else input_var
    t = np.asarray(t, dtype=float)
    s = iv * t + sb2            # S^1_xy
    sxx = iv + sb2              # S^1_xx = S^1_yy
    theta = s + beta**2
    for _ in range(depth - 1):
        r = sxx                 # sqrt(S_xx S_yy)
        c = np.clip(s / r, -1.0, 1.0)
        a = np.arccos(c)
        e_phi = r * (np.sin(a) + (np.pi - a) * c) / (2 * np.pi)
        e_dot = (np.pi - a) / (2 * np.pi)
        s = sw2 * e_phi + sb2
        sdot = sw2 * e_dot
        theta = s + beta**2 + theta * sdot
        sxx = sw2 * r / 2 + sb2  # E[phi(u)^2] = S_xx / 2 for ReLU
    return s if nngp else theta


def check_math_md_references():
    """The numpy recursion against the check values of docs/kernels.md (given to 8-9 digits)."""
    ts = np.array([-1.0, -0.5, 0.0, 0.5, 0.9, 1.0])
    refs = [
        (ntk_relu(ts, depth=2), [0, -0.11533777, 0.63661977, 1.88466223, 3.36065747, 4]),
        (ntk_relu(ts, depth=3, bias_var=0.25),
         [1.1822713, 1.58314966, 2.46358596, 3.98633543, 6.17357246, 7.5]),
        (ntk_relu(ts, depth=3, bias_var=0.25, nngp=True),
         [1.21314172, 1.38697315, 1.6713056, 2.0917032, 2.58276986, 2.75]),
    ]
    for got, want in refs:
        assert np.allclose(got, want, rtol=0, atol=6e-8), (got, want)
