import Foundation
import Testing

@testable import Autograd
@testable import GradCheck
@testable import GradCheckAudit

// The gradcheck block of PyTorch's test/test_autograd.py, ported behaviour for behaviour,
// each both ways; and the four functions the interface issue compared with PyTorch 2.15.

/// The identity whose backward multiplies by `1 + jitter·r` for a pseudo-random `r` that
/// changes on every call (test_gradcheck_nondeterministic's NonDetFunc).
enum Jittery: CustomFunction {
    nonisolated(unsafe) static var jitter = 0.0
    nonisolated(unsafe) static var calls: UInt64 = 0
    static let name = "JitteryBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor { try x[0] * 1 }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] {
        calls += 1
        var generator = SplitMix64(seed: calls)
        let noise = try Tensor(shape: g.shape, values: (0..<g.count).map { _ in 1 + jitter * generator.nextUnit() }, dtype: .float64)
        return [try Jittery.apply(g) * noise]
    }
}

/// `outputs` outputs (2x, 3x, ...), `setMaterializeGrads(false)`; backward either handles
/// a nil output gradient or throws on it (test_gradcheck_undefined_grad's hook that raises).
enum PairHandlingUndefined: MultiOutputFunction {
    nonisolated(unsafe) static var handlesNil = true
    nonisolated(unsafe) static var nonzeroForNil = false
    nonisolated(unsafe) static var outputs = 2
    static let name = "PairHandlingUndefinedBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> [Tensor] {
        ctx.setMaterializeGrads(false)
        ctx.saveForBackward(x[0])
        return try (0..<outputs).map { try x[0] * Double($0 + 2) }
    }
    static func backward(_ ctx: FunctionContext, _ g: [Tensor?]) throws -> [Tensor?] {
        let x = try ctx.savedTensors()[0]
        var total = try Tensor.zeros(like: x)
        for (k, gradient) in g.enumerated() {
            guard let gradient else {
                if !handlesNil { throw AutogradError(.invalidArgument, "x is undefined") }
                if nonzeroForNil { total = try total + 1 }
                continue
            }
            total = try total + gradient * Double(k + 2)
        }
        return [total]
    }
}

@Suite("gradcheck's behaviours, ported from PyTorch's tests")
struct PortedFromPyTorchTests {
    func f64(_ values: [Double], shape: [Int]? = nil, requiresGrad: Bool = true) throws -> Tensor {
        try Tensor(shape: shape ?? [values.count], values: values, dtype: .float64, requiresGrad: requiresGrad)
    }

    // test_gradcheck_check_no_differentiable_outputs
    @Test func noDifferentiableOutputs() throws {
        let x = try f64([1])
        let rebuilt = try gradcheckReport({ xs in [try Tensor(shape: [1], values: try xs[0].toArray(), dtype: .float64)] }, inputs: [x])
        #expect(rebuilt.findings.first?.kind == .noDifferentiableOutput)
        #expect(rebuilt.failures.first?.hasPrefix("Numerical gradient for function expected to be zero") == true)
        #expect(try gradcheckReport({ _ in [] }, inputs: [x]).passed)
        // Constant outputs that do not require grad pass: their numerical derivative is zero.
        #expect(try gradcheckReport({ _ in [try Tensor.zeros([2], dtype: .float64)] }, inputs: [x]).passed)
    }

