import Foundation
import Testing

@testable import Autograd
@testable import GradCheck
@testable import GradCheckAudit  // SquareAndCube and SquareAndCubeGivingUp, the audit's pair

/// Undefined gradients exercised as PyTorch's gradcheck does: each Jacobian row comes from
/// one output alone, so the other outputs' gradients are undefined, and a backward that
/// mishandles them gives a row of zeros that the numerical Jacobian contradicts.
@Suite("Undefined output gradients")
struct UndefinedGradientTests {
    @Test(arguments: DifferenceMethod.allCases, [false, true])
    func aBackwardThatGivesUpOnAnUndefinedGradientFails(method: DifferenceMethod, fast: Bool) throws {
        let x = try Tensor([0.5, -1.25, 2.0], dtype: .float64).requiresGrad_()
        var options = GradCheckOptions(method: method)
        options.fastMode = fast
        let wrong = try gradcheckReport({ try SquareAndCubeGivingUp.apply($0) }, inputs: [x], options: options)
        #expect(!wrong.passed)
        // PyTorch: "Jacobian mismatch for output 0 with respect to input 0", analytical all zeros.
        #expect(wrong.failures.first?.contains("Jacobian mismatch for output 0 with respect to input 0") == true, "\(wrong.failures.first ?? "")")
        let right = try gradcheckReport({ try SquareAndCube.apply($0) }, inputs: [x], options: options)
        #expect(right.passed, "\(right.failures.first ?? "")")
    }
}
