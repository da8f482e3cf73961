import Foundation
import Testing

@testable import Autograd
@testable import GradCheck

/// Float32 inputs are checked at float32's resolution. A step of 1e-6 is below a float32
/// input's spacing (1.2e-7 near 1 rounds it by up to 6%) and a float32 function's
/// rounding turns it into errors of that size, so a 5% wrong rule passed on some seeds.
/// Steps now follow the precision (`ProbeLine.resolution`) and the differences divide by
/// the spacing of the values the input really stores.
@Suite("GradCheck on float32 inputs")
struct Float32InputTests {
    /// A function of one float32 input and its derivative's scale for a wrong rule.
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let function: @Sendable (Tensor) throws -> Tensor
        let input: @Sendable (UInt64) throws -> Tensor
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "sin", function: { try $0.sin() },
            input: { seed in
                manualSeed(seed)
                return try Tensor.randn([4])
            }),
        Case(
            name: "exp", function: { try $0.exp() },
            input: { seed in
                manualSeed(seed)
                return try Tensor.randn([4])
            }),
        Case(
            name: "tanh", function: { try $0.tanh() },
            input: { seed in
                manualSeed(seed)
                return try Tensor.randn([4])
            }),
        Case(
            name: "x³", function: { try $0 * $0 * $0 },
            input: { seed in
                manualSeed(seed)
                return try Tensor.randn([4]) * 3
            }),
        Case(
            name: "log", function: { try $0.log() },
            input: { seed in
                manualSeed(seed)
                return try Tensor.rand([4]) * 10 + 0.1
            }),
    ]

    /// `function` with its gradient scaled by `factor` (1 is the right rule).
    static func scaled(_ function: @escaping @Sendable (Tensor) throws -> Tensor, by factor: Double) -> ([Tensor]) throws -> [Tensor] {
        { xs in
            let value = try function(xs[0])
            let surrogate = try value * factor
            return [try value.detach() + (surrogate - surrogate.detach())]
        }
    }

    static let configurations: [(DifferenceMethod, Bool)] = [(.central, false), (.gsl, false), (.richardson, false), (.central, true), (.richardson, true)]

    @Test("right rules pass and 1% errors fail, every method, 12 seeds", arguments: cases)
    func rightPassesWrongFails(_ testCase: Case) throws {
        for (method, fast) in Self.configurations {
            var caughtByFast = 0
            for seed in UInt64(0)..<12 {
                let x = try testCase.input(seed).requiresGrad_()
                #expect(x.dtype == .float32)
                let options = GradCheckOptions(method: method, fastMode: fast, seed: seed)
                let right = try gradcheckReport(Self.scaled(testCase.function, by: 1), inputs: [x], options: options)
                #expect(right.passed, "\(method)\(fast ? " fast" : "") seed \(seed): \(right.failures.first ?? "")")
                let wrong = try gradcheckReport(Self.scaled(testCase.function, by: 1.01), inputs: [x], options: options)
                if fast {
                    if !wrong.passed { caughtByFast += 1 }
                } else {
                    #expect(!wrong.passed, "\(method) seed \(seed): a 1% error passed")
                }
                if method != .central && !fast {
                    let fivePerMille = try gradcheckReport(Self.scaled(testCase.function, by: 1.005), inputs: [x], options: options)
                    #expect(!fivePerMille.passed, "\(method) seed \(seed): a 0.5% error passed")
                }
            }
            // A random projection can cancel a 1% error: fast mode catches most, not all.
            if fast { #expect(caughtByFast >= 9, "\(method) fast caught \(caughtByFast) of 12") }
        }
    }

    @Test func aFloat32StepFallsOnTheInputsGridAndGrowsWithThePrecision() {
        let line = ProbeLine.element(1.3, edges: [], resolution: ProbeLine.float32Resolution)
        #expect(line.isSinglePrecision)
        #expect(Swift.abs(line.precisionFactor - 812.7) < 0.1)
        let h = line.step(nominal: 1e-6)
        #expect(h > 1e-3 && h < 1.1e-3)
        let x = Double(Float(1.3))
        let points = line.centralPoints(at: x, step: h)
        #expect(Double(Float(points.up)) == points.up && Double(Float(points.down)) == points.down)
        #expect(points.spacing == points.up - points.down)
        // A float64 line keeps PyTorch's step and formula exactly.
        let double = ProbeLine.element(1.3, edges: [])
        #expect(double.step(nominal: 1e-6) == 1.3e-6)
        #expect(double.centralPoints(at: 1.3, step: 1.3e-6) == (1.3 + 1.3e-6, 1.3 - 1.3e-6, 2.6e-6))
    }

    @Test func aFloat32OutputOfFloat64InputsIsCheckedAtFloat32Resolution() throws {
        let x = try Tensor([0.3, -1.2, 2.0], dtype: .float64).requiresGrad_()
        let right = try gradcheckReport({ [try $0[0].to(.float32).sin()] }, inputs: [x], options: GradCheckOptions(method: .richardson))
        #expect(right.passed, "\(right.failures.first ?? "")")
        let wrong = try gradcheckReport(
            { xs in
                let value = try xs[0].to(.float32).sin()
                let surrogate = try value * 1.01
                return [try value.detach() + (surrogate - surrogate.detach())]
            }, inputs: [x], options: GradCheckOptions(method: .richardson))
        #expect(!wrong.passed)
    }
}
