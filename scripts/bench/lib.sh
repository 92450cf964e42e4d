# Shared by the benchmark scripts in scripts/bench: `source` it (with $root set), then call build_spectra NAME.
# build_spectra: builds spectra in release unless SPECTRA names a binary already, and sets SPECTRA.
build_spectra() {
    local name="$1"
    if [ -z "${SPECTRA:-}" ]; then
        echo "$name: swift build -c release" >&2
        swift build -c release -Xcxx -DNDEBUG >&2
        SPECTRA="$(swift build -c release -Xcxx -DNDEBUG --show-bin-path)/spectra"
    fi
    if [ ! -x "$SPECTRA" ]; then
        echo "$name: no spectra executable at $SPECTRA" >&2
        exit 1
    fi
}

# neural_tangents_venv NAME: sets VENV to a Python environment with neural-tangents 0.6.5, the
# JAX 0.4.23 it needs, numpy 1.x and scipy (BENCHMARKS.md): BENCH_VENV_NT if set (checked), else
# .bench-venv-nt/ at the top of the clone (git-ignored), made from PyPI when missing.
neural_tangents_venv() {
    local name="$1"
    local check='import jax, jaxlib, neural_tangents, numpy, scipy'
    if [ -n "${BENCH_VENV_NT:-}" ]; then
        VENV="$BENCH_VENV_NT"
        if ! TF_CPP_MIN_LOG_LEVEL=3 "$VENV/bin/python" -c "$check" 2>/dev/null; then
            echo "$name: BENCH_VENV_NT=$VENV lacks jax, neural-tangents, numpy or scipy" >&2
            exit 1
        fi
    else
        VENV="$root/.bench-venv-nt"
        if ! TF_CPP_MIN_LOG_LEVEL=3 "$VENV/bin/python" -c "$check" 2>/dev/null; then
            echo "$name: making $VENV with neural-tangents 0.6.5, jax 0.4.23, numpy 1.x from PyPI" >&2
            python3 -m venv "$VENV" >&2
            "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
                "jax==0.4.23" "jaxlib==0.4.23" "neural-tangents==0.6.5" "numpy<2" "scipy<1.14" >&2
        fi
    fi
}
