/// The floating dtypes, for creation functions that can make a tensor require grad.
public enum FloatDType: Sendable {
    /// 32-bit float (the default).
    case float32
    /// 64-bit float.
    case float64

    /// The corresponding `DType`.
    public var dtype: DType { self == .float32 ? .float32 : .float64 }
}

extension Tensor {
    /// Creates a contiguous tensor of `shape` from row-major `values`.
    static func make(shape: some Collection<Int>, values: [Double], dtype: DType) throws -> Tensor {
        let tensor = try Tensor(zerosOf: DimensionList(shape), dtype: dtype)
        for (i, v) in values.enumerated() { tensor.setElement(at: i, v) }
        return tensor
    }

    /// Creates a contiguous int64 tensor of `shape` from row-major integers, exactly.
    static func make(shape: [Int], integers: [Int]) throws -> Tensor {
        let tensor = try Tensor(zerosOf: DimensionList(shape), dtype: .int64)
        let p = tensor.storage.integers
        for (i, v) in integers.enumerated() { p[i] = Int64(v) }
        return tensor
    }

    /// A scalar (0-dimensional) tensor: `torch.tensor(2.0, requires_grad=True)`.
    public convenience init(_ value: Double, dtype: FloatDType = .float32, requiresGrad: Bool = false) {
        self.init(shape: [], copying: [value], dtype: dtype.dtype)
        requiresGradFlag = requiresGrad
    }

    /// A 1-dimensional tensor: `torch.tensor([1.0, 2.0, 3.0])`.
    public convenience init(_ values: [Double], dtype: FloatDType = .float32, requiresGrad: Bool = false) {
        self.init(shape: [values.count], copying: values, dtype: dtype.dtype)
        requiresGradFlag = requiresGrad
    }

    /// A 2-dimensional tensor from nested rows; throws if the rows differ in length.
    public convenience init(_ rows: [[Double]], dtype: FloatDType = .float32, requiresGrad: Bool = false) throws {
        let shape = [rows.count, rows.first?.count ?? 0]
        try Self.checkNested(rows.map(\.count), expected: shape[1], dim: 1)
        self.init(shape: shape, copying: rows.flatMap { $0 }, dtype: dtype.dtype)
        requiresGradFlag = requiresGrad
    }

    /// A 3-dimensional tensor from nested arrays; throws if they are ragged.
    public convenience init(_ blocks: [[[Double]]], dtype: FloatDType = .float32, requiresGrad: Bool = false) throws {
        let rows = blocks.first?.count ?? 0
        let cols = blocks.first?.first?.count ?? 0
        try Self.checkNested(blocks.map(\.count), expected: rows, dim: 1)
        try Self.checkNested(blocks.flatMap { $0.map(\.count) }, expected: cols, dim: 2)
        self.init(shape: [blocks.count, rows, cols], copying: blocks.flatMap { $0.flatMap { $0 } }, dtype: dtype.dtype)
        requiresGradFlag = requiresGrad
    }

    /// A tensor of `shape` from row-major `values`; throws if the count does not match.
    public convenience init(shape: some Collection<Int>, values: [Double], dtype: FloatDType = .float32, requiresGrad: Bool = false) throws {
        let shape = Array(shape)
        try Shape.validate(shape, op: "tensor")
        guard Shape.count(shape) == values.count else {
            throw AutogradError(
                .shapeMismatch,
                "shape '\(Shape.list(shape))' is invalid for input of size \(values.count)")
        }
        self.init(shape: shape, copying: values, dtype: dtype.dtype)
        requiresGradFlag = requiresGrad
    }

    /// An int64 tensor: `torch.tensor([1, 2, 3])`. Every value is kept exactly.
    public convenience init(_ values: [Int]) {
        self.init(shape: [values.count], copyingIntegers: values)
    }

    /// An int64 scalar, kept exactly.
    public convenience init(_ value: Int) {
        self.init(shape: [], copyingIntegers: [value])
    }

    /// An int64 tensor of `shape` from row-major integers; throws if the count does not match.
    public convenience init(shape: some Collection<Int>, integers: [Int]) throws {
        let shape = Array(shape)
        try Shape.validate(shape, op: "tensor")
        guard Shape.count(shape) == integers.count else {
            throw AutogradError(.shapeMismatch, "shape '\(Shape.list(shape))' is invalid for input of size \(integers.count)")
        }
        self.init(shape: shape, copyingIntegers: integers)
    }

    /// A boolean tensor (a mask).
    public convenience init(_ values: [Bool]) {
        self.init(shape: [values.count], copying: values.map { $0 ? 1 : 0 }, dtype: .bool)
    }

