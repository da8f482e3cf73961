import Foundation
import Testing

@testable import Autograd

// PyTorch's autograd.Function tests for several outputs, ported behaviour for behaviour
// (test/test_autograd.py), each shown both ways.

/// sin and cos of one input, one node for both outputs.
enum SinCos: MultiOutputFunction {
    static let name = "SinCosBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> [Tensor] {
        ctx.saveForBackward(x[0])
        return [try x[0].sin(), try x[0].cos()]
    }
    static func backward(_ ctx: FunctionContext, _ g: [Tensor?]) throws -> [Tensor?] {
        let x = try ctx.savedTensors()[0]
        return [try g[0]! * x.cos() - g[1]! * x.sin()]
    }
}

/// `(x + 1, x + 2)` with the first output marked non-differentiable; backward records
/// the gradients it was given (test_mark_non_differentiable_mixed).
enum PlusOneNonDifferentiable: MultiOutputFunction {
    nonisolated(unsafe) static var seen: [Tensor?] = []
    static let name = "PlusOneNonDifferentiableBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> [Tensor] {
        let a = try x[0] + 1, b = try x[0] + 2
        ctx.markNonDifferentiable(a)
        return [a, b]
    }
    static func backward(_ ctx: FunctionContext, _ g: [Tensor?]) throws -> [Tensor?] {
        seen = g
        return [g[1]]
    }
}

/// Two clones of the input with `setMaterializeGrads(false)` (test_set_materialize_grads):
/// an output left out of the loss reaches backward as nil.
enum TwoClonesUnmaterialized: MultiOutputFunction {
    nonisolated(unsafe) static var seen: [Tensor?] = []
    static let name = "TwoClonesUnmaterializedBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> [Tensor] {
        ctx.setMaterializeGrads(false)
        return [try x[0].clone(), try x[0].clone()]
    }
    static func backward(_ ctx: FunctionContext, _ g: [Tensor?]) throws -> [Tensor?] {
        seen = g
        let total = try [g[0], g[1]].compactMap { $0 }.reduce(nil as Tensor?) { sum, next in try sum.map { try $0 + next } ?? next }
        return [total]
    }
}

/// Doubles its input in place and returns it, marked dirty (test_return_duplicate_inplace).
enum DoubleInPlace: MultiOutputFunction {
    static let name = "DoubleInPlaceBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> [Tensor] {
        try x[0].mul_(2)
        ctx.markDirty(x[0])
        return [x[0]]
    }
    static func backward(_ ctx: FunctionContext, _ g: [Tensor?]) throws -> [Tensor?] { [try g[0]! * 2] }
}

/// Marks its input dirty without returning it.
enum DirtyNotReturned: MultiOutputFunction {
    static let name = "DirtyNotReturnedBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> [Tensor] {
        try x[0].mul_(2)
        ctx.markDirty(x[0])
        return [try x[0] * 1]
    }
    static func backward(_ ctx: FunctionContext, _ g: [Tensor?]) throws -> [Tensor?] { [g[0]] }
}

/// x³ whose backward may not be differentiated (`@once_differentiable`).
enum CubeOnce: MultiOutputFunction {
    static let name = "CubeOnceBackward"
    static var isOnceDifferentiable: Bool { true }
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> [Tensor] {
        ctx.saveForBackward(x[0])
        return [try x[0] * x[0] * x[0]]
    }
    static func backward(_ ctx: FunctionContext, _ g: [Tensor?]) throws -> [Tensor?] {
        let x = try ctx.savedTensors()[0]
        return [try g[0]! * x * x * 3]
    }
}

/// Returns one gradient for two inputs.
enum TooFewGradients: MultiOutputFunction {
    static let name = "TooFewGradientsBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> [Tensor] { [try x[0] + x[1]] }
    static func backward(_ ctx: FunctionContext, _ g: [Tensor?]) throws -> [Tensor?] { [g[0]] }
}

@Suite("Custom functions with several outputs, as torch.autograd.Function")
struct MultiOutputFunctionTests {
    func f64(_ values: [Double]) throws -> Tensor {
        try Tensor(shape: [values.count], values: values, dtype: .float64, requiresGrad: true)
    }

