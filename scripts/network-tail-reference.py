#!/usr/bin/env python3
"""Reference eigenvalues mu_k of a sigmoid NTK of depth 3 with bias on S^2 and S^9, down to below
1e-100 of mu_0, for the tests of the composed exact tails
(Tests/SpectraKitTests/Analyses/Spectra/SeriesSpectrumTests.swift).

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install mpmath numpy
    /tmp/venv/bin/python scripts/network-tail-reference.py 1700          # depth 3, input_var=0.5, bias_var=0.1
    /tmp/venv/bin/python scripts/network-tail-reference.py 3000 depth2   # depth 2, input_var=2, no bias

Independent of spectra's code path in method and arithmetic:
- the Hermite coefficients a_n^2 = q^n J_n^2 / n! of sigmoid(sqrt(q) Z), J_n = int_0^oo w^n
  e^{-q w^2/2} / sinh(pi w) dw (docs/kernels.md#exact-hermite-coefficients), at 60 digits with
  mpmath: for n < 60 by tanh-sinh quadrature; for n >= 60 by the series over the poles,
  1/sinh(pi w) = 2 sum_k e^{-(2k+1) pi w}, each I_n(b) = int_0^oo w^n e^{-q w^2/2 - b w} dw by the
  recurrence q I_{n+1} = n I_{n-1} - b I_n from the erfc closed forms of I_0 and I_1 (spectra uses
  a trapezoid rule in log w);
- E[sigmoid(sqrt(q) Z)^2] for the next layer's variance by tanh-sinh quadrature;
- the layer recursion composed as power series in t by plain Horner's rule in 80-bit long double
  (numpy), truncated at degree M (spectra: baby-step giant-step in double with error bounds);
- mu_k = sum_n b_n T(d, n, k) with T from log-gamma at 60 digits.
Run with two M to see the truncation is below the printed digits. Prints (d, k, log10 mu_k).
"""
import sys

import mpmath as mp
import numpy as np

mp.mp.dps = 60

SW2 = mp.mpf(2)
SB2 = mp.mpf('0.1')
IV = mp.mpf('0.5')


def sigmoid(x):
    return 1 / (1 + mp.exp(-x))


def j_quad(n, q):
    w0 = (-mp.pi + mp.sqrt(mp.pi ** 2 + 4 * q * n)) / (2 * q)
    width = 1 / mp.sqrt(q + n / max(w0, mp.mpf('1e-3')) ** 2)
    points = sorted(set([0] + [w0 + j * width for j in range(-12, 13, 2) if w0 + j * width > 0] + [mp.inf]))
    return mp.quad(lambda w: w ** n * mp.exp(-q * w * w / 2) / mp.sinh(mp.pi * w), points)


def j_poles(q, count, poles=80):
    """J_n(q, pi) for n < count by the pole series (accurate for n >= 60)."""
    total = [mp.mpf(0)] * count
    top = 3 * count + 500
    for k in range(poles):
        b = (2 * k + 1) * mp.pi
        i0 = mp.sqrt(mp.pi / (2 * q)) * mp.exp(b * b / (2 * q)) * mp.erfc(b / mp.sqrt(2 * q))
        # Miller: I_{n-1} = (q I_{n+1} + b I_n) / n backward (positive terms, stable) from an
        # arbitrary start far above, normalised by the closed form of I_0.
        seq = [mp.mpf(0)] * (top + 2)
        seq[top] = mp.mpf(1)
        for n in range(top, 0, -1):
            seq[n - 1] = (q * seq[n + 1] + b * seq[n]) / n
        scale = i0 / seq[0]
        for n in range(count):
            total[n] += 2 * seq[n] * scale
    return total


def squares(q, count):
    """a_n^2 of sigmoid(sqrt(q) Z), n < count."""
    with mp.workdps(80):
        poles = j_poles(mp.mpf(q), count)
    a2 = [mp.mpf(0)] * count
    a2[0] = mp.mpf(1) / 4
    for n in range(1, count, 2):
        j = j_quad(n, q) if n < 60 else poles[n]
        a2[n] = q ** n * j * j / mp.factorial(n)
    return a2


