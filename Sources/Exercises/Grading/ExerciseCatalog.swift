import Autograd

/// The hands-on exercises of the articles, with points and feedback. Expected values
/// are what PyTorch printed (`Fixtures/labs`).
public enum ExerciseCatalog {
    /// Every graded exercise, in task order.
    public static let all: [GradedExercise] = [
        lab1, lab2, lab3, lab4, exercise1, exercise2, exercise3, exercise4,
        trainingLoop1, trainingLoop2, trainingLoop3, quadratic, detach, customOp,
    ]

    static let lab1 = GradedExercise(id: "autograd.lab1", task: 1, title: "Seed 001 Lab 1: one parameter, one gradient", article: "001", checks: [
        ExerciseCheck(name: "Lab 1: the loss is 16", points: 1, code: "solutions.oneParameter().loss") { s in
            let loss = try s.oneParameter().loss
            return loss == 16 ? .passed : .failed("loss is \(loss), expected 16: at w = 2, (3·2 - 10)² = 16. Is w created with the value 2.0?")
        },
        ExerciseCheck(name: "Lab 1: w.grad is -24", points: 2, code: "solutions.oneParameter().wGrad") { s in
            let g = try s.oneParameter().wGrad
            switch g {
            case -24: return .passed
            case 24: return .failed("w.grad is 24, expected -24: the sign is flipped. d/dw (3w - 10)² = 2·(3w - 10)·3, and 3w - 10 = -4 at w = 2.")
            case -8: return .failed("w.grad is -8, expected -24: the chain rule's inner factor 3 (from 3w) is missing.")
            case -48: return .failed("w.grad is -48, expected -24: backward ran twice and the gradients accumulated. Call backward once, or zero w.grad in between.")
            default: return .failed("w.grad is \(g), expected -24: call loss.backward() once and read w.grad.")
            }
        },
    ])

    static let lab2 = GradedExercise(id: "autograd.lab2", task: 2, title: "Seed 001 Lab 2: the gradient is not the update", article: "001", checks: [
        ExerciseCheck(name: "Lab 2: w after each of five steps", points: 2, code: "solutions.gradientIsNotTheUpdate()") { s in
            let ws = try s.gradientIsNotTheUpdate()
            let expected = [4.4, 2.48, 4.016, 2.7872, 3.77024]
            if Expect.close(ws, expected, 1e-4) { return .passed }
            if Expect.close(ws, simulateLab2(zeroing: false), 1e-3) {
                return .failed("w is \(Expect.show(ws)), expected \(Expect.show(expected)): the gradients accumulate. Is w.grad zeroed after each step?")
            }
            if ws.first.map({ $0 < 2 }) == true {
                return .failed("w went down to \(Expect.show(ws)) on the first step, expected 4.4: the update must go against the gradient (w -= lr * w.grad), and the gradient is -24.")
            }
            return .failed("w is \(Expect.show(ws)), expected \(Expect.show(expected)): update w inside noGrad with w -= 0.1 * w.grad, after each backward.")
        },
    ])

    /// Lab 2's trajectory in plain arithmetic, with or without zeroing the gradient.
    static func simulateLab2(zeroing: Bool) -> [Double] {
        var w = 2.0, grad = 0.0
        return (0..<5).map { _ in
            grad = (zeroing ? 0 : grad) + 6 * (3 * w - 10)
            w -= 0.1 * grad
            return w
        }
    }

    static let lab3 = GradedExercise(id: "autograd.lab3", task: 3, title: "Seed 001 Lab 3: gradient accumulation", article: "001", checks: [
        ExerciseCheck(name: "Lab 3: x.grad after each backward", points: 2, code: "solutions.accumulation()") { s in
            let grads = try s.accumulation()
            switch grads {
            case [6, 8, 2]: return .passed
            case [6, 2, 2]: return .failed("x.grad is [6, 2, 2], expected [6, 8, 2]: the gradient was zeroed before the second backward. PyTorch adds the second gradient (2) to the first (6).")
            case [6, 8, 10]: return .failed("x.grad is [6, 8, 10], expected [6, 8, 2]: zero x.grad (x.grad!.zero_()) before the third backward.")
            default: return .failed("x.grad is \(grads), expected [6, 8, 2]: d(x²)/dx = 6 at x = 3, then 2·x adds 2, then after zero_() only 2 remains.")
            }
        },
    ])

    static let lab4 = GradedExercise(id: "autograd.lab4", task: 4, title: "Seed 001 Lab 4: fit two parameters by hand", article: "001", checks: [
        ExerciseCheck(name: "Lab 4: w and b after 201 epochs", points: 3, code: "solutions.fitTwoParameters([1, 2, 3, 4], [3, 5, 7, 9], 0.05, 201)") { s in
            let (w, b) = try s.fitTwoParameters([1, 2, 3, 4], [3, 5, 7, 9], 0.05, 201)
            if Expect.close([w, b], [2.00470232963562, 0.9861749410629272], 1e-4) { return .passed }
            if Expect.close([w, b], [4.2491455078125, 1.4784752130508423], 1e-2) {
                return .failed("w is \(Py.f(w, 4)), b is \(Py.f(b, 4)), expected w 2.0047, b 0.9862: the gradients accumulate across epochs. Zero w.grad and b.grad after each update.")
            }
            return .failed("w is \(Py.f(w, 4)), b is \(Py.f(b, 4)), expected w 2.0047, b 0.9862: check the loss (mean of squared errors), the update inside noGrad, and zeroing after each step.")
        },
    ])

