/// `a ** b`: power, binding tighter than `*`, as in Python.
precedencegroup ExponentiationPrecedence {
    associativity: right
    higherThan: MultiplicationPrecedence
}
infix operator ** : ExponentiationPrecedence

struct AddKernel: IntegerBinaryKernel {
    @inline(__always) func callAsFunction<T: TensorScalar>(_ a: T, _ b: T) -> T { a + b }
    @inline(__always) func integer(_ a: Int64, _ b: Int64) -> Int64 { a &+ b }
}
struct SubKernel: IntegerBinaryKernel {
    @inline(__always) func callAsFunction<T: TensorScalar>(_ a: T, _ b: T) -> T { a - b }
    @inline(__always) func integer(_ a: Int64, _ b: Int64) -> Int64 { a &- b }
}
struct MulKernel: IntegerBinaryKernel {
    @inline(__always) func callAsFunction<T: TensorScalar>(_ a: T, _ b: T) -> T { a * b }
    @inline(__always) func integer(_ a: Int64, _ b: Int64) -> Int64 { a &* b }
}
struct DivKernel: BinaryKernel { @inline(__always) func callAsFunction<T: TensorScalar>(_ a: T, _ b: T) -> T { a / b } }
struct PowKernel: IntegerBinaryKernel {
    @inline(__always) func callAsFunction<T: TensorScalar>(_ a: T, _ b: T) -> T { T.ieeePow(a, b) }
    /// Integer powers by squaring, wrapping; a negative exponent gives 0 except for bases
    /// 1 and -1 (PyTorch's integer pow kernel).
    func integer(_ a: Int64, _ b: Int64) -> Int64 { integerPower(a, b) }
}
struct NegKernel: IntegerUnaryKernel {
    @inline(__always) func callAsFunction<T: TensorScalar>(_ x: T) -> T { -x }
    @inline(__always) func integer(_ x: Int64) -> Int64 { 0 &- x }
}

/// `base ** exponent` in int64, by squaring, wrapping on overflow as PyTorch's integer
/// kernel does; a negative exponent gives 1 for base 1, ±1 for base -1, and 0 otherwise.
func integerPower(_ base: Int64, _ exponent: Int64) -> Int64 {
    if exponent < 0 {
        if base == 1 { return 1 }
        if base == -1 { return exponent & 1 == 0 ? 1 : -1 }
        return 0
    }
    var (result, square, remaining): (Int64, Int64, Int64) = (1, base, exponent)
    while remaining > 0 {
        if remaining & 1 == 1 { result = result &* square }
        square = square &* square
        remaining >>= 1
    }
    return result
}
struct ReciprocalKernel: UnaryKernel { @inline(__always) func callAsFunction<T: TensorScalar>(_ x: T) -> T { 1 / x } }

/// The gradient of `x ** p` for an incoming gradient `g`: `g · (x^(p-1) · p)`, rounded after
/// each step in the tensor's precision, as PyTorch's `pow_backward` computes it.
struct PowBackwardKernel: BinaryKernel {
    let exponent: Double
    @inline(__always) func callAsFunction<T: TensorScalar>(_ gradient: T, _ x: T) -> T {
        gradient * (ScalarKernel.power(x, exponent - 1) * T(exponent))
    }
}

/// `x op s` for a scalar `s`, computed in the tensor's precision as PyTorch does.
struct ScalarKernel: IntegerUnaryKernel {
    enum Operation { case add, sub, rsub, mul, div, pow, rpow }
    let operation: Operation
    let scalar: Double

    /// The int64 form, for an integral scalar (an int64 result needs one): exact, wrapping.
    func integer(_ x: Int64) -> Int64 {
        let s = DType.int64Value(scalar)
        switch operation {
        case .add: return x &+ s
        case .sub: return x &- s
        case .rsub: return s &- x
        case .mul: return x &* s
        case .div: return s == 0 ? 0 : (x == .min && s == -1 ? .min : x / s)
        case .pow: return integerPower(x, s)
        case .rpow: return integerPower(s, x)
        }
    }
    @inline(__always) func callAsFunction<T: TensorScalar>(_ x: T) -> T {
        let s = T(scalar)
        switch operation {
        case .add: return x + s
        case .sub: return x - s
        case .rsub: return s - x
        case .mul: return x * s
        case .div: return x / s
        case .pow: return ScalarKernel.power(x, scalar)
        case .rpow: return T.ieeePow(s, x)
        }
    }

