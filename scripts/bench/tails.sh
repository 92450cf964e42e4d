#!/usr/bin/env bash
# Benchmark of the smooth-activation dual series and the exact tails (release build): wall time
# of each new path, and, when SPECTRA_OLD names a binary built before them (the two-dimensional
# quadrature per profile value), of the same command side by side with the ratio old / new.
#
#     bash scripts/bench/tails.sh                          # new paths only
#     SPECTRA_OLD=/path/to/old/spectra bash scripts/bench/tails.sh
# The composed series (depth >= 3 or bias: docs/accuracy.md#composed-network-series) are the last
# five cases. SPECTRA=/path/to/spectra skips the build. Each new time is the median of 3 runs, each old time
# one run, stopped after TIMEOUT seconds (default 300) and reported as "> TIMEOUT".
# Output: a Markdown table on standard output; build chatter on standard error.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
source "$root/scripts/bench/lib.sh"
build_spectra "tails.sh"
limit="${TIMEOUT:-300}"

# median_time RUNS BINARY ARGS...: median wall seconds of RUNS runs (or ">limit" when one times out).
median_time() {
    local runs="$1"; shift
    local binary="$1"; shift
    local times=()
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s.%N)
        if ! timeout "$limit" "$binary" "$@" > /dev/null 2>&1; then
            echo "> $limit"
            return
        fi
        end=$(date +%s.%N)
        times+=("$(python3 -c "print(f'{$end - $start:.3f}')")")
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

cases=(
    "decay --kernel ntk:activation=sigmoid --max-degree 200"
    "decay --kernel ntk:activation=gelu --max-degree 8"
    "decay --kernel ntk:activation=gelu --max-degree 200"
    "decay --kernel ntk:depth=3,activation=tanh,bias_var=0.1 --max-degree 200"
    "decay --kernel nngp:depth=3,activation=sigmoid,weight_var=16,bias_var=0.1 --max-degree 100"
    "decay --kernel ntk:activation=tanh,input_var=80 --max-degree 100"
    "kernel --kernel ntk:activation=tanh,input_var=80 --grid 2000"
    "decay --kernel gaussian --dim 3 --max-degree 300"
    "decay --kernel gaussian --dim 10 --max-degree 500"
    "decay --kernel ntk:activation=erf --dim 3 --max-degree 300"
    "decay --kernel ntk:activation=erf --dim 10 --max-degree 500"
    "decay --kernel ntk:activation=sigmoid --dim 10 --max-degree 300"
    "decay --kernel ntk:activation=sigmoid,depth=3,bias_var=0.1 --dim 10 --max-degree 300"
    "decay --kernel ntk:activation=sigmoid,depth=4,bias_var=0.1 --dim 10 --max-degree 500"
    "decay --kernel ntk:activation=tanh,depth=4,bias_var=0.1 --dim 10 --max-degree 500"
    "decay --kernel ntk:activation=gelu,depth=3 --dim 10 --max-degree 500"
    "decay --kernel ntk:activation=erf,depth=3,bias_var=0.1 --dim 10 --max-degree 500"
)

echo "| command | new (s) | old (s) | old / new |"
echo "| --- | --- | --- | --- |"
for c in "${cases[@]}"; do
    # shellcheck disable=SC2086
    new=$(median_time 3 "$SPECTRA" $c --format csv)
    old="-"; ratio="-"
    if [ -n "${SPECTRA_OLD:-}" ]; then
        # shellcheck disable=SC2086
        old=$(median_time 1 "$SPECTRA_OLD" $c --format csv)
        case "$old" in
            ">"*) ratio="> $(python3 -c "print(f'{$limit / max($new, 1e-3):.0f}')")" ;;
            *) ratio=$(python3 -c "print(f'{$old / max($new, 1e-3):.0f}')") ;;
        esac
    fi
    echo "| \`spectra $c\` | $new | $old | $ratio |"
done
