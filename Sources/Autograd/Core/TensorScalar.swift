import RealModule

/// The two element types that kernels are written over: `Float` and `Double`.
///
/// Every kernel is generic over `TensorScalar`, so it is written once and
/// specialised for both precisions. Integer and boolean tensors use `Double`.
public protocol TensorScalar: BinaryFloatingPoint, Real, Sendable {}

extension Float: TensorScalar {}
extension Double: TensorScalar {}
