extension Tensor {
    /// `gradient` reshaped to broadcast against an input reduced over `dims`.
    private static func restoreReduced(_ gradient: Tensor, dims: [Int], keepdim: Bool) throws -> Tensor {
        guard !keepdim else { return gradient }
        var g = gradient
        for d in dims { g = try g.unsqueeze(d) }
        return g
    }

    private func requireFloating(_ op: String) throws {
        guard dtype.isFloatingPoint else {
            throw AutogradError(
                .dtypeMismatch,
                "\(op)(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: \(dtype == .int64 ? "Long" : "Bool")"
            )
        }
    }

    /// `var` and `std` accept floating-point tensors only, with PyTorch's text.
    private func requireFloatingStatistics() throws {
        guard dtype.isFloatingPoint else {
            throw AutogradError(.dtypeMismatch, "std and var only support floating point and complex dtypes")
        }
    }

    /// The sum over `dims` without recording: PyTorch's summation order for floats
    /// (`CascadeSum`), exact integer sums otherwise.
    func summed(_ dims: [Int], keepdim: Bool) throws -> Tensor {
        if rank > 0, let fast = try cascadeSum(dims: dims, keepdim: keepdim) { return fast }
        let source = isContiguous || !dtype.isFloatingPoint ? self : try contiguousCopy()
        if rank > 0, let ordered = try source.cascadeSum(dims: dims, keepdim: keepdim) { return ordered }
        let layout = try reductionLayout(dims, keepdim: keepdim)
        guard dtype.isFloatingPoint else { return try Tensor.reduceIntegers(layout) { $0.reduce(0, &+) } }
        return try Tensor.reduce(layout, dtype: dtype) { $0.reduce(0, +) }
    }

    /// The sum of every element, unrecorded (`sum()`'s and `mean()`'s forward).
    func summedAll() throws -> Tensor {
        if rank > 0, let fast = try cascadeSum(over: 0...(rank - 1), keepdim: false, shapedAs: []) { return fast }
        return try summed(Array(0..<rank), keepdim: false)
    }

    // MARK: sum and mean

    /// The sum of all elements (`sum()`).
    ///
    /// Derivative: ∂(Σx)/∂xᵢ = 1: the gradient is broadcast to every element.
    public func sum() throws -> Tensor {
        let out = try summedAll()
        return try Tensor.record(.sum, inputs: OpInputs(self), output: out) { ctx in
            try SmallList(ctx.gradOutput.expand(ctx.inputShape(0)))
        } forward: { f in
            try f.tangent(0)?.sum()
        }
    }

    /// The sum over `dims` (`sum(dim=..., keepdim=...)`).
    ///
    /// Derivative: ∂(Σx)/∂xᵢ = 1 along `dims`: the gradient is broadcast back over them.
    public func sum(dims: [Int], keepdim: Bool = false) throws -> Tensor {
        let wrapped = try reductionDims(dims)
        let out = try summed(wrapped, keepdim: keepdim)
        let inputShape = shape
        return try Tensor.record(.sumDim, inputs: OpInputs(self), output: out) { ctx in
            try SmallList(Tensor.restoreReduced(ctx.gradOutput, dims: wrapped, keepdim: keepdim).expand(inputShape))
        } forward: { f in
            try f.tangent(0)?.sum(dims: wrapped, keepdim: keepdim)
        }
    }

    /// The sum over one dimension.
    public func sum(dim: Int, keepdim: Bool = false) throws -> Tensor { try sum(dims: [dim], keepdim: keepdim) }

    /// The mean of all elements (`mean()`): the sum divided by the count, in the tensor's precision.
    ///
    /// Derivative: ∂(mean x)/∂xᵢ = 1/n.
    public func mean() throws -> Tensor {
        try requireFloating("mean")
        let n = Double(count)
        // The sum is this op's own new tensor: divided where it is, as `div(n)` would divide it.
        let out = try summedAll()
        out.mapFreshInPlace(ScalarKernel(operation: .div, scalar: n))
        return try Tensor.record(.mean, inputs: OpInputs(self), output: out, scalar: n) { ctx in
            let gradient = ctx.gradOutput
            // Each input element gets the gradient over n: computed once and spread, when
            // nothing records the rule itself.
            if !Tensor.mustRecord(gradient),
                let spread = try gradient.mapSpread(
                    ScalarKernel(operation: .div, scalar: ctx.scalar), to: ctx.inputShape(0))
            {
                return [spread]
            }
            return try SmallList(gradient.expand(ctx.inputShape(0)) / ctx.scalar)
        } forward: { f in
            try f.tangent(0)?.mean()
        }
    }

