/// A reference-counted, contiguous block of elements shared by a tensor and its views.
///
/// Views (`detach`, `transpose`, slicing, ...) share one `Storage`, and with it one
/// version counter, as in PyTorch: an in-place write through any of them bumps the
/// version that saved tensors are checked against at backward time.
final class Storage: @unchecked Sendable {
    /// Number of elements.
    let count: Int
    /// True when elements are `Float`; otherwise they are `Double`.
    let isSinglePrecision: Bool
    /// Raw memory, typed on access.
    let raw: UnsafeMutableRawPointer
    /// Bumped by every in-place modification (PyTorch's version counter).
    var version: Int = 0

    /// Allocates storage for `count` elements, zero-filled unless `zeroed` is false
    /// (for kernels that write every element before anything reads one).
    init(count: Int, singlePrecision: Bool, zeroed: Bool = true) {
        self.count = count
        self.isSinglePrecision = singlePrecision
        let stride = singlePrecision ? MemoryLayout<Float>.stride : MemoryLayout<Double>.stride
        raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * stride, alignment: 64)
        if zeroed {
            raw.initializeMemory(as: UInt8.self, repeating: 0, count: max(1, count) * stride)
        }
    }

    deinit { raw.deallocate() }

    /// The storage typed as `T`; `T` must match `isSinglePrecision`.
    @inline(__always)
    func pointer<T: TensorScalar>(_: T.Type) -> UnsafeMutablePointer<T> {
        raw.assumingMemoryBound(to: T.self)
    }
}
