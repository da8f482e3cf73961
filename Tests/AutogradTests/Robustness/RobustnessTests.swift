import Foundation
import Testing

@testable import Autograd

/// Every bad input of `RobustnessCases`, each run in a child process: a case that traps
/// fails its own test (with the signal), and the run goes on. A case that ends without
/// trapping but not as expected says how on its standard output, which fails the test too.
@Suite("Bad input: a thrown error, never a trap")
struct RobustnessTests {
    @Test("each case in its own process", arguments: RobustnessCases.all.map(\.name))
    func survives(_ name: String) async {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent], "\(name) trapped") { [name] in
            guard let robustnessCase = RobustnessCases.named(name) else {
                print("no case named \(name)")
                return
            }
            if let disagreement = robustnessCase.disagreement() { print("\(robustnessCase): \(disagreement)") }
        }
        if let result, !result.standardOutputContent.isEmpty {
            Issue.record(Comment(rawValue: String(decoding: result.standardOutputContent, as: UTF8.self)))
        }
    }

    /// The table holds every family the issue names, and no name twice.
    @Test func tableCoversEveryFamily() throws {
        let families = Set(RobustnessCases.all.map(\.family))
        #expect(families == ["trap", "memory", "silent loss", "text", "arguments"])
        #expect(Set(RobustnessCases.all.map(\.name)).count == RobustnessCases.all.count)
    }
}

/// A fuzzed program's hang (CI, 2026-12-02): a matrix with no columns but a huge number of
/// rows, copied a row at a time, looped over every empty row.
@Suite struct EmptyMatrixCopyTests {
    @Test func emptyRowsAreNotWalked() throws {
        let empty = try Tensor.zeros([1, 0]).expand([Int(Int32.max), 0])
        #expect(empty.strides == [0, 1])
        #expect(try empty.contiguousCopy().shape == [Int(Int32.max), 0])
        #expect(try empty.sum().item() == 0)
    }
}