    /// The mean over `dims` (`mean(dim=..., keepdim=...)`).
    ///
    /// Derivative: ∂(mean x)/∂xᵢ = 1/n, n the count reduced over `dims`.
    public func mean(dims: [Int], keepdim: Bool = false) throws -> Tensor {
        try requireFloating("mean")
        let wrapped = try reductionDims(dims)
        let n = Double(wrapped.reduce(1) { $0 * shape[$1] })
        let out = try summed(wrapped, keepdim: keepdim).div(n)
        let inputShape = shape
        return try Tensor.record(.meanDim, inputs: OpInputs(self), output: out) { ctx in
            try SmallList(Tensor.restoreReduced(ctx.gradOutput, dims: wrapped, keepdim: keepdim).expand(inputShape) / n)
        } forward: { f in
            try f.tangent(0)?.mean(dims: wrapped, keepdim: keepdim)
        }
    }

    /// The mean over one dimension.
    public func mean(dim: Int, keepdim: Bool = false) throws -> Tensor { try mean(dims: [dim], keepdim: keepdim) }

    // MARK: variance and standard deviation

    /// The variance over `dims` (all when nil), with Bessel's correction by default (`var`).
    ///
    /// Derivative: ∂var/∂xᵢ = 2(xᵢ - mean)/(n - correction).
    public func variance(dims: [Int]? = nil, correction: Int = 1, keepdim: Bool = false) throws -> Tensor {
        try requireFloatingStatistics()
        let wrapped = try reductionDims(dims)
        let layout = try reductionLayout(wrapped, keepdim: keepdim)
        let divisor = Swift.max(Double(layout.blockSize) - Double(correction), 0)
        let out = try Tensor.reduce(layout, dtype: dtype) { Tensor.sumOfSquaredDeviations($0) / divisor }
        return try Tensor.record(.variance, inputs: OpInputs(self), output: out, saving: SmallList(self)) { ctx in
            let x = try ctx.saved(0)
            let centered = try x - x.mean(dims: wrapped, keepdim: true)
            let g = try Tensor.restoreReduced(ctx.gradOutput, dims: wrapped, keepdim: keepdim)
            return try SmallList(g * centered * (2 / divisor))
        } forward: { f in
            try f.tangent(0).map { t in
                let centered = try self - self.mean(dims: wrapped, keepdim: true)
                return try (centered * t).sum(dims: wrapped, keepdim: keepdim) * (2 / divisor)
            }
        }
    }

    /// The variance over one dimension.
    public func variance(dim: Int, correction: Int = 1, keepdim: Bool = false) throws -> Tensor {
        try variance(dims: [dim], correction: correction, keepdim: keepdim)
    }

    /// The standard deviation over `dims` (all when nil), unbiased by default (`std`).
    ///
    /// Derivative: ∂std/∂xᵢ = (xᵢ - mean)/((n - correction)·std).
    public func std(dims: [Int]? = nil, correction: Int = 1, keepdim: Bool = false) throws -> Tensor {
        try requireFloatingStatistics()
        let wrapped = try reductionDims(dims)
        let layout = try reductionLayout(wrapped, keepdim: keepdim)
        let divisor = Swift.max(Double(layout.blockSize) - Double(correction), 0)
        let out = try Tensor.reduce(layout, dtype: dtype) { (Tensor.sumOfSquaredDeviations($0) / divisor).squareRoot() }
        return try Tensor.record(.standardDeviation, inputs: OpInputs(self), output: out, saving: SmallList(self), saveOutput: true) { ctx in
            let x = try ctx.saved(0)
            let centered = try x - x.mean(dims: wrapped, keepdim: true)
            let sigma = try Tensor.restoreReduced(ctx.output(), dims: wrapped, keepdim: keepdim)
            let g = try Tensor.restoreReduced(ctx.gradOutput, dims: wrapped, keepdim: keepdim)
            // Where the deviation is 0 its gradient is 0, as PyTorch's std_backward masks it.
            let safeSigma = try Tensor.where(sigma.eq(0), Tensor.ones(like: sigma), sigma)
            return try SmallList(Tensor.where(sigma.eq(0), Tensor.zeros(like: x), g * centered / (safeSigma * divisor)))
        } forward: { f in
            try f.tangent(0).map { t in
                let centered = try self - self.mean(dims: wrapped, keepdim: true)
                let sigma = try self.std(dims: wrapped, correction: correction, keepdim: keepdim)
                let safeSigma = try Tensor.where(sigma.eq(0), Tensor.ones(like: sigma), sigma)
                let change = try (centered * t).sum(dims: wrapped, keepdim: keepdim) / (safeSigma * divisor)
                return try Tensor.where(sigma.eq(0), Tensor.zeros(like: change), change)
            }
        }
    }

