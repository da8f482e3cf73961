import Autograd
import Testing

@testable import GradCheck
@testable import GradCheckAudit

/// The checker proven both ways, over many seeds: it fails every wrong rule and passes
/// every correct-but-hard op (`GradCheckAudit`; `gradlab audit` runs 100 seeds).
@Suite("gradcheck catches wrong backward rules and raises no false alarm")
struct MutationTests {
    @Test func theCatalogsAreLargeEnough() throws {
        #expect(WrongRule.catalog.count >= 50)
        #expect(HardOp.catalog.count >= 30)
        // Every class of mistake has a case.
        #expect(Set(WrongRule.catalog.map(\.mistake)) == Set(WrongRule.Mistake.allCases))
    }

    @Test(
        "ten seeds, every method: no wrong verdict, no false alarm",
        arguments: [(DifferenceMethod.central, false), (.gsl, false), (.richardson, false), (.richardson, true)])
    func audit(_ method: DifferenceMethod, _ fastMode: Bool) throws {
        let row = try GradCheckAudit.run(seeds: 0..<10, methods: fastMode ? [] : [method], fastMode: fastMode)[0]
        #expect(row.wrongVerdicts.isEmpty, "\(row.wrongVerdicts.prefix(5))")
        #expect(row.falseAlarms.isEmpty, "\(row.falseAlarms.prefix(5))")
        #expect(row.caught + row.missedByDesign == row.wrongChecked)
        #expect(row.hardChecked == HardOp.catalog.count * 10)
    }

    /// The central method misses only what is below its tolerance, and says so.
    @Test("the central method's misses are below its tolerance", arguments: WrongRule.catalog.filter { $0.missedBy.contains(.central) })
    func centralMisses(_ rule: WrongRule) throws {
        #expect(
            try rule.check(seed: 3, options: GradCheckOptions()).passed,
            "documented as below the central method's resolution; update the catalog if this changes")
    }

    @Test("no false alarms on the op database", arguments: DifferenceMethod.allCases)
    func noFalseAlarms(_ method: DifferenceMethod) throws {
        let alarms = try Sensitivity.falseAlarms(options: GradCheckOptions(method: method), seeds: 0..<10)
        #expect(alarms.isEmpty, "\(alarms.prefix(3))")
    }

    @Test func sensitivityOfEachMethod() throws {
        #expect(try Sensitivity.smallestDetected(options: GradCheckOptions(method: .central)) == 1e-2)
        #expect(try Sensitivity.smallestDetected(options: GradCheckOptions(method: .gsl))! <= 1e-6)
        #expect(try Sensitivity.smallestDetected(options: GradCheckOptions(method: .richardson))! <= 1e-8)
    }

    /// Diagnoses name the mistake: a few rules whose fingerprint is unambiguous.
    @Test func fingerprintsNameTheMistake() throws {
        func mistake(_ name: String) throws -> LikelyMistake? {
            let rule = try #require(WrongRule.catalog.first { $0.name == name })
            return try rule.check(seed: 0, options: GradCheckOptions()).findings.first(where: \.isFailure)?.likelyMistake
        }
        #expect(try mistake("doubled (sum)") == .constantFactor(2))
        #expect(try mistake("sign flipped (exp)") == .constantFactor(-1))
        #expect(try mistake("gradient transposed") == .transposed)
        #expect(try mistake("gradient dropped (mul, second input)") == .zeroGradient)
        #expect(try mistake("grad_output ignored (exp)") == .notMultipliedByGradOutput)
        #expect(try mistake("float32 inside the backward (exp)") == nil)  // central misses it by design
        let float32 = try #require(WrongRule.catalog.first { $0.name == "float32 inside the backward (exp)" })
        #expect(try float32.check(seed: 0, options: GradCheckOptions(method: .richardson)).findings.first?.likelyMistake == .float32Precision)
        #expect(try mistake("wrong only for negative inputs (x²)") == .signWrongForSomeElements)
    }

    /// Localisation names the node whose rule is wrong inside a composite function.
    @Test func localisationNamesTheWrongNode() throws {
        let x = try Tensor(shape: [3], values: [0.3, -0.8, 1.1], dtype: .float64, requiresGrad: true)
        let w = try Tensor(shape: [3], values: [0.5, 1.5, -0.7], dtype: .float64, requiresGrad: true)
        let report = try gradcheckReport({ xs in [try (MulFactorMissing.apply(xs[0].sin(), xs[1]) * 2).exp()] }, inputs: [x, w])
        let failures = report.findings.filter(\.isFailure)
        let finding = try #require(failures.first)
        #expect(
            finding.location?.hasPrefix("MulFactorMissingBackward (node 2 of 4): the gradient it passes to its input 0 (the result of SinBackward0) is wrong")
                == true,
            "\(finding.location ?? "nil") \(report)")
        // The same composite with a right rule passes.
        #expect(try gradcheckReport({ xs in [try (xs[0].sin() * xs[1] * 2).exp()] }, inputs: [x, w]).passed)
    }

    /// The Taylor test fits order 2 for a right gradient and 1 for a wrong one.
    @Test func taylorOrders() throws {
        let x = try Tensor(shape: [3], values: [0.3, -0.8, 1.1], dtype: .float64, requiresGrad: true)
        let right = try gradcheckReport({ [try $0[0].sin().exp()] }, inputs: [x])
        #expect(abs((right.taylor.first?.order ?? 0) - 2) < 0.2, "\(right.taylor)")
        let wrong = try gradcheckReport({ [try SinUsesSin.apply($0)] }, inputs: [x])
        #expect(abs((wrong.taylor.first?.order ?? 0) - 1) < 0.2, "\(wrong.taylor)")
    }
}
