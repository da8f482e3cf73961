import SolutionKit

/// The exercises of the article "Autograd (6.2.4)".
enum AutogradExercises {
    static let article = "Autograd (6.2.4)"

    static let lab1 = GradedExercise(
        id: "autograd.lab1", task: 1, title: "Autograd, Lab 1: one parameter, one gradient", article: article,
        function: .oneParameter,
        hint: "compute loss = (w * 3 - 10) ** 2 from a tensor w = Tensor(start, requiresGrad: true), call loss.backward() once and read w.grad.",
        mistakes: { call in
            [
                Mistake.argument(call, 0, .number(2), "the answer is the article's (w = 2) whatever w is: compute it from the argument."),
                Mistake("the sign is flipped: d/dw (3w - 10)² = 2·(3w - 10)·3, which is negative where 3w < 10.", .fromExpected { scale($0, at: 1, by: -1) }),
                Mistake("the chain rule's inner factor 3 (from 3w) is missing.", .fromExpected { scale($0, at: 1, by: 1.0 / 3) }),
                Mistake(
                    "backward ran twice and the gradients accumulated: call backward once, or zero w.grad in between.",
                    .fromExpected { scale($0, at: 1, by: 2) }),
                Mistake(
                    "the gradient was read before loss.backward() ran, when w.grad was still nil (0 here): call backward first, then read w.grad.",
                    .fromExpected { $0.count == 2 ? [$0[0], .number(0)] : nil }),
                Mistake("the loss and the gradient are returned in swapped order: return (loss: …, wGrad: …).", .swapped),
            ].compactMap { $0 }
        },
        checks: [
            .answers(
                "Lab 1: the loss", points: 1,
                code: "let (loss, _) = try oneParameter(2)  // loss == 16, and (3w - 10)² for 2 values of w drawn per grading run", part: 0, calls: lab1Calls),
            .answers(
                "Lab 1: w.grad", points: 2,
                code: "let (_, wGrad) = try oneParameter(2)  // wGrad == -24, and 2·(3w - 10)·3 for 2 values of w drawn per grading run", part: 1,
                calls: lab1Calls),
        ])

    @Sendable static func lab1Calls(_ draw: inout GradingDraw) -> [Call] {
        [Call(.oneParameter, [.number(2)]), Call(.oneParameter, [.number(draw.number(-5...1.5))]), Call(.oneParameter, [.number(draw.number(4...8))])]
    }

    static let lab2 = GradedExercise(
        id: "autograd.lab2", task: 2, title: "Autograd, Lab 2: the gradient is not the update", article: article,
        function: .gradientIsNotTheUpdate,
        hint: "each step: loss = (w * 3 - 10) ** 2, backward, then w -= lr * w.grad inside noGrad, then zero w.grad; record w after the update.",
        mistakes: { call in
            [
                Mistake(
                    "the gradients accumulate: w.grad is never zeroed, so each step adds the new gradient to all the old ones. Zero it after each update.",
                    .computed { [.numbers(MistakeModels.lab2WithoutZeroing(start: call.number(0), lr: call.number(1), steps: call.integer(2)))] }),
                Mistake.argument(call, 1, .number(-call.number(1)), "w moves with the gradient: the update must go against it (w -= lr * w.grad)."),
                Mistake(
                    "each value is w before its step, not after: record w after the update (the list is shifted by one step).",
                    .fromExpected { [.numbers([call.number(0)] + ($0.first?.list ?? []).dropLast())] }),
                Mistake.argument(call, 1, .number(0.1), "the learning rate argument is ignored: the steps use 0.1 whatever lr is."),
            ].compactMap { $0 }
        },
        checks: [
            .answers(
                "Lab 2: w after each step", points: 2,
                code:
                    "try gradientIsNotTheUpdate(2, 0.1, 5)  // [4.4, 2.48, 4.016, 2.7872, 3.77024], and the reference's steps for a start, lr and count drawn per grading run"
            ) { draw in
                [
                    Call(.gradientIsNotTheUpdate, [.number(2), .number(0.1), .integer(5)]),
                    Call(
                        .gradientIsNotTheUpdate, [.number(draw.number(-3...6)), .number(draw.number(0.02...0.09, decimals: 3)), .integer(draw.integer(3...8))]),
                ]
            }
        ])

