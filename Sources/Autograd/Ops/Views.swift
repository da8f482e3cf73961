/// Shape operations. Most return views that share storage with `self`
/// (writes through one are seen by the other), as in PyTorch.
extension Tensor {
    /// A tensor over the same storage with new geometry; remembers its base.
    func makeView(shape: DimensionList, strides: DimensionList, offset: Int? = nil) -> Tensor {
        let view = Tensor(storage: storage, shape: shape, strides: strides, offset: offset ?? self.offset, dtype: dtype)
        view.viewBase = viewBase ?? self
        return view
    }

    /// Resolves a single `-1` in a requested shape, checking the element count.
    private func inferShape(_ requested: [Int]) throws -> DimensionList {
        // Built only when thrown: a reshape's message costs more than the reshape.
        var invalid: AutogradError { AutogradError(.shapeMismatch, "shape '\(Shape.list(requested))' is invalid for input of size \(count)") }
        let unknown = requested.indices.filter { requested[$0] == -1 }
        guard unknown.count <= 1 else { throw AutogradError(.invalidArgument, "only one dimension can be inferred") }
        if requested.contains(where: { $0 < -1 }) { throw AutogradError(.invalidArgument, "invalid shape dimension \(requested.first { $0 < -1 }!)") }
        var shape = requested
        if let u = unknown.first {
            var others = requested
            others.remove(at: u)
            guard let known = try? Shape.checkedCount(others) else { throw invalid }
            if known == 0 {
                throw AutogradError(
                    .shapeMismatch,
                    count == 0
                        ? "cannot reshape tensor of 0 elements into shape \(Shape.list(requested)) because the unspecified dimension size -1 can be any value and is ambiguous"
                        : "shape '\(Shape.list(requested))' is invalid for input of size \(count)")
            }
            guard count % known == 0 else { throw invalid }
            shape[u] = count / known
        }
        guard (try? Shape.checkedCount(shape)) == count else { throw invalid }
        return DimensionList(shape)
    }

    /// Strides that let `shape` view this tensor's memory, or nil (PyTorch's `computeStride`).
    private func viewStrides(for newShape: DimensionList) -> DimensionList? {
        if count == 0 { return Shape.contiguousStrides(newShape) }
        if isContiguous { return Shape.contiguousStrides(newShape) }
        var newStrides = DimensionList(repeating: 0, count: newShape.count)
        var viewDim = newShape.count - 1
        var chunkBase = strides.last ?? 1
        var tensorElements = 1
        var viewElements = 1
        for dim in stride(from: rank - 1, through: 0, by: -1) {
            tensorElements *= shape[dim]
            if dim == 0 || (shape[dim - 1] != 1 && strides[dim - 1] != tensorElements * chunkBase) {
                while viewDim >= 0 && (viewElements < tensorElements || newShape[viewDim] == 1) {
                    newStrides[viewDim] = viewElements * chunkBase
                    viewElements *= newShape[viewDim]
                    viewDim -= 1
                }
                if viewElements != tensorElements { return nil }
                if dim > 0 {
                    chunkBase = strides[dim - 1]
                    tensorElements = 1
                    viewElements = 1
                }
            }
        }
        return viewDim == -1 ? newStrides : nil
    }

    /// A view with a new shape (`view`); throws if the memory layout does not allow one.
    public func view(_ shape: some Collection<Int>) throws -> Tensor {
        let target = try inferShape(Array(shape))
        guard let newStrides = viewStrides(for: target) else {
            throw AutogradError(
                .shapeMismatch,
                "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead."
            )
        }
        let inputShape = self.shape
        return try Tensor.record(.view, inputs: OpInputs(self), output: makeView(shape: target, strides: newStrides)) { ctx in
            try SmallList(ctx.gradOutput.reshape(inputShape))
        } forward: { f in
            try f.tangent(0)?.reshape(target)
        }
    }

    /// `view` with variadic sizes.
    public func view(_ sizes: Int...) throws -> Tensor { try view(sizes) }

    /// A tensor with a new shape: a view when possible, else a copy (`reshape`).
    public func reshape(_ shape: some Collection<Int>) throws -> Tensor {
        let target = try inferShape(Array(shape))
        if viewStrides(for: target) != nil { return try view(target) }
        return try unsafeView(target, of: contiguousCopy())
    }

    /// This contiguous tensor's storage under another shape, recorded as PyTorch's
    /// `_unsafe_view` (a new tensor that autograd does not treat as a view): what a
    /// copying `reshape` and a folded `Linear` return.
    func unsafeView(_ target: DimensionList) throws -> Tensor {
        try unsafeView(target, of: isContiguous ? self : contiguousCopy())
    }

