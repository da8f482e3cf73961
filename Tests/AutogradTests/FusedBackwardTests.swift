import Dispatch
import Synchronization
import Testing

@testable import Autograd

/// The one-pass backward rules (used when nothing records) against the recorded
/// expressions beside each forward (used under createGraph): the same bits, for both
/// precisions, many seeds, contiguous, transposed and expanded inputs, edge values.
@Suite("Fused backward rules give the recorded rules' bits")
struct FusedBackwardTests {
    static let functions: [(String, @Sendable (Tensor) throws -> Tensor)] = [
        ("sin", { try $0.sin() }), ("cos", { try $0.cos() }), ("tanh", { try $0.tanh() }),
        ("sigmoid", { try $0.sigmoid() }), ("relu", { try $0.relu() }),
        ("pow 2", { try $0.pow(2.0) }), ("pow 3", { try $0.pow(3.0) }), ("pow -1.5", { try $0.abs().pow(-1.5) }),
        ("pow 0.5", { try $0.abs().pow(0.5) }), ("addmm", { try Tensor.addmm($0.sum(dim: 0), $0, $0.t()) }),
    ]

    /// Inputs laid out three ways, with zeros, huge, tiny and negative values mixed in.
    static func inputs(seed: UInt64, dtype: FloatDType) throws -> [Tensor] {
        let generator = Generator(seed: seed)
        let base = try Tensor.randn([4, 4], dtype: dtype, generator: generator) * 3
        let edges = try Tensor([[0, -0.0, 1e-30, -1e30], [1e30, 5e-8, -2, 0.5]], dtype: dtype)
        return [
            base,
            try base.t(),
            try Tensor.cat([try base.slice(0, start: 0, end: 2), edges], dim: 0),
            try base.select(0, 1).unsqueeze(0).expand([4, 4]),
        ]
    }

    @Test(arguments: [FloatDType.float32, .float64])
    func sameBitsEitherWay(dtype: FloatDType) throws {
        for seed in UInt64(1)...25 {
            for input in try Self.inputs(seed: seed, dtype: dtype) {
                for (name, function) in Self.functions {
                    let gradOutput = try Tensor.randn(input.shape, dtype: dtype, generator: Generator(seed: seed + 99))
                    let fused = try gradient(of: function, at: input, gradOutput: gradOutput, createGraph: false)
                    let recorded = try gradient(of: function, at: input, gradOutput: gradOutput, createGraph: true)
                    #expect(fused.map(\.bitPattern) == recorded.map(\.bitPattern), "\(name), \(dtype), seed \(seed)")
                }
            }
        }
    }

    private func gradient(
        of function: @Sendable (Tensor) throws -> Tensor, at input: Tensor, gradOutput: Tensor,
        createGraph: Bool
    ) throws -> [Double] {
        let x = try input.detach().clone().requiresGrad_()
        let y = try function(x)
        let g = try gradOutput.expand(y.shape).contiguous()
        return try grad(outputs: [y], inputs: [x], gradOutputs: [g], createGraph: createGraph)[0]!.toArray()
    }
}

/// Large products are split by rows over the cores (`BLASThreads`): float64 elements must
/// come out as one call computes them; float32 ones within rounding of it, the same every run.
@Suite struct SplitProductTests {
    @Test(arguments: [FloatDType.float32, .float64])
    func splitProductsMatchOneCall(dtype: FloatDType) throws {
        let generator = Generator(seed: 7)
        for (m, k, n) in [(128, 1024, 256), (200, 700, 300), (257, 2000, 70), (1000, 300, 120)] {
            let a = try Tensor.randn([m, k], dtype: dtype, generator: generator)
            let b = try Tensor.randn([k, n], dtype: dtype, generator: generator)
            #expect(m * k * n >= BLASThreads.splitThreshold && m / BLASThreads.rowAlignment >= 2)
            for (lhs, rhs) in [(a, b), (try a.t().contiguous().t(), try b.t().contiguous().t())] {
                let split = try Tensor(uninitialized: [m, n], dtype: dtype.dtype)
                let whole = try Tensor(uninitialized: [m, n], dtype: dtype.dtype)
                try Tensor.gemm(lhs, rhs, into: split, alpha: 1, beta: 0)
                try Tensor.gemm(lhs, rhs, into: whole, alpha: 1, beta: 0, splitting: false)
                let (splitValues, wholeValues) = (try split.toArray(), try whole.toArray())
                if dtype == .float64 {
                    #expect(splitValues.map(\.bitPattern) == wholeValues.map(\.bitPattern), "\(m)x\(k)x\(n)")
                } else {
                    let again = try Tensor(uninitialized: [m, n], dtype: dtype.dtype)
                    try Tensor.gemm(lhs, rhs, into: again, alpha: 1, beta: 0)
                    #expect(try again.toArray().map(\.bitPattern) == splitValues.map(\.bitPattern))
                    // Each element is a sum of k products of standard normals: its rounding is
                    // far below 1e-4 of sqrt(k).
                    let bound = 1e-4 * Double(k).squareRoot()
                    #expect(zip(splitValues, wholeValues).allSatisfy { Swift.abs($0 - $1) <= bound }, "\(m)x\(k)x\(n)")
                }
            }
        }
    }

    /// Products split from several threads at once: the workers are claimed by one caller
    /// at a time, callers that find them busy compute every block themselves, and blocks a
    /// worker has not started are taken back. Every result must be one call's bits.
    @Test func concurrentSplitProductsMatchOneCall() throws {
        let generator = Generator(seed: 11)
        let a = try Tensor.randn([256, 512], dtype: .float64, generator: generator)
        let b = try Tensor.randn([512, 300], dtype: .float64, generator: generator)
        #expect(256 * 512 * 300 >= BLASThreads.splitThreshold)
        let whole = try Tensor(uninitialized: [256, 300], dtype: .float64)
        try Tensor.gemm(a, b, into: whole, alpha: 1, beta: 0, splitting: false)
        let expected = try whole.toArray().map(\.bitPattern)
        let mismatches = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 6) { _ in
            for _ in 0..<8 {
                let values = try? { () throws -> [UInt64] in
                    let split = try Tensor(uninitialized: [256, 300], dtype: .float64)
                    try Tensor.gemm(a, b, into: split, alpha: 1, beta: 0)
                    return try split.toArray().map(\.bitPattern)
                }()
                if values != expected { mismatches.withLock { $0 += 1 } }
            }
        }
        #expect(mismatches.withLock { $0 } == 0)
    }
}
