import Autograd
import ReferenceSolutions
import SolutionKit

/// The mistakes learners make, one per variant; the rest of each variant is the reference.
enum BuggyVariants {
    static let all: [String: Solutions] = [
        // Autograd, Lab 1
        "lab1-sign-flipped": referenceSolutions.with {
            $0.oneParameter = { w in
                let r = try referenceSolutions.oneParameter(w)
                return (r.loss, -r.wGrad)
            }
        },
        "lab1-missing-inner-factor": referenceSolutions.with {
            $0.oneParameter = { start in
                // the derivative by hand, without the chain rule's inner factor
                ((3 * start - 10) * (3 * start - 10), 2 * (3 * start - 10))
            }
        },
        "lab1-backward-twice": referenceSolutions.with {
            $0.oneParameter = { start in
                let w = Tensor(start, requiresGrad: true)
                let loss = try (w * 3 - 10) ** 2
                try loss.backward(retainGraph: true)
                try loss.backward()
                return (try loss.item(), try w.grad!.item())
            }
        },
        "lab1-integer-dtype": referenceSolutions.with {
            $0.oneParameter = { start in
                let w = try Tensor(Int(start.rounded())).requiresGrad_()
                let loss = try (w * 3 - 10) ** 2
                try loss.backward()
                return (try loss.item(), try w.grad!.item())
            }
        },
        // Autograd, Lab 2
        "lab2-never-zeroed": referenceSolutions.with {
            $0.gradientIsNotTheUpdate = { start, lr, steps in
                let w = Tensor(start, requiresGrad: true)
                return try (0..<steps).map { _ in
                    try ((w * 3 - 10) ** 2).backward()
                    try noGrad { try w -= lr * w.grad! }
                    return try w.item()
                }
            }
        },
        "lab2-step-with-gradient": referenceSolutions.with {
            $0.gradientIsNotTheUpdate = { start, lr, steps in
                let w = Tensor(start, requiresGrad: true)
                return try (0..<steps).map { _ in
                    try ((w * 3 - 10) ** 2).backward()
                    try noGrad { try w += lr * w.grad! }
                    try w.grad!.zero_()
                    return try w.item()
                }
            }
        },
        "lab2-records-before-update": referenceSolutions.with {
            $0.gradientIsNotTheUpdate = { start, lr, steps in
                let w = Tensor(start, requiresGrad: true)
                return try (0..<steps).map { _ in
                    let before = try w.item()
                    try ((w * 3 - 10) ** 2).backward()
                    try noGrad { try w -= lr * w.grad! }
                    try w.grad!.zero_()
                    return before
                }
            }
        },
        "lab2-hardcoded-lr": referenceSolutions.with {
            $0.gradientIsNotTheUpdate = { start, _, steps in
                try referenceSolutions.gradientIsNotTheUpdate(start, 0.1, steps)
            }
        },
        // Autograd, Lab 3
        "lab3-zeroed-too-early": referenceSolutions.with {
            $0.accumulation = { value in
                let x = Tensor(value, requiresGrad: true)
                try (x ** 2).backward()
                let first = try x.grad!.item()
                try x.grad!.zero_()
                try (2 * x).backward()
                let second = try x.grad!.item()
                try (2 * x).backward()
                return [first, second, try x.grad!.item() - 2]
            }
        },
        "lab3-never-zeroed": referenceSolutions.with {
            $0.accumulation = { value in
                let x = Tensor(value, requiresGrad: true)
                try (x ** 2).backward()
                let first = try x.grad!.item()
                try (2 * x).backward()
                let second = try x.grad!.item()
                try (2 * x).backward()
                return [first, second, try x.grad!.item()]
            }
        },
        // Autograd, Lab 4 (and Exercise 1, which calls the same function)
        "lab4-never-zeroed": referenceSolutions.with {
            $0.fitTwoParameters = { xs, ys, lr, epochs in
                try fit(xs, ys, lr, epochs, zeroing: false)
            }
        },
        "lab4-one-epoch-too-many": referenceSolutions.with {
            $0.fitTwoParameters = { xs, ys, lr, epochs in
                try fit(xs, ys, lr, epochs + 1)
            }
        },
        "lab4-sum-not-mean": referenceSolutions.with {
            $0.fitTwoParameters = { xs, ys, lr, epochs in
                try fit(xs, ys, lr, epochs, sum: true)
            }
        },
        "lab4-step-with-gradient": referenceSolutions.with {
            $0.fitTwoParameters = { xs, ys, lr, epochs in
                try fit(xs, ys, -lr, epochs)
            }
        },
        "lab4-swapped-return": referenceSolutions.with {
            $0.fitTwoParameters = { xs, ys, lr, epochs in
                let r = try fit(xs, ys, lr, epochs)
                return (r.b, r.w)
            }
        },
        "lab4-hardcoded-lr": referenceSolutions.with {
            $0.fitTwoParameters = { xs, ys, _, epochs in
                try fit(xs, ys, 0.05, epochs)
            }
        },
        "lab4-zeroed-before-update": referenceSolutions.with {
            $0.fitTwoParameters = { xs, ys, lr, epochs in
                let (x, y) = (Tensor(xs), Tensor(ys))
                let w = Tensor(0.0, requiresGrad: true), b = Tensor(0.0, requiresGrad: true)
                for _ in 0..<epochs {
                    try ((w * x + b - y) ** 2).mean().backward()
                    try w.grad!.zero_()
                    try b.grad!.zero_()
                    try noGrad {
                        try w -= lr * w.grad!
                        try b -= lr * b.grad!
                    }
                }
                return (try w.item(), try b.item())
            }
        },
        // Autograd, Exercises 2 to 4
        "exercise2-wrong-answer": referenceSolutions.with { $0.noZeroGradEffect = { .nothingChanges } },
        "exercise3-swapped": referenceSolutions.with { $0.learningRates = { (0.005, 0.5) } },
        "exercise4-keeps-loss-tensors": referenceSolutions.with {
            $0.storeLosses = { xs, ys, lr, epochs in
                let (x, y) = (Tensor(xs), Tensor(ys))
                let w = Tensor(0.0, requiresGrad: true), b = Tensor(0.0, requiresGrad: true)
                var losses: [Tensor] = []
                for _ in 0..<epochs {
                    let loss = try ((w * x + b - y) ** 2).mean()
                    try loss.backward()
                    try noGrad {
                        try w -= lr * w.grad!
                        try b -= lr * b.grad!
                    }
                    try w.grad!.zero_()
                    try b.grad!.zero_()
                    losses.append(loss)
                }
                return try losses.map { try $0.item() }
            }
        },
        "exercise4-hardcoded-lr": referenceSolutions.with {
            $0.storeLosses = { xs, ys, _, epochs in
                try referenceSolutions.storeLosses(xs, ys, 0.05, epochs)
            }
        },
        // Learn the training loop
        "training-loop1-sum-not-mean": referenceSolutions.with {
            $0.manualRegression = { seed, lr, epochs in
                try regression(seed, lr, epochs, gradientScale: 100)
            }
        },
        "training-loop1-broadcast": referenceSolutions.with {
            $0.manualRegression = { seed, lr, epochs in
                try regression(seed, lr, epochs, flatTargets: true)
            }
        },
        "training-loop1-seed-ignored": referenceSolutions.with {
            $0.manualRegression = { _, lr, epochs in
                try regression(42, lr, epochs)
            }
        },
        "training-loop1-one-epoch-too-few": referenceSolutions.with {
            $0.manualRegression = { seed, lr, epochs in
                try regression(seed, lr, epochs - 1)
            }
        },
        "training-loop2-seed-ignored": referenceSolutions.with { $0.twoFeatures = { _ in try referenceSolutions.twoFeatures(42) } },
        "training-loop3-no-requires-grad": referenceSolutions.with {
            $0.autogradSGD = { seed, lr in
                manualSeed(UInt64(seed))
                _ = try Tensor.randn([100, 1])
                let w = try Tensor.randn([1]), b = try Tensor.randn([1])
                let optimizer = try SGD([w, b], lr: lr)
                try optimizer.step()
                return (try w.item(), try b.item())
            }
        },
        "training-loop3-never-zeroed": referenceSolutions.with {
            $0.autogradSGD = { seed, lr in
                try sgd(seed, lr, zeroing: false)
            }
        },
        // Practical PyTorch fundamentals
        "quadratic-never-zeroed": referenceSolutions.with {
            $0.quadraticDescent = { start, lr, steps in
                let w = Tensor(start, requiresGrad: true)
                for _ in 0..<steps {
                    try (w ** 2 + 20).mean().backward()
                    w.data = try w.data - lr * w.grad!
                }
                return try w.toArray()
            }
        },
        "quadratic-sum-not-mean": referenceSolutions.with {
            $0.quadraticDescent = { start, lr, steps in
                let w = Tensor(start, requiresGrad: true)
                for _ in 0..<steps {
                    if let g = w.grad { try g.zero_() }
                    try (w ** 2 + 20).sum().backward()
                    w.data = try w.data - lr * w.grad!
                }
                return try w.toArray()
            }
        },
        "detach-through-a-copy": referenceSolutions.with {
            $0.detachSharesMemory = { values, newValue in
                let w = Tensor(values, requiresGrad: true)
                var copy = try w.detach().toArray()
                copy[0] = newValue
                return try w.toArray()
            }
        },
        // Understanding the autograd package: custom ops
        "square-missing-factor-2": referenceSolutions.with { $0.customSquare = { try SquareMissingTwo.apply($0) } },
        "square-ignores-grad-output": referenceSolutions.with { $0.customSquare = { try SquareIgnoringGradOutput.apply($0) } },
        "square-abs": referenceSolutions.with { $0.customSquare = { try SquareWithAbs.apply($0) } },
        // Answers a grader must name precisely
        "square-plain-arithmetic": referenceSolutions.with { $0.customSquare = { x in try x * x } },
        "lab1-grad-before-backward": referenceSolutions.with {
            $0.oneParameter = { start in
                let w = Tensor(start, requiresGrad: true)
                let loss = try (w * 3 - 10) ** 2
                let wGrad = try w.grad?.item() ?? 0  // read before backward: still nil
                try loss.backward()
                return (try loss.item(), wGrad)
            }
        },
        "lab1-swapped-return": referenceSolutions.with {
            $0.oneParameter = { w in
                let r = try referenceSolutions.oneParameter(w)
                return (r.wGrad, r.loss)
            }
        },
        "lab4-rounded": referenceSolutions.with {
            $0.fitTwoParameters = { xs, ys, lr, epochs in
                let r = try referenceSolutions.fitTwoParameters(xs, ys, lr, epochs)
                return ((r.w * 100).rounded() / 100, (r.b * 100).rounded() / 100)
            }
        },
        "training-loop1-lr-ignored": referenceSolutions.with {
            $0.manualRegression = { seed, _, epochs in
                try regression(seed, 0.01, epochs)
            }
        },
        "training-loop1-float64": referenceSolutions.with {
            $0.manualRegression = { seed, lr, epochs in
                manualSeed(UInt64(seed))
                let x = try Tensor.linspace(-1, 1, steps: 100, dtype: .float64).unsqueeze(1)
                let y = try 2.0 * x + -1.0 + 0.1 * Tensor.randn([100, 1], dtype: .float64)
                let w = try Tensor.randn([1], dtype: .float64), b = try Tensor.randn([1], dtype: .float64)
                for _ in 0..<epochs {
                    let error = try w * x + b - y
                    try w -= lr * ((2.0 / 100) * (error * x).sum())
                    try b -= lr * ((2.0 / 100) * error.sum())
                }
                return (try w.item(), try b.item())
            }
        },
        "training-loop3-detached-prediction": referenceSolutions.with {
            $0.autogradSGD = { seed, lr in
                try sgd(seed, lr, detachingThePrediction: true)
            }
        },
    ]

