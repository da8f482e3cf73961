// The graded exercises of "Learn the Training Loop with PyTorch", Parts 2.4, 2.5 and 2.6
// (to go under Sources/Exercises/Grading/Catalog/). Autograd is imported for the mistakes
// modelled in the grader, as MistakeModels.swift does.
import Autograd
import SolutionKit

/// The exercises of Part 2.4 of the training-loop series.
enum ActivationsExercises {
    static let article = "Learn the Training Loop with PyTorch, Part 2.4: The Role of Activations"

    static let exercise1 = GradedExercise(
        id: "series.2.4.activations.ex1", task: 37, title: "Part 2.4, Exercise 1: the derivative of each activation", article: article,
        function: .activationDerivatives,
        hint:
            "z = Tensor.linspace(low, high, steps: steps); ReLU' = 1 where z > 0 else 0 (z.gt(0).float()), sigmoid' = σ(z)·(1 − σ(z)), tanh' = 1 − tanh(z)²; one value per point each, in the order relu, sigmoid, tanh.",
        mistakes: { call in
            let steps = Double(max(call.integer(2), 1))
            return [
                Mistake(
                    "these are the activations' values, not their derivatives: ReLU' is 1 where z > 0 (else 0), sigmoid' = σ(z)·(1 − σ(z)), tanh' = 1 − tanh(z)².",
                    .computed { try derivatives(call, values: true) }),
                Mistake("tanh's derivative is 1 − tanh(z)², with the square: 1 − tanh(z) is not it.", .computed { try derivatives(call, unsquaredTanh: true) }),
                Mistake(
                    "ReLU's derivative is 0 at z = 0 (as PyTorch's gradient is): compare z > 0, not z ≥ 0.",
                    .computed { try derivatives(call, reluAtZero: 1) }),
                Mistake(
                    "the derivatives are \(Int(steps)) times too small: the backward was of the mean. Take it of the sum: each output depends only on its own input, so the sum's gradient at each point is the derivative there.",
                    .fromExpected { scaled($0, by: 1 / steps) }),
            ]
        },
        checks: [
            .answers(
                "Part 2.4, Exercise 1: ReLU's derivative", points: 1,
                code:
                    "try activationDerivatives(-5, 5, 200).relu  // 100 zeros, then 100 ones (no point is exactly 0), and the reference's for a range drawn per grading run",
                part: 0
            ) { draw in [Call(.activationDerivatives, [.number(-5), .number(5), .integer(200)]), drawnPoints(.activationDerivatives, &draw)] },
            .answers(
                "Part 2.4, Exercise 1: sigmoid's derivative", points: 1,
                code:
                    "try activationDerivatives(-5, 5, 200).sigmoid  // ≈ 0.0066481 at both ends, ≈ 0.24996 at the two points nearest 0, and the reference's for a range drawn per grading run",
                part: 1
            ) { draw in [Call(.activationDerivatives, [.number(-5), .number(5), .integer(200)]), drawnPoints(.activationDerivatives, &draw)] },
            .answers(
                "Part 2.4, Exercise 1: tanh's derivative", points: 1,
                code:
                    "try activationDerivatives(-5, 5, 200).tanh  // ≈ 0.00018156 at both ends, ≈ 0.99937 at the two points nearest 0, and the reference's for a range drawn per grading run",
                part: 2
            ) { draw in [Call(.activationDerivatives, [.number(-5), .number(5), .integer(200)]), drawnPoints(.activationDerivatives, &draw)] },
        ])

