@testable import Autograd

/// Makes a program's input tensors with the layouts `interpreter.py` describes.
///
/// Each layout has the same logical shape and values; only the strides differ, so
/// that GradLab's kernels meet transposed, broadcast (stride 0) and gapped memory
/// as PyTorch's did:
///
/// - `contiguous`: the values, reshaped;
/// - `transposed`: a contiguous tensor of the shape with the last two dims swapped, `.transpose(-1, -2)`;
/// - `expanded`: a contiguous tensor of size 1 along `expand_dim`, `.expand(shape)`;
/// - `strided`: the even rows of a contiguous tensor twice as long along dim 0, `[::2]`.
enum InputMaker {
    /// The input as a program sees it: the layout's view, detached into a leaf,
    /// then made to require grad when the spec asks (which throws for int64 and bool, as in PyTorch).
    static func leaf(_ spec: ProgramInput) throws -> Tensor {
        let tensor = try layoutView(spec).detach()
        if spec.requiresGrad == true {
            try tensor.requiresGrad_(true)
        }
        return tensor
    }

    /// The input with its layout, before `detach()`.
    static func layoutView(_ spec: ProgramInput) throws -> Tensor {
        let logical = try logicalTensor(spec)
        let rank = spec.shape.count
        switch spec.layout ?? "contiguous" {
        case "contiguous":
            return logical
        case "transposed":
            guard rank >= 2 else { throw FixtureError("transposed layout needs rank >= 2, got \(spec.shape)") }
            return try logical.transpose(-1, -2).contiguous().transpose(-1, -2)
        case "expanded":
            guard let requested = spec.expandDim else { throw FixtureError("expanded layout without expand_dim") }
            let dim = requested < 0 ? requested + rank : requested
            guard dim >= 0, dim < rank, spec.shape[dim] > 1 else {
                throw FixtureError("expand_dim \(requested) is not a dim of size > 1 in \(spec.shape)")
            }
            let base = try logical.slice(dim, start: 0, end: 1, step: 1).contiguous()
            return try base.expand(spec.shape)
        case "strided":
            guard let rows = spec.shape.first else { throw FixtureError("strided layout needs rank >= 1") }
            let (doubledRows, overflow) = rows.multipliedReportingOverflow(by: 2)
            guard !overflow else { throw FixtureError("strided layout: \(rows) rows is too many") }
            var doubled = spec.shape
            doubled[0] = doubledRows
            let storage = try Tensor.zeros(doubled, dtype: logical.dtype)
            let evenRows = try storage.slice(0, start: nil, end: nil, step: 2)
            try evenRows.copy_(logical)
            return evenRows
        case let other:
            throw FixtureError("unknown layout \(other)")
        }
    }

    /// A contiguous tensor of the spec's shape, dtype and values (`torch.tensor(values).reshape(shape)`).
    static func logicalTensor(_ spec: ProgramInput) throws -> Tensor {
        guard let dtype = DType(rawValue: spec.dtype) else { throw FixtureError("unknown dtype \(spec.dtype)") }
        let count = try elementCount(spec.shape)
        guard count == spec.values.count else {
            throw FixtureError("shape \(spec.shape) holds \(count) values, the spec lists \(spec.values.count)")
        }
        switch dtype {
        case .float32, .float64:
            let values = try spec.values.map { try $0.number() }
            return try Tensor(shape: spec.shape, values: values, dtype: dtype == .float32 ? .float32 : .float64)
        case .int64:
            let values = try spec.values.map { try $0.int() }
            return try Tensor(values).reshape(spec.shape)
        case .bool:
            let values = try spec.values.map { try $0.bool() }
            return try Tensor(values).reshape(spec.shape)
        }
    }

    /// The number of elements of `shape`, or a `FixtureError` for a negative size or an overflowing product.
    static func elementCount(_ shape: [Int]) throws -> Int {
        var count = 1
        for size in shape {
            guard size >= 0 else { throw FixtureError("negative size in shape \(shape)") }
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow else { throw FixtureError("shape \(shape) has too many elements") }
            count = product
        }
        return count
    }

    /// The `FloatDType` of a floating dtype, or nil for int64 and bool.
    static func floatDType(_ dtype: DType) -> FloatDType? {
        switch dtype {
        case .float32: return .float32
        case .float64: return .float64
        case .int64, .bool: return nil
        }
    }
}
