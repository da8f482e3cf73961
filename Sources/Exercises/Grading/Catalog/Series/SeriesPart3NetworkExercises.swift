import Autograd
import SolutionKit

/// The exercises of "Learn the Training Loop with PyTorch, Part 3.3: Weight Initialization".
enum InitializationExercises {
    static let article = "Learn the Training Loop with PyTorch, Part 3.3: Weight Initialization"

    /// Exercises 1 to 3 with a learner's slip in them: after `manualSeed(seed)`, `layers`
    /// `Linear(128, 128)` layers, each initialized by `initialize` as it is made, biases
    /// zeroed unless `zeroBias` is false; 100 normal inputs drawn after the layers (before
    /// them when `inputFirst`); each layer's ReLU activations' mean and standard deviation.
    static func activationStatistics(
        seed: Int, layers: Int, zeroBias: Bool = true, inputFirst: Bool = false, _ initialize: (Tensor) throws -> Void
    ) throws -> [Value] {
        manualSeed(UInt64(truncatingIfNeeded: seed))
        var early: Tensor? = nil
        if inputFirst { early = try Tensor.randn(100, 128) }
        let stack = try (0..<max(layers, 0)).map { _ in
            let layer = try Linear(128, 128)
            try initialize(layer.weight)
            if zeroBias { try Init.zeros(layer.bias!) }
            return layer
        }
        var x = try early ?? Tensor.randn(100, 128)
        var means: [Double] = [], stds: [Double] = []
        for layer in stack {
            x = try layer(x).relu()
            means.append(try x.mean().item())
            stds.append(try x.std().item())
        }
        return [.numbers(means), .numbers(stds)]
    }

    /// The slips Exercises 1 to 3 share, for weights initialized by `initialize`.
    static func sharedMistakes(_ call: Call, layers: Int, _ initialize: @escaping @Sendable (Tensor) throws -> Void) -> [Mistake?] {
        let seed = call.integer(0)
        return [
            Mistake(
                "the biases keep Linear's default values: set each layer's bias to zeros (Init.zeros(layer.bias!)) right after initializing its weight.",
                .computed { try activationStatistics(seed: seed, layers: layers, zeroBias: false, initialize) }),
            Mistake(
                "the input was drawn before the layers were made: make (and initialize) every layer first, then draw x = randn(100, 128); making a Linear draws from the generator.",
                .computed { try activationStatistics(seed: seed, layers: layers, inputFirst: true, initialize) }),
            Mistake.argument(call, 0, .integer(42), "the seed argument is ignored: call manualSeed(UInt64(seed)) before making the layers."),
        ]
    }

