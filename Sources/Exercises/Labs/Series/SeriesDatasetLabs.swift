import Autograd

/// "Learn the Training Loop with PyTorch", Part 2.5: Datasets and DataLoaders. A toy
/// regression set (`y = 3x + 1` plus noise) served by `DataLoader`s that shuffle, a line
/// fitted one sample per step against mini-batches of 16, then batch sizes 1 to 64, then
/// the inputs standardized inside the dataset.
///
/// The programs draw their noise without a seed; the labs are the seeded variants
/// (`torch.manual_seed(0)` before the program). Two programs only build their dataset and
/// print nothing; their labs (and the PyTorch runs they match) print what was built.
enum SeriesDatasetLabs {
    static let article = Article.trainingLoopSeries

    static let labs: [Lab] = [
        lab("demo1", "a dataset and two shuffling loaders (variant: prints their sizes and first batch)") { _, out in
            let dataset = try toyDataset()
            let (batched, single) = (try DataLoader(dataset, batchSize: 16, shuffle: true), try DataLoader(dataset, batchSize: 1, shuffle: true))
            out.print(dataset.count, batched.count, single.count)
            var batches = try batched.batches()
            let first = try batches.next()!
            out.print(try first[0].squeeze(1))
            out.print(try first[1].squeeze(1))
        },
        lab("demo2", "one sample per step against mini-batches of 16") { plots, out in
            let dataset = try toyDataset()
            let (batched, single) = (try DataLoader(dataset, batchSize: 16, shuffle: true), try DataLoader(dataset, batchSize: 1, shuffle: true))
            let (modelSingle, modelBatched) = (try Linear(1, 1), try Linear(1, 1))
            try curve(&plots, out, "Batch size = 1 (SGD)", train(single, modelSingle))
            try curve(&plots, out, "Batch size = 16", train(batched, modelBatched))
        },
        lab("ex1", "exercise 1: batch sizes 1, 8, 32 and 64") { plots, out in
            let dataset = try toyDataset()
            for size in [1, 8, 32, 64] {
                let loader = try DataLoader(dataset, batchSize: size, shuffle: true)
                try curve(&plots, out, "Batch size = \(size)", train(loader, Linear(1, 1)))
            }
        },
        lab("ex2", "exercise 2: inputs standardized in the dataset (variant: prints the statistics)") { _, out in
            _ = try toyDataset()
            let x = try Tensor.linspace(-2, 2, steps: 100).unsqueeze(1)
            let y = try 3 * x + 1 + 0.5 * Tensor.randnLike(x)
            let (mean, std) = (try x.mean(), try x.std())
            let standardized = try (x - mean) / std
            out.print(mean, std)
            out.print(try standardized[..<5].squeeze(1))
            out.print(try y[..<5].squeeze(1))
        },
        lab("ex3", "exercise 3: a shuffled batch of normalized digits, eight drawn with their labels (adapted: scikit-learn's 8 × 8 digits in place of MNIST)")
        {
            plots, out in
            _ = try toyDataset()
            let (images, labels) = try SeriesDigits.load()
            let loader = try DataLoader(DigitsDataset(images: images, labels: labels, transform: SeriesDigits.normalize), batchSize: 32, shuffle: true)
            var batches = try loader.batches()
            let batch = try batches.next()!
            for i in 0..<8 { plots.imshow(try batch[0].select(0, i).select(0, 0).toArray()) }
            out.print("Labels drawn: " + (try SeriesDigits.listText(batch[1].slice(0, end: 8))))
        },
    ]

    static func lab(_ program: String, _ title: String, _ body: @escaping @Sendable (inout SeriesPlots, Transcript) throws -> Void) -> Lab {
        Lab(id: "series.2.5.datasets.\(program)", title: "Part 2.5, \(title) (seeded variant)", article: article) { out in
            manualSeed(0)
            var plots = SeriesPlots()
            try body(&plots, out)
            return plots.values
        }
    }

    /// The post's `ToyDataset`: 100 inputs over [-2, 2] and `3x + 1` plus noise of deviation 0.5.
    static func toyDataset() throws -> TensorDataset {
        let x = try Tensor.linspace(-2, 2, steps: 100).unsqueeze(1)
        return try TensorDataset(x, 3 * x + 1 + 0.5 * Tensor.randnLike(x))
    }

    /// `SGD` (lr 0.1) on the mean squared error for 20 passes over `loader`; each pass's
    /// mean batch loss (a Python `sum` of the batch losses over their number).
    static func train(_ loader: DataLoader, _ model: Linear) throws -> [Double] {
        let optimizer = try SGD(model.parameters(), lr: 0.1)
        var losses: [Double] = []
        for _ in 0..<20 {
            var batchLosses: [Double] = []
            for batch in try loader.epoch() {
                let loss = try MSELoss()(model(batch[0]), batch[1])
                optimizer.zeroGrad()
                try loss.backward()
                try optimizer.step()
                batchLosses.append(try loss.item())
            }
            losses.append(batchLosses.reduce(0, +) / Double(batchLosses.count))
        }
        return losses
    }

    static func curve(_ plots: inout SeriesPlots, _ out: Transcript, _ label: String, _ losses: [Double]) {
        plots.plot(losses, label: label)
        for (epoch, loss) in losses.enumerated() { out.record(label, step: Double(epoch), loss: loss) }
    }
}
