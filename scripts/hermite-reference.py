#!/usr/bin/env python3
"""Reference values of the squared normalised Hermite coefficients a_n^2 of phi(sqrt(q) Z) for the
smooth activations, at 60 significant digits (mpmath), for the tests of the exact tails
(Tests/SpectraKitTests/Analyses/Spectra/HermiteCoefficientTests.swift).

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install mpmath
    /tmp/venv/bin/python scripts/hermite-reference.py

Method (docs/kernels.md#exact-hermite-coefficients): a_n = sqrt(q)^n E[phi^(n)(sqrt(q) Z)] / sqrt(n!),
and E[phi^(n)(sqrt(q) Z)] is, up to its sign, one of the positive integrals

    J_n(q, c) = int_0^oo w^n exp(-q w^2/2) / sinh(c w) dw                (sigmoid c = pi, tanh c = pi/2)
    L_n(q)    = pi int_0^oo w^n exp(-q w^2/2) cosh(pi w) / sinh(pi w)^2 dw   (silu, even n >= 2)

computed here by mpmath's tanh-sinh quadrature at 60 digits, split at the integrand's peak (a
different rule, precision and variable from spectra's trapezoid rule in log w); gelu from its
closed form with factorials (not spectra's ratio recurrence). Prints log10(a_n^2) per line.
"""
import mpmath as mp

mp.mp.dps = 60


def peak(n, q, c):
    # maximum of w^n exp(-q w^2/2 - c w): the integrand's bulk.
    return (-c + mp.sqrt(c * c + 4 * q * n)) / (2 * q)


def integral(n, q, kernel, c):
    w0 = peak(n, q, c)
    width = 1 / mp.sqrt(q + n / max(w0, mp.mpf('1e-3')) ** 2)
    points = [0] + [w0 + j * width for j in range(-12, 13, 2) if w0 + j * width > 0] + [mp.inf]
    points = sorted(set(points))
    return mp.quad(lambda w: w ** n * mp.exp(-q * w * w / 2) * kernel(w), points)


def sinh_kernel(c):
    return lambda w: 1 / mp.sinh(c * w)


def silu_kernel(w):
    return mp.pi * mp.cosh(mp.pi * w) / mp.sinh(mp.pi * w) ** 2


def amplitude(n, q):
    # sqrt(q)^n / sqrt(n!) squared.
    return q ** n / mp.factorial(n)


def a2(name, n, q):
    q = mp.mpf(q)
    if name == 'sigmoid':
        if n == 0:
            return mp.mpf(1) / 4
        return amplitude(n, q) * integral(n, q, sinh_kernel(mp.pi), mp.pi) ** 2 if n % 2 else mp.mpf(0)
    if name == 'tanh':
        return amplitude(n, q) * integral(n, q, sinh_kernel(mp.pi / 2), mp.pi / 2) ** 2 if n % 2 else mp.mpf(0)
    if name == 'softplus':
        if n == 1:
            return q / 4
        if n == 0 or n % 2:
            return mp.mpf(0) if n else None
        return amplitude(n, q) * integral(n - 1, q, sinh_kernel(mp.pi), mp.pi) ** 2
    if name == 'silu':
        if n == 0:
            return (q * integral(1, q, sinh_kernel(mp.pi), mp.pi)) ** 2
        if n == 1:
            return q / 4
        return amplitude(n, q) * integral(n, q, silu_kernel, mp.pi) ** 2 if n % 2 == 0 else mp.mpf(0)
    if name == 'gelu':
        if n == 0:
            return q * q / (2 * mp.pi * (1 + q))
        if n == 1:
            return q / 4
        if n % 2:
            return mp.mpf(0)
        j = n // 2
        dfact = mp.factorial(2 * j - 2) / (2 ** (j - 1) * mp.factorial(j - 1))   # (2j-3)!!
        e = dfact * (2 * j + q) * (1 + q) ** (-j - mp.mpf(1) / 2) / mp.sqrt(2 * mp.pi)
        return amplitude(n, q) * e * e
    raise ValueError(name)


if __name__ == '__main__':
    cases = [('sigmoid', [1, 3, 5, 21, 201, 1001], ['2', '0.5']),
             ('tanh', [1, 3, 21, 201, 1001], ['2', '0.5']),
             ('softplus', [2, 4, 22, 200, 1000], ['2']),
             ('silu', [0, 2, 4, 22, 200, 1000], ['2', '0.5']),
             ('gelu', [0, 2, 4, 22, 200, 1000], ['2'])]
    for name, ns, qs in cases:
        for q in qs:
            for n in ns:
                v = a2(name, n, q)
                print(f'("{name}", {q}, {n}, {mp.nstr(mp.log10(v), 25)}),')
