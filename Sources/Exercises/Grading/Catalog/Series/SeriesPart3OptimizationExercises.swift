import Autograd
import SolutionKit

/// The exercises of Part 3.1 of the series: SGD, RMSprop and Adam fitting one line.
enum SeriesOptimizerExercises {
    static let article = "Learn the Training Loop with PyTorch, Part 3.1: Optimization Algorithms Beyond SGD"

    /// One run's last loss and learned weight and bias.
    typealias Run = (loss: Double, w: Double, b: Double)

    /// The line of Part 3.1: 100 points from 0 to 1 (a column), `y = 2x + 3 + noise·randnLike(x)`.
    static func line(seed: Int, noise: Double) throws -> (x: Tensor, y: Tensor) {
        manualSeed(UInt64(truncatingIfNeeded: seed))
        let x = try Tensor.linspace(0, 1, steps: 100).unsqueeze(1)
        return (x, try 2 * x + 3 + noise * Tensor.randnLike(x))
    }

    /// `epochs` full-batch epochs on the mean squared error, `afterEpoch` given each epoch's
    /// loss after the optimizer's step; every epoch's loss.
    static func fit(
        _ model: Linear, _ optimizer: any Optimizer, _ x: Tensor, _ y: Tensor, epochs: Int,
        afterEpoch: (Double) throws -> Void = { _ in }
    ) throws -> [Double] {
        var losses: [Double] = []
        for _ in 0..<max(epochs, 0) {
            optimizer.zeroGrad()
            let loss = try MSELoss()(model(x), y)
            try loss.backward()
            try optimizer.step()
            losses.append(try loss.item())
            try afterEpoch(losses.last!)
        }
        return losses
    }

    /// The post's three runs (SGD, RMSprop, Adam, each on a new Linear(1, 1) drawn after the
    /// data and the models before it), with RMSprop's `alpha` as given: a learner's slip
    /// leaves it at PyTorch's default 0.99.
    static func runs(seed: Int, lr: Double, noise: Double, epochs: Int, alpha: Double) throws -> [Run] {
        let (x, y) = try line(seed: seed, noise: noise)
        var results: [Run] = []
        for index in 0..<3 {
            let model = try Linear(1, 1)
            let optimizer: any Optimizer =
                switch index {
                case 0: try SGD(model.parameters(), lr: lr)
                case 1: try RMSprop(model.parameters(), lr: lr, alpha: alpha)
                default: try Adam(model.parameters(), lr: lr, betas: (0.9, 0.999))
                }
            let losses = try fit(model, optimizer, x, y, epochs: epochs)
            results.append((losses.last ?? .nan, try model.weight.item(), try model.bias!.item()))
        }
        return results
    }

    /// The three runs' last losses, as Exercises 1 and 3 answer.
    static func losses(_ runs: [Run]) -> [Value] { runs.map { .number($0.loss) } }

    /// The three runs' weights, then biases, as Exercise 4 answers.
    static func parameters(_ runs: [Run]) -> [Value] { [.numbers(runs.map { $0.w }), .numbers(runs.map { $0.b })] }

    /// Exercise 2 seeded once: the momentum run's Linear is drawn after the plain run's, so
    /// the two runs start from different weights.
    static func momentumWithoutReseeding(seed: Int, lr: Double, momentum: Double, epochs: Int) throws -> [Value] {
        let (x, y) = try line(seed: seed, noise: 0.2)
        let plainModel = try Linear(1, 1)
        let plain = try fit(plainModel, SGD(plainModel.parameters(), lr: lr), x, y, epochs: epochs)
        let momentumModel = try Linear(1, 1)
        let withMomentum = try fit(momentumModel, SGD(momentumModel.parameters(), lr: lr, momentum: momentum), x, y, epochs: epochs)
        return [.numbers(plain), .numbers(withMomentum)]
    }

