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