    /// The standard deviation over one dimension.
    public func std(dim: Int, correction: Int = 1, keepdim: Bool = false) throws -> Tensor {
        try std(dims: [dim], correction: correction, keepdim: keepdim)
    }

    static func sumOfSquaredDeviations(_ values: UnsafeBufferPointer<Double>) -> Double {
        guard !values.isEmpty else { return .nan }
        let mean = values.reduce(0, +) / Double(values.count)
        return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    }

    // MARK: max and min

    /// The largest element (`max()`); ties share the gradient equally, as PyTorch's.
    ///
    /// Derivative: the gradient goes to the largest element, shared equally among ties.
    public func max() throws -> Tensor { try extreme(largest: true) }

    /// The smallest element (`min()`).
    ///
    /// Derivative: the gradient goes to the smallest element, shared equally among ties.
    public func min() throws -> Tensor { try extreme(largest: false) }

    /// The largest values along `dim` and their positions (`max(dim=...)`).
    ///
    /// Derivative: the gradient of each value goes to the position in `indices`.
    public func max(dim: Int, keepdim: Bool = false) throws -> (values: Tensor, indices: Tensor) {
        try extreme(dim: dim, keepdim: keepdim, largest: true)
    }

    /// The smallest values along `dim` and their positions (`min(dim=...)`).
    ///
    /// Derivative: the gradient of each value goes to the position in `indices`.
    public func min(dim: Int, keepdim: Bool = false) throws -> (values: Tensor, indices: Tensor) {
        try extreme(dim: dim, keepdim: keepdim, largest: false)
    }

    private static func position(of values: UnsafeBufferPointer<Double>, largest: Bool) -> Int {
        var best = 0
        for k in values.indices {
            if values[k].isNaN { return k }
            if largest ? values[k] > values[best] : values[k] < values[best] { best = k }
        }
        return best
    }

    /// The first position of the largest (or smallest) of exact integers.
    private static func position(of values: UnsafeBufferPointer<Int64>, largest: Bool) -> Int {
        var best = 0
        for k in values.indices where largest ? values[k] > values[best] : values[k] < values[best] { best = k }
        return best
    }

    private func extreme(largest: Bool) throws -> Tensor {
        let name = largest ? "max" : "min"
        guard count > 0 else {
            throw AutogradError(
                .invalidArgument,
                "\(name)(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.")
        }
        let layout = try reductionLayout(Array(0..<rank), keepdim: false)
        let out =
            dtype == .int64
            ? try Tensor.reduceIntegers(layout) { $0[Tensor.position(of: $0, largest: largest)] }
            : try Tensor.reduce(layout, dtype: dtype) { $0[Tensor.position(of: $0, largest: largest)] }
        /// Where the result is: every element equal to it, or every NaN when it is NaN.
        func hits(_ x: Tensor, _ result: Tensor) throws -> Tensor {
            try result.item().isNaN ? try x.ne(x) : try x.eq(result)
        }
        return try Tensor.record(largest ? .max : .min, inputs: OpInputs(self), output: out, saving: SmallList(self), saveOutput: true) { ctx in
            // PyTorch's evenly_distribute_backward: the gradient is shared by every element
            // equal to the result, or by every NaN when the result is NaN.
            let x = try ctx.saved(0).detach()
            let result = try ctx.output().detach()
            let hits = try hits(x, result)
            let share = try ctx.gradOutput / hits.to(ctx.gradOutput.dtype).sum()
            return try SmallList(Tensor.where(hits, share.expand(x.shape), Tensor.zeros(like: x)))
        } forward: { f in
            // The mean of the tangents where the result is (PyTorch's evenly_read_jvp).
            try f.tangent(0).map { t in
                let mask = try hits(self.detach(), f.output).to(t.dtype)
                return try (t * mask).sum() / mask.sum()
            }
        }
    }

