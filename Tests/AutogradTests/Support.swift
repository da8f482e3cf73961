import Foundation
import Testing

@testable import Autograd

/// The package's `Fixtures/` folder, found from this file's path.
let fixturesURL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

/// Runs `body` and returns the AutogradError it throws (failing the test if it throws none).
func autogradError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> AutogradError? {
    do {
        try body()
        Issue.record("expected an AutogradError, got none", sourceLocation: sourceLocation)
    } catch let error as AutogradError {
        return error
    } catch {
        Issue.record("expected an AutogradError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// Asserts two arrays of doubles agree to `tolerance` (absolute).
func expectClose(
    _ actual: [Double], _ expected: [Double], tolerance: Double = 1e-6,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.count == expected.count, "counts differ: \(actual) vs \(expected)", sourceLocation: sourceLocation)
    for (a, e) in zip(actual, expected) where !(Swift.abs(a - e) <= tolerance) {
        Issue.record("\(actual) differs from \(expected) beyond \(tolerance)", sourceLocation: sourceLocation)
        return
    }
}

extension Tensor {
    /// Test shorthand: a float64 tensor of `shape` from row-major values, requiring grad.
    static func f64(_ shape: [Int], _ values: [Double], requiresGrad: Bool = true) -> Tensor {
        try! Tensor(shape: shape, values: values, dtype: .float64, requiresGrad: requiresGrad)
    }
}

/// Runs `body` on a thread of its own and returns what it returns (or throws what it throws).
///
/// ``GraphDiagnostics/liveNodeCount`` counts the nodes made on the calling thread, and
/// Swift Testing runs other tests on the same worker threads: a node another test made
/// there and frees elsewhere moves that thread's count in the middle of this test. A new
/// thread's count belongs to `body` alone. Record no issues inside `body`: return what it
/// measured and expect on it in the test.
func onAThreadOfItsOwn<T: Sendable>(_ body: @escaping @Sendable () throws -> T) throws -> T {
    let outcome = ThreadOutcome<T>()
    let finished = DispatchSemaphore(value: 0)
    let thread = Thread {
        outcome.result = Result { try body() }
        finished.signal()  // orders the write before the read below
    }
    thread.start()
    finished.wait()
    return try outcome.result!.get()
}

/// What ``onAThreadOfItsOwn(_:)``'s thread hands back (written before a semaphore's signal,
/// read after its wait).
final class ThreadOutcome<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