    static let lab3 = GradedExercise(
        id: "autograd.lab3", task: 3, title: "Autograd, Lab 3: gradient accumulation", article: article,
        function: .accumulation,
        hint: "d(x²)/dx = 2x after the first backward; the second backward adds 2 (from 2x); after zero_() only the third backward's 2 remains.",
        mistakes: { call in
            let x = call.number(0)
            return [
                Mistake.argument(call, 0, .number(3), "the answer is the article's (x = 3) whatever x is: compute it from the argument."),
                Mistake(
                    "the gradient was zeroed before the second backward: PyTorch adds the second gradient (2) to the first (2x).",
                    .fromExpected { _ in [.numbers([2 * x, 2, 2])] }),
                Mistake(
                    "x.grad was not zeroed before the third backward: call x.grad!.zero_() first.",
                    .fromExpected { _ in [.numbers([2 * x, 2 * x + 2, 2 * x + 4])] }),
            ].compactMap { $0 }
        },
        checks: [
            .answers(
                "Lab 3: x.grad after each backward", points: 2,
                code: "try accumulation(3)  // [6, 8, 2], and [2x, 2x + 2, 2] for a value of x drawn per grading run"
            ) { draw in
                [Call(.accumulation, [.number(3)]), Call(.accumulation, [.number(draw.number(-4...2.5))])]
            }
        ])

    /// Lab 4's loop: mistakes learners make in it (Lab 4 and Exercise 1 share it).
    @Sendable static func fitMistakes(_ call: Call) -> [Mistake] {
        let count = Double(call.list(0).count), lr = call.number(2), epochs = call.integer(3)
        return [
            Mistake(
                "the gradients accumulate across epochs: zero w.grad and b.grad after each update.",
                .computed { MistakeModels.fitWithoutZeroing(x: call.list(0), y: call.list(1), lr: lr, epochs: epochs) }),
            Mistake.argument(call, 3, .integer(epochs + 1), "the loop runs one epoch too many: loop `for _ in 0..<epochs`."),
            Mistake.argument(call, 3, .integer(epochs - 1), "the loop runs one epoch too few: loop `for _ in 0..<epochs`."),
            Mistake.argument(
                call, 2, .number(lr * count), "the loss is a sum, not a mean: its gradient is \(Int(count)) times too large. Use .mean() of the squared errors."
            ),
            Mistake.argument(call, 2, .number(lr / 2), "the gradient is half of what it should be: the derivative of (ŷ - y)² is 2·(ŷ - y)."),
            Mistake.argument(call, 2, .number(-lr), "the update goes with the gradient: subtract it (w -= lr * w.grad)."),
            Mistake.argument(call, 2, .number(0.05), "the learning rate argument is ignored: the update uses 0.05 whatever lr is."),
            Mistake("w and b are swapped in what the function returns: return (w: w, b: b).", .swapped),
            Mistake(
                "w and b never moved: update them in place inside noGrad (w -= lr * w.grad) after backward and before zeroing the gradients.",
                .fromExpected { _ in [.number(0), .number(0)] }),
        ].compactMap { $0 }
    }

    static let lab4 = GradedExercise(
        id: "autograd.lab4", task: 4, title: "Autograd, Lab 4: fit two parameters by hand", article: article,
        function: .fitTwoParameters,
        hint: "check the loss (the mean of the squared errors), the update inside noGrad, and zeroing both gradients after each step.",
        mistakes: fitMistakes,
        checks: [
            .answers(
                "Lab 4: w and b after training", points: 3,
                code:
                    "try fitTwoParameters([1, 2, 3, 4], [3, 5, 7, 9], 0.05, 201)  // w ≈ 2.0047, b ≈ 0.98617, and the reference's w, b for 2 data sets, learning rates and epoch counts drawn per grading run"
            ) { draw in
                [
                    Call(.fitTwoParameters, [.numbers([1, 2, 3, 4]), .numbers([3, 5, 7, 9]), .number(0.05), .integer(201)]),
                    unseenFit(&draw), unseenFit(&draw),
                ]
            }
        ])