    @Test func outputsShareOneNodeWithTheirOutputNumbers() throws {
        let x = try f64([0.3, -1.2])
        let outputs = try SinCos.apply(x)
        #expect(outputs[0].gradFn === outputs[1].gradFn && outputs[0].gradFn?.name == "SinCosBackward")
        #expect(outputs[0].outputNr == 0 && outputs[1].outputNr == 1)
        #expect(outputs[0].gradFn?.outputCount == 2)
        // d/dx (sin x + 2 cos x) = cos x - 2 sin x, through the one node.
        try (outputs[0] + outputs[1] * 2).sum().backward()
        let expected = [0.3, -1.2].map { Foundation.cos($0) - 2 * Foundation.sin($0) }
        #expect(zip(try x.grad!.toArray(), expected).allSatisfy { abs($0 - $1) < 1e-15 })
        // Only the second output used: the first's gradient reaches backward as zeros.
        let y = try f64([0.5])
        try SinCos.apply(y)[1].sum().backward()
        #expect(try abs(y.grad!.item() + Foundation.sin(0.5)) < 1e-15)
    }

    @Test func markNonDifferentiableMixed() throws {
        let x = try Tensor.zeros([5, 5], dtype: .float64).requiresGrad_()
        let outputs = try PlusOneNonDifferentiable.apply(x)
        #expect(!outputs[0].requiresGrad && outputs[0].gradFn == nil)
        #expect(outputs[1].requiresGrad && outputs[1].outputNr == 1)
        try outputs[1].sum().backward()
        #expect(try PlusOneNonDifferentiable.seen[0]?.toArray() == [Double](repeating: 0, count: 25))
        #expect(try PlusOneNonDifferentiable.seen[1]?.toArray() == [Double](repeating: 1, count: 25))
        #expect(try x.grad?.toArray() == [Double](repeating: 1, count: 25))
    }

    @Test func unmaterializedGradientsAreNil() throws {
        let x = try f64([1, 2])
        let outputs = try TwoClonesUnmaterialized.apply(x)
        try outputs[0].sum().backward()
        #expect(TwoClonesUnmaterialized.seen[0] != nil && TwoClonesUnmaterialized.seen[1] == nil)
        #expect(try x.grad?.toArray() == [1, 1])
        // Both used: both arrive.
        x.zeroGrad()
        let again = try TwoClonesUnmaterialized.apply(x)
        try (again[0] + again[1]).sum().backward()
        #expect(TwoClonesUnmaterialized.seen.allSatisfy { $0 != nil })
        #expect(try x.grad?.toArray() == [2, 2])
    }

    @Test func markDirtyReturnsTheInputItselfWithThisHistory() throws {
        let leaf = try f64([1, 2, 3])
        let x = try leaf.clone()
        let outputs = try DoubleInPlace.apply(x)
        #expect(outputs[0] === x)
        #expect(x.gradFn?.name == "DoubleInPlaceBackward")
        #expect(try x.toArray() == [2, 4, 6])
        try x.sum().backward()
        #expect(try leaf.grad?.toArray() == [2, 2, 2])
        // A leaf that requires grad cannot be modified in place.
        #expect(throws: AutogradError(.leafInPlace, "a leaf Variable that requires grad has been used in an in-place operation.")) {
            _ = try DoubleInPlace.apply(try f64([1]))
        }
        // A dirty input must be returned.
        #expect(
            throws: AutogradError(
                .invalidArgument,
                "Some elements marked as dirty during the forward method were not returned as output. The inputs that are modified inplace must all be outputs of the Function."
            )
        ) {
            _ = try DirtyNotReturned.apply(try f64([1]).clone())
        }
    }

    @Test func onceDifferentiableRefusesADoubleBackward() throws {
        let x = try f64([0.5, 2])
        let y = try CubeOnce.apply(x)[0]
        // First order works, also with createGraph; with an output gradient that requires
        // grad, the result is attached to a node that refuses a double backward ...
        let v = try f64([1, 1])
        let g = try grad(outputs: [y], inputs: [x], gradOutputs: [v], createGraph: true)[0]!
        #expect(try g.toArray() == [0.75, 12])
        #expect(g.gradFn?.name == "DelayedError")
        #expect(throws: AutogradError(.invalidArgument, "trying to differentiate twice a function that was marked with @once_differentiable")) {
            try g.sum().backward()
        }
        // ... and with a constant output gradient, as in PyTorch, the gradient has no history.
        let constant = try grad(outputs: [try CubeOnce.apply(x)[0].sum()], inputs: [x], createGraph: true)[0]!
        #expect(constant.gradFn == nil && !constant.requiresGrad)
        // Without createGraph there is nothing to refuse.
        let z = try f64([0.5])
        try CubeOnce.apply(z)[0].sum().backward()
        #expect(try z.grad?.item() == 0.75)
    }

    @Test func wrongNumberOfGradientsIsPyTorchsError() throws {
        let a = try f64([1]), b = try f64([2])
        #expect(throws: AutogradError(.invalidArgument, "function TooFewGradientsBackward returned an incorrect number of gradients (expected 2, got 1)")) {
            try TooFewGradients.apply(a, b)[0].sum().backward()
        }
    }

    @Test func builtInMultiOutputNodes() throws {
        let x = try Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6], dtype: .float64, requiresGrad: true)
        let rows = try x.unbind(dim: 0)
        #expect(rows.count == 2 && rows[0].gradFn === rows[1].gradFn && rows[1].outputNr == 1)
        #expect(rows[0].gradFn?.name == "UnbindBackward0")
        try (rows[1] * 3).sum().backward()
        #expect(try x.grad?.toArray() == [0, 0, 0, 3, 3, 3])
        let pieces = try x.split(2, dim: 1)
        #expect(pieces.map(\.shape) == [[2, 2], [2, 1]] && pieces[0].gradFn?.name == "SplitBackward0")
        #expect(try x.chunk(3, dim: 1).map(\.shape) == [[2, 1], [2, 1], [2, 1]])
        #expect(throws: AutogradError(.invalidArgument, "chunk expects `chunks` to be greater than 0, got: 0")) { _ = try x.chunk(0) }
        #expect(throws: AutogradError(.invalidArgument, "split expects split_size be non-negative, but got split_size=-1")) { _ = try x.split(-1) }
        #expect(try x.split(Int.max).count == 1)
        // PyTorch's counts (torch 2.15): chunk(3) of 5 -> [2, 2, 1], of 6 by 4 -> [2, 2, 2], of 0 -> three empty pieces.
        let five = try Tensor(shape: [5], values: [1, 2, 3, 4, 5], dtype: .float64)
        #expect(try five.chunk(3).map(\.shape) == [[2], [2], [1]])
        #expect(try Tensor.zeros([6], dtype: .float64).chunk(4).map(\.shape) == [[2], [2], [2]])
        #expect(try Tensor.zeros([0], dtype: .float64).chunk(3).map(\.shape) == [[0], [0], [0]])
        #expect(try Tensor.zeros([0], dtype: .float64).split(2).count == 1)
        #expect(try Tensor.zeros([0, 2], dtype: .float64).unbind(dim: 0).isEmpty)
    }
}

