import Autograd

/// Small-tensor eager workloads, where the cost is the framework's per-op overhead.
enum EagerWorkloads {
    static let all = [lab4, scalarChain, housePriceNet]

    /// Lab 4 of the autograd article: fit `w` and `b` to y = 2x + 1 by hand, 201 epochs.
    static let lab4 = Workload("lab4-201-epochs", "Lab 4: the two-parameter fit by hand, 201 epochs") {
        { try TwoParameterFit.run(epochs: 201) }
    }

    /// A chain of 1000 scalar ops (mul, add, sin, sub, repeated), then backward.
    static let scalarChain = Workload("scalar-chain-1000", "1000 scalar ops forward, then backward") {
        { try chain(Tensor(0.5, requiresGrad: true)).backward() }
    }

    /// The 1000 ops of the scalar chain applied to `x` (×1.01, +0.01, sin, −0.01, repeated).
    static func chain(_ x: Tensor) throws -> Tensor {
        var y = x
        for step in 0..<1000 {
            switch step % 4 {
            case 0: y = try y * 1.01
            case 1: y = try y + 0.01
            case 2: y = try y.sin()
            default: y = try y - 0.01
            }
        }
        return y
    }

    /// The basics article's house-price network (3-16-8-1), 50 Adam epochs with a
    /// validation loss every 10, from seeding to the last step.
    static let housePriceNet = Workload("house-price-50-adam", "House-price MLP 3-16-8-1, 50 Adam epochs") {
        { try HousePriceTraining.run(epochs: 50) }
    }
}

/// The loop of Lab 4 ("6.2.4 Autograd") without its prints.
enum TwoParameterFit {
    static func run(epochs: Int) throws {
        let x = Tensor([1.0, 2.0, 3.0, 4.0])
        let yTrue = Tensor([3.0, 5.0, 7.0, 9.0])
        let w = Tensor(0.0, requiresGrad: true)
        let b = Tensor(0.0, requiresGrad: true)
        let lr = 0.05
        for epoch in 0..<epochs {
            let yPred = try w * x + b
            let loss = try ((yPred - yTrue) ** 2).mean()
            try loss.backward()
            try noGrad {
                try w -= lr * w.grad!
                try b -= lr * b.grad!
            }
            if epoch % 50 == 0 {
                _ = (try loss.item(), try w.item(), try b.item())
            }
            try w.grad!.zero_()
            try b.grad!.zero_()
        }
    }
}

/// The house-price network of "PyTorch Basics Explained" trained as the article does, without its prints.
enum HousePriceTraining {
    static func run(epochs: Int) throws {
        manualSeed(42)
        let raw = try Tensor.randn([100, 3])
        let target = try raw.matmul(Tensor([0.5, 0.3, -0.2])) + 0.1 * Tensor.randn([100])
        let (trainFeatures, validFeatures) = (try raw[..<80], try raw[80...])
        let (trainTargets, validTargets) = (try target[..<80], try target[80...])
        let model = Sequential(try Linear(3, 16), ReLU(), try Linear(16, 8), ReLU(), try Linear(8, 1))
        let lossFunction = MSELoss()
        let optimizer = try Adam(model.parameters(), lr: 1e-3)
        for epoch in 1...epochs {
            model.train()
            optimizer.zeroGrad()
            let trainLoss = try lossFunction(model(trainFeatures).squeeze(1), trainTargets)
            try trainLoss.backward()
            try optimizer.step()
            if epoch % 10 == 0 {
                model.eval()
                let validLoss = try noGrad { try lossFunction(model(validFeatures).squeeze(1), validTargets) }
                _ = (try trainLoss.item(), try validLoss.item())
            }
        }
    }
}
