import Autograd
import SolutionKit

/// The exercises of "Learn the Training Loop with PyTorch", Part 2.1: the two moons, a
/// linear model and small MLPs. The programs train 1000 steps without a seed; the graded
/// functions take the seed and the number of steps (the labs' seeded variants use seed 0).
enum BeyondLinearExercises {
    static let article = "Learn the Training Loop with PyTorch, Part 2.1: From Linear to Nonlinear: Why Neural Networks?"

    /// The layers of an MLP: `Linear(2, hidden)`, `activation`, `Linear(hidden, 1)`, a sigmoid.
    static func mlp(_ hidden: Int, _ activation: any Module) throws -> [any Module] {
        [try Linear(2, hidden), activation, try Linear(hidden, 1), Sigmoid()]
    }

    /// The reference's training on the moons with a learner's change: `layers` built right
    /// after the seed (after a `Linear(2, 1)`, the program's linear model, when
    /// `linearFirst`), trained by Adam (or SGD when `sgd`) at `lr` for `epochs` steps.
    /// Answers every step's loss and the accuracy.
    static func moonsModel(
        seed: Int, epochs: Int, lr: Double = 0.05, linearFirst: Bool = false, sgd: Bool = false, layers: () throws -> [any Module]
    ) throws -> [Value] {
        manualSeed(UInt64(truncatingIfNeeded: seed))
        if linearFirst { _ = try Linear(2, 1) }
        let model = Sequential(try layers())
        let optimizer: any Optimizer = try sgd ? SGD(model.parameters(), lr: lr) : Adam(model.parameters(), lr: lr)
        let (x, y) = try SeriesBeyondLinearLabs.moons()
        var losses: [Double] = []
        for _ in 0..<max(epochs, 0) {
            optimizer.zeroGrad()
            let loss = try BCELoss()(model(x), y)
            try loss.backward()
            try optimizer.step()
            losses.append(try loss.item())
        }
        let probabilities = try noGrad { try model(x) }.toArray(), labels = try y.toArray()
        let correct = zip(probabilities, labels).filter { probability, label in (probability > 0.5 ? 1.0 : 0.0) == label }.count
        return [.numbers(losses), .number(Double(correct) / Double(max(labels.count, 1)))]
    }

    /// Mistakes in every moons exercise: the seed ignored, the accuracy as a percentage or a count.
    static func commonMistakes(_ call: Call) -> [Mistake?] {
        [
            Mistake.argument(call, 0, .integer(0), "the seed argument is ignored: call manualSeed(seed) before building the model (the labs' seed is 0)."),
            Mistake(
                "the accuracy is a percentage: return the share of the 200 points (0 to 1).",
                .fromExpected { AutogradExercises.scale($0, at: 1, by: 100) }),
            Mistake(
                "the accuracy is a count of points: return the share, the count divided by 200.",
                .fromExpected { AutogradExercises.scale($0, at: 1, by: 200) }),
        ]
    }

    /// Mistakes in an MLP exercise whose right model is `mlp(hidden, activation())`.
    static func mlpMistakes(_ call: Call, hidden: Int, epochs: Int, activation: @escaping @Sendable () -> any Module) -> [Mistake?] {
        let seed = call.integer(0)
        return commonMistakes(call) + [
            Mistake(
                "the program's linear model was built first: its Linear(2, 1) draws from the generator before the MLP, so the MLP starts from other weights. Build the MLP right after manualSeed(seed).",
                .computed { try moonsModel(seed: seed, epochs: epochs, linearFirst: true) { try mlp(hidden, activation()) } }),
            Mistake(
                "the MLP is trained by SGD at lr 0.1, the linear model's optimizer: train it with Adam(model.parameters(), lr: 0.05).",
                .computed { try moonsModel(seed: seed, epochs: epochs, lr: 0.1, sgd: true) { try mlp(hidden, activation()) } }),
        ]
    }

