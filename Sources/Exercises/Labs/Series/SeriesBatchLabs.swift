import Autograd

/// "Learn the Training Loop with PyTorch", Part 1.3: Batch vs. Stochastic Gradient Descent.
/// A line `y = 2x + 1` plus noise fitted three ways, by hand-written updates: the whole
/// batch per step, one point per step in a shuffled order (`randperm`), and mini-batches of
/// shuffled points picked with a tensor of indices (`x[idx]`). The programs draw their loss
/// curves; the labs print nothing either and are checked on the curves' numbers.
enum SeriesBatchLabs {
    static let article = Article.trainingLoopSeries

    static let labs: [Lab] = [
        lab("demo1", "batch gradient descent (50 epochs, lr 0.5)") { plots, out in
            let (x, y) = try data()
            try curve(&plots, out, "Batch Gradient Descent", trainBatch(x, y, epochs: 50, lr: 0.5))
        },
        lab("demo2", "stochastic gradient descent, one shuffled point per step (lr 0.05)") { plots, out in
            let (x, y) = try data()
            try curve(&plots, out, "Stochastic Gradient Descent", trainStochastic(x, y, epochs: 50, lr: 0.05))
        },
        lab("demo3", "mini-batches of 16 shuffled points (lr 0.1)") { plots, out in
            let (x, y) = try data()
            try curve(&plots, out, "Mini-batch", trainMinibatch(x, y, batchSize: 16, epochs: 50, lr: 0.1))
        },
        lab("ex1", "exercise 1: batch size 1 against the full batch") { plots, out in
            let (x, y) = try data()
            try curve(&plots, out, "Batch size = 1 (SGD)", trainMinibatch(x, y, batchSize: 1, epochs: 50, lr: 0.1))
            try curve(&plots, out, "Full Batch", trainMinibatch(x, y, batchSize: x.shape[0], epochs: 50, lr: 0.1))
        },
        lab("ex2", "exercise 2: 10,000 points, batch against mini-batches of 64 (timing-free variant: final losses instead of seconds)") {
            _, out in
            _ = try data()
            let (x, y) = try data(10_000)
            let batch = try trainBatch(x, y, epochs: 10, lr: 0.5)
            out.print("Batch GD final loss:", batch.last!)
            let minibatch = try trainMinibatch(x, y, batchSize: 64, epochs: 10, lr: 0.5)
            out.print("Mini-batch GD final loss:", minibatch.last!)
        },
        lab("ex3", "exercise 3: noisier data, all three methods") { plots, out in
            _ = try data()
            let (x, clean) = try data(100)
            let y = try clean + 0.5 * Tensor.randnLike(clean)
            try curve(&plots, out, "Batch", trainBatch(x, y, epochs: 50, lr: 0.05))
            try curve(&plots, out, "Stochastic", trainStochastic(x, y, epochs: 50, lr: 0.005))
            try curve(&plots, out, "Mini-batch", trainMinibatch(x, y, batchSize: 16, epochs: 50, lr: 0.01))
        },
    ]

    static func lab(_ program: String, _ title: String, _ body: @escaping @Sendable (inout SeriesPlots, Transcript) throws -> Void) -> Lab {
        Lab(id: "series.1.3.batch-vs-sgd.\(program)", title: "Part 1.3, \(title)", article: article) { out in
            var plots = SeriesPlots()
            try body(&plots, out)
            out.lossAxis = "epoch"
            return plots.values
        }
    }

    /// A loss curve drawn by the program, kept for `--plot` too.
    static func curve(_ plots: inout SeriesPlots, _ out: Transcript, _ label: String, _ losses: [Double]) {
        plots.plot(losses, label: label)
        for (epoch, loss) in losses.enumerated() { out.record(label, step: Double(epoch), loss: loss) }
    }

    /// `n` points on `y = 2x + 1` over [0, 1] with noise of standard deviation 0.1, drawn
    /// after `manual_seed(0)` (every call reseeds, as the program's `generate_data`).
    static func data(_ n: Int = 100) throws -> (x: Tensor, y: Tensor) {
        manualSeed(0)
        let x = try Tensor.linspace(0, 1, steps: n).unsqueeze(1)
        return (x, try 2.0 * x + 1.0 + 0.1 * Tensor.randnLike(x))
    }

    /// One hand-written step: `w -= lr·w.grad`, `b -= lr·b.grad` without recording, then the
    /// gradients zeroed in place.
    static func update(_ parameters: [Tensor], lr: Double) throws {
        try noGrad {
            for p in parameters { try p.sub_(p.grad! * lr) }
        }
        for p in parameters { try p.grad!.zero_() }
    }

    /// The whole batch each step; the loss of each epoch before its step.
    static func trainBatch(_ x: Tensor, _ y: Tensor, epochs: Int, lr: Double) throws -> [Double] {
        let w = try Tensor.randn(1, requiresGrad: true), b = try Tensor.randn(1, requiresGrad: true)
        var losses: [Double] = []
        for _ in 0..<epochs {
            let loss = try ((x * w + b - y) ** 2).mean()
            losses.append(try loss.item())
            try loss.backward()
            try update([w, b], lr: lr)
        }
        return losses
    }

    /// One point per step, in a new random order each epoch; the epoch's mean loss.
    static func trainStochastic(_ x: Tensor, _ y: Tensor, epochs: Int, lr: Double) throws -> [Double] {
        let w = try Tensor.randn(1, requiresGrad: true), b = try Tensor.randn(1, requiresGrad: true)
        let n = x.shape[0]
        var losses: [Double] = []
        for _ in 0..<epochs {
            var epochLoss = 0.0
            for i in try Tensor.randperm(n).toIntArray() {
                let loss = try (x[i] * w + b - y[i]) ** 2
                epochLoss += try loss.item()
                try loss.backward()
                try update([w, b], lr: lr)
            }
            losses.append(epochLoss / Double(n))
        }
        return losses
    }

    /// Shuffled mini-batches of `batchSize` (the last one shorter), picked with a tensor of
    /// indices; the epoch's loss weighted by batch size.
    static func trainMinibatch(_ x: Tensor, _ y: Tensor, batchSize: Int, epochs: Int, lr: Double) throws -> [Double] {
        let w = try Tensor.randn(1, requiresGrad: true), b = try Tensor.randn(1, requiresGrad: true)
        let n = x.shape[0]
        var losses: [Double] = []
        for _ in 0..<epochs {
            let permutation = try Tensor.randperm(n)
            var epochLoss = 0.0
            for start in stride(from: 0, to: n, by: batchSize) {
                let indices = try permutation[start..<(start + batchSize)]
                let (xi, yi) = (try x[indices], try y[indices])
                let loss = try ((xi * w + b - yi) ** 2).mean()
                epochLoss += try loss.item() * Double(xi.shape[0])
                try loss.backward()
                try update([w, b], lr: lr)
            }
            losses.append(epochLoss / Double(n))
        }
        return losses
    }
}