    static let exercise2 = GradedExercise(
        id: "series.2.4.activations.ex2", task: 38, title: "Part 2.4, Exercise 2: tanh against ReLU on sin(x)", article: article,
        function: .activationSineFit,
        hint:
            "x = linspace(-2π, 2π, 100) as a column, y = sin(x); for each network: manualSeed(seed), then Linear(1, 10), the activation (none, ReLU, Tanh), Linear(10, 1); Adam(lr: 0.01) for epochs steps of F.mseLoss(model(x), y); then the MSE of the trained network once more.",
        mistakes: { call in
            let seed = call.integer(0), epochs = call.integer(1)
            let mistakes: [Mistake?] = [
                Mistake.argument(call, 0, .integer(0), "the seed argument is ignored: call manualSeed(seed) right before building each network."),
                Mistake.argument(
                    call, 1, .integer(epochs - 1),
                    "this is the loss of the last step, computed before that step updated the weights: evaluate the trained network once more after the loop."),
                Mistake(
                    "the generator was seeded once for all three networks, so the ReLU and tanh networks start from other weights than the linear one: call manualSeed(seed) right before building each network.",
                    .computed { try sineFits(seed: seed, epochs: epochs, seedEachNetwork: false) }),
            ]
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 2.4, Exercise 2: no activation", points: 1,
                code:
                    "try activationSineFit(0, 120).linear  // the MSE of the two linear layers after 120 of the article's 1000 Adam steps (its program is unseeded; the labs seed it with 0), and the reference's for a seed and step count drawn per grading run",
                part: 0
            ) { draw in [Call(.activationSineFit, [.integer(0), .integer(120)]), drawnSineFit(&draw)] },
            .answers(
                "Part 2.4, Exercise 2: ReLU", points: 1,
                code: "try activationSineFit(0, 120).relu  // and the reference's for a seed and step count drawn per grading run", part: 1
            ) { draw in [Call(.activationSineFit, [.integer(0), .integer(120)]), drawnSineFit(&draw)] },
            .answers(
                "Part 2.4, Exercise 2: tanh", points: 1,
                code: "try activationSineFit(0, 120).tanh  // and the reference's for a seed and step count drawn per grading run", part: 2
            ) { draw in [Call(.activationSineFit, [.integer(0), .integer(120)]), drawnSineFit(&draw)] },
        ])

    static let exercise3 = GradedExercise(
        id: "series.2.4.activations.ex3", task: 39, title: "Part 2.4, Exercise 3: Swish and its slope", article: article,
        function: .swishCurve,
        hint:
            "z = Tensor.linspace(low, high, steps: steps).requiresGrad_(); swish = z * z.sigmoid(); backward of swish.sum(); return swish's values and z.grad (the slope σ(z) + z·σ(z)·(1 − σ(z))).",
        mistakes: { call in
            let steps = Double(max(call.integer(2), 1))
            return [
                Mistake("these are sigmoid's values: Swish multiplies them by z (z * z.sigmoid()).", .computed { try swish(call, sigmoidValues: true) }),
                Mistake(
                    "that is sigmoid's derivative σ(z)·(1 − σ(z)), not Swish's: Swish is the product z·σ(z), so by the product rule its slope is σ(z) + z·σ(z)·(1 − σ(z)).",
                    .computed { try swish(call, slope: .sigmoidDerivative) }),
                Mistake(
                    "the slope misses a term of the product rule: d(z·σ(z))/dz = σ(z) + z·σ'(z), with σ'(z) = σ(z)·(1 − σ(z)).",
                    .computed { try swish(call, slope: .sigmoidOnly) }),
                Mistake(
                    "the slopes are \(Int(steps)) times too small: the backward was of the mean. Take it of the sum, whose gradient at each point is the slope there.",
                    .fromExpected { scaled($0, by: 1 / steps, at: 1) }),
            ]
        },
        checks: [
            .answers(
                "Part 2.4, Exercise 3: Swish's values", points: 1,
                code:
                    "try swishCurve(-5, 5, 200).values  // from ≈ -0.033464 at -5 down to ≈ -0.27846 and up to ≈ 4.9665 at 5, and the reference's for a range drawn per grading run",
                part: 0
            ) { draw in [Call(.swishCurve, [.number(-5), .number(5), .integer(200)]), drawnPoints(.swishCurve, &draw)] },
            .answers(
                "Part 2.4, Exercise 3: Swish's slope", points: 2,
                code:
                    "try swishCurve(-5, 5, 200).slopes  // ≈ -0.026547 at -5, lowest ≈ -0.099832, highest ≈ 1.0998, ≈ 1.0265 at 5, and the reference's for a range drawn per grading run",
                part: 1
            ) { draw in [Call(.swishCurve, [.number(-5), .number(5), .integer(200)]), drawnPoints(.swishCurve, &draw)] },
        ])

    static let all: [GradedExercise] = [exercise1, exercise2, exercise3]

    /// A call of `function` on points drawn per grading run: a range around 0 other than
    /// the article's [-5, 5], and 5 to 40 points.
    private static func drawnPoints(_ function: SolutionFunction, _ draw: inout GradingDraw) -> Call {
        Call(function, [.number(draw.number(-4.5...(-0.5))), .number(draw.number(0.5...4.5)), .integer(draw.integer(5...40))])
    }

    /// Exercise 2's call with a seed other than the labs' 0 and 30 to 80 steps.
    private static func drawnSineFit(_ draw: inout GradingDraw) -> Call {
        Call(.activationSineFit, [.integer(draw.integer(1...9999)), .integer(draw.integer(5...25))])
    }

    /// `values` with every list (or only the one at `index`) multiplied by `factor`.
    private static func scaled(_ values: [Value], by factor: Double, at index: Int? = nil) -> [Value]? {
        var changed = values
        for i in changed.indices where index == nil || index == i {
            guard case .numbers(let xs) = changed[i] else { continue }
            changed[i] = .numbers(xs.map { $0 * factor })
        }
        return changed
    }

    /// The points of a call, as the reference makes them (float32).
    private static func points(_ call: Call) throws -> Tensor {
        try Tensor.linspace(call.number(0), call.number(1), steps: call.integer(2))
    }

    /// Exercise 1 with a learner's slip: the activations' values instead of their
    /// derivatives, tanh's derivative without its square, or ReLU's derivative at 0.
    private static func derivatives(_ call: Call, values: Bool = false, unsquaredTanh: Bool = false, reluAtZero: Double = 0) throws -> [Value] {
        let z = try points(call)
        let sigmoid = try z.sigmoid(), tanh = try z.tanh()
        if values {
            return [.numbers(try z.relu().toArray()), .numbers(try sigmoid.toArray()), .numbers(try tanh.toArray())]
        }
        let relu = try z.toArray().map { $0 > 0 ? 1.0 : ($0 == 0 ? reluAtZero : 0.0) }
        let tanhDerivative = try unsquaredTanh ? 1 - tanh : 1 - tanh ** 2
        return [.numbers(relu), .numbers(try (sigmoid * (1 - sigmoid)).toArray()), .numbers(try tanhDerivative.toArray())]
    }

    /// How a learner's Swish slope is computed.
    private enum SwishSlope { case productRule, sigmoidDerivative, sigmoidOnly }

    /// Exercise 3 with a learner's slip: sigmoid's values for Swish's, or a slope other than
    /// the product rule's.
    private static func swish(_ call: Call, sigmoidValues: Bool = false, slope: SwishSlope = .productRule) throws -> [Value] {
        let z = try points(call)
        let sigmoid = try z.sigmoid()
        let values = try sigmoidValues ? sigmoid : z * sigmoid
        let slopes: Tensor
        switch slope {
        case .productRule: slopes = try sigmoid + z * sigmoid * (1 - sigmoid)
        case .sigmoidDerivative: slopes = try sigmoid * (1 - sigmoid)
        case .sigmoidOnly: slopes = sigmoid
        }
        return [.numbers(try values.toArray()), .numbers(try slopes.toArray())]
    }

    /// Exercise 2's three fits, with the generator seeded before each network or, the
    /// learner's slip, once before all three.
    private static func sineFits(seed: Int, epochs: Int, seedEachNetwork: Bool) throws -> [Value] {
        let x = try Tensor.linspace(-2 * Double.pi, 2 * Double.pi, steps: 100).unsqueeze(1)
        let y = try x.sin()
        manualSeed(UInt64(truncatingIfNeeded: seed))
        let activations: [(any Module)?] = [nil, ReLU(), Tanh()]
        var errors: [Value] = []
        for activation in activations {
            if seedEachNetwork { manualSeed(UInt64(truncatingIfNeeded: seed)) }
            var layers: [any Module] = [try Linear(1, 10)]
            if let activation { layers.append(activation) }
            layers.append(try Linear(10, 1))
            let model = Sequential(layers)
            let optimizer = try Adam(model.parameters(), lr: 0.01)
            for _ in 0..<max(epochs, 0) {
                let loss = try F.mseLoss(model(x), y)
                optimizer.zeroGrad()
                try loss.backward()
                try optimizer.step()
            }
            errors.append(.number(try noGrad { try F.mseLoss(model(x), y) }.item()))
        }
        return errors
    }
}

