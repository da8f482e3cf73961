#!/usr/bin/env bash
# Times `gradlab grade-class` on a class of N submissions (default 30), each the reference
# solutions as a student's file: the time to build every submission's runner and grade it.
#
#   bash Benchmarks/grade_class.sh          # 30 submissions
#   bash Benchmarks/grade_class.sh 8 2      # 8 submissions, 2 jobs
#
# gradlab itself is built first, outside the timed part.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-30} jobs=${2:-2}
class=$(mktemp -d) out=$(mktemp -d)
trap 'rm -rf "$class" "$out"' EXIT
for i in $(seq -w 1 "$count"); do
    sed -e 's/^public let referenceSolutions = Solutions {$/public let studentSolutions = Solutions {/' \
        Sources/ReferenceSolutions/Solutions.swift >"$class/student-$i.swift"
done
swift build --product gradlab >/dev/null
start=$(date +%s.%N)
.build/debug/gradlab grade-class "$class" --out "$out" --jobs "$jobs" --seed 1 >/dev/null
end=$(date +%s.%N)
full=$(grep -c ',33,33,yes$' "$out/gradebook.csv" || true)
echo "grade-class: $count submissions, $jobs jobs, $(echo "$end - $start" | bc) s; $full of them earned 33/33"