    /// `values` (contiguous, with this tensor's elements) shaped `target`, recorded as an
    /// `UnsafeViewBackward0` of this tensor.
    private func unsafeView(_ target: DimensionList, of values: Tensor) throws -> Tensor {
        let out = Tensor(
            storage: values.storage, shape: target, strides: Shape.contiguousStrides(target),
            offset: values.offset, dtype: dtype)
        let inputShape = self.shape
        return try Tensor.record(.unsafeView, inputs: OpInputs(self), output: out) { ctx in
            try SmallList(ctx.gradOutput.reshape(inputShape))
        } forward: { f in
            try f.tangent(0)?.reshape(f.output.shape)
        }
    }

    /// `reshape` with variadic sizes.
    public func reshape(_ sizes: Int...) throws -> Tensor { try reshape(sizes) }

    /// All dimensions from `startDim` to `endDim` merged into one (`flatten`).
    public func flatten(startDim: Int = 0, endDim: Int = -1) throws -> Tensor {
        if rank == 0 { return try reshape([1]) }
        if rank == 1 {
            _ = try Shape.wrap(startDim, rank: 1)
            _ = try Shape.wrap(endDim, rank: 1)
            return self
        }
        let start = try Shape.wrap(startDim, rank: rank), end = try Shape.wrap(endDim, rank: rank)
        guard start <= end else { throw AutogradError(.invalidArgument, "flatten() has invalid args: start_dim cannot come after end_dim") }
        let merged = Shape.count(Array(shape[start...end]))  // a factor of `count`: cannot overflow
        return try reshape(Array(shape[..<start]) + [merged] + Array(shape[(end + 1)...]))
    }

    /// A view with a new dimension of size 1 at `dim` (`unsqueeze`).
    public func unsqueeze(_ dim: Int) throws -> Tensor {
        let d = try Shape.wrap(dim, rank: rank + 1)
        var newShape = shape, newStrides = strides
        let stride = d < rank ? shape[d] * strides[d] : 1
        newShape.insert(1, at: d)
        newStrides.insert(stride, at: d)
        return try Tensor.record(.unsqueeze, inputs: OpInputs(self), output: makeView(shape: newShape, strides: newStrides), scalar: Double(d)) { ctx in
            try SmallList(ctx.gradOutput.squeeze(ctx.dimension))
        } forward: { f in
            try f.tangent(0)?.unsqueeze(d)
        }
    }

    /// A view without dimension `dim` if its size is 1 (`squeeze(dim)`).
    public func squeeze(_ dim: Int) throws -> Tensor {
        let d = try Shape.wrap(dim, rank: rank)
        guard rank > 0, shape[d] == 1 else {
            return try Tensor.record(.squeezeDim, inputs: OpInputs(self), output: makeView(shape: shape, strides: strides)) {
                [$0.gradOutput]
            } forward: {
                $0.tangent(0)
            }
        }
        var newShape = shape, newStrides = strides
        newShape.remove(at: d)
        newStrides.remove(at: d)
        return try Tensor.record(.squeezeDim, inputs: OpInputs(self), output: makeView(shape: newShape, strides: newStrides), scalar: Double(d)) { ctx in
            try SmallList(ctx.gradOutput.unsqueeze(ctx.dimension))
        } forward: { f in
            try f.tangent(0)?.squeeze(d)
        }
    }

    /// A view without any dimension of size 1 (`squeeze()`).
    public func squeeze() throws -> Tensor {
        let kept = shape.indices.filter { shape[$0] != 1 }
        let view = makeView(shape: DimensionList(kept.map { shape[$0] }), strides: DimensionList(kept.map { strides[$0] }))
        return try Tensor.record(.squeeze, inputs: OpInputs(self), output: view) { ctx in
            try SmallList(ctx.gradOutput.reshape(ctx.inputShape(0)))
        } forward: { f in
            try f.tangent(0)?.reshape(f.output.shape)
        }
    }

    /// A view with dimensions `dim0` and `dim1` swapped (`transpose`).
    public func transpose(_ dim0: Int, _ dim1: Int) throws -> Tensor {
        let a = try Shape.wrap(dim0, rank: rank), b = try Shape.wrap(dim1, rank: rank)
        guard rank > 0 else {
            return try Tensor.record(.transpose, inputs: OpInputs(self), output: makeView(shape: shape, strides: strides)) {
                [$0.gradOutput]
            } forward: {
                $0.tangent(0)
            }
        }
        var newShape = shape, newStrides = strides
        newShape.swapAt(a, b)
        newStrides.swapAt(a, b)
        return try Tensor.record(.transpose, inputs: OpInputs(self), output: makeView(shape: newShape, strides: newStrides)) { ctx in
            try SmallList(ctx.gradOutput.transpose(a, b))
        } forward: { f in
            try f.tangent(0)?.transpose(a, b)
        }
    }

    /// The transpose of a matrix, or the tensor itself below 2 dimensions (`t()`).
    public func t() throws -> Tensor {
        guard rank <= 2 else {
            throw AutogradError(.invalidArgument, "t() expects a tensor with <= 2 dimensions, but self is \(rank)D")
        }
        let view =
            rank == 2
            ? makeView(shape: DimensionList(shape[1], shape[0]), strides: DimensionList(strides[1], strides[0]))
            : makeView(shape: shape, strides: strides)
        return try Tensor.record(.t, inputs: OpInputs(self), output: view) { ctx in
            try SmallList(ctx.gradOutput.t())
        } forward: {
            try $0.tangent(0)?.t()
        }
    }

