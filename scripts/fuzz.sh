#!/usr/bin/env bash
# Builds GradLab's libFuzzer target (Fuzz/) with AddressSanitizer and fuzzes the engine
# with random op programs for SECONDS (default 60), from a random seed. Any trap,
# sanitizer report or hang is a failure: libFuzzer stops, prints the input and this
# script exits non-zero.
#   bash scripts/fuzz.sh                 # one minute
#   bash scripts/fuzz.sh 3600            # an hour, by hand
#   bash scripts/fuzz.sh --ci            # CI's slice: a fixed seed and 150,000 programs,
#                                        # so CI's verdict is the same on every run
# Crashing inputs are written to Fuzz/artifacts/; replay one with
#   Fuzz/.build/release/GradLabFuzz Fuzz/artifacts/crash-...
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--ci" ]; then
    limits=(-seed=1 -runs=150000)
    seconds="fixed seed 1, 150000 runs"
else
    seconds=${1:-60}
    limits=(-max_total_time="$seconds")
    seconds="$seconds s"
fi

bash scripts/install-deps.sh
mkdir -p Fuzz/artifacts
build_log=Fuzz/artifacts/build.log
if ! swift build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer,address >"$build_log" 2>&1; then
    grep -E "error:" "$build_log" | head -n 20 || true
    tail -n 20 "$build_log"
    exit 1
fi
tail -n 1 "$build_log"

corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
mkdir -p Fuzz/artifacts
# Huge requests must come back as GradLab's allocation error, not ASan's abort; the RSS
# limit is off because an allowed large tensor is not a bug (each input still has 10 s).
log=Fuzz/artifacts/last-run.log
set +e
SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=allocator_may_return_null=1:detect_leaks=0 \
    Fuzz/.build/release/GradLabFuzz "$corpus" \
    "${limits[@]}" -timeout=10 -rss_limit_mb=0 -max_len=256 \
    -artifact_prefix=Fuzz/artifacts/ -print_final_stats=1 >"$log" 2>&1
status=$?
set -e
grep -E "^(Done|==[0-9]+==ERROR|SUMMARY)|Swift runtime failure|Fatal error" "$log" | head -n 5 || true
runs=$(grep -E "^stat::number_of_executed_units" "$log" | awk '{print $2}')
echo "fuzz: ${runs:-0} programs (${seconds}), exit status ${status}"
[ "$status" -eq 0 ] || tail -n 40 "$log"
exit "$status"
