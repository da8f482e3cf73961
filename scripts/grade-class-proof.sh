#!/usr/bin/env bash
# Grades the class in Tests/Submissions with `gradlab grade-class` and checks the gradebook:
# a complete submission earns 33, one that forgets zero_() in Lab 4 loses exactly Lab 4 and
# Exercise 1 (6 points), one with a typo and one that calls the reference by its mangled
# name do not compile or link, each with a results file that says why.
# (CI runs it after `swift test`: it builds each submission's runner in this package.)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
swift run gradlab grade-class Tests/Submissions --out "$out" --seed 5 --timeout 20
fail=0
expect_row() {  # student total compiled
    if ! grep -qE "^$1,.*,$2,33,$3\$" "$out/gradebook.csv"; then
        echo "grade-class proof: expected $1 to earn $2 (compiled: $3):"; grep "^$1," "$out/gradebook.csv" || true; fail=1
    fi
}
expect_row complete 33 yes
expect_row forgets-zero-grad 27 yes
expect_row does-not-compile 0 no
expect_row steals-the-reference 0 no
grep -q "undefinedName" "$out/does-not-compile.json" || { echo "grade-class proof: the compile error is not reported"; fail=1; }
grep -q "undefined reference to '\$s18ReferenceSolutions" "$out/steals-the-reference.json" || { echo "grade-class proof: the link error does not name the symbol"; fail=1; }
grep -q '"output" : "epoch done' "$out/forgets-zero-grad.json" || { echo "grade-class proof: the student's printing is not in the results"; fail=1; }
[ "$fail" -eq 0 ] && echo "grade-class proof: 4 submissions graded as expected"
exit "$fail"
