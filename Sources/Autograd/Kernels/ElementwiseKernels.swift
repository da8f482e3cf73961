/// A function applied to each element, generic so that one definition serves
/// `Float` and `Double` and is specialised (inlined) in both loops.
protocol UnaryKernel {
    func callAsFunction<T: TensorScalar>(_ x: T) -> T
    /// Applies the kernel to `count` contiguous elements (`destination` may be `source`).
    /// A kernel with a whole-array form (a vectorised loop) gives it here; its results
    /// must be the same bits as the one-element form's, so that layout never changes a value.
    func apply<T: TensorScalar>(_ source: UnsafePointer<T>, into destination: UnsafeMutablePointer<T>, count: Int)
}

extension UnaryKernel {
    /// Element by element, through the one-element form.
    @inline(__always)
    func apply<T: TensorScalar>(_ source: UnsafePointer<T>, into destination: UnsafeMutablePointer<T>, count: Int) {
        applyEach(source, into: destination, count: count)
    }

    /// `count` contiguous elements one at a time through the one-element form: the default
    /// `apply`, and what a kernel whose whole-array form covers some types uses for the rest.
    @inline(__always)
    func applyEach<T: TensorScalar>(_ source: UnsafePointer<T>, into destination: UnsafeMutablePointer<T>, count: Int) {
        for i in 0..<count { destination[i] = self(source[i]) }
    }
}

/// A function of two elements, applied over broadcast operands.
protocol BinaryKernel {
    func callAsFunction<T: TensorScalar>(_ a: T, _ b: T) -> T
}

/// A unary kernel with an exact int64 form (wrapping on overflow, as PyTorch's integer
/// kernels). A kernel without one computes int64 results through float64.
protocol IntegerUnaryKernel: UnaryKernel {
    func integer(_ x: Int64) -> Int64
}

/// A binary kernel with an exact int64 form (wrapping on overflow).
protocol IntegerBinaryKernel: BinaryKernel {
    func integer(_ a: Int64, _ b: Int64) -> Int64
}

extension Tensor {
    /// Applies `kernel` to every element, giving a new contiguous tensor of `dtype`.
    func map<K: UnaryKernel>(_ kernel: K, dtype outDType: DType? = nil) throws -> Tensor {
        let outDType = outDType ?? dtype
        let source = dtype == outDType ? self : try converted(to: outDType)
        if outDType == .int64 {
            guard let integerKernel = kernel as? any IntegerUnaryKernel else {
                return try source.converted(to: .float64).map(kernel).converted(to: .int64)
            }
            let out = try Tensor(uninitialized: shape, dtype: .int64)
            let dst = out.storage.integers
            var i = 0
            source.forEachStorageIndex { index in
                dst[i] = integerKernel.integer(source.storage.integers[index])
                i += 1
            }
            return out
        }
        let out = try Tensor(uninitialized: shape, dtype: outDType)
        if outDType.storesSinglePrecision {
            source.map(Float.self, kernel, into: out)
        } else {
            source.map(Double.self, kernel, into: out)
        }
        if !outDType.isFloatingPoint { out.canonicalizeInPlace() }
        return out
    }

    /// `kernel` of this one-element floating-point tensor, written to every element of a
    /// fresh contiguous tensor of `shape`: the values `expand(shape)` then `map(kernel)`
    /// give, without the expanded view in between. Nil for any other tensor.
    func mapSpread<K: UnaryKernel>(_ kernel: K, to shape: DimensionList) throws -> Tensor? {
        guard count == 1, dtype.isFloatingPoint else { return nil }
        let out = try Tensor(uninitialized: shape, dtype: dtype)
        if dtype.storesSinglePrecision {
            spread(Float.self, kernel, into: out)
        } else {
            spread(Double.self, kernel, into: out)
        }
        return out
    }

    private func spread<T: TensorScalar, K: UnaryKernel>(_: T.Type, _ kernel: K, into out: Tensor) {
        out.storage.pointer(T.self).update(repeating: kernel(storage.pointer(T.self)[offset]), count: out.count)
    }

    /// Applies `kernel` to every element where it is, for a floating-point tensor an op has
    /// just made and nobody else has seen (`mean()`'s sum, divided in place): the values
    /// `map` would give, without a second tensor.
    func mapFreshInPlace<K: UnaryKernel>(_ kernel: K) {
        precondition(dtype.isFloatingPoint && isContiguous, "mapFreshInPlace needs a fresh floating-point tensor")
        if dtype.storesSinglePrecision {
            map(Float.self, kernel, into: self)
        } else {
            map(Double.self, kernel, into: self)
        }
    }

    private func map<T: TensorScalar, K: UnaryKernel>(_: T.Type, _ kernel: K, into out: Tensor) {
        let dst = out.storage.pointer(T.self)
        let src = storage.pointer(T.self)
        if isContiguous {
            kernel.apply(src + offset, into: dst, count: count)
        } else if count > 0, strides.allSatisfy({ $0 == 0 }) {
            // One element expanded to every position (a scalar's gradient expanded, as
            // `mean()`'s rule divides it when it records): computed once.
            spread(T.self, kernel, into: out)
        } else {
            var i = 0
            forEachStorageIndex { index in
                dst[i] = kernel(src[index])
                i += 1
            }
        }
    }