    static let exercise1a = GradedExercise(
        id: "series.2.1.beyond-linear.ex1a", task: 27, title: "Part 2.1, Exercise 1a: tanh in the MLP", article: article,
        function: .moonsTanhMLP,
        hint:
            "manualSeed(seed), then Sequential(Linear(2, 8), Tanh(), Linear(8, 1), Sigmoid()) at once; the moons from makeMoons(samples: 200, noise: 0.2, randomState: 42) as float32, the labels a column [200, 1]; Adam at lr 0.05; each step zeroGrad, BCELoss, backward, step, and record loss.item(); the accuracy is the share of points whose class (probability > 0.5) is their label, after training.",
        mistakes: { call in
            let seed = call.integer(0), epochs = call.integer(1)
            return
                (mlpMistakes(call, hidden: 8, epochs: epochs) { Tanh() } + [
                    Mistake(
                        "the hidden activation is ReLU, the post's: put Tanh() between the two Linear layers.",
                        .computed { try moonsModel(seed: seed, epochs: epochs) { try mlp(8, ReLU()) } })
                ]).compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 2.1, Exercise 1a: the loss of each step", points: 2,
                code:
                    "try moonsTanhMLP(0, 100).losses  // 100 losses ≈ [0.69269, 0.64043, 0.59459, …, 0.10209] (100 steps, not the program's 1000), and the reference's for a seed and step count drawn per grading run",
                part: 0
            ) { draw in
                [Call(.moonsTanhMLP, [.integer(0), .integer(100)]), Call(.moonsTanhMLP, [.integer(draw.integer(1...9999)), .integer(draw.integer(20...60))])]
            },
            .answers(
                "Part 2.1, Exercise 1a: the accuracy", points: 1,
                code:
                    "try moonsTanhMLP(0, 100).accuracy  // ≈ 0.965, and the reference's for a seed and step count drawn per grading run",
                part: 1
            ) { draw in
                [Call(.moonsTanhMLP, [.integer(0), .integer(100)]), Call(.moonsTanhMLP, [.integer(draw.integer(1...9999)), .integer(draw.integer(20...60))])]
            },
        ])

    static let exercise1b = GradedExercise(
        id: "series.2.1.beyond-linear.ex1b", task: 28, title: "Part 2.1, Exercise 1b: sigmoid in the MLP", article: article,
        function: .moonsSigmoidMLP,
        hint:
            "manualSeed(seed), then Sequential(Linear(2, 8), Sigmoid(), Linear(8, 1), Sigmoid()) at once; the moons from makeMoons(samples: 200, noise: 0.2, randomState: 42) as float32, the labels a column [200, 1]; Adam at lr 0.05; each step zeroGrad, BCELoss, backward, step, and record loss.item(); the accuracy is the share of points whose class (probability > 0.5) is their label, after training.",
        mistakes: { call in
            let seed = call.integer(0), epochs = call.integer(1)
            return
                (mlpMistakes(call, hidden: 8, epochs: epochs) { Sigmoid() } + [
                    Mistake(
                        "the hidden activation is ReLU, the post's: put Sigmoid() between the two Linear layers (and keep the last Sigmoid()).",
                        .computed { try moonsModel(seed: seed, epochs: epochs) { try mlp(8, ReLU()) } }),
                    Mistake(
                        "the hidden activation is tanh, Exercise 1a's: put Sigmoid() between the two Linear layers.",
                        .computed { try moonsModel(seed: seed, epochs: epochs) { try mlp(8, Tanh()) } }),
                ]).compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 2.1, Exercise 1b: the loss of each step", points: 2,
                code:
                    "try moonsSigmoidMLP(0, 100).losses  // 100 losses ≈ [0.70473, 0.6914, 0.68469, …, 0.31188] (100 steps, not the program's 1000), and the reference's for a seed and step count drawn per grading run",
                part: 0
            ) { draw in
                [
                    Call(.moonsSigmoidMLP, [.integer(0), .integer(100)]),
                    Call(.moonsSigmoidMLP, [.integer(draw.integer(1...9999)), .integer(draw.integer(20...60))]),
                ]
            },
            .answers(
                "Part 2.1, Exercise 1b: the accuracy", points: 1,
                code:
                    "try moonsSigmoidMLP(0, 100).accuracy  // ≈ 0.84 (tanh's is ≈ 0.965 after as many steps), and the reference's for a seed and step count drawn per grading run",
                part: 1
            ) { draw in
                [
                    Call(.moonsSigmoidMLP, [.integer(0), .integer(100)]),
                    Call(.moonsSigmoidMLP, [.integer(draw.integer(1...9999)), .integer(draw.integer(20...60))]),
                ]
            },
        ])

    static let exercise2 = GradedExercise(
        id: "series.2.1.beyond-linear.ex2", task: 29, title: "Part 2.1, Exercise 2: more hidden units", article: article,
        function: .moonsWideMLP,
        hint:
            "manualSeed(seed), then Sequential(Linear(2, hidden), ReLU(), Linear(hidden, 1), Sigmoid()) at once; the moons from makeMoons(samples: 200, noise: 0.2, randomState: 42) as float32, the labels a column [200, 1]; Adam at lr 0.05; each step zeroGrad, BCELoss, backward, step, and record loss.item(); the accuracy is the share of points whose class (probability > 0.5) is their label, after training.",
        mistakes: { call in
            let hidden = call.integer(1), epochs = call.integer(2)
            return
                (mlpMistakes(call, hidden: hidden, epochs: epochs) { ReLU() } + [
                    Mistake.argument(call, 1, .integer(8), "the hidden argument is ignored: the hidden layer has the post's 8 units whatever hidden is."),
                    Mistake.argument(call, 1, .integer(32), "the hidden argument is ignored: the hidden layer has the exercise's 32 units whatever hidden is."),
                ]).compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 2.1, Exercise 2: 32 hidden units", points: 2,
                code:
                    "try moonsWideMLP(0, 32, 100)  // losses ≈ [0.7087, 0.60435, 0.51861, …, 0.062357], accuracy ≈ 0.975 (100 steps, not the program's 1000), and the reference's for a seed, width and step count drawn per grading run"
            ) { draw in
                [
                    Call(.moonsWideMLP, [.integer(0), .integer(32), .integer(100)]),
                    Call(.moonsWideMLP, [.integer(draw.integer(1...9999)), .integer(draw.integer(12...28)), .integer(draw.integer(20...60))]),
                ]
            },
            .answers(
                "Part 2.1, Exercise 2: the post's 8 units, to compare", points: 1,
                code:
                    "try moonsWideMLP(0, 8, 100)  // losses ≈ [0.69513, 0.66159, 0.63001, …, 0.10996], accuracy ≈ 0.97, and the reference's for a seed, width and step count drawn per grading run"
            ) { draw in
                [
                    Call(.moonsWideMLP, [.integer(0), .integer(8), .integer(100)]),
                    Call(.moonsWideMLP, [.integer(draw.integer(1...9999)), .integer(draw.integer(40...64)), .integer(draw.integer(20...40))]),
                ]
            },
        ])

    static let exercise3 = GradedExercise(
        id: "series.2.1.beyond-linear.ex3", task: 30, title: "Part 2.1, Exercise 3: only a linear model", article: article,
        function: .moonsLinearAdam,
        hint:
            "manualSeed(seed), then Sequential(Linear(2, 1), Sigmoid()); the moons from makeMoons(samples: 200, noise: 0.2, randomState: 42) as float32, the labels a column [200, 1]; Adam(model.parameters(), lr: lr); each step zeroGrad, BCELoss, backward, step, and record loss.item(); the accuracy is the share of points whose class (probability > 0.5) is their label, after training.",
        mistakes: { call in
            let seed = call.integer(0), lr = call.number(1), epochs = call.integer(2)
            return
                (commonMistakes(call) + [
                    Mistake.argument(call, 1, .number(0.05), "the learning rate argument is ignored: Adam uses 0.05 whatever lr is."),
                    Mistake(
                        "the linear model is trained by SGD, the post's first optimizer: this exercise trains it with Adam(model.parameters(), lr: lr).",
                        .computed { try moonsModel(seed: seed, epochs: epochs, lr: lr, sgd: true) { [try Linear(2, 1), Sigmoid()] } }),
                ]).compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 2.1, Exercise 3: the loss of each step", points: 2,
                code:
                    "try moonsLinearAdam(0, 0.05, 100).losses  // 100 losses ≈ [0.79897, 0.76868, 0.74017, …, 0.32813] (100 steps, not the program's 1000), and the reference's for a seed, rate and step count drawn per grading run",
                part: 0
            ) { draw in
                [
                    Call(.moonsLinearAdam, [.integer(0), .number(0.05), .integer(100)]),
                    Call(
                        .moonsLinearAdam,
                        [.integer(draw.integer(1...9999)), .number(draw.number(0.06...0.2, decimals: 3)), .integer(draw.integer(20...60))]),
                ]
            },
            .answers(
                "Part 2.1, Exercise 3: the accuracy", points: 1,
                code:
                    "try moonsLinearAdam(0, 0.05, 100).accuracy  // ≈ 0.85: a line cannot separate the moons, and the reference's for a seed, rate and step count drawn per grading run",
                part: 1
            ) { draw in
                [
                    Call(.moonsLinearAdam, [.integer(0), .number(0.05), .integer(100)]),
                    Call(
                        .moonsLinearAdam,
                        [.integer(draw.integer(1...9999)), .number(draw.number(0.06...0.2, decimals: 3)), .integer(draw.integer(20...60))]),
                ]
            },
        ])

    static let all: [GradedExercise] = [exercise1a, exercise1b, exercise2, exercise3]
}

