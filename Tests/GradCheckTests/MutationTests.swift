import Testing
import Autograd
@testable import GradCheck

/// One wrong backward rule, the inputs it is checked at, and which methods must catch it.
struct Mutation: Sendable, CustomTestStringConvertible {
    let name: String
    let shapes: [[Int]]
    let domain: SampleDomain
    /// Methods that miss it by design: the error is below their resolution.
    let missedBy: Set<DifferenceMethod>
    let function: @Sendable ([Tensor]) throws -> Tensor

    var testDescription: String { name }

    func inputs(seed: UInt64 = 3) -> [Tensor] {
        var generator = SplitMix64(seed: seed)
        return shapes.map { shape in
            let values = (0..<shape.reduce(1, *)).map { _ in domain.draw(&generator) }
            return try! Tensor(shape: shape, values: values, dtype: .float64, requiresGrad: true)
        }
    }

    static let all: [Mutation] = [
        Mutation(name: "sign flipped (exp)", shapes: [[4]], domain: .real, missedBy: []) { try ExpSignFlipped.apply($0) },
        Mutation(name: "factor missing (mul)", shapes: [[2, 3], [2, 3]], domain: .real, missedBy: []) { try MulFactorMissing.apply($0) },
        Mutation(name: "factor missing (sigmoid)", shapes: [[4]], domain: .real, missedBy: []) { try SigmoidMissingFactor.apply($0) },
        Mutation(name: "sign inside (tanh 1 + y²)", shapes: [[4]], domain: .real, missedBy: []) { try TanhWrongSign.apply($0) },
        Mutation(name: "wrong power (log 1/x²)", shapes: [[4]], domain: .positive, missedBy: []) { try LogSquaredDenominator.apply($0) },
        Mutation(name: "factor 1/2 missing (sqrt)", shapes: [[4]], domain: .positive, missedBy: []) { try SqrtMissingHalf.apply($0) },
        Mutation(name: "wrong power (x³ → 3x)", shapes: [[4]], domain: .real, missedBy: []) { try CubeWrongPower.apply($0) },
        Mutation(name: "wrong un-broadcast (mean for sum)", shapes: [[2, 3], [3]], domain: .real, missedBy: []) { try AddWrongUnbroadcast.apply($0) },
        Mutation(name: "transposed matmul gradient (left)", shapes: [[3, 3], [3, 3]], domain: .real, missedBy: []) { try MatmulTransposedLeft.apply($0) },
        Mutation(name: "transposed matmul gradient (right)", shapes: [[3, 3], [3, 3]], domain: .real, missedBy: []) { try MatmulTransposedRight.apply($0) },
        Mutation(name: "off by 1e-6 relative (exp)", shapes: [[4]], domain: .real, missedBy: [.central]) { try ExpOffByOneMillionth.apply($0) },
        Mutation(name: "wrong at a single element (sin)", shapes: [[2, 3]], domain: .real, missedBy: []) { try SinWrongAtOneElement.apply($0) },
        Mutation(name: "wrong only for negative inputs (x²)", shapes: [[6]], domain: .real, missedBy: []) { try SquareWrongForNegatives.apply($0) },
        Mutation(name: "doubled (sum)", shapes: [[2, 3]], domain: .real, missedBy: []) { try SumDoubled.apply($0) },
        Mutation(name: "1/N missing (mean)", shapes: [[5]], domain: .real, missedBy: []) { try MeanMissingScale.apply($0) },
        Mutation(name: "sign flipped for the denominator (div)", shapes: [[3], [3]], domain: .positive, missedBy: []) { try DivDenominatorSignFlipped.apply($0) },
        Mutation(name: "wrong function (sin' = sin)", shapes: [[4]], domain: .real, missedBy: []) { try SinUsesSin.apply($0) },
        Mutation(name: "wrong function (softplus' = exp)", shapes: [[4]], domain: .real, missedBy: []) { try SoftplusWrongDerivative.apply($0) },
        Mutation(name: "wrong only for negative inputs (leaky slope)", shapes: [[6]], domain: .real, missedBy: []) { try LeakyWrongNegativeSlope.apply($0) },
        Mutation(name: "division missing (norm)", shapes: [[4]], domain: .real, missedBy: []) { try NormMissingDivision.apply($0) },
        Mutation(name: "biased divisor (var: N for N - 1)", shapes: [[5]], domain: .real, missedBy: []) { try VarianceBiasedBackward.apply($0) },
        Mutation(name: "additive 5e-6 (x³)", shapes: [[4]], domain: .real, missedBy: [.central]) { try CubeSmallAdditiveError.apply($0) },
        Mutation(name: "permutation not inverted", shapes: [[2, 2, 2]], domain: .real, missedBy: []) { try PermuteNotInverted.apply($0) },
        Mutation(name: "gradient of the wrong shape", shapes: [[3, 2]], domain: .real, missedBy: []) { try GradientOfWrongShape.apply($0) },
        Mutation(name: "nondeterministic backward", shapes: [[3]], domain: .real, missedBy: []) { try NondeterministicBackward.apply($0) },
        Mutation(name: "nonzero gradient for a zero output gradient", shapes: [[3]], domain: .real, missedBy: []) { try NonzeroForZeroGradient.apply($0) },
    ]
}

/// The checker proven both ways: it fails every wrong rule and passes every correct op.
@Suite("gradcheck catches wrong backward rules")
struct MutationTests {
    static let methods: [DifferenceMethod] = DifferenceMethod.allCases

    @Test func thereAreAtLeastTwentyMutations() throws {
        #expect(Mutation.all.count >= 20)
    }

    @Test("each mutation is caught", arguments: Mutation.all)
    func caught(_ mutation: Mutation) throws {
        for method in Self.methods where !mutation.missedBy.contains(method) {
            let report = try gradcheckReport({ [try mutation.function($0)] }, inputs: mutation.inputs(),
                                             options: GradCheckOptions(method: method))
            #expect(!report.passed, "\(method) missed \(mutation.name)")
        }
    }

    @Test("fast mode catches each mutation too", arguments: Mutation.all)
    func caughtInFastMode(_ mutation: Mutation) throws {
        let report = try gradcheckReport({ [try mutation.function($0)] }, inputs: mutation.inputs(),
                                         options: GradCheckOptions(method: .richardson, fastMode: true))
        #expect(!report.passed, "fast mode missed \(mutation.name)")
    }

    @Test("the central method's misses are below its tolerance", arguments: Mutation.all.filter { $0.missedBy.contains(.central) })
    func centralMisses(_ mutation: Mutation) throws {
        let report = try gradcheckReport({ [try mutation.function($0)] }, inputs: mutation.inputs())
        #expect(report.passed, "documented as below the central method's resolution; update the table if this changes")
    }

    @Test("no false alarms on correct ops", arguments: DifferenceMethod.allCases)
    func noFalseAlarms(_ method: DifferenceMethod) throws {
        let alarms = try Sensitivity.falseAlarms(options: GradCheckOptions(method: method), seeds: 0..<10)
        #expect(alarms.isEmpty, "\(alarms.prefix(3))")
    }

    @Test func sensitivityOfEachMethod() throws {
        #expect(try Sensitivity.smallestDetected(options: GradCheckOptions(method: .central)) == 1e-2)
        #expect(try Sensitivity.smallestDetected(options: GradCheckOptions(method: .gsl))! <= 1e-6)
        #expect(try Sensitivity.smallestDetected(options: GradCheckOptions(method: .richardson))! <= 1e-8)
    }
}
