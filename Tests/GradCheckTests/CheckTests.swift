import Autograd
import Foundation
import Testing

@testable import GradCheck
@testable import GradCheckAudit

private func f64(_ values: [Double], shape: [Int]? = nil, requiresGrad: Bool = true) -> Tensor {
    try! Tensor(shape: shape ?? [values.count], values: values, dtype: .float64, requiresGrad: requiresGrad)
}

/// A correct custom op: x³ with its hand-written backward.
enum Cube: CustomFunction {
    static let name = "CubeBackward"
    static func forward(_ ctx: FunctionContext, _ inputs: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(inputs[0])
        return try inputs[0] * inputs[0] * inputs[0]
    }
    static func backward(_ ctx: FunctionContext, _ gradOutput: Tensor) throws -> [Tensor?] {
        let x = try ctx.savedTensors()[0]
        return [try gradOutput * 3 * x * x]
    }
}

@Suite("gradcheck's checks and reports")
struct CheckTests {
    @Test("correct functions pass with every method and mode", arguments: DifferenceMethod.allCases, [false, true])
    func correctPasses(_ method: DifferenceMethod, _ fast: Bool) throws {
        let x = f64([0.3, -1.2, 2.0]), w = f64([0.5, 1.5, -0.7, 2.0, 0.1, -0.4], shape: [3, 2])
        let report = try gradcheckReport(
            { xs in [try xs[0].matmul(xs[1]).tanh(), try (xs[0] * xs[0]).sum()] },
            inputs: [x, w], options: GradCheckOptions(method: method, fastMode: fast))
        #expect(report.passed, "\(report)")
        #expect(report.comparisons.count == 4, "two outputs × two inputs")
        #expect(report.functionEvaluations > 1)
        #expect(report.seconds > 0)
    }

    @Test func reportHasBothJacobiansAndTheWorstElement() throws {
        let x = f64([0.3, -1.2, 2.0])
        let report = try gradcheckReport({ [try $0[0].sin()] }, inputs: [x])
        let comparison = try #require(report.comparisons.first)
        #expect(comparison.numerical.count == 3 && comparison.analytical.count == 3)
        #expect(try comparison.analytical[1][1] == Foundation.cos(-1.2))
        #expect(try comparison.analytical[0][1] == 0)
        #expect(comparison.maxAbsoluteError < 1e-9)
        #expect(comparison.worstInputElement.count == 1 && comparison.worstOutputElement.count == 1)
    }

