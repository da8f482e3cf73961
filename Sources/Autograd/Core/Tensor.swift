/// An n-dimensional array that records the operations applied to it, so that
/// gradients can flow back through them: PyTorch's `torch.Tensor`.
///
/// A `Tensor` is a reference, as in PyTorch: identity matters for `grad`,
/// `requiresGrad` and in-place updates. Its elements live in a `Storage` that
/// views (`detach()`, `transpose`, slicing) share; `shape`, `strides` and an
/// offset say where each element is.
///
/// ```swift
/// let w = Tensor(2.0, requiresGrad: true)
/// let loss = (w * 3 - 10) ** 2
/// try loss.backward()
/// print(w.grad!)          // tensor(-24.)
/// ```
///
/// Tensors are not synchronised: share one between threads only for reading.
public final class Tensor: @unchecked Sendable {
    /// The shared element buffer (see `heldStorage`).
    var storage: Storage {
        @inline(__always) get { heldStorage.unsafelyUnwrapped }
        @inline(__always) set { heldStorage = newValue }
    }
    /// The storage reference itself: never nil while the tensor lives. It is optional only
    /// so that `deinit` can move it into the thread's pool, with no retain and no release.
    @exclusivity(unchecked) private var heldStorage: Storage?

    /// Whether this tensor holds the only reference to its storage. (Asked of `storage`,
    /// a computed property, `isKnownUniquelyReferenced` would see the getter's copy.)
    var holdsStorageAlone: Bool { isKnownUniquelyReferenced(&heldStorage) }
    /// Size of each dimension; empty for a scalar.
    @exclusivity(unchecked) public internal(set) var shape: DimensionList
    /// Elements to skip in storage to move one step along each dimension.
    @exclusivity(unchecked) public internal(set) var strides: DimensionList
    /// Position of the first element in storage.
    @exclusivity(unchecked) var offset: Int
    /// The element type.
    @exclusivity(unchecked) public internal(set) var dtype: DType

    /// The user's `requires_grad` flag (meaningful for leaves).
    @exclusivity(unchecked) var requiresGradFlag = false
    /// The node that produced this tensor; nil for leaves.
    @exclusivity(unchecked) public internal(set) var gradFn: Node?
    /// Which of `gradFn`'s outputs this tensor is (PyTorch's `output_nr`; 0 for single-output ops and leaves).
    @exclusivity(unchecked) public internal(set) var outputNr = 0
    /// The accumulated gradient.
    @exclusivity(unchecked) var gradValue: Tensor?
    /// Set by `retainGrad()` on a non-leaf.
    @exclusivity(unchecked) public internal(set) var retainsGrad = false
    /// The leaf's gradient accumulator, made on first use, shared by all graphs and kept
    /// for the leaf's whole life (it refers back to the leaf without keeping it alive), so
    /// that training loops do not make and free one per leaf in every step. Read and written
    /// under `AccumulateGrad.creationLock`.
    @exclusivity(unchecked) var accumulator: AccumulateGrad?
    /// The tensor this one is a view of, if any (PyTorch's `_base`).
    @exclusivity(unchecked) var viewBase: Tensor?
    /// The forward-mode tangent, valid at dual level `tangentLevel` only (see `tangent`).
    @exclusivity(unchecked) var tangentValue: Tensor?
    /// The dual level `tangentValue` belongs to.
    @exclusivity(unchecked) var tangentLevel = 0

    /// Creates a tensor over existing storage.
    init(storage: Storage, shape: DimensionList, strides: DimensionList, offset: Int, dtype: DType) {
        heldStorage = storage
        self.shape = shape
        self.strides = strides
        self.offset = offset
        self.dtype = dtype
    }

    /// Creates a zero-filled contiguous tensor; throws when the memory cannot be had.
    init(zerosOf shape: DimensionList, dtype: DType) throws {
        heldStorage = try Storage.make(count: Shape.checkedCount(shape), kind: dtype.storageKind)
        self.shape = shape
        strides = Shape.contiguousStrides(shape)
        offset = 0
        self.dtype = dtype
    }

