/// A tensor's values as nested lists, as PyTorch's `tolist()` returns them: a number for
/// a 0-dimensional tensor, a list of numbers for a vector, a list of lists for a matrix.
///
/// Floating values are Doubles (a float32 value widened exactly, as Python's float holds
/// it), int64 values exact Ints, booleans Bools. `description` prints as Python does:
/// `[[1.0, 2.0], [3.0, 4.0]]`, `[1, 2]`, `[True, False]`.
public indirect enum TensorList: Equatable, Sendable, CustomStringConvertible {
    /// A floating value.
    case number(Double)
    /// An integer value (int64 tensors).
    case integer(Int)
    /// A boolean value (bool tensors).
    case boolean(Bool)
    /// One dimension's entries.
    case list([TensorList])

    /// The entries of a list (empty for a single value).
    public var entries: [TensorList] {
        if case .list(let entries) = self { return entries }
        return []
    }

    /// The value as a Double, nil for a list.
    public var double: Double? {
        switch self {
        case .number(let x): return x
        case .integer(let n): return Double(n)
        case .boolean(let b): return b ? 1 : 0
        case .list: return nil
        }
    }

    /// As Python prints the list.
    public var description: String {
        switch self {
        case .number(let x): return NumberFormat.pythonRepr(x)
        case .integer(let n): return String(n)
        case .boolean(let b): return b ? "True" : "False"
        case .list(let entries): return "[" + entries.map(\.description).joined(separator: ", ") + "]"
        }
    }
}

extension Tensor {
    /// The number of elements (`numel()`); the same as `count`.
    public func numel() -> Int { count }

    /// The values as nested lists (`tolist()`): a single value for a 0-dimensional tensor.
    /// Works on tensors that require grad, as PyTorch's does.
    public func tolist() throws -> TensorList {
        switch dtype {
        case .int64:
            let values = try toIntArray()
            return Self.nest(Array(shape)[...], values.map(TensorList.integer)[...])
        case .bool:
            let values = try toIntArray()
            return Self.nest(Array(shape)[...], values.map { TensorList.boolean($0 != 0) }[...])
        default:
            let values = try toArray()
            return Self.nest(Array(shape)[...], values.map(TensorList.number)[...])
        }
    }

    private static func nest(_ shape: ArraySlice<Int>, _ values: ArraySlice<TensorList>) -> TensorList {
        guard let first = shape.first else { return values.first ?? .list([]) }
        let inner = shape.dropFirst().reduce(1, *)
        return .list(
            (0..<first).map { i in
                let start = values.startIndex + i * inner
                return nest(shape.dropFirst(), values[start..<start + inner])
            })
    }

    /// A float32 copy (`float()`); this tensor itself when it is float32 already, as in
    /// PyTorch. Recorded: the gradient flows back, converted to this tensor's dtype.
    public func float() throws -> Tensor { try to(.float32) }

    /// A float64 copy (`double()`); this tensor itself when it is float64 already.
    public func double() throws -> Tensor { try to(.float64) }

    /// An int64 copy (`long()`), floating values truncated toward zero; this tensor itself
    /// when it is int64 already. Integers carry no gradient.
    public func long() throws -> Tensor { try to(.int64) }

    /// A bool copy (`bool()`): true where the value is nonzero.
    public func bool() throws -> Tensor { try to(.bool) }
}
