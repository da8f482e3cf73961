import Autograd

/// "Learn the Training Loop with PyTorch", Part 1.2: Linear Regression by Hand. A line
/// `y = 2x - 1` plus noise fitted with gradients written out by hand (`dL/dw`, `dL/db` of the
/// mean squared error), then two features at once, then the same fit by autograd and `SGD`.
/// The programs seed `manual_seed(42)` themselves, so the labs print PyTorch's own numbers.
enum SeriesLinearRegressionLabs {
    static let article = Article.trainingLoopSeries

    static let labs: [Lab] = [
        lab("demo1", "a line fitted with hand-written gradients") { plots, out in
            try fitByHand(&plots, out)
        },
        lab("ex1", "exercise 1: the same fit, run again") { plots, out in
            try fitByHand(&plots, out)
        },
        lab("ex2", "exercise 2: two features, hand-written gradients") { _, out in
            manualSeed(42)
            let trueW = Tensor([1.5, -3.0]), trueB = 0.5, n = 100
            let x = try Tensor.rand(n, 2) * 2 - 1
            let y = try x.matmul(trueW) + trueB + 0.1 * Tensor.randn(n)
            let w = try Tensor.randn(2), b = try Tensor.randn(1)
            for _ in 0..<50 {
                let error = try x.matmul(w) + b - y
                let gradW = try (2.0 / Double(n)) * (x * error.unsqueeze(1)).sum(dim: 0)
                let gradB = try (2.0 / Double(n)) * error.sum()
                try w.sub_(0.1 * gradW)
                try b.sub_(0.1 * gradB)
            }
            out.print("Learned w: \(w)")
            out.print("True w:    \(trueW)")
        },
        lab("ex3", "exercise 3: the same line fitted by autograd and SGD") { plots, out in
            let (x, y) = try data()
            plots.scatter(try x.toArray(), try y.toArray(), label: "Data")
            let w = try Tensor.randn(1, requiresGrad: true), b = try Tensor.randn(1, requiresGrad: true)
            let optimizer = try SGD([w, b], lr: 0.1)
            var losses: [Double] = []
            for epoch in 0..<50 {
                optimizer.zeroGrad()
                let loss = try ((w * x + b - y) ** 2).mean()
                try loss.backward()
                try optimizer.step()
                losses.append(try loss.item())
                try progress(out, epoch, loss, w, b)
            }
            try finish(&plots, out, x, y, w, b, losses)
        },
    ]

    static func lab(_ program: String, _ title: String, _ body: @escaping @Sendable (inout SeriesPlots, Transcript) throws -> Void) -> Lab {
        Lab(id: "series.1.2.linear-regression.\(program)", title: "Part 1.2, \(title)", article: article) { out in
            var plots = SeriesPlots()
            try body(&plots, out)
            return plots.values
        }
    }

    /// 100 points on `y = 2x - 1` over [-1, 1] with noise of standard deviation 0.1, after
    /// `manual_seed(42)`.
    static func data() throws -> (x: Tensor, y: Tensor) {
        manualSeed(42)
        let x = try Tensor.linspace(-1, 1, steps: 100).unsqueeze(1)
        return (x, try 2.0 * x + -1.0 + 0.1 * Tensor.randn(100, 1))
    }

    /// The post's program: `w` and `b` from `randn(1)` without autograd, moved against
    /// `dL/dw = (2/N)·Σ(ŷ - y)·x` and `dL/db = (2/N)·Σ(ŷ - y)` for 50 epochs at lr 0.1.
    static func fitByHand(_ plots: inout SeriesPlots, _ out: Transcript) throws {
        let (x, y) = try data()
        plots.scatter(try x.toArray(), try y.toArray(), label: "Data")
        let w = try Tensor.randn(1), b = try Tensor.randn(1)
        var losses: [Double] = []
        for epoch in 0..<50 {
            let prediction = try w * x + b
            let loss = try ((prediction - y) ** 2).mean()
            losses.append(try loss.item())
            let gradW = try (2.0 / 100) * ((prediction - y) * x).sum()
            let gradB = try (2.0 / 100) * (prediction - y).sum()
            try w.sub_(0.1 * gradW)
            try b.sub_(0.1 * gradB)
            try progress(out, epoch, loss, w, b)
        }
        try finish(&plots, out, x, y, w, b, losses)
    }

    /// The progress line, at the first epoch and every tenth.
    static func progress(_ out: Transcript, _ epoch: Int, _ loss: Tensor, _ w: Tensor, _ b: Tensor) throws {
        guard (epoch + 1) % 10 == 0 || epoch == 0 else { return }
        out.print("Epoch \(Py.d(epoch + 1, 2)): loss = \(Py.f(try loss.item(), 4)), w = \(Py.f(try w.item(), 4)), b = \(Py.f(try b.item(), 4))")
    }

    /// The learned and true parameters, then the fitted line and the loss curve drawn.
    static func finish(
        _ plots: inout SeriesPlots, _ out: Transcript, _ x: Tensor, _ y: Tensor, _ w: Tensor, _ b: Tensor, _ losses: [Double]
    ) throws {
        out.print("")
        out.print("Learned parameters: w = \(Py.f(try w.item(), 4)), b = \(Py.f(try b.item(), 4))")
        out.print("True parameters:    w = \(Py.f(2, 4)), b = \(Py.f(-1, 4))")
        plots.scatter(try x.toArray(), try y.toArray(), label: "Data")
        plots.plot(try noGrad { try (w * x + b).toArray() }, label: "Learned Line")
        plots.plot(losses)
        out.losses = losses
        out.data = (try x.toArray(), try y.toArray())
        out.fit = (try w.item(), try b.item())
    }
}