    /// Creates a contiguous tensor whose elements the caller writes, every one, before
    /// any is read: the output of a kernel, without a zero-fill that it would overwrite.
    init(uninitialized shape: DimensionList, dtype: DType) throws {
        heldStorage = try Storage.make(count: Shape.checkedCount(shape), kind: dtype.storageKind, zeroed: false)
        self.shape = shape
        strides = Shape.contiguousStrides(shape)
        offset = 0
        self.dtype = dtype
    }

    deinit {
        // The leaf's accumulator, which graphs may keep after this tensor is gone, stops
        // pointing here (see `AccumulateGrad.variable`).
        if let accumulator { accumulator.forgetLeaf() }
        // A small storage that only this tensor holds moves to the thread's pool.
        if let words = storage.poolableWords, isKnownUniquelyReferenced(&heldStorage) {
            ThreadState.withCurrent { $0.storagePool.keep(heldStorage.take().unsafelyUnwrapped, words: words) }
        }
        // Hand the graph this tensor alone holds to `Teardown`, so that freeing a deep
        // graph takes no stack depth (the common tensor, with none of these, returns at once).
        guard gradFn != nil || gradValue != nil || viewBase != nil else { return }
        Teardown.deferRelease(&gradFn)
        Teardown.deferRelease(&gradValue)
        Teardown.deferRelease(&viewBase)
        Teardown.drain()
    }

    // MARK: - Shape queries

    /// The number of dimensions (`dim()`).
    public var rank: Int { shape.count }
    /// The number of elements (`numel()`).
    public var count: Int {
        @inline(__always) get { Shape.count(shape) }
    }
    /// The size of dimension `dim` (negative counts from the end).
    public func size(_ dim: Int) throws -> Int {
        guard rank > 0 else {
            throw AutogradError(.indexOutOfRange, "Dimension specified as \(dim) but tensor has no dimensions")
        }
        return shape[try Shape.wrap(dim, rank: rank)]
    }

    /// True when some elements share memory: a dimension longer than 1 with stride 0, as
    /// `expand` makes. Writing to such a tensor, or perturbing one element of it, is refused.
    public var hasSharedElements: Bool {
        zip(shape, strides).contains { size, stride in size > 1 && stride == 0 }
    }

    /// True when the elements are laid out row-major with no gaps (`is_contiguous()`).
    public var isContiguous: Bool {
        // Scalars and vectors inline: most tensors of a small workload, asked on every op.
        @inline(__always) get {
            if rank <= 1 { return rank == 0 || shape[0] == 1 || strides[0] == 1 }
            return isContiguousMatrixOrMore
        }
    }

    /// `isContiguous` of a tensor of rank 2 or more.
    @inline(never)
    private var isContiguousMatrixOrMore: Bool {
        var expected = 1
        for axis in stride(from: rank - 1, through: 0, by: -1) where shape[axis] != 1 {
            if strides[axis] != expected { return false }
            expected *= shape[axis]
        }
        return true
    }

    // MARK: - Autograd flags

    /// Whether gradients flow to or through this tensor (`requires_grad`).
    public var requiresGrad: Bool { gradFn != nil || requiresGradFlag }

    /// True for tensors that no recorded operation produced (`is_leaf`).
    public var isLeaf: Bool { gradFn == nil }

    /// The accumulated gradient (`.grad`): nil until the first backward, then summed over backwards.
    ///
    /// Reading it on a non-leaf that did not call `retainGrad()` returns nil and
    /// warns, as PyTorch does. Set it with `setGrad(_:)` (which checks the shape
    /// and dtype) or clear it with `zeroGrad()`.
    public internal(set) var grad: Tensor? {
        get {
            if !isLeaf && !retainsGrad && gradValue == nil {
                Warnings.warn(Warnings.nonLeafGradAccess)
            }
            return gradValue
        }
        set { gradValue = newValue }
    }