    private func extreme(dim: Int, keepdim: Bool, largest: Bool) throws -> (values: Tensor, indices: Tensor) {
        let d = try Shape.wrap(dim, rank: rank)
        guard rank == 0 || shape[d] > 0 else {
            throw AutogradError(
                .indexOutOfRange,
                "\(largest ? "max" : "min")(): Expected reduction dim \(d) to have non-zero size.")
        }
        let dims = rank == 0 ? [] : [d]
        let layout = try reductionLayout(dims, keepdim: keepdim)
        let indices: Tensor, values: Tensor
        if dtype == .int64 {
            indices = try Tensor.reduceIntegers(layout) { Int64(Tensor.position(of: $0, largest: largest)) }
            values = try Tensor.reduceIntegers(layout) { $0[Tensor.position(of: $0, largest: largest)] }
        } else {
            indices = try Tensor.reduce(layout, dtype: .int64) { Double(Tensor.position(of: $0, largest: largest)) }
            values = try Tensor.reduce(layout, dtype: dtype) { $0[Tensor.position(of: $0, largest: largest)] }
        }
        let inputShape = shape
        let recorded = try Tensor.record(largest ? .maxDim : .minDim, inputs: OpInputs(self), output: values, saving: SmallList(indices)) { ctx in
            let index = try Tensor.restoreReduced(ctx.saved(0), dims: dims, keepdim: keepdim)
            let g = try Tensor.restoreReduced(ctx.gradOutput, dims: dims, keepdim: keepdim)
            let selected = try Tensor.oneHot(index, shape: inputShape, dim: d, dtype: .bool)
            return try SmallList(Tensor.where(selected, g.expand(inputShape), Tensor.zeros(like: selected).to(g.dtype)))
        } forward: { f in
            // The tangent at each chosen position.
            try f.tangent(0).map { t in
                let index = try Tensor.restoreReduced(indices, dims: dims, keepdim: keepdim)
                let selected = try Tensor.oneHot(index, shape: inputShape, dim: d, dtype: t.dtype)
                return try (t * selected).sum(dims: dims, keepdim: keepdim)
            }
        }
        return (recorded, indices)
    }

    /// A mask of `shape` with 1 where the position along `dim` equals `index` (broadcast).
    static func oneHot(_ index: Tensor, shape: DimensionList, dim: Int, dtype: DType) throws -> Tensor {
        guard !shape.isEmpty else { return try ones(like: try Tensor(zerosOf: [], dtype: dtype)) }
        var positionShape = [Int](repeating: 1, count: shape.count)
        positionShape[dim] = shape[dim]
        let positions = try arange(0, Double(shape[dim]), dtype: .int64).reshape(positionShape)
        return try positions.eq(index).expand(shape).to(dtype)
    }

    // MARK: norm

    /// The Euclidean (2-)norm over `dims` (all when nil) (`norm()`, `linalg.vector_norm`).
    ///
    /// Derivative: ∂‖x‖/∂xᵢ = xᵢ/‖x‖ (0 at a zero norm).
    public func norm(dims: [Int]? = nil, keepdim: Bool = false) throws -> Tensor {
        guard dtype.isFloatingPoint else {
            throw AutogradError(
                .dtypeMismatch,
                "linalg.vector_norm: Expected a floating point or complex tensor as input. Got \(dtype.scalarTypeName)")
        }
        let wrapped = try reductionDims(dims)
        let out = try Tensor.reduce(reductionLayout(wrapped, keepdim: keepdim), dtype: dtype) {
            $0.reduce(0) { $0 + $1 * $1 }.squareRoot()
        }
        return try Tensor.record(.norm, inputs: OpInputs(self), output: out, saving: SmallList(self), saveOutput: true) { ctx in
            let x = try ctx.saved(0)
            let n = try Tensor.restoreReduced(ctx.output(), dims: wrapped, keepdim: keepdim)
            let g = try Tensor.restoreReduced(ctx.gradOutput, dims: wrapped, keepdim: keepdim)
            // The subgradient at a zero norm is 0, as PyTorch's.
            let safe = try Tensor.where(n.eq(0), Tensor.ones(like: n), n)
            return try SmallList(Tensor.where(n.eq(0), Tensor.zeros(like: x), g * x / safe))
        } forward: { f in
            // ⟨x, t⟩ / ‖x‖, and 0 at a zero norm.
            try f.tangent(0).map { t in
                let n = try self.norm(dims: dims, keepdim: keepdim)
                let safe = try Tensor.where(n.eq(0), Tensor.ones(like: n), n)
                let change = try (self * t).sum(dims: wrapped, keepdim: keepdim) / safe
                return try Tensor.where(n.eq(0), Tensor.zeros(like: change), change)
            }
        }
    }
}
