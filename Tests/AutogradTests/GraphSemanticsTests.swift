import Foundation
import Testing

@testable import Autograd

@Suite("Graph semantics as PyTorch's")
struct GraphSemanticsTests {
    @Test func leavesAndRequiresGrad() throws {
        let w = Tensor(2.0, requiresGrad: true)
        let c = Tensor(3.0)
        #expect(w.isLeaf && w.requiresGrad && w.gradFn == nil)
        #expect(c.isLeaf && !c.requiresGrad)
        let y = try w * c
        #expect(!y.isLeaf && y.requiresGrad && y.gradFn?.name == "MulBackward0")
        let z = try c * 2
        #expect(z.isLeaf && !z.requiresGrad)
    }

    @Test func leafGradientsNeverShareMemoryWithOtherTensors() throws {
        // AddBackward hands one gradient tensor to both leaves: each grad must be its own.
        let a = Tensor([1.0, 2.0], requiresGrad: true), b = Tensor([3.0, 4.0], requiresGrad: true)
        try (a + b).backward(gradient: Tensor([1.0, 1.0]))
        try a.grad!.add_(Tensor([10.0, 10.0]))
        #expect(try b.grad!.toArray() == [1, 1])
        // A pass-through backward must not store the caller's gradient tensor as grad.
        let x = Tensor([1.0, 2.0], requiresGrad: true)
        let seed = Tensor([5.0, 6.0])
        try x.clone().backward(gradient: seed)
        try x.grad!.add_(Tensor([1.0, 1.0]))
        #expect(try seed.toArray() == [5, 6])
        // A fresh gradient nobody else holds is stored without a copy, and still accumulates.
        let w = Tensor([1.0, 2.0, 3.0], requiresGrad: true)
        try (w * 2).sum().backward()
        try (w * 3).sum().backward()
        #expect(try w.grad!.toArray() == [5, 5, 5])
    }

    @Test func aFreshGradientIsKeptAndASharedOneIsNot() throws {
        // The engine keeps a gradient as `grad` without a copy only when nobody else can see it.
        var fresh = try Tensor([1.0, 2.0]) * 2
        #expect(Tensor.isUnobservable(&fresh), "a fresh result that only one reference holds")
        var shared = try Tensor([1.0, 2.0]) * 2
        let view = shared.detach()
        #expect(!Tensor.isUnobservable(&shared), "its storage is shared with a detached view")
        #expect(view.holdsStorageAlone == false)
        var alone = try Tensor([3.0]) + 1
        #expect(alone.holdsStorageAlone)
        #expect(Tensor.isUnobservable(&alone))
    }

    @Test func gradIsNilUntilBackwardThenAccumulates() throws {
        let x = Tensor(3.0, requiresGrad: true)
        #expect(x.grad == nil)
        try (x ** 2).backward()
        #expect(try x.grad!.item() == 6)
        try (2 * x).backward()
        #expect(try x.grad!.item() == 8)
        try x.grad!.zero_()
        try (2 * x).backward()
        #expect(try x.grad!.item() == 2)
        x.zeroGrad()
        #expect(x.grad == nil)
    }

    @Test func gradFnNamesMatchPyTorch() throws {
        let x = Tensor([1.0, 2.0, 3.0], requiresGrad: true)
        let m = try Tensor.ones(3, 3, requiresGrad: true)
        let named: [(Tensor, String)] = [
            (try x.sum(dim: 0), "SumBackward1"), (try x.mean(dim: 0), "MeanBackward1"),
            (try x ** x, "PowBackward1"), (try 2 - x, "RsubBackward1"), (try 2 / x, "MulBackward0"),
            (try x / 2, "DivBackward0"), (try x - 2, "SubBackward0"), (try 2 ** x, "PowBackward2"),
            (try x.clamp(min: 0, max: 1), "ClampBackward1"), (try x.maximum(x), "MaximumBackward0"),
            (try x.max(), "MaxBackward1"), (try x.max(dim: 0).values, "MaxBackward0"),
            (try x.variance(), "VarBackward0"), (try x.std(), "StdBackward0"),
            (try x.norm(), "LinalgVectorNormBackward0"), (try x.matmul(x), "DotBackward0"),
            (try m.matmul(x), "MvBackward0"), (try m.matmul(m), "MmBackward0"),
            (try m.reshape(9), "ViewBackward0"), (try m.t().reshape(9), "UnsafeViewBackward0"),
            (try m.unsqueeze(0), "UnsqueezeBackward0"), (try m.squeeze(), "SqueezeBackward0"),
            (try m.unsqueeze(0).squeeze(0), "SqueezeBackward1"), (try m.t(), "TBackward0"),
            (try m.transpose(0, 1), "TransposeBackward0"), (try m.permute(1, 0), "PermuteBackward0"),
            (try x.expand(2, 3), "ExpandBackward0"), (try m[0], "SelectBackward0"),
            (try m[0..<2], "SliceBackward0"), (try m[.all, 1], "SelectBackward0"),
            (try Tensor.cat([m, m]), "CatBackward0"), (try Tensor.stack([m, m]), "StackBackward0"),
            (try Tensor.where(x > 0, x, x), "WhereBackward0"), (try -x, "NegBackward0"),
            (try x.abs(), "AbsBackward0"), (try x.relu(), "ReluBackward0"), (try x.sigmoid(), "SigmoidBackward0"),
            (try x.tanh(), "TanhBackward0"), (try x.sqrt(), "SqrtBackward0"), (try x.log(), "LogBackward0"),
            (try x.exp(), "ExpBackward0"), (try x.sin(), "SinBackward0"), (try x.cos(), "CosBackward0"),
            (try x.min(), "MinBackward1"), (try x.clone(), "CloneBackward0"), (try x.sum(), "SumBackward0"),
            (try x.mean(), "MeanBackward0"), (try x.pow(2), "PowBackward0"), (try x + x, "AddBackward0"),
            (try x * x, "MulBackward0"), (try x / x, "DivBackward0"), (try x.square(), "PowBackward0"),
            (try x.reciprocal(), "ReciprocalBackward0"), (try m.flatten(), "ViewBackward0"),
        ]
        for (tensor, name) in named {
            #expect(tensor.gradFn?.name == name)
        }
        #expect(try x.contiguous() === x)
    }