def check_poles(q):
    with mp.workdps(80):
        poles = j_poles(mp.mpf(q), 1003)
    for n in (61, 201, 1001):
        rel = abs(poles[n] / j_quad(n, q) - 1)
        print(f'# pole series vs quadrature at n = {n}: relative difference {mp.nstr(rel, 3)}', file=sys.stderr)


def truncated_product(a, b, m):
    na, nb = np.flatnonzero(a), np.flatnonzero(b)
    if len(na) == 0 or len(nb) == 0:
        return np.zeros(m, dtype=np.longdouble)
    c = np.zeros(m, dtype=np.longdouble)
    full = np.convolve(a[:na[-1] + 1], b[:nb[-1] + 1])[:m]
    c[:len(full)] = full
    return c


def compose(f, rho, m):
    """f(rho(t)) truncated at degree m, by Horner's rule."""
    if rho[0] == 0 and rho[1] == 1 and not rho[2:].any():
        return np.array(f[:m], dtype=np.longdouble)          # rho = t (depth 2 without bias)
    h = np.zeros(m, dtype=np.longdouble)
    for coefficient in reversed(f):
        h = truncated_product(h, rho, m)
        h[0] += coefficient
    return h


def main():
    global IV, SB2
    m = int(sys.argv[1]) if len(sys.argv) > 1 else 1500
    layers = 2
    if len(sys.argv) > 2 and sys.argv[2] == 'depth2':
        layers, IV, SB2 = 1, mp.mpf(2), mp.mpf(0)
    q = IV + SB2
    sigma_t = np.zeros(m, dtype=np.longdouble)
    sigma_t[0] = np.longdouble(str(SB2))
    sigma_t[1] = np.longdouble(str(IV))
    theta_t = sigma_t.copy()
    check_poles(q)
    for layer in range(layers):
        count = m + 2
        a2 = squares(q, count + 1)
        f = [np.longdouble(mp.nstr(a2[n], 40)) for n in range(count)]
        g = [np.longdouble(mp.nstr((n + 1) * a2[n + 1] / q, 40)) for n in range(count)]
        tail = mp.fsum(a2[count - 40:])
        print(f'# layer {layer + 1}: q = {mp.nstr(q, 20)}, last 40 coefficients sum to {mp.nstr(tail, 3)}', file=sys.stderr)
        rho = sigma_t / np.longdouble(mp.nstr(q, 40))
        big_f = compose(f, rho, m)
        big_g = compose(g, rho, m)
        second = mp.quad(lambda z: sigmoid(mp.sqrt(q) * z) ** 2 * mp.npdf(z), [-mp.inf, 0, mp.inf])
        sigma_t = np.longdouble(str(SW2)) * big_f
        sigma_t[0] += np.longdouble(str(SB2))
        theta_t = sigma_t + np.longdouble(str(SW2)) * truncated_product(big_g, theta_t, m)
        q = SW2 * second + SB2
        print(f'# layer {layer + 1}: Sigma(1) from the series {sigma_t.sum()} vs q = {mp.nstr(q, 20)}', file=sys.stderr)
    b = [mp.mpf(str(x)) for x in theta_t]
    print(f'# kappa(1) = {mp.nstr(mp.fsum(b), 20)}', file=sys.stderr)
    for d in (3, 10):
        mus = {}
        for k in (0, 1, 50, 101, 150, 200, 250, 299, 300):
            total = mp.mpf(0)
            for n in range(k, m, 2):
                if b[n] == 0:
                    continue
                log_t = (mp.loggamma(n + 1) + mp.loggamma(mp.mpf(d) / 2) - n * mp.log(2)
                         - mp.loggamma((n - k) // 2 + 1) - mp.loggamma(mp.mpf(n + k + d) / 2))
                total += b[n] * mp.exp(log_t)
            mus[k] = total
            print(f'({d}, {k}, {mp.nstr(mp.log10(total), 20)}),')


if __name__ == '__main__':
    main()
