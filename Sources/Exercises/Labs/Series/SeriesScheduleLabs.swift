import Autograd

/// "Learn the Training Loop with PyTorch", Part 3.2: Learning Rate Schedules. A line fitted
/// by SGD at a constant learning rate of 0.1 beside one that `StepLR` cuts to 0.01 after 50
/// epochs; the exercises add an exponential decay (`ExponentialLR`, γ = 0.95) and a
/// schedule that halves the rate when the loss stops improving (`ReduceLROnPlateau`).
/// The programs seed themselves (`manual_seed(0)`).
enum SeriesScheduleLabs {
    static let article = Article.trainingLoopSeries

    static let labs: [Lab] = [
        lab("demo1", "constant learning rate against a step decay", exercises: 0),
        lab("ex1", "exercise 1: an exponential decay too", exercises: 1),
        lab("ex2", "exercise 2: reduce on plateau", exercises: 2),
    ]

    static func lab(_ program: String, _ title: String, exercises: Int) -> Lab {
        Lab(id: "series.3.2.schedules.\(program)", title: "Part 3.2, \(title)", article: article) { out in
            try run(exercises: exercises, out)
        }
    }

    /// The post's program and, after it, the first `exercises` exercise solutions.
    static func run(exercises: Int, _ out: Transcript) throws -> [String: LabValue] {
        manualSeed(0)
        let x = try Tensor.linspace(-1, 1, steps: 200).unsqueeze(1)
        let y = try 2 * x + 1 + 0.2 * Tensor.randnLike(x)
        var plots = SeriesPlots()
        let constantModel = try Linear(1, 1)
        let constant = try train(constantModel, x, y, SGD(constantModel.parameters(), lr: 0.1), out, "Constant LR (0.1)")
        let stepModel = try Linear(1, 1)
        let stepOptimizer = try SGD(stepModel.parameters(), lr: 0.1)
        let stepDecay = try train(stepModel, x, y, stepOptimizer, out, "Step Decay LR", schedule: StepLR(stepOptimizer, stepSize: 50, gamma: 0.1).step)
        plots.plot(constant, label: "Constant LR (0.1)")
        plots.plot(stepDecay, label: "Step Decay LR (0.1 → 0.01 at 50)")
        if exercises >= 1 {
            let model = try Linear(1, 1)
            let optimizer = try SGD(model.parameters(), lr: 0.1)
            let exponential = try train(model, x, y, optimizer, out, "Exponential Decay LR", schedule: ExponentialLR(optimizer, gamma: 0.95).step)
            plots.plot(constant, label: "Constant LR (0.1)")
            plots.plot(stepDecay, label: "Step Decay LR")
            plots.plot(exponential, label: "Exponential Decay LR ($\\gamma=0.95$)")
        }
        if exercises >= 2 {
            let model = try Linear(1, 1)
            let optimizer = try SGD(model.parameters(), lr: 0.1)
            let plateau = try ReduceLROnPlateau(optimizer, factor: 0.5, patience: 10)
            var losses: [Double] = []
            for epoch in 0..<100 {
                optimizer.zeroGrad()
                let loss = try MSELoss()(model(x), y)
                try loss.backward()
                try optimizer.step()
                losses.append(try loss.item())
                out.record("ReduceLROnPlateau", step: Double(epoch), loss: losses.last!)
                plateau.step(losses.last!)
            }
            plots.plot(constant, label: "Constant LR (0.1)")
            plots.plot(losses, label: "ReduceLROnPlateau")
        }
        return plots.values
    }

    /// 100 full-batch SGD steps on the mean squared error, `schedule` stepped after each.
    static func train(
        _ model: Linear, _ x: Tensor, _ y: Tensor, _ optimizer: SGD, _ out: Transcript, _ name: String,
        schedule: (() throws -> Void)? = nil
    ) throws -> [Double] {
        var losses: [Double] = []
        for epoch in 0..<100 {
            model.train()
            optimizer.zeroGrad()
            let loss = try MSELoss()(model(x), y)
            try loss.backward()
            try optimizer.step()
            try schedule?()
            losses.append(try loss.item())
            out.record(name, step: Double(epoch), loss: losses.last!)
        }
        return losses
    }
}