    /// Learn the training loop, Exercise 3 (autograd and SGD), with a switch for each mistake.
    static func sgd(_ seed: Int, _ lr: Double, zeroing: Bool = true, detachingThePrediction: Bool = false) throws -> (w: Double, b: Double) {
        manualSeed(UInt64(seed))
        let x = try Tensor.linspace(-1, 1, steps: 100).unsqueeze(1)
        let y = try 2.0 * x + -1.0 + 0.1 * Tensor.randn([100, 1])
        let w = try Tensor.randn([1], requiresGrad: true), b = try Tensor.randn([1], requiresGrad: true)
        let optimizer = try SGD([w, b], lr: lr)
        for _ in 0..<50 {
            if zeroing { optimizer.zeroGrad() }
            var prediction = try w * x + b
            if detachingThePrediction { prediction = try prediction.detach().requiresGrad_() }  // cut from w and b
            try ((prediction - y) ** 2).mean().backward()
            try optimizer.step()
        }
        return (try w.item(), try b.item())
    }

    /// Lab 4's loop with a switch for each mistake.
    static func fit(_ xs: [Double], _ ys: [Double], _ lr: Double, _ epochs: Int, zeroing: Bool = true, sum: Bool = false) throws -> (w: Double, b: Double) {
        let (x, y) = (Tensor(xs), Tensor(ys))
        let w = Tensor(0.0, requiresGrad: true), b = Tensor(0.0, requiresGrad: true)
        for _ in 0..<epochs {
            let squares = try (w * x + b - y) ** 2
            try (sum ? squares.sum() : squares.mean()).backward()
            try noGrad {
                try w -= lr * w.grad!
                try b -= lr * b.grad!
            }
            if zeroing {
                try w.grad!.zero_()
                try b.grad!.zero_()
            }
        }
        return (try w.item(), try b.item())
    }

