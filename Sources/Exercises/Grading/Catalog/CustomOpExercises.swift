import SolutionKit

/// The exercise of the article "Understanding the autograd package": a custom op.
enum CustomOpExercises {
    static let article = "Understanding the autograd package"

    static let square = GradedExercise(
        id: "custom-op.square", task: 14, title: "Understanding the autograd package: x² as a custom op with a hand-written backward", article: article,
        function: .customSquare,
        hint: "forward returns x * x (save x with ctx.saveForBackward); backward returns [gradOutput * 2 * x].",
        mistakes: { call in
            let x = call.list(0), g = call.list(1)
            func answer(_ gradient: [Double]) -> Mistake.Prediction { .fromExpected { [$0.first ?? .numbers([]), .numbers(gradient)] } }
            return [
                Mistake("the backward is missing the factor 2: the derivative of x² is 2x.", answer(zip(x, g).map { $1 * $0 })),
                Mistake("the backward's sign is flipped: the derivative of x² is 2x.", answer(zip(x, g).map { -2 * $1 * $0 })),
                Mistake("the backward ignores gradOutput: multiply the local derivative 2x by it (the chain rule).", answer(x.map { 2 * $0 })),
                Mistake("the backward is missing x: the derivative of x² is 2x, so return gradOutput * 2 * x.", answer(g.map { 2 * $0 })),
                Mistake(
                    "the backward is right only for positive x: it uses |x| (or squares and roots) where x itself belongs.",
                    answer(zip(x, g).map { 2 * $1 * Swift.abs($0) })),
                Mistake(
                    "the input got no gradient: apply the op with Square.apply(x) so that its backward is recorded, and return a gradient for input 0.",
                    answer([])),
            ]
        },
        checks: [
            ExerciseCheck(
                name: "Custom op: forward computes x²", points: 1,
                code: "try customSquare(Tensor([0.5, -1.5, 2.0]))  // [0.25, 2.25, 4.0] from a custom function, and x² at points drawn per grading run",
                calls: { draw in [Call(.customSquare, [.numbers([0.5, -1.5, 2.0]), .numbers([1, 1, 1])]), unseenPoints(&draw)] }
            ) { evidence in
                notCustom(evidence) ?? evidence.compareAnswers(part: 0)
            },
            ExerciseCheck(
                name: "Custom op: backward gives gradOutput · 2x", points: 3,
                code:
                    "x.grad after customSquare(x).backward(gradient: g)  // g · 2x at x = [0.5, -1.5, 2.0], g = 1, then at points and gradients drawn per grading run (negative, near zero, large)",
                calls: { draw in
                    let unseen = unseenPoints(&draw)
                    return [
                        Call(.customSquare, [.numbers([0.5, -1.5, 2.0]), .numbers([1, 1, 1])]), unseen,
                        Call(.customSquareGradcheck, [unseen.arguments[0]]),
                    ]
                }
            ) { evidence in
                if let outcome = notCustom(evidence.restricted(to: 0..<2)) { return outcome }
                let outcome = evidence.restricted(to: 0..<2).compareAnswers(part: 1, what: "gave x.grad")
                guard case .diagnosed(let why, let diagnosis) = outcome,
                    case .text(let note)? = evidence.answers.last?.first, !note.isEmpty
                else { return outcome }
                return .diagnosed(
                    message: why + " gradcheck in your process says: " + String(note.split(separator: "\n").prefix(3).joined(separator: " ").prefix(300)),
                    diagnosis: diagnosis)
            },
        ])

    /// The failure when built-in ops, not a custom function, made the output: then no
    /// hand-written backward ran, whatever the numbers.
    static func notCustom(_ evidence: Evidence) -> CheckOutcome? {
        for answer in evidence.answers {
            guard answer.count > 2, case .text(let madeBy) = answer[2], madeBy != SolutionFunction.customFunctionMark else { continue }
            let diagnosis =
                "customSquare's output was made by \(madeBy), not by a custom function, so no backward of yours ran: define a type conforming to CustomFunction whose forward returns x * x and whose backward returns [gradOutput * 2 * x], and return Square.apply(x)."
            return .diagnosed(message: diagnosis, diagnosis: "no custom function: built-in ops made the output")
        }
        return nil
    }

    /// Points where bugs hide (negative, zero, tiny, large) and a gradient that is not all ones.
    static func unseenPoints(_ draw: inout GradingDraw) -> Call {
        let points = [draw.number(-3 ... -0.5), 0, draw.number(0.001...0.01, decimals: 4), draw.number(0.5...3), draw.number(-900 ... -100, decimals: 1)]
        let gradient = points.map { _ in draw.number(-2 ... -0.5) }.enumerated().map { $0.offset % 2 == 0 ? -$0.element : $0.element }
        return Call(.customSquare, [.numbers(points), .numbers(gradient)])
    }
}
