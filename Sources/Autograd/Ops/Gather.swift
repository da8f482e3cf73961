/// Indexing by a tensor of positions: `x[idx]` (`IndexBackward0`), `indexSelect`
/// (`IndexSelectBackward0`) and their adjoint `indexAdd` (`IndexAddBackward0`). Each copies
/// whole slices of one dimension: a gather forward, a scatter-add backward, and the scatter
/// is itself recorded, so that second derivatives flow through both.
extension Tensor {
    /// `x[idx]` with a tensor: an int64 tensor of positions along the first dimension
    /// (negative counts from the end; the result's shape is `idx.shape + x.shape[1...]`), or
    /// a boolean mask over the leading dimensions (the rows where it is true, as PyTorch's
    /// `x[mask]`). The result is a copy, not a view.
    ///
    /// Derivative: the gradient of each picked row is added back to the row it came from
    /// (rows picked twice receive both).
    public subscript(_ index: Tensor) -> Tensor {
        get throws { try index.dtype == .bool ? masked(by: index) : gathered(byIntegers: index) }
    }

    /// The slices at `index` (a 1-D int64 tensor) along `dim`, in that order (`index_select`).
    ///
    /// Derivative: the gradient's slices added back at their positions (`index_add`).
    public func indexSelect(_ dim: Int, _ index: Tensor) throws -> Tensor {
        guard index.rank <= 1 else { throw AutogradError(.invalidArgument, "index_select(): Index is supposed to be a vector") }
        guard index.dtype == .int64 else {
            throw AutogradError(.dtypeMismatch, "index_select(): Expected dtype int32/int64 for index but got: \(index.dtype.scalarTypeName)")
        }
        let d = try Shape.wrap(dim, rank: rank)
        let positions = try checkedPositions(index, along: d)
        let out = try gather(along: d, positions, shapedAs: [positions.count])
        let (shape, detachedIndex) = (self.shape, index.detach())
        return try Tensor.record(.indexSelect, inputs: OpInputs(self), output: out) { ctx in
            try SmallList(Tensor.zeros(shape, dtype: ctx.gradOutput.dtype).indexAdd(d, detachedIndex, ctx.gradOutput))
        } forward: { f in
            try f.tangent(0)?.indexSelect(d, detachedIndex)
        }
    }

    /// `self` with `source`'s slices added at the positions `index` along `dim`
    /// (`index_add`; a position named twice receives both).
    ///
    /// Derivative: `g` for `self`; `g.indexSelect(dim, index)` for `source`.
    public func indexAdd(_ dim: Int, _ index: Tensor, _ source: Tensor) throws -> Tensor {
        guard index.rank <= 1, index.dtype == .int64 else {
            throw AutogradError(.invalidArgument, "index_add_(): Index is supposed to be a vector of int64")
        }
        let d = try Shape.wrap(dim, rank: rank)
        let positions = try checkedPositions(index, along: d)
        var expected = shape
        if !expected.isEmpty { expected[d] = positions.count }
        // A 0-d tensor has one slot: exactly one position, and a 0-d source, fit it.
        guard source.shape == expected, source.dtype == dtype, rank > 0 || positions.count == 1 else {
            throw AutogradError(
                .shapeMismatch,
                "index_add_(): Source \(Shape.list(source.shape)) (\(source.dtype.scalarTypeName)) does not fit self \(Shape.list(shape)) (\(dtype.scalarTypeName)) with \(positions.count) indices along dim \(d)"
            )
        }
        let out = try detach().clone()
        try out.scatterAdd(along: d, positions, from: source.detach())
        let detachedIndex = index.detach()
        return try Tensor.record(.indexAdd, inputs: OpInputs(self, source), output: out) { ctx in
            try SmallList(ctx.needsGradient(0) ? ctx.gradOutput : nil, ctx.needsGradient(1) ? ctx.gradOutput.indexSelect(d, detachedIndex) : nil)
        } forward: { f in
            let base = try f.tangent(0) ?? Tensor.zeros(like: f.output)
            guard let sourceTangent = f.tangent(1) else { return base }
            return try base.indexAdd(d, detachedIndex, sourceTangent)
        }
    }

    /// `x[idx]` for an int64 tensor `idx` of any shape (`IndexBackward0`).
    private func gathered(byIntegers index: Tensor) throws -> Tensor {
        guard index.dtype == .int64 else {
            throw AutogradError(.indexOutOfRange, "tensors used as indices must be long, int, byte or bool tensors")
        }
        guard rank > 0 else { throw AutogradError(.indexOutOfRange, "too many indices for tensor of dimension 0") }
        let flat = try index.detach().reshape([index.count])
        let positions = try checkedPositions(flat, along: 0)
        let out = try gather(along: 0, positions, shapedAs: index.shape)
        let shape = self.shape
        return try Tensor.record(.index, inputs: OpInputs(self), output: out) { ctx in
            let rows = try ctx.gradOutput.reshape([positions.count] + Array(shape.dropFirst()))
            return try SmallList(Tensor.zeros(shape, dtype: ctx.gradOutput.dtype).indexAdd(0, flat, rows))
        } forward: { f in
            try f.tangent(0)?[index]
        }
    }