/// The exercises of "Learn the Training Loop with PyTorch", Part 2.2: a forward and a
/// backward pass through the post's 3-4-1 ReLU network, and the loss along one weight.
enum ForwardBackwardExercises {
    static let article = "Learn the Training Loop with PyTorch, Part 2.2: Forward and Backward Passes"

    /// `layer1.weight.grad` read column by column (its transpose flattened), the rest unchanged.
    static func transposedLayer1(_ values: [Value]) -> [Value]? {
        guard values.count == 3, let gradient = values[1].list, gradient.count == 12 else { return nil }
        return [values[0], .numbers((0..<3).flatMap { column in (0..<4).map { row in gradient[row * 3 + column] } }), values[2]]
    }

    /// Exercise 2's sweep with the learner's mistake of adding each delta to the weight as it
    /// is (so that the deltas add up) instead of to the original value.
    static func cumulativeSweep(seed: Int, column: Int, steps: Int) throws -> [Value] {
        manualSeed(UInt64(truncatingIfNeeded: seed))
        let model = try SeriesForwardBackwardLabs.SimpleNetwork()
        let x = try Tensor([[7.0, 8.0, 9.0]]), target = try Tensor([[30.0]])
        let weight = try model.layer2.weight.data[0, column]
        let original = try weight.item()
        var weights: [Double] = [], losses: [Double] = []
        for delta in try Tensor.linspace(-2, 2, steps: steps).toArray() {
            try weight.fill_(weight.item() + delta)
            weights.append(try weight.item())
            losses.append(try MSELoss()(model(x), target).item())
        }
        try weight.fill_(original)
        return [.numbers(weights), .numbers(losses), .number(try MSELoss()(model(x), target).item())]
    }