    static let exercise1 = GradedExercise(
        id: "series.3.3.initialization.ex1", task: 51, title: "Part 3.3, Exercise 1: zero and constant weights", article: article,
        function: .constantInitActivations,
        hint:
            "manualSeed(seed); for each layer: Linear(128, 128), then Init.constant(weight, value) and Init.zeros(bias), before the next layer; then x = randn(100, 128); after each layer x = layer(x).relu(), recording x.mean() and x.std() (unbiased).",
        mistakes: { call in
            let value = call.number(1)
            var mistakes = sharedMistakes(call, layers: call.integer(2)) { _ = try Init.constant($0, value) }
            mistakes.append(
                Mistake.argument(call, 1, .number(0), "every weight is 0 whatever value is: fill each weight with value (Init.constant(layer.weight, value))."))
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 3.3, Exercise 1: activations after constant weights", points: 2,
                code:
                    "try constantInitActivations(42, 0, 4)  // mean [0, 0, 0, 0], std [0, 0, 0, 0]: with zero weights and zero biases every activation is 0 (100 samples where the program draws 1000), and the reference's for values drawn per grading run"
            ) { draw in
                [
                    Call(.constantInitActivations, [.integer(42), .number(0), .integer(4)]),
                    Call(
                        .constantInitActivations,
                        [.integer(draw.integer(43...9999)), .number(draw.number(0.008...0.02, decimals: 3)), .integer(draw.integer(2...5))]),
                ]
            }
        ])

    static let exercise2 = GradedExercise(
        id: "series.3.3.initialization.ex2", task: 52, title: "Part 3.3, Exercise 2: a custom uniform initialization", article: article,
        function: .uniformInitActivations,
        hint:
            "manualSeed(seed); for each layer: Linear(128, 128), then Init.uniform(weight, -bound, bound) and Init.zeros(bias), before the next layer; then x = randn(100, 128); after each layer x = layer(x).relu(), recording x.mean() and x.std() (unbiased).",
        mistakes: { call in
            let bound = call.number(1)
            var mistakes = sharedMistakes(call, layers: call.integer(2)) { _ = try Init.uniform($0, -bound, bound) }
            mistakes += [
                Mistake.argument(call, 1, .number(0.1), "the bound argument is ignored: the weights are drawn in [-0.1, 0.1) whatever bound is."),
                Mistake(
                    "the weights are drawn in [0, bound): the range is symmetric, Init.uniform(layer.weight, -bound, bound).",
                    .computed { try activationStatistics(seed: call.integer(0), layers: call.integer(2)) { _ = try Init.uniform($0, 0, bound) } }),
            ]
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 3.3, Exercise 2: activations after uniform weights", points: 2,
                code:
                    "try uniformInitActivations(42, 0.1, 4)  // 4 means and 4 standard deviations, each layer's spread about half the last's (100 samples where the program draws 1000), and the reference's for values drawn per grading run"
            ) { draw in
                [
                    Call(.uniformInitActivations, [.integer(42), .number(0.1), .integer(4)]),
                    Call(
                        .uniformInitActivations,
                        [.integer(draw.integer(43...9999)), .number(draw.number(0.12...0.3, decimals: 2)), .integer(draw.integer(2...6))]),
                ]
            }
        ])

    static let exercise3 = GradedExercise(
        id: "series.3.3.initialization.ex3", task: 53, title: "Part 3.3, Exercise 3: Xavier through more layers", article: article,
        function: .xavierDepthActivations,
        hint:
            "manualSeed(seed); for each layer: Linear(128, 128), then Init.xavierUniform(weight) and Init.zeros(bias), before the next layer; then x = randn(100, 128); after each layer x = layer(x).relu(), recording x.mean() and x.std() (unbiased).",
        mistakes: { call in
            var mistakes = sharedMistakes(call, layers: call.integer(1)) { _ = try Init.xavierUniform($0) }
            mistakes += [
                Mistake.argument(call, 1, .integer(8), "the layers argument is ignored: the network has 8 layers whatever layers is."),
                Mistake(
                    "the weights are Xavier-normal: this exercise uses the uniform form, Init.xavierUniform(layer.weight).",
                    .computed { try activationStatistics(seed: call.integer(0), layers: call.integer(1)) { _ = try Init.xavierNormal($0) } }),
                Mistake(
                    "the weights are Kaiming (He): this exercise uses Xavier's, Init.xavierUniform(layer.weight).",
                    .computed {
                        try activationStatistics(seed: call.integer(0), layers: call.integer(1)) { _ = try Init.kaimingUniform($0, nonlinearity: "relu") }
                    }),
            ]
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 3.3, Exercise 3: activations through Xavier layers", points: 2,
                code:
                    "try xavierDepthActivations(42, 8)  // 8 means and 8 standard deviations, each layer's spread about √½ times the last's (100 samples where the program draws 1000), and the reference's for values drawn per grading run"
            ) { draw in
                [
                    Call(.xavierDepthActivations, [.integer(42), .integer(8)]),
                    Call(.xavierDepthActivations, [.integer(draw.integer(43...9999)), .integer(draw.integer(3...12))]),
                ]
            }
        ])

    /// Exercise 4's initialization of one layer (`last` is fc3), with a learner's slips.
    private static func initializeLayer(_ layer: Linear, last: Bool, kaimingNormal: Bool, xavierLast: Bool) throws {
        if last {
            if xavierLast { try Init.xavierUniform(layer.weight) }
        } else if kaimingNormal {
            try Init.kaimingNormal(layer.weight, nonlinearity: "relu")
        } else {
            try Init.kaimingUniform(layer.weight, nonlinearity: "relu")
        }
    }

    /// Exercise 4 with a learner's slip: each layer initialized as soon as it is made
    /// (`interleaved`), He-normal where He-uniform belongs, or fc3 left at Linear's default.
    static func network(seed: Int, interleaved: Bool = false, kaimingNormal: Bool = false, xavierLast: Bool = true) throws -> [Value] {
        manualSeed(UInt64(truncatingIfNeeded: seed))
        var layers: [Linear] = []
        for (index, (inputs, outputs)) in [(64, 128), (128, 64), (64, 10)].enumerated() {
            layers.append(try Linear(inputs, outputs))
            if interleaved { try initializeLayer(layers[index], last: index == 2, kaimingNormal: kaimingNormal, xavierLast: xavierLast) }
        }
        if !interleaved {
            for (index, layer) in layers.enumerated() {
                try initializeLayer(layer, last: index == 2, kaimingNormal: kaimingNormal, xavierLast: xavierLast)
            }
        }
        let weightStd = try layers.map { try $0.weight.std().item() }
        let output = try noGrad { try layers[2](layers[1](layers[0](Tensor.randn(1, 64)).relu()).relu()) }
        return [.numbers(weightStd), .numbers(try output.toArray())]
    }

    static let exercise4 = GradedExercise(
        id: "series.3.3.initialization.ex4", task: 54, title: "Part 3.3, Exercise 4: a network that initializes its own layers", article: article,
        function: .manualInitNetwork,
        hint:
            "manualSeed(seed); make fc1 = Linear(64, 128), fc2 = Linear(128, 64), fc3 = Linear(64, 10) first; then Init.kaimingUniform(fc1.weight, nonlinearity: \"relu\"), the same for fc2.weight, Init.xavierUniform(fc3.weight); return each weight's std() (unbiased) and the network's output fc3(relu(fc2(relu(fc1(x))))) for x = randn(1, 64) drawn after the network is made.",
        mistakes: { call in
            let seed = call.integer(0)
            let mistakes: [Mistake?] = [
                Mistake(
                    "each layer was initialized right after it was made: make all three layers first, then initialize fc1, fc2 and fc3 (making a Linear draws from the generator).",
                    .computed { try network(seed: seed, interleaved: true) }),
                Mistake(
                    "fc1 and fc2 are He-normal: use the uniform form, Init.kaimingUniform(weight, nonlinearity: \"relu\").",
                    .computed { try network(seed: seed, kaimingNormal: true) }),
                Mistake(
                    "fc3 keeps Linear's default initialization: give it Init.xavierUniform(fc3.weight).",
                    .computed { try network(seed: seed, xavierLast: false) }),
                Mistake.argument(call, 0, .integer(42), "the seed argument is ignored: call manualSeed(UInt64(seed)) before making the network."),
            ]
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 3.3, Exercise 4: the weights' standard deviations", points: 1,
                code:
                    "try manualInitNetwork(42).weightStd  // about [0.177, 0.125, 0.164]: √2/√64, √2/√128 and √(2/74), the standard deviations of the inits, and the reference's for a seed drawn per grading run",
                part: 0
            ) { draw in
                [Call(.manualInitNetwork, [.integer(42)]), Call(.manualInitNetwork, [.integer(draw.integer(43...9999))])]
            },
            .answers(
                "Part 3.3, Exercise 4: the network's output", points: 2,
                code: "try manualInitNetwork(42).output  // 10 numbers, and the reference's for a seed drawn per grading run", part: 1
            ) { draw in
                [Call(.manualInitNetwork, [.integer(42)]), Call(.manualInitNetwork, [.integer(draw.integer(43...9999))])]
            },
        ])

    static let all: [GradedExercise] = [exercise1, exercise2, exercise3, exercise4]
}

