import Autograd

/// Forward mode against PyTorch's (`torch.func.jvp`): the same Jacobian-vector products.
enum ForwardModeWorkloads {
    static let all = [scalarChain, network]

    /// One dual pass through the scalar chain of `scalar-chain-1000` (1000 ops: ×1.01, +0.01,
    /// sin, −0.01): forward mode's cost per op, beside the tape's.
    static let scalarChain = Workload("jvp-scalar-chain-1000", "jvp through 1000 scalar ops (the scalar chain)") {
        let x = Tensor(0.5), tangent = Tensor(1.0)
        return {
            _ = try jvp({ [try EagerWorkloads.chain($0[0])] }, primals: [x], tangents: [tangent])
        }
    }

    /// One Jacobian-vector product of a 64-64-10 tanh network on a batch of 32, tangent on the input.
    static let network = Workload("jvp-tanh-net-32x64", "jvp of tanh(x W1) W2 for x 32x64, W1 64x64, W2 64x10") {
        manualSeed(0)
        let x = try Tensor.randn([32, 64]), tangent = try Tensor.randn([32, 64])
        let w1 = try Tensor.randn([64, 64]) * 0.1, w2 = try Tensor.randn([64, 10]) * 0.1
        return {
            _ = try jvp({ [try $0[0].matmul(w1).tanh().matmul(w2)] }, primals: [x], tangents: [tangent])
        }
    }
}