    /// `x ** p` with PyTorch's exact special cases (squares multiply, halves take sqrt).
    @inline(__always)
    static func power<T: TensorScalar>(_ x: T, _ p: Double) -> T {
        switch p {
        case 0: return 1
        case 1: return x
        case 2: return x * x
        case 3: return x * x * x
        case 0.5: return x.squareRoot()
        case -0.5: return 1 / x.squareRoot()
        case -1: return 1 / x
        case -2: return 1 / (x * x)
        default: return T.ieeePow(x, T(p))
        }
    }
}

extension Tensor {
    // MARK: Tensor-tensor
    //
    // The rules of broadcasting ops return gradients of the broadcast shape: the engine
    // sums each back to its input's shape (`FunctionNode.apply`), as PyTorch's engine does
    // in `validate_outputs`, so that no rule has to capture its inputs' shapes.

    /// Elementwise sum with broadcasting (`torch.add`).
    ///
    /// Derivative: ∂(a + b)/∂a = 1, ∂/∂b = 1; each gradient summed back to its input's shape after broadcasting.
    public func add(_ other: Tensor) throws -> Tensor {
        let out = try Tensor.combine(self, other, AddKernel(), dtype: DType.resultType(self, other))
        return try Tensor.record(.add, inputs: OpInputs(self, other), output: out) { ctx in
            [ctx.gradOutput, ctx.gradOutput]
        } forward: { f in
            try f.total(f.tangent(0), f.tangent(1))
        }
    }

    /// Elementwise difference with broadcasting (`torch.sub`).
    ///
    /// Derivative: ∂(a - b)/∂a = 1, ∂/∂b = -1, summed back over broadcast dimensions.
    public func sub(_ other: Tensor) throws -> Tensor {
        if dtype == .bool && other.dtype == .bool {
            throw AutogradError(
                .dtypeMismatch,
                "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.")
        }
        if dtype == .bool || other.dtype == .bool { throw Tensor.boolSubtraction }
        let out = try Tensor.combine(self, other, SubKernel(), dtype: DType.resultType(self, other))
        return try Tensor.record(.sub, inputs: OpInputs(self, other), output: out) { ctx in
            try SmallList(ctx.gradOutput, ctx.needsGradient(1) ? ctx.gradOutput.neg() : nil)
        } forward: { f in
            try f.total(f.tangent(0), f.tangent(1)?.neg())
        }
    }

    /// Elementwise product with broadcasting (`torch.mul`).
    ///
    /// Derivative: ∂(a·b)/∂a = b, ∂/∂b = a, summed back over broadcast dimensions.
    public func mul(_ other: Tensor) throws -> Tensor {
        let out = try Tensor.combine(self, other, MulKernel(), dtype: DType.resultType(self, other))
        return try Tensor.record(.mul, inputs: OpInputs(self, other), output: out, saving: SmallList(self, other)) { ctx in
            let (a, b) = (try ctx.saved(0), try ctx.saved(1))
            return try SmallList(
                ctx.needsGradient(0) ? ctx.gradOutput * b : nil,
                ctx.needsGradient(1) ? ctx.gradOutput * a : nil,
            )
        } forward: { f in
            try f.total(f.tangent(0).map { try $0 * other }, f.tangent(1).map { try self * $0 })
        }
    }

    /// Elementwise true division with broadcasting (`torch.div`).
    ///
    /// Derivative: ∂(a/b)/∂a = 1/b, ∂/∂b = -a/b², summed back over broadcast dimensions.
    public func div(_ other: Tensor) throws -> Tensor {
        let out = try Tensor.combine(self, other, DivKernel(), dtype: DType.resultType(self, other).floatingResult)
        return try Tensor.record(.div, inputs: OpInputs(self, other), output: out, saving: SmallList(self, other)) { ctx in
            let (a, b) = (try ctx.saved(0), try ctx.saved(1))
            return try SmallList(
                ctx.needsGradient(0) ? ctx.gradOutput / b : nil,
                ctx.needsGradient(1) ? ctx.gradOutput.neg() * a / (b * b) : nil,
            )
        } forward: { f in
            try f.total(f.tangent(0).map { try $0 / other }, f.tangent(1).map { try $0.neg() * self / (other * other) })
        }
    }

