import Testing

@testable import Autograd

@Suite("In-place operations and version counters")
struct InPlaceTests {
    @Test func leafUpdateInsideNoGradIsAllowed() throws {
        let w = Tensor(2.0, requiresGrad: true)
        try (w * 3).backward()
        try noGrad { try w -= 0.1 * w.grad! }
        #expect(abs(try w.item() - 1.7) < 1e-6)
        #expect(w.isLeaf && w.requiresGrad)
    }

    @Test func everyInPlaceWriteBumpsTheSharedVersion() throws {
        let x = Tensor([1.0, 2.0])
        let alias = x.detach()
        #expect(x.storage.version == 0)
        try x.add_(1)
        try alias.mul_(2)
        try x.fill_(0)
        #expect(x.storage.version == 3)
        #expect(try alias.toArray() == [0, 0])
    }

    @Test func modifiedSavedOutputIsCaught() throws {
        let x = try Tensor.ones(3, requiresGrad: true)
        let y = try x.exp()
        try y.add_(1)
        let error = autogradError { try y.sum().backward() }
        #expect(
            error?.message
                == "one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [3]], which is output 0 of Exp, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False)."
        )
    }

    @Test func modifiedSavedInputIsCaught() throws {
        let x = try Tensor.ones(3, requiresGrad: true)
        let z = try x * 1
        let y = try z * z
        try z.add_(1)
        let error = autogradError { try y.sum().backward() }
        #expect(
            error?.message
                == "one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [3]], which is output 0 of Add, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False)."
        )
    }

    @Test func modifiedSavedLeafIsCaught() throws {
        let x = try Tensor.ones(3, requiresGrad: true)
        let y = try x * x
        try noGrad { try x.add_(1) }
        let error = autogradError { try y.sum().backward() }
        #expect(
            error?.message
                == "one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [3]] is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False)."
        )
    }

    @Test func inPlaceOnANonLeafRebasesHistory() throws {
        let x = Tensor([1.0, 2.0], requiresGrad: true)
        let y = try x * 2
        try y.mul_(Tensor([3.0, 4.0]))
        #expect(y.gradFn?.name == "MulBackward0")
        try y.add_(1)
        #expect(y.gradFn?.name == "AddBackward0")
        #expect(try y.toArray() == [7, 17])
        try y.sum().backward()
        #expect(try x.grad!.toArray() == [6, 8])
    }

    @Test func inPlaceWithAnOperandThatRequiresGrad() throws {
        let x = Tensor([1.0, 2.0], requiresGrad: true)
        let acc = Tensor([0.0, 0.0])
        try acc.add_(x * x)
        #expect(acc.requiresGrad && acc.gradFn?.name == "AddBackward0")
        try acc.mul_(x)
        try acc.sum().backward()
        // acc = x^3, d/dx = 3x^2
        #expect(try x.grad!.toArray() == [3, 12])
    }

    @Test func copyAndFill() throws {
        let x = Tensor([1.0, 2.0, 3.0], requiresGrad: true)
        let y = try Tensor.zeros(3)
        try y.copy_(x * 2)
        #expect(y.gradFn?.name == "CopyBackwards")
        try y.sum().backward()
        #expect(try x.grad!.toArray() == [2, 2, 2])
        let z = try Tensor.zeros(2, 2)
        try z.fill_(1.5)
        #expect(try z.toArray() == [1.5, 1.5, 1.5, 1.5])
        try z.copy_(Tensor([7.0, 8.0]))
        #expect(try z.toArray() == [7, 8, 7, 8])
        try z[0].zero_()
        #expect(try z.toArray() == [0, 0, 7, 8])
    }

    @Test func compoundAssignmentOperators() throws {
        let t = Tensor([1.0, 2.0])
        try t += Tensor([1.0, 1.0])
        try t *= 3
        try t -= 1
        try t /= Tensor([5.0, 8.0])
        #expect(try t.toArray() == [1, 1])
    }

    @Test func writesThroughViewsReachTheBase() throws {
        let m = try Tensor.zeros(2, 3)
        try m[.all, 1].fill_(4)
        try m.t()[2].add_(1)
        #expect(try m.toArray() == [0, 4, 1, 0, 4, 1])
    }
}
