import SolutionKit

/// The exercises of the article "Learn the training loop".
enum TrainingLoopExercises {
    static let article = "Learn the training loop"

    /// Mistakes in the regression loops (manual gradients, or autograd with SGD).
    @Sendable static func regressionMistakes(_ call: Call) -> [Mistake] {
        let lr = call.number(1)
        var mistakes: [Mistake?] = [
            Mistake.argument(call, 0, .integer(42), "the seed argument is ignored: call manualSeed(seed) before drawing the data."),
            Mistake.argument(call, 1, .number(-lr), "the update goes with the gradient: subtract it (w -= lr * grad_w)."),
            Mistake("w and b are swapped in what the function returns: return (w: w, b: b).", .swapped),
        ]
        if call.function == .manualRegression {
            let epochs = call.integer(2)
            mistakes += [
                Mistake.argument(call, 2, .integer(epochs + 1), "the loop runs one epoch too many: loop `for _ in 0..<epochs`."),
                Mistake.argument(call, 2, .integer(epochs - 1), "the loop runs one epoch too few: loop `for _ in 0..<epochs`."),
                Mistake.argument(call, 1, .number(lr * 100), "the gradient is a sum, not a mean: it is 100 times too large. Divide by N (2/N · sum)."),
                Mistake.argument(call, 1, .number(lr / 2), "the gradient is half of what it should be: the derivative of (ŷ - y)² is 2·(ŷ - y)."),
                Mistake(
                    "an unintended broadcast: y has shape [100] while x and ŷ have shape [100, 1], so ŷ - y is 100×100. Keep y a column (unsqueeze(1)) or x flat.",
                    .computed { try MistakeModels.regression(seed: call.integer(0), lr: lr, epochs: epochs, flatTargets: true) }),
                Mistake.argument(call, 1, .number(1.0), "the learning rate argument is ignored: the updates use 1.0 whatever lr is."),
                Mistake.argument(call, 1, .number(0.01), "the learning rate argument is ignored: the updates use 0.01 whatever lr is."),
                Mistake(
                    "the data and parameters are float64 where the article's are float32 (PyTorch's default): randn draws other numbers in float64, so the data differ. Create them without a dtype (float32).",
                    .computed { try MistakeModels.regression(seed: call.integer(0), lr: lr, epochs: epochs, dtype: .float64) }),
            ]
        } else {
            mistakes += [
                Mistake.argument(
                    call, 1, .number(0),
                    "w and b did not move: no gradient reached them. Either they do not require grad (create them with requiresGrad: true, as the article's fix says), or the prediction was cut from them (detach(), item(), or computed inside noGrad), or the optimizer never steps."
                ),
                Mistake(
                    "the gradients accumulate: call optimizer.zeroGrad() before each backward.",
                    .computed { try MistakeModels.sgdWithoutZeroing(seed: call.integer(0), lr: lr) }),
                Mistake.argument(call, 1, .number(0.1), "the learning rate argument is ignored: the optimizer uses 0.1 whatever lr is."),
            ]
        }
        return mistakes.compactMap { $0 }
    }

    static let exercise1 = GradedExercise(
        id: "training-loop.exercise1", task: 9, title: "Learn the training loop, Exercise 1: learning rates 1.0 and 0.01", article: article,
        function: .manualRegression,
        hint:
            "manualSeed(seed); x = linspace(-1, 1, 100) as a column; y = 2x - 1 + 0.1·randn; then w and b from randn([1]), in that order; grad_w = (2/N)·sum((ŷ - y)·x), grad_b = (2/N)·sum(ŷ - y).",
        mistakes: regressionMistakes,
        checks: [
            .answers(
                "Learn the training loop, Exercise 1: lr 1.0", points: 2,
                code: "try manualRegression(42, 1.0, 50)  // w ≈ 1.9971, b ≈ -0.57065, and the reference's for a seed and rate drawn per grading run"
            ) { draw in
                [
                    Call(.manualRegression, [.integer(42), .number(1.0), .integer(50)]),
                    Call(.manualRegression, [.integer(draw.integer(43...9999)), .number(draw.number(0.2...0.9)), .integer(draw.integer(5...15))]),
                ]
            },
            .answers(
                "Learn the training loop, Exercise 1: lr 0.01", points: 2,
                code:
                    "try manualRegression(42, 0.01, 50)  // w ≈ 0.17415, b ≈ -0.83984 (lr 0.01 is slow, not broken), and the reference's for a seed and rate drawn per grading run"
            ) { draw in
                [
                    Call(.manualRegression, [.integer(42), .number(0.01), .integer(50)]),
                    Call(
                        .manualRegression,
                        [.integer(draw.integer(43...9999)), .number(draw.number(0.015...0.05, decimals: 3)), .integer(draw.integer(20...80))]),
                ]
            },
        ])

    static let exercise2 = GradedExercise(
        id: "training-loop.exercise2", task: 10, title: "Learn the training loop, Exercise 2: two features", article: article,
        function: .twoFeatures,
        hint:
            "after manualSeed(seed), draw X = rand(100, 2)·2 - 1, the noise randn(100), then w = randn(2) and b = randn(1), in that order; grad_w = (2/N)·sum(X·(ŷ - y)[:, None], dim 0).",
        mistakes: { call in
            [Mistake.argument(call, 0, .integer(42), "the seed argument is ignored: call manualSeed(seed) before drawing the data.")].compactMap { $0 }
        },
        checks: [
            .answers(
                "Learn the training loop, Exercise 2: w and b", points: 2,
                code: "try twoFeatures(42)  // w ≈ [1.4417, -2.8892], b ≈ 0.53558, and the reference's for a seed drawn per grading run"
            ) { draw in
                [Call(.twoFeatures, [.integer(42)]), Call(.twoFeatures, [.integer(draw.integer(43...9999))])]
            }
        ])

    static let exercise3 = GradedExercise(
        id: "training-loop.exercise3", task: 11, title: "Learn the training loop, Exercise 3: autograd and SGD", article: article,
        function: .autogradSGD,
        hint:
            "Exercise 1's data from manualSeed(seed), w and b from randn([1], requiresGrad: true), SGD([w, b], lr: lr), and 50 epochs of zeroGrad, backward of the mean squared error, step.",
        mistakes: regressionMistakes,
        checks: [
            .answers(
                "Learn the training loop, Exercise 3: w and b", points: 2,
                code: "try autogradSGD(42, 0.1)  // w ≈ 1.9213, b ≈ -0.99402, and the reference's for a seed and rate drawn per grading run"
            ) { draw in
                [
                    Call(.autogradSGD, [.integer(42), .number(0.1)]),
                    Call(.autogradSGD, [.integer(draw.integer(43...9999)), .number(draw.number(0.12...0.4, decimals: 3))]),
                ]
            }
        ])
}
