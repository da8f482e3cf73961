#!/usr/bin/env bash
# Runs the engine's and GradCheck's tests under AddressSanitizer, and the threading tests
# under ThreadSanitizer, each in a build folder of its own (.build-asan, .build-tsan).
#   bash scripts/sanitizers.sh            # both
#   bash scripts/sanitizers.sh address    # one
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

run() {
    local sanitizer=$1 filter=$2 log
    log=$(mktemp)
    echo "== swift test --sanitize=$sanitizer --filter '$filter'"
    # Huge requests must reach GradLab's allocation error (ASan would abort them itself).
    set +e
    ASAN_OPTIONS=allocator_may_return_null=1:detect_leaks=0 TSAN_OPTIONS=halt_on_error=1 \
        swift test --scratch-path ".build-${sanitizer:0:1}san" --sanitize="$sanitizer" --filter "$filter" >"$log" 2>&1
    local status=$?
    set -e
    grep -E "Test run with|WARNING: (Address|Thread)Sanitizer|ERROR: AddressSanitizer|SUMMARY: " "$log" | head -n 20 || true
    if [ "$status" -ne 0 ]; then tail -n 60 "$log"; fi
    rm -f "$log"
    return "$status"
}

which=${1:-all}
if [ "$which" = all ] || [ "$which" = address ]; then
    run address "AutogradTests|GradCheckTests"
fi
if [ "$which" = all ] || [ "$which" = thread ]; then
    run thread "ConcurrencyTests|ParallelTests|VerdictTests"
fi
