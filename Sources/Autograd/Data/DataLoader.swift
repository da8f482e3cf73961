/// Batches of a dataset, optionally shuffled (`torch.utils.data.DataLoader`).
///
/// Shuffling draws exactly as PyTorch's single-process loader does: each pass first
/// draws a base seed, then (without an explicit generator) a seed for a fresh
/// generator whose `randperm` orders the samples, then one more `randperm` for the
/// sampler's empty remainder; so the same `manualSeed` gives the same batches.
///
/// One pass is `try loader.epoch()` (all batches, for a `for` loop) or `loader.batches()`
/// (one batch at a time from a throwing `next()`). Either way, an error from the dataset
/// or from stacking its samples reaches the caller, as PyTorch's loader raises it, instead
/// of ending the epoch early.
public struct DataLoader {
    /// The dataset.
    public let dataset: any Dataset
    /// Samples per batch.
    public let batchSize: Int
    /// Whether each pass uses a new random order.
    public let shuffle: Bool
    /// Whether a last, smaller batch is dropped.
    public let dropLast: Bool
    /// The generator that orders the samples (the thread's default when nil).
    public let generator: Autograd.Generator?

    /// A loader; throws PyTorch's errors for a batch size below 1, a dataset with a negative
    /// count, and shuffling an empty dataset.
    public init(
        _ dataset: any Dataset, batchSize: Int = 1, shuffle: Bool = false, dropLast: Bool = false,
        generator: Autograd.Generator? = nil
    ) throws {
        guard batchSize >= 1 else {
            throw AutogradError(.invalidArgument, "batch_size should be a positive integer value, but got batch_size=\(batchSize)")
        }
        guard dataset.count >= 0 else {
            throw AutogradError(.invalidArgument, "__len__() should return >= 0")
        }
        if shuffle && dataset.count == 0 {
            throw AutogradError(.invalidArgument, "num_samples should be a positive integer value, but got num_samples=0")
        }
        self.dataset = dataset
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.dropLast = dropLast
        self.generator = generator
    }

    /// The number of batches per pass.
    public var count: Int {
        let n = Swift.max(dataset.count, 0)
        return dropLast ? n / batchSize : (n == 0 ? 0 : (n - 1) / batchSize + 1)
    }

    /// The sample order of one pass, drawing from the generator as PyTorch does.
    public func order() throws -> [Int] {
        let source = generator ?? defaultGenerator
        _ = source.random64()  // the loader iterator's base seed (for worker processes)
        guard shuffle else { return Array(0..<Swift.max(dataset.count, 0)) }
        let sampler: Autograd.Generator
        if let generator {
            sampler = generator
        } else {
            sampler = Autograd.Generator(seed: defaultGenerator.random64() % (UInt64(1) << 63))
        }
        let order = try Tensor.randperm(dataset.count, generator: sampler).toIntArray()
        // PyTorch's RandomSampler ends each pass with a second randperm for the
        // remainder (`num_samples % n`, empty here), which still draws from the generator.
        _ = try Tensor.randperm(dataset.count, generator: sampler)
        return order
    }

    /// One pass over the data: every batch (each a list of stacked tensors), or the first
    /// error the dataset or the stacking throws.
    public func epoch() throws -> [[Tensor]] {
        var iterator = try batches()
        var all: [[Tensor]] = []
        while let batch = try iterator.next() { all.append(batch) }
        return all
    }

    /// One pass over the data, a batch at a time; draws the sample order now.
    public func batches() throws -> BatchIterator {
        BatchIterator(dataset: dataset, order: try order(), batchSize: batchSize, dropLast: dropLast)
    }
}

/// The batches of one pass of a `DataLoader`, made one at a time by `next()`, which throws
/// the dataset's or the stacking's error.
public struct BatchIterator {
    let dataset: any Dataset
    let order: [Int]
    let batchSize: Int
    let dropLast: Bool
    private var start = 0

    init(dataset: any Dataset, order: [Int], batchSize: Int, dropLast: Bool) {
        self.dataset = dataset
        self.order = order
        self.batchSize = batchSize
        self.dropLast = dropLast
    }

    /// The next batch, nil after the last, or the error making it threw.
    public mutating func next() throws -> [Tensor]? {
        guard start < order.count else { return nil }
        let end = order.count - start > batchSize ? start + batchSize : order.count
        if dropLast && end - start < batchSize { return nil }
        defer { start = end }
        let indices = Array(order[start..<end])
        if let tensors = dataset as? TensorDataset { return try tensors.batch(indices) }
        let samples = try indices.map { try dataset.sample($0) }
        guard let first = samples.first else { return [] }
        guard samples.allSatisfy({ $0.count == first.count }) else {
            throw AutogradError(.invalidArgument, "each element in list of batch should be of equal size")
        }
        return try (0..<first.count).map { field in try Tensor.stack(samples.map { $0[field] }) }
    }
}
