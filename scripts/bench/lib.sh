# Shared by the benchmark scripts in scripts/bench: `source` it, then call build_spectra NAME.
# build_spectra: builds spectra in release unless SPECTRA names a binary already, and sets SPECTRA.
build_spectra() {
    local name="$1"
    if [ -z "${SPECTRA:-}" ]; then
        echo "$name: swift build -c release" >&2
        swift build -c release >&2
        SPECTRA="$(swift build -c release --show-bin-path)/spectra"
    fi
    if [ ! -x "$SPECTRA" ]; then
        echo "$name: no spectra executable at $SPECTRA" >&2
        exit 1
    fi
}
