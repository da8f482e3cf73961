#!/usr/bin/env bash
# Grades a class with `gradlab grade-class` and checks the gradebook. The class is made
# here from the reference solutions: complete.swift is the reference as a student's file
# (full marks), and three more submissions each make one change to it: Lab 4 forgets zero_() and prints (loses exactly Lab 4 and
# Exercise 1, 6 points), a typo (does not compile), and Lab 4 forwarded to the reference
# by its mangled name (does not link); a fifth solves nothing and tries, when its runner
# loads, to copy a classmate's runner over its own. Each must get a results file that says why.
# (CI runs it after `swift test`: it builds each submission's runner in this package.)
set -euo pipefail
cd "$(dirname "$0")/.."
class=$(mktemp -d) out=$(mktemp -d)
trap 'rm -rf "$class" "$out"' EXIT
complete="$class/complete.swift"
# The reference is one file per article's series of exercises; a student's is one file.
{
    sed -e 's/^public let referenceSolutions = Solutions {$/public let studentSolutions = Solutions {/' Sources/ReferenceSolutions/Solutions.swift
    for part in Sources/ReferenceSolutions/Series*.swift; do grep -v '^import ' "$part"; done
} >"$complete"
grep -q '^public let studentSolutions = Solutions {$' "$complete" || { echo "grade-class proof: the reference no longer declares referenceSolutions"; exit 1; }

# derive NAME SED-SCRIPT: complete.swift with one change, which must take effect.
derive() {
    sed -e "$2" "$complete" >"$class/$1.swift"
    if cmp -s "$complete" "$class/$1.swift"; then echo "grade-class proof: the change for $1 no longer applies to $complete"; exit 1; fi
}
derive forgets-zero-grad '/^func fitTwoParameters/,/^}/{s/^        try w\.grad!\.zero_()$/        print("epoch done")/;/^        try b\.grad!\.zero_()$/d;}'
derive does-not-compile '/^func oneParameter/,/^}/s/^    let loss = try (w \* 3 - 10) \*\* 2$/    let loss = try (w * 3 - 10) ** 2 + undefinedName/'
derive steals-the-reference 's/^public let studentSolutions = Solutions {$/@_silgen_name("$s18ReferenceSolutions16fitTwoParametersySd1w_Sd1btSaySdG_AESdSitKF")\nfunc referenceFit(_ x: [Double], _ y: [Double], _ lr: Double, _ epochs: Int) throws -> (w: Double, b: Double)\n\n&/;s/^    \$0\.fitTwoParameters = fitTwoParameters$/    $0.fitTwoParameters = { try referenceFit($0, $1, $2, $3) }/'
grep -q 'referenceFit(\$0' "$class/steals-the-reference.swift" || { echo "grade-class proof: the mangled-name call was not written"; exit 1; }
# A submission that solves nothing and, when its runner loads (before main), copies the
# complete submission's runner over its own and plants a file beside the gradebook.
cat >"$class/robs-a-classmate.swift" <<SWIFT
import Foundation
import SolutionKit

@used @section(".init_array") let robAtLoad: @convention(c) () -> Void = {
    let own = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
    let copied = (try? FileManager.default.removeItem(atPath: own)).map { _ in
        (try? FileManager.default.copyItem(atPath: "$out/runners/complete", toPath: own)) != nil } ?? false
    let planted = FileManager.default.createFile(atPath: "$out/planted", contents: Data("robbed".utf8))
    print("robbery: copied \(copied), planted \(planted)")
}

public let studentSolutions = Solutions()
SWIFT

swift run gradlab grade-class "$class" --out "$out" --seed 5 --timeout 20
fail=0
# The points on offer: the second-to-last column, the same in every row.
possible=$(awk -F, '$1 == "complete" { print $(NF - 1) }' "$out/gradebook.csv")
[ -n "$possible" ] && [ "$possible" -gt 33 ] || { echo "grade-class proof: no points on offer in the gradebook ($possible)"; exit 1; }
expect_row() {  # student total compiled
    if ! grep -qE "^$1,.*,$2,$possible,$3\$" "$out/gradebook.csv"; then
        echo "grade-class proof: expected $1 to earn $2 (compiled: $3):"; grep "^$1," "$out/gradebook.csv" || true; fail=1
    fi
}
expect_row complete "$possible" yes
expect_row forgets-zero-grad $((possible - 6)) yes
expect_row does-not-compile 0 no
expect_row steals-the-reference 0 no
expect_row robs-a-classmate 0 yes
[ ! -e "$out/planted" ] || { echo "grade-class proof: a submission planted a file beside the gradebook"; fail=1; }
grep -q 'robbery: copied false, planted false' "$out/robs-a-classmate.json" || { echo "grade-class proof: the robbery did not report, or succeeded:"; grep -o '"output" : "[^"]*' "$out/robs-a-classmate.json" | head -3; fail=1; }
grep -q "undefinedName" "$out/does-not-compile.json" || { echo "grade-class proof: the compile error is not reported"; fail=1; }
grep -q "undefined reference to '\$s18ReferenceSolutions" "$out/steals-the-reference.json" || { echo "grade-class proof: the link error does not name the symbol"; fail=1; }
grep -q '"output" : "epoch done' "$out/forgets-zero-grad.json" || { echo "grade-class proof: the student's printing is not in the results"; fail=1; }
[ "$fail" -eq 0 ] && echo "grade-class proof: 5 submissions graded as expected"
exit "$fail"
