import Autograd

/// "Learn the Training Loop with PyTorch", Part 3.3: Weight Initialization. 1000 random
/// inputs pushed through a stack of 128-wide ReLU layers initialized three ways: normal
/// with standard deviation 1 (activations explode layer by layer), Xavier/Glorot and
/// Kaiming/He (they keep their scale); the histograms of each layer's activations are what
/// the programs draw. The exercises try constant zero weights, a small uniform range, eight
/// layers, and a network that initializes its own layers.
/// The programs seed themselves (`manual_seed(42)` per stack).
enum SeriesInitializationLabs {
    static let article = Article.trainingLoopSeries

    /// One initialization, as the program's `init_fn`.
    typealias Initializer = @Sendable (Tensor) throws -> Void

    static let normal: Initializer = { _ = try Init.normal($0, std: 1) }
    static let xavier: Initializer = { _ = try Init.xavierUniform($0) }
    static let kaiming: Initializer = { _ = try Init.kaimingNormal($0, nonlinearity: "relu") }

    static let labs: [Lab] = [
        lab("demo1", "normal (std 1), Xavier and Kaiming initializations, layer by layer") { plots, out in
            out.print("Normal initialization (std=1):")
            try histograms(&plots, normal, layers: 4)
            out.print("Xavier/Glorot initialization:")
            try histograms(&plots, xavier, layers: 4)
            out.print("Kaiming/He initialization (ReLU):")
            try histograms(&plots, kaiming, layers: 4)
        },
        lab("ex1", "exercise 1: every weight zero") { plots, _ in
            try histograms(&plots, { _ = try Init.constant($0, 0) }, layers: 4)
        },
        lab("ex2", "exercise 2: uniform in [-0.1, 0.1]") { plots, _ in
            try histograms(&plots, { _ = try Init.uniform($0, -0.1, 0.1) }, layers: 4)
        },
        lab("ex3", "exercise 3: Xavier through eight layers") { plots, _ in
            try histograms(&plots, xavier, layers: 8)
        },
        lab("ex4", "exercise 4: a network that initializes its own layers") { _, out in
            out.print(try ManualInitNet())
        },
    ]

    static func lab(_ program: String, _ title: String, _ body: @escaping @Sendable (inout SeriesPlots, Transcript) throws -> Void) -> Lab {
        Lab(id: "series.3.3.initialization.\(program)", title: "Part 3.3, \(title)", article: article) { out in
            var plots = SeriesPlots()
            try body(&plots, out)
            return plots.values
        }
    }

    /// The program's `plot_activations_hist`: after `manual_seed(42)`, `layers` 128 → 128
    /// linear layers initialized by `initializer` with zero biases, 1000 normal inputs, and
    /// the ReLU activations after each layer drawn as a histogram.
    static func histograms(_ plots: inout SeriesPlots, _ initializer: Initializer, layers count: Int) throws {
        manualSeed(42)
        let layers = try (0..<count).map { _ in
            let layer = try Linear(128, 128)
            try initializer(layer.weight)
            try Init.zeros(layer.bias!)
            return layer
        }
        var x = try Tensor.randn(1000, 128)
        for layer in layers {
            x = try layer(x).relu()
            plots.hist(try x.detach().toArray())
        }
    }

    /// Exercise 4's `ManualInitNet`: 64 → 128 → 64 → 10, He-uniform for the ReLU layers and
    /// Xavier for the last (the exercise's unused `MyMLP` is not built, as in the program).
    final class ManualInitNet: Module {
        var isTraining = true
        let fc1: Linear, fc2: Linear, fc3: Linear
        init() throws {
            (fc1, fc2, fc3) = (try Linear(64, 128), try Linear(128, 64), try Linear(64, 10))
            try Init.kaimingUniform(fc1.weight, nonlinearity: "relu")
            try Init.kaimingUniform(fc2.weight, nonlinearity: "relu")
            try Init.xavierUniform(fc3.weight)
        }
        var children: [(String, any Module)] { [("fc1", fc1), ("fc2", fc2), ("fc3", fc3)] }
        func forward(_ input: Tensor) throws -> Tensor { try fc3(fc2(fc1(input).relu()).relu()) }
    }
}
