import Autograd

/// "Learn the Training Loop with PyTorch", Part 2.1: from Linear to Nonlinear Models. Two
/// interleaved half-moons (scikit-learn's `make_moons`, 200 points, noise 0.2, random state
/// 42) classified by a linear model, whose decision boundary can only be a line, and by a
/// small MLP, whose boundary bends; each trained on binary cross-entropy for 1000 steps,
/// and its probability map drawn over a 200 × 200 grid (`--plot` draws the last one).
///
/// The programs draw their starting weights without a seed; the labs are the seeded
/// variants (`torch.manual_seed(0)` before the program).
enum SeriesBeyondLinearLabs {
    static let article = Article.trainingLoopSeries

    static let labs: [Lab] = [
        lab("demo1", "a line cannot separate two moons; an 8-unit ReLU MLP can") { plots, out in
            let (x, y) = try moons()
            plots.scatter(try x.select(1, 0).toArray(), try x.select(1, 1).toArray())
            let linear = try trainLinear(x, y, out, optimizer: { try SGD($0, lr: 0.1) })
            try decisionMap(&plots, out, linear, x)
            let mlp = try trainMLP(x, y, out, hidden: 8, activation: ReLU())
            try decisionMap(&plots, out, mlp, x)
        },
        lab("ex1a", "exercise 1: tanh in the MLP") { plots, out in
            let (x, y) = try moons()
            _ = try trainLinear(x, y, out, optimizer: { try SGD($0, lr: 0.1) })
            try decisionMap(&plots, out, trainMLP(x, y, out, hidden: 8, activation: Tanh()), x)
        },
        lab("ex1b", "exercise 1: sigmoid in the MLP") { plots, out in
            let (x, y) = try moons()
            _ = try trainLinear(x, y, out, optimizer: { try SGD($0, lr: 0.1) })
            try decisionMap(&plots, out, trainMLP(x, y, out, hidden: 8, activation: Sigmoid()), x)
        },
        lab("ex2", "exercise 2: 32 hidden units") { plots, out in
            let (x, y) = try moons()
            _ = try trainLinear(x, y, out, optimizer: { try SGD($0, lr: 0.1) })
            try decisionMap(&plots, out, trainMLP(x, y, out, hidden: 32, activation: ReLU()), x)
        },
        lab("ex3", "exercise 3: the linear model trained by Adam") { plots, out in
            let (x, y) = try moons()
            try decisionMap(&plots, out, trainLinear(x, y, out, optimizer: { try Adam($0, lr: 0.05) }), x)
        },
    ]

    static func lab(_ program: String, _ title: String, _ body: @escaping @Sendable (inout SeriesPlots, Transcript) throws -> Void) -> Lab {
        Lab(id: "series.2.1.beyond-linear.\(program)", title: "Part 2.1, \(title) (seeded variant)", article: article) { out in
            manualSeed(0)
            var plots = SeriesPlots()
            try body(&plots, out)
            return plots.values
        }
    }

    /// The moons as float32: points `[200, 2]` and labels `[200, 1]`.
    static func moons() throws -> (x: Tensor, y: Tensor) {
        let (x, y) = try makeMoons(samples: 200, noise: 0.2, randomState: 42)
        return (try x.float(), try y.float().unsqueeze(1))
    }

    /// A classifier: `layers` then a sigmoid.
    final class Classifier: Module {
        var isTraining = true
        let layers: Sequential
        init(_ layers: Sequential) { self.layers = layers }
        var children: [(String, any Module)] { [("layers", layers)] }
        func forward(_ input: Tensor) throws -> Tensor { try layers(input).sigmoid() }
    }

    /// `Linear(2, 1)` and a sigmoid, trained for 1000 full-batch steps on `BCELoss`.
    static func trainLinear(_ x: Tensor, _ y: Tensor, _ out: Transcript, optimizer: ([Tensor]) throws -> any Optimizer) throws -> Classifier {
        let model = Classifier(Sequential(try Linear(2, 1)))
        try train(model, x, y, out, optimizer(model.parameters()))
        return model
    }

    /// `Linear(2, hidden)`, `activation`, `Linear(hidden, 1)` and a sigmoid, trained by Adam
    /// (lr 0.05) for 1000 full-batch steps on `BCELoss`.
    static func trainMLP(_ x: Tensor, _ y: Tensor, _ out: Transcript, hidden: Int, activation: any Module) throws -> Classifier {
        let model = Classifier(Sequential(try Linear(2, hidden), activation, try Linear(hidden, 1)))
        try train(model, x, y, out, Adam(model.parameters(), lr: 0.05))
        return model
    }

    static func train(_ model: Classifier, _ x: Tensor, _ y: Tensor, _ out: Transcript, _ optimizer: any Optimizer) throws {
        var loss = Tensor(0.0)
        for step in 0..<1000 {
            optimizer.zeroGrad()
            loss = try BCELoss()(model(x), y)
            try loss.backward()
            try optimizer.step()
            out.record(out.lossCurves.isEmpty ? "first model" : "model \(out.lossCurves.count + 1)", step: Double(step), loss: try loss.item())
        }
        out.print("Final training loss: \(Py.f(try loss.item(), 4))")
    }

    /// The program's `plot_decision_boundary`: the model's probability at each point of a
    /// 200 × 200 grid reaching half a unit past the data, then the data on top.
    static func decisionMap(_ plots: inout SeriesPlots, _ out: Transcript, _ model: Classifier, _ x: Tensor) throws {
        let columns = try (0..<2).map { try x.select(1, $0) }
        let axes = try columns.map { column in
            let low = Float(try (column.min() - 0.5).item())
            let high = Float(try (column.max() + 0.5).item())
            return numpyLinspace(low, high, 200)
        }
        // NumPy's meshgrid and `c_[xx.ravel(), yy.ravel()]`: x varies fastest.
        let grid = try Tensor(axes[1].flatMap { b in axes[0].map { a in [Double(a), Double(b)] } })
        let probabilities = try noGrad { try model(grid) }
        plots.contourf(try probabilities.toArray())
        plots.scatter(try columns[0].toArray(), try columns[1].toArray())
    }

    /// `np.linspace(start, stop, count)` of float32 ends: `i · ((stop - start) / (count - 1)) +
    /// start` in float32, the last point exactly `stop`.
    static func numpyLinspace(_ start: Float, _ stop: Float, _ count: Int) -> [Float] {
        let step = (stop - start) / Float(count - 1)
        return (0..<count).map { $0 == count - 1 ? stop : Float($0) * step + start }
    }
}
