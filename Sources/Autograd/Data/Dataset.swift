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
public func randomSplit(_ dataset: any Dataset, lengths: [Double], generator: Generator? = nil) throws -> [Subset] {
    var sizes: [Int]
    if lengths.allSatisfy({ $0 >= 0 && $0 <= 1 }) && Swift.abs(lengths.reduce(0, +) - 1) < 1e-9 && lengths.contains(where: { $0 != $0.rounded() }) {
        sizes = lengths.map { Int((Double(dataset.count) * $0).rounded(.down)) }
        let remainder = dataset.count - sizes.reduce(0, +)
        for i in 0..<remainder { sizes[i % sizes.count] += 1 }
    } else {
        sizes = lengths.map { Int($0) }
    }
    guard sizes.reduce(0, +) == dataset.count else {
        throw AutogradError(.invalidArgument, "Sum of input lengths does not equal the length of the input dataset!")
    }
    let order = try Tensor.randperm(dataset.count, generator: generator).toArray().map { Int($0) }
    var start = 0
    return sizes.map { size in
        defer { start += size }
        return Subset(dataset: dataset, indices: Array(order[start..<start + size]))
    }
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