    /// Applies `kernel` to the broadcast pairs of `a` and `b`, giving a tensor of `dtype`.
    ///
    /// With `destination`, a contiguous tensor of the broadcast shape and of `dtype` whose
    /// storage neither operand shares, the results are written there instead (an in-place
    /// update that records nothing).
    @discardableResult
    static func combine<K: BinaryKernel>(
        _ a: Tensor, _ b: Tensor, _ kernel: K, dtype: DType,
        into destination: Tensor? = nil
    ) throws -> Tensor {
        let outShape = try Shape.broadcast(a.shape, b.shape)
        let out = try destination ?? Tensor(uninitialized: outShape, dtype: dtype)
        if dtype == .int64 {
            guard let integerKernel = kernel as? any IntegerBinaryKernel else {
                // No exact form: through float64, back to int64 (into `destination` when given).
                let wide = try combine(a.converted(to: .float64), b.converted(to: .float64), kernel, dtype: .float64)
                let result = try wide.converted(to: .int64)
                guard let destination else { return result }
                destination.storage.integers.advanced(by: destination.offset)
                    .update(from: result.storage.integers, count: result.count)
                return destination
            }
            let lhs = try a.operand(for: outShape, dtype: .int64)
            let rhs = try b.operand(for: outShape, dtype: .int64)
            combineIntegers(lhs, rhs, integerKernel, into: out)
            return out
        }
        if a.dtype == dtype, b.dtype == dtype, let aIsScalar = a.readableInPlace(as: outShape),
            let bIsScalar = b.readableInPlace(as: outShape)
        {
            // The common case: both operands read where they are, with no `Operand` (and
            // so no retain and release of each) in between.
            combine(a, aIsScalar, b, bIsScalar, kernel, dtype: dtype, into: out)
        } else {
            let lhs = try a.operand(for: outShape, dtype: dtype)
            let rhs = try b.operand(for: outShape, dtype: dtype)
            combine(lhs.tensor, lhs.isScalar, rhs.tensor, rhs.isScalar, kernel, dtype: dtype, into: out)
        }
        if !dtype.isFloatingPoint { out.canonicalizeInPlace() }
        return out
    }

    /// Whether this tensor can be a kernel operand for an output of `outShape` as it is:
    /// true for a single element, false for a contiguous buffer of exactly `outShape`, nil
    /// when it must be broadcast into a copy first (see `operand(for:dtype:)`).
    @inline(__always)
    func readableInPlace(as outShape: DimensionList) -> Bool? {
        if count == 1 { return true }
        return shape == outShape && isContiguous ? false : nil
    }

    /// The float loop of `combine` over operands already of `dtype` and readable in place
    /// (`isScalar`: a single element, else a contiguous buffer of the output's shape).
    private static func combine<K: BinaryKernel>(
        _ a: Tensor, _ aIsScalar: Bool, _ b: Tensor, _ bIsScalar: Bool, _ kernel: K, dtype: DType,
        into out: Tensor
    ) {
        if dtype.storesSinglePrecision {
            combine(Float.self, a, aIsScalar, b, bIsScalar, kernel, into: out)
        } else {
            combine(Double.self, a, aIsScalar, b, bIsScalar, kernel, into: out)
        }
    }

    private static func combine<T: TensorScalar, K: BinaryKernel>(
        _: T.Type, _ a: Tensor, _ aIsScalar: Bool, _ b: Tensor, _ bIsScalar: Bool, _ kernel: K,
        into out: Tensor
    ) {
        let dst = out.storage.pointer(T.self) + out.offset
        let n = out.count
        let pa = a.storage.pointer(T.self) + a.offset
        let pb = b.storage.pointer(T.self) + b.offset
        switch (aIsScalar, bIsScalar) {
        case (false, false): for i in 0..<n { dst[i] = kernel(pa[i], pb[i]) }
        case (false, true):
            let s = pb[0]
            for i in 0..<n { dst[i] = kernel(pa[i], s) }
        case (true, false):
            let s = pa[0]
            for i in 0..<n { dst[i] = kernel(s, pb[i]) }
        case (true, true):
            let s = kernel(pa[0], pb[0])
            for i in 0..<n { dst[i] = s }
        }
    }

    /// The int64 loop of `combine`, with the same four cases of broadcast scalars.
    private static func combineIntegers(_ a: Operand, _ b: Operand, _ kernel: any IntegerBinaryKernel, into out: Tensor) {
        let dst = out.storage.integers + out.offset
        let n = out.count
        let pa = a.tensor.storage.integers + a.tensor.offset
        let pb = b.tensor.storage.integers + b.tensor.offset
        switch (a.isScalar, b.isScalar) {
        case (false, false): for i in 0..<n { dst[i] = kernel.integer(pa[i], pb[i]) }
        case (false, true):
            let s = pb[0]
            for i in 0..<n { dst[i] = kernel.integer(pa[i], s) }
        case (true, false):
            let s = pa[0]
            for i in 0..<n { dst[i] = kernel.integer(s, pb[i]) }
        case (true, true):
            let s = kernel.integer(pa[0], pb[0])
            for i in 0..<n { dst[i] = s }
        }
    }