/// The exercises of "Learn the Training Loop with PyTorch, Part 3.4: Deeper Networks and
/// Backprop Challenges".
enum DeeperNetworkExercises {
    static let article = "Learn the Training Loop with PyTorch, Part 3.4: Deeper Networks and Backprop Challenges"

    /// Exercise 1 with a learner's slip: biases left at Linear's default (`zeroBias` false),
    /// each layer's weight drawn as soon as it is made (`interleaved`), or each norm read
    /// before the ReLU (`normBeforeReLU`).
    static func exploding(
        seed: Int, std: Double, depth: Int, zeroBias: Bool = true, interleaved: Bool = false, normBeforeReLU: Bool = false
    ) throws -> [Value] {
        manualSeed(UInt64(truncatingIfNeeded: seed))
        var layers: [Linear] = []
        for _ in 0..<max(depth, 0) {
            layers.append(try Linear(32, 32))
            if interleaved {
                try Init.normal(layers[layers.count - 1].weight, std: std)
                if zeroBias { try Init.zeros(layers[layers.count - 1].bias!) }
            }
        }
        if !interleaved {
            for layer in layers {
                try Init.normal(layer.weight, std: std)
                if zeroBias { try Init.zeros(layer.bias!) }
            }
        }
        var h = try Tensor.randn(16, 32)
        let target = try Tensor.randn(16, 32)
        var norms: [Double] = []
        for layer in layers {
            let z = try layer(h)
            h = try z.relu()
            norms.append(try (normBeforeReLU ? z : h).detach().norm().item())
        }
        try (h - target).pow(2).mean().backward()
        return [.numbers(norms), .numbers(try layers.map { try $0.weight.grad!.norm().item() })]
    }

