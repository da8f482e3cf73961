import Autograd

/// Graph-depth workloads: a graph far deeper than any stack, which backward walks and the
/// teardown frees without recursion (GradLab only; PyTorch's side is not measured).
enum GraphWorkloads {
    static let all = [deepChain]

    /// 10,000,000 chained scalar ops, backward through all of them, then the graph freed.
    static let deepChain = Workload("deep-chain-10m", "10,000,000 chained ops: forward, backward, free", runsOnce: true) {
        {
            let x = Tensor(1.0, requiresGrad: true)
            do {
                var y = x
                for _ in 0..<10_000_000 { y = try y * 1.0 }
                try y.backward()
            }
            guard try x.grad?.item() == 1 else { throw WorkloadFailure("wrong gradient through the deep chain") }
            x.zeroGrad()
        }
    }
}
