/// One component of a subscript: an index, a range, all of a dimension, or a new axis.
///
/// Write `x[.all, 1]` for a column and `x[.newAxis]` for PyTorch's `x[None]`.
public enum TensorIndex: Sendable {
    /// A single position (negative counts from the end); removes the dimension.
    case at(Int)
    /// Positions `start..<end` by `step`, Python-style (nil bounds mean the ends; out-of-range bounds are clamped).
    case range(start: Int?, end: Int?, step: Int)
    /// A new dimension of size 1 (Python's `None`).
    case insertAxis
}

/// Anything usable inside `tensor[...]`: integers, Swift ranges and `TensorIndex` values.
public protocol TensorIndexConvertible {
    /// The index this value stands for.
    var tensorIndex: TensorIndex { get }
}

extension TensorIndex: TensorIndexConvertible {
    /// The index itself.
    public var tensorIndex: TensorIndex { self }
}
extension Int: TensorIndexConvertible {
    /// A single position.
    public var tensorIndex: TensorIndex { .at(self) }
}
extension Range: TensorIndexConvertible where Bound == Int {
    /// `lowerBound..<upperBound`.
    public var tensorIndex: TensorIndex { .range(start: lowerBound, end: upperBound, step: 1) }
}
extension ClosedRange: TensorIndexConvertible where Bound == Int {
    /// `lowerBound...upperBound`.
    public var tensorIndex: TensorIndex {
        .range(start: lowerBound, end: upperBound == Int.max ? nil : upperBound + 1, step: 1)
    }
}
extension PartialRangeFrom: TensorIndexConvertible where Bound == Int {
    /// `lowerBound...` (Python's `x[80:]`).
    public var tensorIndex: TensorIndex { .range(start: lowerBound, end: nil, step: 1) }
}
extension PartialRangeUpTo: TensorIndexConvertible where Bound == Int {
    /// `..<upperBound` (Python's `x[:80]`).
    public var tensorIndex: TensorIndex { .range(start: nil, end: upperBound, step: 1) }
}
extension PartialRangeThrough: TensorIndexConvertible where Bound == Int {
    /// `...upperBound`.
    public var tensorIndex: TensorIndex { .range(start: nil, end: upperBound == Int.max ? nil : upperBound + 1, step: 1) }
}
extension TensorIndexConvertible where Self == TensorIndex {
    /// Every `step`-th position of the whole dimension (Python's `x[::4]`).
    public static func every(_ step: Int) -> TensorIndex { .range(start: nil, end: nil, step: step) }
    /// Python's `start:end:step` with any part left out: `x[.slice(1, nil, 2)]` is `x[1::2]`.
    public static func slice(_ start: Int?, _ end: Int?, _ step: Int = 1) -> TensorIndex {
        .range(start: start, end: end, step: step)
    }
    /// The whole dimension (Python's `:`), for `x[.all, 1]`.
    public static var all: TensorIndex { .range(start: nil, end: nil, step: 1) }
    /// A new axis (Python's `None`).
    public static var newAxis: TensorIndex { .insertAxis }
}

extension Tensor {
    /// Indexing and slicing as in PyTorch: `x[0]`, `x[1..<3]`, `x[.all, 1]`, `x[80...]`.
    /// The result is a view sharing storage; it throws for out-of-range indices.
    public subscript(_ indices: any TensorIndexConvertible...) -> Tensor {
        get throws { try index(indices.map(\.tensorIndex)) }
    }

    /// Applies a list of indices, left to right over the dimensions.
    public func index(_ indices: [TensorIndex]) throws -> Tensor {
        let consuming = indices.filter { if case .insertAxis = $0 { return false } else { return true } }.count
        guard consuming <= rank else {
            throw AutogradError(.indexOutOfRange, "too many indices for tensor of dimension \(rank)")
        }
        var result = self
        var dim = 0
        var sourceDim = 0
        for index in indices {
            switch index {
            case .at(let i):
                let size = result.shape[dim]
                guard i >= -size && i < size else {
                    throw AutogradError(.indexOutOfRange, "index \(i) is out of bounds for dimension \(sourceDim) with size \(size)")
                }
                result = try result.select(dim, i)
                sourceDim += 1
            case .range(let start, let end, let step):
                result = try result.slice(dim, start: start, end: end, step: step)
                dim += 1
                sourceDim += 1
            case .insertAxis:
                result = try result.unsqueeze(dim)
                dim += 1
            }
        }
        return result
    }

    /// The sub-tensor at position `index` along `dim`, without that dimension (`select`).
    public func select(_ dim: Int, _ index: Int) throws -> Tensor {
        guard rank > 0 else { throw AutogradError(.indexOutOfRange, "select() cannot be applied to a 0-dim tensor.") }
        let d = try Shape.wrap(dim, rank: rank)
        guard index >= -shape[d] && index < shape[d] else {
            throw AutogradError(
                .indexOutOfRange,
                "select(): index \(index) out of range for tensor of size \(Shape.list(shape)) at dimension \(d)")
        }
        let i = index < 0 ? index + shape[d] : index
        var newShape = shape, newStrides = strides
        newShape.remove(at: d)
        newStrides.remove(at: d)
        let view = makeView(shape: newShape, strides: newStrides, offset: offset + i * strides[d])
        let inputShape = shape
        return try Tensor.record(.select, inputs: OpInputs(self), output: view) { ctx in
            try SmallList(ctx.gradOutput.unsqueeze(d).embedded(in: inputShape, dim: d, start: i, step: 1))
        } forward: { f in
            try f.tangent(0)?.select(d, i)
        }
    }

