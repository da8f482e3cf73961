import CKernels

struct ExpKernel: UnaryKernel { @inline(__always) func callAsFunction<T: TensorScalar>(_ x: T) -> T { T.exp(x) } }
struct LogKernel: UnaryKernel { @inline(__always) func callAsFunction<T: TensorScalar>(_ x: T) -> T { T.log(x) } }
struct SqrtKernel: UnaryKernel { @inline(__always) func callAsFunction<T: TensorScalar>(_ x: T) -> T { x.squareRoot() } }
struct AbsKernel: IntegerUnaryKernel {
    @inline(__always) func callAsFunction<T: TensorScalar>(_ x: T) -> T { Swift.abs(x) }
    /// int64's minimum stays itself, as in PyTorch (two's complement wraps).
    @inline(__always) func integer(_ x: Int64) -> Int64 { x < 0 ? 0 &- x : x }
}
struct SinKernel: UnaryKernel { @inline(__always) func callAsFunction<T: TensorScalar>(_ x: T) -> T { T.sin(x) } }
struct CosKernel: UnaryKernel { @inline(__always) func callAsFunction<T: TensorScalar>(_ x: T) -> T { T.cos(x) } }
/// float64 tanh through GradLab's vectorised C kernel (`TanhKernel.c`), for whole arrays
/// and single elements alike: glibc's `tanh` costs a call per element. float32 keeps glibc's
/// `tanhf`: computed through the kernel (float64, rounded once), the series' "tanh against
/// ReLU on sin(x)" lab drifted 1.07e-6 from PyTorch's transcript over its training, past
/// the float32 precision every lab is held to.
struct TanhKernel: UnaryKernel {
    @inline(__always) func callAsFunction<T: TensorScalar>(_ x: T) -> T {
        if T.self == Double.self { return unsafeBitCast(gradlab_tanh_f64_one(unsafeBitCast(x, to: Double.self)), to: T.self) }
        return T.tanh(x)
    }

    @inline(__always)
    func apply<T: TensorScalar>(_ source: UnsafePointer<T>, into destination: UnsafeMutablePointer<T>, count: Int) {
        if T.self == Double.self {
            gradlab_tanh_f64(
                UnsafeRawPointer(source).assumingMemoryBound(to: Double.self),
                UnsafeMutableRawPointer(destination).assumingMemoryBound(to: Double.self), count)
        } else {
            applyEach(source, into: destination, count: count)
        }
    }
}

struct SigmoidKernel: UnaryKernel {
    @inline(__always) func callAsFunction<T: TensorScalar>(_ x: T) -> T { 1 / (1 + T.exp(-x)) }
}
struct ReluKernel: IntegerUnaryKernel {
    @inline(__always) func callAsFunction<T: TensorScalar>(_ x: T) -> T { x.isNaN ? x : (x > 0 ? x : 0) }
    @inline(__always) func integer(_ x: Int64) -> Int64 { x > 0 ? x : 0 }
}
/// ReLU's backward in one pass over (gradient, output): the gradient where the output is
/// not at most 0 (NaN outputs included), else 0 (PyTorch's `threshold_backward`).
struct ThresholdBackwardKernel: BinaryKernel {
    @inline(__always) func callAsFunction<T: TensorScalar>(_ gradient: T, _ output: T) -> T { output <= 0 ? 0 : gradient }
}
/// The backward rules below in one pass, for when nothing records (outside createGraph):
/// each computes, per element, exactly the operations of the recorded expression beside
/// its forward, in the same order and precision, so both give the same bits
/// (FusedBackwardTests checks it).
/// `g · cos(x)`.
struct SinBackwardKernel: BinaryKernel {
    @inline(__always) func callAsFunction<T: TensorScalar>(_ g: T, _ x: T) -> T { g * CosKernel()(x) }
}
/// `g · -sin(x)`.
struct CosBackwardKernel: BinaryKernel {
    @inline(__always) func callAsFunction<T: TensorScalar>(_ g: T, _ x: T) -> T { g * -SinKernel()(x) }
}
/// `g · (1 - y·y)` for `y = tanh(x)`.
struct TanhBackwardKernel: BinaryKernel {
    @inline(__always) func callAsFunction<T: TensorScalar>(_ g: T, _ y: T) -> T { g * (1 - y * y) }
}
/// `g · (y · (1 - y))` for `y = sigmoid(x)`.
struct SigmoidBackwardKernel: BinaryKernel {
    @inline(__always) func callAsFunction<T: TensorScalar>(_ g: T, _ y: T) -> T { g * (y * (1 - y)) }
}

