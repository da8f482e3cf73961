import Autograd

/// "Learn the Training Loop with PyTorch", Part 2.4: Activation Functions. ReLU, sigmoid
/// and tanh drawn with their derivatives, a network fitted to `sin(x)` with and without a
/// nonlinearity between its layers (without one it is a line), and Swish, `z·sigmoid(z)`.
/// The programs print nothing; the labs are checked on the numbers they draw.
///
/// The fitting programs draw their starting weights without a seed; those labs are the
/// seeded variants (`torch.manual_seed(0)` before the program).
enum SeriesActivationLabs {
    static let article = Article.trainingLoopSeries

    static let labs: [Lab] = [
        lab("demo1", "ReLU, sigmoid and tanh over [-5, 5]") { plots in
            let z = try Tensor.linspace(-5, 5, steps: 200)
            plots.plot(try F.relu(z).toArray(), label: "ReLU")
            plots.plot(try z.sigmoid().toArray(), label: "Sigmoid")
            plots.plot(try z.tanh().toArray(), label: "Tanh")
        },
        lab("demo2", "sin(x) fitted with and without ReLU between the layers") { plots in
            try compareFits(&plots, activation: { try F.relu($0) })
        },
        lab("ex1", "exercise 1: each activation beside its derivative") { plots in
            let z = try Tensor.linspace(-5, 5, steps: 200)
            let sigmoid = try z.sigmoid(), tanh = try z.tanh()
            for (value, derivative) in [
                (try F.relu(z), try z.gt(0).float()),
                (sigmoid, try sigmoid * (1 - sigmoid)),
                (tanh, try 1 - tanh ** 2),
            ] {
                plots.plot(try value.toArray())
                plots.plot(try derivative.toArray())
            }
        },
        lab("ex2", "exercise 2: the same fits with tanh") { plots in
            try compareFits(&plots, activation: { try $0.tanh() })
        },
        lab("ex3", "exercise 3: Swish, z·sigmoid(z)") { plots in
            let z = try Tensor.linspace(-5, 5, steps: 200)
            plots.plot(try (z * z.sigmoid()).toArray(), label: "Swish")
        },
    ]

    static func lab(_ program: String, _ title: String, _ body: @escaping @Sendable (inout SeriesPlots) throws -> Void) -> Lab {
        let seeded = program.hasSuffix("2")
        return Lab(id: "series.2.4.activations.\(program)", title: "Part 2.4, \(title)\(seeded ? " (seeded variant)" : "")", article: article) {
            _ in
            manualSeed(0)
            var plots = SeriesPlots()
            try body(&plots)
            return plots.values
        }
    }

    /// The post's `SimpleNet`: `fc1` (1 → 10), the activation or nothing, `fc2` (10 → 1).
    final class SimpleNetwork: Module {
        var isTraining = true
        let fc1: Linear, fc2: Linear
        let activation: (@Sendable (Tensor) throws -> Tensor)?
        init(activation: (@Sendable (Tensor) throws -> Tensor)?) throws {
            (fc1, fc2, self.activation) = (try Linear(1, 10), try Linear(10, 1), activation)
        }
        var children: [(String, any Module)] { [("fc1", fc1), ("fc2", fc2)] }
        func forward(_ input: Tensor) throws -> Tensor {
            let hidden = try fc1(input)
            return try fc2(activation.map { try $0(hidden) } ?? hidden)
        }
    }

    /// 100 points of `sin(x)` over [-2π, 2π]; a network without and one with `activation`,
    /// each trained by Adam (lr 0.01) for 1000 epochs; the truth and both fits drawn.
    static func compareFits(_ plots: inout SeriesPlots, activation: @escaping @Sendable (Tensor) throws -> Tensor) throws {
        let x = try Tensor.linspace(-2 * Double.pi, 2 * Double.pi, steps: 100).unsqueeze(1)
        let y = try x.sin()
        let models = [try train(x, y, activation: nil), try train(x, y, activation: activation)]
        plots.plot(try y.toArray(), label: "True sin(x)")
        for (label, model) in zip(["No Activation (Linear Only)", "With ReLU Activation"], models) {
            plots.plot(try model(x).detach().toArray(), label: label)
        }
    }

    static func train(_ x: Tensor, _ y: Tensor, activation: (@Sendable (Tensor) throws -> Tensor)?) throws -> SimpleNetwork {
        let model = try SimpleNetwork(activation: activation)
        let optimizer = try Adam(model.parameters(), lr: 0.01)
        for _ in 0..<1000 {
            let loss = try F.mseLoss(model(x), y)
            optimizer.zeroGrad()
            try loss.backward()
            try optimizer.step()
        }
        return model
    }
}
