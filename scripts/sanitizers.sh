#!/usr/bin/env bash
# Runs the engine's and GradCheck's tests under AddressSanitizer, and the threading tests
# under ThreadSanitizer (with the tanh kernel's tests: there the library has only its baseline
# x86-64 version), each in a build folder of its own (.build-asan, .build-tsan).
#   bash scripts/sanitizers.sh            # both
#   bash scripts/sanitizers.sh address    # one
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

run() {
    local sanitizer=$1 filter=$2 skip=${3:-} log
    log=$(mktemp)
    echo "== swift test --sanitize=$sanitizer --filter '$filter'${skip:+ --skip $skip}"
    # Huge requests must reach GradLab's allocation error (ASan would abort them itself).
    set +e
    ASAN_OPTIONS=allocator_may_return_null=1:detect_leaks=0 TSAN_OPTIONS=halt_on_error=1 \
        swift test --scratch-path ".build-${sanitizer:0:1}san" --sanitize="$sanitizer" --filter "$filter" \
            ${skip:+--skip "$skip"} >"$log" 2>&1
    local status=$?
    set -e
    grep -E "Test run with|WARNING: (Address|Thread)Sanitizer|ERROR: AddressSanitizer|SUMMARY: " "$log" | head -n 20 || true
    if [ "$status" -ne 0 ]; then
        # The failing tests and their issues first (a long run's tail may not hold them).
        grep -E "^✘ Test [^r]|recorded an issue|Expectation failed" "$log" | head -n 40 || true
        tail -n 60 "$log"
    fi
    rm -f "$log"
    return "$status"
}

which=${1:-all}
if [ "$which" = all ] || [ "$which" = address ]; then
    # The gradcheck audit (MutationTests: 56 rules and 32 ops over 10 seeds, four ways) is
    # the checker's logic over code the other suites already run; under ASan it would
    # take most of CI's time, so it runs there with SANITIZE_ALL=1 only.
    run address "AutogradTests|GradCheckTests" "$([ "${SANITIZE_ALL:-0}" = 1 ] || echo MutationTests)"
fi
if [ "$which" = all ] || [ "$which" = thread ]; then
    run thread "ConcurrencyTests|ParallelTests|VerdictTests|SplitProductTests|StoragePoolTests|AccumulationTests|TanhKernelTests"
fi
