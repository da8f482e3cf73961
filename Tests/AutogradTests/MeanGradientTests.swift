import Testing

@testable import Autograd

/// `mean()`'s gradient is computed once and spread over the input's shape when nothing
/// records the rule; it must equal the expanded-then-divided gradient it replaces.
struct MeanGradientTests {
    @Test(arguments: [DType.float32, .float64])
    func theGradientIsTheOutputsOverNInAFreshTensor(dtype: DType) throws {
        let x = try Tensor.randn([3, 7], dtype: dtype == .float32 ? .float32 : .float64).requiresGrad_()
        try (x.mean() * 3.3).backward()
        let grad = try #require(x.grad)
        // 3.3 / 21 rounded in the tensor's own precision, as PyTorch divides.
        let expected = dtype == .float32 ? Double(Float(3.3) / Float(21)) : 3.3 / 21
        #expect(try grad.toArray() == [Double](repeating: expected, count: 21))
        #expect(grad.shape == [3, 7])
        #expect(grad.isContiguous && !grad.hasSharedElements)
        #expect(grad.dtype == dtype)
    }

    @Test func underCreateGraphTheGradientIsRecorded() throws {
        let x = Tensor.f64([4], [1, 2, 3, 6])
        // d/dx mean(x)² = 2·mean/n; the sum of that over x has gradient n·2/n² = 2/n each.
        let first = try Autograd.grad(outputs: [x.mean() ** 2], inputs: [x], createGraph: true)[0]!
        #expect(first.requiresGrad)
        expectClose(try first.toArray(), [Double](repeating: 2 * 3 / 4, count: 4))
        try first.sum().backward()
        expectClose(try x.grad!.toArray(), [Double](repeating: 0.5, count: 4))
    }

    @Test func aScalarInputGetsAScalarGradient() throws {
        let x = Tensor(2.5, requiresGrad: true)
        try x.mean().backward()
        #expect(x.grad?.shape == [])
        #expect(try x.grad?.item() == 1)
    }
}