    /// Sets or clears the gradient, checking its shape and dtype against this tensor's.
    public func setGrad(_ newGrad: Tensor?) throws {
        if let g = newGrad {
            // PyTorch 2.13's texts (Fixtures/differential/accumulation.json records them).
            guard g.shape == shape else {
                throw AutogradError(
                    .shapeMismatch,
                    "attempting to assign a gradient of size '\(Shape.list(g.shape))' to a tensor of size '\(Shape.list(shape))'. Please ensure that the gradient and the tensor are the same size"
                )
            }
            guard g.dtype == dtype else {
                throw AutogradError(
                    .dtypeMismatch,
                    "attempting to assign a gradient with dtype '\(g.dtype.cName)' to a tensor with grad_dtype '\(dtype.scalarTypeName)'. The gradient must match the tensor's grad_dtype (defaults to the tensor's dtype). You can set the tensor's grad_dtype attribute with a specific dtype, or None to allow any dtype. Set grad_dtype with caution. Diverging the dtypes of a tensor and its gradient may break downstream systems that assume they match."
                )
            }
        }
        gradValue = newGrad
    }

    /// Sets `requires_grad` on a leaf (`requires_grad_()`); returns self for chaining.
    @discardableResult
    public func requiresGrad_(_ flag: Bool = true) throws -> Tensor {
        if !isLeaf && !flag {
            throw AutogradError(
                .invalidArgument,
                "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach()."
            )
        }
        if flag && !dtype.isFloatingPoint {
            throw AutogradError(.dtypeMismatch, "only Tensors of floating point dtype can require gradients")
        }
        if isLeaf { requiresGradFlag = flag }
        return self
    }

    /// Makes a non-leaf keep its gradient in `grad` after backward (`retain_grad()`).
    /// On a leaf it does nothing, as in PyTorch.
    public func retainGrad() throws {
        guard requiresGrad else {
            throw AutogradError(.invalidArgument, "can't retain_grad on Tensor that has requires_grad=False")
        }
        if isLeaf { return }
        retainsGrad = true
        guard let fn = gradFn else { return }
        var retained = fn.retainedTensors ?? [:]
        retained[outputNr] = WeakTensor(tensor: self)
        fn.retainedTensors = retained
    }

    /// Sets the gradient to zero in place, or to nil (`zero_grad` of one tensor).
    public func zeroGrad(setToNone: Bool = true) {
        if setToNone {
            gradValue = nil
        } else if let g = gradValue {
            noGrad { g.fillStorage(0) }
            g.storage.version += 1  // an in-place write, as PyTorch's zero_()
        }
    }

    /// A tensor that shares this one's storage but is cut from the graph (`detach()`).
    ///
    /// Writing through it changes this tensor's values (and bumps the shared version).
    public func detach() -> Tensor {
        Tensor(storage: storage, shape: shape, strides: strides, offset: offset, dtype: dtype)
    }

    /// The values without history (`.data`): a detached alias sharing storage.
    ///
    /// Setting it replaces this tensor's values, shape and dtype without recording,
    /// as PyTorch's `w.data = ...`.
    public var data: Tensor {
        get { detach() }
        set {
            storage = newValue.storage
            shape = newValue.shape
            strides = newValue.strides
            offset = newValue.offset
            dtype = newValue.dtype
        }
    }

    // MARK: - Values out

    /// The single value of a one-element tensor as a `Double` (`item()`).
    public func item() throws -> Double {
        guard count == 1 else {
            throw AutogradError(.invalidArgument, "a Tensor with \(count) elements cannot be converted to Scalar")
        }
        return element(at: offset)
    }

    /// The values in row-major order (`tolist()` flattened). Works on tensors that require grad.
    ///
    /// Throws PyTorch's allocation error when the values cannot fit in memory (an expanded
    /// view can stand for more elements than exist), instead of aborting in `Array`.
    public func toArray() throws -> [Double] {
        try Storage.requireAllocatable(count: count, elementSize: MemoryLayout<Double>.stride)
        // An empty array is Swift's shared empty storage, whose count must not be written
        // (from several threads that is a data race ThreadSanitizer reports).
        guard count > 0 else { return [] }
        return try [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            try copyValues(into: buffer)
            initialized = count
        }
    }

