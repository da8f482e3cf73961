import Autograd

/// "Learn the Training Loop with PyTorch", Part 2.6: Regularization. A 1-64-64-1 tanh
/// network fitted to 30 noisy points of `sin(x)` three ways: as it is, with L2 weight decay
/// (`SGD(weight_decay:)`), and with `Dropout(p: 0.3)` after each activation; then the
/// strength of weight decay swept, dropout in a deeper network, and both at once.
/// The programs seed their own data (`manual_seed(42)`) and print nothing: the labs are
/// checked on the numbers they draw.
///
/// Where a program predicts without `model.eval()` first, dropout is still on while it
/// draws, so the drawn prediction is itself random; the labs do the same and draw the same.
enum SeriesRegularizationLabs {
    static let article = Article.trainingLoopSeries

    /// One model's training: its weight decay, and whether dropout follows each activation.
    struct Setting {
        var l2 = 0.0
        var dropout = false
    }

    static let labs: [Lab] = [
        lab("demo1", "no regularization") { plots in
            try single(&plots, Setting(), lossLabel: nil, predictionLabel: "Predicted")
        },
        lab("demo2", "L2 regularization (weight decay 0.1)") { plots in
            try single(&plots, Setting(l2: 0.1), lossLabel: "Train Loss (L2)", predictionLabel: "Predicted (L2)")
        },
        lab("demo3", "dropout (p = 0.3) after each activation") { plots in
            try single(&plots, Setting(dropout: true), lossLabel: "Train Loss (Dropout)", predictionLabel: "Predicted (Dropout)")
        },
        lab("demo4", "the three side by side") { plots in
            let (x, y, xTest, yTest) = try data()
            let settings = [Setting(), Setting(l2: 0.1), Setting(dropout: true)]
            var models: [TinyNetwork] = []
            for setting in settings {
                let model = try TinyNetwork(depth: 2)
                plots.plot(try train(model, x, y, setting))
                models.append(model)
            }
            plots.plot(try yTest.toArray(), label: "True Function")
            for (model, label) in zip(models, ["No Reg", "L2", "Dropout"]) {
                plots.plot(try noGrad { try model(xTest) }.toArray(), label: label)
            }
            plots.scatter(try x.toArray(), try y.toArray(), label: "Train Data")
        },
        lab("ex1", "exercise 1: weight decay 0.001, 0.01, 0.1 and 1.0") { plots in
            let (x, y, xTest, yTest) = try drawnData(&plots)
            // The program still trains the unregularized model first, drawing nothing of it.
            _ = try train(TinyNetwork(depth: 2), x, y, Setting())
            for l2 in [0.001, 0.01, 0.1, 1.0] {
                let model = try TinyNetwork(depth: 2)
                _ = try train(model, x, y, Setting(l2: l2))
                plots.plot(try noGrad { try model(xTest) }.toArray(), label: "l2=\(NumberFormat.pythonRepr(l2))")
            }
            plots.plot(try yTest.toArray(), label: "True")
            plots.scatter(try x.toArray(), try y.toArray())
        },
        lab("ex2", "exercise 2: dropout in a deeper network (four hidden layers)") { plots in
            let (x, y, xTest, yTest) = try drawnData(&plots)
            try deepWithDropout(&plots, x, y, xTest, yTest)
        },
        lab("ex3", "exercise 3: the deeper network, then weight decay and dropout together") { plots in
            let (x, y, xTest, yTest) = try drawnData(&plots)
            try deepWithDropout(&plots, x, y, xTest, yTest)
            let both = try TinyNetwork(depth: 2)
            _ = try train(both, x, y, Setting(l2: 0.01, dropout: true))
            plots.plot(try yTest.toArray(), label: "True")
            plots.plot(try noGrad { try both(xTest) }.toArray(), label: "L2 + Dropout")
            plots.scatter(try x.toArray(), try y.toArray())
        },
    ]

    static func lab(_ program: String, _ title: String, _ body: @escaping @Sendable (inout SeriesPlots) throws -> Void) -> Lab {
        Lab(id: "series.2.6.regularization.\(program)", title: "Part 2.6, \(title)", article: article) { _ in
            var plots = SeriesPlots()
            try body(&plots)
            return plots.values
        }
    }