    @Test func failureMessageNamesOutputInputWorstElementAndJacobians() throws {
        let x = f64([0.3, -1.2, 2.0])
        let error = #expect(throws: GradCheckFailure.self) {
            try gradcheck({ try $0[0].detach() * $0[0] }, inputs: [x])
        }
        let message = try #require(error?.message)
        #expect(
            message.hasPrefix(
                "Jacobian mismatch for output 0 with respect to input 0,\nworst element: input 0 element [2] -> output 0 element [2]: numerical 4.000000000004")
        )
        #expect(message.contains(", analytical 2.0 (difference 2.000e+00, allowed 4.010e-03). Diagnosis: wrong derivative."))
        #expect(message.contains("\nLikely mistake: the gradient is the right one times 1/2"))
        #expect(error?.report?.findings.first?.likelyMistake == .constantFactor(0.5))
        #expect(message.contains("\nWhere: MulBackward0 (node 1 of 1): the gradient it passes to its input 1 (argument 0 of the function) is wrong"))
        #expect(message.contains("\nnumerical:tensor([[ 0.6000,  0.0000,  0.0000],"))
        #expect(message.contains("\nanalytical:tensor([[ 0.3000,  0.0000,  0.0000],"))
        #expect(error?.report?.passed == false)
    }

    @Test func needsAnInputThatRequiresGrad() throws {
        let report = try gradcheckReport({ [try $0[0] * 2] }, inputs: [f64([1, 2], requiresGrad: false)])
        #expect(report.failures == ["gradcheck expects at least one input tensor to require gradient, but none of them have requires_grad=True."])
    }

    @Test func float32InputsWarn() throws {
        let x = Tensor([0.5, 1.0], requiresGrad: true)
        let report = try gradcheckReport({ [try $0[0] * 2] }, inputs: [x], options: GradCheckOptions(atol: 1e-2, rtol: 1e-2))
        #expect(report.warnings.first?.hasPrefix("Input #0 requires gradient and is not a double precision floating point.") == true)
    }

    @Test func outputsMustKeepTheirShapeUnderPerturbation() throws {
        let x = f64([1.0])
        let report = try gradcheckReport(
            { xs in
                let value = try xs[0].item()
                return try [value > 1 ? try xs[0].expand([2]) : xs[0] * 1]
            }, inputs: [x])
        #expect(report.failures.first?.hasPrefix("Output 0 changed under perturbation of the inputs") == true)
    }

    @Test func theFunctionMustNotModifyItsInputs() throws {
        let x = f64([1.0, 2.0])
        let report = try gradcheckReport(
            { xs in
                try noGrad { try xs[0].add_(1) }
                return try [xs[0] * 2]
            }, inputs: [x])
        #expect(report.failures.first?.hasPrefix("Input 0 was modified in place during the function's first call") == true)
    }

    @Test func nanInAJacobianIsItsOwnFailure() throws {
        let x = f64([0.0, 1.0])
        let report = try gradcheckReport({ [try $0[0].sqrt()] }, inputs: [x])
        #expect(report.failures.first?.hasPrefix("Jacobian for output 0 with respect to input 0 contains NaN or infinity") == true)
    }

    @Test("a kink is named, and a value between its one-sided derivatives passes", arguments: ["relu", "abs"])
    func kinksAreNamed(_ op: String) throws {
        let x = f64([-0.5, 0.0, 0.7])
        let f: ([Tensor]) throws -> [Tensor] = { [op == "relu" ? try $0[0].relu() : try $0[0].abs()] }
        let report = try gradcheckReport(f, inputs: [x])
        #expect(report.passed, "\(report)")
        let kink = try #require(report.kinks.first)
        #expect(kink.element == [1] && kink.x == 0)
        #expect(Swift.abs(kink.left - (op == "relu" ? 0 : -1)) < 1e-6)
        #expect(Swift.abs(kink.right - 1) < 1e-6)
        #expect(report.findings.first?.kind == .kinkAccepted)
        #expect(report.notes.first?.hasPrefix("Non-differentiable point at input 0 element [1] -> output 0 element [1] (x = 0.0)") == true)
        // The strict policy gives PyTorch's verdict: abs'(0) = 0 is the mean of -1 and 1; relu'(0) = 0 is not that of 0 and 1.
        var strict = GradCheckOptions()
        strict.kinkPolicy = .strict
        let strictReport = try gradcheckReport(f, inputs: [x], options: strict)
        #expect(strictReport.passed == (op == "abs"))
        if op == "relu" { #expect(strictReport.findings.last?.kind == .wrongAtKink) }
    }

    @Test func aWrongValueAtAKinkFails() throws {
        let x = f64([-0.5, 0.0, 0.7])
        // abs with the gradient 2 at 0: outside [-1, 1].
        let report = try gradcheckReport(
            { xs in
                let y = try xs[0].abs()
                let atZero = try xs[0].eq(0).to(.float64)
                return [try y + (xs[0] - xs[0].detach()) * atZero * 2]
            }, inputs: [x])
        #expect(report.findings.first?.kind == .wrongAtKink, "\(report)")
        #expect(
            report.failures.first?.hasPrefix(
                "Wrong derivative at a non-differentiable point for output 0 with respect to input 0 at input element [1] (x = 0.0)") == true)
    }

    @Test func smoothMismatchesAreNotKinks() throws {
        let report = try gradcheckReport({ [try SinUsesSin.apply($0)] }, inputs: [f64([0.4, 1.1])])
        #expect(report.kinks.isEmpty)
        #expect(report.failures.first?.hasPrefix("Jacobian mismatch") == true)
    }

    @Test func fastModeUsesAPrivateDeterministicGenerator() throws {
        let x = f64([0.3, -1.2, 2.0])
        let options = GradCheckOptions(fastMode: true, seed: 7)
        let a = try gradcheckReport({ [try $0[0].exp()] }, inputs: [x], options: options)
        let b = try gradcheckReport({ [try $0[0].exp()] }, inputs: [x], options: options)
        #expect(a.passed && a.fastMode)
        #expect(a.comparisons[0].analytical == b.comparisons[0].analytical)
        #expect(a.comparisons[0].numerical.count == 1, "one projection per pair")
    }

    /// A fast-mode failure stays a failure; slow mode adds where and what.
    @Test func fastModeFailureStandsAndSaysWhatSlowModeFound() throws {
        let report = try gradcheckReport(
            { [try ExpSignFlipped.apply($0)] }, inputs: [f64([0.3, -1.2])],
            options: GradCheckOptions(fastMode: true))
        #expect(report.fastMode && !report.passed)
        #expect(report.findings.first?.kind == .fastModeMismatch)
        #expect(report.failures.first?.hasPrefix("Fast-mode projection mismatch for output 0 with respect to input 0") == true)
        #expect(report.failures.first?.contains("\nSlow mode agrees:\nJacobian mismatch for output 0 with respect to input 0") == true)
        #expect(report.findings.first?.likelyMistake == .constantFactor(-1))
        // A projection through a kink is the one case slow mode's verdict replaces, with a note.
        let kink = try gradcheckReport({ [try $0[0].relu()] }, inputs: [f64([-0.5, 0.0, 0.7])], options: GradCheckOptions(fastMode: true))
        #expect(kink.passed, "\(kink)")
        #expect(kink.notes.first?.contains("Slow mode explains it, and passes: Non-differentiable point") == true)
    }

    @Test func customFunctionsWorkInGraphsAndGradcheck() throws {
        let x = f64([0.5, -1.0, 2.0])
        let y = try Cube.apply(x)
        #expect(y.gradFn?.name == "CubeBackward")
        try (y * 2).sum().backward()
        #expect(try x.grad!.toArray() == [1.5, 6, 24])
        #expect(try gradcheck({ try Cube.apply($0) }, inputs: [x]))
        #expect(try gradgradcheck({ try Cube.apply($0) }, inputs: [x]))
        #expect(try gradcheck({ [try Cube.apply($0)] }, inputs: [x], options: GradCheckOptions(method: .richardson)))
    }

    @Test func customFunctionSavedTensorsFollowTheGraphRules() throws {
        let x = f64([0.5, -1.0])
        let y = try Cube.apply(x)
        try y.sum().backward()
        #expect(throws: AutogradError.self) { try y.sum().backward() }
    }

    @Test func gradgradcheckFailsWhenTheGradientIsWrong() throws {
        let x = f64([0.3, -1.2, 2.0])
        #expect(try gradgradcheck({ xs in try xs[0] * xs[0] * xs[0] }, inputs: [x]))
        #expect(throws: GradCheckFailure.self) {
            try gradgradcheck({ xs in try xs[0].detach() * xs[0] * xs[0] }, inputs: [x])
        }
    }
}

@Suite("Numerical accuracy")
struct AccuracyTests {
    @Test func richardsonReachesOneInATrillionWithHonestErrorEstimates() throws {
        let points = AccuracyBattery.run(.richardson)
        #expect(points.count == 35)
        for p in points {
            #expect(p.relativeError <= 1e-12, "\(p.function) at \(p.x): \(p.relativeError)")
            #expect(p.estimate.error >= p.absoluteError, "\(p.function) at \(p.x): estimate \(p.estimate.error) < error \(p.absoluteError)")
        }
    }

    @Test func gslErrorEstimatesBoundTheError() throws {
        for p in AccuracyBattery.run(.gsl) {
            #expect(p.estimate.error >= p.absoluteError, "\(p.function) at \(p.x)")
            #expect(p.relativeError <= 1e-8)
        }
    }

    @Test func methodsRankAsExpected() throws {
        let worst = DifferenceMethod.allCases.map { method in AccuracyBattery.run(method).map(\.relativeError).max()! }
        #expect(worst[0] > worst[1] && worst[1] > worst[2], "central \(worst[0]), gsl \(worst[1]), richardson \(worst[2])")
    }
}
