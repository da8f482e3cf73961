/// Batches of a dataset, optionally shuffled (`torch.utils.data.DataLoader`).
///
/// Shuffling draws exactly as PyTorch's single-process loader does: each pass first
/// draws a base seed, then (without an explicit generator) a seed for a fresh
/// generator whose `randperm` orders the samples, then one more `randperm` for the
/// sampler's empty remainder; so the same `manualSeed` gives the same batches.
public struct DataLoader: Sequence {
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

    /// A loader; throws for a batch size below 1.
    public init(_ dataset: any Dataset, batchSize: Int = 1, shuffle: Bool = false, dropLast: Bool = false,
                generator: Autograd.Generator? = nil) throws {
        guard batchSize >= 1 else {
            throw AutogradError(.invalidArgument, "batch_size should be a positive integer value, but got batch_size=\(batchSize)")
        }
        self.dataset = dataset
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.dropLast = dropLast
        self.generator = generator
    }

    /// The number of batches per pass.
    public var count: Int {
        dropLast ? dataset.count / batchSize : (dataset.count + batchSize - 1) / batchSize
    }

    /// The sample order of one pass, drawing from the generator as PyTorch does.
    public func order() throws -> [Int] {
        let source = generator ?? defaultGenerator
        _ = source.random64()  // the loader iterator's base seed (for worker processes)
        guard shuffle else { return Array(0..<dataset.count) }
        let sampler: Autograd.Generator
        if let generator {
            sampler = generator
        } else {
            sampler = Autograd.Generator(seed: defaultGenerator.random64() % (UInt64(1) << 63))
        }
        let order = try Tensor.randperm(dataset.count, generator: sampler).toArray().map { Int($0) }
        // PyTorch's RandomSampler ends each pass with a second randperm for the
        // remainder (`num_samples % n`, empty here), which still draws from the generator.
        _ = try Tensor.randperm(dataset.count, generator: sampler)
        return order
    }

    /// One pass over the data as batches (each a list of stacked tensors).
    public func makeIterator() -> AnyIterator<[Tensor]> {
        let order: [Int]
        do { order = try self.order() } catch { return AnyIterator { nil } }
        var start = 0
        let dataset = self.dataset, batchSize = self.batchSize, dropLast = self.dropLast
        return AnyIterator {
            guard start < order.count else { return nil }
            let end = Swift.min(start + batchSize, order.count)
            if dropLast && end - start < batchSize { return nil }
            defer { start = end }
            let indices = Array(order[start..<end])
            if let tensors = dataset as? TensorDataset { return try? tensors.batch(indices) }
            guard let samples = try? indices.map({ try dataset.sample($0) }), let first = samples.first else { return nil }
            return try? (0..<first.count).map { field in try Tensor.stack(samples.map { $0[field] }) }
        }
    }
}