/// -1, 0 or 1; 0 for NaN, as PyTorch's `(0 < x) - (x < 0)`.
struct SignKernel: IntegerUnaryKernel {
    @inline(__always) func callAsFunction<T: TensorScalar>(_ x: T) -> T { x > 0 ? 1 : (x < 0 ? -1 : 0) }
    @inline(__always) func integer(_ x: Int64) -> Int64 { x.signum() }
}
struct ClampKernel: IntegerUnaryKernel {
    let lower: Double?
    let upper: Double?
    /// The int64 form, for integral bounds (an int64 result needs them).
    @inline(__always) func integer(_ x: Int64) -> Int64 {
        var y = x
        if let lower, y < DType.int64Value(lower) { y = DType.int64Value(lower) }
        if let upper, y > DType.int64Value(upper) { y = DType.int64Value(upper) }
        return y
    }
    @inline(__always) func callAsFunction<T: TensorScalar>(_ x: T) -> T {
        if x.isNaN { return x }
        // A NaN bound makes every result NaN, as in PyTorch.
        if let lower, lower.isNaN { return T(lower) }
        if let upper, upper.isNaN { return T(upper) }
        var y = x
        if let lower, y < T(lower) { y = T(lower) }
        if let upper, y > T(upper) { y = T(upper) }
        return y
    }
}

extension Tensor {
    /// `e^x` elementwise.
    ///
    /// Derivative: ∂eˣ/∂x = eˣ.
    public func exp() throws -> Tensor {
        try Tensor.record(.exp, inputs: OpInputs(self), output: try map(ExpKernel(), dtype: dtype.floatingResult), saveOutput: true) { ctx in
            try SmallList(ctx.gradOutput * ctx.output())
        } forward: { f in
            try f.tangent(0).map { try $0 * self.exp() }
        }
    }

    /// Natural logarithm elementwise.
    ///
    /// Derivative: ∂ln x/∂x = 1/x.
    public func log() throws -> Tensor {
        try Tensor.record(.log, inputs: OpInputs(self), output: try map(LogKernel(), dtype: dtype.floatingResult), saving: SmallList(self)) { ctx in
            try SmallList(ctx.gradOutput / ctx.saved(0))
        } forward: { f in
            try f.tangent(0).map { try $0 / self }
        }
    }

    /// Square root elementwise.
    ///
    /// Derivative: ∂√x/∂x = 1/(2√x).
    public func sqrt() throws -> Tensor {
        try Tensor.record(.sqrt, inputs: OpInputs(self), output: try map(SqrtKernel(), dtype: dtype.floatingResult), saveOutput: true) { ctx in
            try SmallList(ctx.gradOutput / (ctx.output() * 2))
        } forward: { f in
            try f.tangent(0).map { try $0 / (self.sqrt() * 2) }
        }
    }

    /// Absolute value elementwise; its gradient at 0 is 0, as PyTorch's.
    ///
    /// Derivative: ∂|x|/∂x = sign(x) (0 at 0).
    public func abs() throws -> Tensor {
        guard dtype != .bool else { throw dtype.notImplemented("abs_cpu") }
        return try Tensor.record(.abs, inputs: OpInputs(self), output: try map(AbsKernel()), saving: SmallList(self)) { ctx in
            try SmallList(ctx.gradOutput * ctx.saved(0).sign())
        } forward: { f in
            try f.tangent(0).map { try $0 * self.sign() }
        }
    }

    /// Sine elementwise.
    ///
    /// Derivative: ∂sin x/∂x = cos x.
    public func sin() throws -> Tensor {
        try Tensor.record(.sin, inputs: OpInputs(self), output: try map(SinKernel(), dtype: dtype.floatingResult), saving: SmallList(self)) { ctx in
            let x = try ctx.saved(0)
            return try SmallList(Tensor.chainRule(ctx.gradOutput, x, SinBackwardKernel()) { try ctx.gradOutput * x.cos() })
        } forward: { f in
            try f.tangent(0).map { try $0 * self.cos() }
        }
    }

    /// Cosine elementwise.
    ///
    /// Derivative: ∂cos x/∂x = -sin x.
    public func cos() throws -> Tensor {
        try Tensor.record(.cos, inputs: OpInputs(self), output: try map(CosKernel(), dtype: dtype.floatingResult), saving: SmallList(self)) { ctx in
            let x = try ctx.saved(0)
            return try SmallList(Tensor.chainRule(ctx.gradOutput, x, CosBackwardKernel()) { try ctx.gradOutput * x.sin().neg() })
        } forward: { f in
            try f.tangent(0).map { try $0 * self.sin().neg() }
        }
    }

    /// Hyperbolic tangent elementwise.
    ///
    /// Derivative: ∂tanh x/∂x = 1 - tanh²x.
    public func tanh() throws -> Tensor {
        try Tensor.record(.tanh, inputs: OpInputs(self), output: try map(TanhKernel(), dtype: dtype.floatingResult), saveOutput: true) { ctx in
            let y = try ctx.output()
            return try SmallList(Tensor.chainRule(ctx.gradOutput, y, TanhBackwardKernel()) { try ctx.gradOutput * (1 - y * y) })
        } forward: { f in
            try f.tangent(0).map { t in
                let y = try self.tanh()
                return try t * (1 - y * y)
            }
        }
    }

