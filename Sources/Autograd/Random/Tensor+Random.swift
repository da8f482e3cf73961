/// Random tensors and in-place random fills, drawing exactly as PyTorch's CPU
/// kernels draw (same order, same bits, same arithmetic).
extension Tensor {
    /// Uniform values in `[0, 1)` (`torch.rand`).
    public static func rand(
        _ shape: some Collection<Int>, dtype: FloatDType = .float32, generator: Generator? = nil,
        requiresGrad: Bool = false
    ) throws -> Tensor {
        let tensor = try Tensor(zerosOf: DimensionList(shape), dtype: dtype.dtype)
        try tensor.uniform_(from: 0, to: 1, generator: generator)
        tensor.requiresGradFlag = requiresGrad
        return tensor
    }

    /// Standard-normal values (`torch.randn`).
    public static func randn(
        _ shape: some Collection<Int>, dtype: FloatDType = .float32, generator: Generator? = nil,
        requiresGrad: Bool = false
    ) throws -> Tensor {
        let tensor = try Tensor(zerosOf: DimensionList(shape), dtype: dtype.dtype)
        try tensor.normal_(mean: 0, std: 1, generator: generator)
        tensor.requiresGradFlag = requiresGrad
        return tensor
    }

    /// Uniform values in `[0, 1)` of the given sizes: `Tensor.rand(4, 3)` (`torch.rand(4, 3)`).
    public static func rand(
        _ sizes: Int..., dtype: FloatDType = .float32, generator: Generator? = nil,
        requiresGrad: Bool = false
    ) throws -> Tensor {
        try rand(sizes, dtype: dtype, generator: generator, requiresGrad: requiresGrad)
    }

    /// Standard-normal values of the given sizes: `Tensor.randn(4, 3)` (`torch.randn(4, 3)`).
    public static func randn(
        _ sizes: Int..., dtype: FloatDType = .float32, generator: Generator? = nil,
        requiresGrad: Bool = false
    ) throws -> Tensor {
        try randn(sizes, dtype: dtype, generator: generator, requiresGrad: requiresGrad)
    }

    /// Standard-normal values shaped like `other`, in its dtype (`torch.randn_like`);
    /// throws for an integer tensor, as PyTorch does.
    public static func randnLike(_ other: Tensor, generator: Generator? = nil, requiresGrad: Bool = false) throws -> Tensor {
        try randn(
            other.shape, dtype: try floatDType(of: other, op: "normal_kernel_cpu"), generator: generator,
            requiresGrad: requiresGrad)
    }

    /// Uniform values in `[0, 1)` shaped like `other`, in its dtype (`torch.rand_like`);
    /// throws for an integer tensor, as PyTorch does.
    public static func randLike(_ other: Tensor, generator: Generator? = nil, requiresGrad: Bool = false) throws -> Tensor {
        try rand(
            other.shape, dtype: try floatDType(of: other, op: "check_uniform_bounds"), generator: generator,
            requiresGrad: requiresGrad)
    }

    /// `other`'s dtype as a floating dtype; PyTorch's "not implemented for" error otherwise.
    private static func floatDType(of other: Tensor, op: String) throws -> FloatDType {
        switch other.dtype {
        case .float32: return .float32
        case .float64: return .float64
        default: throw other.dtype.notImplemented(op)
        }
    }

    /// Integers uniform in `[low, high)` as int64 (`torch.randint`).
    public static func randint(_ low: Int = 0, _ high: Int, _ shape: some Collection<Int>, generator: Generator? = nil) throws -> Tensor {
        guard high > low else {
            throw AutogradError(.invalidArgument, "random_ expects 'from' to be less than 'to', but got from=\(low) >= to=\(high)")
        }
        try Shape.validate(shape, op: "randint")
        let g = generator ?? defaultGenerator
        // high - low in unsigned arithmetic: the full int64 range does not overflow.
        let range = UInt64(bitPattern: Int64(high) &- Int64(low))
        let tensor = try Tensor(uninitialized: DimensionList(shape), dtype: .int64)
        for i in 0..<tensor.count {
            let bits = range >= 1 << 28 ? g.random64() : UInt64(g.random())
            tensor.storage.integers[i] = Int64(bitPattern: bits % range) &+ Int64(low)
        }
        return tensor
    }

