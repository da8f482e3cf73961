import Autograd
import Testing

@testable import GradCheck

/// A wrong backward on purpose: claims d(x²)/dx = 2x + 0.01 for every element.
private enum SquareOffByAHundredth: CustomFunction {
    static let name = "SquareOffByAHundredthBackward"
    static func forward(_ ctx: FunctionContext, _ inputs: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(inputs[0])
        return try inputs[0] * inputs[0]
    }
    static func backward(_ ctx: FunctionContext, _ gradOutput: Tensor) throws -> [Tensor?] {
        let x = try ctx.savedTensors()[0]
        return [try gradOutput * (2 * x + 0.01)]
    }
}

@Suite("gradcheck spread over threads")
struct ParallelTests {
    /// Inputs large enough (at least 64 elements) for slow mode to use two workers.
    private func inputs() throws -> [Tensor] {
        manualSeed(7)
        return [
            try Tensor.randn([12, 8], dtype: .float64, requiresGrad: true),
            try Tensor.randn([8, 10], dtype: .float64, requiresGrad: true),
        ]
    }

    @Test func twoThreadsGiveTheSameReportAsOne() throws {
        let function: ([Tensor]) throws -> [Tensor] = { xs in [try xs[0].matmul(xs[1]).tanh(), try (xs[0] * xs[0]).sum()] }
        var serial = GradCheckOptions(), parallel = GradCheckOptions()
        serial.threads = 1
        parallel.threads = 2
        #expect(serial.workers(rows: 96) == 1 && parallel.workers(rows: 96) == 2)
        let one = try gradcheckReport(function, inputs: try inputs(), options: serial)
        let two = try gradcheckReport(function, inputs: try inputs(), options: parallel)
        #expect(one.passed && two.passed, "\(one)\n\(two)")
        #expect(one.comparisons.count == 4 && two.comparisons.count == 4)
        for (a, b) in zip(one.comparisons, two.comparisons) {
            #expect(a.numerical == b.numerical)
            #expect(a.analytical == b.analytical)
            #expect(a.maxAbsoluteError == b.maxAbsoluteError)
            #expect(a.worstInputElement == b.worstInputElement && a.worstOutputElement == b.worstOutputElement)
        }
        #expect(one.functionEvaluations + 1 == two.functionEvaluations, "the second worker builds its own graph once")
    }

    @Test("a wrong gradient is caught on every thread count", arguments: [1, 2])
    func wrongGradientIsCaught(threads: Int) throws {
        manualSeed(3)
        let x = try Tensor.randn([100], dtype: .float64, requiresGrad: true)
        var options = GradCheckOptions()
        options.threads = threads
        let report = try gradcheckReport({ [try SquareOffByAHundredth.apply($0[0])] }, inputs: [x], options: options)
        #expect(!report.passed)
        let message = try #require(report.failures.first)
        #expect(message.hasPrefix("Jacobian mismatch for output 0 with respect to input 0"), "\(message)")
        // Every diagonal element is off by 0.01; no off-diagonal one is.
        let comparison = try #require(report.comparisons.first)
        #expect(abs(comparison.maxAbsoluteError - 0.01) < 1e-6)
        #expect(comparison.worstInputElement == comparison.worstOutputElement)
    }

    @Test func aFunctionThatIgnoresItsArgumentsIsRefusedWhenThreaded() throws {
        manualSeed(5)
        let x = try Tensor.randn([80], dtype: .float64, requiresGrad: true)
        var options = GradCheckOptions()
        options.threads = 2
        let threaded = try gradcheckReport({ _ in [try x.sin()] }, inputs: [x], options: options)
        #expect(threaded.failures.first?.contains("must compute from the tensors it is passed") == true, "\(threaded)")
        options.threads = 1
        let serial = try gradcheckReport({ _ in [try x.sin()] }, inputs: [x], options: options)
        #expect(serial.passed, "one thread perturbs the caller's own tensors, as PyTorch does: \(serial)")
    }

    @Test func largeJacobiansAreFlatAndReadByRow() throws {
        let j = try Jacobian(rows: 2, columns: 3, values: [1, 2, 3, 4, 5, 6])
        let row = try j[1], entry = try j[0, 2]
        #expect(row == [4, 5, 6] && entry == 3 && j.count == 2)
        #expect(j.nested == [[1, 2, 3], [4, 5, 6]])
        let block = try Jacobian(rows: 2, columns: 2, values: [2, 3, 5, 6])
        #expect(j.columns(1..<3) == block)
        #expect(throws: AutogradError.self) { _ = try j[2] }
        #expect(throws: AutogradError.self) { _ = try j[0, 3] }
        #expect(throws: AutogradError.self) { _ = try Jacobian(rows: 2, columns: 3, values: [1]) }
        #expect(throws: AutogradError.self) { _ = try Jacobian(rows: -2, columns: -3, values: [1, 2, 3, 4, 5, 6]) }
    }
}
