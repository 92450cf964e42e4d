#!/usr/bin/env bash
# Installs what spectra-mpi (MPI/, docs/distributed.md) builds against, when missing: spectra's
# own packages (scripts/install-deps.sh), Open MPI, ScaLAPACK built for Open MPI and ELPA.
# Needs root or sudo for apt-get. One-machine users of spectra never need this.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/install-deps.sh
packages=(openmpi-bin libopenmpi-dev libscalapack-openmpi-dev libelpa-dev)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "spectra-mpi: installing ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
