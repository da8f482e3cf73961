/// The layout of a reduction: the input rearranged so that each output element
/// reduces one contiguous block of `blockSize` values.
struct ReductionLayout {
    /// The input with kept dims first and reduced dims last, contiguous.
    let blocks: Tensor
    /// Number of output elements.
    let outputCount: Int
    /// Number of values reduced into each output element.
    let blockSize: Int
    /// The output shape (with 1s in reduced dims when `keepdim`).
    let outputShape: DimensionList
    /// The reduced dims, wrapped and sorted.
    let dims: [Int]
}

extension Tensor {
    /// Wraps and validates `dims` (nil or empty means all dims), as PyTorch's reductions do.
    func reductionDims(_ dims: [Int]?) throws -> [Int] {
        guard let dims, !dims.isEmpty else { return Array(0..<rank) }
        let wrapped = try dims.map { try Shape.wrap($0, rank: rank) }
        var seen = Set<Int>()
        for d in wrapped where !seen.insert(d).inserted {
            throw AutogradError(.invalidArgument, "dim \(d) appears multiple times in the list of dims")
        }
        return rank == 0 ? [] : wrapped.sorted()
    }

    /// Rearranges this tensor for reducing over `dims`.
    func reductionLayout(_ dims: [Int], keepdim: Bool) throws -> ReductionLayout {
        let kept = (0..<rank).filter { !dims.contains($0) }
        let order = kept + dims
        let permuted = Tensor(
            storage: storage, shape: DimensionList(order.map { shape[$0] }),
            strides: DimensionList(order.map { strides[$0] }), offset: offset, dtype: dtype)
        let blocks = permuted.isContiguous ? permuted : try permuted.contiguousCopy()
        let outputShape =
            keepdim
            ? (0..<rank).map { dims.contains($0) ? 1 : shape[$0] }
            : kept.map { shape[$0] }
        return ReductionLayout(
            blocks: blocks, outputCount: Shape.count(kept.map { shape[$0] }),
            blockSize: Shape.count(dims.map { shape[$0] }),
            outputShape: DimensionList(outputShape), dims: dims)
    }

    /// Reduces each block with `body`, which reads `blockSize` consecutive values (as `Double`)
    /// and returns the output value.
    static func reduce(
        _ layout: ReductionLayout, dtype: DType,
        _ body: (UnsafeBufferPointer<Double>) -> Double
    ) throws -> Tensor {
        let out = try Tensor(zerosOf: layout.outputShape, dtype: dtype)
        let source = layout.blocks
        // No output element, nothing to read: the blocks may be of any (even unallocatable) size.
        guard layout.outputCount > 0 else { return out }
        var block = [Double](repeating: 0, count: layout.blockSize)
        for o in 0..<layout.outputCount {
            let start = source.offset + o * layout.blockSize
            switch source.storage.kind {
            case .float32:
                let p = source.storage.pointer(Float.self)
                for k in 0..<layout.blockSize { block[k] = Double(p[start + k]) }
            case .float64:
                let p = source.storage.pointer(Double.self)
                for k in 0..<layout.blockSize { block[k] = p[start + k] }
            case .int64:
                let p = source.storage.integers
                for k in 0..<layout.blockSize { block[k] = Double(p[start + k]) }
            }
            let value = block.withUnsafeBufferPointer(body)
            out.setElement(at: o, value)
        }
        return out
    }

    /// Reduces each block of an integer or boolean input with `body`, which reads
    /// `blockSize` consecutive values as exact `Int64`s, into an int64 tensor: integer sums,
    /// maxima and positions exact over the whole range (sums wrap, as PyTorch's do).
    static func reduceIntegers(_ layout: ReductionLayout, _ body: (UnsafeBufferPointer<Int64>) -> Int64) throws -> Tensor {
        let out = try Tensor(zerosOf: layout.outputShape, dtype: .int64)
        guard layout.outputCount > 0 else { return out }
        let source = layout.blocks
        var block = [Int64](repeating: 0, count: layout.blockSize)
        for o in 0..<layout.outputCount {
            let start = source.offset + o * layout.blockSize
            for k in 0..<layout.blockSize { block[k] = source.integerElement(at: start + k) }
            out.storage.integers[o] = block.withUnsafeBufferPointer(body)
        }
        return out
    }
}