    /// A tensor holding a copy of `values`, which the caller already holds in memory.
    ///
    /// Only the literal initialisers use it, and they do not throw: their shape comes from an
    /// array that exists, so the copy can fail only when the process is out of memory, where
    /// Swift's own arrays stop the process too. Shapes a caller states go through `make`, which throws.
    private convenience init(shape: [Int], copyingIntegers integers: [Int]) {
        guard let made = try? Tensor.make(shape: shape, integers: integers) else {
            fatalError("out of memory: cannot copy \(integers.count) values into a new tensor")
        }
        self.init(storage: made.storage, shape: made.shape, strides: made.strides, offset: 0, dtype: .int64)
    }

    private convenience init(shape: [Int], copying values: [Double], dtype: DType) {
        guard let made = try? Tensor.make(shape: shape, values: values, dtype: dtype) else {
            fatalError("out of memory: cannot copy \(values.count) values into a new tensor")
        }
        self.init(storage: made.storage, shape: made.shape, strides: made.strides, offset: 0, dtype: dtype)
    }

    private static func checkNested(_ lengths: [Int], expected: Int, dim: Int) throws {
        if let bad = lengths.first(where: { $0 != expected }) {
            throw AutogradError(.shapeMismatch, "expected sequence of length \(expected) at dim \(dim) (got \(bad))")
        }
    }

    // MARK: - Factories

    /// A tensor of `shape` filled with `value` (`torch.full`).
    public static func full(_ shape: some Collection<Int>, _ value: Double, dtype: DType = .float32, requiresGrad: Bool = false) throws -> Tensor {
        try Shape.validate(shape, op: "full")
        let tensor = try Tensor(zerosOf: DimensionList(shape), dtype: dtype)
        if value != 0 { tensor.fillStorage(value) }
        return try tensor.requiresGrad_(requiresGrad)
    }

    /// Zeros of `shape` (`torch.zeros`).
    public static func zeros(_ shape: some Collection<Int>, dtype: DType = .float32, requiresGrad: Bool = false) throws -> Tensor {
        try Shape.validate(shape, op: "zeros")
        return try Tensor(zerosOf: DimensionList(shape), dtype: dtype).requiresGrad_(requiresGrad)
    }

    /// Zeros of the given sizes: `Tensor.zeros(2, 3)`.
    public static func zeros(_ sizes: Int..., dtype: DType = .float32, requiresGrad: Bool = false) throws -> Tensor {
        try zeros(sizes, dtype: dtype, requiresGrad: requiresGrad)
    }

    /// Ones of `shape` (`torch.ones`).
    public static func ones(_ shape: some Collection<Int>, dtype: DType = .float32, requiresGrad: Bool = false) throws -> Tensor {
        try Shape.validate(shape, op: "ones")
        return try full(shape, 1, dtype: dtype, requiresGrad: requiresGrad)
    }

    /// Ones of the given sizes: `Tensor.ones(2, 2, requiresGrad: true)`.
    public static func ones(_ sizes: Int..., dtype: DType = .float32, requiresGrad: Bool = false) throws -> Tensor {
        try ones(sizes, dtype: dtype, requiresGrad: requiresGrad)
    }

    /// Zeros with the shape and dtype of `other` (`torch.zeros_like`).
    public static func zeros(like other: Tensor) throws -> Tensor { try Tensor(zerosOf: other.shape, dtype: other.dtype) }

    /// A tensor of the given sizes filled with `value`: `Tensor.full(2, 3, value: 7)`
    /// (`torch.full((2, 3), 7.)`).
    public static func full(_ sizes: Int..., value: Double, dtype: DType = .float32, requiresGrad: Bool = false) throws -> Tensor {
        try full(sizes, value, dtype: dtype, requiresGrad: requiresGrad)
    }

    /// Zeros shaped like `other`, in its dtype unless `dtype` says otherwise (`torch.zeros_like`).
    public static func zerosLike(_ other: Tensor, dtype: DType? = nil, requiresGrad: Bool = false) throws -> Tensor {
        try zeros(other.shape, dtype: dtype ?? other.dtype, requiresGrad: requiresGrad)
    }

    /// Ones shaped like `other`, in its dtype unless `dtype` says otherwise (`torch.ones_like`).
    public static func onesLike(_ other: Tensor, dtype: DType? = nil, requiresGrad: Bool = false) throws -> Tensor {
        try ones(other.shape, dtype: dtype ?? other.dtype, requiresGrad: requiresGrad)
    }

    /// `value` everywhere, shaped like `other`, in its dtype unless `dtype` says otherwise
    /// (`torch.full_like`).
    public static func fullLike(_ other: Tensor, _ value: Double, dtype: DType? = nil, requiresGrad: Bool = false) throws -> Tensor {
        try full(other.shape, value, dtype: dtype ?? other.dtype, requiresGrad: requiresGrad)
    }