    /// Positions `start..<end` by `step` along `dim`, Python-style (`x[a:b:c]`), as a view.
    public func slice(_ dim: Int, start: Int? = nil, end: Int? = nil, step: Int = 1) throws -> Tensor {
        guard step != 0 else { throw AutogradError(.invalidArgument, "slice step cannot be zero") }
        guard step > 0 else { throw AutogradError(.invalidArgument, "step must be greater than zero") }
        guard rank > 0 else { throw AutogradError(.indexOutOfRange, "slice() cannot be applied to a 0-dim tensor.") }
        let d = try Shape.wrap(dim, rank: rank)
        let size = shape[d]
        func clampBound(_ value: Int?, default fallback: Int) -> Int {
            guard let v = value else { return fallback }
            // Negative bounds count from the end; `v + size` cannot overflow for v < 0.
            return Swift.min(Swift.max(v < 0 ? v + size : v, 0), size)
        }
        let lower = clampBound(start, default: 0)
        let upper = Swift.max(clampBound(end, default: size), lower)
        var newShape = shape, newStrides = strides
        // ceil((upper - lower) / step) without overflow for a step near Int.max.
        newShape[d] = upper > lower ? (upper - lower - 1) / step + 1 : 0
        if newShape[d] > 1 {
            let (stride, overflow) = strides[d].multipliedReportingOverflow(by: step)
            guard !overflow else {
                throw AutogradError(.invalidArgument, "slice step \(step) overflows the stride of dimension \(d)")
            }
            newStrides[d] = stride
        }
        let view = makeView(shape: newShape, strides: newStrides, offset: offset + lower * strides[d])
        let inputShape = shape
        return try Tensor.record(.slice, inputs: OpInputs(self), output: view) { ctx in
            try SmallList(ctx.gradOutput.embedded(in: inputShape, dim: d, start: lower, step: step))
        } forward: { f in
            try f.tangent(0)?.slice(d, start: start, end: end, step: step)
        }
    }

    /// Zeros of `shape` with `self` written at positions `start, start+step, ...` along `dim`:
    /// the backward of slicing (PyTorch's `slice_backward`), itself differentiable (its backward slices again).
    public func embedded(in fullShape: some Collection<Int>, dim: Int, start: Int, step: Int) throws -> Tensor {
        let fullShape = DimensionList(fullShape)
        try Shape.validate(fullShape, op: "embedded")
        guard fullShape.count == rank else {
            throw AutogradError(
                .shapeMismatch,
                "embedded: a tensor of \(rank) dimensions cannot fill a shape of \(fullShape.count) (\(Shape.list(fullShape)))")
        }
        let dim = try Shape.wrap(dim, rank: rank)
        guard step > 0 else { throw AutogradError(.invalidArgument, "step must be greater than zero") }
        for axis in 0..<rank where axis != dim && shape[axis] != fullShape[axis] {
            throw AutogradError(
                .shapeMismatch,
                "The size of tensor a (\(fullShape[axis])) must match the size of tensor b (\(shape[axis])) at non-singleton dimension \(axis)")
        }
        // The last written position, start + (n - 1)·step, must lie inside the dimension.
        let span = shape[dim] == 0 ? (0, false) : (shape[dim] - 1).multipliedReportingOverflow(by: step)
        let last = span.1 ? (Int.max, true) : start.addingReportingOverflow(span.0)
        guard start >= 0, !last.1, shape[dim] == 0 || last.0 < fullShape[dim] else {
            throw AutogradError(
                .indexOutOfRange,
                "embedded: \(shape[dim]) slices from \(start) by \(step) do not fit in dimension \(dim) of size \(fullShape[dim])")
        }
        let out = try Tensor(zerosOf: fullShape, dtype: dtype)
        var windowShape = fullShape, windowStrides = out.strides
        windowShape[dim] = shape[dim]
        // A window of one element never steps, so its stride needs no (possibly overflowing) multiple.
        if shape[dim] > 1 { windowStrides[dim] *= step }
        let window = Tensor(
            storage: out.storage, shape: windowShape, strides: windowStrides,
            offset: start * out.strides[dim], dtype: dtype)
        try window.assignValues(from: self)
        // One past the last written position (checked above to lie inside the dimension).
        let end = shape[dim] == 0 ? start : last.0 + 1
        return try Tensor.record(.sliceEmbed, inputs: OpInputs(self), output: out) { ctx in
            try SmallList(ctx.gradOutput.slice(dim, start: start, end: end, step: step))
        } forward: { f in
            try f.tangent(0)?.embedded(in: fullShape, dim: dim, start: start, step: step)
        }
    }