    /// A data set, learning rate and epoch count the student has not seen.
    static func unseenFit(_ draw: inout GradingDraw) -> Call {
        let count = draw.integer(4...6)
        let x = (0..<count).map { Double($0) - 1 + draw.number(0...0.5) }.map { ($0 * 100).rounded() / 100 }
        let slope = draw.number(-2...3), intercept = draw.number(-2...2)
        let y = x.map { ((slope * $0 + intercept + draw.number(-0.3...0.3)) * 100).rounded() / 100 }
        return Call(.fitTwoParameters, [.numbers(x), .numbers(y), .number(draw.number(0.01...0.045, decimals: 3)), .integer(draw.integer(15...60))])
    }

    static let exercise1 = GradedExercise(
        id: "autograd.exercise1", task: 5, title: "Autograd, Exercise 1: learn y = 3x - 2", article: article,
        function: .fitTwoParameters,
        hint: "the same loop as Lab 4, with y = 3x - 2.",
        mistakes: fitMistakes,
        checks: [
            .answers(
                "Exercise 1: 201 epochs on y = 3x - 2", points: 2,
                code:
                    "try fitTwoParameters([1, 2, 3, 4], [1, 4, 7, 10], 0.05, 201)  // w ≈ 2.9556, b ≈ -1.8694, and the reference's for points of y = 3x - 2 and an epoch count drawn per grading run"
            ) { draw in
                [
                    Call(.fitTwoParameters, [.numbers([1, 2, 3, 4]), .numbers([1, 4, 7, 10]), .number(0.05), .integer(201)]),
                    lineOfThreeMinusTwo(&draw, epochs: draw.integer(100...300)),
                ]
            },
            .answers(
                "Exercise 1: w and b approach 3 and -2", points: 1,
                code:
                    "try fitTwoParameters([1, 2, 3, 4], [1, 4, 7, 10], 0.05, 2000)  // w ≈ 3, b ≈ -2, and the reference's for points of y = 3x - 2 and 600 to 900 epochs drawn per grading run"
            ) { draw in
                [
                    Call(.fitTwoParameters, [.numbers([1, 2, 3, 4]), .numbers([1, 4, 7, 10]), .number(0.05), .integer(2000)]),
                    lineOfThreeMinusTwo(&draw, epochs: draw.integer(600...900)),
                ]
            },
        ])

    /// Points of y = 3x - 2 the student has not seen.
    static func lineOfThreeMinusTwo(_ draw: inout GradingDraw, epochs: Int) -> Call {
        let x = (0..<4).map { Double($0) + draw.number(0.5...1.5) }.map { ($0 * 100).rounded() / 100 }
        return Call(.fitTwoParameters, [.numbers(x), .numbers(x.map { ((3 * $0 - 2) * 100).rounded() / 100 }), .number(0.05), .integer(epochs)])
    }

    static let exercise2 = GradedExercise(
        id: "autograd.exercise2", task: 6, title: "Autograd, Exercise 2: remove zero_()", article: article,
        function: .noZeroGradEffect,
        hint: "run `swift run gradlab run autograd.exercise2.no-zero-grad` and watch the loss jump from 0.70 at epoch 150 to 2.28 at epoch 200.",
        checks: [
            .answers(
                "Exercise 2: what happens without zero_()", points: 1, code: "try noZeroGradEffect()  // one of NoZeroGradEffect's cases", what: "answered"
            ) { _ in
                [Call(.noZeroGradEffect, [])]
            }
        ])

