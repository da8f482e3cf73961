/// The normalising op behind `LayerNorm` and `BatchNorm1d`: `y = x̂·w + b` with
/// `x̂ = (x - μ)·r`, `r = 1/√(σ² + ε)`, the statistics taken over `dims` (biased variance)
/// or given (a batch norm's running statistics in evaluation). One node, named as PyTorch
/// names it (`NativeLayerNormBackward0`, `NativeBatchNormBackward0`).
struct Normalization {
    /// The op recorded.
    let op: Op
    /// The dimensions the statistics reduce over (kept, so that they broadcast back).
    let dims: [Int]
    /// The shape `w` and `b` are viewed as, to broadcast against `x`.
    let parameterShape: DimensionList
    /// Added to the variance.
    let eps: Double
    /// Fixed statistics `(μ, σ²)` shaped to broadcast against `x`, or nil to take them from `x`.
    let fixed: (mean: Tensor, variance: Tensor)?

    /// `(μ, r)` of `x`: its own statistics (differentiable, for the rules) or the fixed ones.
    func statistics(_ x: Tensor) throws -> (mean: Tensor, rstd: Tensor) {
        let (mean, variance) = try fixed ?? (x.mean(dims: dims, keepdim: true), x.variance(dims: dims, correction: 0, keepdim: true))
        return (mean, try (variance + eps).sqrt().reciprocal())
    }

    /// The op applied to `x` with optional `weight` and `bias`.
    func apply(_ x: Tensor, weight: Tensor?, bias: Tensor?) throws -> Tensor {
        let w = try weight?.view(parameterShape), b = try bias?.view(parameterShape)
        let (weightShape, biasShape) = (weight?.shape ?? [], bias?.shape ?? [])
        let out = try noGrad { () throws -> Tensor in
            let (mean, rstd) = try statistics(x.detach())
            var y = try (x.detach() - mean) * rstd
            if let w { y = try y * w.detach() }
            if let b { y = try y + b.detach() }
            return y
        }
        let inputs = [x] + [weight, bias].compactMap { $0 }
        let (wIndex, bIndex) = (w == nil ? nil : 1, b == nil ? nil : (w == nil ? 1 : 2))
        let this = self
        return try Tensor.record(op, inputs: OpInputs(inputs), output: out, saving: SmallList([x] + [weight].compactMap { $0 })) { ctx in
            let x = try ctx.saved(0), w = try wIndex.map { _ in try ctx.saved(1).view(this.parameterShape) }
            let g = ctx.gradOutput
            let (mean, rstd) = try this.statistics(x)
            let normalized = try (x - mean) * rstd
            var grads = [Tensor?](repeating: nil, count: inputs.count)
            if ctx.needsGradient(0) {
                let gx = try w.map { try g * $0 } ?? g
                grads[0] = this.fixed != nil ? try gx * rstd : try this.centre(gx, normalized) * rstd
            }
            if let wIndex, ctx.needsGradient(wIndex) { grads[wIndex] = try (g * normalized).sumTo(this.parameterShape).reshape(weightShape) }
            if let bIndex, ctx.needsGradient(bIndex) { grads[bIndex] = try g.sumTo(this.parameterShape).reshape(biasShape) }
            return SmallList(grads)
        } forward: { f in
            let (mean, rstd) = try this.statistics(x.detach())
            let normalized = try (x.detach() - mean) * rstd
            var tangent: Tensor? = nil
            if let tx = f.tangent(0) {
                let moved = this.fixed != nil ? try tx * rstd : try this.centre(tx, normalized) * rstd
                tangent = try w.map { try moved * $0.detach() } ?? moved
            }
            if let wIndex, let tw = f.tangent(wIndex) { tangent = try (tangent ?? Tensor.zeros(like: f.output)) + normalized * tw.view(this.parameterShape) }
            if let bIndex, let tb = f.tangent(bIndex) {
                tangent = try (tangent ?? Tensor.zeros(like: f.output)) + tb.view(this.parameterShape).expand(f.output.shape)
            }
            return tangent
        }
    }

    /// `v - mean(v) - x̂·mean(v·x̂)` over the op's dimensions: what the statistics' own
    /// dependence on `x` takes out of a gradient (or tangent) `v`.
    private func centre(_ v: Tensor, _ normalized: Tensor) throws -> Tensor {
        try v - v.mean(dims: dims, keepdim: true) - normalized * (v * normalized).mean(dims: dims, keepdim: true)
    }
}