    /// This tensor as a kernel operand for an output of `outShape`: a single
    /// element, or a contiguous buffer of exactly `outShape` (broadcast and
    /// converted as needed).
    func operand(for outShape: DimensionList, dtype target: DType) throws -> Operand {
        let source = dtype == target ? self : try converted(to: target)
        if let isScalar = source.readableInPlace(as: outShape) { return Operand(tensor: source, isScalar: isScalar) }
        let expanded = Tensor(
            storage: source.storage, shape: outShape,
            strides: source.broadcastStrides(to: outShape),
            offset: source.offset, dtype: target)
        return Operand(tensor: try expanded.contiguousCopy(), isScalar: false)
    }

    /// Strides that read this tensor as if expanded to `outShape` (0 along broadcast dims).
    func broadcastStrides(to outShape: DimensionList) -> DimensionList {
        let lead = outShape.count - rank
        var result = DimensionList(repeating: 0, count: outShape.count)
        for axis in lead..<outShape.count where shape[axis - lead] != 1 { result[axis] = strides[axis - lead] }
        return result
    }

    /// A contiguous copy of this tensor's values (no graph).
    func contiguousCopy() throws -> Tensor {
        guard rank == 2, count > 0, strides[1] == 1 || shape[1] == 1 else { return try map(CopyKernel()) }
        // Rows laid out contiguously (a matrix, a row broadcast down a matrix as Linear's
        // bias is, a slice of rows): one block copy per row.
        let out = try Tensor(uninitialized: shape, dtype: dtype)
        let elementSize = storage.elementSize
        let rowBytes = shape[1] * elementSize
        let (source, target) = (UnsafeRawPointer(storage.raw) + offset * elementSize, out.storage.raw)
        let sourceRowBytes = strides[0] * elementSize
        let totalBytes = shape[0] * rowBytes
        if sourceRowBytes == rowBytes || shape[0] == 1 {
            // The rows follow each other already: one block.
            target.copyMemory(from: source, byteCount: totalBytes)
        } else if sourceRowBytes == 0 {
            // One row repeated (a broadcast bias): copy it once, then double what is written.
            target.copyMemory(from: source, byteCount: rowBytes)
            var written = rowBytes
            while written < totalBytes {
                let chunk = Swift.min(written, totalBytes - written)
                (target + written).copyMemory(from: target, byteCount: chunk)
                written += chunk
            }
        } else {
            for row in 0..<shape[0] {
                (target + row * rowBytes).copyMemory(from: source + row * sourceRowBytes, byteCount: rowBytes)
            }
        }
        return out
    }

    /// A copy converted to `target` (no graph). int64 converts exactly to int64, rounds to
    /// the nearest float, and is cast from floats as PyTorch casts (`DType.int64Value`).
    func converted(to target: DType) throws -> Tensor {
        let out = try Tensor(uninitialized: shape, dtype: target)
        switch (storage.kind, target.storageKind) {
        case (.float32, .float32): convert(Float.self, into: out) { $0 }
        case (.float32, .float64): convert(Float.self, into: out) { target.canonical(Double($0)) }
        case (.float32, .int64): convert(Float.self, into: out) { DType.int64Value(Double($0)) }
        case (.float64, .float32): convert(Double.self, into: out) { Float($0) }
        case (.float64, .float64): convert(Double.self, into: out) { target.canonical($0) }
        case (.float64, .int64): convert(Double.self, into: out) { DType.int64Value($0) }
        case (.int64, .float32): convert(Int64.self, into: out) { Float($0) }
        case (.int64, .float64): convert(Int64.self, into: out) { target.canonical(Double($0)) }
        case (.int64, .int64): convert(Int64.self, into: out) { $0 }
        }
        return out
    }

    /// Writes `transform` of every element, in row-major order, into `out`'s storage.
    private func convert<Source, Target>(_: Source.Type, into out: Tensor, _ transform: (Source) -> Target) {
        let source = storage.raw.assumingMemoryBound(to: Source.self)
        let target = out.storage.raw.assumingMemoryBound(to: Target.self)
        if isContiguous {
            for i in 0..<count { target[i] = transform(source[offset + i]) }
        } else {
            var i = 0
            forEachStorageIndex { index in
                target[i] = transform(source[index])
                i += 1
            }
        }
    }

    /// Rounds stored values to the dtype (booleans become 0/1; int64 storage holds only integers).
    func canonicalizeInPlace() {
        guard storage.kind == .float64 else { return }
        let p = storage.pointer(Double.self)
        forEachStorageIndex { p[$0] = dtype.canonical(p[$0]) }
    }
}

/// A kernel operand: the tensor and whether it is a single broadcast element.
struct Operand {
    let tensor: Tensor
    let isScalar: Bool
}

struct CopyKernel: IntegerUnaryKernel {
    @inline(__always) func callAsFunction<T: TensorScalar>(_ x: T) -> T { x }
    @inline(__always) func integer(_ x: Int64) -> Int64 { x }
}