    /// Mistakes of the exercises built on the three runs (arguments seed, then lr or noise,
    /// then epochs); `answer` turns the runs into the exercise's answer.
    static func runMistakes(_ call: Call, lr: Double, noise: Double, answer: @escaping @Sendable ([Run]) -> [Value]) -> [Mistake?] {
        let seed = call.integer(0), epochs = call.integer(2)
        return [
            Mistake.argument(call, 0, .integer(42), "the seed argument is ignored: call manualSeed(UInt64(seed)) before drawing the data."),
            Mistake(
                "RMSprop's alpha is PyTorch's default 0.99: the post sets alpha 0.9 (RMSprop(parameters, lr: lr, alpha: 0.9)).",
                .computed { try answer(SeriesOptimizerExercises.runs(seed: seed, lr: lr, noise: noise, epochs: epochs, alpha: 0.99)) }),
        ]
    }

    /// The last loss one epoch late: computed after the loop, or one epoch too many.
    static let lateLoss =
        "each loss is one epoch late: return the loss the last epoch computed before its step (the last value the loop kept), not a loss computed again after the loop; or the loop runs one epoch too many."

    static let exercise1 = GradedExercise(
        id: "series.3.1.optimizers.ex1", task: 45, title: "Part 3.1, Exercise 1: tune the learning rate", article: article,
        function: .optimizersAtLearningRate,
        hint:
            "manualSeed(UInt64(seed)); x = linspace(0, 1, steps: 100) as a column; y = 2x + 3 + 0.2·randnLike(x); then SGD, RMSprop (alpha 0.9) and Adam (betas (0.9, 0.999)), in that order, each on a new Linear(1, 1) for `epochs` epochs of zeroGrad, MSELoss, backward, step; return each run's last loss.item() (computed before the last step).",
        mistakes: { call in
            let epochs = call.integer(2)
            var mistakes = SeriesOptimizerExercises.runMistakes(call, lr: call.number(1), noise: 0.2) { SeriesOptimizerExercises.losses($0) }
            mistakes += [
                Mistake.argument(call, 1, .number(0.1), "the learning rate argument is ignored: the optimizers use the demo's 0.1 whatever lr is."),
                Mistake.argument(call, 2, .integer(epochs + 1), SeriesOptimizerExercises.lateLoss),
                Mistake.argument(call, 2, .integer(epochs - 1), "the loop runs one epoch too few: loop `for _ in 0..<epochs`."),
            ]
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 3.1, Exercise 1: a learning rate too low", points: 2,
                code:
                    "try optimizersAtLearningRate(42, 0.01, 100)  // ≈ (0.18617, 10.759, 9.0919): at 0.01 RMSprop and Adam move about 0.01 a step and are still far from the line, and the reference's for a seed, a rate and an epoch count drawn per grading run"
            ) { draw in
                [
                    Call(.optimizersAtLearningRate, [.integer(42), .number(0.01), .integer(100)]),
                    Call(
                        .optimizersAtLearningRate,
                        [.integer(draw.integer(43...9999)), .number(draw.number(0.015...0.04, decimals: 3)), .integer(draw.integer(30...80))]),
                ]
            },
            .answers(
                "Part 3.1, Exercise 1: a high learning rate", points: 2,
                code:
                    "try optimizersAtLearningRate(42, 0.2, 50)  // ≈ (0.038756, 0.041722, 0.13044), and the reference's for a seed, a rate and an epoch count drawn per grading run (50 epochs where the post runs 100: past about 70, RMSprop at this rate jitters around the minimum and its losses turn on float32 roundings)"
            ) { draw in
                [
                    Call(.optimizersAtLearningRate, [.integer(42), .number(0.2), .integer(50)]),
                    Call(
                        .optimizersAtLearningRate,
                        [.integer(draw.integer(43...9999)), .number(draw.number(0.25...0.35)), .integer(draw.integer(20...40))]),
                ]
            },
        ])

    static let exercise2 = GradedExercise(
        id: "series.3.1.optimizers.ex2", task: 46, title: "Part 3.1, Exercise 2: SGD with momentum", article: article,
        function: .momentumLossCurves,
        hint:
            "two runs, each seeded anew: manualSeed(UInt64(seed)), x = linspace(0, 1, steps: 100) as a column, y = 2x + 3 + 0.2·randnLike(x), a new Linear(1, 1), then `epochs` epochs of zeroGrad, MSELoss, backward, step with SGD(params, lr: lr), then with SGD(params, lr: lr, momentum: momentum); return every epoch's loss.item() of each run.",
        mistakes: { call in
            let seed = call.integer(0), lr = call.number(1), momentum = call.number(2), epochs = call.integer(3)
            let mistakes: [Mistake?] = [
                Mistake.argument(call, 0, .integer(42), "the seed argument is ignored: call manualSeed(UInt64(seed)) before drawing the data."),
                Mistake.argument(
                    call, 2, .number(0), "the momentum argument is ignored: the second run's optimizer is SGD(params, lr: lr, momentum: momentum)."),
                Mistake.argument(call, 1, .number(0.1), "the learning rate argument is ignored: the optimizers use the demo's 0.1 whatever lr is."),
                Mistake(
                    "the momentum run starts from other weights than the plain run: call manualSeed(UInt64(seed)) again and draw the data and a new Linear(1, 1) for the second run, as each of the post's programs does.",
                    .computed { try SeriesOptimizerExercises.momentumWithoutReseeding(seed: seed, lr: lr, momentum: momentum, epochs: epochs) }),
                Mistake("the two curves are swapped: return the run without momentum first.", .swapped),
            ]
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 3.1, Exercise 2: both loss curves", points: 2,
                code:
                    "try momentumLossCurves(42, 0.2, 0.9, 100)  // plain ≈ [23.495, 5.7378, 1.425, …, 0.038532], momentum ≈ [23.495, 5.7378, 1.1115, …, 0.038622], and the reference's for a seed, rate, momentum and epoch count drawn per grading run"
            ) { draw in
                [
                    Call(.momentumLossCurves, [.integer(42), .number(0.2), .number(0.9), .integer(100)]),
                    Call(
                        .momentumLossCurves,
                        [
                            .integer(draw.integer(43...9999)), .number(draw.number(0.05...0.3)), .number(draw.number(0.5...0.85)),
                            .integer(draw.integer(20...60)),
                        ]),
                ]
            }
        ])

    static let exercise3 = GradedExercise(
        id: "series.3.1.optimizers.ex3", task: 47, title: "Part 3.1, Exercise 3: a noisier dataset", article: article,
        function: .optimizersOnNoisyData,
        hint:
            "Exercise 1's three runs at lr 0.2 with y = 2x + 3 + noise·randnLike(x): manualSeed(UInt64(seed)), the data, then SGD, RMSprop (alpha 0.9) and Adam, each on a new Linear(1, 1) for `epochs` epochs; return each run's last loss.item() (computed before the last step).",
        mistakes: { call in
            let seed = call.integer(0), noise = call.number(1), epochs = call.integer(2)
            var mistakes = SeriesOptimizerExercises.runMistakes(call, lr: 0.2, noise: noise) { SeriesOptimizerExercises.losses($0) }
            mistakes += [
                Mistake.argument(call, 1, .number(0.2), "the noise argument is ignored: the data use the demo's 0.2 · randnLike(x) whatever noise is."),
                Mistake(
                    "the optimizers use the demo's learning rate 0.1: the exercises use 0.2.",
                    .computed {
                        try SeriesOptimizerExercises.losses(
                            SeriesOptimizerExercises.runs(seed: seed, lr: 0.1, noise: noise, epochs: epochs, alpha: 0.9))
                    }),
                Mistake.argument(call, 2, .integer(epochs + 1), SeriesOptimizerExercises.lateLoss),
                Mistake.argument(call, 2, .integer(epochs - 1), "the loop runs one epoch too few: loop `for _ in 0..<epochs`."),
            ]
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 3.1, Exercise 3: the last losses on noisier data", points: 2,
                code:
                    "try optimizersOnNoisyData(42, 0.5, 50)  // ≈ (0.24103, 0.24424, 0.33364), and the reference's for a seed, a noise and an epoch count drawn per grading run (50 epochs where the post runs 100: past about 70, RMSprop at lr 0.2 jitters around the minimum and its losses turn on float32 roundings)"
            ) { draw in
                [
                    Call(.optimizersOnNoisyData, [.integer(42), .number(0.5), .integer(50)]),
                    Call(
                        .optimizersOnNoisyData,
                        [.integer(draw.integer(43...9999)), .number(draw.number(0.6...1.5)), .integer(draw.integer(20...50))]),
                ]
            }
        ])

    static let exercise4 = GradedExercise(
        id: "series.3.1.optimizers.ex4", task: 48, title: "Part 3.1, Exercise 4: inspect the learned parameters", article: article,
        function: .optimizerLearnedParameters,
        hint:
            "Exercise 3's runs (lr 0.2, y = 2x + 3 + noise·randnLike(x), SGD, RMSprop with alpha 0.9, Adam, each on a new Linear(1, 1) for `epochs` epochs); return [w of SGD, RMSprop, Adam] from model.weight.item(), then the three biases from model.bias!.item().",
        mistakes: { call in
            let seed = call.integer(0), noise = call.number(1), epochs = call.integer(2)
            var mistakes = SeriesOptimizerExercises.runMistakes(call, lr: 0.2, noise: noise) { SeriesOptimizerExercises.parameters($0) }
            mistakes += [
                Mistake.argument(call, 1, .number(0.2), "the noise argument is ignored: the data use the demo's 0.2 · randnLike(x) whatever noise is."),
                Mistake(
                    "the optimizers use the demo's learning rate 0.1: the exercises use 0.2.",
                    .computed {
                        try SeriesOptimizerExercises.parameters(
                            SeriesOptimizerExercises.runs(seed: seed, lr: 0.1, noise: noise, epochs: epochs, alpha: 0.9))
                    }),
                Mistake("the weights and biases are swapped: return the three weights first, then the three biases.", .swapped),
                Mistake.argument(call, 2, .integer(epochs + 1), "the loop runs one epoch too many: loop `for _ in 0..<epochs`."),
                Mistake.argument(call, 2, .integer(epochs - 1), "the loop runs one epoch too few: loop `for _ in 0..<epochs`."),
            ]
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 3.1, Exercise 4: the learned weights and biases", points: 2,
                code:
                    "try optimizerLearnedParameters(42, 0.5, 50)  // w ≈ [2.0282, 2.1531, 2.4071], b ≈ [3.0137, 2.9425, 2.5429]: Adam is still on its way to y = 2x + 3, and the reference's for a seed, a noise and an epoch count drawn per grading run (50 epochs where the post runs 100, as in Exercise 3)"
            ) { draw in
                [
                    Call(.optimizerLearnedParameters, [.integer(42), .number(0.5), .integer(50)]),
                    Call(
                        .optimizerLearnedParameters,
                        [.integer(draw.integer(43...9999)), .number(draw.number(0.6...1.5)), .integer(draw.integer(20...50))]),
                ]
            }
        ])

    static let all: [GradedExercise] = [exercise1, exercise2, exercise3, exercise4]
}