    /// Writes `source`'s values (broadcast to this shape, converted to this dtype) into this tensor's memory.
    func assignValues(from source: Tensor) throws {
        guard try Shape.broadcast(shape, source.shape) == shape else {
            throw AutogradError(
                .shapeMismatch,
                "output with shape \(Shape.list(shape)) doesn't match the broadcast shape \(Shape.list(try Shape.broadcast(shape, source.shape)))")
        }
        // Nothing to write; an empty view's offset may lie far past its storage (a slice of a
        // zero-sized dimension keeps the other dimensions' huge strides), so no pointer is formed.
        guard count > 0 else { return }
        let values = try source.operand(for: shape, dtype: dtype)
        if isContiguous && !values.isScalar && values.tensor.isContiguous {
            // Same layout on both sides: one copy of the bytes (an in-place update's write-back).
            let elementSize = storage.elementSize
            (storage.raw + offset * elementSize).copyMemory(
                from: values.tensor.storage.raw + values.tensor.offset * elementSize,
                byteCount: count * elementSize)
            return
        }
        var i = 0
        let exact = dtype == .int64
        forEachStorageIndex { index in
            let from = values.tensor.offset + (values.isScalar ? 0 : i)
            if exact {
                setIntegerElement(at: index, values.tensor.integerElement(at: from))
            } else {
                setElement(at: index, values.tensor.element(at: from))
            }
            i += 1
        }
    }

    /// Joins tensors along an existing dimension (`torch.cat`).
    public static func cat(_ tensors: [Tensor], dim: Int = 0) throws -> Tensor {
        guard let first = tensors.first else {
            throw AutogradError(.invalidArgument, "torch.cat(): expected a non-empty list of Tensors")
        }
        for (n, t) in tensors.enumerated() where t.rank == 0 {
            throw AutogradError(.shapeMismatch, "zero-dimensional tensor (at position \(n)) cannot be concatenated")
        }
        let d = try Shape.wrap(dim, rank: first.rank)
        for (n, t) in tensors.enumerated() {
            guard t.rank == first.rank else {
                throw AutogradError(
                    .shapeMismatch,
                    "Tensors must have same number of dimensions: got \(first.rank) and \(t.rank)")
            }
            for axis in 0..<t.rank where axis != d && t.shape[axis] != first.shape[axis] {
                throw AutogradError(
                    .shapeMismatch,
                    "Sizes of tensors must match except in dimension \(d). Expected size \(first.shape[axis]) but got size \(t.shape[axis]) for tensor number \(n) in the list."
                )
            }
        }
        let dtype = tensors.map(\.dtype).reduce(first.dtype, DType.promote)
        var outShape = first.shape
        outShape[d] = 0
        for t in tensors {
            let (sum, overflow) = outShape[d].addingReportingOverflow(t.shape[d])
            guard !overflow else {
                throw AutogradError(.invalidArgument, "Storage size calculation overflowed with sizes=\(Shape.list(outShape))")
            }
            outShape[d] = sum
        }
        let out = try Tensor(zerosOf: outShape, dtype: dtype)
        var position = 0
        var sizes: [Int] = []
        for t in tensors {
            try out.slice(d, start: position, end: position + t.shape[d]).detach().assignValues(from: t)
            position += t.shape[d]
            sizes.append(t.shape[d])
        }
        return try record(.cat, inputs: OpInputs(tensors), output: out) { ctx in
            var start = 0
            return SmallList(
                try sizes.map { size in
                    defer { start += size }
                    return try ctx.gradOutput.slice(d, start: start, end: start + size)
                })
        } forward: { f in
            // The tangents joined the same way, zeros for inputs without one.
            try cat(tensors.indices.map { try f.tangent($0) ?? Tensor.zeros(like: tensors[$0]) }, dim: dim)
        }
    }

    /// Joins equally shaped tensors along a new dimension (`torch.stack`).
    public static func stack(_ tensors: [Tensor], dim: Int = 0) throws -> Tensor {
        guard let first = tensors.first else {
            throw AutogradError(.invalidArgument, "stack expects a non-empty TensorList")
        }
        let d = try Shape.wrap(dim, rank: first.rank + 1)
        for (n, t) in tensors.enumerated() where t.shape != first.shape {
            throw AutogradError(
                .shapeMismatch,
                "stack expects each tensor to be equal size, but got \(Shape.list(first.shape)) at entry 0 and \(Shape.list(t.shape)) at entry \(n)")
        }
        let out = try noGrad { try cat(tensors.map { try $0.detach().unsqueeze(d) }, dim: d) }
        let count = tensors.count
        return try record(.stack, inputs: OpInputs(tensors), output: out) { ctx in
            SmallList(try (0..<count).map { try ctx.gradOutput.select(d, $0) })
        } forward: { f in
            try stack(tensors.indices.map { try f.tangent($0) ?? Tensor.zeros(like: tensors[$0]) }, dim: d)
        }
    }
}
