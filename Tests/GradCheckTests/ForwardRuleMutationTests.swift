import Foundation
import Testing

@testable import Autograd
@testable import GradCheck

/// GradCheck catches wrong forward-mode rules (`checkForwardAD`), and passes right ones:
/// custom functions with a right backward and a planted mistake in `jvp`, over many seeds.
@Suite("Wrong forward rules are caught", .serialized)
struct ForwardRuleMutationTests {
    /// `sin(x) · y` with a forward rule that makes `mistake`.
    enum Mistake: String, CaseIterable, Sendable {
        case none, doubled, signFlipped, tangentIgnored, secondInputDropped, float32Rounded, swappedInputs
    }

    nonisolated(unsafe) static var current = Mistake.none

    enum SineTimes: CustomFunction {
        static let name = "SineTimesBackward"
        static func forward(_ ctx: FunctionContext, _ inputs: [Tensor]) throws -> Tensor {
            ctx.saveForBackward(inputs[0], inputs[1])
            return try inputs[0].sin() * inputs[1]
        }
        static func backward(_ ctx: FunctionContext, _ gradOutput: Tensor) throws -> [Tensor?] {
            let saved = try ctx.savedTensors()
            return [try gradOutput * saved[0].cos() * saved[1], try gradOutput * saved[0].sin()]
        }
        static func jvp(_ inputs: [Tensor], _ tangents: [Tensor?]) throws -> Tensor? {
            let (x, y) = (inputs[0], inputs[1])
            let tx = try tangents[0] ?? Tensor.zeros(like: x)
            let ty = try tangents[1] ?? Tensor.zeros(like: y)
            let first = try tx * x.cos() * y, second = try ty * x.sin()
            switch ForwardRuleMutationTests.current {
            case .none: return try first + second
            case .doubled: return try (first + second) * 2
            case .signFlipped: return try first - second
            case .tangentIgnored: return try x.cos() * y + x.sin()
            case .secondInputDropped: return first
            case .float32Rounded: return try (first + second).to(.float32).to(.float64)
            case .swappedInputs: return try tx * y.cos() * x + (ty * y.sin())
            }
        }
    }

    static let configurations: [(DifferenceMethod, Bool)] = [(.central, false), (.gsl, false), (.richardson, false), (.richardson, true)]

    @Test("every planted forward-rule mistake fails, the right rule passes, 25 seeds", arguments: Mistake.allCases)
    func mistakeIsJudged(_ mistake: Mistake) throws {
        Self.current = mistake
        for (method, fast) in Self.configurations {
            var caught = 0
            for seed in UInt64(0)..<25 {
                manualSeed(seed)
                let x = try Tensor.randn([3], dtype: .float64).requiresGrad_()
                let y = try Tensor.randn([3], dtype: .float64).requiresGrad_()
                var options = GradCheckOptions(method: method, fastMode: fast, seed: seed)
                options.checkForwardAD = true
                let report = try gradcheckReport({ [try SineTimes.apply($0[0], $0[1])] }, inputs: [x, y], options: options)
                if !report.passed {
                    caught += 1
                    #expect(
                        report.findings.contains { [.wrongForwardDerivative, .forwardReverseMismatch].contains($0.kind) },
                        "\(mistake) seed \(seed): \(report.failures.first ?? "")")
                }
            }
            let label = "\(mistake), \(method)\(fast ? " fast" : "")"
            if mistake == .none {
                #expect(caught == 0, "\(label): the right rule failed at \(caught) of 25 seeds")
            } else if mistake == .float32Rounded {
                // An error of float32's rounding (6e-8 relative, and none where a value is a
                // float32 number) is below central's tolerance; elsewhere the dot-product test
                // (1e-10 relative) catches it unless the rounding errors cancel along u and v.
                if method != .central || fast { #expect(caught >= 22, "\(label): caught at \(caught) of 25 seeds") }
            } else {
                #expect(caught == 25, "\(label): caught at \(caught) of 25 seeds")
            }
        }
        Self.current = .none
    }

    /// A function whose backward is wrong and whose forward rule is right: the dot-product
    /// test names the disagreement without any finite difference.
    @Test func theDotProductTestSeesAWrongBackward() throws {
        enum WrongBackward: CustomFunction {
            static let name = "WrongBackward"
            static func forward(_ ctx: FunctionContext, _ inputs: [Tensor]) throws -> Tensor {
                ctx.saveForBackward(inputs[0])
                return try inputs[0].exp()
            }
            static func backward(_ ctx: FunctionContext, _ gradOutput: Tensor) throws -> [Tensor?] {
                [try gradOutput * ctx.savedTensors()[0].exp() * 1.5]
            }
            static func jvp(_ inputs: [Tensor], _ tangents: [Tensor?]) throws -> Tensor? {
                try tangents[0].map { try $0 * inputs[0].exp() }
            }
        }
        let x = try Tensor([0.2, -0.4], dtype: .float64).requiresGrad_()
        var options = GradCheckOptions(method: .richardson, fastMode: true)
        options.checkForwardAD = true
        // Fast mode fails on the backward first; the dot-product test is exercised directly.
        let checked = CheckedFunction({ [try WrongBackward.apply($0[0])] }, inputs: [x])
        let outputs = try checked.evaluate([x])
        var checker = Checker(function: checked, outputs: outputs, differentiable: [0], options: options)
        try checker.dotProductTest()
        #expect(checker.findings.contains { $0.kind == .forwardReverseMismatch })
    }
}