    /// A random permutation of `0..<n` as int64 (`torch.randperm`).
    public static func randperm(_ n: Int, generator: Generator? = nil) throws -> Tensor {
        guard n >= 0 else { throw AutogradError(.invalidArgument, "n must be non-negative, got\(n)") }
        let g = generator ?? defaultGenerator
        let tensor = try Tensor(uninitialized: [n], dtype: .int64)
        let values = tensor.storage.integers
        for i in 0..<n { values[i] = Int64(i) }
        if n > 1 {
            for i in 0..<(n - 1) {
                let z = Int(UInt64(g.random()) % UInt64(n - i))
                (values[i], values[z + i]) = (values[z + i], values[i])
            }
        }
        return tensor
    }

    /// Samples 0 or 1 with the probability in each element of `probabilities` (`torch.bernoulli`).
    public static func bernoulli(_ probabilities: Tensor, generator: Generator? = nil) throws -> Tensor {
        guard probabilities.dtype.isFloatingPoint else {
            throw AutogradError(.dtypeMismatch, "bernoulli expects a floating-point tensor of probabilities, got \(probabilities.dtype)")
        }
        let g = generator ?? defaultGenerator
        let p = try probabilities.toArray()
        if let bad = p.first(where: { !($0 >= 0 && $0 <= 1) }) {
            throw AutogradError(.invalidArgument, "Expected p_in >= 0 && p_in <= 1 to be true, but got \(bad)")
        }
        let values = p.map { probability -> Double in
            probabilities.dtype == .float64
                ? (g.uniformDouble() < probability ? 1 : 0)
                : (g.uniformFloat() < Float(probability) ? 1 : 0)
        }
        return try make(shape: probabilities.shape, values: values, dtype: probabilities.dtype)
    }

    // MARK: In-place fills

    /// Fills with uniform values in `[from, to)` (`uniform_`).
    @discardableResult
    public func uniform_(from: Double = 0, to: Double = 1, generator: Generator? = nil) throws -> Tensor {
        try requireRandomFill("uniform_")
        guard from <= to else {
            throw AutogradError(
                .invalidArgument, "uniform_ expects to return a [from, to) range, but found from=\(NumberFormat.cpp(from)) > to=\(NumberFormat.cpp(to))")
        }
        let limit = dtype == .float32 ? Double(Float.greatestFiniteMagnitude) : Double.greatestFiniteMagnitude
        guard to - from <= limit else {
            let name = dtype == .float32 ? "float" : "double"
            throw AutogradError(
                .invalidArgument,
                "uniform_ expects to-from <= std::numeric_limits<\(name)>::max(), but found to=\(NumberFormat.cpp(to)) and from=\(NumberFormat.cpp(from)) which result in to-from to exceed the limit"
            )
        }
        let g = generator ?? defaultGenerator
        if dtype == .float32 {
            let (lower, upper) = (Float(from), Float(to))
            forEachStorageIndex { index in
                let value = g.uniformFloat(from: lower, to: upper)
                setElement(at: index, Double(value == upper ? lower : value))
            }
        } else {
            forEachStorageIndex { index in
                let value = g.uniformDouble(from: from, to: to)
                setElement(at: index, value == to ? from : value)
            }
        }
        storage.version += 1
        return self
    }

