import Testing

@testable import Autograd

/// Every error is thrown with PyTorch's message (texts printed by PyTorch 2.15).
@Suite("Errors carry PyTorch's messages")
struct ErrorTests {
    @Test func backwardThroughAFreedGraph() throws {
        let w = Tensor(2.0, requiresGrad: true)
        let loss = try (w * 3 - 10) ** 2
        try loss.backward()
        let error = autogradError { try loss.backward() }
        #expect(error?.kind == .graphFreed)
        #expect(
            error?.message
                == "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward."
        )
    }

    @Test func backwardWithoutGradFn() throws {
        let loss = try (Tensor([0.3]) * 2).sum()
        #expect(autogradError { try loss.backward() }?.message == "element 0 of tensors does not require grad and does not have a grad_fn")
    }

    @Test func implicitGradientOfNonScalar() throws {
        let x = try Tensor.ones(3, requiresGrad: true)
        #expect(autogradError { try (x * 2).backward() }?.message == "grad can be implicitly created only for scalar outputs")
    }

    @Test func exportingValuesThatRequireGrad() throws {
        let w = Tensor([1.0, 2.0, 3.0], requiresGrad: true)
        #expect(autogradError { _ = try w.numpy() }?.message == "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
        #expect(try w.toArray() == [1, 2, 3])
    }

    @Test func leafModifiedInPlace() throws {
        let w = Tensor(2.0, requiresGrad: true)
        #expect(autogradError { try w -= 0.1 }?.message == "a leaf Variable that requires grad is being used in an in-place operation.")
        #expect(autogradError { try w.add_(Tensor(1.0)) }?.kind == .leafInPlace)
        let v = Tensor([1.0, 2.0, 3.0], requiresGrad: true)
        #expect(autogradError { try v[0].mul_(2) }?.message == "a view of a leaf Variable that requires grad is being used in an in-place operation.")
    }

    @Test func nonLeafGradIsNilWithAWarning() throws {
        let w = Tensor(2.0, requiresGrad: true)
        let h = try w * 3
        try (h ** 2).backward()
        let (value, warnings) = Warnings.capture { h.grad }
        #expect(value == nil)
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix("The .grad attribute of a Tensor that is not a leaf Tensor is being accessed.") == true)
        let (_, leafWarnings) = Warnings.capture { w.grad }
        #expect(leafWarnings.isEmpty)
    }

    @Test func broadcastMismatchNamesBothSizes() throws {
        #expect(
            autogradError { _ = try Tensor.ones(2, 3) + Tensor.ones(4) }?.message
                == "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1")
        #expect(
            autogradError { _ = try Tensor.where(Tensor.ones(2) > 0, Tensor.ones(3), Tensor.ones(2)) }?.message
                == "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0")
    }

    @Test func matmulShapeErrors() throws {
        #expect(autogradError { _ = try Tensor.ones(2, 3).matmul(Tensor.ones(4, 5)) }?.message == "mm: mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)")
        #expect(autogradError { _ = try Tensor.ones(2, 3).matmul(Tensor.ones(4)) }?.message == "size mismatch, got input (2), mat (2x3), vec (4)")
        #expect(
            autogradError { _ = try Tensor.ones(3).matmul(Tensor.ones(4)) }?.message
                == "inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3 and 4 elements respectively")
        #expect(
            autogradError { _ = try Tensor.ones(2, 2, 3).matmul(Tensor.ones(2, 4, 5)) }?.message
                == "Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [2, 4].")
        #expect(
            autogradError { _ = try Tensor(1.0).matmul(Tensor.ones(4)) }?.message == "both arguments to matmul need to be at least 1D, but they are 0D and 1D")
        #expect(
            autogradError { _ = try Tensor.ones(2, 2).matmul(Tensor.ones(2, 2, dtype: .float64)) }?.message
                == "expected m1 and m2 to have the same dtype, but got: float != double")
    }

    @Test func shapeAndIndexErrors() throws {
        #expect(autogradError { _ = try Tensor.ones(3).item() }?.message == "a Tensor with 3 elements cannot be converted to Scalar")
        #expect(autogradError { _ = try Tensor.ones(10).view(3, 4) }?.message == "shape '[3, 4]' is invalid for input of size 10")
        #expect(
            autogradError { _ = try Tensor.ones(3, 4).t().view(12) }?.message
                == "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead."
        )
        #expect(autogradError { _ = try Tensor.ones(10).reshape(3, 4) }?.message == "shape '[3, 4]' is invalid for input of size 10")
        #expect(autogradError { _ = try Tensor.ones(2, 3).sum(dim: 2) }?.message == "Dimension out of range (expected to be in range of [-2, 1], but got 2)")
        #expect(autogradError { _ = try Tensor(1.0).sum(dim: 1) }?.message == "Dimension out of range (expected to be in range of [-1, 0], but got 1)")
        #expect(
            autogradError { _ = try Tensor.ones(3).expand(2, 4) }?.message
                == "The expanded size of the tensor (4) must match the existing size (3) at non-singleton dimension 1.  Target sizes: [2, 4].  Tensor sizes: [3]"
        )
        #expect(
            autogradError { _ = try Tensor.ones(2, 3).expand(3) }?.message
                == "expand(torch.FloatTensor{[2, 3]}, size=[3]): the number of sizes provided (1) must be greater or equal to the number of dimensions in the tensor (2)"
        )
        #expect(autogradError { _ = try Tensor.ones(3)[5] }?.message == "index 5 is out of bounds for dimension 0 with size 3")
        #expect(autogradError { _ = try Tensor.ones(3, 2)[1, 5] }?.message == "index 5 is out of bounds for dimension 1 with size 2")
        #expect(autogradError { _ = try Tensor.ones(3)[1, 1] }?.message == "too many indices for tensor of dimension 1")
        #expect(autogradError { _ = try Tensor.ones(2, 3).permute(0, 0) }?.message == "permute(): duplicate dims are not allowed.")
        #expect(autogradError { _ = try Tensor.ones(2, 3).sum(dims: [0, 0]) }?.message == "dim 0 appears multiple times in the list of dims")
        #expect(
            autogradError { _ = try Tensor.ones(0).max() }?.message
                == "max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.")
        #expect(autogradError { _ = try Tensor.zeros([-1]) }?.message == "zeros: Dimension size must be non-negative.")
    }

    @Test func concatenationErrors() throws {
        #expect(
            autogradError { _ = try Tensor.cat([Tensor.ones(2, 3), Tensor.ones(2, 4)]) }?.message
                == "Sizes of tensors must match except in dimension 0. Expected size 3 but got size 4 for tensor number 1 in the list.")
        #expect(autogradError { _ = try Tensor.cat([]) }?.message == "torch.cat(): expected a non-empty list of Tensors")
        #expect(
            autogradError { _ = try Tensor.stack([Tensor.ones(2, 3), Tensor.ones(2, 4)]) }?.message
                == "stack expects each tensor to be equal size, but got [2, 3] at entry 0 and [2, 4] at entry 1")
        #expect(autogradError { _ = try Tensor([[1.0, 2.0], [3.0]]) }?.message == "expected sequence of length 2 at dim 1 (got 1)")
        #expect(autogradError { _ = try Tensor.cat([Tensor(1.0), Tensor(2.0)]) }?.message == "zero-dimensional tensor (at position 0) cannot be concatenated")
    }

    @Test func creationErrors() throws {
        #expect(autogradError { _ = try Tensor.arange(0, 10, step: 0) }?.message == "step must be nonzero")
        #expect(autogradError { _ = try Tensor.arange(10, 0, step: 1) }?.message == "upper bound and lower bound inconsistent with step sign")
        #expect(autogradError { _ = try Tensor.linspace(0, 1, steps: -1) }?.message == "number of steps must be non-negative")
        #expect(autogradError { _ = try Tensor.arange(0, .infinity) }?.kind == .invalidArgument)
        #expect(autogradError { _ = try Tensor([1, 2, 3]).requiresGrad_() }?.message == "only Tensors of floating point dtype can require gradients")
    }

    @Test func gradFlagErrors() throws {
        let y = try Tensor.ones(3, requiresGrad: true) * 2
        #expect(
            autogradError { try y.requiresGrad_(false) }?.message
                == "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach()."
        )
        #expect(autogradError { try Tensor.ones(3).retainGrad() }?.message == "can't retain_grad on Tensor that has requires_grad=False")
        let x = try Tensor.ones(3, requiresGrad: true)
        #expect(
            autogradError { _ = try grad(outputs: [(x * 2).sum()], inputs: [x, Tensor.ones(3)]) }?.message
                == "One of the differentiated Tensors does not require grad")
        #expect(
            autogradError { try (x * 2).backward(gradient: Tensor.ones(2)) }?.message
                == "Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has a shape of torch.Size([3]).")
    }

    @Test func inPlaceBroadcastMismatch() throws {
        #expect(autogradError { try Tensor.ones(3).add_(Tensor.ones(2, 3)) }?.message == "output with shape [3] doesn't match the broadcast shape [2, 3]")
    }

    @Test func reductionsOfIntegersNeedAFloatDtype() throws {
        #expect(autogradError { _ = try Tensor([1, 2, 3]).mean() }?.kind == .dtypeMismatch)
    }

    /// A rule that reads a saved tensor that was never saved gets Python's tuple error, not a trap.
    @Test func readingATensorThatWasNotSavedThrows() throws {
        let x = try Tensor([1.0, 2.0]).requiresGrad_()
        let y = try Tensor.record(.clone, inputs: OpInputs(x), output: try x.detach().clone(), saving: [x]) { ctx in
            [try ctx.saved(1)]
        } forward: {
            $0.tangent(0)
        }
        let error = autogradError { try y.sum().backward() }
        #expect(error?.kind == .indexOutOfRange)
        #expect(error?.message == "tuple index out of range")
    }
}