    /// Logistic sigmoid `1 / (1 + e^-x)` elementwise.
    ///
    /// Derivative: ∂σ(x)/∂x = σ(x)(1 - σ(x)).
    public func sigmoid() throws -> Tensor {
        try Tensor.record(.sigmoid, inputs: OpInputs(self), output: try map(SigmoidKernel(), dtype: dtype.floatingResult), saveOutput: true) { ctx in
            let y = try ctx.output()
            return try SmallList(Tensor.chainRule(ctx.gradOutput, y, SigmoidBackwardKernel()) { try ctx.gradOutput * (y * (1 - y)) })
        } forward: { f in
            try f.tangent(0).map { t in
                let y = try self.sigmoid()
                return try t * (y * (1 - y))
            }
        }
    }

    /// `max(x, 0)` elementwise; its gradient at 0 is 0, as PyTorch's.
    ///
    /// Derivative: ∂relu(x)/∂x = 1 where x > 0, else 0.
    public func relu() throws -> Tensor {
        guard dtype != .bool else { throw AutogradError(.dtypeMismatch, "Boolean inputs not supported for relu") }
        return try Tensor.record(.relu, inputs: OpInputs(self), output: try map(ReluKernel()), saveOutput: true) { ctx in
            // The gradient passes where the output is not at most 0 (PyTorch's threshold_backward
            // selects, so an infinite gradient where the output is 0 gives 0, not NaN).
            let (output, gradient) = (try ctx.output(), ctx.gradOutput)
            return try SmallList(
                Tensor.chainRule(gradient, output, ThresholdBackwardKernel()) {
                    try Tensor.where(output.le(0).logicalNot(), gradient, Tensor.zeros(like: gradient))
                }
            )
        } forward: { f in
            // The tangent passes where the input is not at most 0 (PyTorch's threshold_backward of it).
            try f.tangent(0).map { t in try Tensor.where(self.le(0).logicalNot(), t, Tensor.zeros(like: t)) }
        }
    }

    /// Limits every element to `[min, max]` (either bound may be omitted).
    /// The gradient passes strictly inside, where `min < x < max`: at a bound it is 0, as in
    /// PyTorch 2.15 (Fixtures/differential/edges.json records it).
    ///
    /// An int64 tensor with integral bounds stays int64; a fractional or non-finite bound
    /// lifts it to float32, as PyTorch's type promotion does (`integral: false` asks for
    /// that promotion whatever the bounds' values, as Python's `2.0` does).
    ///
    /// Derivative: ∂clamp(x)/∂x = 1 where lower ≤ x ≤ upper, else 0.
    public func clamp(min lower: Double? = nil, max upper: Double? = nil, integral: Bool = true) throws -> Tensor {
        guard lower != nil || upper != nil else {
            throw AutogradError(.invalidArgument, "torch.clamp: At least one of 'min' or 'max' must not be None")
        }
        let boundsAreIntegers =
            integral
            && [lower, upper].allSatisfy { bound in
                bound.map { $0.isFinite && $0 == $0.rounded() && Swift.abs($0) < 9.223372036854775807e18 } ?? true
            }
        let outDType = dtype == .int64 && boundsAreIntegers ? DType.int64 : dtype.floatingResult
        let out = try map(ClampKernel(lower: lower, upper: upper), dtype: outDType)
        /// Where the derivative is 1: strictly inside the bounds.
        func inside(_ x: Tensor) throws -> Tensor {
            var inside = try Tensor.ones(like: x).to(.bool)
            if let lower { inside = try inside.logicalAnd(x.gt(lower)) }
            if let upper { inside = try inside.logicalAnd(x.lt(upper)) }
            return inside
        }
        return try Tensor.record(.clamp, inputs: OpInputs(self), output: out, saving: SmallList(self)) { ctx in
            // Selected, not multiplied: an infinite or NaN gradient outside stays 0, as PyTorch's where.
            [try Tensor.where(inside(ctx.saved(0)), ctx.gradOutput, Tensor.zeros(like: ctx.gradOutput))]
        } forward: { f in
            try f.tangent(0).map { t in try Tensor.where(inside(self), t, Tensor.zeros(like: t)) }
        }
    }

    /// The sign of each element (-1, 0 or 1; 0 for NaN). Its gradient is zero everywhere
    /// (`SignBackward0`, as PyTorch records it).
    ///
    /// Derivative: ∂sign(x)/∂x = 0.
    public func sign() throws -> Tensor {
        if dtype == .bool { return try map(CopyKernel()) }
        return try Tensor.record(.sign, inputs: OpInputs(self), output: try map(SignKernel())) { ctx in
            try SmallList(Tensor.zeros(like: ctx.gradOutput))
        } forward: { _ in
            nil
        }
    }

    /// `x * x` (recorded as `PowBackward0`, as PyTorch's `square`).
    ///
    /// Derivative: ∂x²/∂x = 2x.
    public func square() throws -> Tensor { try pow(2) }
}