    static let exercise3 = GradedExercise(
        id: "autograd.exercise3", task: 7, title: "Autograd, Exercise 3: learning rates 0.5 and 0.005", article: article,
        function: .learningRates,
        hint: "compare `swift run gradlab run autograd.exercise3.lr-0.5` (the loss grows past 1e18) with `autograd.exercise3.lr-0.005`.",
        mistakes: { _ in [Mistake("the two are swapped: the large rate overshoots and grows without bound; the small one barely moves.", .swapped)] },
        checks: [
            .answers(
                "Exercise 3: which learning rate is unstable and which is slow", points: 1,
                code: "try learningRates()  // (unstable: one of 0.5, 0.005, slow: the other)", what: "answered"
            ) { _ in
                [Call(.learningRates, [])]
            }
        ])

    static let exercise4 = GradedExercise(
        id: "autograd.exercise4", task: 8, title: "Autograd, Exercise 4: store loss.item(), not loss", article: article,
        function: .storeLosses,
        hint: "run Lab 4's loop and append loss.item() each epoch, before or after the update but computed before it.",
        mistakes: { call in
            [
                Mistake.argument(call, 2, .number(0.05), "the learning rate argument is ignored: the update uses 0.05 whatever lr is."),
                Mistake(
                    "the gradients accumulate across epochs: zero w.grad and b.grad after each update.",
                    .computed { [.numbers(MistakeModels.lossesWithoutZeroing(x: call.list(0), y: call.list(1), lr: call.number(2), epochs: call.integer(3)))] }),
            ].compactMap { $0 }
        },
        checks: [
            .answers(
                "Exercise 4: the losses of every epoch", points: 1,
                code:
                    "try storeLosses([1, 2, 3, 4], [3, 5, 7, 9], 0.05, 200)  // 200 losses from 41.0 down to 3.2898e-05, and the reference's for a data set drawn per grading run"
            ) { draw in
                [
                    Call(.storeLosses, [.numbers([1, 2, 3, 4]), .numbers([3, 5, 7, 9]), .number(0.05), .integer(200)]),
                    {
                        var c = unseenFit(&draw)
                        c.function = .storeLosses
                        return c
                    }(),
                ]
            },
            ExerciseCheck(
                name: "Exercise 4: no graph is kept alive while the loop runs", points: 2,
                code: "the peak memory of storeLosses(…, \(longRun)), each in a process of its own, is within \(graphSlackMiB) MiB of storeLosses(…, 20)'s",
                calls: { _ in
                    [20, longRun].map { Call(.storeLosses, [.numbers([1, 2, 3, 4]), .numbers([3, 5, 7, 9]), .number(0.05), .integer($0)]) }
                }, measuresMemory: true
            ) { evidence in
                let values = evidence.compareAnswers()
                guard values == .passed else { return values }  // constants cannot pass the graph check
                guard let short = evidence.peakResidentBytes[0], let long = evidence.peakResidentBytes[1] else {
                    return .error("the grader could not read the memory your solution used (a fault of the grading machine, not yours)")
                }
                let grown = Double(long - short) / Double(1 << 20)
                return grown <= Double(graphSlackMiB)
                    ? .passed
                    : .failed(
                        "with \(longRun) epochs your solution's process used \(Py.f(grown, 1)) MiB more memory than with 20: the loop keeps every epoch's loss tensor, and with it that epoch's graph. Store loss.item() (a Double) or loss.detach()."
                    )
            },
        ])

    /// The epochs of the long run of Exercise 4's memory check: enough that keeping each
    /// epoch's graph costs far more than ``graphSlackMiB``.
    static let longRun = 5_000
    /// The memory growth Exercise 4's check allows between 20 epochs and ``longRun``.
    static let graphSlackMiB = 4

    /// `values` with the number at `index` multiplied by `factor`.
    static func scale(_ values: [Value], at index: Int, by factor: Double) -> [Value]? {
        guard values.indices.contains(index), let x = values[index].number else { return nil }
        var changed = values
        changed[index] = .number(x * factor)
        return changed
    }
}