    /// `self ** exponent` elementwise with broadcasting (`torch.pow` with a tensor exponent).
    ///
    /// Derivative: ∂(aᵇ)/∂a = b·aᵇ⁻¹, ∂/∂b = aᵇ·ln a (0 where a = 0 and b ≥ 0, as PyTorch's).
    public func pow(_ exponent: Tensor) throws -> Tensor {
        let common = DType.resultType(self, exponent)
        if common == .bool {
            _ = try Shape.broadcast(shape, exponent.shape)  // PyTorch names a shape mismatch first
            throw common.notImplemented("pow")
        }
        // Integer powers stay integers (exact, wrapping on overflow).
        let out = try Tensor.combine(self, exponent, PowKernel(), dtype: common)
        return try Tensor.record(
            .powTensor, inputs: OpInputs(self, exponent), output: out,
            saving: SmallList(self, exponent), saveOutput: true
        ) { ctx in
            let (x, p) = (try ctx.saved(0), try ctx.saved(1))
            var grads: SmallList<Tensor?> = [nil, nil]
            if ctx.needsGradient(0) {
                // Zero where the exponent is 0, whatever the base (PyTorch's pow_backward_self).
                let g = try ctx.gradOutput * p * x.pow(try p - 1)
                grads[0] = try Tensor.where(p.eq(0), Tensor.zeros(like: g), g)
            }
            if ctx.needsGradient(1) {
                // d/dp x^p = x^p log x, taken as 0 where x == 0 and p >= 0 (PyTorch's convention).
                let zeroBase = try x.eq(0).logicalAnd(p.ge(0))
                let dp = try Tensor.where(zeroBase, Tensor.zeros(like: x), try ctx.output() * x.log())
                grads[1] = try ctx.gradOutput * dp
            }
            return grads
        } forward: { f in
            // The same two terms, each times its input's tangent.
            let base = try f.tangent(0).map { t in
                let g = try t * exponent * self.pow(try exponent - 1)
                return try Tensor.where(exponent.eq(0), Tensor.zeros(like: g), g)
            }
            let power = try f.tangent(1).map { t in
                let zeroBase = try self.eq(0).logicalAnd(exponent.ge(0))
                let dp = try self.pow(exponent) * self.log()
                return try Tensor.where(zeroBase, Tensor.zeros(like: dp), dp) * t
            }
            return try f.total(base, power)
        }
    }

    // MARK: Tensor-scalar

    /// PyTorch's error for subtracting with a bool tensor on one side.
    static let boolSubtraction = AutogradError(
        .dtypeMismatch,
        "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead."
    )

    func scalarOp(_ operation: ScalarKernel.Operation, _ scalar: Double, integral: Bool) throws -> Tensor {
        if dtype == .bool && (operation == .sub || operation == .rsub) { throw Tensor.boolSubtraction }
        var outDType = DType.promote(dtype, scalarIsIntegral: integral)
        if operation == .div { outDType = outDType.floatingResult }
        return try map(ScalarKernel(operation: operation, scalar: scalar), dtype: outDType)
    }

    /// `self + scalar`.
    ///
    /// Derivative: ∂(x + c)/∂x = 1.
    public func add(_ scalar: Double, integral: Bool = false) throws -> Tensor {
        try Tensor.record(.add, inputs: OpInputs(self), output: try scalarOp(.add, scalar, integral: integral)) {
            [$0.gradOutput]
        } forward: {
            $0.tangent(0)
        }
    }

    /// `self - scalar`.
    ///
    /// Derivative: ∂(x - c)/∂x = 1.
    public func sub(_ scalar: Double, integral: Bool = false) throws -> Tensor {
        try Tensor.record(.sub, inputs: OpInputs(self), output: try scalarOp(.sub, scalar, integral: integral)) {
            [$0.gradOutput]
        } forward: {
            $0.tangent(0)
        }
    }

    /// `scalar - self` (PyTorch's `rsub`).
    ///
    /// Derivative: ∂(c - x)/∂x = -1.
    public func rsub(_ scalar: Double, integral: Bool = false) throws -> Tensor {
        try Tensor.record(.rsub, inputs: OpInputs(self), output: try scalarOp(.rsub, scalar, integral: integral)) {
            try SmallList($0.gradOutput.neg())
        } forward: {
            try $0.tangent(0)?.neg()
        }
    }