    static let exercise1 = GradedExercise(
        id: "series.2.2.forward-backward.ex1", task: 31, title: "Part 2.2, Exercise 1: one sample forward and backward", article: article,
        function: .forwardBackwardGradients,
        hint:
            "manualSeed(seed); layer1 = Linear(3, 4), then layer2 = Linear(4, 1); the prediction layer2(relu(layer1(x))) for x = [sample] (shape [1, 3]); MSELoss against [[target]]; backward; return the loss, layer1.weight.grad flattened row by row (12 values) and layer2.weight.grad (4 values). Rows of hidden units that ReLU switched off get zero gradient.",
        mistakes: { call in
            [
                Mistake.argument(call, 0, .integer(0), "the seed argument is ignored: call manualSeed(seed) before creating the layers (the labs' seed is 0)."),
                Mistake.argument(call, 1, .numbers([7, 8, 9]), "the sample argument is ignored: the input is the post's [7, 8, 9] whatever sample is."),
                Mistake.argument(call, 2, .number(30), "the target argument is ignored: the target is the post's 30 whatever target is."),
                Mistake(
                    "layer1's gradient is read column by column: layer1.weight has shape [4, 3] (out × in), so flatten its gradient row by row (toArray()), without transposing it.",
                    .fromExpected(transposedLayer1)),
            ].compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 2.2, Exercise 1: the loss", points: 1,
                code:
                    "try forwardBackwardGradients(0, [7, 8, 9], 30).loss  // ≈ 948.37, and the reference's for 2 seeds, samples and targets drawn per grading run",
                part: 0
            ) { draw in gradientCalls(&draw) },
            .answers(
                "Part 2.2, Exercise 1: layer 1's weight gradient", points: 2,
                code:
                    "try forwardBackwardGradients(0, [7, 8, 9], 30).layer1  // ≈ [0, 0, 0, 0, 0, 0, 146.14, 167.02, 187.9, 0, 0, 0] (only hidden unit 2 is active), and the reference's for 2 seeds, samples and targets drawn per grading run",
                part: 1
            ) { draw in gradientCalls(&draw) },
            .answers(
                "Part 2.2, Exercise 1: layer 2's weight gradient", points: 1,
                code:
                    "try forwardBackwardGradients(0, [7, 8, 9], 30).layer2  // ≈ [0, 0, -177.57, 0], and the reference's for 2 seeds, samples and targets drawn per grading run",
                part: 2
            ) { draw in gradientCalls(&draw) },
        ])

    /// The article's call, then two drawn (a drawn seed can switch every hidden unit off).
    static func gradientCalls(_ draw: inout GradingDraw) -> [Call] {
        [Call(.forwardBackwardGradients, [.integer(0), .numbers([7, 8, 9]), .number(30)])]
            + (0..<2).map { _ in
                Call(
                    .forwardBackwardGradients,
                    [.integer(draw.integer(1...9999)), .numbers(draw.numbers(3, -5...10, decimals: 1)), .number(draw.number(5...50, decimals: 1))])
            }
    }

    static let exercise2 = GradedExercise(
        id: "series.2.2.forward-backward.ex2", task: 32, title: "Part 2.2, Exercise 2: the loss as one weight moves", article: article,
        function: .forwardBackwardWeightSweep,
        hint:
            "manualSeed(seed); Linear(3, 4), then Linear(4, 1); the sample [[7, 8, 9]] and target [[30]]; keep original = layer2.weight[0, column]; for each delta of Tensor.linspace(-2, 2, steps: steps) set layer2.weight.data[0, column] to original + delta and record that weight and the MSELoss; then put the original back and return the loss once more.",
        mistakes: { call in
            let seed = call.integer(0), column = call.integer(1), steps = call.integer(2)
            return [
                Mistake.argument(call, 0, .integer(0), "the seed argument is ignored: call manualSeed(seed) before creating the layers (the labs' seed is 0)."),
                Mistake.argument(call, 1, .integer(2), "the column argument is ignored: the weight moved is always [0, 2], the program's."),
                Mistake.argument(call, 1, .integer(0), "the column argument is ignored: the weight moved is always [0, 0], the post's text's."),
                Mistake(
                    "each delta is added to the weight as it stands, so the deltas add up: set the weight to original + delta, with original kept (cloned) before the loop.",
                    .computed { try cumulativeSweep(seed: seed, column: column, steps: steps) }),
                Mistake(
                    "the weight is not restored: the last value is the loss at original + 2. Put the original value back after the loop, then compute the loss.",
                    .fromExpected { values in
                        guard values.count == 3, let last = values[1].list?.last else { return nil }
                        return [values[0], values[1], .number(last)]
                    }),
                Mistake(
                    "the weights recorded are the deltas: record the weight's value after setting it (original + delta).",
                    .fromExpected { values in
                        guard values.count == 3, let deltas = try? Tensor.linspace(-2, 2, steps: steps).toArray() else { return nil }
                        return [.numbers(deltas), values[1], values[2]]
                    }),
            ].compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 2.2, Exercise 2: sweeping layer2.weight[0, 2]", points: 2,
                code:
                    "try forwardBackwardWeightSweep(0, 2, 50)  // weights ≈ [-2.339, -2.2573, …, 1.661], losses ≈ [1336.8, 1319.6, …, 626.48], restoredLoss ≈ 948.37, and the reference's for a seed, column and step count drawn per grading run"
            ) { draw in
                [
                    Call(.forwardBackwardWeightSweep, [.integer(0), .integer(2), .integer(50)]),
                    Call(.forwardBackwardWeightSweep, [.integer(draw.integer(1...9999)), .integer(draw.integer(0...3)), .integer(draw.integer(10...40))]),
                ]
            },
            .answers(
                "Part 2.2, Exercise 2: a weight of a switched-off unit", points: 1,
                code:
                    "try forwardBackwardWeightSweep(0, 0, 50)  // weights ≈ [-1.8023, …, 2.1977], every loss ≈ 948.37 (ReLU switched hidden unit 0 off), and the reference's for a seed, column and step count drawn per grading run"
            ) { draw in
                [
                    Call(.forwardBackwardWeightSweep, [.integer(0), .integer(0), .integer(50)]),
                    Call(.forwardBackwardWeightSweep, [.integer(draw.integer(1...9999)), .integer(draw.integer(0...3)), .integer(draw.integer(10...40))]),
                ]
            },
        ])

    static let all: [GradedExercise] = [exercise1, exercise2]
}

