import Autograd
import SolutionKit

/// The graded exercises of Part 1.1 of "Learn the Training Loop with PyTorch". The post's
/// programs draw without a seed; these are the seeded variants, as the labs
/// (`series.1.1.introduction.*`) run them: the article's calls use seed 0.
enum SeriesIntroductionExercises {
    static let article = "Learn the Training Loop with PyTorch, Part 1.1: Introduction to the Training Loop and Linear Regression"

    /// The seed ignored: the data of seed 0 (the labs') whatever seed is.
    static func seedIgnored(_ call: Call) -> Mistake? {
        Mistake.argument(call, 0, .integer(0), "the seed argument is ignored: call manualSeed(seed) before drawing the data.")
    }

    static let exercise1 = GradedExercise(
        id: "series.1.1.introduction.ex1", task: 15, title: "Part 1.1, Exercise 1: learning rate 0.5", article: article,
        function: .introductionLearningRateLosses,
        hint:
            "manualSeed(seed); x = linspace(-3, 3, 100) as a column [100, 1]; y = 2x - 1 + 0.5·randnLike(x); then w = randn(1) and b = randn(1), both requiring grad, in that order; SGD([w, b], lr: lr); each epoch records mean((x·w + b - y)²) before zeroGrad, backward and step.",
        mistakes: { call in
            let mistakes: [Mistake?] = [
                seedIgnored(call),
                Mistake.argument(call, 1, .number(0.05), "the learning rate argument is ignored: SGD runs at 0.05, the program's default, whatever lr is."),
            ]
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 1.1, Exercise 1: lr 0.5, the loss grows", points: 2,
                code:
                    "try introductionLearningRateLosses(0, 0.5, 6)  // ≈ [2.7008, 6.2112, 25.522, 107.52, 455.67, 1934.0]: every step overshoots further (the program's 200 epochs end in inf and nan), and the reference's for values drawn per grading run"
            ) { draw in
                [
                    Call(.introductionLearningRateLosses, [.integer(0), .number(0.5), .integer(6)]),
                    Call(
                        .introductionLearningRateLosses,
                        [.integer(draw.integer(1...9999)), .number(draw.number(0.36...0.48)), .integer(draw.integer(4...8))]),
                ]
            },
            .answers(
                "Part 1.1, Exercise 1: lr 0.05, the loss falls", points: 1,
                code:
                    "try introductionLearningRateLosses(0, 0.05, 10)  // ≈ [2.7008, 1.7773, 1.2679, 0.97015, 0.78429, 0.66038, 0.57284, 0.50811, 0.45866, 0.42003], and the reference's for values drawn per grading run"
            ) { draw in
                [
                    Call(.introductionLearningRateLosses, [.integer(0), .number(0.05), .integer(10)]),
                    Call(
                        .introductionLearningRateLosses,
                        [.integer(draw.integer(1...9999)), .number(draw.number(0.06...0.3)), .integer(draw.integer(5...15))]),
                ]
            },
        ])

    static let exercise2 = GradedExercise(
        id: "series.1.1.introduction.ex2", task: 16, title: "Part 1.1, Exercise 2: more noise", article: article,
        function: .introductionNoisyFit,
        hint:
            "manualSeed(seed); x = linspace(-3, 3, 100) as a column; y = 2x - 1 + noise·randnLike(x); w = randn(1), then b = randn(1), requiring grad; SGD at lr 0.05; return w and b after the last step, and the last recorded loss (computed before the last step).",
        mistakes: { call in
            let mistakes: [Mistake?] = [
                seedIgnored(call),
                Mistake.argument(
                    call, 1, .number(0.5), "the noise argument is ignored: the data use the program's 0.5 whatever noise is. Scale randnLike(x) by noise."),
            ]
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 1.1, Exercise 2: noise 2.0", points: 2,
                code:
                    "try introductionNoisyFit(0, 2.0, 200)  // w ≈ 1.9991, b ≈ -0.92572, loss ≈ 4.1979: the line is found again, the loss stays high (the noise cannot be fitted), and the reference's for values drawn per grading run"
            ) { draw in
                [
                    Call(.introductionNoisyFit, [.integer(0), .number(2.0), .integer(200)]),
                    Call(.introductionNoisyFit, [.integer(draw.integer(1...9999)), .number(draw.number(1.0...1.9)), .integer(draw.integer(60...150))]),
                ]
            },
            .answers(
                "Part 1.1, Exercise 2: noise 0.5, the post's", points: 1,
                code: "try introductionNoisyFit(0, 0.5, 200)  // w ≈ 1.9998, b ≈ -0.98143, loss ≈ 0.26237, and the reference's for values drawn per grading run"
            ) { draw in
                [
                    Call(.introductionNoisyFit, [.integer(0), .number(0.5), .integer(200)]),
                    Call(.introductionNoisyFit, [.integer(draw.integer(1...9999)), .number(draw.number(0.1...0.4)), .integer(draw.integer(60...150))]),
                ]
            },
        ])

    static let exercise3 = GradedExercise(
        id: "series.1.1.introduction.ex3", task: 17, title: "Part 1.1, Exercise 3: more epochs", article: article,
        function: .introductionLongerTraining,
        hint:
            "Exercise 2's program with noise 2.0 and lr 0.05 for `epochs` epochs; the losses are the recorded losses of epochs 10, 20, ... (positions 9, 19, ... of the list, each computed before its epoch's step).",
        mistakes: { call in
            let epochs = call.integer(1)
            let mistakes: [Mistake?] = [
                seedIgnored(call),
                Mistake.argument(call, 1, .integer(epochs + 1), "the loop runs one epoch too many: loop `for _ in 0..<epochs`."),
                Mistake.argument(call, 1, .integer(epochs - 1), "the loop runs one epoch too few: loop `for _ in 0..<epochs`."),
            ]
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 1.1, Exercise 3: w, b and every 10th loss", points: 2,
                code:
                    "try introductionLongerTraining(0, 100)  // w ≈ 1.9991, b ≈ -0.92569, losses ≈ [4.3390, 4.2148, 4.2000, 4.1982, 4.1979, 4.1979, …] (10 values): settled by epoch 50, so the post's 1000 epochs change nothing; and the reference's for values drawn per grading run"
            ) { draw in
                [
                    Call(.introductionLongerTraining, [.integer(0), .integer(100)]),
                    Call(.introductionLongerTraining, [.integer(draw.integer(1...9999)), .integer(draw.integer(20...60))]),
                ]
            }
        ])

    static let exercise4 = GradedExercise(
        id: "series.1.1.introduction.ex4", task: 18, title: "Part 1.1, Exercise 4: predict a new point", article: article,
        function: .introductionPrediction,
        hint:
            "train as in Exercise 3 (noise 2.0, lr 0.05, `epochs` epochs from manualSeed(seed)), then the prediction is x·w + b with the trained w and b.",
        mistakes: { call in
            let x = call.number(1)
            let mistakes: [Mistake?] = [
                seedIgnored(call),
                Mistake.argument(call, 1, .number(4.0), "the x argument is ignored: the prediction is made at the post's 4.0 whatever x is."),
                Mistake(
                    "the prediction leaves out the bias: it is x·w + b.",
                    .fromExpected { right in
                        guard right.count == 3, let w = right[0].number else { return nil }
                        return [right[0], right[1], .number(x * w)]
                    }),
            ]
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 1.1, Exercise 4: w, b and the prediction", points: 2,
                code:
                    "try introductionPrediction(0, 4.0, 100)  // w ≈ 1.9991, b ≈ -0.92569, prediction ≈ 7.0708, and the reference's for values drawn per grading run"
            ) { draw in
                [
                    Call(.introductionPrediction, [.integer(0), .number(4.0), .integer(100)]),
                    Call(.introductionPrediction, [.integer(draw.integer(1...9999)), .number(draw.number(4.5...9.0)), .integer(draw.integer(20...60))]),
                ]
            }
        ])

    static let all: [GradedExercise] = [exercise1, exercise2, exercise3, exercise4]
}

