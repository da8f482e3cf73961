import Foundation
import Testing

@testable import Autograd
@testable import GradCheck
@testable import GradCheckAudit

/// Wrong verdicts an audit found, each fixed at its root and tested both ways.
@Suite("gradcheck verdicts that do not depend on luck")
struct VerdictTests {
    // CorruptsSavedInput and WrongOnlyWhenStrided are the audit's wrong rules (Sources/GradCheckAudit).

    @Test func backwardThatCorruptsASavedInputFails() throws {
        let x = try Tensor(shape: [4], values: [-1.2, -0.3, 0.7, 1.1], dtype: .float64, requiresGrad: true)
        let report = try gradcheckReport({ [try CorruptsSavedInput.apply($0[0])] }, inputs: [x])
        #expect(!report.passed)
        #expect(report.failures.first?.contains("was modified in place during the backward passes") == true, "\(report.failures)")
        // The same rule without the corruption passes: the check accuses only the write.
        let clean = try Tensor(shape: [4], values: [-0.4, -0.3, 0.2, 0.1], dtype: .float64, requiresGrad: true)
        #expect(try gradcheckReport({ [try CorruptsSavedInput.apply($0[0])] }, inputs: [clean]).passed)
    }

    /// Every worker differentiates the caller's layout, so the verdict is the same for any
    /// number of threads (an audit saw 3 passes in 1,000 runs when workers used contiguous copies).
    @Test("a layout-only mistake is caught on every run", arguments: [1, 2, 4, 8])
    func layoutOnlyMistakeIsCaughtOnAnyThreadCount(threads: Int) throws {
        var options = GradCheckOptions()
        options.threads = threads
        // 256 elements: enough rows for 8 workers (one per 32 rows).
        for seed in 0..<5 {
            let base = try Tensor.randn([16, 16], dtype: .float64, generator: Generator(seed: UInt64(seed)))
            let x = try base.t().detach().requiresGrad_()  // non-contiguous
            let report = try gradcheckReport({ [try WrongOnlyWhenStrided.apply($0[0])] }, inputs: [x], options: options)
            #expect(!report.passed, "seed \(seed) passed with \(threads) threads")
            // Every one of the 256 rows carries the strided rule's factor 2, whichever worker
            // computed it: no worker saw a contiguous copy.
            let analytical = try #require(report.comparisons.first?.analytical)
            let values = try x.toArray()
            let rowsWithFactor2 = (0..<256).filter { k in Swift.abs(analytical.at(k, k) - 2 * Foundation.cos(values[k])) < 1e-12 }
            #expect(rowsWithFactor2.count == 256, "seed \(seed), \(threads) threads: \(rowsWithFactor2.count) of 256 rows")
        }
        let contiguous = try Tensor.randn([16, 16], dtype: .float64, generator: Generator(seed: 9)).requiresGrad_()
        #expect(try gradcheckReport({ [try WrongOnlyWhenStrided.apply($0[0])] }, inputs: [contiguous], options: options).passed)
    }

    /// A function that throws at a perturbed point is a failed check named as a forward
    /// failure; one that throws at the given inputs throws to the caller.
    @Test func forwardFailuresAreNamedAsSuch() throws {
        // Defined only at integers: every probe, however small its step, throws.
        let f: ([Tensor]) throws -> [Tensor] = { xs in
            if try xs[0].toArray().contains(where: { $0 != $0.rounded() }) { throw AutogradError(.invalidArgument, "not an integer") }
            return [try xs[0].sqrt()]
        }
        let integers = try Tensor(shape: [2], values: [4, 1], dtype: .float64, requiresGrad: true)
        let report = try gradcheckReport(f, inputs: [integers])
        #expect(
            report.failures.first?.hasPrefix("The function threw in a forward evaluation at perturbed inputs: not an integer") == true,
            "\(report.failures)")
        let negative = try Tensor(shape: [2], values: [0.5, 1], dtype: .float64, requiresGrad: true)
        #expect(throws: AutogradError(.invalidArgument, "not an integer")) { _ = try gradcheckReport(f, inputs: [negative]) }
    }
}