/// The exercises of "Learn the Training Loop with PyTorch", Part 2.3: a one-hidden-layer
/// network written with plain tensors, fitted to sin(x) by hand-written steps. The programs
/// train 1000 epochs without a seed; the graded functions take the seed and fewer epochs.
enum SineNetworkExercises {
    static let article = "Learn the Training Loop with PyTorch, Part 2.3: Implementing a Simple Neural Net from Scratch"

    /// The reference's sine network with a learner's change: tanh as the activation, the
    /// weights drawn twice as the programs do (the second set trained), the noise drawn after
    /// the weights. Answers every epoch's loss (up to the early stop, when `threshold` is
    /// set), then the trained network's mean squared error against sin(x) and against the
    /// targets.
    static func sineRun(
        seed: Int, hidden: Int = 10, lr: Double = 1e-2, epochs: Int, tanh: Bool = false, redrawn: Bool = false,
        noise: Double? = nil, noiseAfterWeights: Bool = false, threshold: Double? = nil
    ) throws -> (losses: [Double], cleanLoss: Double, targetLoss: Double) {
        manualSeed(UInt64(truncatingIfNeeded: seed))
        let x = try Tensor.linspace(-2 * Double.pi, 2 * Double.pi, steps: 300).unsqueeze(1)
        let clean = try x.sin()
        var target = clean
        if let noise, !noiseAfterWeights { target = try clean + noise * Tensor.randnLike(clean) }
        var weights = try SeriesSineNetworkLabs.weights(hidden: hidden)
        if redrawn { weights = try SeriesSineNetworkLabs.weights(hidden: hidden) }
        if let noise, noiseAfterWeights { target = try clean + noise * Tensor.randnLike(clean) }
        let parameters = weights
        func predict() throws -> Tensor {
            let h = try x.matmul(parameters[0]) + parameters[1]
            return try (tanh ? h.tanh() : h.relu()).matmul(parameters[2]) + parameters[3]
        }
        var losses: [Double] = []
        for _ in 0..<max(epochs, 0) {
            let loss = try ((predict() - target) ** 2).mean()
            losses.append(try loss.item())
            if let threshold, losses.last! < threshold { break }
            try loss.backward()
            try noGrad {
                for p in parameters {
                    try p.sub_(lr * p.grad!)
                    try p.grad!.zero_()
                }
            }
        }
        let cleanLoss = try noGrad { try ((predict() - clean) ** 2).mean() }.item()
        let targetLoss = try noGrad { try ((predict() - target) ** 2).mean() }.item()
        return (losses, cleanLoss, targetLoss)
    }