/// The graded exercises of Part 1.3 of "Learn the Training Loop with PyTorch" (the
/// program's own seed is 0: the article's calls use it).
enum SeriesBatchExercises {
    static let article = "Learn the Training Loop with PyTorch, Part 1.3: Batch vs. Stochastic Gradient Descent"

    /// The seed ignored: the program's manual_seed(0) whatever seed is.
    static func seedIgnored(_ call: Call) -> Mistake? {
        Mistake.argument(call, 0, .integer(0), "the seed argument is ignored: call manualSeed(seed) before drawing the data.")
    }

    static let exercise1 = GradedExercise(
        id: "series.1.3.batch-vs-sgd.ex1", task: 19, title: "Part 1.3, Exercise 1: the batch size", article: article,
        function: .minibatchSizeLosses,
        hint:
            "manualSeed(seed); x = linspace(0, 1, 100) as a column; y = 2x + 1 + 0.1·randnLike(x); w = randn(1), then b = randn(1), requiring grad. Each epoch: randperm(100) cut in order into runs of batchSize (the last shorter), x[idx] and y[idx] with the tensor of positions, a step per batch (update in noGrad, then zero the gradients); the epoch's loss is Σ batch loss × batch size / 100.",
        mistakes: { call in
            let mistakes: [Mistake?] = [
                seedIgnored(call),
                Mistake.argument(call, 3, .number(0.1), "the learning rate argument is ignored: the steps use 0.1, the program's, whatever lr is."),
            ]
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 1.3, Exercise 1: batch size 1", points: 2,
                code:
                    "try minibatchSizeLosses(0, 1, 2, 0.1)  // ≈ [0.056235, 0.012658] (the program's first two epochs of 50: 100 updates an epoch, low after one), and the reference's for values drawn per grading run"
            ) { draw in
                [
                    Call(.minibatchSizeLosses, [.integer(0), .integer(1), .integer(2), .number(0.1)]),
                    Call(
                        .minibatchSizeLosses, [.integer(draw.integer(1...9999)), .integer(1), .integer(draw.integer(1...2)), .number(draw.number(0.02...0.09))]),
                ]
            },
            .answers(
                "Part 1.3, Exercise 1: the full batch", points: 1,
                code:
                    "try minibatchSizeLosses(0, 100, 50, 0.1)  // ≈ [1.7524, 0.98151, 0.55200, 0.31269, …, 0.010843] (50 values: one update an epoch, slow), and the reference's for values drawn per grading run"
            ) { draw in
                [
                    Call(.minibatchSizeLosses, [.integer(0), .integer(100), .integer(50), .number(0.1)]),
                    Call(
                        .minibatchSizeLosses,
                        [.integer(draw.integer(1...9999)), .integer(100), .integer(draw.integer(20...40)), .number(draw.number(0.2...0.6))]),
                ]
            },
            .answers(
                "Part 1.3, Exercise 1: other batch sizes", points: 1,
                code:
                    "try minibatchSizeLosses(0, 16, 10, 0.1)  // ≈ [0.62863, 0.021545, 0.011740, 0.011419, …] (10 values), and the reference's for batch sizes (the last batch shorter) and values drawn per grading run"
            ) { draw in
                [
                    Call(.minibatchSizeLosses, [.integer(0), .integer(16), .integer(10), .number(0.1)]),
                    Call(
                        .minibatchSizeLosses,
                        [.integer(draw.integer(1...9999)), .integer(draw.integer(17...40)), .integer(draw.integer(2...4)), .number(draw.number(0.05...0.3))]),
                ]
            },
        ])

    static let exercise2 = GradedExercise(
        id: "series.1.3.batch-vs-sgd.ex2", task: 20, title: "Part 1.3, Exercise 2: a larger dataset", article: article,
        function: .minibatchLargeDataset,
        hint:
            "after manualSeed(seed) and the n points, the batch run draws its w and b first and takes `epochs` steps at lr 0.5; then the mini-batch run draws its own w and b and runs `epochs` epochs of batches of 64 (randperm(n) each epoch). Return the mean squared error on all n points with each run's final w and b, not a recorded epoch loss.",
        mistakes: { call in
            let mistakes: [Mistake?] = [
                seedIgnored(call),
                Mistake("the two losses are swapped: return (batch: …, minibatch: …).", .swapped),
            ]
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 1.3, Exercise 2: 10,000 points", points: 2,
                code:
                    "try minibatchLargeDataset(0, 10_000, 1)  // batch ≈ 0.13032, minibatch ≈ 0.011269: after one pass, one update against 157 (the program's 10 epochs, timed, are slow in a debug build), and the reference's for values drawn per grading run"
            ) { draw in
                [
                    Call(.minibatchLargeDataset, [.integer(0), .integer(10_000), .integer(1)]),
                    Call(.minibatchLargeDataset, [.integer(draw.integer(1...9999)), .integer(draw.integer(2000...6000)), .integer(draw.integer(1...2))]),
                ]
            }
        ])

    static let exercise3 = GradedExercise(
        id: "series.1.3.batch-vs-sgd.ex3", task: 21, title: "Part 1.3, Exercise 3: noisier data", article: article,
        function: .minibatchNoisyData,
        hint:
            "manualSeed(seed); the post's 100 points, then y = y + noise·randnLike(y); then three runs in the order batch (lr 0.05), stochastic (lr 0.005, randperm(100) each epoch, one point a step), mini-batch of 16 (lr 0.01), each drawing its own w = randn(1) and b = randn(1) from the same stream.",
        mistakes: { call in
            let mistakes: [Mistake?] = [
                seedIgnored(call),
                Mistake.argument(call, 1, .number(0.5), "the noise argument is ignored: the extra noise is the program's 0.5 whatever noise is."),
            ]
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 1.3, Exercise 3: three loss curves", points: 2,
                code:
                    "try minibatchNoisyData(0, 0.5, 2)  // batch ≈ [7.8809, 6.1313], stochastic ≈ [3.1660, 0.45486], minibatch ≈ [3.3258, 2.3980] (the program runs 50 epochs; 2 here, the stochastic run's 100 steps an epoch being slow in a debug build), and the reference's for values drawn per grading run"
            ) { draw in
                [
                    Call(.minibatchNoisyData, [.integer(0), .number(0.5), .integer(2)]),
                    Call(.minibatchNoisyData, [.integer(draw.integer(1...9999)), .number(draw.number(0.6...1.5)), .integer(draw.integer(1...2))]),
                ]
            }
        ])

    static let all: [GradedExercise] = [exercise1, exercise2, exercise3]
}