    /// The post's networks: `Linear(1, 64)`, then `depth - 1` times tanh and `Linear(64, 64)`,
    /// then tanh and `Linear(64, 1)`, in a `Sequential` that dropout training rebuilds.
    final class TinyNetwork: Module {
        var isTraining = true
        var layers: Sequential
        init(depth: Int) throws {
            var modules: [any Module] = [try Linear(1, 64)]
            for _ in 1..<depth { modules += [Tanh(), try Linear(64, 64)] }
            layers = Sequential(modules + [Tanh(), try Linear(64, 1)])
        }
        var children: [(String, any Module)] { [("layers", layers)] }
        func forward(_ input: Tensor) throws -> Tensor { try layers(input) }
    }

    /// 30 training points of `sin(x)` plus noise of deviation 0.3 over [-3, 3] after
    /// `manual_seed(42)`, and 100 noise-free test points.
    static func data() throws -> (x: Tensor, y: Tensor, xTest: Tensor, yTest: Tensor) {
        manualSeed(42)
        let x = try Tensor.linspace(-3, 3, steps: 30).reshape(-1, 1)
        let y = try x.sin() + 0.3 * Tensor.randnLike(x)
        let xTest = try Tensor.linspace(-3, 3, steps: 100).reshape(-1, 1)
        return (x, y, xTest, try xTest.sin())
    }

    /// The data, drawn first as the programs do.
    static func drawnData(_ plots: inout SeriesPlots) throws -> (x: Tensor, y: Tensor, xTest: Tensor, yTest: Tensor) {
        let data = try data()
        plots.scatter(try data.x.toArray(), try data.y.toArray(), label: "Train data")
        plots.plot(try data.yTest.toArray(), label: "True function")
        return data
    }

    /// Full-batch SGD (lr 0.01, `setting`'s weight decay) on the mean squared error for 500
    /// epochs, `Dropout(0.3)` inserted after each tanh first if `setting` asks; the losses.
    static func train(_ model: TinyNetwork, _ x: Tensor, _ y: Tensor, _ setting: Setting) throws -> [Double] {
        if setting.dropout {
            model.layers = Sequential(
                try model.layers.layers.flatMap { layer -> [any Module] in layer is Tanh ? [layer, try Dropout(p: 0.3)] : [layer] })
        }
        let optimizer = try SGD(model.parameters(), lr: 0.01, weightDecay: setting.l2)
        model.train()
        var losses: [Double] = []
        for _ in 0..<500 {
            let loss = try MSELoss()(model(x), y)
            optimizer.zeroGrad()
            try loss.backward()
            try optimizer.step()
            losses.append(try loss.item())
        }
        return losses
    }

    /// demo1 to demo3: one model trained with `setting`, its loss curve, then its fit in eval mode.
    static func single(_ plots: inout SeriesPlots, _ setting: Setting, lossLabel: String?, predictionLabel: String) throws {
        let (x, y, xTest, yTest) = try drawnData(&plots)
        let model = try TinyNetwork(depth: 2)
        plots.plot(try train(model, x, y, setting), label: lossLabel)
        model.eval()
        let prediction = try noGrad { try model(xTest) }
        plots.scatter(try x.toArray(), try y.toArray(), label: "Train")
        plots.plot(try yTest.toArray(), label: "True")
        plots.plot(try prediction.toArray(), label: predictionLabel)
    }

    /// The deeper network (four hidden layers) trained with dropout and drawn still in
    /// training mode, as the exercises do.
    static func deepWithDropout(_ plots: inout SeriesPlots, _ x: Tensor, _ y: Tensor, _ xTest: Tensor, _ yTest: Tensor) throws {
        let deep = try TinyNetwork(depth: 4)
        _ = try train(deep, x, y, Setting(dropout: true))
        let prediction = try noGrad { try deep(xTest) }
        plots.plot(try yTest.toArray(), label: "True")
        plots.plot(try prediction.toArray(), label: "Dropout DeepNet")
        plots.scatter(try x.toArray(), try y.toArray())
    }
}