    /// Fills with normal values of `mean` and `std` (`normal_`): PyTorch's
    /// vectorised Box-Muller for 16 or more contiguous elements, its scalar path otherwise.
    @discardableResult
    public func normal_(mean: Double = 0, std: Double = 1, generator: Generator? = nil) throws -> Tensor {
        try requireRandomFill("normal_")
        guard std >= 0 else { throw AutogradError(.invalidArgument, "normal expects std >= 0.0, but found std \(std)") }
        let g = generator ?? defaultGenerator
        if count >= 16 && isContiguous {
            if dtype == .float32 {
                fillNormal16(Float.self, uniform: { g.uniformFloat() }) { block in
                    Tensor.boxMullerFloat(block, mean: Float(mean), std: Float(std))
                }
            } else {
                fillNormal16(Double.self, uniform: { g.uniformDouble() }) { block in
                    Tensor.boxMullerDouble(block, mean: mean, std: std)
                }
            }
        } else {
            forEachStorageIndex { setElement(at: $0, g.normalDouble(mean: mean, std: std)) }
        }
        storage.version += 1
        return self
    }

    /// Fills with 0 or 1, 1 with probability `p` (`bernoulli_`).
    ///
    /// Each element compares one uniform draw with `p`, in order; PyTorch's CPU wheel
    /// gives the same mask for the same seed (`Dropout`'s masks are checked against it).
    @discardableResult
    public func bernoulli_(_ p: Double, generator: Generator? = nil) throws -> Tensor {
        try requireRandomFill("bernoulli_")
        guard p >= 0 && p <= 1 else {
            throw AutogradError(.invalidArgument, "bernoulli_ expects p to be in [0, 1], but got p=\(p)")
        }
        let g = generator ?? defaultGenerator
        forEachStorageIndex { setElement(at: $0, g.uniformDouble() < p ? 1 : 0) }
        storage.version += 1
        return self
    }

    private func requireRandomFill(_ op: String) throws {
        guard dtype.isFloatingPoint else {
            throw AutogradError(.dtypeMismatch, "\(op) is implemented for float32 and float64 tensors, got \(dtype)")
        }
        try checkInPlaceAllowed()
    }

    /// PyTorch's `normal_fill`: uniforms for every element, Box-Muller on blocks of 16
    /// (8 pairs: element j with j + 8), and the last 16 redrawn when the count is not a multiple of 16.
    private func fillNormal16<T: TensorScalar>(_: T.Type, uniform: () -> T, transform: (UnsafeMutablePointer<T>) -> Void) {
        let data = storage.pointer(T.self) + offset
        let n = count
        for i in 0..<n { data[i] = uniform() }
        var i = 0
        while i + 16 <= n {
            transform(data + i)
            i += 16
        }
        if n % 16 != 0 {
            let tail = data + n - 16
            for k in 0..<16 { tail[k] = uniform() }
            transform(tail)
        }
    }

    /// Box-Muller on 16 floats as PyTorch's AVX2 kernel computes it (Cephes log and sincos,
    /// angle `Float(2π) · u2` in single precision, fused multiply-add for `mean + std · n`).
    static func boxMullerFloat(_ block: UnsafeMutablePointer<Float>, mean: Float, std: Float) {
        let twoPi = Float(2.0 * Double.pi)
        for j in 0..<8 {
            let u1 = 1 - block[j]
            let u2 = block[j + 8]
            let radius = (-2 * CephesFloat.log(u1)).squareRoot()
            let (sine, cosine) = CephesFloat.sincos(twoPi * u2)
            block[j] = mean.addingProduct(radius * cosine, std)
            block[j + 8] = mean.addingProduct(radius * sine, std)
        }
    }

    /// Box-Muller on 16 doubles as PyTorch's scalar kernel computes it (libm log, cos, sin).
    static func boxMullerDouble(_ block: UnsafeMutablePointer<Double>, mean: Double, std: Double) {
        for j in 0..<8 {
            let u1 = 1 - block[j]
            let u2 = block[j + 8]
            let radius = (-2 * Double.log(u1)).squareRoot()
            let theta = 2.0 * Double.pi * u2
            block[j] = mean.addingProduct(radius * Double.cos(theta), std)
            block[j + 8] = mean.addingProduct(radius * Double.sin(theta), std)
        }
    }
}
