import RealModule

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The two element types that kernels are written over: `Float` and `Double`.
///
/// Every kernel is generic over `TensorScalar`, so it is written once and
/// specialised for both precisions. Integer and boolean tensors use `Double`.
public protocol TensorScalar: BinaryFloatingPoint, Real, Sendable {
    /// `x` to the power `y` with C's `pow` rules, which PyTorch's kernels follow: a negative
    /// base with an integer exponent keeps its sign (`(-2) ** 3 = -8`), `0 ** 0 = 1`,
    /// `1 ** nan = 1`, `(-inf) ** 1.5 = inf`. (`Real.pow` is NaN for every negative base.)
    static func ieeePow(_ x: Self, _ y: Self) -> Self
}

extension Float: TensorScalar {
    /// C's `powf`.
    @inline(__always) public static func ieeePow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
}
extension Double: TensorScalar {
    /// C's `pow`.
    @inline(__always) public static func ieeePow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
}