    // test_gradcheck_undefined_grad: one output (its hook raises on None), so that the
    // Jacobian's passes give it a gradient and the undefined-gradient check is what fails.
    @Test func undefinedOutputGradients() throws {
        let x = try f64([0.5, -1])
        PairHandlingUndefined.handlesNil = true
        PairHandlingUndefined.nonzeroForNil = false
        PairHandlingUndefined.outputs = 2
        defer {
            PairHandlingUndefined.handlesNil = true
            PairHandlingUndefined.nonzeroForNil = false
            PairHandlingUndefined.outputs = 2
        }
        #expect(try gradcheckReport({ try PairHandlingUndefined.apply($0) }, inputs: [x]).passed)
        // With two outputs, the pass for output 0 alone leaves output 1's gradient undefined,
        // and backward's own error stands, as PyTorch's gradcheck raises it.
        PairHandlingUndefined.handlesNil = false
        let twoOutputs = try gradcheckReport({ try PairHandlingUndefined.apply($0) }, inputs: [x])
        #expect(twoOutputs.findings.first?.kind == .backwardFailed)
        #expect(twoOutputs.failures.first?.contains("x is undefined") == true, "\(twoOutputs)")
        PairHandlingUndefined.outputs = 1
        let throwing = try gradcheckReport({ try PairHandlingUndefined.apply($0) }, inputs: [x])
        #expect(throwing.findings.first?.kind == .undefinedGradient)
        #expect(throwing.failures.first?.hasPrefix("Expected backward function to handle undefined output grads.") == true, "\(throwing)")
        PairHandlingUndefined.handlesNil = true
        PairHandlingUndefined.nonzeroForNil = true
        let nonzero = try gradcheckReport({ try PairHandlingUndefined.apply($0) }, inputs: [x])
        #expect(
            nonzero.failures.first?.hasPrefix("Expected all input grads to be undefined or zero when all output grads are undefined or zero.") == true,
            "\(nonzero)")
        // The check can be turned off, as check_undefined_grad=False does.
        var options = GradCheckOptions()
        options.checkUndefinedGrad = false
        #expect(try gradcheckReport({ try PairHandlingUndefined.apply($0) }, inputs: [x], options: options).passed)
    }

    // test_unrelated_inputs
    @Test func unrelatedInputs() throws {
        let x = try f64([0.1, 0.7, -0.4]), y = try f64([0.2, 0.3, 0.9])
        #expect(try gradcheck({ [try $0[0] * $0[0]] }, inputs: [x, y]))
        #expect(try gradgradcheck({ try $0[0] * $0[0] }, inputs: [x, y]))
    }

    // test_gradcheck_nondeterministic
    @Test func nondeterministicBackward() throws {
        let x = try f64([0.1, 0.7, -0.4, 1.3])
        defer { Jittery.jitter = 0 }
        var oneThread = GradCheckOptions()
        oneThread.threads = 1
        Jittery.jitter = 0
        #expect(try gradcheckReport({ [try Jittery.apply($0)] }, inputs: [x], options: oneThread).passed)
        Jittery.jitter = 1e-6
        let first = try gradcheckReport({ [try Jittery.apply($0)] }, inputs: [x], options: oneThread)
        #expect(first.failures.first?.hasPrefix("Backward is not reentrant") == true, "\(first)")
        #expect(first.failures.first?.contains("set GradCheckOptions.nondetTol") == true)
        Jittery.jitter = 1e-12
        #expect(
            try gradgradcheckReport({ try Jittery.apply($0) }, inputs: [x], options: oneThread).failures.first?.hasPrefix("Backward is not reentrant") == true)
        var tolerant = oneThread
        tolerant.nondetTol = 1e-5
        Jittery.jitter = 1e-6
        #expect(try gradcheckReport({ [try Jittery.apply($0)] }, inputs: [x], options: tolerant).passed)
        Jittery.jitter = 1e-12
        #expect(try gradgradcheckReport({ try Jittery.apply($0) }, inputs: [x], options: tolerant).passed)
    }

    // test_where_functional: a bool condition that does not require grad, output
    // gradients that are constants of another dtype, and broadcasting.
    @Test func whereFunctional() throws {
        let x = try f64((0..<25).map { sin(Double($0)) }, shape: [5, 5]), y = try f64((0..<25).map { cos(Double($0)) }, shape: [5, 5])
        let condition = try Tensor(shape: [5, 5], values: (0..<25).map { Double($0 % 3 == 0 ? 1 : 0) }, dtype: .float64) > 0.5
        let f: ([Tensor]) throws -> Tensor = { try Tensor.where($0[0], $0[1], $0[2]) }
        #expect(try gradcheck({ [try f($0)] }, inputs: [condition, x, y]))
        let constant = try Tensor(shape: [5, 5], values: (0..<25).map { Double($0) / 25 }, dtype: .float32)
        #expect(try gradgradcheckReport(f, inputs: [condition, x, y], gradOutput: constant).passed)
        let xb = try f64((0..<25).map { sin(Double($0) + 1) }, shape: [5, 1, 5]), yb = try f64((0..<25).map { Double($0) / 7 }, shape: [5, 5, 1])
        #expect(try gradcheck({ [try f($0)] }, inputs: [condition, xb, yb]))
        // Both ways: a where whose gradient leaks into the unselected branch fails.
        let leaky: ([Tensor]) throws -> [Tensor] = { [try Tensor.where($0[0], $0[1], $0[2]) + ($0[2] - $0[2].detach()) * 0.5] }
        #expect(try !gradcheckReport(leaky, inputs: [condition, x, y]).passed)
    }

    // test_inplace_on_view_gradcheck: recorded in-place writes into views are not supported
    // yet; the function's own call throws that, clearly, to the caller.
    @Test func inPlaceOnViewIsRefusedClearly() throws {
        let a = try f64((0..<16).map { Double($0) / 16 }, shape: [4, 4]), b = try f64([1, 2, 3, 4], shape: [2, 2])
        #expect(throws: AutogradError.self) {
            _ = try gradcheckReport(
                { xs in
                    let x = try xs[0].clone()
                    try x.slice(1, start: 2, end: 4).slice(0, start: 1, end: 3).mul_(xs[1])
                    return [x]
                }, inputs: [a, b])
        }
    }

    // test_gradcheck_output_shape_or_dtype_depend_on_values
    @Test func outputsWhoseShapeOrDTypeDependOnValues() throws {
        let a = try f64([1])
        let shape = try gradcheckReport(
            { xs in
                try xs[0].toArray().allSatisfy { $0 >= 1 } ? [try Tensor.cat([xs[0], xs[0]])] : [try xs[0] * 1]
            }, inputs: [a])
        #expect(shape.findings.first?.kind == .outputChanged)
        #expect(shape.failures.first?.contains("It changed when argument 0 element [0] was moved from 1.0 to") == true, "\(shape)")
        let dtype = try gradcheckReport(
            { xs in
                try xs[0].toArray().allSatisfy { $0 >= 1 } ? [try xs[0].to(.float32)] : [try xs[0] * 1]
            }, inputs: [a])
        #expect(dtype.failures.first?.contains("dtype") == true, "\(dtype)")
        // Both ways: away from the switch the same functions pass.
        #expect(try gradcheckReport({ xs in [try xs[0] * 1] }, inputs: [try f64([0.5])]).passed)
    }

    // The interface issue's four functions, side by side with PyTorch 2.15.
    @Test func auxiliaryOutputThatDoesNotRequireGradIsLeftOut() throws {
        let x = try f64([0.2, 0.9])
        #expect(try gradcheck({ xs in [try xs[0].sin(), try xs[0].detach() * 3] }, inputs: [x]))
        // Both ways: a wrong rule in the checked output still fails.
        #expect(try !gradcheckReport({ xs in [try SinUsesSin.apply(xs), try xs[0].detach() * 3] }, inputs: [x]).passed)
    }

    @Test func forgottenConnectionIsDiagnosed() throws {
        let report = try gradcheckReport({ xs in [try xs[0].detach() * 2] }, inputs: [try f64([0.2, 0.9])])
        #expect(
            report.failures.first?.hasPrefix("Numerical gradient for function expected to be zero: no output of the function requires grad") == true,
            "\(report)")
    }

    @Test func inputsAreNumberedAsPyTorchNumbersThem() throws {
        let a = try f64([0.2, 0.9], requiresGrad: false), b = try f64([0.4, -0.3])
        let report = try gradcheckReport({ [try InterfaceRows.AddWrongForSecond.apply($0)] }, inputs: [a, b])
        #expect(report.failures.first?.hasPrefix("Jacobian mismatch for output 0 with respect to input 0 (argument 1),") == true, "\(report)")
        #expect(report.comparisons.first?.input == 1, "the report keeps the caller's position")
        // When both require grad, the numbers agree and no position is added.
        let both = try gradcheckReport({ [try InterfaceRows.AddWrongForSecond.apply($0)] }, inputs: [try f64([0.2, 0.9]), b])
        #expect(both.failures.first?.hasPrefix("Jacobian mismatch for output 0 with respect to input 1,") == true, "\(both)")
    }

    @Test func boolOutputIsLeftOut() throws {
        // 0.5 + 1e-7 is within the step of 0.5: PyTorch subtracts the bool outputs and errors.
        let x = try f64([0.5 + 1e-7, 0.1])
        #expect(try gradcheck({ xs in [try xs[0].sin(), try xs[0] > 0.5] }, inputs: [x]))
        #expect(try !gradcheckReport({ xs in [try SinUsesSin.apply(xs), try xs[0] > 0.5] }, inputs: [x]).passed)
    }

    /// gradgradcheck takes several outputs and chosen output gradients.
    @Test func gradgradcheckOfSeveralOutputsWithChosenGradients() throws {
        let x = try f64([0.3, -0.8])
        let f: ([Tensor]) throws -> [Tensor] = { xs in [try xs[0].sin(), try xs[0] * xs[0] * xs[0]] }
        #expect(try gradgradcheckReport(f, inputs: [x]).passed)
        let chosen = try f64([0.5, 2]), constant = try f64([1, -1], requiresGrad: false)
        let report = try gradgradcheckReport(f, inputs: [x], gradOutputs: [chosen, constant])
        #expect(report.passed)
        #expect(report.comparisons.map(\.input).sorted().last == 1, "x and the first output gradient are the map's inputs; the constant is not")
        #expect(try gradgradcheckReport(f, inputs: [x], gradOutputs: [nil, constant]).passed)
        var strided = GradCheckOptions()
        strided.nonContiguousGradOutputs = true
        #expect(try gradgradcheckReport(f, inputs: [x], options: strided).passed)
        #expect(throws: AutogradError.self) { _ = try gradgradcheckReport(f, inputs: [x], gradOutputs: [chosen]) }
    }
}
