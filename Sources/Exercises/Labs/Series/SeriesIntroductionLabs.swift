import Autograd

/// "Learn the Training Loop with PyTorch", Part 1.1: Introduction to the Training Loop and
/// Linear Regression. One program (a line fitted by `SGD`) and four exercises that change
/// its learning rate, its noise and its number of epochs, and predict a new point.
///
/// The series' programs draw their data and starting parameters without a seed, so even
/// PyTorch prints different numbers on every run; these labs are the seeded variants
/// (`torch.manual_seed(0)` before the program), as `Fixtures/series/generate.py` runs them.
enum SeriesIntroductionLabs {
    static let article = Article.trainingLoopSeries

    /// What one run of the post's program changes: the noise of the data, the learning
    /// rate, the epochs, and whether it predicts y at x = 4 at the end.
    struct Variant {
        var noise = 0.5
        var lr = 0.05
        var epochs = 200
        var predicts = false
    }

    static let labs: [Lab] = [
        lab("demo1", "the training loop: a line fitted by SGD (lr 0.05, 200 epochs)", Variant()),
        lab("ex1", "exercise 1: learning rate 0.5", Variant(lr: 0.5)),
        lab("ex2", "exercise 2: four times the noise", Variant(noise: 2.0)),
        lab("ex3", "exercise 3: 100 epochs", Variant(noise: 2.0, epochs: 100)),
        lab("ex4", "exercise 4: predict y at x = 4", Variant(noise: 2.0, epochs: 100, predicts: true)),
    ]

    static func lab(_ program: String, _ title: String, _ variant: Variant) -> Lab {
        Lab(id: "series.1.1.introduction.\(program)", title: "Part 1.1, \(title) (seeded variant)", article: article) { out in
            try run(variant, out)
        }
    }

    /// The post's program: 100 points on `y = 2x - 1` plus noise over [-3, 3], then `w` and
    /// `b` from `randn(1)` fitted by `SGD` on the mean squared error, printing every 50 epochs.
    static func run(_ variant: Variant, _ out: Transcript) throws -> [String: LabValue] {
        manualSeed(0)
        let x = try Tensor.linspace(-3, 3, steps: 100).unsqueeze(1)
        let y = try 2.0 * x + -1.0 + variant.noise * Tensor.randnLike(x)
        let w = try Tensor.randn(1, requiresGrad: true), b = try Tensor.randn(1, requiresGrad: true)
        let optimizer = try SGD([w, b], lr: variant.lr)
        for epoch in 0..<variant.epochs {
            let loss = try ((x * w + b - y) ** 2).mean()
            out.losses.append(try loss.item())
            optimizer.zeroGrad()
            try loss.backward()
            try optimizer.step()
            if (epoch + 1) % 50 == 0 {
                out.print("Epoch \(epoch + 1): Loss = \(Py.f(try loss.item(), 4)), w = \(Py.f(try w.item(), 4)), b = \(Py.f(try b.item(), 4))")
            }
        }
        if variant.predicts {
            let prediction = try Tensor([[4.0]]) * w.detach() + b.detach()
            out.print("Prediction for X=4.0: \(Py.f(try prediction.item(), 2))")
        }
        out.data = (try x.toArray(), try y.toArray())
        out.fit = (try w.item(), try b.item())
        var plots = SeriesPlots()
        plots.scatter(try x.toArray(), try y.toArray(), label: "Data")
        plots.plot(try noGrad { try (x * w + b).toArray() }, label: "Fitted Line")
        plots.plot(out.losses)
        return plots.values
    }
}