/// The exercises of Part 3.2 of the series: learning rate schedules.
enum SeriesScheduleExercises {
    static let article = "Learn the Training Loop with PyTorch, Part 3.2: Learning Rate Scheduling"

    /// The line of Part 3.2: 200 points from -1 to 1 (a column), `y = 2x + 1 + 0.2·randnLike(x)`.
    static func line(seed: Int, dtype: FloatDType = .float32) throws -> (x: Tensor, y: Tensor) {
        manualSeed(UInt64(truncatingIfNeeded: seed))
        let x = try Tensor.linspace(-1, 1, steps: 200, dtype: dtype).unsqueeze(1)
        return (x, try 2 * x + 1 + 0.2 * Tensor.randnLike(x))
    }

    /// Exercise 1's three runs with a learner's slip: the scheduler stepped before the
    /// optimizer, or StepLR's step size fixed whatever the epoch count.
    static func scheduleRuns(seed: Int, gamma: Double, epochs: Int, stepSize: Int, schedulerFirst: Bool) throws -> [Value] {
        let (x, y) = try line(seed: seed)
        func lastLoss(_ makeScheduler: (SGD) -> (any LRScheduler)?) throws -> Double {
            let model = try Linear(1, 1)
            let optimizer = try SGD(model.parameters(), lr: 0.1)
            let scheduler = makeScheduler(optimizer)
            var loss = Double.nan
            for _ in 0..<max(epochs, 0) {
                optimizer.zeroGrad()
                let value = try MSELoss()(model(x), y)
                try value.backward()
                if schedulerFirst { try scheduler?.step() }
                try optimizer.step()
                if !schedulerFirst { try scheduler?.step() }
                loss = try value.item()
            }
            return loss
        }
        let constant = try lastLoss { _ in nil }
        let step = try lastLoss { StepLR($0, stepSize: stepSize, gamma: 0.1) }
        let exponential = try lastLoss { ExponentialLR($0, gamma: gamma) }
        return [.number(constant), .number(step), .number(exponential)]
    }

