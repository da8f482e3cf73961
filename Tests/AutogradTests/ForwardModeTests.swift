import Foundation
import Testing

@testable import Autograd

/// Forward mode: dual tensors, tangents through ops, views and in-place ops, PyTorch's
/// errors, and the function transforms built on it. Expected numbers are PyTorch 2.13's
/// (`Fixtures/forward/jvp.py` prints them).
@Suite("Forward-mode AD")
struct ForwardModeTests {
    @Test func aTangentFlowsThroughOps() throws {
        let x = Tensor([1.0, 2.0], dtype: .float64)
        let (primal, tangent) = try withDualLevel { () -> (Tensor, Tensor?) in
            let dual = try makeDual(x, tangent: Tensor([1.0, 0.0], dtype: .float64))
            return unpackDual(try (dual * dual).sin())
        }
        #expect(try primal.toArray() == [Foundation.sin(1.0), Foundation.sin(4.0)])
        // d/dx sin(x²) = 2x cos(x²), times the tangent [1, 0].
        let expected = [2 * Foundation.cos(1.0), 0]
        #expect(try tangent!.toArray().enumerated().allSatisfy { Swift.abs($0.element - expected[$0.offset]) < 1e-15 })
    }

    @Test func leavingTheLevelDropsTangentsAndNoGradKeepsThem() throws {
        var kept: Tensor?
        try withDualLevel {
            let dual = try makeDual(Tensor([1.0, 2.0]), tangent: Tensor([1.0, 0.0]))
            let tripled = try noGrad { try dual * 3 }
            #expect(try tripled.tangent?.toArray() == [3, 0])
            #expect(dual.detach().tangent == nil)
            kept = tripled
        }
        #expect(kept?.tangent == nil)
    }

    @Test func pyTorchsErrors() throws {
        let x = Tensor([1.0, 2.0])
        #expect(throws: AutogradError.self) { try makeDual(x, tangent: x) }
        let outside = (try? makeDual(x, tangent: x)) == nil
        #expect(outside)
        try withDualLevel {
            do {
                _ = try makeDual(x, tangent: Tensor([1.0, 2.0, 3.0]))
                Issue.record("a tangent of another size was accepted")
            } catch let error as AutogradError {
                #expect(
                    error.message
                        == "Trying to set a forward gradient that has a different size than that of the original Tensor, this is not supported. Tensor is of size [2] while the given forward gradient is of size [3]."
                )
            }
            do {
                _ = try makeDual(Tensor([1, 2]), tangent: x)
                Issue.record("an int64 primal was accepted")
            } catch let error as AutogradError {
                #expect(error.message == "Expected primal to be floating point or complex, but got: torch.int64")
            }
            do {
                try withDualLevel {}
                Issue.record("a level inside a level was opened")
            } catch let error as AutogradError {
                #expect(error.message == "Nested forward mode AD is not supported at the moment")
            }
        }
    }

    /// A custom function without `jvp` refuses forward mode with PyTorch's text; with one, it works.
    @Test func customFunctionsDeclareTheirForwardRule() throws {
        enum Twice: CustomFunction {
            static let name = "TwiceBackward"
            static func forward(_ ctx: FunctionContext, _ inputs: [Tensor]) throws -> Tensor { try inputs[0] * 2 }
            static func backward(_ ctx: FunctionContext, _ gradOutput: Tensor) throws -> [Tensor?] { [try gradOutput * 2] }
        }
        enum Cube: CustomFunction {
            static let name = "CubeBackward"
            static func forward(_ ctx: FunctionContext, _ inputs: [Tensor]) throws -> Tensor { try inputs[0] ** 3 }
            static func backward(_ ctx: FunctionContext, _ gradOutput: Tensor) throws -> [Tensor?] { [nil] }
            static func jvp(_ inputs: [Tensor], _ tangents: [Tensor?]) throws -> Tensor? {
                try tangents[0].map { try $0 * (inputs[0] * inputs[0] * 3) }
            }
        }
        try withDualLevel {
            let dual = try makeDual(Tensor([2.0]), tangent: Tensor([1.0]))
            do {
                _ = try Twice.apply(dual)
                Issue.record("a custom function without jvp ran in forward mode")
            } catch let error as AutogradError {
                #expect(error.message == "You must implement the jvp function for custom autograd.Function to use it with forward mode AD.")
            }
            #expect(try Cube.apply(dual).tangent?.toArray() == [12])
        }
    }

    @Test func inPlaceOpsUpdateTheTangent() throws {
        try withDualLevel {
            let x = try makeDual(Tensor([1.0, 2.0]), tangent: Tensor([1.0, 1.0]))
            let y = try makeDual(Tensor([3.0, 4.0]), tangent: Tensor([0.5, 0.0]))
            try x.mul_(y)
            #expect(try x.toArray() == [3, 8])
            // d(xy) = dx·y + x·dy = [3 + 0.5, 4 + 0].
            #expect(try x.tangent?.toArray() == [3.5, 4])
        }
    }

    /// An in-place op on a view changes its base's tangent too, as its values.
    @Test func inPlaceOnAViewUpdatesTheBasesTangent() throws {
        try withDualLevel {
            let x = try makeDual(Tensor([1.0, 2.0, 3.0]), tangent: Tensor([1.0, 1.0, 1.0]))
            let view = try x.slice(0, start: 0, end: 2)
            try view.mul_(Tensor([2.0, 3.0]))
            #expect(try x.toArray() == [2, 6, 3])
            #expect(try x.tangent?.toArray() == [2, 3, 1])
        }
    }

    @Test func jacobiansByForwardAndReverseAgree() throws {
        let x = Tensor([0.3, -1.2, 2.0], dtype: .float64)
        let f: (Tensor) throws -> Tensor = { x in try (x.exp() * x.sin()).matmul(x.unsqueeze(1)).tanh() }
        let forward = try jacfwd(f, at: x), reverse = try jacrev(f, at: x)
        #expect(forward.shape == reverse.shape)
        let difference = try (forward - reverse).abs().max().item()
        #expect(difference < 1e-14)
    }

    @Test func hessianByForwardOverReverse() throws {
        // f(x) = sum(x³ · sin(x0)) has a Hessian with a known closed form at this point.
        let x = Tensor([0.5, 1.5], dtype: .float64)
        let h = try hessian({ x in try (x ** 3).sum() * x[0].sin() }, at: x)
        let (a, b) = (0.5, 1.5)
        let s = a * a * a + b * b * b
        let expected = [
            6 * a * Foundation.sin(a) + 2 * 3 * a * a * Foundation.cos(a) - s * Foundation.sin(a),
            3 * b * b * Foundation.cos(a),
            3 * b * b * Foundation.cos(a),
            6 * b * Foundation.sin(a),
        ]
        let values = try h.toArray()
        #expect(h.shape == [2, 2])
        for (value, wanted) in zip(values, expected) { #expect(Swift.abs(value - wanted) < 1e-13, "\(values) vs \(expected)") }
    }
}
