import Autograd
import SolutionKit

/// Programs with a learner's mistake in them, run in the grader to recognise that
/// mistake's answer (the feedback then names it).
enum MistakeModels {
    /// Lab 2 without zeroing: each step's gradient adds to the old ones.
    static func lab2WithoutZeroing(start: Double, lr: Double, steps: Int) -> [Double] {
        var w = Float(start), grad: Float = 0
        return (0..<max(steps, 0)).map { _ in
            grad += 6 * (3 * w - 10)
            w -= Float(lr) * grad
            return Double(w)
        }
    }

    /// Lab 4 without zeroing, in float32 as the labs run.
    static func fitWithoutZeroing(x: [Double], y: [Double], lr: Double, epochs: Int) -> [Value] {
        let (w, b, _) = fitAccumulating(x: x, y: y, lr: lr, epochs: epochs)
        return [.number(w), .number(b)]
    }

    /// Exercise 4's losses when the gradients are never zeroed.
    static func lossesWithoutZeroing(x: [Double], y: [Double], lr: Double, epochs: Int) -> [Double] {
        fitAccumulating(x: x, y: y, lr: lr, epochs: epochs).losses
    }

    private static func fitAccumulating(x: [Double], y: [Double], lr: Double, epochs: Int) -> (Double, Double, losses: [Double]) {
        let xs = x.map(Float.init), ys = y.map(Float.init), n = Float(max(x.count, 1)), rate = Float(lr)
        var w: Float = 0, b: Float = 0, gw: Float = 0, gb: Float = 0, losses: [Double] = []
        for _ in 0..<max(epochs, 0) {
            let errors = zip(xs, ys).map { w * $0 + b - $1 }
            losses.append(Double(errors.reduce(0) { $0 + $1 * $1 } / n))
            gw += zip(errors, xs).reduce(0) { $0 + 2 * $1.0 * $1.1 } / n
            gb += errors.reduce(0) { $0 + 2 * $1 } / n
            w -= rate * gw
            b -= rate * gb
        }
        return (Double(w), Double(b), losses)
    }

    /// The fundamentals' descent on mean(w² + 20) without zeroing.
    static func quadraticWithoutZeroing(start: [Double], lr: Double, steps: Int) -> [Double] {
        var w = start.map(Float.init), grad = w.map { _ in Float(0) }
        let n = Float(max(start.count, 1))
        for _ in 0..<max(steps, 0) {
            for i in w.indices {
                grad[i] += 2 * w[i] / n
                w[i] -= Float(lr) * grad[i]
            }
        }
        return w.map(Double.init)
    }

    /// Learn the training loop, Exercise 1, with a learner's mistake: y flat (shape [100])
    /// against a column x, so that ŷ - y broadcasts to 100×100; or every tensor in
    /// `dtype` (float64 where the article's are float32: randn draws other numbers).
    static func regression(seed: Int, lr: Double, epochs: Int, flatTargets: Bool = false, dtype: FloatDType = .float32) throws -> [Value] {
        manualSeed(UInt64(truncatingIfNeeded: seed))
        let x = try Tensor.linspace(-1, 1, steps: 100, dtype: dtype).unsqueeze(1)
        var y = try 2.0 * x + -1.0 + 0.1 * Tensor.randn([100, 1], dtype: dtype)
        if flatTargets { y = try y.reshape([100]) }
        let w = try Tensor.randn([1], dtype: dtype), b = try Tensor.randn([1], dtype: dtype)
        for _ in 0..<max(epochs, 0) {
            let error = try w * x + b - y
            try w -= lr * ((2.0 / 100) * (error * x).sum())
            try b -= lr * ((2.0 / 100) * error.sum())
        }
        return [.number(try w.item()), .number(try b.item())]
    }

    /// Learn the training loop, Exercise 3, without optimizer.zeroGrad().
    static func sgdWithoutZeroing(seed: Int, lr: Double) throws -> [Value] {
        manualSeed(UInt64(truncatingIfNeeded: seed))
        let x = try Tensor.linspace(-1, 1, steps: 100).unsqueeze(1)
        let y = try 2.0 * x + -1.0 + 0.1 * Tensor.randn([100, 1])
        let w = try Tensor.randn([1], requiresGrad: true), b = try Tensor.randn([1], requiresGrad: true)
        let optimizer = try SGD([w, b], lr: lr)
        for _ in 0..<50 {
            try ((w * x + b - y) ** 2).mean().backward()
            try optimizer.step()
        }
        return [.number(try w.item()), .number(try b.item())]
    }
}