/// Passes `x` through and drops the gradient of `a` (returns nil for it).
enum DropsFirstGradient: CustomFunction {
    static let name = "DropsFirstGradientBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor { try x[0] + x[1] }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] { [nil, g] }
}

/// Doubles its input in place, saves it and marks it dirty (an in-place ReLU's pattern).
enum DoubleInPlaceSaving: MultiOutputFunction {
    static let name = "DoubleInPlaceSavingBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> [Tensor] {
        try x[0].mul_(2)
        ctx.markDirty(x[0])
        ctx.saveForBackward(x[0])
        return [x[0]]
    }
    static func backward(_ ctx: FunctionContext, _ g: [Tensor?]) throws -> [Tensor?] {
        let y = try ctx.savedTensors()[0]
        return [try g[0]! * 2 + y * 0]
    }
}

@Suite("Custom functions: the review's cases")
struct CustomFunctionReviewTests {
    /// A node that receives no gradient still lets the nodes after it run: x gets the
    /// gradient that reaches it along the other path, as in PyTorch.
    @Test func aNodeWithoutGradientDoesNotBlockTheNodesAfterIt() throws {
        let x = try Tensor(shape: [2], values: [1, 2], dtype: .float64, requiresGrad: true)
        let a = try x * 2
        try DropsFirstGradient.apply(a, x).sum().backward()
        #expect(try x.grad?.toArray() == [1, 1])
    }

    @Test func aSavedDirtyTensorUnpacksAndNothingLeaks() throws {
        let (gradient, baseline, after) = try onAThreadOfItsOwn {
            let baseline = GraphDiagnostics.liveNodeCount
            var gradient: [Double]?
            do {
                let leaf = try Tensor(shape: [3], values: [1, 2, 3], dtype: .float64, requiresGrad: true)
                let x = try leaf * 1
                let y = try DoubleInPlaceSaving.apply(x)[0]
                try y.sum().backward()
                gradient = try leaf.grad?.toArray()
            }
            return (gradient, baseline, GraphDiagnostics.liveNodeCount)
        }
        #expect(gradient == [2, 2, 2])
        #expect(after == baseline, "a dirty output must not keep its node alive")
    }

    @Test func aDirtyViewIsRefused() throws {
        let leaf = try Tensor(shape: [4], values: [1, 2, 3, 4], dtype: .float64, requiresGrad: true)
        let view = try (leaf * 1).slice(0, start: 0, end: 2)
        #expect(throws: AutogradError.self) { _ = try DoubleInPlace.apply(view) }
    }
}
