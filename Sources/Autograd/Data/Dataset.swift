/// A sized collection of samples (`torch.utils.data.Dataset`); a sample is a list of tensors.
public protocol Dataset {
    /// The number of samples.
    var count: Int { get }
    /// The sample at `index` (for a `TensorDataset`, one row of each tensor).
    func sample(_ index: Int) throws -> [Tensor]
}

/// Samples that are the rows of tensors of equal length (`TensorDataset`).
public struct TensorDataset: Dataset {
    /// The tensors; row `i` of each is sample `i`.
    public let tensors: [Tensor]

    /// A dataset over tensors with the same first dimension.
    public init(_ tensors: Tensor...) throws { try self.init(tensors) }

    /// A dataset over tensors with the same first dimension.
    public init(_ tensors: [Tensor]) throws {
        guard let first = tensors.first, first.rank > 0 else {
            throw AutogradError(.invalidArgument, "TensorDataset needs at least one tensor with a first dimension")
        }
        guard tensors.allSatisfy({ $0.rank > 0 && $0.shape[0] == first.shape[0] }) else {
            throw AutogradError(.shapeMismatch, "Size mismatch between tensors")
        }
        self.tensors = tensors
    }

    /// The number of rows.
    public var count: Int { tensors[0].shape[0] }

    /// Row `index` of every tensor.
    public func sample(_ index: Int) throws -> [Tensor] { try tensors.map { try $0[index] } }

    /// The rows at `indices` of every tensor, stacked (what the default collate makes of them).
    func batch(_ indices: [Int]) throws -> [Tensor] {
        try tensors.map { try $0.rows(indices) }
    }
}

/// A view of some samples of another dataset (`Subset`).
public struct Subset: Dataset {
    /// The underlying dataset.
    public let dataset: any Dataset
    /// The positions in it.
    public let indices: [Int]
    /// The number of samples.
    public var count: Int { indices.count }
    /// Sample `index` of the subset.
    public func sample(_ index: Int) throws -> [Tensor] {
        guard indices.indices.contains(index) else {
            throw AutogradError(.indexOutOfRange, "index \(index) is out of range for a subset of \(indices.count)")
        }
        return try dataset.sample(indices[index])
    }
}

/// Splits a dataset into subsets of the given lengths after a random permutation
/// (`random_split`); lengths may also be fractions that sum to 1.
///
/// Follows PyTorch's rules: lengths summing to 1 (within 1e-9, and not above) are
/// fractions, each floored and the remainder dealt one by one from the first; otherwise
/// they are counts that must sum to the dataset's size. Subset `i` takes the permutation's
/// positions `offset - length ..< offset` as a Python slice, so a negative count behaves as
/// it does in PyTorch.
public func randomSplit(_ dataset: any Dataset, lengths: [Double], generator: Generator? = nil) throws -> [Subset] {
    let count = dataset.count
    let mismatch = AutogradError(.invalidArgument, "Sum of input lengths does not equal the length of the input dataset!")
    let total = lengths.reduce(0, +)
    var sizes: [Int]
    if Swift.abs(total - 1) <= 1e-9 * Swift.max(1, Swift.abs(total)) && total <= 1 {
        sizes = []
        for (i, fraction) in lengths.enumerated() {
            guard fraction >= 0 && fraction <= 1 else {
                throw AutogradError(.invalidArgument, "Fraction at index \(i) is not between 0 and 1")
            }
            sizes.append(Int((Double(count) * fraction).rounded(.down)))
        }
        let remainder = Swift.max(count - sizes.reduce(0, +), 0)
        for i in 0..<remainder where !sizes.isEmpty { sizes[i % sizes.count] += 1 }
    } else {
        // Counts: whole numbers small enough to add up exactly, or they cannot sum to `count`.
        guard lengths.allSatisfy({ $0.isFinite && $0 == $0.rounded() && Swift.abs($0) < 9.007199254740992e15 }) else {
            if let bad = lengths.first(where: { $0.isFinite && $0 != $0.rounded() }) {
                throw AutogradError(.invalidArgument, "random_split lengths must be whole numbers or fractions summing to 1, got \(bad)")
            }
            throw mismatch
        }
        sizes = lengths.map { Int($0) }
    }
    guard sizes.reduce(0, +) == count else { throw mismatch }
    let order = try Tensor.randperm(count, generator: generator).toIntArray()
    var offset = 0
    return sizes.map { size in
        offset += size
        return Subset(dataset: dataset, indices: pythonSlice(order, from: offset - size, to: offset))
    }
}

/// `values[from:to]` with Python's rules: negative bounds count from the end, and bounds
/// are clamped to the array (an empty slice when they cross).
private func pythonSlice(_ values: [Int], from: Int, to: Int) -> [Int] {
    func resolve(_ bound: Int) -> Int {
        Swift.min(Swift.max(bound < 0 ? bound + values.count : bound, 0), values.count)
    }
    let (lower, upper) = (resolve(from), resolve(to))
    return lower < upper ? Array(values[lower..<upper]) : []
}

extension Tensor {
    /// The rows at `indices`, stacked into a new tensor (not recorded).
    public func rows(_ indices: [Int]) throws -> Tensor {
        guard rank > 0 else { throw AutogradError(.indexOutOfRange, "rows(_:) needs a tensor with a first dimension") }
        let slices = try indices.map { try detach()[$0] }
        guard !slices.isEmpty else { return try Tensor(zerosOf: [0] + Array(shape.dropFirst()), dtype: dtype) }
        return try noGrad { try Tensor.stack(slices) }
    }
}