    /// `self * scalar`.
    ///
    /// Derivative: ∂(c·x)/∂x = c.
    public func mul(_ scalar: Double, integral: Bool = false) throws -> Tensor {
        try Tensor.record(.mul, inputs: OpInputs(self), output: try scalarOp(.mul, scalar, integral: integral), scalar: scalar) { ctx in
            try SmallList(ctx.gradOutput * ctx.scalar)
        } forward: { f in
            try f.tangent(0).map { try $0 * scalar }
        }
    }

    /// `self / scalar` (true division).
    ///
    /// Derivative: ∂(x/c)/∂x = 1/c.
    public func div(_ scalar: Double) throws -> Tensor {
        try Tensor.record(.div, inputs: OpInputs(self), output: try scalarOp(.div, scalar, integral: false), scalar: scalar) { ctx in
            try SmallList(ctx.gradOutput / ctx.scalar)
        } forward: { f in
            try f.tangent(0).map { try $0 / scalar }
        }
    }

    /// `-self`.
    ///
    /// Derivative: ∂(-x)/∂x = -1.
    public func neg() throws -> Tensor {
        guard dtype != .bool else {
            throw AutogradError(
                .dtypeMismatch,
                "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead."
            )
        }
        return try Tensor.record(.neg, inputs: OpInputs(self), output: try map(NegKernel(), dtype: dtype == .bool ? .int64 : dtype)) {
            try SmallList($0.gradOutput.neg())
        } forward: { f in
            try f.tangent(0)?.neg()
        }
    }

    /// `1 / self`.
    ///
    /// Derivative: ∂(1/x)/∂x = -1/x².
    public func reciprocal() throws -> Tensor {
        try Tensor.record(
            .reciprocal, inputs: OpInputs(self), output: try map(ReciprocalKernel(), dtype: dtype.floatingResult),
            saveOutput: true
        ) { ctx in
            let r = try ctx.output()
            return try SmallList(ctx.gradOutput.neg() * r * r)
        } forward: { f in
            try f.tangent(0).map { t in try t.neg() / (self * self) }
        }
    }

    /// `self ** exponent` for a scalar exponent (`torch.pow(x, 2.0)`).
    ///
    /// Derivative: ∂(xᶜ)/∂x = c·xᶜ⁻¹ (0 for c = 0).
    public func pow(_ exponent: Double) throws -> Tensor {
        let out = try map(ScalarKernel(operation: .pow, scalar: exponent), dtype: dtype.floatingResult)
        return try Tensor.record(.powScalar, inputs: OpInputs(self), output: out, saving: SmallList(self), scalar: exponent) { ctx in
            let p = ctx.scalar  // the exponent, kept in the node
            if p == 0 { return try SmallList(Tensor.zeros(like: ctx.gradOutput)) }
            let x = try ctx.saved(0)
            return try SmallList(
                Tensor.chainRule(ctx.gradOutput, x, PowBackwardKernel(exponent: p)) {
                    try ctx.gradOutput * (x.pow(p - 1) * p)
                }
            )
        } forward: { f in
            guard exponent != 0 else { return nil }
            return try f.tangent(0).map { try $0 * (self.pow(exponent - 1) * exponent) }
        }
    }

    /// `self ** exponent` for an integer exponent (`x ** 2` in Python): an integer tensor
    /// stays an integer tensor, and a negative exponent of one is PyTorch's error.
    ///
    /// Derivative: ∂(xⁿ)/∂x = n·xⁿ⁻¹.
    public func pow(_ exponent: Int) throws -> Tensor {
        guard !dtype.isFloatingPoint else { return try pow(Double(exponent)) }
        guard exponent >= 0 else {
            throw AutogradError(.invalidArgument, "Integers to negative integer powers are not allowed.")
        }
        return try map(ScalarKernel(operation: .pow, scalar: Double(exponent)), dtype: .int64)
    }

    /// `base ** self` for a scalar base.
    ///
    /// Derivative: ∂(cˣ)/∂x = cˣ·ln c.
    public static func pow(_ base: Double, _ exponent: Tensor) throws -> Tensor {
        let out = try exponent.map(ScalarKernel(operation: .rpow, scalar: base), dtype: exponent.dtype.floatingResult)
        return try record(.powScalarBase, inputs: OpInputs(exponent), output: out, saving: SmallList(exponent), saveOutput: true) { ctx in
            let g = try ctx.gradOutput * (try ctx.output() * Double.log(base))
            // For base 0 the gradient is 0 where the exponent is not negative (PyTorch's convention).
            guard base == 0 else { return [g] }
            return try SmallList(Tensor.where(ctx.saved(0).ge(0), Tensor.zeros(like: g), g))
        } forward: { f in
            try f.tangent(0).map { t in
                let d = try t * (Tensor.pow(base, exponent.detach()) * Double.log(base))
                guard base == 0 else { return d }
                return try Tensor.where(exponent.ge(0), Tensor.zeros(like: d), d)
            }
        }
    }
}

