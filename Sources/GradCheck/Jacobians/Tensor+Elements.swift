import Autograd

extension Tensor {
    /// A writable window onto this tensor's values, for perturbing inputs in place.
    var sharedWindow: SharedValues {
        get throws { try detach().memoryWindow }
    }

    /// Calls `body` with the values in row-major order: where they are for a contiguous
    /// float64 tensor, through a copy otherwise.
    func withValues<Result>(_ body: (UnsafeBufferPointer<Double>) throws -> Result) throws -> Result {
        if let result = try withContiguousFloat64Values(body) { return result }
        return try toArray().withUnsafeBufferPointer(body)
    }

    /// The row-major position of a multi-index.
    func flatIndex(_ index: [Int]) -> Int {
        zip(index, shape).reduce(0) { $0 * $1.1 + $1.0 }
    }

    /// `flat` as a multi-index into this tensor's shape.
    func multiIndex(_ flat: Int) -> [Int] {
        var rest = flat
        var index = [Int](repeating: 0, count: rank)
        for axis in stride(from: rank - 1, through: 0, by: -1) where shape[axis] > 0 {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return index
    }
}

extension Tensor {
    /// A tensor of `shape` holding `values` in a non-contiguous layout: every other
    /// element of a buffer twice as large (PyTorch's `make_non_contiguous`).
    static func nonContiguous(shape: DimensionList, values: [Double], dtype: FloatDType) throws -> Tensor {
        let interleaved = values.flatMap { [$0, 0.0] }
        return try Tensor(shape: shape + [2], values: interleaved, dtype: dtype).select(shape.count, 0)
    }
}
