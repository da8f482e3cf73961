import Foundation
import Testing

@testable import Autograd

/// Graphs deeper than the stack: backward, `grad()`, and freeing the graph walk it with
/// explicit stacks, so a chain of a million ops neither overflows nor leaks.
@Suite("Deep graphs: no recursion over nodes")
struct DeepGraphTests {
    /// One million chained ops (about 30 times the depth that overflowed the stack when
    /// nodes were freed recursively), run in a child process so that a regression to
    /// recursion fails this test instead of killing the test run.
    @Test func millionOpChainBacksUpAndIsFreed() async {
        await #expect(processExitsWith: .success) {
            let x = Tensor(1.0, requiresGrad: true)
            let before = GraphDiagnostics.liveNodeCount
            do {
                var y = x
                for _ in 0..<1_000_000 { y = try y * 1.0 }
                try y.backward()
                guard try x.grad?.item() == 1 else { exit(2) }
            }
            // The whole chain was released when `y` went out of scope; x keeps its accumulator.
            guard GraphDiagnostics.liveNodeCount == before + 1 else { exit(3) }
        }
    }

    /// A graph never differentiated (a running total kept with its history) is freed too.
    @Test func undifferentiatedChainIsFreed() async {
        await #expect(processExitsWith: .success) {
            let x = Tensor(0.5, requiresGrad: true)
            do {
                var total = Tensor(0.0)
                for _ in 0..<300_000 { total = try total + x }
                guard GraphDiagnostics.liveNodeCount >= 300_000 else { exit(2) }
            }
            // x's accumulator, which x keeps for its life, is all that is left.
            guard GraphDiagnostics.liveNodeCount == 1 else { exit(3) }
        }
    }

    /// `grad(outputs:inputs:)` walks the graph iteratively as well.
    @Test func gradThroughDeepChain() async {
        await #expect(processExitsWith: .success) {
            let x = Tensor(2.0, dtype: .float64, requiresGrad: true)
            var y = x
            for _ in 0..<200_000 { y = try y + 1.0 }
            let gradients = try grad(outputs: y, inputs: [x])
            guard try gradients.first??.item() == 1 else { exit(2) }
        }
    }
}