    static let seedIgnored = "the seed argument is ignored: call manualSeed(seed) before making the data and weights (the labs' seed is 0)."
    static let drawnTwice =
        "the weights are drawn twice, as the program does (it draws them, then re-initialises them): draw W1, then W2, once after the seed, and train those."

    static let exercise1 = GradedExercise(
        id: "series.2.3.sine-network.ex1", task: 33, title: "Part 2.3, Exercise 1: tanh instead of ReLU", article: article,
        function: .sineTanhLosses,
        hint:
            "manualSeed(seed); x = linspace(-2π, 2π, 300) as a column [300, 1], y = sin(x); W1 = randn(1, 10), b1 = zeros(10), W2 = randn(10, 1), b2 = zeros(1), requiring grad; each epoch: tanh(x @ W1 + b1) @ W2 + b2, the mean of the squared errors, record loss.item(), backward, then in noGrad p -= lr * p.grad and zero each gradient.",
        mistakes: { call in
            let seed = call.integer(0), lr = call.number(1), epochs = call.integer(2)
            return [
                Mistake.argument(call, 0, .integer(0), seedIgnored),
                Mistake.argument(call, 1, .number(0.01), "the learning rate argument is ignored: the steps use 0.01 whatever lr is."),
                Mistake(
                    "the activation is still ReLU: use tanh in the hidden layer, tanh(x @ W1 + b1).",
                    .computed { [.numbers(try sineRun(seed: seed, lr: lr, epochs: epochs).losses)] }),
                Mistake(drawnTwice, .computed { [.numbers(try sineRun(seed: seed, lr: lr, epochs: epochs, tanh: true, redrawn: true).losses)] }),
            ].compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 2.3, Exercise 1: the loss of each epoch", points: 3,
                code:
                    "try sineTanhLosses(0, 0.01, 150)  // 150 losses ≈ [15.552, 10.855, 7.3932, …, 0.13204] (150 epochs, not the program's 1000), and the reference's for a seed, rate and epoch count drawn per grading run"
            ) { draw in
                [
                    Call(.sineTanhLosses, [.integer(0), .number(0.01), .integer(150)]),
                    Call(
                        .sineTanhLosses, [.integer(draw.integer(1...9999)), .number(draw.number(0.004...0.009, decimals: 3)), .integer(draw.integer(20...60))]),
                ]
            }
        ])

    static let exercise2 = GradedExercise(
        id: "series.2.3.sine-network.ex2", task: 34, title: "Part 2.3, Exercise 2: a wider hidden layer", article: article,
        function: .sineWideLosses,
        hint:
            "manualSeed(seed); x = linspace(-2π, 2π, 300) as a column [300, 1], y = sin(x); W1 = randn(1, hidden), b1 = zeros(hidden), W2 = randn(hidden, 1), b2 = zeros(1), requiring grad; each epoch: relu(x @ W1 + b1) @ W2 + b2, the mean of the squared errors, record loss.item(), backward, then in noGrad p -= lr * p.grad and zero each gradient.",
        mistakes: { call in
            let seed = call.integer(0), hidden = call.integer(1), lr = call.number(2), epochs = call.integer(3)
            return [
                Mistake.argument(call, 0, .integer(0), seedIgnored),
                Mistake.argument(call, 1, .integer(10), "the hidden argument is ignored: the layer has the post's 10 units whatever hidden is."),
                Mistake.argument(call, 1, .integer(50), "the hidden argument is ignored: the layer has the exercise's 50 units whatever hidden is."),
                Mistake.argument(call, 2, .number(0.01), "the learning rate argument is ignored: the steps use the post's 0.01 whatever lr is."),
                Mistake.argument(call, 2, .number(0.001), "the learning rate argument is ignored: the steps use the exercise's 0.001 whatever lr is."),
                Mistake(drawnTwice, .computed { [.numbers(try sineRun(seed: seed, hidden: hidden, lr: lr, epochs: epochs, redrawn: true).losses)] }),
            ].compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 2.3, Exercise 2: the loss of each epoch", points: 3,
                code:
                    "try sineWideLosses(0, 50, 0.001, 60)  // 60 losses ≈ [940.9, 82.815, 11.409, …, 0.36222] (60 epochs, not the program's 1000), and the reference's for a seed, width, rate and epoch count drawn per grading run"
            ) { draw in
                [
                    Call(.sineWideLosses, [.integer(0), .integer(50), .number(0.001), .integer(60)]),
                    Call(
                        .sineWideLosses,
                        [
                            .integer(draw.integer(1...9999)), .integer(draw.integer(20...40)), .number(draw.number(0.0005...0.002, decimals: 4)),
                            .integer(draw.integer(20...50)),
                        ]),
                ]
            }
        ])

    static let exercise3 = GradedExercise(
        id: "series.2.3.sine-network.ex3", task: 35, title: "Part 2.3, Exercise 3: early stopping", article: article,
        function: .sineEarlyStop,
        hint:
            "the post's ReLU network (manualSeed(seed), x = linspace(-2π, 2π, 300) as a column, y = sin(x), W1 = randn(1, 10), b1 = zeros(10), W2 = randn(10, 1), b2 = zeros(1), lr 0.01); each epoch compute the loss, and when loss.item() < threshold stop before the backward; return the epochs run, counted from 1 (maxEpochs when it never stops), and the last loss computed.",
        mistakes: { call in
            let seed = call.integer(0), threshold = call.number(1), maxEpochs = call.integer(2)
            return [
                Mistake.argument(call, 0, .integer(0), seedIgnored),
                Mistake.argument(call, 1, .number(0.01), "the threshold argument is ignored: the loop stops below the post's 0.01 whatever threshold is."),
                Mistake(
                    "the epoch is counted from 0: the post prints epoch + 1, the number of epochs run including the one that stopped.",
                    .fromExpected { values in
                        guard values.count == 2, let epochs = values[0].number else { return nil }
                        return [.number(epochs - 1), values[1]]
                    }),
                Mistake(
                    drawnTwice,
                    .computed {
                        let losses = try sineRun(seed: seed, epochs: maxEpochs, redrawn: true, threshold: threshold).losses
                        return [.number(Double(losses.count)), .number(losses.last ?? .nan)]
                    }),
            ].compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 2.3, Exercise 3: the post's threshold 0.01", points: 1,
                code:
                    "try sineEarlyStop(0, 0.01, 150)  // (epochs: 150, loss ≈ 0.24081): 0.01 is not reached (nor within the program's 1000 epochs), and the reference's for a seed, threshold and epoch limit drawn per grading run"
            ) { draw in
                [
                    Call(.sineEarlyStop, [.integer(0), .number(0.01), .integer(150)]),
                    Call(.sineEarlyStop, [.integer(draw.integer(1...9999)), .number(draw.number(0.02...0.05)), .integer(draw.integer(20...60))]),
                ]
            },
            .answers(
                "Part 2.3, Exercise 3: stopping below a threshold", points: 2,
                code:
                    "try sineEarlyStop(0, 0.3, 200)  // (epochs: 75, loss ≈ 0.29979), and the reference's for a seed, threshold and epoch limit drawn per grading run"
            ) { draw in
                [
                    Call(.sineEarlyStop, [.integer(0), .number(0.3), .integer(200)]),
                    Call(.sineEarlyStop, [.integer(draw.integer(1...9999)), .number(draw.number(0.25...0.35)), .integer(draw.integer(120...200))]),
                ]
            },
        ])

    static let exercise4 = GradedExercise(
        id: "series.2.3.sine-network.ex4", task: 36, title: "Part 2.3, Exercise 4: noisy targets", article: article,
        function: .sineNoisyFit,
        hint:
            "manualSeed(seed); x = linspace(-2π, 2π, 300) as a column, clean = sin(x), targets = clean + noise * randn(300, 1) drawn before W1 = randn(1, 10) and W2 = randn(10, 1) (b1, b2 zeros); the post's ReLU loop at lr 0.01 on the targets, each epoch's loss recorded before backward; then the mean squared error against clean after the last step.",
        mistakes: { call in
            let seed = call.integer(0), noise = call.number(1), epochs = call.integer(2)
            return [
                Mistake.argument(call, 0, .integer(0), seedIgnored),
                Mistake.argument(call, 1, .number(0.1), "the noise argument is ignored: the targets get the post's 0.1 · randn whatever noise is."),
                Mistake(
                    "the noise is drawn after the weights: draw it right after the data, before W1 and W2, as the program does.",
                    .computed {
                        let run = try sineRun(seed: seed, epochs: epochs, noise: noise, noiseAfterWeights: true)
                        return [.numbers(run.losses), .number(run.cleanLoss)]
                    }),
                Mistake(
                    drawnTwice,
                    .computed {
                        let run = try sineRun(seed: seed, epochs: epochs, redrawn: true, noise: noise)
                        return [.numbers(run.losses), .number(run.cleanLoss)]
                    }),
                Mistake(
                    "the last value is measured against the noisy targets: measure the trained network against clean = sin(x).",
                    .computed {
                        let run = try sineRun(seed: seed, epochs: epochs, noise: noise)
                        return [.numbers(run.losses), .number(run.targetLoss)]
                    }),
            ].compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 2.3, Exercise 4: the loss of each epoch", points: 2,
                code:
                    "try sineNoisyFit(0, 0.1, 150).losses  // 150 losses ≈ [1.9962, 1.0694, 0.83849, …, 0.18613] (150 epochs, not the program's 1000), and the reference's for a seed, noise and epoch count drawn per grading run",
                part: 0
            ) { draw in noisyCalls(&draw) },
            .answers(
                "Part 2.3, Exercise 4: the fit to sin(x)", points: 1,
                code:
                    "try sineNoisyFit(0, 0.1, 150).cleanLoss  // ≈ 0.17216, and the reference's for a seed, noise and epoch count drawn per grading run",
                part: 1
            ) { draw in noisyCalls(&draw) },
        ])

    /// The article's call, then one drawn.
    static func noisyCalls(_ draw: inout GradingDraw) -> [Call] {
        [
            Call(.sineNoisyFit, [.integer(0), .number(0.1), .integer(150)]),
            Call(.sineNoisyFit, [.integer(draw.integer(1...9999)), .number(draw.number(0.15...0.5)), .integer(draw.integer(20...60))]),
        ]
    }

    static let all: [GradedExercise] = [exercise1, exercise2, exercise3, exercise4]
}