    static let exercise1 = GradedExercise(id: "autograd.exercise1", task: 5, title: "Seed 001 Exercise 1: learn y = 3x - 2", article: "001", checks: [
        ExerciseCheck(name: "Exercise 1: 201 epochs on y = 3x - 2", points: 2, code: "solutions.fitTwoParameters([1, 2, 3, 4], [1, 4, 7, 10], 0.05, 201)") { s in
            let (w, b) = try s.fitTwoParameters([1, 2, 3, 4], [1, 4, 7, 10], 0.05, 201)
            return Expect.close([w, b], [2.9555842876434326, -1.8694120645523071], 1e-4) ? .passed
                : .failed("w is \(Py.f(w, 4)), b is \(Py.f(b, 4)), expected w 2.9556, b -1.8694 after 201 epochs: the same loop as Lab 4 with y = 3x - 2.")
        },
        ExerciseCheck(name: "Exercise 1: w and b approach 3 and -2", points: 1, code: "solutions.fitTwoParameters([1, 2, 3, 4], [1, 4, 7, 10], 0.05, 2000)") { s in
            let (w, b) = try s.fitTwoParameters([1, 2, 3, 4], [1, 4, 7, 10], 0.05, 2000)
            return Expect.close([w, b], [3, -2], 1e-3) ? .passed
                : .failed("after 2000 epochs w is \(Py.f(w, 4)) and b is \(Py.f(b, 4)); they should approach 3 and -2. Does your loop run `epochs` times?")
        },
    ])

    static let exercise2 = GradedExercise(id: "autograd.exercise2", task: 6, title: "Seed 001 Exercise 2: remove zero_()", article: "001", checks: [
        ExerciseCheck(name: "Exercise 2: what happens without zero_()", points: 1, code: "solutions.noZeroGradEffect()") { s in
            let answer = try s.noZeroGradEffect()
            return answer == .gradientsAccumulateAndTrainingBecomesUnstable ? .passed
                : .failed("\(answer) is not what happens: run `gradlab run autograd.exercise2.no-zero-grad` and watch the loss jump from 0.70 at epoch 150 to 2.28 at epoch 200.")
        },
    ])

    static let exercise3 = GradedExercise(id: "autograd.exercise3", task: 7, title: "Seed 001 Exercise 3: learning rates 0.5 and 0.005", article: "001", checks: [
        ExerciseCheck(name: "Exercise 3: which learning rate is unstable and which is slow", points: 1, code: "solutions.learningRates()") { s in
            let (unstable, slow) = try s.learningRates()
            return (unstable, slow) == (0.5, 0.005) ? .passed
                : .failed("unstable \(unstable), slow \(slow) is not right: compare `gradlab run autograd.exercise3.lr-0.5` (the loss grows past 1e18) with `autograd.exercise3.lr-0.005`.")
        },
    ])

    static let exercise4 = GradedExercise(id: "autograd.exercise4", task: 8, title: "Seed 001 Exercise 4: store loss.item(), not loss", article: "001", checks: [
        ExerciseCheck(name: "Exercise 4: the losses of 200 epochs", points: 1, code: "solutions.storeLosses(200)") { s in
            let losses = try s.storeLosses(200)
            guard losses.count == 200 else { return .failed("got \(losses.count) losses, expected one per epoch (200).") }
            return Expect.close([losses[0], losses[199]], [41, 3.289844244136475e-05], 1e-5) ? .passed
                : .failed("the losses start at \(Py.f(losses[0], 4)) and end at \(Py.f(losses[199], 6)), expected 41.0000 and 0.000033: run Lab 4's loop and append loss.item() each epoch.")
        },
        ExerciseCheck(name: "Exercise 4: no graph is kept alive", points: 2, code: "GraphDiagnostics.liveNodeCount after solutions.storeLosses(200)") { s in
            let before = GraphDiagnostics.liveNodeCount
            _ = try s.storeLosses(200)
            let alive = GraphDiagnostics.liveNodeCount - before
            return alive == 0 ? .passed
                : .failed("\(alive) graph nodes are still alive after the loop: something keeps loss tensors (and their graphs). Store loss.item() (a Double) or loss.detach().")
        },
    ])

