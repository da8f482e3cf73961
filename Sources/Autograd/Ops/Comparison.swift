/// Elementwise comparisons. They give boolean masks and are never differentiable.
struct CompareKernel: IntegerBinaryKernel {
    enum Relation { case eq, ne, lt, le, gt, ge, and, or }
    let relation: Relation
    @inline(__always) func callAsFunction<T: TensorScalar>(_ a: T, _ b: T) -> T { holds(a, b) ? 1 : 0 }

    /// Exact int64 comparisons (doubles cannot tell 2^53 from 2^53 + 1).
    @inline(__always) func integer(_ a: Int64, _ b: Int64) -> Int64 { holds(a, b) ? 1 : 0 }

    /// Whether the relation holds between `a` and `b` (nonzero is true for `and`/`or`).
    @inline(__always) private func holds<T: Comparable & ExpressibleByIntegerLiteral>(_ a: T, _ b: T) -> Bool {
        switch relation {
        case .eq: return a == b
        case .ne: return a != b
        case .lt: return a < b
        case .le: return a <= b
        case .gt: return a > b
        case .ge: return a >= b
        case .and: return a != 0 && b != 0
        case .or: return a != 0 || b != 0
        }
    }
}

extension Tensor {
    private func compare(_ other: Tensor, _ relation: CompareKernel.Relation) throws -> Tensor {
        try Tensor.combine(self, other, CompareKernel(relation: relation), dtype: DType.resultType(self, other))
            .converted(to: .bool)
    }

    private func compare(_ scalar: Double, _ relation: CompareKernel.Relation) throws -> Tensor {
        // An int64 tensor against an integral number compares exactly, in int64, as against a Python int.
        let integral = dtype == .int64 && scalar == scalar.rounded() && Swift.abs(scalar) < 9.223372036854775807e18
        return try compare(Tensor.make(shape: [], values: [scalar], dtype: dtype.isFloatingPoint ? dtype : (integral ? .int64 : .float64)), relation)
    }

    /// `self == other` elementwise (a mask).
    public func eq(_ other: Tensor) throws -> Tensor { try compare(other, .eq) }
    /// `self != other` elementwise.
    public func ne(_ other: Tensor) throws -> Tensor { try compare(other, .ne) }
    /// `self < other` elementwise.
    public func lt(_ other: Tensor) throws -> Tensor { try compare(other, .lt) }
    /// `self <= other` elementwise.
    public func le(_ other: Tensor) throws -> Tensor { try compare(other, .le) }
    /// `self > other` elementwise.
    public func gt(_ other: Tensor) throws -> Tensor { try compare(other, .gt) }
    /// `self >= other` elementwise.
    public func ge(_ other: Tensor) throws -> Tensor { try compare(other, .ge) }

    /// `self == scalar` elementwise.
    public func eq(_ scalar: Double) throws -> Tensor { try compare(scalar, .eq) }
    /// `self != scalar` elementwise.
    public func ne(_ scalar: Double) throws -> Tensor { try compare(scalar, .ne) }
    /// `self < scalar` elementwise.
    public func lt(_ scalar: Double) throws -> Tensor { try compare(scalar, .lt) }
    /// `self <= scalar` elementwise.
    public func le(_ scalar: Double) throws -> Tensor { try compare(scalar, .le) }
    /// `self > scalar` elementwise.
    public func gt(_ scalar: Double) throws -> Tensor { try compare(scalar, .gt) }
    /// `self >= scalar` elementwise.
    public func ge(_ scalar: Double) throws -> Tensor { try compare(scalar, .ge) }

    /// Elementwise logical and of two masks (nonzero is true).
    public func logicalAnd(_ other: Tensor) throws -> Tensor { try compare(other, .and) }
    /// Elementwise logical or of two masks.
    public func logicalOr(_ other: Tensor) throws -> Tensor { try compare(other, .or) }
    /// Elementwise logical not of a mask.
    public func logicalNot() throws -> Tensor { try eq(0) }