// MARK: - Operators

extension Tensor {
    /// Broadcasting sum.
    public static func + (lhs: Tensor, rhs: Tensor) throws -> Tensor { try lhs.add(rhs) }
    /// Broadcasting difference.
    public static func - (lhs: Tensor, rhs: Tensor) throws -> Tensor { try lhs.sub(rhs) }
    /// Broadcasting product.
    public static func * (lhs: Tensor, rhs: Tensor) throws -> Tensor { try lhs.mul(rhs) }
    /// Broadcasting true division.
    public static func / (lhs: Tensor, rhs: Tensor) throws -> Tensor { try lhs.div(rhs) }
    /// Broadcasting power.
    public static func ** (lhs: Tensor, rhs: Tensor) throws -> Tensor { try lhs.pow(rhs) }

    /// Tensor plus scalar.
    public static func + (lhs: Tensor, rhs: Double) throws -> Tensor { try lhs.add(rhs) }
    /// Scalar plus tensor.
    public static func + (lhs: Double, rhs: Tensor) throws -> Tensor { try rhs.add(lhs) }
    /// Tensor minus scalar.
    public static func - (lhs: Tensor, rhs: Double) throws -> Tensor { try lhs.sub(rhs) }
    /// Scalar minus tensor.
    public static func - (lhs: Double, rhs: Tensor) throws -> Tensor { try rhs.rsub(lhs) }
    /// Tensor times scalar.
    public static func * (lhs: Tensor, rhs: Double) throws -> Tensor { try lhs.mul(rhs) }
    /// Scalar times tensor.
    public static func * (lhs: Double, rhs: Tensor) throws -> Tensor { try rhs.mul(lhs) }
    /// Tensor divided by scalar.
    public static func / (lhs: Tensor, rhs: Double) throws -> Tensor { try lhs.div(rhs) }
    /// Scalar divided by tensor: `s * (1 / x)`, recorded as PyTorch does (`MulBackward0`).
    public static func / (lhs: Double, rhs: Tensor) throws -> Tensor { try rhs.reciprocal().mul(lhs) }
    /// Tensor to a scalar power.
    public static func ** (lhs: Tensor, rhs: Double) throws -> Tensor { try lhs.pow(rhs) }
    /// Scalar to a tensor power.
    public static func ** (lhs: Double, rhs: Tensor) throws -> Tensor { try Tensor.pow(lhs, rhs) }
    /// Negation.
    public static prefix func - (operand: Tensor) throws -> Tensor { try operand.neg() }

    /// Tensor plus integer (an int64 tensor stays int64).
    public static func + (lhs: Tensor, rhs: Int) throws -> Tensor { try lhs.add(Double(rhs), integral: true) }
    /// Integer plus tensor.
    public static func + (lhs: Int, rhs: Tensor) throws -> Tensor { try rhs.add(Double(lhs), integral: true) }
    /// Tensor minus integer.
    public static func - (lhs: Tensor, rhs: Int) throws -> Tensor { try lhs.sub(Double(rhs), integral: true) }
    /// Integer minus tensor.
    public static func - (lhs: Int, rhs: Tensor) throws -> Tensor { try rhs.rsub(Double(lhs), integral: true) }
    /// Tensor times integer.
    public static func * (lhs: Tensor, rhs: Int) throws -> Tensor { try lhs.mul(Double(rhs), integral: true) }
    /// Integer times tensor.
    public static func * (lhs: Int, rhs: Tensor) throws -> Tensor { try rhs.mul(Double(lhs), integral: true) }
    /// Tensor divided by integer (true division).
    public static func / (lhs: Tensor, rhs: Int) throws -> Tensor { try lhs.div(Double(rhs)) }
    /// Integer divided by tensor.
    public static func / (lhs: Int, rhs: Tensor) throws -> Tensor { try Double(lhs) / rhs }
    /// Tensor to an integer power.
    public static func ** (lhs: Tensor, rhs: Int) throws -> Tensor { try lhs.pow(rhs) }
}