    static let exercise1 = GradedExercise(
        id: "series.3.4.deeper-networks.ex1", task: 55, title: "Part 3.4, Exercise 1: exploding gradients", article: article,
        function: .explodingGradientNorms,
        hint:
            "manualSeed(seed); make all depth Linear(32, 32) layers first, then for each: Init.normal(weight, std: std) and Init.zeros(bias); x = randn(16, 32), then target = randn(16, 32); h = layer(h).relu() through the layers, recording h.norm() after each ReLU; backward of (h - target).pow(2).mean(); then each layer.weight.grad!.norm(), first layer first.",
        mistakes: { call in
            let seed = call.integer(0), std = call.number(1), depth = call.integer(2)
            let mistakes: [Mistake?] = [
                Mistake(
                    "the norms are listed from the last layer to the first: list them first layer first.",
                    .fromExpected { values in
                        guard values.count == 2 else { return nil }
                        return values.map { Value.numbers(Array(($0.list ?? []).reversed())) }
                    }),
                Mistake(
                    "the biases keep Linear's default values: set each bias to zeros (Init.zeros(layer.bias!)) after drawing its weight.",
                    .computed { try exploding(seed: seed, std: std, depth: depth, zeroBias: false) }),
                Mistake(
                    "each weight was drawn right after its layer was made: make all the layers first, then draw the weights layer by layer (making a Linear draws from the generator).",
                    .computed { try exploding(seed: seed, std: std, depth: depth, interleaved: true) }),
                Mistake(
                    "the activation norms are read before the ReLU: record h.norm() after h = layer(h).relu().",
                    .computed { try exploding(seed: seed, std: std, depth: depth, normBeforeReLU: true) }),
                Mistake.argument(call, 1, .number(2), "the std argument is ignored: the weights are drawn with standard deviation 2 whatever std is."),
                Mistake.argument(call, 0, .integer(0), "the seed argument is ignored: call manualSeed(UInt64(seed)) before making the layers."),
            ]
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 3.4, Exercise 1: the activations' norms", points: 1,
                code:
                    "try explodingGradientNorms(0, 2.0, 4).activations  // 4 norms growing about 8-fold a layer (4 layers where the program's 20 overflow float32), and the reference's for values drawn per grading run",
                part: 0
            ) { draw in
                [
                    Call(.explodingGradientNorms, [.integer(0), .number(2.0), .integer(4)]),
                    Call(
                        .explodingGradientNorms,
                        [.integer(draw.integer(1...9999)), .number(draw.number(2.2...3.0, decimals: 1)), .integer(draw.integer(3...5))]),
                ]
            },
            .answers(
                "Part 3.4, Exercise 1: the gradients' norms", points: 2,
                code:
                    "try explodingGradientNorms(0, 2.0, 4).gradients  // 4 norms in the millions, and the reference's for values drawn per grading run",
                part: 1
            ) { draw in
                [
                    Call(.explodingGradientNorms, [.integer(0), .number(2.0), .integer(4)]),
                    Call(
                        .explodingGradientNorms,
                        [.integer(draw.integer(1...9999)), .number(draw.number(2.2...3.0, decimals: 1)), .integer(draw.integer(3...5))]),
                ]
            },
        ])

    /// Exercise 2 with a learner's slip: BatchNorm1d where LayerNorm belongs, the norm
    /// layer's weight gradient read instead of the linear layer's, or the second network fed
    /// the first one's inputs and targets.
    static func sigmoidNetworks(
        seed: Int, depth: Int, batchNorm: Bool = false, normWeight: Bool = false, reuseInputs: Bool = false
    ) throws -> [Value] {
        manualSeed(UInt64(truncatingIfNeeded: seed))
        let plain = try (0..<max(depth, 0)).map { _ in try Linear(32, 32) }
        let x = try Tensor.randn(16, 32), target = try Tensor.randn(16, 32)
        var h = x
        for layer in plain { h = try layer(h).sigmoid() }
        try (h - target).pow(2).mean().backward()
        let sigmoidNorms = try plain.map { try $0.weight.grad!.norm().item() }

        let linears = try (0..<max(depth, 0)).map { _ in try Linear(32, 32) }
        let norms = try linears.map { _ -> any Module in
            if batchNorm { return try BatchNorm1d(32) }
            return try LayerNorm(32)
        }
        var input = x, goal = target
        if !reuseInputs {
            input = try Tensor.randn(16, 32)
            goal = try Tensor.randn(16, 32)
        }
        h = input
        for (linear, norm) in zip(linears, norms) { h = try norm(linear(h)).sigmoid() }
        try (h - goal).pow(2).mean().backward()
        let normed = try zip(linears, norms).map { linear, norm in
            let weight = normWeight ? norm.parameters()[0] : linear.weight
            return try weight.grad!.norm().item()
        }
        return [.numbers(sigmoidNorms), .numbers(normed)]
    }

    static let exercise2 = GradedExercise(
        id: "series.3.4.deeper-networks.ex2", task: 56, title: "Part 3.4, Exercise 2: LayerNorm after each layer", article: article,
        function: .layerNormGradientNorms,
        hint:
            "manualSeed(seed); the plain network: depth Linear(32, 32), x = randn(16, 32), target = randn(16, 32), h = layer(h).sigmoid(), backward of (h - target).pow(2).mean(), each weight.grad!.norm(); then, on the same generator, depth Sequential(Linear(32, 32), LayerNorm(32)) blocks, a new x and target, h = block(h).sigmoid(), the same loss, and each Linear's weight.grad!.norm().",
        mistakes: { call in
            let seed = call.integer(0), depth = call.integer(1)
            let mistakes: [Mistake?] = [
                Mistake("the two lists are the other way round: return the plain sigmoid network's norms first, then LayerNorm's.", .swapped),
                Mistake(
                    "the blocks use BatchNorm1d: this exercise puts a LayerNorm(32) after each linear layer.",
                    .computed { try sigmoidNetworks(seed: seed, depth: depth, batchNorm: true) }),
                Mistake(
                    "the norms are of the LayerNorm's weight gradient: read each block's linear layer's (block[0]'s) weight.grad.",
                    .computed { try sigmoidNetworks(seed: seed, depth: depth, normWeight: true) }),
                Mistake(
                    "the LayerNorm network was fed the first network's x and target: draw a new x and a new target after making its blocks.",
                    .computed { try sigmoidNetworks(seed: seed, depth: depth, reuseInputs: true) }),
                Mistake.argument(call, 0, .integer(0), "the seed argument is ignored: call manualSeed(UInt64(seed)) before making the layers."),
            ]
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 3.4, Exercise 2: the sigmoid network's gradient norms", points: 1,
                code:
                    "try layerNormGradientNorms(0, 20).sigmoid  // 20 norms falling steeply toward the first layer (vanishing gradients), and the reference's for values drawn per grading run",
                part: 0
            ) { draw in
                [
                    Call(.layerNormGradientNorms, [.integer(0), .integer(20)]),
                    Call(.layerNormGradientNorms, [.integer(draw.integer(1...9999)), .integer(draw.integer(4...12))]),
                ]
            },
            .answers(
                "Part 3.4, Exercise 2: the LayerNorm network's gradient norms", points: 2,
                code:
                    "try layerNormGradientNorms(0, 20).layerNorm  // 20 norms falling toward the first layer more slowly than the sigmoid network's, and the reference's for values drawn per grading run",
                part: 1
            ) { draw in
                [
                    Call(.layerNormGradientNorms, [.integer(0), .integer(20)]),
                    Call(.layerNormGradientNorms, [.integer(draw.integer(1...9999)), .integer(draw.integer(4...12))]),
                ]
            },
        ])

    /// Exercise 3 with a learner's slip: the gradients not cleared between the two passes,
    /// a ReLU inside the block (`relu(layer(x)) + x`), or new inputs drawn for the residual pass.
    static func residualNetworks(
        seed: Int, depth: Int, clearGradients: Bool = true, reluInBlock: Bool = false, redraw: Bool = false
    ) throws -> [Value] {
        manualSeed(UInt64(truncatingIfNeeded: seed))
        let layers = try (0..<max(depth, 0)).map { _ in try Linear(32, 32) }
        var x = try Tensor.randn(16, 32), target = try Tensor.randn(16, 32)
        func norms(_ block: (Linear, Tensor) throws -> Tensor) throws -> [Double] {
            var h = x
            for layer in layers { h = try block(layer, h) }
            try (h - target).pow(2).mean().backward()
            return try layers.map { try $0.weight.grad!.norm().item() }
        }
        let plain = try norms { layer, h in try layer(h) }
        if clearGradients {
            for layer in layers { layer.zeroGrad() }
        }
        if redraw {
            x = try Tensor.randn(16, 32)
            target = try Tensor.randn(16, 32)
        }
        let residual = try norms { layer, h in try (reluInBlock ? layer(h).relu() : layer(h)) + h }
        return [.numbers(plain), .numbers(residual)]
    }

    static let exercise3 = GradedExercise(
        id: "series.3.4.deeper-networks.ex3", task: 57, title: "Part 3.4, Exercise 3: your own residual block", article: article,
        function: .residualGradientNorms,
        hint:
            "ResidualBlock.forward(x) is coreLayer(x) + x. manualSeed(seed); depth Linear(32, 32); x = randn(16, 32), then target = randn(16, 32); the plain stack h = layer(h), backward of (h - target).pow(2).mean(), each weight.grad!.norm(); zeroGrad() every layer; the same layers each in a ResidualBlock, the same x and target, the same loss and norms.",
        mistakes: { call in
            let seed = call.integer(0), depth = call.integer(1)
            let mistakes: [Mistake?] = [
                Mistake("the two lists are the other way round: return the plain stack's norms first, then the residual one's.", .swapped),
                Mistake(
                    "the residual norms include the plain pass's gradients: clear them (layer.zeroGrad()) between the two backward passes.",
                    .computed { try residualNetworks(seed: seed, depth: depth, clearGradients: false) }),
                Mistake(
                    "the block applies a ReLU: this exercise's block is coreLayer(x) + x, with the Linear as its core and no activation.",
                    .computed { try residualNetworks(seed: seed, depth: depth, reluInBlock: true) }),
                Mistake(
                    "the residual pass drew new inputs: use the same x and target for both passes.",
                    .computed { try residualNetworks(seed: seed, depth: depth, redraw: true) }),
                Mistake.argument(call, 0, .integer(0), "the seed argument is ignored: call manualSeed(UInt64(seed)) before making the layers."),
            ]
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 3.4, Exercise 3: the plain stack's gradient norms", points: 1,
                code:
                    "try residualGradientNorms(0, 20).plain  // 20 norms falling toward the first layer, and the reference's for values drawn per grading run",
                part: 0
            ) { draw in
                [
                    Call(.residualGradientNorms, [.integer(0), .integer(20)]),
                    Call(.residualGradientNorms, [.integer(draw.integer(1...9999)), .integer(draw.integer(4...12))]),
                ]
            },
            .answers(
                "Part 3.4, Exercise 3: the residual stack's gradient norms", points: 2,
                code:
                    "try residualGradientNorms(0, 20).residual  // 20 norms, large at every layer (the identity path carries the gradient back), and the reference's for values drawn per grading run",
                part: 1
            ) { draw in
                [
                    Call(.residualGradientNorms, [.integer(0), .integer(20)]),
                    Call(.residualGradientNorms, [.integer(draw.integer(1...9999)), .integer(draw.integer(4...12))]),
                ]
            },
        ])

    static let all: [GradedExercise] = [exercise1, exercise2, exercise3]
}