/// The graded exercises of Part 1.4 of "Learn the Training Loop with PyTorch" (the
/// program's own seed is 42: the article's calls use it).
enum SeriesLandscapeExercises {
    static let article = "Learn the Training Loop with PyTorch, Part 1.4: Visualizing the Loss Landscape"

    /// The seed ignored: the program's manual_seed(42) whatever seed is.
    static func seedIgnored(_ call: Call) -> Mistake? {
        Mistake.argument(call, 0, .integer(42), "the seed argument is ignored: call manualSeed(seed) before drawing the data.")
    }

    static let exercise1 = GradedExercise(
        id: "series.1.4.loss-surfaces.ex1", task: 22, title: "Part 1.4, Exercise 1: a new starting point", article: article,
        function: .landscapeDescentPath,
        hint:
            "manualSeed(seed); x = linspace(-3, 3, 30), flat; y = 2x + 1 + randn(30)·0.5; w = wStart and b = bStart as scalar tensors requiring grad; 15 steps at lr 0.1 on mean((y - (w·x + b))²), updating in noGrad and zeroing the gradients; the path holds the start and each step's w and b (16 values each).",
        mistakes: { call in
            var mistakes: [Mistake?] = [
                seedIgnored(call),
                Mistake("w and b are swapped in what the function returns: return (w: ws, b: bs).", .swapped),
            ]
            if call.arguments.count == 3 {
                mistakes.append(
                    Mistake(
                        "wStart and bStart are swapped: w starts at wStart and b at bStart.",
                        .reference(Call(.landscapeDescentPath, [call.arguments[0], call.arguments[2], call.arguments[1]]))))
            }
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 1.4, Exercise 1: the path from (0, -1)", points: 2,
                code:
                    "try landscapeDescentPath(42, 0.0, -1.0)  // w ≈ [0, 1.2676, 1.7222, …, 1.9764], b ≈ [-1, -0.62425, -0.32365, …, 0.81266]: w settles within a few steps, b creeps along the valley; and the reference's for values drawn per grading run"
            ) { draw in
                [
                    Call(.landscapeDescentPath, [.integer(42), .number(0.0), .number(-1.0)]),
                    Call(.landscapeDescentPath, [.integer(draw.integer(43...9999)), .number(draw.number(-2.0...5.0)), .number(draw.number(-3.0...4.0))]),
                ]
            },
            .answers(
                "Part 1.4, Exercise 1: the path from the post's (3.5, 2.5)", points: 1,
                code:
                    "try landscapeDescentPath(42, 3.5, 2.5)  // w ends ≈ 1.9764, b ≈ [2.5, 2.1758, 1.9164, …, 0.93580], and the reference's for values drawn per grading run"
            ) { draw in
                [
                    Call(.landscapeDescentPath, [.integer(42), .number(3.5), .number(2.5)]),
                    Call(.landscapeDescentPath, [.integer(draw.integer(43...9999)), .number(draw.number(2.5...4.0)), .number(draw.number(1.5...3.0))]),
                ]
            },
        ])

    static let exercise2 = GradedExercise(
        id: "series.1.4.loss-surfaces.ex2", task: 23, title: "Part 1.4, Exercise 2: the loss along w with b fixed", article: article,
        function: .landscapeSliceLosses,
        hint:
            "Exercise 1's data from manualSeed(seed); for each w of linspace(0, 4, 100) in order, the mean (not the sum) of (y - (w·x + bFixed))² over the 30 points.",
        mistakes: { call in
            let mistakes: [Mistake?] = [
                seedIgnored(call),
                Mistake.argument(call, 1, .number(1.0), "the bFixed argument is ignored: b is the post's 1.0 whatever bFixed is."),
                Mistake(
                    "the loss is the sum over the 30 points, not their mean: use mean().",
                    .fromExpected { right in
                        guard right.count == 1, let losses = right[0].list else { return nil }
                        return [.numbers(losses.map { $0 * 30 })]
                    }),
            ]
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 1.4, Exercise 2: the loss curve", points: 2,
                code:
                    "try landscapeSliceLosses(42, 1.0)  // ≈ [12.898, 12.391, 11.895, …, 13.504] (100 values), a parabola lowest (≈ 0.37185) near w = 1.98; and the reference's for values drawn per grading run"
            ) { draw in
                [
                    Call(.landscapeSliceLosses, [.integer(42), .number(1.0)]),
                    Call(.landscapeSliceLosses, [.integer(draw.integer(43...9999)), .number(draw.number(1.1...3.0))]),
                ]
            }
        ])

    static let all: [GradedExercise] = [exercise1, exercise2]
}

