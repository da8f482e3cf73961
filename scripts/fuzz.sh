#!/usr/bin/env bash
# Builds GradLab's libFuzzer target (Fuzz/) with AddressSanitizer and fuzzes the engine
# with random op programs for SECONDS (default 60). Any trap, sanitizer report or hang
# is a failure: libFuzzer stops, prints the input and this script exits non-zero.
#   bash scripts/fuzz.sh            # one minute
#   bash scripts/fuzz.sh 3600       # an hour, by hand
# Crashing inputs are written to Fuzz/artifacts/; replay one with
#   Fuzz/.build/release/GradLabFuzz Fuzz/artifacts/crash-...
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}

bash scripts/install-deps.sh
swift build --package-path Fuzz -c release \
    -Xswiftc -sanitize=fuzzer,address 2>&1 | tail -n 3

corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
mkdir -p Fuzz/artifacts
# Huge requests must come back as GradLab's allocation error, not ASan's abort; the RSS
# limit is off because an allowed large tensor is not a bug (each input still has 10 s).
log=Fuzz/artifacts/last-run.log
set +e
SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=allocator_may_return_null=1:detect_leaks=0 \
    Fuzz/.build/release/GradLabFuzz "$corpus" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=0 -max_len=256 \
    -artifact_prefix=Fuzz/artifacts/ -print_final_stats=1 >"$log" 2>&1
status=$?
set -e
grep -E "^(Done|==[0-9]+==ERROR|SUMMARY)|Swift runtime failure|Fatal error" "$log" | head -n 5 || true
runs=$(grep -E "^stat::number_of_executed_units" "$log" | awk '{print $2}')
echo "fuzz: ${runs:-0} programs in ${seconds} s, exit status ${status}"
[ "$status" -eq 0 ] || tail -n 40 "$log"
exit "$status"