/// The exercises of Part 2.5 of the training-loop series.
enum MiniBatchExercises {
    static let article = "Learn the Training Loop with PyTorch, Part 2.5: Mini-batching and Data Pipelines"

    static let exercise1 = GradedExercise(
        id: "series.2.5.datasets.ex1", task: 40, title: "Part 2.5, Exercise 1: batch sizes 1, 8, 32 and 64", article: article,
        function: .miniBatchLossCurve,
        hint:
            "manualSeed(seed); x = linspace(-2, 2, 100) as a column, y = 3x + 1 + 0.5·randnLike(x); DataLoader(TensorDataset(x, y), batchSize:, shuffle: true); then Linear(1, 1) and SGD(lr: 0.1); per pass, the plain average of its batch losses (loss.item() of each batch).",
        mistakes: { call in
            let seed = call.integer(0), batchSize = call.integer(1), epochs = call.integer(2)
            let mistakes: [Mistake?] = [
                Mistake.argument(call, 0, .integer(0), "the seed argument is ignored: call manualSeed(seed) before making the data."),
                Mistake(
                    "the loader does not shuffle: make it with shuffle: true, so that each pass draws a new order.",
                    .computed { [.numbers(try lossCurve(seed: seed, batchSize: batchSize, epochs: epochs, shuffle: false))] }),
                Mistake(
                    "each pass's value weighs the batches by their sizes (a mean over samples): the post averages the batch losses plainly, the last, smaller batch counting as one.",
                    .computed { [.numbers(try lossCurve(seed: seed, batchSize: batchSize, epochs: epochs, passValue: .weighted))] }),
                Mistake(
                    "each pass's value is its last batch's loss: average all the batch losses of the pass.",
                    .computed { [.numbers(try lossCurve(seed: seed, batchSize: batchSize, epochs: epochs, passValue: .last))] }),
                Mistake(
                    "the model was made before the data, so it drew its weights first: make the data, then the loader, then Linear(1, 1).",
                    .computed { [.numbers(try lossCurve(seed: seed, batchSize: batchSize, epochs: epochs, modelFirst: true))] }),
            ]
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 2.5, Exercise 1: one sample per step", points: 1,
                code:
                    "try miniBatchLossCurve(0, 1, 8)  // ≈ [0.76721, 0.35449, 0.36621, 0.31521, 0.35254, 0.34554, 0.36506, 0.32456]: the first 8 of the article's 20 passes (its program is unseeded; the labs seed it with 0), and the reference's for a seed and pass count drawn per grading run"
            ) { draw in
                [
                    Call(.miniBatchLossCurve, [.integer(0), .integer(1), .integer(8)]),
                    Call(.miniBatchLossCurve, [.integer(draw.integer(1...9999)), .integer(1), .integer(draw.integer(2...5))]),
                ]
            },
            .answers(
                "Part 2.5, Exercise 1: batch sizes 8, 32 and 64", points: 2,
                code:
                    "try miniBatchLossCurve(0, 8, 20), then batch sizes 32 and 64  // 20 values each, and the reference's for seeds, batch sizes and pass counts drawn per grading run"
            ) { draw in
                [
                    Call(.miniBatchLossCurve, [.integer(0), .integer(8), .integer(20)]),
                    Call(.miniBatchLossCurve, [.integer(0), .integer(32), .integer(20)]),
                    Call(.miniBatchLossCurve, [.integer(0), .integer(64), .integer(20)]),
                    Call(.miniBatchLossCurve, [.integer(draw.integer(1...9999)), .integer(draw.integer(10...30)), .integer(draw.integer(5...15))]),
                    Call(.miniBatchLossCurve, [.integer(draw.integer(1...9999)), .integer(draw.integer(33...63)), .integer(draw.integer(5...15))]),
                ]
            },
        ])

    static let exercise2 = GradedExercise(
        id: "series.2.5.datasets.ex2", task: 41, title: "Part 2.5, Exercise 2: standardized inputs", article: article,
        function: .standardizedFit,
        hint:
            "manualSeed(seed); x = linspace(-2, 2, samples) as a column, y = 3x + 1 + 0.5·randnLike(x); x̃ = (x - x.mean()) / x.std() (divided by n − 1), y unchanged; DataLoader(TensorDataset(x̃, y), batchSize: 16, shuffle: true), then Linear(1, 1), SGD(lr: 0.1), epochs passes; return x.std(), the weight and the bias.",
        mistakes: { call in
            let seed = call.integer(0), samples = call.integer(1), epochs = call.integer(2)
            let mistakes: [Mistake?] = [
                Mistake(
                    "the standard deviation is divided by n, not n − 1: PyTorch's std() (and the post's) is the sample standard deviation; keep x.std()'s default.",
                    .computed { try standardized(seed: seed, samples: samples, epochs: epochs, correction: 0) }),
                Mistake(
                    "the model was trained on the raw inputs: train it on the standardized ones, (x - mean) / std.",
                    .computed { try standardized(seed: seed, samples: samples, epochs: epochs, standardizes: false) }),
                Mistake.argument(call, 0, .integer(0), "the seed argument is ignored: call manualSeed(seed) before making the data."),
            ]
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 2.5, Exercise 2: the standard deviation", points: 1,
                code:
                    "try standardizedFit(0, 100, 20).std  // ≈ 1.1722 (1.1663 if divided by n), and the reference's for a seed, sample count and pass count drawn per grading run",
                part: 0
            ) { draw in [Call(.standardizedFit, [.integer(0), .integer(100), .integer(20)]), drawnStandardized(&draw)] },
            .answers(
                "Part 2.5, Exercise 2: the line fitted to standardized inputs", points: 2,
                code:
                    "try standardizedFit(0, 100, 20)  // (std ≈ 1.1722, weight, bias): as y ≈ 3x + 1 and x = 1.1722·x̃, the weight lands near 3 × 1.1722 and the bias near 1; and the reference's for a seed, sample count and pass count drawn per grading run"
            ) { draw in [Call(.standardizedFit, [.integer(0), .integer(100), .integer(20)]), drawnStandardized(&draw)] },
        ])

    static let all: [GradedExercise] = [exercise1, exercise2]

    /// Exercise 2's call with a seed other than the labs' 0, 20 to 80 samples and 3 to 12 passes.
    private static func drawnStandardized(_ draw: inout GradingDraw) -> Call {
        Call(.standardizedFit, [.integer(draw.integer(1...9999)), .integer(draw.integer(20...80)), .integer(draw.integer(3...12))])
    }

    /// What a pass's value is: the plain mean of its batch losses (right), their mean
    /// weighted by batch size, or the last batch's loss.
    private enum PassValue { case mean, weighted, last }

    /// Exercise 1 with a learner's slip: no shuffling, another value per pass, or the
    /// model made before the data.
    private static func lossCurve(
        seed: Int, batchSize: Int, epochs: Int, shuffle: Bool = true, passValue: PassValue = .mean, modelFirst: Bool = false
    ) throws -> [Double] {
        manualSeed(UInt64(truncatingIfNeeded: seed))
        var early: Linear? = nil
        if modelFirst { early = try Linear(1, 1) }
        let x = try Tensor.linspace(-2, 2, steps: 100).unsqueeze(1)
        let y = try 3 * x + 1 + 0.5 * Tensor.randnLike(x)
        let loader = try DataLoader(TensorDataset(x, y), batchSize: batchSize, shuffle: shuffle)
        let model: Linear
        if let early { model = early } else { model = try Linear(1, 1) }
        return try passes(loader, model, epochs: epochs, passValue: passValue)
    }

    /// Exercise 2 with a learner's slip: the std divided by n (`correction` 0), or the
    /// model trained on the raw inputs.
    private static func standardized(seed: Int, samples: Int, epochs: Int, correction: Int = 1, standardizes: Bool = true) throws -> [Value] {
        manualSeed(UInt64(truncatingIfNeeded: seed))
        let x = try Tensor.linspace(-2, 2, steps: samples).unsqueeze(1)
        let y = try 3 * x + 1 + 0.5 * Tensor.randnLike(x)
        let std = try x.std(correction: correction)
        let inputs: Tensor
        if standardizes { inputs = try (x - x.mean()) / std } else { inputs = x }
        let loader = try DataLoader(TensorDataset(inputs, y), batchSize: 16, shuffle: true)
        let model = try Linear(1, 1)
        _ = try passes(loader, model, epochs: epochs)
        return [.number(try std.item()), .number(try model.weight.item()), .number(try model.bias!.item())]
    }

    /// SGD (lr 0.1) on the mean squared error, a step per batch, for `epochs` passes; a value per pass.
    private static func passes(_ loader: DataLoader, _ model: Linear, epochs: Int, passValue: PassValue = .mean) throws -> [Double] {
        let optimizer = try SGD(model.parameters(), lr: 0.1)
        var values: [Double] = []
        for _ in 0..<max(epochs, 0) {
            var losses: [Double] = [], sizes: [Double] = []
            for batch in try loader.epoch() {
                let loss = try MSELoss()(model(batch[0]), batch[1])
                optimizer.zeroGrad()
                try loss.backward()
                try optimizer.step()
                losses.append(try loss.item())
                sizes.append(Double(batch[0].shape[0]))
            }
            switch passValue {
            case .mean: values.append(losses.reduce(0, +) / Double(losses.count))
            case .weighted: values.append(zip(losses, sizes).map { $0 * $1 }.reduce(0, +) / sizes.reduce(0, +))
            case .last: values.append(losses.last ?? .nan)
            }
        }
        return values
    }
}

