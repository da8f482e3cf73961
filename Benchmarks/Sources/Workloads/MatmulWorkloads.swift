import Autograd

/// Square matrix products outside autograd, reported in GFLOP/s.
enum MatmulWorkloads {
    static let all = [256, 1024].flatMap { n in [FloatDType.float32, .float64].map { product(n, $0) } }

    /// `a.matmul(b)` for two random `n`×`n` matrices of `dtype`.
    static func product(_ n: Int, _ dtype: FloatDType) -> Workload {
        Workload(
            "matmul-\(dtype == .float32 ? "f32" : "f64")-\(n)", "matmul \(n)x\(n) @ \(n)x\(n), \(dtype)",
            flops: 2 * Double(n) * Double(n) * Double(n)
        ) {
            manualSeed(0)
            let a = try Tensor.randn([n, n], dtype: dtype)
            let b = try Tensor.randn([n, n], dtype: dtype)
            return { _ = try a.matmul(b) }
        }
    }
}
