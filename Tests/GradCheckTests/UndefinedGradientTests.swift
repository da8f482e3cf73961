import Foundation
import Testing
@testable import Autograd
@testable import GradCheck

/// x² and x³ with `setMaterializeGrads(false)`, whose backward gives up (no gradient)
/// as soon as one output's gradient is undefined: right only when both outputs reach the loss.
enum SquareAndCubeGivingUp: MultiOutputFunction {
    static let name = "SquareAndCubeGivingUpBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> [Tensor] {
        ctx.setMaterializeGrads(false)
        try ctx.saveForBackward(x[0])
        return [try x[0] * x[0], try x[0] * x[0] * x[0]]
    }
    static func backward(_ ctx: FunctionContext, _ g: [Tensor?]) throws -> [Tensor?] {
        guard let g0 = g[0], let g1 = g[1] else { return [nil] }
        let x = try ctx.savedTensors()[0]
        return [try g0 * 2 * x + g1 * 3 * x * x]
    }
}

/// The same, handling an undefined gradient as zero, as it must.
enum SquareAndCube: MultiOutputFunction {
    static let name = "SquareAndCubeBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> [Tensor] {
        ctx.setMaterializeGrads(false)
        try ctx.saveForBackward(x[0])
        return [try x[0] * x[0], try x[0] * x[0] * x[0]]
    }
    static func backward(_ ctx: FunctionContext, _ g: [Tensor?]) throws -> [Tensor?] {
        let x = try ctx.savedTensors()[0]
        var total: Tensor?
        if let g0 = g[0] { total = try g0 * 2 * x }
        if let g1 = g[1] { total = try (total.map { try $0 + g1 * 3 * x * x }) ?? (g1 * 3 * x * x) }
        return [total]
    }
}

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
