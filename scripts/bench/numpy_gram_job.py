"""The whole `spectra decay --method gram` job done with numpy, as a researcher would script it:
read the points (CSV, one per row), normalise them onto the sphere, build the ReLU NTK Gram
matrix with the vectorised recursion of bench_common.ntk_relu, compute every eigenvalue of K/n
with eigvalsh, and write them (descending) as JSON.

    python numpy_gram_job.py POINTS.csv DEPTH OUT.json
"""
import json
import sys

import numpy as np

from bench_common import ntk_relu


def main():
    points, depth, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    X = np.loadtxt(points, delimiter=",", ndmin=2)
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    n = X.shape[0]
    K = ntk_relu(np.clip(X @ X.T, -1.0, 1.0), depth=depth)
    K /= n
    w = np.linalg.eigvalsh(K)[::-1]
    with open(out, "w") as fh:
        json.dump({"eigenvalues": w.tolist()}, fh)


if __name__ == "__main__":
    main()