    @Test func noGradScopesNestAndRestore() throws {
        let w = Tensor(1.0, requiresGrad: true)
        #expect(isGradEnabled)
        try noGrad {
            #expect(!isGradEnabled)
            #expect(try !(w * 2).requiresGrad)
            try enableGrad {
                #expect(isGradEnabled)
                #expect(try (w * 2).requiresGrad)
                let inner = try noGrad { try w * 3 }
                #expect(!inner.requiresGrad)
                #expect(isGradEnabled)
            }
            #expect(!isGradEnabled)
        }
        #expect(isGradEnabled)
        struct Boom: Error {}
        #expect(throws: Boom.self) { try noGrad { throw Boom() } }
        #expect(isGradEnabled)
    }

    @Test func gradModeIsPerThread() throws {
        final class Box: @unchecked Sendable { var seen = false }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        noGrad {
            let thread = Thread {
                box.seen = isGradEnabled
                done.signal()
            }
            thread.start()
            done.wait()
            #expect(!isGradEnabled)
        }
        #expect(box.seen)
    }

    @Test func detachSharesStorageAndCutsTheGraph() throws {
        let w = Tensor([1.0, 2.0, 3.0], requiresGrad: true)
        let d = w.detach()
        #expect(!d.requiresGrad && d.isLeaf)
        let values = try d.numpy()
        try values.set(28, at: 0)
        #expect(try w.toArray() == [28, 2, 3])
        #expect(w.description == "tensor([28.,  2.,  3.], requires_grad=True)")
        let tracked = try w * 2
        #expect(tracked.requiresGrad && !tracked.detach().requiresGrad)
    }

    @Test func requiresGradInPlaceToggle() throws {
        let a = try Tensor([[1.0, 2.0], [3.0, 4.0]])
        #expect(!a.requiresGrad)
        try a.requiresGrad_()
        #expect(a.requiresGrad)
        let s = try (a * a).sum()
        #expect(s.gradFn?.name == "SumBackward0")
        try s.backward()
        #expect(try a.grad!.toArray() == [2, 4, 6, 8])
    }

    @Test func retainGradKeepsANonLeafGradient() throws {
        let w = Tensor(2.0, requiresGrad: true)
        let h = try w * 3
        try h.retainGrad()
        try (h ** 2).backward()
        #expect(try h.grad!.item() == 12)
        #expect(try w.grad!.item() == 36)
        #expect(h.retainsGrad)
    }

    @Test func backwardWithAnExplicitGradient() throws {
        let x = Tensor([1.0, 2.0, 3.0], requiresGrad: true)
        let y = try x * 2
        try y.backward(gradient: Tensor([0.1, 1.0, 0.0001]))
        expectClose(try x.grad!.toArray(), [0.2, 2.0, 0.0002], tolerance: 1e-7)
    }

    @Test func retainGraphAllowsASecondBackward() throws {
        let w = Tensor(2.0, requiresGrad: true)
        let loss = try (w * 3 - 10) ** 2
        try loss.backward(retainGraph: true)
        try loss.backward()
        #expect(try w.grad!.item() == -48)
    }

    @Test func graphWithoutSavedTensorsCanBeWalkedTwice() throws {
        let x = Tensor(2.0, requiresGrad: true)
        let s = try (x + 2).sum()
        try s.backward()
        try s.backward()
        #expect(try x.grad!.item() == 2)
    }