    static let trainingLoop1 = GradedExercise(id: "training-loop.exercise1", task: 9, title: "Seed 002 Exercise 1: learning rates 1.0 and 0.01", article: "002", checks: [
        ExerciseCheck(name: "Training loop Exercise 1: lr 1.0", points: 2, code: "solutions.manualRegression(1.0)") { s in
            let (w, b) = try s.manualRegression(1.0)
            return Expect.close([w, b], [1.9970524311065674, -0.5706474781036377], 1e-4) ? .passed
                : .failed("w is \(Py.f(w, 4)), b is \(Py.f(b, 4)), expected w 1.9971, b -0.5706: seed 42, x = linspace(-1, 1, 100), y = 2x - 1 + 0.1·randn, then w and b from randn, in that order.")
        },
        ExerciseCheck(name: "Training loop Exercise 1: lr 0.01", points: 2, code: "solutions.manualRegression(0.01)") { s in
            let (w, b) = try s.manualRegression(0.01)
            return Expect.close([w, b], [0.174149289727211, -0.839842677116394], 1e-4) ? .passed
                : .failed("w is \(Py.f(w, 4)), b is \(Py.f(b, 4)), expected w 0.1741, b -0.8398 (lr 0.01 is slow, not broken: `gradlab run training-loop.exercise1.why`).")
        },
    ])

    static let trainingLoop2 = GradedExercise(id: "training-loop.exercise2", task: 10, title: "Seed 002 Exercise 2: two features", article: "002", checks: [
        ExerciseCheck(name: "Training loop Exercise 2: w and b", points: 2, code: "solutions.twoFeatures()") { s in
            let (w, b) = try s.twoFeatures()
            if Expect.close(w + [b], [1.4417121410369873, -2.8892290592193604, 0.5355812311172485], 1e-4) { return .passed }
            if Expect.close(w + [b], [1.5, -3.0, 0.5], 0.2) {
                return .failed("w \(Expect.show(w)), b \(Py.f(b, 4)) is near the true weights but not on PyTorch's trajectory (w [1.4417, -2.8892], b 0.5356): draw X = rand(100, 2)·2 - 1, the noise, then w and b, in that order after manualSeed(42).")
            }
            return .failed("w \(Expect.show(w)), b \(Py.f(b, 4)), expected w [1.4417, -2.8892], b 0.5356: grad_w = (2/N)·sum(X·(ŷ - y)[:, None], dim 0).")
        },
    ])

    static let trainingLoop3 = GradedExercise(id: "training-loop.exercise3", task: 11, title: "Seed 002 Exercise 3: autograd and SGD", article: "002", checks: [
        ExerciseCheck(name: "Training loop Exercise 3: w and b", points: 2, code: "solutions.autogradSGD()") { s in
            let (w, b) = try s.autogradSGD()
            if Expect.close([w, b], [1.9212925434112549, -0.9940174221992493], 1e-4) { return .passed }
            return .failed("w is \(Py.f(w, 4)), b is \(Py.f(b, 4)), expected w 1.9213, b -0.9940. If w and b did not move, they do not require grad: create them with requiresGrad: true, as the article's fix says.")
        },
    ])

    static let quadratic = GradedExercise(id: "fundamentals.quadratic", task: 12, title: "Seed 000: gradient descent on w² + 20", article: "000", checks: [
        ExerciseCheck(name: "Seed 000: w after 500 steps", points: 2, code: "solutions.quadraticDescent()") { s in
            let w = try s.quadraticDescent()
            if Expect.close(w, [0.06570478528738022, 0.13140957057476044], 1e-6) { return .passed }
            return .failed("w is \(w), expected [0.0657, 0.1314]: each step is w = w - 0.01·w.grad with the gradient of mean(w² + 20), which is w (zero w.grad each step).")
        },
    ])

    static let detach = GradedExercise(id: "fundamentals.detach", task: 13, title: "Seed 000: detach() shares memory", article: "000", checks: [
        ExerciseCheck(name: "Seed 000: writing through detach() changes w", points: 1, code: "solutions.detachSharesMemory()") { s in
            let w = try s.detachSharesMemory()
            switch w {
            case [28, 2, 3]: return .passed
            case [1, 2, 3]: return .failed("w is still [1, 2, 3]: write through the detached tensor's memory (try w.detach().numpy()), not through a copy.")
            default: return .failed("w is \(w), expected [28, 2, 3].")
            }
        },
    ])

    static let customOp = GradedExercise(id: "custom-op.square", task: 14, title: "A custom op: x² with a hand-written backward", article: "004", checks: [
        ExerciseCheck(name: "Custom op: forward computes x²", points: 1, code: "solutions.customSquare(x)") { s in
            let x = try Tensor(shape: [3], values: [0.5, -1.5, 2.0], dtype: .float64, requiresGrad: true)
            let y = try s.customSquare(x)
            return try y.toArray() == [0.25, 2.25, 4.0] ? .passed : .failed("forward gives \(try y.toArray()), expected [0.25, 2.25, 4.0].")
        },
        ExerciseCheck(name: "Custom op: backward passes gradcheck", points: 3, code: "gradcheckReport(solutions.customSquare, inputs: [x])") { s in
            let x = try Tensor(shape: [3], values: [0.5, -1.5, 2.0], dtype: .float64, requiresGrad: true)
            let report = try GradCheckBridge.check(s.customSquare, x)
            guard let failure = report else { return .passed }
            return .failed("gradcheck: \(failure.split(separator: "\n").prefix(2).joined(separator: " ")) The derivative of x² is 2x: return gradOutput * 2 * x from backward.")
        },
    ])
}
