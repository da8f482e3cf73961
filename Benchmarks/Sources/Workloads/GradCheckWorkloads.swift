import Autograd
import GradCheck

/// gradcheck at PyTorch's defaults (central differences, eps 1e-6) on float64 inputs.
enum GradCheckWorkloads {
    static let all = [false, true].flatMap { fast in [tanh(fast: fast), matmul(32, fast: fast), matmul(64, fast: fast)] }

    /// gradcheck of tanh on 1000 elements.
    static func tanh(fast: Bool) -> Workload {
        Workload("gradcheck-tanh-1000-\(fast ? "fast" : "slow")", "gradcheck tanh on 1000 elements, \(fast ? "fast" : "slow") mode") {
            manualSeed(0)
            let x = try Tensor.randn([1000], dtype: .float64, requiresGrad: true)
            return { try check({ try $0[0].tanh() }, inputs: [x], fast: fast) }
        }
    }

    /// gradcheck of `a.matmul(b)` for `n`×`n` matrices.
    static func matmul(_ n: Int, fast: Bool) -> Workload {
        Workload("gradcheck-matmul-\(n)-\(fast ? "fast" : "slow")", "gradcheck matmul \(n)x\(n) @ \(n)x\(n), \(fast ? "fast" : "slow") mode") {
            manualSeed(0)
            let a = try Tensor.randn([n, n], dtype: .float64, requiresGrad: true)
            let b = try Tensor.randn([n, n], dtype: .float64, requiresGrad: true)
            return { try check({ try $0[0].matmul($0[1]) }, inputs: [a, b], fast: fast) }
        }
    }

    private static func check(_ function: @escaping ([Tensor]) throws -> Tensor, inputs: [Tensor], fast: Bool) throws {
        guard try gradcheck(function, inputs: inputs, fastMode: fast) else {
            throw WorkloadFailure("gradcheck returned false")
        }
    }
}

/// A workload that did not do its job (a benchmark of a failing check measures nothing).
struct WorkloadFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
