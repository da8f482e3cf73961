import Autograd

/// "Learn the Training Loop with PyTorch", Part 3.4: Deeper Networks. One backward pass
/// through 20 stacked 32-wide layers, and the norm of each layer's weight gradient drawn
/// from first to last: with sigmoids the early layers' gradients vanish; a `BatchNorm1d`
/// or `LayerNorm` after each linear layer, or a residual connection around it, keeps them
/// alive; weights drawn with standard deviation 2 make them explode.
///
/// The exercises draw without a seed; their labs are the seeded variants
/// (`torch.manual_seed(0)` before the program).
enum SeriesDeeperNetworkLabs {
    static let article = Article.trainingLoopSeries
    static let depth = 20

    static let labs: [Lab] = [
        lab("demo1", "vanishing gradients through 20 sigmoid layers") { plots, _ in
            plots.plot(try vanilla())
        },
        lab("demo2", "BatchNorm1d after each layer") { plots, _ in
            let plain = try vanilla()
            plots.plot(plain)
            plots.plot(try gradientNorms(stack { Sequential(try Linear(32, 32), try BatchNorm1d(32)) }, activation: { try $0.sigmoid() }), label: "BatchNorm")
            plots.plot(plain, label: "Vanilla")
        },
        lab("demo3", "BatchNorm1d, then residual connections") { plots, _ in
            let plain = try vanilla()
            plots.plot(plain)
            plots.plot(try gradientNorms(stack { Sequential(try Linear(32, 32), try BatchNorm1d(32)) }, activation: { try $0.sigmoid() }), label: "BatchNorm")
            plots.plot(plain, label: "Vanilla")
            // The program's residual layer: `relu(layer(x)) + x`.
            plots.plot(try gradientNorms(stack { Residual(Sequential(try Linear(32, 32), ReLU())) }, activation: { $0 }), label: "Residual")
            plots.plot(plain, label: "Vanilla")
        },
        lab("ex1", "exercise 1: exploding gradients (weights of std 2, ReLU)", seeded: true) { plots, _ in
            let linears = try (0..<depth).map { _ in try Linear(32, 32) }
            for linear in linears {
                try Init.normal(linear.weight, std: 2)
                try Init.zeros(linear.bias!)
            }
            plots.plot(try gradientNorms(ModuleList(linears), activation: { try $0.relu() }))
        },
        lab("ex2", "exercise 2: LayerNorm after each layer", seeded: true) { plots, _ in
            plots.plot(try gradientNorms(stack { Sequential(try Linear(32, 32), try LayerNorm(32)) }, activation: { try $0.sigmoid() }))
        },
        lab("ex3", "exercise 3: a residual block as a module", seeded: true) { _, out in
            let block = Residual(try Linear(32, 32))
            let output = try block(try Tensor.randn(8, 32))
            out.print("Output shape: torch.Size(\(Py.list(output.shape)))")
        },
    ]

    static func lab(
        _ program: String, _ title: String, seeded: Bool = false, _ body: @escaping @Sendable (inout SeriesPlots, Transcript) throws -> Void
    ) -> Lab {
        Lab(id: "series.3.4.deeper-networks.\(program)", title: "Part 3.4, \(title)\(seeded ? " (seeded variant)" : "")", article: article) { out in
            manualSeed(0)
            var plots = SeriesPlots()
            try body(&plots, out)
            return plots.values
        }
    }

    /// `depth` layers made by `make`, in order (the program's `ModuleList`).
    static func stack(_ make: () throws -> any Module) throws -> ModuleList {
        ModuleList(try (0..<depth).map { _ in try make() })
    }

    /// The plain sigmoid network's gradient norms.
    static func vanilla() throws -> [Double] {
        try gradientNorms(stack { try Linear(32, 32) }, activation: { try $0.sigmoid() })
    }

    /// 16 normal inputs through `layers`, `activation` after each; the mean squared error
    /// against 16 normal targets, one backward pass, and the norm of each layer's first
    /// linear weight gradient (every layer here has one).
    static func gradientNorms(_ layers: ModuleList, activation: (Tensor) throws -> Tensor) throws -> [Double] {
        let x = try Tensor.randn(16, 32), target = try Tensor.randn(16, 32)
        let output = try layers.reduce(x) { try activation($1($0)) }
        try (output - target).pow(2).mean().backward()
        return try layers.map { layer in
            let weight = layer.namedParameters().first { $0.0.hasSuffix("weight") }!.1
            return try weight.grad!.norm().item()
        }
    }
}