    /// Writes the values in row-major order into the first `count` slots of `buffer`:
    /// `toArray()` without allocating. Throws when `buffer` holds fewer than `count` elements.
    public func copyValues(into buffer: UnsafeMutableBufferPointer<Double>) throws {
        guard buffer.count >= count else {
            throw AutogradError(.invalidArgument, "copyValues(into:) needs room for \(count) elements, got \(buffer.count)")
        }
        guard let target = buffer.baseAddress else { return }
        if isContiguous {
            switch storage.kind {
            case .float32:
                let source = storage.pointer(Float.self) + offset
                for i in 0..<count { target[i] = Double(source[i]) }
            case .float64:
                target.update(from: storage.pointer(Double.self) + offset, count: count)
            case .int64:
                let source = storage.integers + offset
                for i in 0..<count { target[i] = Double(source[i]) }
            }
            return
        }
        var i = 0
        forEachStorageIndex {
            target[i] = element(at: $0)
            i += 1
        }
    }

    /// The values as `Float`s in row-major order.
    public func toFloatArray() throws -> [Float] { try toArray().map(Float.init) }

    /// The values of an integer or boolean tensor as exact integers, in row-major order
    /// (`tolist()` of an int64 tensor: every value over the whole int64 range, which
    /// `toArray()`'s doubles cannot hold above 2^53). Throws for a floating tensor.
    public func toIntArray() throws -> [Int] {
        guard !dtype.isFloatingPoint else {
            throw AutogradError(.dtypeMismatch, "toIntArray() needs an integer or boolean tensor, got \(dtype); use toArray()")
        }
        try Storage.requireAllocatable(count: count, elementSize: MemoryLayout<Int>.stride)
        var values: [Int] = []
        values.reserveCapacity(count)
        forEachStorageIndex { values.append(Int(integerElement(at: $0))) }
        return values
    }

    /// The single value of a one-element integer or boolean tensor, exactly (`item()` of an
    /// int64 tensor, which PyTorch returns as a Python int).
    public func intItem() throws -> Int {
        guard count == 1 else {
            throw AutogradError(.invalidArgument, "a Tensor with \(count) elements cannot be converted to Scalar")
        }
        return try toIntArray()[0]
    }

