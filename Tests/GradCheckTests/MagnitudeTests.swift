import Foundation
import Testing

@testable import Autograd
@testable import GradCheck

/// A custom op `forward` whose backward is its derivative `derivative` times `factor`:
/// 1 is the right rule, anything else a wrong one.
struct ScaledRule: Sendable {
    let name: String
    let forward: @Sendable (Tensor) throws -> Tensor
    let derivative: @Sendable (Tensor) throws -> Tensor
    /// Inputs drawn for a seed.
    let inputs: @Sendable (UInt64) throws -> Tensor
    /// The absolute tolerance: PyTorch's default 1e-5 hides every error in a derivative
    /// far below it (1/x at 1e12), so those rules are checked with 0.
    var atol: Double? = nil
    /// Whether fast mode must catch the wrong rules too. Along a projection through
    /// elements from 1e7 to 1e12 the three methods' estimates disagree (the functions'
    /// own rounding), fast mode widens its tolerance by their spread, and a 1% error can
    /// pass there: slow mode, which examines each element, is the check at those
    /// magnitudes (Docs/GradCheck.md).
    var fastModeCatches = true
}

/// The op of `rule` with its backward scaled by `factor`.
func apply(_ rule: ScaledRule, factor: Double, to x: Tensor) throws -> Tensor {
    struct Op: CustomFunction {
        nonisolated(unsafe) static var current: (rule: ScaledRule, factor: Double)?
        static let name = "ScaledRule"
        static func forward(_ ctx: FunctionContext, _ inputs: [Tensor]) throws -> Tensor {
            ctx.saveForBackward(inputs[0])
            return try current!.rule.forward(inputs[0])
        }
        static func backward(_ ctx: FunctionContext, _ gradOutput: Tensor) throws -> [Tensor?] {
            [try gradOutput * current!.rule.derivative(ctx.savedTensors()[0]) * current!.factor]
        }
    }
    Op.current = (rule, factor)
    return try Op.apply(x)
}

/// GradCheck has no blind spot at large magnitudes: a step scaled to |x| alone and a kink
/// assumed from one step let a halved gradient of exp(x - 1e6) at 1e6 pass every method.
/// Steps now follow the function's own scale (`ProbeLine.adapted`) and a kink is declared
/// only when the one-sided derivatives stay apart as the step shrinks.
@Suite("GradCheck at large magnitudes", .serialized)
struct MagnitudeTests {
    static let rules: [ScaledRule] = [
        ScaledRule(
            name: "exp(x - 1e6) near 1e6", forward: { try ($0 - 1e6).exp() }, derivative: { try ($0 - 1e6).exp() },
            inputs: { seed in
                manualSeed(seed)
                return try Tensor.rand([4], dtype: .float64) + 999_999.5
            }),
        ScaledRule(
            name: "sin x in [1e5, 1e6]", forward: { try $0.sin() }, derivative: { try $0.cos() },
            inputs: { seed in
                manualSeed(seed)
                return try Tensor.rand([4], dtype: .float64) * 9e5 + 1e5
            }),
        ScaledRule(
            name: "cos x in [1e7, 1e8]", forward: { try $0.cos() }, derivative: { try -$0.sin() },
            inputs: { seed in
                manualSeed(seed)
                return try Tensor.rand([4], dtype: .float64) * 9e7 + 1e7
            }, fastModeCatches: false),
        ScaledRule(
            name: "log x near 1e12", forward: { try $0.log() }, derivative: { try $0.reciprocal() },
            inputs: { seed in
                manualSeed(seed)
                return try (Tensor.rand([4], dtype: .float64) + 1) * 1e12
            }, atol: 0,
            fastModeCatches: false),
    ]

    /// Every configuration: three methods, slow and fast.
    static let configurations: [GradCheckOptions] = DifferenceMethod.allCases.flatMap { method in
        [false, true].map { fast in
            var options = GradCheckOptions(method: method)
            options.fastMode = fast
            return options
        }
    }

    @Test(arguments: rules.map(\.name), [1.0, 0.5, 1.01, 1.05])
    func aRuleIsJudgedRightAtItsMagnitude(rule name: String, factor: Double) throws {
        let rule = try #require(Self.rules.first { $0.name == name })
        for var options in Self.configurations {
            options.atol = rule.atol ?? options.atol
            for seed in UInt64(0)..<5 {
                let x = try rule.inputs(seed).requiresGrad_()
                let report = try gradcheckReport({ [try apply(rule, factor: factor, to: $0[0])] }, inputs: [x], options: options)
                let configuration = "\(options.method)\(options.fastMode ? " fast" : ""), seed \(seed)"
                if factor == 1 {
                    #expect(report.passed, "a right rule passes: \(configuration): \(report.failures.first ?? "")")
                    #expect(!report.findings.contains { $0.kind == .kinkAccepted }, "no kink is made up: \(configuration)")
                } else if !options.fastMode || rule.fastModeCatches {
                    #expect(!report.passed, "×\(factor) is caught: \(configuration)")
                }
            }
        }
    }

    /// A real kink far from zero is still one: |x - 1e6| at 1e6, where 0 lies between the
    /// one-sided derivatives -1 and 1 (accepted), and 2 does not (refused).
    @Test func aRealKinkFarFromZeroIsConfirmed() throws {
        let x = try Tensor([1e6, 1e6 + 0.25], dtype: .float64).requiresGrad_()
        let rule = ScaledRule(name: "abs", forward: { try ($0 - 1e6).abs() }, derivative: { try ($0 - 1e6).sign() }, inputs: { _ in x })
        let right = try gradcheckReport({ [try apply(rule, factor: 1, to: $0[0])] }, inputs: [x], options: GradCheckOptions(method: .gsl))
        #expect(right.passed)
        #expect(right.findings.contains { $0.kind == .kinkAccepted })
        let wrong = ScaledRule(name: "abs", forward: { try ($0 - 1e6).abs() }, derivative: { try ($0 - 1e6).sign() + 2 }, inputs: { _ in x })
        #expect(!(try gradcheckReport({ [try apply(wrong, factor: 1, to: $0[0])] }, inputs: [x], options: GradCheckOptions(method: .gsl)).passed))
    }

    /// Rounding in a float32 function is no kink: gradgradcheck of sin on float32 inputs
    /// failed on 2 seeds of 20 with "left derivative 0.0143, right derivative 0". Rounding
    /// is never reported as a non-differentiable point, and with steps chosen for float32
    /// (`ProbeLine.resolution`) the check passes at every seed, by every method.
    @Test func float32RoundingIsNoKink() throws {
        for seed in UInt64(0)..<20 {
            manualSeed(seed)
            let x = try Tensor.randn([3]).requiresGrad_()
            for method in DifferenceMethod.allCases {
                let report = try gradgradcheckReport({ [try $0[0].sin()] }, inputs: [x], options: GradCheckOptions(method: method))
                #expect(!report.findings.contains { $0.kind == .kinkAccepted || $0.kind == .wrongAtKink }, "seed \(seed): \(report.failures.first ?? "")")
                #expect(report.passed, "\(method) seed \(seed): \(report.failures.first ?? "")")
            }
        }
    }
}
