#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer, with AddressSanitizer) of every parser a user's text
# reaches: kernel specs, point sets, labelled data tables, list- and pair-valued options, rkhs
# targets and study files. The targets are the package in Fuzz/ (Fuzz/README.md lists the
# invariants each checks); their seed corpora are Fuzz/Corpus/TARGET.
#
# Usage: bash scripts/fuzz.sh [--smoke] [--seconds N] [TARGET...]
#   default: 300 s per target, randomly seeded; --smoke: 20 s per target with seed 1 (what CI
#   runs: the same tree meets the same mutations in the same order, so a CI failure replays
#   with this command); TARGET: kernel-spec, point-set, labeled-data, value-list, zonal-target, study-file
#   (default: all).
# Prints the executions of each target; exits non-zero on any crash, invariant violation,
# sanitizer report or time-out of one input. Inputs found to increase coverage go to
# .build-fuzz/corpus/TARGET (not committed); a crashing input to .build-fuzz/artifacts/TARGET/,
# reproducible with: .build-fuzz/release/fuzz-TARGET FILE
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=300
seed=0          # libFuzzer's 0: a seed from the clock
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
        --smoke) seconds=20; seed=1 ;;
        --seconds) seconds="$2"; shift ;;
        -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
        *) targets+=("$1") ;;
    esac
    shift
done
# TOMLKit 0.6.0's parser (toml++) checks its own state with assert(), which aborts on some
# malformed text (Fuzz/Known/study-file-tomlkit-*.toml); every build of the project passes
# -Xcxx -DNDEBUG, which turns those checks off so the parser reports the error instead.
[ ${#targets[@]} -gt 0 ] || targets=(kernel-spec point-set labeled-data value-list zonal-target study-file)

bash scripts/install-deps.sh
scratch=.build-fuzz
swift build --package-path Fuzz -c release --scratch-path "$scratch" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xcxx -DNDEBUG

failed=0
for target in "${targets[@]}"; do
    binary="$scratch/release/fuzz-$target"
    seeds="Fuzz/Corpus/$target"
    [ -x "$binary" ] && [ -d "$seeds" ] || { echo "fuzz.sh: no target '$target'" >&2; exit 2; }
    corpus="$scratch/corpus/$target"
    artifacts="$scratch/artifacts/$target"
    log="$scratch/logs/$target.log"
    mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
    # TOMLKit 0.6.0 (a dependency, not spectra) leaks about 120 bytes in TOMLTable(string:),
    # even on well-formed text; LeakSanitizer would stop study-file at its first input. With the
    # sanitizer's bookkeeping the process then grows by about 3 KB per input (2 GB after 720,000
    # inputs, 190 s), so for study-file the 2 GB limit applies to each allocation, not to the
    # process: a single input that asks for too much still fails the run.
    leaks=1 memory=(-rss_limit_mb=2048)
    [ "$target" = study-file ] && leaks=0 memory=(-rss_limit_mb=0 -malloc_limit_mb=2048)
    status=0
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=$leaks "$binary" -max_total_time="$seconds" -seed="$seed" -timeout=10 "${memory[@]}" -max_len=4096 -print_final_stats=1 -detect_leaks=$leaks \
        -dict=Fuzz/Dictionaries/"$target".dict -artifact_prefix="$artifacts/" "$corpus" "$seeds" >"$log" 2>&1 || status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    if [ "$status" -eq 0 ]; then
        echo "fuzz $target: ${runs:-?} executions in ${seconds} s, 0 crashes"
    else
        failed=1
        echo "fuzz $target: FAILED (exit $status) after ${runs:-?} executions; log $log, input in $artifacts/" >&2
        grep -E "invariant violated|Fatal error|ERROR: (AddressSanitizer|libFuzzer)|SUMMARY" "$log" | head -5 >&2 || true
    fi
done
exit $failed