/// gradgradcheck differentiates with respect to the output gradient too.
@Suite("gradgradcheck checks the grad_output part of a double backward")
struct GradOutputTests {
    /// `g · cos(x)` for inputs `[g, x]`, whose own backward is right for `x` and, when
    /// `wrongInG`, twice too large for `g`.
    struct ScaledByCos: CustomFunction {
        nonisolated(unsafe) static var wrongInG = false
        static let name = "ScaledByCosBackward"
        static func forward(_ ctx: FunctionContext, _ inputs: [Tensor]) throws -> Tensor {
            ctx.saveForBackward(inputs[0], inputs[1])
            return try inputs[0] * inputs[1].cos()
        }
        static func backward(_ ctx: FunctionContext, _ grad: Tensor) throws -> [Tensor?] {
            let saved = try ctx.savedTensors()
            let (g, x) = (saved[0], saved[1])
            return [try grad * x.cos() * (wrongInG ? 2.0 : 1.0), try -(grad * g * x.sin())]
        }
    }

    /// sin, whose backward multiplies by cos through `ScaledByCos`.
    enum Sine: CustomFunction {
        static let name = "SineBackward"
        static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
            ctx.saveForBackward(x[0])
            return try x[0].sin()
        }
        static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] {
            [try ScaledByCos.apply(g, ctx.savedTensors()[0])]
        }
    }

    @Test func wrongGradOutputPartIsCaughtAndTheRightOnePasses() throws {
        let x = try Tensor(shape: [3], values: [0.3, -0.7, 1.1], dtype: .float64, requiresGrad: true)
        ScaledByCos.wrongInG = false
        #expect(try gradcheckReport({ [try Sine.apply($0[0])] }, inputs: [x]).passed)
        #expect(try gradgradcheckReport({ try Sine.apply($0[0]) }, inputs: [x]).passed)
        ScaledByCos.wrongInG = true
        defer { ScaledByCos.wrongInG = false }
        // First order cannot see it (its seeds go through the forward of ScaledByCos only) ...
        #expect(try gradcheckReport({ [try Sine.apply($0[0])] }, inputs: [x]).passed)
        // ... the second order does, in the Jacobian with respect to the output gradient (input 1).
        let report = try gradgradcheckReport({ try Sine.apply($0[0]) }, inputs: [x])
        #expect(!report.passed)
        #expect(report.failures.first?.contains("with respect to input 1") == true, "\(report.failures)")
    }
}

extension VerdictTests {
    /// Fast mode verifies the inputs after its backward pass too.
    @Test func fastModeCatchesABackwardThatCorruptsASavedInput() throws {
        let x = try Tensor(shape: [4], values: [-1.2, -0.3, 0.7, 1.1], dtype: .float64, requiresGrad: true)
        let report = try gradcheckReport(
            { [try CorruptsSavedInput.apply($0[0])] }, inputs: [x],
            options: GradCheckOptions(fastMode: true))
        #expect(!report.passed)
        #expect(report.failures.contains { $0.contains("was modified in place during the backward passes") }, "\(report.failures)")
        let clean = try Tensor(shape: [4], values: [-0.4, -0.3, 0.2, 0.1], dtype: .float64, requiresGrad: true)
        #expect(
            try gradcheckReport(
                { [try CorruptsSavedInput.apply($0[0])] }, inputs: [clean],
                options: GradCheckOptions(fastMode: true)
            ).passed)
    }
}

extension VerdictTests {
    /// Inputs that share memory (x passed twice) get the same verdict on any thread count.
    @Test("the same tensor passed twice", arguments: [1, 2, 4])
    func sameTensorTwice(threads: Int) throws {
        let x = try Tensor(shape: [80], values: (0..<80).map { sin(Double($0)) }, dtype: .float64, requiresGrad: true)
        var options = GradCheckOptions()
        options.threads = threads
        #expect(try gradcheckReport({ [try $0[0] * $0[1]] }, inputs: [x, x], options: options).passed)
    }
}
