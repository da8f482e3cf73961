/// The element type of a tensor, as PyTorch names them.
///
/// `float32` is the default, as in PyTorch. `int64` and `bool` exist for indices
/// and masks; they never require gradients. int64 elements are stored as 64-bit
/// integers (exact over the whole range; arithmetic wraps on overflow as PyTorch's
/// does); boolean ones as `Double` 0 or 1.
public enum DType: String, Sendable, CaseIterable, CustomStringConvertible {
    /// 32-bit IEEE float, PyTorch's `torch.float32` (the default).
    case float32
    /// 64-bit IEEE float, PyTorch's `torch.float64`.
    case float64
    /// 64-bit signed integer, PyTorch's `torch.int64` (indices, `arange` of integers).
    case int64
    /// Boolean, PyTorch's `torch.bool` (results of comparisons).
    case bool

    /// True for `float32` and `float64`: only these can require gradients.
    public var isFloatingPoint: Bool { self == .float32 || self == .float64 }

    /// PyTorch's printed name, e.g. `torch.float64`.
    public var description: String { "torch.\(rawValue)" }

    /// The legacy tensor-type name PyTorch uses in error messages, e.g. `torch.FloatTensor`.
    var legacyTypeName: String {
        switch self {
        case .float32: return "torch.FloatTensor"
        case .float64: return "torch.DoubleTensor"
        case .int64: return "torch.LongTensor"
        case .bool: return "torch.BoolTensor"
        }
    }

    /// The short C name used in some PyTorch messages (`float`, `double`, ...).
    var cName: String {
        switch self {
        case .float32: return "float"
        case .float64: return "double"
        case .int64: return "long int"
        case .bool: return "bool"
        }
    }

    /// PyTorch's C++ scalar-type name, as its kernel errors spell it (`Float`, `Long`, ...).
    var scalarTypeName: String {
        switch self {
        case .float32: return "Float"
        case .float64: return "Double"
        case .int64: return "Long"
        case .bool: return "Bool"
        }
    }

    /// True when a value of this dtype may be written into a tensor of `target` (PyTorch's
    /// `canCast`): never from floating point into an integer, nor from a number into bool.
    func canCast(to target: DType) -> Bool {
        switch (self, target) {
        case (.float32, .int64), (.float64, .int64), (.float32, .bool), (.float64, .bool), (.int64, .bool): return false
        default: return true
        }
    }

    /// PyTorch's error for a kernel that has no implementation for this dtype.
    func notImplemented(_ kernel: String) -> AutogradError {
        AutogradError(.dtypeMismatch, "\"\(kernel)\" not implemented for '\(scalarTypeName)'")
    }

    /// True when elements are stored as `Float`.
    var storesSinglePrecision: Bool { self == .float32 }

    /// How elements of this dtype are stored.
    var storageKind: ElementKind {
        switch self {
        case .float32: return .float32
        case .float64, .bool: return .float64
        case .int64: return .int64
        }
    }

    private var rank: Int {
        switch self {
        case .bool: return 0
        case .int64: return 1
        case .float32: return 2
        case .float64: return 3
        }
    }

    /// PyTorch's type promotion between two tensors: bool < int64 < float32 < float64.
    public static func promote(_ a: DType, _ b: DType) -> DType {
        a.rank >= b.rank ? a : b
    }

    /// The kind of number: bool < integral < floating point (PyTorch's type categories).
    private var category: Int {
        switch self {
        case .bool: return 0
        case .int64: return 1
        case .float32, .float64: return 2
        }
    }

    /// The dtype of a binary op on tensors `a` and `b`, by PyTorch's `result_type`: a
    /// 0-dimensional tensor beside a dimensioned one counts only when it is of a higher
    /// category (float32 `[3]` + float64 scalar tensor stays float32; int64 `[3]` + float64
    /// scalar tensor is float64).
    static func resultType(_ a: Tensor, _ b: Tensor) -> DType {
        let (aIsScalar, bIsScalar) = (a.rank == 0, b.rank == 0)
        guard aIsScalar != bIsScalar else { return promote(a.dtype, b.dtype) }
        let (dimensioned, scalar) = aIsScalar ? (b.dtype, a.dtype) : (a.dtype, b.dtype)
        return scalar.category > dimensioned.category ? scalar : dimensioned
    }

    /// The dtype of `tensor op scalar`: a floating scalar lifts an integral tensor to float32.
    static func promote(_ a: DType, scalarIsIntegral: Bool) -> DType {
        if a.isFloatingPoint { return a }
        return scalarIsIntegral ? (a == .bool ? .int64 : a) : .float32
    }

    /// The dtype of a floating-point result (`exp`, `/`, `mean`): integral inputs become float32.
    var floatingResult: DType { isFloatingPoint ? self : .float32 }
}