    /// The matrix transpose (`.T` for 2-D tensors).
    public var T: Tensor { get throws { try t() } }

    /// A view with dimensions reordered (`permute`).
    public func permute(_ dims: [Int]) throws -> Tensor {
        guard dims.count == rank else {
            throw AutogradError(
                .invalidArgument,
                "permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = \(rank) is not equal to len(dims) = \(dims.count)"
            )
        }
        let wrapped = try dims.map { try Shape.wrap($0, rank: rank) }
        guard Set(wrapped).count == rank else {
            throw AutogradError(.invalidArgument, "permute(): duplicate dims are not allowed.")
        }
        var inverse = [Int](repeating: 0, count: rank)
        for (i, d) in wrapped.enumerated() { inverse[d] = i }
        let view = makeView(shape: DimensionList(wrapped.map { shape[$0] }), strides: DimensionList(wrapped.map { strides[$0] }))
        return try Tensor.record(.permute, inputs: OpInputs(self), output: view) { ctx in
            try SmallList(ctx.gradOutput.permute(inverse))
        } forward: { f in
            try f.tangent(0)?.permute(dims)
        }
    }

    /// `permute` with variadic dims.
    public func permute(_ dims: Int...) throws -> Tensor { try permute(dims) }

    /// A view repeating dimensions of size 1 to `sizes` without copying (`expand`); -1 keeps a size.
    public func expand(_ sizes: some Collection<Int>) throws -> Tensor {
        let sizes = DimensionList(sizes)
        guard sizes.count >= rank else {
            throw AutogradError(
                .shapeMismatch,
                "expand(\(dtype.legacyTypeName){\(Shape.list(shape))}, size=\(Shape.list(sizes))): the number of sizes provided (\(sizes.count)) must be greater or equal to the number of dimensions in the tensor (\(rank))"
            )
        }
        let lead = sizes.count - rank
        // Broadcast dimensions keep stride 0 (a scalar's strides stay all zeros).
        var newShape = sizes
        var newStrides = DimensionList(repeating: 0, count: sizes.count)
        for axis in 0..<sizes.count {
            if axis < lead {
                guard sizes[axis] >= 0 else {
                    throw AutogradError(
                        .invalidArgument,
                        "The expanded size of the tensor (\(sizes[axis])) isn't allowed in a leading, non-existing dimension \(axis)")
                }
                continue
            }
            let own = shape[axis - lead]
            if sizes[axis] == -1 { newShape[axis] = own }
            if newShape[axis] == own {
                newStrides[axis] = strides[axis - lead]
            } else if own == 1 {
                newStrides[axis] = 0
            } else {
                throw AutogradError(
                    .shapeMismatch,
                    "The expanded size of the tensor (\(sizes[axis])) must match the existing size (\(own)) at non-singleton dimension \(axis).  Target sizes: \(Shape.list(sizes)).  Tensor sizes: \(Shape.list(shape))"
                )
            }
        }
        // Even to the same shape, expand makes a view recorded as ExpandBackward0, as PyTorch does.
        _ = try Shape.checkedCount(newShape)
        return try Tensor.record(.expand, inputs: OpInputs(self), output: makeView(shape: newShape, strides: newStrides)) { ctx in
            try SmallList(ctx.gradOutput.sumTo(ctx.inputShape(0)))
        } forward: { f in
            try f.tangent(0)?.expand(newShape)
        }
    }

    /// `expand` with variadic sizes.
    public func expand(_ sizes: Int...) throws -> Tensor { try expand(sizes) }

    /// `expand` to another tensor's shape (`expand_as`).
    public func expand(as other: Tensor) throws -> Tensor { try expand(other.shape) }

    /// A copy with its own storage, still connected to the graph (`clone`).
    public func clone() throws -> Tensor {
        try Tensor.record(.clone, inputs: OpInputs(self), output: try contiguousCopy()) {
            [$0.gradOutput]
        } forward: {
            try $0.tangent(0)?.clone()
        }
    }

    /// `self` if already contiguous, else a contiguous copy connected to the graph (`contiguous`).
    public func contiguous() throws -> Tensor { isContiguous ? self : try clone() }

    /// This tensor converted to `target` (`to(dtype)`); `self` when already of that dtype.
    public func to(_ target: DType) throws -> Tensor {
        if target == dtype { return self }
        let out = try converted(to: target)
        guard target.isFloatingPoint else { return out }
        let source = dtype
        return try Tensor.record(.toCopy, inputs: OpInputs(self), output: out) { ctx in
            try SmallList(ctx.gradOutput.to(source))
        } forward: {
            try $0.tangent(0)?.to(target)
        }
    }
}