    /// Shares this tensor's memory as a mutable array (`numpy()`).
    ///
    /// Throws PyTorch's error when the tensor requires grad: detach first.
    public func numpy() throws -> SharedValues {
        if requiresGrad {
            throw AutogradError(
                .exportRequiresGrad,
                "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
        }
        return try SharedValues(tensor: self)
    }

    /// A copy with exactly this tensor's layout (shape, strides, offset, over a copy of its
    /// whole storage), cut from the graph: what a gradcheck worker differentiates, so that
    /// every worker sees the caller's non-contiguous or offset layout.
    package func layoutPreservingCopy() throws -> Tensor {
        let copy = try Storage.make(count: storage.count, kind: storage.kind, zeroed: false)
        copy.raw.copyMemory(from: storage.raw, byteCount: Swift.max(1, storage.count) * storage.elementSize)
        return Tensor(storage: copy, shape: shape, strides: strides, offset: offset, dtype: dtype)
    }

    /// A window onto this tensor's memory without `numpy()`'s requires-grad check, for
    /// GradCheck's perturbations inside this package.
    package var memoryWindow: SharedValues { get throws { try SharedValues(tensor: self) } }

    /// Calls `body` with the values of a contiguous float64 tensor where they are (no
    /// copy), and returns its result; nil, without calling it, for any other layout or
    /// dtype. GradCheck reads large outputs and inputs this way, many times per check.
    package func withContiguousFloat64Values<Result>(_ body: (UnsafeBufferPointer<Double>) throws -> Result) rethrows -> Result? {
        guard isContiguous, storage.kind == .float64 else { return nil }
        return try body(UnsafeBufferPointer(start: storage.pointer(Double.self) + offset, count: count))
    }

    /// Reads the element at storage index `index` as a `Double` (an int64 above 2^53 rounds).
    @inline(__always)
    func element(at index: Int) -> Double {
        switch storage.kind {
        case .float32: return Double(storage.pointer(Float.self)[index])
        case .float64: return storage.pointer(Double.self)[index]
        case .int64: return Double(storage.integers[index])
        }
    }

    /// Writes the element at storage index `index`, rounding to the dtype (to int64 as
    /// PyTorch's cast does: toward zero, and int64's minimum for what does not fit).
    @inline(__always)
    func setElement(at index: Int, _ value: Double) {
        switch storage.kind {
        case .float32: storage.pointer(Float.self)[index] = Float(value)
        case .float64: storage.pointer(Double.self)[index] = dtype.canonical(value)
        case .int64: storage.integers[index] = DType.int64Value(value)
        }
    }

    /// Reads the element at storage index `index` of an integer or boolean tensor exactly
    /// (a floating element is cast as PyTorch casts to int64).
    @inline(__always)
    func integerElement(at index: Int) -> Int64 {
        storage.kind == .int64 ? storage.integers[index] : DType.int64Value(element(at: index))
    }

    /// Writes an exact integer at storage index `index` (rounded for a floating tensor, 0/1 for bool).
    @inline(__always)
    func setIntegerElement(at index: Int, _ value: Int64) {
        if storage.kind == .int64 { storage.integers[index] = value } else { setElement(at: index, Double(value)) }
    }

    /// Calls `body` with the storage index of every element, in row-major order.
    func forEachStorageIndex(_ body: (Int) -> Void) {
        if count == 0 { return }
        if rank == 0 {
            body(offset)
            return
        }
        var index = [Int](repeating: 0, count: rank)
        let last = rank - 1
        var base = offset
        while true {
            let innerStride = strides[last]
            for i in 0..<shape[last] { body(base + i * innerStride) }
            var axis = last - 1
            while axis >= 0 {
                index[axis] += 1
                base += strides[axis]
                if index[axis] < shape[axis] { break }
                base -= strides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }
}

extension DType {
    /// `value` cast to int64 as PyTorch casts on x86: toward zero, and int64's minimum for
    /// NaN, the infinities and values outside int64's range (never a trap).
    static func int64Value(_ value: Double) -> Int64 {
        let truncated = value.rounded(.towardZero)
        return truncated >= -9.223372036854775808e18 && truncated < 9.223372036854775808e18 ? Int64(truncated) : Int64.min
    }

    /// Rounds a value to what this dtype can hold (integers truncate, booleans become 0/1).
    func canonical(_ value: Double) -> Double {
        switch self {
        case .float32: return Double(Float(value))
        case .float64: return value
        // NaN, the infinities and values outside int64's range become int64's minimum,
        // as PyTorch's float-to-int64 cast gives on x86 (so nothing converts them with a trap).
        case .int64:
            let truncated = value.rounded(.towardZero)
            return truncated >= -9.223372036854775808e18 && truncated < 9.223372036854775808e18
                ? truncated : -9.223372036854775808e18
        case .bool: return value != 0 ? 1 : 0
        }
    }
}

/// A mutable window onto a tensor's memory, returned by `numpy()`.
///
/// Writes change the tensor (and any tensor sharing its storage), as NumPy
/// arrays from `detach().numpy()` do in PyTorch.
public struct SharedValues: @unchecked Sendable {
    let tensor: Tensor
    /// The storage index of each element, in row-major order (computed once); nil for a
    /// contiguous tensor, whose element `p` is at storage index `offset + p`.
    private let indices: [Int]?

    /// Throws PyTorch's allocation error when the tensor stands for more elements than
    /// memory can index (an expanded view), instead of aborting in `Array`.
    init(tensor: Tensor) throws {
        // An alias of the memory as it is now: if the tensor later gets new data
        // (`w.data = ...`), this window keeps the old memory, as a NumPy array does.
        self.tensor = tensor.detach()
        if tensor.isContiguous {
            indices = nil
            return
        }
        try Storage.requireAllocatable(count: tensor.count, elementSize: MemoryLayout<Int>.stride)
        var indices: [Int] = []
        indices.reserveCapacity(tensor.count)
        tensor.forEachStorageIndex { indices.append($0) }
        self.indices = indices
    }

    /// The number of elements.
    public var count: Int { tensor.count }

    /// The storage index of row-major position `position`.
    @inline(__always)
    private func storageIndex(_ position: Int) -> Int { indices?[position] ?? tensor.offset + position }

    /// The element at row-major position `position`; throws NumPy's error when it is out of range.
    public subscript(position: Int) -> Double {
        get throws { tensor.element(at: storageIndex(try checked(position))) }
    }

    /// Writes the element at row-major position `position` (NumPy's `a[i] = v`); throws
    /// NumPy's error when it is out of range.
    public func set(_ value: Double, at position: Int) throws {
        tensor.setElement(at: storageIndex(try checked(position)), value)
    }

    /// Reads or writes position `position`, which the caller knows to be in range
    /// (GradCheck's perturbation loops, inside this package).
    package subscript(unchecked position: Int) -> Double {
        get { tensor.element(at: storageIndex(position)) }
        nonmutating set { tensor.setElement(at: storageIndex(position), newValue) }
    }

    /// `position` (negative counts from the end) as a row-major position, or NumPy's IndexError text.
    private func checked(_ position: Int) throws -> Int {
        let count = self.count
        let wrapped = position < 0 ? position + count : position
        guard wrapped >= 0 && wrapped < count else {
            throw AutogradError(.indexOutOfRange, "index \(position) is out of bounds for axis 0 with size \(count)")
        }
        return wrapped
    }

    /// The values in row-major order.
    public var values: [Double] { get throws { try tensor.toArray() } }

    /// Writes `newValues` (one per element, in row-major order) in one pass.
    public func assign(_ newValues: [Double]) throws {
        guard newValues.count == count else {
            throw AutogradError(.invalidArgument, "assign needs \(count) values, got \(newValues.count)")
        }
        assign { newValues[$0] }
    }

    /// Writes `base[p] + t·direction[p]` at every row-major position `p`: the point at `t`
    /// along a probe line (GradCheck's fast mode), in one pass without a call per element.
    /// The caller passes arrays of this window's count.
    package func assignPoint(on base: [Double], along direction: [Double], at t: Double) {
        guard indices == nil, tensor.dtype == .float64 else {
            assign { base[$0] + t * direction[$0] }
            return
        }
        let target = tensor.storage.pointer(Double.self) + tensor.offset
        base.withUnsafeBufferPointer { base in
            direction.withUnsafeBufferPointer { direction in
                for position in 0..<Swift.min(count, base.count, direction.count) {
                    target[position] = base[position] + t * direction[position]
                }
            }
        }
    }

    /// Writes `value(position)` at every row-major position in one pass, without an array
    /// of the values (GradCheck's points along a probe line, inside this package).
    package func assign(_ value: (Int) -> Double) {
        let count = self.count
        switch (indices, tensor.dtype) {
        case (nil, .float32):
            let target = tensor.storage.pointer(Float.self) + tensor.offset
            for position in 0..<count { target[position] = Float(value(position)) }
        case (nil, .float64):
            let target = tensor.storage.pointer(Double.self) + tensor.offset
            for position in 0..<count { target[position] = value(position) }
        default:
            for position in 0..<count { tensor.setElement(at: storageIndex(position), value(position)) }
        }
    }
}

extension Tensor {
    /// Whether this tensor and `other` are windows onto the same memory (for GradCheck:
    /// copies of inputs that share memory must share it too).
    package func sharesStorage(with other: Tensor) -> Bool { storage === other.storage }
}
