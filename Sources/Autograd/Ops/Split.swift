extension Tensor {
    /// The slices along `dim`, each without that dimension, as views recorded by one node
    /// with an output per slice (`unbind`; `grad_fn` `UnbindBackward0`, `outputNr` 0, 1, ...).
    public func unbind(dim: Int = 0) throws -> [Tensor] {
        guard rank > 0 else { throw AutogradError(.indexOutOfRange, "Dimension specified as \(dim) but tensor has no dimensions") }
        let d = try Shape.wrap(dim, rank: rank)
        let pieces = try noGrad { try (0..<shape[d]).map { try select(d, $0) } }
        return recordPieces(.unbind, pieces) { grads in try Tensor.stack(grads, dim: d) }
    }

    /// Consecutive pieces of `splitSize` along `dim` (the last may be smaller), as views
    /// recorded by one node (`split`; `grad_fn` `SplitBackward0`).
    public func split(_ splitSize: Int, dim: Int = 0) throws -> [Tensor] {
        guard rank > 0 else { throw AutogradError(.indexOutOfRange, "Dimension specified as \(dim) but tensor has no dimensions") }
        let d = try Shape.wrap(dim, rank: rank)
        guard splitSize >= 0 else {
            throw AutogradError(.invalidArgument, "split expects split_size be non-negative, but got split_size=\(splitSize)")
        }
        let size = shape[d]
        guard splitSize > 0 || size == 0 else {
            throw AutogradError(.invalidArgument, "split_size can only be 0 if dimension size is 0, but got dimension size of \(size)")
        }
        let count = splitSize == 0 ? 1 : Swift.max(size / splitSize + (size % splitSize == 0 ? 0 : 1), 1)
        return try pieces(
            along: d,
            sizes: (0..<count).map { k in
                let start = Swift.min(k * splitSize, size)
                return Swift.min(splitSize, size - start)
            })
    }

    /// Consecutive views of `sizes` along `d` (which add up to its size), recorded by one
    /// `SplitBackward0` node.
    private func pieces(along d: Int, sizes: [Int]) throws -> [Tensor] {
        var start = 0
        let views = try noGrad {
            try sizes.map { size in
                defer { start += size }
                return try slice(d, start: start, end: start + size)
            }
        }
        return recordPieces(.split, views) { grads in try Tensor.cat(grads, dim: d) }
    }

    /// `chunks` pieces of equal size along `dim` (the last may be smaller, and there may
    /// be fewer), as `split` of `ceil(size / chunks)` makes them; an empty dimension gives
    /// `chunks` empty pieces (`chunk`).
    public func chunk(_ chunks: Int, dim: Int = 0) throws -> [Tensor] {
        guard chunks > 0 else { throw AutogradError(.invalidArgument, "chunk expects `chunks` to be greater than 0, got: \(chunks)") }
        guard rank > 0 else { throw AutogradError(.indexOutOfRange, "chunk expects at least a 1-dimensional tensor") }
        let d = try Shape.wrap(dim, rank: rank)
        // An empty dimension gives `chunks` empty pieces, as PyTorch's chunk does.
        if shape[d] == 0 { return try pieces(along: d, sizes: [Int](repeating: 0, count: chunks)) }
        return try split(shape[d] / chunks + (shape[d] % chunks == 0 ? 0 : 1), dim: d)
    }

    /// Records `pieces` (views of this tensor) as the outputs of one node whose backward
    /// joins their gradients (zeros for pieces that received none) with `join`.
    private func recordPieces(_ op: Op, _ pieces: [Tensor], join: @escaping ([Tensor]) throws -> Tensor) -> [Tensor] {
        guard isGradEnabled, requiresGrad, !pieces.isEmpty else { return pieces }
        Tensor.record(op.nodeName, inputs: [self], outputs: pieces, saving: []) { ctx in
            try SmallList(join(ctx.gradOutputs.map { $0! }))
        }
        return pieces
    }
}