/// The exercises of Part 2.6 of the training-loop series.
enum RegularizationExercises {
    static let article = "Learn the Training Loop with PyTorch, Part 2.6: Regularization and Overfitting"

    static let exercise1 = GradedExercise(
        id: "series.2.6.regularization.ex1", task: 42, title: "Part 2.6, Exercise 1: the strength of L2 regularization", article: article,
        function: .weightDecayFit,
        hint:
            "manualSeed(seed); x = linspace(-3, 3, 30) as a column, y = sin(x) + 0.3·randnLike(x); then Sequential(Linear(1, 64), Tanh(), Linear(64, 64), Tanh(), Linear(64, 1)); SGD(lr: 0.01, weightDecay: l2), epochs full-batch MSE steps; then the MSE on x, the MSE on linspace(-3, 3, 100) against sin, and √(Σ p²) over every weight and bias.",
        mistakes: { call in
            let seed = call.integer(0), l2 = call.number(1), epochs = call.integer(2)
            let mistakes: [Mistake?] = [
                Mistake.argument(call, 1, .number(0), "the l2 argument is ignored: pass it to SGD as weightDecay: l2."),
                Mistake.argument(
                    call, 1, .number(2 * l2),
                    "the penalty l2·Σp² was added to the loss: its gradient 2·l2·p is twice SGD's weight decay l2·p. Use SGD(…, weightDecay: l2), as the post does."
                ),
                Mistake.argument(call, 0, .integer(42), "the seed argument is ignored: call manualSeed(seed) before making the data."),
                Mistake(
                    "the training loss is the last step's, computed before that step: evaluate the trained network on the 30 training points once more after the loop.",
                    .computed {
                        let run = try train(seed: seed, l2: l2, dropout: nil, epochs: epochs)
                        return [.number(run.losses.last ?? .nan), .number(run.testLoss), .number(run.norm)]
                    }),
                Mistake(
                    "the norm leaves the biases out: weight decay shrinks every parameter, so sum the squares of the weights and of the biases.",
                    .computed {
                        let run = try train(seed: seed, l2: l2, dropout: nil, epochs: epochs)
                        return [.number(run.trainLoss), .number(run.testLoss), .number(run.weightsNorm)]
                    }),
            ]
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 2.6, Exercise 1: weight decay 0.001 and 0.01", points: 2,
                code:
                    "try weightDecayFit(42, 0.001, 200), then l2 = 0.01  // (trainLoss, testLoss, weightNorm) after 200 of the article's 500 epochs, and the reference's for a seed, a small l2 and an epoch count drawn per grading run"
            ) { draw in
                [
                    Call(.weightDecayFit, [.integer(42), .number(0.001), .integer(200)]),
                    Call(.weightDecayFit, [.integer(42), .number(0.01), .integer(200)]),
                    Call(
                        .weightDecayFit,
                        [.integer(draw.integer(43...9999)), .number(draw.number(0.002...0.05, decimals: 3)), .integer(draw.integer(30...80))]),
                ]
            },
            .answers(
                "Part 2.6, Exercise 1: weight decay 0.1 and 1.0", points: 2,
                code:
                    "try weightDecayFit(42, 0.1, 200), then l2 = 1.0  // trainLoss ≈ 0.24794 for l2 = 0.1 after 200 of the article's 500 epochs, and the reference's for a seed, a large l2 and an epoch count drawn per grading run"
            ) { draw in
                [
                    Call(.weightDecayFit, [.integer(42), .number(0.1), .integer(200)]),
                    Call(.weightDecayFit, [.integer(42), .number(1.0), .integer(200)]),
                    Call(.weightDecayFit, [.integer(draw.integer(43...9999)), .number(draw.number(0.2...0.9)), .integer(draw.integer(30...80))]),
                ]
            },
        ])

    static let exercise2 = GradedExercise(
        id: "series.2.6.regularization.ex2", task: 43, title: "Part 2.6, Exercise 2: dropout in a deeper network", article: article,
        function: .dropoutDepthFit,
        hint:
            "Exercise 1's data from manualSeed(seed); then hiddenLayers times Linear (1 → 64, then 64 → 64), Tanh(), Dropout(p: 0.3), and Linear(64, 1); SGD(lr: 0.01) in training mode, every step's loss.item(); then model.eval() and the MSE on linspace(-3, 3, 100) against sin.",
        mistakes: { call in
            let seed = call.integer(0), hiddenLayers = call.integer(1), epochs = call.integer(2)
            let mistakes: [Mistake?] = [
                Mistake(
                    "the test prediction was made in training mode, with dropout still on (as the post's program does): call model.eval() before predicting.",
                    .computed { try train(seed: seed, hiddenLayers: hiddenLayers, l2: 0, epochs: epochs, evaluates: false).lossesAndTest }),
                Mistake(
                    "the network has no dropout: put Dropout(p: 0.3) after every Tanh().",
                    .computed { try train(seed: seed, hiddenLayers: hiddenLayers, l2: 0, dropout: nil, epochs: epochs).lossesAndTest }),
                Mistake(
                    "dropout zeroes 70% of the units: p is the probability of dropping a unit, so Dropout(p: 0.3) keeps 70%.",
                    .computed { try train(seed: seed, hiddenLayers: hiddenLayers, l2: 0, dropout: 0.7, epochs: epochs).lossesAndTest }),
                Mistake.argument(call, 1, .integer(4), "the network always has the post's four hidden layers: build hiddenLayers of them."),
                Mistake.argument(call, 0, .integer(42), "the seed argument is ignored: call manualSeed(seed) before making the data."),
            ]
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 2.6, Exercise 2: the losses with dropout", points: 2,
                code:
                    "try dropoutDepthFit(42, 2, 30).losses  // ≈ [0.95421, 0.61385, 0.60203, 0.44837, 0.42152, …]: TinyNet with dropout, the first 30 of the post's 500 steps; then dropoutDepthFit(42, 4, 30) (DeepNet), and the reference's for a seed, a depth and a step count drawn per grading run",
                part: 0
            ) { draw in
                [
                    Call(.dropoutDepthFit, [.integer(42), .integer(2), .integer(30)]),
                    Call(.dropoutDepthFit, [.integer(42), .integer(4), .integer(30)]),
                    drawnDepth(&draw),
                ]
            },
            .answers(
                "Part 2.6, Exercise 2: the test loss in evaluation mode", points: 1,
                code: "try dropoutDepthFit(42, 4, 30).testLoss  // and the reference's for a seed, a depth and a step count drawn per grading run",
                part: 1
            ) { draw in [Call(.dropoutDepthFit, [.integer(42), .integer(4), .integer(30)]), drawnDepth(&draw)] },
        ])

    static let exercise3 = GradedExercise(
        id: "series.2.6.regularization.ex3", task: 44, title: "Part 2.6, Exercise 3: L2 and dropout together", article: article,
        function: .weightDecayDropoutFit,
        hint:
            "Exercise 1's data from manualSeed(seed); Sequential(Linear(1, 64), Tanh(), Dropout(p: 0.3), Linear(64, 64), Tanh(), Dropout(p: 0.3), Linear(64, 1)); SGD(lr: 0.01, weightDecay: l2) in training mode, every step's loss.item(); then model.eval(), the test MSE, and √(Σ p²) over every weight and bias.",
        mistakes: { call in
            let seed = call.integer(0), l2 = call.number(1), epochs = call.integer(2)
            let mistakes: [Mistake?] = [
                Mistake.argument(call, 1, .number(0), "the l2 argument is ignored: pass it to SGD as weightDecay: l2."),
                Mistake.argument(
                    call, 1, .number(2 * l2),
                    "the penalty l2·Σp² was added to the loss: its gradient 2·l2·p is twice SGD's weight decay l2·p. Use SGD(…, weightDecay: l2), as the post does."
                ),
                Mistake(
                    "the network has no dropout: put Dropout(p: 0.3) after each Tanh().",
                    .computed { try train(seed: seed, l2: l2, dropout: nil, epochs: epochs).lossesTestAndNorm }),
                Mistake(
                    "the test prediction was made in training mode, with dropout still on (as the post's program does): call model.eval() before predicting.",
                    .computed { try train(seed: seed, l2: l2, epochs: epochs, evaluates: false).lossesTestAndNorm }),
                Mistake(
                    "dropout zeroes 70% of the units: p is the probability of dropping a unit, so Dropout(p: 0.3) keeps 70%.",
                    .computed { try train(seed: seed, l2: l2, dropout: 0.7, epochs: epochs).lossesTestAndNorm }),
                Mistake.argument(call, 0, .integer(42), "the seed argument is ignored: call manualSeed(seed) before making the data."),
            ]
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 2.6, Exercise 3: the losses", points: 1,
                code:
                    "try weightDecayDropoutFit(42, 0.01, 60).losses  // 60 values: the first 60 of the post's 500 steps, and the reference's for a seed, an l2 and a step count drawn per grading run",
                part: 0
            ) { draw in [Call(.weightDecayDropoutFit, [.integer(42), .number(0.01), .integer(60)]), drawnBoth(&draw)] },
            .answers(
                "Part 2.6, Exercise 3: the test loss in evaluation mode", points: 1,
                code: "try weightDecayDropoutFit(42, 0.01, 60).testLoss  // and the reference's for a seed, an l2 and a step count drawn per grading run",
                part: 1
            ) { draw in [Call(.weightDecayDropoutFit, [.integer(42), .number(0.01), .integer(60)]), drawnBoth(&draw)] },
            .answers(
                "Part 2.6, Exercise 3: the parameters' norm", points: 1,
                code: "try weightDecayDropoutFit(42, 0.01, 60).weightNorm  // and the reference's for a seed, an l2 and a step count drawn per grading run",
                part: 2
            ) { draw in [Call(.weightDecayDropoutFit, [.integer(42), .number(0.01), .integer(60)]), drawnBoth(&draw)] },
        ])

    static let all: [GradedExercise] = [exercise1, exercise2, exercise3]

    /// Exercise 2's call with a seed other than 42, 1, 3 or 5 hidden layers and 10 to 25 steps.
    private static func drawnDepth(_ draw: inout GradingDraw) -> Call {
        Call(.dropoutDepthFit, [.integer(draw.integer(43...9999)), .integer([1, 3, 5][draw.integer(0...2)]), .integer(draw.integer(10...25))])
    }

    /// Exercise 3's call with a seed other than 42, an l2 in [0.002, 0.2] and 15 to 40 steps.
    private static func drawnBoth(_ draw: inout GradingDraw) -> Call {
        Call(
            .weightDecayDropoutFit,
            [.integer(draw.integer(43...9999)), .number(draw.number(0.002...0.2, decimals: 3)), .integer(draw.integer(15...40))])
    }

    /// What one training of the post's tanh network gives, for the mistakes' predictions.
    private struct Outcome {
        /// Every step's loss, before the step.
        let losses: [Double]
        /// The MSE on the training points after training, and on the test points.
        let trainLoss: Double, testLoss: Double
        /// √(Σ p²) over every parameter, and over the weights only.
        let norm: Double, weightsNorm: Double

        /// Exercise 2's answer.
        var lossesAndTest: [Value] { [.numbers(losses), .number(testLoss)] }
        /// Exercise 3's answer.
        var lossesTestAndNorm: [Value] { [.numbers(losses), .number(testLoss), .number(norm)] }
    }

    /// The reference's training with a learner's slip on demand: dropout of probability
    /// `dropout` after each tanh (nil: none), and the test prediction made in training mode
    /// (dropout on, drawing masks) when `evaluates` is false.
    private static func train(
        seed: Int, hiddenLayers: Int = 2, l2: Double, dropout: Double? = 0.3, epochs: Int, evaluates: Bool = true
    ) throws -> Outcome {
        manualSeed(UInt64(truncatingIfNeeded: seed))
        let x = try Tensor.linspace(-3, 3, steps: 30).reshape(-1, 1)
        let y = try x.sin() + 0.3 * Tensor.randnLike(x)
        let xTest = try Tensor.linspace(-3, 3, steps: 100).reshape(-1, 1)
        var layers: [any Module] = []
        var width = 1
        for _ in 0..<max(hiddenLayers, 0) {
            layers.append(try Linear(width, 64))
            layers.append(Tanh())
            if let dropout { layers.append(try Dropout(p: dropout)) }
            width = 64
        }
        layers.append(try Linear(width, 1))
        let model = Sequential(layers)
        let optimizer = try SGD(model.parameters(), lr: 0.01, weightDecay: l2)
        model.train()
        var losses: [Double] = []
        for _ in 0..<max(epochs, 0) {
            let loss = try MSELoss()(model(x), y)
            optimizer.zeroGrad()
            try loss.backward()
            try optimizer.step()
            losses.append(try loss.item())
        }
        if evaluates { model.eval() }
        let testLoss = try noGrad { try MSELoss()(model(xTest), xTest.sin()) }.item()
        model.eval()
        let trainLoss = try noGrad { try MSELoss()(model(x), y) }.item()
        var all = 0.0, weights = 0.0
        for (name, parameter) in model.namedParameters() {
            let square = try (parameter.detach() ** 2).sum().item()
            all += square
            if name.hasSuffix("weight") { weights += square }
        }
        return Outcome(losses: losses, trainLoss: trainLoss, testLoss: testLoss, norm: all.squareRoot(), weightsNorm: weights.squareRoot())
    }
}