    @Test func secondDerivativeWithCreateGraph() throws {
        let x = Tensor(3.0, dtype: .float64, requiresGrad: true)
        let y = try x ** 3
        let dy = try grad(outputs: y, inputs: [x], createGraph: true)[0]!
        #expect(try dy.item() == 27)
        #expect(dy.requiresGrad)
        let d2y = try grad(outputs: dy, inputs: [x])[0]!
        #expect(try d2y.item() == 18)
    }

    @Test func backwardCreateGraphMakesGradDifferentiable() throws {
        let x = Tensor([1.0, 2.0], dtype: .float64, requiresGrad: true)
        try (x.sin().sum()).backward(createGraph: true)
        let g = x.grad!
        #expect(g.requiresGrad)
        let second = try grad(outputs: g.sum(), inputs: [x])[0]!
        expectClose(try second.toArray(), [-Foundation.sin(1.0), -Foundation.sin(2.0)], tolerance: 1e-12)
    }

    @Test func hessianVectorProduct() throws {
        // f(x) = sum(x^2 * x[0]) ... use f(x) = (x · x)^2 / 4, H = (x·x) I + 2 x xᵀ.
        let x = Tensor([1.0, 2.0, 3.0], dtype: .float64, requiresGrad: true)
        let v = Tensor([1.0, 0.0, -1.0], dtype: .float64)
        let f = try x.dot(x) ** 2 / 4
        let g = try grad(outputs: f, inputs: [x], createGraph: true)[0]!
        let hv = try grad(outputs: try g.dot(v), inputs: [x])[0]!
        // H v = 14 v + 2 x (x·v) = 14 v + 2 x (-2)
        expectClose(try hv.toArray(), [14 - 4, -8, -14 - 12], tolerance: 1e-12)
    }

    @Test func functionalGradDoesNotTouchGrad() throws {
        let x = Tensor(2.0, requiresGrad: true)
        let y = Tensor(5.0, requiresGrad: true)
        let out = try x * x * y
        let grads = try grad(outputs: [out], inputs: [x, y])
        #expect(try grads[0]!.item() == 20 && grads[1]!.item() == 4)
        #expect(x.grad == nil && y.grad == nil)
    }

    @Test func functionalGradAllowUnused() throws {
        let x = Tensor(2.0, requiresGrad: true)
        let unused = Tensor(1.0, requiresGrad: true)
        let out = try x * 3
        let error = autogradError { _ = try grad(outputs: [out], inputs: [x, unused], retainGraph: true) }
        #expect(
            error?.message
                == "The differentiated Tensor at index 1 appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.")
        let grads = try grad(outputs: [out], inputs: [x, unused], allowUnused: true)
        #expect(try grads[0]!.item() == 3 && grads[1] == nil)
    }

    @Test func functionalGradWithRespectToAnIntermediate() throws {
        let x = Tensor(2.0, requiresGrad: true)
        let h = try x * 3
        let out = try h * h
        let g = try grad(outputs: [out], inputs: [h])
        #expect(try g[0]!.item() == 12)
    }

    @Test func broadcastingGradientsSumBack() throws {
        let a = try Tensor.ones(2, 3, requiresGrad: true)
        let b = Tensor([1.0, 2.0, 3.0], requiresGrad: true)
        let c = Tensor(2.0, requiresGrad: true)
        try (a * b + c).sum().backward()
        #expect(try a.grad!.shape == [2, 3] && a.grad!.toArray() == [1, 2, 3, 1, 2, 3])
        #expect(try b.grad!.toArray() == [2, 2, 2])
        #expect(try c.grad!.item() == 6)
    }

    @Test func sharedSubexpressionAccumulatesInOrder() throws {
        let x = Tensor(2.0, requiresGrad: true)
        let y = try x * x
        let z = try y * y + y
        try z.backward()
        // dz/dx = (2y + 1) * 2x = 9 * 4
        #expect(try x.grad!.item() == 36)
    }
}

/// A custom function may return a gradient of the broadcast shape: the engine sums it
/// back to its input's shape, as PyTorch's does; a shape that does not broadcast is an error.
enum AddReturningBroadcastGradients: CustomFunction {
    static let name = "AddReturningBroadcastGradientsBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor { try x[0] + x[1] }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] { [g, g] }
}

@Test func customFunctionGradientsOfTheBroadcastShapeAreSummedBack() throws {
    let a = try Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6], dtype: .float64, requiresGrad: true)
    let b = try Tensor(shape: [3], values: [1, 1, 1], dtype: .float64, requiresGrad: true)
    try AddReturningBroadcastGradients.apply(a, b).sum().backward()
    #expect(try b.grad?.toArray() == [2, 2, 2])
    #expect(try a.grad?.toArray() == [1, 1, 1, 1, 1, 1])
}