    /// Mask comparison operators, as PyTorch's `x > 0`.
    public static func > (lhs: Tensor, rhs: Double) throws -> Tensor { try lhs.gt(rhs) }
    /// `lhs < rhs` elementwise.
    public static func < (lhs: Tensor, rhs: Double) throws -> Tensor { try lhs.lt(rhs) }
    /// `lhs >= rhs` elementwise.
    public static func >= (lhs: Tensor, rhs: Double) throws -> Tensor { try lhs.ge(rhs) }
    /// `lhs <= rhs` elementwise.
    public static func <= (lhs: Tensor, rhs: Double) throws -> Tensor { try lhs.le(rhs) }
    /// `lhs > rhs` elementwise with broadcasting.
    public static func > (lhs: Tensor, rhs: Tensor) throws -> Tensor { try lhs.gt(rhs) }
    /// `lhs < rhs` elementwise with broadcasting.
    public static func < (lhs: Tensor, rhs: Tensor) throws -> Tensor { try lhs.lt(rhs) }
    /// `lhs >= rhs` elementwise with broadcasting.
    public static func >= (lhs: Tensor, rhs: Tensor) throws -> Tensor { try lhs.ge(rhs) }
    /// `lhs <= rhs` elementwise with broadcasting.
    public static func <= (lhs: Tensor, rhs: Tensor) throws -> Tensor { try lhs.le(rhs) }

    /// `lhs == rhs` elementwise with broadcasting: a bool mask, as PyTorch's `a == b`
    /// (`equals(_:)` compares whole tensors, PyTorch's `torch.equal`).
    public static func == (lhs: Tensor, rhs: Tensor) throws -> Tensor { try lhs.eq(rhs) }
    /// `lhs != rhs` elementwise with broadcasting: a bool mask.
    public static func != (lhs: Tensor, rhs: Tensor) throws -> Tensor { try lhs.ne(rhs) }
    /// `lhs == rhs` elementwise: a bool mask.
    public static func == (lhs: Tensor, rhs: Double) throws -> Tensor { try lhs.eq(rhs) }
    /// `lhs != rhs` elementwise: a bool mask.
    public static func != (lhs: Tensor, rhs: Double) throws -> Tensor { try lhs.ne(rhs) }
    /// `lhs == rhs` elementwise, the scalar first: a bool mask.
    public static func == (lhs: Double, rhs: Tensor) throws -> Tensor { try rhs.eq(lhs) }
    /// `lhs != rhs` elementwise, the scalar first: a bool mask.
    public static func != (lhs: Double, rhs: Tensor) throws -> Tensor { try rhs.ne(lhs) }
    /// `lhs > rhs` elementwise, the scalar first (`2 > x` is `x < 2`).
    public static func > (lhs: Double, rhs: Tensor) throws -> Tensor { try rhs.lt(lhs) }
    /// `lhs < rhs` elementwise, the scalar first.
    public static func < (lhs: Double, rhs: Tensor) throws -> Tensor { try rhs.gt(lhs) }
    /// `lhs >= rhs` elementwise, the scalar first.
    public static func >= (lhs: Double, rhs: Tensor) throws -> Tensor { try rhs.le(lhs) }
    /// `lhs <= rhs` elementwise, the scalar first.
    public static func <= (lhs: Double, rhs: Tensor) throws -> Tensor { try rhs.ge(lhs) }

    /// True when both tensors have the same shape and elements (`torch.equal`).
    public func equals(_ other: Tensor) throws -> Bool {
        guard shape == other.shape else { return false }
        if dtype == .int64 && other.dtype == .int64 { return try toIntArray() == other.toIntArray() }
        let mine: [Double] = try toArray()
        let theirs: [Double] = try other.toArray()
        return mine.elementsEqual(theirs)
    }

    /// True when every element is within `atol + rtol * |other|` of `other` (`torch.allclose`).
    public func allClose(_ other: Tensor, rtol: Double = 1e-5, atol: Double = 1e-8) throws -> Bool {
        let common = try Shape.broadcast(shape, other.shape)
        let a = try detach().expand(common).toArray()
        let b = try other.detach().expand(common).toArray()
        for (x, y) in zip(a, b) where x != y {
            let difference: Double = Swift.abs(x - y)
            let tolerance: Double = atol + rtol * Swift.abs(y)
            if !(difference <= tolerance) { return false }
        }
        return true
    }
}
