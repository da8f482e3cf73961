import SolutionKit

/// The exercises of the article "Practical PyTorch fundamentals".
enum FundamentalsExercises {
    static let article = "Practical PyTorch fundamentals"

    static let quadratic = GradedExercise(
        id: "fundamentals.quadratic", task: 12, title: "Practical PyTorch fundamentals: gradient descent on w² + 20", article: article,
        function: .quadraticDescent,
        hint:
            "each step: loss = w ** 2 + 20, zero w.grad if there is one, backward of loss.mean(), then w.data = w.data - lr * w.grad (the gradient of the mean is 2w/N).",
        mistakes: { call in
            let lr = call.number(1), steps = call.integer(2), count = Double(call.list(0).count)
            return [
                Mistake(
                    "the gradients accumulate: zero w.grad before each backward.",
                    .computed { [.numbers(MistakeModels.quadraticWithoutZeroing(start: call.list(0), lr: lr, steps: steps))] }),
                Mistake.argument(call, 1, .number(-lr), "w moves with the gradient: subtract it (w.data = w.data - lr * w.grad)."),
                Mistake.argument(
                    call, 1, .number(lr * count), "the backward is of the loss's sum, not its mean: the gradient is \(Int(count)) times too large."),
                Mistake.argument(call, 2, .integer(steps + 1), "the loop runs one step too many."),
                Mistake.argument(call, 2, .integer(steps - 1), "the loop runs one step too few."),
                Mistake.argument(call, 1, .number(0.01), "the learning rate argument is ignored: the steps use 0.01 whatever lr is."),
            ].compactMap { $0 }
        },
        checks: [
            .answers(
                "Practical PyTorch fundamentals: w after gradient descent", points: 2,
                code:
                    "try quadraticDescent([10, 20], 0.01, 500)  // ≈ [0.065705, 0.13141], and the reference's for a start, rate and step count drawn per grading run"
            ) { draw in
                [
                    Call(.quadraticDescent, [.numbers([10, 20]), .number(0.01), .integer(500)]),
                    Call(
                        .quadraticDescent,
                        [
                            .numbers(draw.numbers(draw.integer(2...4), -20...20)), .number(draw.number(0.012...0.05, decimals: 3)),
                            .integer(draw.integer(50...300)),
                        ]),
                ]
            }
        ])

    static let detach = GradedExercise(
        id: "fundamentals.detach", task: 13, title: "Practical PyTorch fundamentals: detach() shares memory", article: article,
        function: .detachSharesMemory,
        hint: "w.detach() shares w's memory: write element 0 through it (w.detach().numpy().set(newValue, at: 0)) and read w.",
        mistakes: { call in
            [
                Mistake(
                    "w is unchanged: write through the detached tensor's memory (w.detach().numpy()), not through a copy.",
                    .fromExpected { _ in [.numbers(call.list(0))] })
            ]
        },
        checks: [
            .answers(
                "Practical PyTorch fundamentals: writing through detach() changes w", points: 1,
                code: "try detachSharesMemory([1, 2, 3], 28)  // [28, 2, 3], and the same for values drawn per grading run"
            ) { draw in
                [
                    Call(.detachSharesMemory, [.numbers([1, 2, 3]), .number(28)]),
                    Call(.detachSharesMemory, [.numbers(draw.numbers(draw.integer(3...5), -9...9, decimals: 1)), .number(draw.number(30...99, decimals: 0))]),
                ]
            }
        ])
}