/// The graded exercises of Part 1.5 of "Learn the Training Loop with PyTorch" (the
/// program's own seed is 0: the article's calls use it). The numerical gradients are
/// graded in float64: in float32, as the post computes them, a difference over h = 1e-5
/// turns one rounding of the loss into an error in the third digit, which no tolerance can
/// grade; the labs show those numbers.
enum SeriesGradientCheckExercises {
    static let article = "Learn the Training Loop with PyTorch, Part 1.5: Numerical vs. Analytical Gradients"

    /// The seed ignored: the program's manual_seed(0) whatever seed is.
    static func seedIgnored(_ call: Call) -> Mistake? {
        Mistake.argument(call, 0, .integer(0), "the seed argument is ignored: call manualSeed(seed) before drawing the data.")
    }

    static let float32Explanation =
        "the numerical gradients are float32's, as the post's program computes them: the loss's own rounding (about 1e-7 of it) divided by 2h spoils the digits. Convert x, y and the starting parameters with .double() before taking the differences."

    static let exercise1 = GradedExercise(
        id: "series.1.5.numerical-vs-analytical.ex1", task: 24, title: "Part 1.5, Exercise 1: a parabola's gradients", article: article,
        function: .gradientCheckQuadratic,
        hint:
            "manualSeed(seed); x = linspace(-1, 1, 20) as a column; y = 2x + 3 + 0.1·randn(20, 1); then w1, w2, b = randn(1) each, in that order; the loss mean((w2·x² + w1·x + b - y)²); the differences (L(p + h) - L(p - h)) / 2h with h = 1e-5, one parameter at a time, in float64; both lists in the order w1, w2, b.",
        mistakes: { call in
            let seed = call.integer(0)
            let mistakes: [Mistake?] = [
                seedIgnored(call),
                Mistake(float32Explanation, .computed { try quadraticInFloat32(seed: seed) }),
            ]
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 1.5, Exercise 1: analytical and numerical", points: 2,
                code:
                    "try gradientCheckQuadratic(0)  // analytical ≈ [-2.2022, -2.6792, -6.4406], numerical the same (in float32 the post prints -2.1458, -2.6703, -6.4373), and the reference's for a seed drawn per grading run"
            ) { draw in
                [Call(.gradientCheckQuadratic, [.integer(0)]), Call(.gradientCheckQuadratic, [.integer(draw.integer(1...9999))])]
            }
        ])

    static let exercise2 = GradedExercise(
        id: "series.1.5.numerical-vs-analytical.ex2", task: 25, title: "Part 1.5, Exercise 2: the loss as a function of w", article: article,
        function: .gradientCheckLossSweep,
        hint:
            "after the data, draw randn(1) three times (Exercise 1's w1, w2, b): bFixed is the third; w_i = -4 + i·8/(points - 1), the last exactly 4; the loss mean((x·w + bFixed - y)²) over the 20 points.",
        mistakes: { call in
            let mistakes: [Mistake?] = [
                seedIgnored(call),
                Mistake(
                    "the loss is the sum over the 20 points, not their mean: use mean().",
                    .fromExpected { right in
                        guard right.count == 2, let losses = right[1].list else { return nil }
                        return [right[0], .numbers(losses.map { $0 * 20 })]
                    }),
            ]
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 1.5, Exercise 2: b and the loss curve", points: 2,
                code:
                    "try gradientCheckLossSweep(0, 100)  // b ≈ 0.37039, losses ≈ [20.800, 20.439, 20.083, …, 8.4407] (100 values), lowest (≈ 7.1064) near w = 2.06; and the reference's for values drawn per grading run"
            ) { draw in
                [
                    Call(.gradientCheckLossSweep, [.integer(0), .integer(100)]),
                    Call(.gradientCheckLossSweep, [.integer(draw.integer(1...9999)), .integer(draw.integer(5...40))]),
                ]
            }
        ])

    static let exercise3 = GradedExercise(
        id: "series.1.5.numerical-vs-analytical.ex3", task: 26, title: "Part 1.5, Exercise 3: the step h", article: article,
        function: .gradientCheckStepSizes,
        hint:
            "the data of Exercise 1, then w = randn(1, 1) and b = randn(1); the loss mean((x.matmul(w) + b - y)²); the analytical gradient is w.grad after one backward; each numerical one (L(w + h) - L(w - h)) / 2h with b held, in float64.",
        mistakes: { call in
            let seed = call.integer(0), steps = call.list(1)
            let mistakes: [Mistake?] = [
                seedIgnored(call),
                Mistake(float32Explanation, .computed { try lineInFloat32(seed: seed, steps: steps) }),
            ]
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 1.5, Exercise 3: h = 1e-3, 1e-5 and 1e-7", points: 2,
                code:
                    "try gradientCheckStepSizes(0, [1e-3, 1e-5, 1e-7])  // analytical ≈ -2.2022, numerical ≈ [-2.2022, -2.2022, -2.2022]: the loss is quadratic in w, so no h is too big, and float64 keeps the round-off small (the post's float32 gives -2.2030, -2.1935 and 0); and the reference's for values drawn per grading run"
            ) { draw in
                [
                    Call(.gradientCheckStepSizes, [.integer(0), .numbers([1e-3, 1e-5, 1e-7])]),
                    Call(
                        .gradientCheckStepSizes,
                        [.integer(draw.integer(1...9999)), .numbers([draw.number(0.01...0.5, decimals: 3), 1e-4, 1e-6])]),
                ]
            }
        ])

    static let all: [GradedExercise] = [exercise1, exercise2, exercise3]

    // MARK: Mistake models

    /// The post's data from `seed` (20 points on y = 2x + 3, columns).
    private static func data(_ seed: Int) throws -> (x: Tensor, y: Tensor) {
        manualSeed(UInt64(seed))
        let x = try Tensor.linspace(-1, 1, steps: 20).unsqueeze(1)
        return (x, try 2.0 * x + 3.0 + 0.1 * Tensor.randn(20, 1))
    }

    /// Exercise 1 computed in float32 throughout, as the post's program does.
    static func quadraticInFloat32(seed: Int) throws -> [Value] {
        let (x, y) = try data(seed)
        let p = try (0..<3).map { _ in try Tensor.randn(1, requiresGrad: true) }
        func loss(_ p: [Tensor]) throws -> Tensor { try ((p[1] * x ** 2 + p[0] * x + p[2] - y) ** 2).mean() }
        try loss(p).backward()
        let numerical = try (0..<3).map { try SeriesGradientCheckLabs.numericalGradient(loss, p, $0, h: 1e-5).item() }
        return [.numbers(try p.map { try $0.grad!.item() }), .numbers(numerical)]
    }

    /// Exercise 3 computed in float32 throughout, as the post's program does.
    static func lineInFloat32(seed: Int, steps: [Double]) throws -> [Value] {
        let (x, y) = try data(seed)
        let p = [try Tensor.randn(1, 1, requiresGrad: true), try Tensor.randn(1, requiresGrad: true)]
        func loss(_ p: [Tensor]) throws -> Tensor { try ((x.matmul(p[0]) + p[1] - y) ** 2).mean() }
        try loss(p).backward()
        let numerical = try steps.map { try SeriesGradientCheckLabs.numericalGradient(loss, p, 0, h: $0).item() }
        return [.number(try p[0].grad!.item()), .numbers(numerical)]
    }
}
