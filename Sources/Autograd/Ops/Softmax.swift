extension Tensor {
    /// `exp(x) / sum(exp(x))` along `dim`, computed stably (the maximum is subtracted first).
    ///
    /// Derivative: for y = softmax(x), the gradient is y·(g - Σ g·y) along `dim`.
    public func softmax(dim: Int) throws -> Tensor {
        let d = try Shape.wrap(dim, rank: rank)
        try requireFloatingSoftmax("softmax", dim: d)
        let out = try noGrad { () throws -> Tensor in
            // An empty tensor has no maximum to subtract, and nothing to normalise.
            guard count > 0 else { return try self.detach().clone() }
            let shifted = try self.detach() - self.detach().max(dim: d, keepdim: true).values
            let e = try shifted.exp()
            return try e / e.sum(dim: d, keepdim: true)
        }
        return try Tensor.record(.softmax, inputs: OpInputs(self), output: out, saveOutput: true) { ctx in
            let y = try ctx.output()
            let g = ctx.gradOutput
            return try SmallList(y * (g - (g * y).sum(dim: d, keepdim: true)))
        } forward: { f in
            try f.tangent(0).map { t in
                let y = try self.softmax(dim: d)
                return try y * (t - (t * y).sum(dim: d, keepdim: true))
            }
        }
    }

    /// `x - log(sum(exp(x)))` along `dim`, computed stably.
    ///
    /// Derivative: for y = log_softmax(x), the gradient is g - eʸ·Σ g along `dim`.
    public func logSoftmax(dim: Int) throws -> Tensor {
        let d = try Shape.wrap(dim, rank: rank)
        try requireFloatingSoftmax("log_softmax", dim: d)
        let out = try noGrad { () throws -> Tensor in
            // An empty tensor has no maximum to subtract, and nothing to normalise.
            guard count > 0 else { return try self.detach().clone() }
            let shifted = try self.detach() - self.detach().max(dim: d, keepdim: true).values
            return try shifted - shifted.exp().sum(dim: d, keepdim: true).log()
        }
        return try Tensor.record(.logSoftmax, inputs: OpInputs(self), output: out, saveOutput: true) { ctx in
            let y = try ctx.output()
            let g = ctx.gradOutput
            return try SmallList(g - y.exp() * g.sum(dim: d, keepdim: true))
        } forward: { f in
            try f.tangent(0).map { t in try t - (t * self.softmax(dim: d)).sum(dim: d, keepdim: true) }
        }
    }

    /// Softmax kernels exist for floating point only; PyTorch names the kernel in its error.
    private func requireFloatingSoftmax(_ op: String, dim: Int) throws {
        guard dtype.isFloatingPoint else {
            throw dtype.notImplemented(rank == 0 || dim == rank - 1 ? "\(op)_lastdim_kernel_impl" : "\(op)_kernel_impl")
        }
    }
}
