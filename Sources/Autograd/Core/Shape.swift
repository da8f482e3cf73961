/// Shape arithmetic shared by every op: element counts, contiguous strides,
/// dimension wrapping and broadcasting.
enum Shape {
    /// The number of elements of a tensor of `shape` (1 for a scalar).
    static func count(_ shape: [Int]) -> Int { shape.reduce(1, *) }

    /// Row-major strides of a contiguous tensor of `shape`.
    static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = running
            running *= max(shape[axis], 1)
        }
        return strides
    }

    /// Wraps a possibly negative `dim` into `0..<rank`, as PyTorch's `maybe_wrap_dim`.
    /// A scalar accepts the dims -1 and 0.
    static func wrap(_ dim: Int, rank: Int) throws -> Int {
        let r = max(rank, 1)
        guard dim >= -r && dim < r else { throw AutogradError.dimensionOutOfRange(dim, rank: rank) }
        return dim < 0 ? dim + r : dim
    }

    /// The broadcast shape of `a` and `b`, or PyTorch's error naming both sizes.
    static func broadcast(_ a: [Int], _ b: [Int]) throws -> [Int] {
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            if da == db || db == 1 {
                result[i] = da
            } else if da == 1 {
                result[i] = db
            } else {
                throw AutogradError(.shapeMismatch,
                    "The size of tensor a (\(da)) must match the size of tensor b (\(db)) at non-singleton dimension \(i) (shapes \(list(a)) and \(list(b)))")
            }
        }
        return result
    }

    /// PyTorch's `torch.Size([2, 3])` spelling.
    static func torchSize(_ shape: [Int]) -> String {
        "torch.Size([\(shape.map(String.init).joined(separator: ", "))])"
    }

    /// PyTorch's `[2, 3]` spelling.
    static func list(_ shape: [Int]) -> String {
        "[\(shape.map(String.init).joined(separator: ", "))]"
    }

    /// Validates sizes given by a user (zeros, ones, full, reshape targets).
    static func validate(_ shape: [Int], op: String) throws {
        if shape.contains(where: { $0 < 0 }) {
            throw AutogradError(.invalidArgument, "\(op): Dimension size must be non-negative.")
        }
    }
}
