/// Shape arithmetic shared by every op: element counts, contiguous strides,
/// dimension wrapping and broadcasting.
enum Shape {
    /// The number of elements of a tensor of `shape` (1 for a scalar).
    ///
    /// Every tensor's shape passed `validate` (or `checkedCount`) when it was made, so
    /// the product fits in an `Int`; the wrapping multiply only avoids a trap check.
    static func count(_ shape: some Collection<Int>) -> Int { shape.reduce(1, &*) }

    /// `count` of a tensor's shape: scalars and vectors (most tensors of a small workload)
    /// without a loop.
    @inline(__always)
    static func count(_ shape: DimensionList) -> Int {
        if shape.count <= 1 { return shape.isEmpty ? 1 : shape[0] }
        return shape.reduce(1, &*)
    }

    /// The number of elements of `shape`, or PyTorch's error when a size is negative or
    /// the product does not fit in 64 bits.
    @inline(__always)
    static func checkedCount(_ shape: DimensionList) throws -> Int {
        // Scalars and vectors first: most tensors of a small workload, one made per op.
        if shape.count == 0 { return 1 }
        if shape.count == 1, shape[0] >= 0 { return shape[0] }
        return try checkedCount(elements: shape)
    }

    /// `checkedCount` of sizes given in any collection (an array from a caller, say).
    static func checkedCount(_ shape: some Collection<Int>) throws -> Int {
        try checkedCount(elements: shape)
    }

    /// `checkedCount`'s loop over any list of sizes.
    @inline(never)
    private static func checkedCount(elements shape: some Collection<Int>) throws -> Int {
        // One pass (every tensor made asks this): a negative size is named first, then a
        // zero size wins over an overflow, as in the checks one after the other.
        var product = 1
        var overflowed = false
        var hasZero = false
        for size in shape {
            if size < 0 {
                throw AutogradError(
                    .invalidArgument,
                    "Trying to create tensor with negative dimension \(size): \(list(shape))")
            }
            hasZero = hasZero || size == 0
            let (next, overflow) = product.multipliedReportingOverflow(by: size)
            overflowed = overflowed || overflow
            product = next
        }
        if hasZero { return 0 }
        guard !overflowed else {
            throw AutogradError(.invalidArgument, "Storage size calculation overflowed with sizes=\(list(shape))")
        }
        return product
    }

    /// Row-major strides of a contiguous tensor of `shape`.
    @inline(__always)
    static func contiguousStrides(_ shape: DimensionList) -> DimensionList {
        // Scalars and vectors inline (most tensors of a small workload); the loop apart.
        if shape.count <= 1 { return shape.isEmpty ? DimensionList() : DimensionList(1) }
        return contiguousStridesOfMatrixOrMore(shape)
    }

    /// `contiguousStrides` of a shape of rank 2 or more.
    @inline(never)
    private static func contiguousStridesOfMatrixOrMore(_ shape: DimensionList) -> DimensionList {
        var strides = DimensionList(repeating: 1, count: shape.count)
        var running = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = running
            // Wrapping: it can overflow only past a zero size, where no stride is ever used.
            running &*= max(shape[axis], 1)
        }
        return strides
    }

    /// Wraps a possibly negative `dim` into `0..<rank`, as PyTorch's `maybe_wrap_dim`.
    /// A scalar accepts the dims -1 and 0.
    static func wrap(_ dim: Int, rank: Int) throws -> Int {
        let r = max(rank, 1)
        guard dim >= -r && dim < r else { throw AutogradError.dimensionOutOfRange(dim, rank: rank) }
        return dim < 0 ? dim + r : dim
    }

    /// The broadcast shape of `a` and `b`, or PyTorch's error naming both sizes.
    @inline(__always)
    static func broadcast(_ a: DimensionList, _ b: DimensionList) throws -> DimensionList {
        // Equal shapes and a scalar beside a tensor (most ops) need no check: every
        // tensor's shape already passed `checkedCount`. They are answered inline.
        if a == b || b.isEmpty { return a }
        if a.isEmpty { return b }
        return try broadcastDifferent(a, b)
    }

    /// `broadcast` of two shapes that differ, neither of them a scalar's.
    @inline(never)
    private static func broadcastDifferent(_ a: DimensionList, _ b: DimensionList) throws -> DimensionList {
        let rank = max(a.count, b.count)
        var result = DimensionList(repeating: 1, count: rank)
        // From the last dimension to the first, as PyTorch's `infer_size`, so that the
        // error names the same dimension PyTorch names.
        for i in stride(from: rank - 1, through: 0, by: -1) {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            if da == db || db == 1 {
                result[i] = da
            } else if da == 1 {
                result[i] = db
            } else {
                throw AutogradError(
                    .shapeMismatch,
                    "The size of tensor a (\(da)) must match the size of tensor b (\(db)) at non-singleton dimension \(i)")
            }
        }
        _ = try checkedCount(result)
        return result
    }

    /// PyTorch's `torch.Size([2, 3])` spelling.
    static func torchSize(_ shape: some Collection<Int>) -> String {
        "torch.Size([\(shape.map(String.init).joined(separator: ", "))])"
    }

    /// PyTorch's `[2, 3]` spelling.
    static func list(_ shape: some Collection<Int>) -> String {
        "[\(shape.map(String.init).joined(separator: ", "))]"
    }

    /// Validates sizes given by a user (zeros, ones, full, reshape targets): no negative
    /// size, and an element count that fits in 64 bits.
    static func validate(_ shape: some Collection<Int>, op: String) throws {
        if shape.contains(where: { $0 < 0 }) {
            throw AutogradError(.invalidArgument, "\(op): Dimension size must be non-negative.")
        }
        _ = try checkedCount(shape)
    }
}
