import Autograd

/// "Learn the Training Loop with PyTorch", Part 2.3: a Neural Network from Scratch. A
/// one-hidden-layer network with its weights as plain tensors (`W1`, `b1`, `W2`, `b2`),
/// fitted to `sin(x)` over [-2π, 2π] by hand-written gradient steps; the exercises swap
/// ReLU for tanh, widen the layer, stop early and add noise.
///
/// The programs draw their starting weights without a seed; the labs are the seeded
/// variants (`torch.manual_seed(0)` before the program), as the generator runs them.
enum SeriesSineNetworkLabs {
    static let article = Article.trainingLoopSeries

    /// What each program changes in the post's loop.
    struct Variant {
        var hidden = 10
        var lr = 1e-2
        var tanh = false
        /// The exercises draw a second set of starting weights and train that one.
        var redrawn = true
        var printsProgress = false
        var earlyStop: Double? = nil
        var noisy = false
    }

    static let labs: [Lab] = [
        lab("demo1", "a 1-10-1 ReLU network fitted to sin(x) by hand-written steps", Variant(redrawn: false, printsProgress: true)),
        lab("ex1", "exercise 1: tanh instead of ReLU", Variant(tanh: true)),
        lab("ex2", "exercise 2: 50 hidden units at lr 1e-3", Variant(hidden: 50, lr: 1e-3)),
        lab("ex3", "exercise 3: stop early below a loss of 0.01", Variant(earlyStop: 0.01)),
        lab("ex4", "exercise 4: noisy targets, stopping early", Variant(earlyStop: 0.01, noisy: true)),
    ]

    static func lab(_ program: String, _ title: String, _ variant: Variant) -> Lab {
        Lab(id: "series.2.3.sine-network.\(program)", title: "Part 2.3, \(title) (seeded variant)", article: article) { out in
            try run(variant, out)
        }
    }

    /// The post's program with `variant`'s changes.
    static func run(_ variant: Variant, _ out: Transcript) throws -> [String: LabValue] {
        manualSeed(0)
        let x = try Tensor.linspace(-2 * Double.pi, 2 * Double.pi, steps: 300).unsqueeze(1)
        let truth = try x.sin()
        let target = variant.noisy ? try truth + 0.1 * Tensor.randnLike(truth) : truth
        var parameters = try weights(hidden: variant.hidden)
        if variant.redrawn { parameters = try weights(hidden: variant.hidden) }
        let (w1, b1, w2, b2) = (parameters[0], parameters[1], parameters[2], parameters[3])
        var losses: [Double] = []
        for epoch in 0..<1000 {
            let h = try x.matmul(w1) + b1
            let prediction = try (variant.tanh ? h.tanh() : h.relu()).matmul(w2) + b2
            let loss = try ((prediction - target) ** 2).mean()
            losses.append(try loss.item())
            if let threshold = variant.earlyStop, losses.last! < threshold {
                out.print("Early stop at epoch \(epoch + 1), Loss: \(Py.f(losses.last!, 4))")
                break
            }
            try loss.backward()
            try noGrad {
                for p in parameters { try p.sub_(variant.lr * p.grad!) }
                for p in parameters { try p.grad!.zero_() }
            }
            if variant.printsProgress && (epoch + 1) % 100 == 0 {
                out.print("Epoch \(Py.d(epoch + 1, 4)), Loss: \(Py.f(losses.last!, 4))")
            }
        }
        // The programs draw the prediction with ReLU whichever activation they trained with.
        let prediction = try noGrad { try (x.matmul(w1) + b1).relu().matmul(w2) + b2 }
        var plots = SeriesPlots()
        plots.plot(try target.toArray(), label: "True Function")
        plots.plot(try prediction.toArray(), label: "Neural Net Prediction")
        plots.plot(losses)
        out.losses = losses
        return plots.values
    }

    /// `W1 = randn(1, hidden)`, `b1 = zeros(hidden)`, `W2 = randn(hidden, 1)`, `b2 = zeros(1)`,
    /// each requiring gradients.
    static func weights(hidden: Int) throws -> [Tensor] {
        [
            try Tensor.randn(1, hidden, requiresGrad: true), try Tensor.zeros([hidden], requiresGrad: true),
            try Tensor.randn(hidden, 1, requiresGrad: true), try Tensor.zeros([1], requiresGrad: true),
        ]
    }
}
