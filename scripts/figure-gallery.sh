#!/usr/bin/env bash
# Draws one figure of every kind `spectra plot` knows, from small real runs, into DIR: the
# tables (CSV), each figure as SVG and as pgfplots (.tex with its .csv). Then
#   bash scripts/render-figures.sh DIR && bash scripts/check-pgfplots.sh DIR
# turn them into PNGs to look at. Needs a release build (bash scripts/run.sh builds one);
# $SPECTRA overrides the executable. About a minute on two cores.
# Usage: bash scripts/figure-gallery.sh DIR
set -euo pipefail
if [ $# -ne 1 ]; then echo "usage: bash scripts/figure-gallery.sh DIR" >&2; exit 2; fi
root=$(cd "$(dirname "$0")/.." && pwd)
spectra=${SPECTRA:-$root/.build/release/spectra}
[ -x "$spectra" ] || { echo "figure-gallery: no executable at $spectra (run: swift build -c release)" >&2; exit 1; }
mkdir -p "$1"
cd "$1"
data=$root/data

# plot KIND NAME INPUT [--fit FIT] [more plot options]: NAME.svg and NAME.tex (+ NAME.csv).
plot() {
  local kind=$1 name=$2; shift 2
  "$spectra" plot --kind "$kind" --output "$name.svg" "$@"
  "$spectra" plot --kind "$kind" --output "$name.tex" "$@"
  echo "figure-gallery: $name.svg, $name.tex"
}

kernels=(--kernel laplace --kernel ntk:depth=3,bias_var=0.25 --kernel gexp:gamma=0.5)
"$spectra" decay "${kernels[@]}" --max-degree 1000 --fit-range 100:1000 --format csv --table spectrum --output decay-spectrum.csv
"$spectra" decay "${kernels[@]}" --max-degree 1000 --fit-range 100:1000 --format csv --table fit --output decay-fit.csv
plot decay decay --input decay-spectrum.csv --fit decay-fit.csv

"$spectra" decay --kernel ntk --dim 10 --max-degree 200 --format csv --table spectrum --output zeros-spectrum.csv
"$spectra" decay --kernel ntk --dim 10 --max-degree 200 --format csv --table fit --output zeros-fit.csv
plot decay decay-zeros --input zeros-spectrum.csv --fit zeros-fit.csv

"$spectra" decay "${kernels[@]}" --max-degree 2000 --fit-range 10:2000 --slopes --format csv --table slopes --output slopes.csv
"$spectra" decay "${kernels[@]}" --max-degree 2000 --fit-range 10:2000 --format csv --table fit --output slopes-fit.csv
plot slopes slopes --input slopes.csv --fit slopes-fit.csv

gram=(--kernel ntk:depth=3,bias_var=0.25 --kernel laplace --method gram --samples 1500 --seed 1)
"$spectra" decay "${gram[@]}" --format csv --table spectrum --output gram-spectrum.csv
"$spectra" decay "${gram[@]}" --format csv --table fit --output gram-fit.csv
plot gram gram --input gram-spectrum.csv --fit gram-fit.csv

align=(--kernel ntk:depth=3,bias_var=0.25 --kernel laplace --kernel gexp:gamma=0.5 --samples 1500 --seed 1 --top 64)
"$spectra" align "${align[@]}" --format csv --table energies --output energies.csv
"$spectra" align "${align[@]}" --format csv --table alignment --output alignment.csv
plot projections projections --input energies.csv --only ntk:depth=3,bias_var=0.25
plot overlap overlap --input alignment.csv

"$spectra" rkhs --kernel ntk --kernel laplace --target relu --target sin:w=3 --max-degree 300 --format csv --table partial_sums --output partial-sums.csv
plot partial_sums partial-sums --input partial-sums.csv

"$spectra" finite init --depths 3,6 --widths 16,32,64,128,256 --variances 1.5:0.1,2:0 --seeds 5 --samples 20 --format csv --table runs --output init-runs.csv
plot width width --input init-runs.csv

"$spectra" finite train --data "$data/diabetes.csv" --target progression --depths 3 --widths 64,512 --steps 300 --checkpoints 15 --seeds 3 --format csv --table runs --output train-runs.csv
plot training training-loss --input train-runs.csv
plot training training-kernel --input train-runs.csv --y kernel_change

"$spectra" finite add-layer --data "$data/diabetes.csv" --target progression --depth 2 --width 128 --steps 200 --seeds 4 --format csv --table summary --output add-layer.csv
plot bars add-layer --input add-layer.csv

"$spectra" regress --kernel ntk --kernel ntk:depth=4 --kernel laplace --kernel gexp:gamma=0.5 --kernel gaussian --data "$data/diabetes.csv" --target progression --format csv --output regress.csv
plot bars regress --input regress.csv