    /// Exercise 2 in float32, the tensors' default.
    static func plateauInFloat32(seed: Int, patience: Int, factor: Double, epochs: Int) throws -> [Value] {
        let (x, y) = try line(seed: seed)
        let model = try Linear(1, 1)
        let optimizer = try SGD(model.parameters(), lr: 0.1)
        let plateau = try ReduceLROnPlateau(optimizer, factor: factor, patience: patience)
        let losses = try SeriesOptimizerExercises.fit(model, optimizer, x, y, epochs: epochs) { plateau.step($0) }
        return [.number(losses.last ?? .nan), .number(optimizer.learningRate)]
    }

    static let exercise1 = GradedExercise(
        id: "series.3.2.schedules.ex1", task: 49, title: "Part 3.2, Exercise 1: an exponential decay", article: article,
        function: .exponentialDecaySchedule,
        hint:
            "manualSeed(UInt64(seed)); x = linspace(-1, 1, steps: 200) as a column; y = 2x + 1 + 0.2·randnLike(x); then three runs, each on a new Linear(1, 1) with SGD(params, lr: 0.1) for `epochs` epochs (zeroGrad, MSELoss, backward, optimizer.step(), then the scheduler's step()): no scheduler, StepLR(optimizer, stepSize: epochs / 2, gamma: 0.1), ExponentialLR(optimizer, gamma: gamma); return each run's last loss.item().",
        mistakes: { call in
            let seed = call.integer(0), gamma = call.number(1), epochs = call.integer(2)
            let mistakes: [Mistake?] = [
                Mistake.argument(call, 0, .integer(0), "the seed argument is ignored: call manualSeed(UInt64(seed)) before drawing the data."),
                Mistake.argument(
                    call, 1, .number(0.95),
                    "the gamma argument is ignored: the exponential run uses the post's 0.95; use ExponentialLR(optimizer, gamma: gamma)."),
                Mistake(
                    "the scheduler steps before the optimizer: each update already uses the next epoch's rate (ExponentialLR's first update is at 0.1·γ, StepLR cuts one epoch early). Call optimizer.step(), then the scheduler's step().",
                    .computed {
                        try SeriesScheduleExercises.scheduleRuns(seed: seed, gamma: gamma, epochs: epochs, stepSize: epochs / 2, schedulerFirst: true)
                    }),
                Mistake(
                    "the step decay cuts at epoch 50 whatever the epoch count: use StepLR(optimizer, stepSize: epochs / 2, gamma: 0.1).",
                    .computed {
                        try SeriesScheduleExercises.scheduleRuns(seed: seed, gamma: gamma, epochs: epochs, stepSize: 50, schedulerFirst: false)
                    }),
            ]
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 3.2, Exercise 1: constant, step and exponential", points: 2,
                code:
                    "try exponentialDecaySchedule(0, 0.95, 100)  // ≈ (0.036904, 0.037121, 0.12875): at γ = 0.95 the rate shrinks before the line is reached, and the reference's for a seed, a γ and an epoch count drawn per grading run"
            ) { draw in
                [
                    Call(.exponentialDecaySchedule, [.integer(0), .number(0.95), .integer(100)]),
                    Call(
                        .exponentialDecaySchedule,
                        [.integer(draw.integer(1...9999)), .number(draw.number(0.8...0.93)), .integer(draw.integer(30...60))]),
                ]
            }
        ])

    static let exercise2 = GradedExercise(
        id: "series.3.2.schedules.ex2", task: 50, title: "Part 3.2, Exercise 2: reduce the rate on a plateau", article: article,
        function: .plateauSchedule,
        hint:
            "in float64: manualSeed(UInt64(seed)); x = linspace(-1, 1, steps: 200, dtype: .float64) as a column; y = 2x + 1 + 0.2·randnLike(x); one Linear(1, 1, dtype: .float64); SGD(params, lr: 0.1); ReduceLROnPlateau(optimizer, factor: factor, patience: patience); each epoch zeroGrad, MSELoss, backward, optimizer.step(), then scheduler.step(loss.item()); return the last loss.item() and optimizer.learningRate.",
        mistakes: { call in
            let seed = call.integer(0), patience = call.integer(1), factor = call.number(2), epochs = call.integer(3)
            let mistakes: [Mistake?] = [
                Mistake.argument(call, 0, .integer(0), "the seed argument is ignored: call manualSeed(UInt64(seed)) before drawing the data."),
                Mistake.argument(
                    call, 1, .integer(1_000_000),
                    "the learning rate never changes: call scheduler.step(loss.item()) once every epoch, after optimizer.step()."),
                Mistake.argument(
                    call, 1, .integer(10),
                    "the patience argument is ignored: the scheduler waits the post's 10 epochs; use ReduceLROnPlateau(optimizer, factor: factor, patience: patience)."
                ),
                Mistake.argument(call, 2, .number(0.1), "the factor argument is ignored: ReduceLROnPlateau's default factor is 0.1; pass factor: factor."),
                Mistake.argument(call, 2, .number(0.5), "the factor argument is ignored: the rate is halved (the post's 0.5) whatever factor is."),
                Mistake(
                    "the run is in float32: create x with Tensor.linspace(-1, 1, steps: 200, dtype: .float64) and the model with Linear(1, 1, dtype: .float64) (randnLike(x) then draws float64 noise).",
                    .computed { try SeriesScheduleExercises.plateauInFloat32(seed: seed, patience: patience, factor: factor, epochs: epochs) }),
            ]
            return mistakes.compactMap { $0 }
        },
        checks: [
            .answers(
                "Part 3.2, Exercise 2: the last loss and learning rate", points: 3,
                code:
                    "try plateauSchedule(0, 10, 0.5, 100)  // ≈ (0.039435, 0.1): with a patience of 10 the loss never stalls long enough within 100 epochs, and the reference's for a seed, a patience, a factor and an epoch count drawn per grading run (where the rate is mostly cut, from about epoch 80)"
            ) { draw in
                [
                    Call(.plateauSchedule, [.integer(0), .integer(10), .number(0.5), .integer(100)]),
                    Call(
                        .plateauSchedule,
                        [
                            .integer(draw.integer(1...9999)), .integer(draw.integer(2...6)), .number(draw.number(0.2...0.45)),
                            .integer(draw.integer(90...110)),
                        ]),
                ]
            }
        ])

    static let all: [GradedExercise] = [exercise1, exercise2]
}
