#!/usr/bin/env bash
# Installs the Debian packages spectra builds against, when they are missing:
# OpenBLAS (cblas), LAPACKE, FFTW3 and pkg-config. Needs root or sudo for apt-get.
set -euo pipefail
packages=(liblapacke-dev libopenblas-dev libfftw3-dev pkg-config)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "spectra: installing ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