    /// `x[mask]` for a boolean mask over the leading `mask.rank` dimensions: the positions
    /// where it is true, read in row-major order (PyTorch's `nonzero`), then gathered.
    private func masked(by mask: Tensor) throws -> Tensor {
        guard mask.rank <= rank, shape.prefix(mask.rank).elementsEqual(mask.shape) else {
            let dim = (0..<Swift.min(mask.rank, rank)).first { shape[$0] != mask.shape[$0] } ?? Swift.min(mask.rank, rank)
            throw AutogradError(
                .indexOutOfRange,
                "The shape of the mask \(Shape.list(mask.shape)) at index \(dim) does not match the shape of the indexed tensor \(Shape.list(shape)) at index \(dim)"
            )
        }
        let values = try mask.contiguous()
        var positions: [Int] = []
        for i in 0..<values.count where values.element(at: values.offset + i) != 0 { positions.append(i) }
        let leading = Array(shape.prefix(mask.rank)).reduce(1, *)
        let folded = try reshape([leading] + Array(shape.dropFirst(mask.rank)))
        return try folded[Tensor(positions)]
    }

    /// The positions of a 1-D int64 `index` into dimension `dim`, negative ones counted from
    /// the end; PyTorch's error for one out of range.
    private func checkedPositions(_ index: Tensor, along dim: Int) throws -> [Int] {
        let size = rank == 0 ? 1 : shape[dim]
        let values = try index.contiguous()
        return try (0..<values.count).map { i in
            let position = Int(values.integerElement(at: values.offset + i))
            guard position >= -size && position < size else {
                throw AutogradError(.indexOutOfRange, "index \(position) is out of bounds for dimension \(dim) with size \(size)")
            }
            return position < 0 ? position + size : position
        }
    }

    /// The slices at `positions` along `dim`, the indexed dimension replaced by `indexShape`.
    private func gather(along dim: Int, _ positions: [Int], shapedAs indexShape: DimensionList) throws -> Tensor {
        let source = try detach().contiguous()
        let outShape = Array(shape.prefix(dim)) + indexShape + Array(shape.dropFirst(dim + 1))
        let out = try Tensor(zerosOf: DimensionList(outShape), dtype: dtype)
        let (outer, size) = (shape.prefix(dim).reduce(1, *), rank == 0 ? 1 : shape[dim])
        let inner = shape.dropFirst(dim + 1).reduce(1, *)
        for o in 0..<outer {
            for (k, position) in positions.enumerated() {
                let from = source.offset + (o * size + position) * inner, to = (o * positions.count + k) * inner
                for i in 0..<inner { out.copyElement(to: to + i, from: source, at: from + i) }
            }
        }
        return out
    }

    /// Adds `source`'s slices into this contiguous, graph-free tensor at `positions` along `dim`.
    private func scatterAdd(along dim: Int, _ positions: [Int], from source: Tensor) throws {
        let values = try source.contiguous()
        let (outer, size) = (shape.prefix(dim).reduce(1, *), rank == 0 ? 1 : shape[dim])
        let inner = shape.dropFirst(dim + 1).reduce(1, *)
        for o in 0..<outer {
            for (k, position) in positions.enumerated() {
                let to = offset + (o * size + position) * inner, from = values.offset + (o * positions.count + k) * inner
                for i in 0..<inner {
                    if dtype.isFloatingPoint {
                        setElement(at: to + i, element(at: to + i) + values.element(at: from + i))
                    } else {
                        setIntegerElement(at: to + i, integerElement(at: to + i) &+ values.integerElement(at: from + i))
                    }
                }
            }
        }
    }

    /// Copies one element from `source`'s storage index `at` to this tensor's storage index
    /// `to`, exactly for every dtype.
    private func copyElement(to index: Int, from source: Tensor, at sourceIndex: Int) {
        if dtype.isFloatingPoint {
            setElement(at: index, source.element(at: sourceIndex))
        } else {
            setIntegerElement(at: index, source.integerElement(at: sourceIndex))
        }
    }

    /// `self` with `value` where `mask` is true (`masked_fill`); `mask` is boolean and
    /// broadcasts to `self`'s shape.
    ///
    /// Derivative: g where the mask is false, 0 where it filled.
    public func maskedFill(_ mask: Tensor, _ value: Double) throws -> Tensor {
        guard mask.dtype == .bool else {
            throw AutogradError(.dtypeMismatch, "masked_fill_ only supports boolean masks, but got mask with dtype \(mask.dtype.scalarTypeName)")
        }
        let expanded = try mask.detach().expand(shape)
        let filler = try Tensor.full(shape, value, dtype: dtype)
        let out = try Tensor.where(expanded, filler, detach())
        return try Tensor.record(.maskedFill, inputs: OpInputs(self), output: out) { ctx in
            try SmallList(Tensor.where(expanded, Tensor.zeros(like: ctx.gradOutput), ctx.gradOutput))
        } forward: { f in
            guard let tangent = f.tangent(0) else { return nil }
            return try Tensor.where(expanded, Tensor.zeros(like: tangent), tangent)
        }
    }

    /// Whether every element is nonzero (`all()`): a 0-d boolean tensor, true for an empty one.
    public func all() throws -> Tensor {
        let values = try detach().contiguous()
        let every = (0..<values.count).allSatisfy { values.element(at: values.offset + $0) != 0 }
        return try Tensor(zerosOf: [], dtype: .bool).filled(with: every)
    }

    /// Whether any element is nonzero (`any()`): a 0-d boolean tensor, false for an empty one.
    public func any() throws -> Tensor {
        let values = try detach().contiguous()
        let some = (0..<values.count).contains { values.element(at: values.offset + $0) != 0 }
        return try Tensor(zerosOf: [], dtype: .bool).filled(with: some)
    }

    /// This fresh 0-d tensor holding `flag` (1 or 0).
    private func filled(with flag: Bool) -> Tensor {
        setElement(at: offset, flag ? 1 : 0)
        return self
    }
}