    /// Learn the training loop, Exercise 1, with a switch for each mistake.
    static func regression(_ seed: Int, _ lr: Double, _ epochs: Int, gradientScale: Double = 1, flatTargets: Bool = false) throws -> (w: Double, b: Double) {
        manualSeed(UInt64(seed))
        let x = try Tensor.linspace(-1, 1, steps: 100).unsqueeze(1)
        var y = try 2.0 * x + -1.0 + 0.1 * Tensor.randn([100, 1])
        if flatTargets { y = try y.reshape([100]) }
        let w = try Tensor.randn([1]), b = try Tensor.randn([1])
        for _ in 0..<max(epochs, 0) {
            let error = try w * x + b - y
            try w -= lr * gradientScale * ((2.0 / 100) * (error * x).sum())
            try b -= lr * gradientScale * ((2.0 / 100) * error.sum())
        }
        return (try w.item(), try b.item())
    }
}

enum SquareMissingTwo: CustomFunction {
    static let name = "SquareBackward"
    static func forward(_ ctx: FunctionContext, _ inputs: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(inputs[0])
        return try inputs[0] * inputs[0]
    }
    static func backward(_ ctx: FunctionContext, _ gradOutput: Tensor) throws -> [Tensor?] {
        [try gradOutput * ctx.savedTensors()[0]]
    }
}

enum SquareIgnoringGradOutput: CustomFunction {
    static let name = "SquareBackward"
    static func forward(_ ctx: FunctionContext, _ inputs: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(inputs[0])
        return try inputs[0] * inputs[0]
    }
    static func backward(_ ctx: FunctionContext, _ gradOutput: Tensor) throws -> [Tensor?] {
        [try 2 * ctx.savedTensors()[0]]
    }
}

enum SquareWithAbs: CustomFunction {
    static let name = "SquareBackward"
    static func forward(_ ctx: FunctionContext, _ inputs: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(inputs[0])
        return try inputs[0] * inputs[0]
    }
    static func backward(_ ctx: FunctionContext, _ gradOutput: Tensor) throws -> [Tensor?] {
        [try gradOutput * 2 * ctx.savedTensors()[0].abs()]
    }
}
