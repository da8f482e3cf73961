import Autograd

/// "Learn the Training Loop with PyTorch", Part 3.1: Optimizers beyond SGD. The same line
/// (`y = 2x + 3` plus noise, 100 points) fitted by SGD, RMSprop and Adam for 100 steps
/// each, their loss curves and fitted lines drawn side by side; the exercises raise the
/// learning rate, add momentum, add noise and print what each learned.
/// The programs seed their data (`manual_seed(42)`) themselves.
enum SeriesOptimizerLabs {
    static let article = Article.trainingLoopSeries

    /// What each program changes.
    struct Variant {
        var lr = 0.1
        var momentum = 0.0
        var noise = 0.2
        var printsParameters = false
    }

    static let labs: [Lab] = [
        lab("demo1", "SGD, RMSprop and Adam on one line (lr 0.1)", Variant()),
        lab("ex1", "exercise 1: learning rate 0.2", Variant(lr: 0.2)),
        lab("ex2", "exercise 2: SGD with momentum 0.9", Variant(lr: 0.2, momentum: 0.9)),
        lab("ex3", "exercise 3: noise of deviation 0.5", Variant(lr: 0.2, noise: 0.5)),
        lab("ex4", "exercise 4: what each optimizer learned", Variant(lr: 0.2, noise: 0.5, printsParameters: true)),
    ]

    static func lab(_ program: String, _ title: String, _ variant: Variant) -> Lab {
        Lab(id: "series.3.1.optimizers.\(program)", title: "Part 3.1, \(title)", article: article) { out in
            try run(variant, out)
        }
    }

    /// The post's program with `variant`'s changes.
    static func run(_ variant: Variant, _ out: Transcript) throws -> [String: LabValue] {
        manualSeed(42)
        let x = try Tensor.linspace(0, 1, steps: 100).unsqueeze(1)
        let y = try 2 * x + 3 + variant.noise * Tensor.randnLike(x)
        let names = ["SGD", "RMSPROP", "ADAM"]
        var models: [Linear] = []
        var plots = SeriesPlots()
        var curves: [[Double]] = []
        for name in names {
            let model = try Linear(1, 1)
            let optimizer: any Optimizer =
                switch name {
                case "SGD": try SGD(model.parameters(), lr: variant.lr, momentum: variant.momentum)
                case "RMSPROP": try RMSprop(model.parameters(), lr: variant.lr, alpha: 0.9)
                default: try Adam(model.parameters(), lr: variant.lr, betas: (0.9, 0.999))
                }
            var losses: [Double] = []
            for _ in 0..<100 {
                optimizer.zeroGrad()
                let loss = try MSELoss()(model(x), y)
                try loss.backward()
                try optimizer.step()
                losses.append(try loss.item())
            }
            for (epoch, loss) in losses.enumerated() { out.record(name, step: Double(epoch), loss: loss) }
            curves.append(losses)
            models.append(model)
        }
        for (name, losses) in zip(names, curves) { plots.plot(losses, label: name) }
        plots.scatter(try x.toArray(), try y.toArray(), label: "Data")
        let grid = try Tensor.linspace(0, 1, steps: 100).unsqueeze(1)
        for (name, model) in zip(names, models) { plots.plot(try model(grid).detach().toArray(), label: name) }
        if variant.printsParameters {
            for (name, model) in zip(names, models) {
                out.print("\(name) learns w = \(Py.f(try model.weight.item(), 2)), b = \(Py.f(try model.bias!.item(), 2))")
            }
        }
        return plots.values
    }
}