    /// Ones with the shape and dtype of `other` (`torch.ones_like`).
    public static func ones(like other: Tensor) throws -> Tensor {
        let tensor = try Tensor(zerosOf: other.shape, dtype: other.dtype)
        tensor.fillStorage(1)
        return tensor
    }

    /// Values from `start` up to (not including) `end` in steps of `step` (`torch.arange`).
    /// Integral arguments give int64, as in PyTorch; `dtype` overrides.
    public static func arange(_ start: Double, _ end: Double, step: Double = 1, dtype: DType = .float32) throws -> Tensor {
        if dtype == .bool { throw dtype.notImplemented("arange_cpu") }
        guard step != 0 else { throw AutogradError(.invalidArgument, "step must be nonzero") }
        guard start.isFinite && end.isFinite else {
            throw AutogradError(.invalidArgument, "unsupported range: \(NumberFormat.cpp(start)) -> \(NumberFormat.cpp(end))")
        }
        guard (end - start) / step >= 0 || end == start else {
            throw AutogradError(.invalidArgument, "upper bound and lower bound inconsistent with step sign")
        }
        // The size must be a finite count that fits in 64 bits before it becomes an Int.
        let size = ((end - start) / step).rounded(.up)
        guard size.isFinite, size < 9.223372036854775807e18 else {
            throw AutogradError(.invalidArgument, "invalid size, possible overflow?")
        }
        let tensor = try Tensor(uninitialized: [Swift.max(Int(size), 0)], dtype: dtype)
        for i in 0..<tensor.count { tensor.setElement(at: i, start + Double(i) * step) }
        return tensor
    }

    /// `0, 1, ..., end - 1` as int64 (`torch.arange(end)`).
    public static func arange(_ end: Int) throws -> Tensor {
        try arange(0, Double(end), step: 1, dtype: .int64)
    }

    /// Integers from `start` up to (not including) `end` as int64, as `torch.arange(0, 12)`
    /// gives for integral arguments (`arange(0.0, 12)` or `dtype:` for floats).
    public static func arange(_ start: Int, _ end: Int, step: Int = 1) throws -> Tensor {
        try arange(Double(start), Double(end), step: Double(step), dtype: .int64)
    }

    /// `0, 1, ...` below `end` as float32 (`torch.arange(3.0)`), or `dtype`.
    public static func arange(_ end: Double, dtype: DType = .float32) throws -> Tensor {
        try arange(0, end, step: 1, dtype: dtype)
    }

    /// `steps` evenly spaced values from `start` to `end` inclusive (`torch.linspace`).
    ///
    /// PyTorch fills the first half from `start` and the second half from `end`, with a
    /// fused multiply-add (one rounding), in the dtype's own precision; so does this.
    public static func linspace(_ start: Double, _ end: Double, steps: Int, dtype: FloatDType = .float32) throws -> Tensor {
        guard steps >= 0 else { throw AutogradError(.invalidArgument, "number of steps must be non-negative") }
        let tensor = try Tensor(uninitialized: [steps], dtype: dtype.dtype)
        if steps == 1 {
            tensor.setElement(at: 0, start)
            return tensor
        }
        let half = steps / 2
        if dtype == .float32 {
            let (s, e) = (Float(start), Float(end))
            let step = steps > 1 ? (e - s) / Float(steps - 1) : 0
            for i in 0..<steps {
                tensor.setElement(at: i, Double(i < half ? s.addingProduct(step, Float(i)) : e.addingProduct(-step, Float(steps - i - 1))))
            }
        } else {
            let step = steps > 1 ? (end - start) / Double(steps - 1) : 0
            for i in 0..<steps {
                tensor.setElement(at: i, i < half ? start.addingProduct(step, Double(i)) : end.addingProduct(-step, Double(steps - i - 1)))
            }
        }
        return tensor
    }

    /// The `n`×`m` identity matrix (`torch.eye`).
    public static func eye(_ n: Int, _ m: Int? = nil, dtype: DType = .float32) throws -> Tensor {
        let cols = m ?? n
        try Shape.validate([n, cols], op: "eye")
        let tensor = try Tensor(zerosOf: [n, cols], dtype: dtype)
        for i in 0..<Swift.min(n, cols) { tensor.setElement(at: i * cols + i, 1) }
        return tensor
    }

    /// Writes `value` into every element (no version bump, no checks: internal use).
    func fillStorage(_ value: Double) {
        forEachStorageIndex { setElement(at: $0, value) }
    }

    /// Multiplies every element by `factor` in place (no version bump, no checks: internal use).
    func scaleStorage(by factor: Double) {
        forEachStorageIndex { setElement(at: $0, element(at: $0) * factor) }
    }
}
