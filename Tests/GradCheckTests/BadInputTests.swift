import Foundation
import Testing

@testable import Autograd
@testable import GradCheck

/// gradcheck given settings or inputs it cannot work with: an error that names the
/// problem, never a trap and never a verdict computed from garbage.
@Suite("gradcheck refuses what it cannot check")
struct BadInputTests {
    static let badOptions: [(String, GradCheckOptions)] = [
        ("eps 0", GradCheckOptions(eps: 0)),
        ("eps NaN", GradCheckOptions(eps: .nan)),
        ("eps -1e-6", GradCheckOptions(eps: -1e-6)),
        ("atol -1", GradCheckOptions(atol: -1)),
        ("rtol infinity", GradCheckOptions(rtol: .infinity)),
        ("nondetTol NaN", GradCheckOptions(nondetTol: .nan)),
        (
            "threads 0",
            {
                var o = GradCheckOptions()
                o.threads = 0
                return o
            }()
        ),
        (
            "estimateSafety -4",
            {
                var o = GradCheckOptions()
                o.estimateSafety = -4
                return o
            }()
        ),
    ]

    @Test("invalid options are an error", arguments: badOptions.map(\.0))
    func invalidOptions(_ name: String) throws {
        let options = try #require(Self.badOptions.first { $0.0 == name }?.1)
        let x = try Tensor.randn([3], dtype: .float64, requiresGrad: true)
        #expect(throws: AutogradError.self) { _ = try gradcheckReport({ [try $0[0].sin()] }, inputs: [x], options: options) }
    }

    /// A scalar derivative's step must be a positive finite number, with every method
    /// (it was NaN with central and gsl, and silently ignored by richardson).
    @Test(arguments: DifferenceMethod.allCases, [0.0, -1e-3, .nan, .infinity])
    func aScalarDerivativesStepMustBePositive(method: DifferenceMethod, step: Double) {
        #expect { _ = try ScalarDerivative.estimate(method, of: { $0 * $0 }, at: 1, step: step) } throws: {
            "\($0)".contains("the step must be a positive finite number")
        }
    }

    @Test(arguments: DifferenceMethod.allCases)
    func aScalarDerivativeWithAGoodStepIsRight(method: DifferenceMethod) throws {
        let estimate = try ScalarDerivative.estimate(method, of: { $0 * $0 }, at: 1.5, step: 1e-3)
        #expect(Swift.abs(estimate.value - 3) < 1e-6)
    }

    @Test func validOptionsPass() throws {
        let x = try Tensor.randn([3], dtype: .float64, requiresGrad: true)
        #expect(try gradcheckReport({ [try $0[0].sin()] }, inputs: [x], options: GradCheckOptions(eps: 1e-6, atol: 1e-5, rtol: 1e-3)).passed)
    }

    /// PyTorch refuses an expanded input: perturbing one element would move all the
    /// elements that share its memory, and a correct op would fail.
    @Test func expandedInputIsRefusedWithPyTorchsText() throws {
        let x = try Tensor.randn([1], dtype: .float64).expand(3).detach().requiresGrad_()
        let report = try gradcheckReport({ [try $0[0].sin()] }, inputs: [x])
        #expect(
            report.failures == [
                "The 0th input has a dimension with stride 0. gradcheck only supports inputs that are non-overlapping to be able to compute the numerical gradients correctly. You should call .contiguous on the input before passing it to gradcheck."
            ])
        let contiguous = try x.detach().contiguous().requiresGrad_()
        #expect(try gradcheckReport({ [try $0[0].sin()] }, inputs: [contiguous]).passed)
    }

    @Test func richardsonRefusesAFunctionWhoseOutputCountChanges() async {
        await #expect(processExitsWith: .success) {
            let f: (Double) throws -> [Double] = { x in x > 0 ? [x, x * x] : [x] }
            do {
                _ = try Richardson.estimate(of: f, at: 1e-9, firstStep: 0.5, referenceStep: 1e-6)
                exit(2)
            } catch is AutogradError {
                exit(0)
            }
        }
    }

    @Test func sensitivityRefusesAFloorBelowOne() throws {
        #expect(throws: AutogradError.self) { _ = try Sensitivity.smallestDetected(options: GradCheckOptions(), floor: 0) }
    }
}
