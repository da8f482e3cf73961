// The reference solutions of the exercises of "Learn the Training Loop with PyTorch", Parts 1.1 to 1.5:
// what full marks look like. Only the grader links them; CI grades them as one student's file.
import Autograd
import SolutionKit

// MARK: - Part 1.1: Introduction to the Training Loop and Linear Regression (seeded variants)

/// The post's program from `seed`: 100 points on `y = 2x - 1` plus `noise`·randn over
/// [-3, 3], then `w` and `b` from `randn(1)` fitted by `SGD` at `lr`; the loss of every
/// epoch, recorded before that epoch's step.
private func part1FitLine(seed: Int, noise: Double, lr: Double, epochs: Int) throws -> (w: Tensor, b: Tensor, losses: [Double]) {
    manualSeed(UInt64(seed))
    let x = try Tensor.linspace(-3, 3, steps: 100).unsqueeze(1)
    let y = try 2.0 * x + -1.0 + noise * Tensor.randnLike(x)
    let w = try Tensor.randn(1, requiresGrad: true), b = try Tensor.randn(1, requiresGrad: true)
    let optimizer = try SGD([w, b], lr: lr)
    var losses: [Double] = []
    for _ in 0..<epochs {
        let loss = try ((x * w + b - y) ** 2).mean()
        losses.append(try loss.item())
        optimizer.zeroGrad()
        try loss.backward()
        try optimizer.step()
    }
    return (w, b, losses)
}

func introductionLearningRateLosses(_ seed: Int, _ lr: Double, _ epochs: Int) throws -> [Double] {
    try part1FitLine(seed: seed, noise: 0.5, lr: lr, epochs: epochs).losses
}

func introductionNoisyFit(_ seed: Int, _ noise: Double, _ epochs: Int) throws -> (w: Double, b: Double, loss: Double) {
    let fit = try part1FitLine(seed: seed, noise: noise, lr: 0.05, epochs: epochs)
    return (try fit.w.item(), try fit.b.item(), fit.losses.last ?? .nan)
}

func introductionLongerTraining(_ seed: Int, _ epochs: Int) throws -> (w: Double, b: Double, losses: [Double]) {
    let fit = try part1FitLine(seed: seed, noise: 2.0, lr: 0.05, epochs: epochs)
    // The losses of epochs 10, 20, 30, ...: positions 9, 19, 29, ... of the record.
    let everyTenth = stride(from: 9, to: fit.losses.count, by: 10).map { fit.losses[$0] }
    return (try fit.w.item(), try fit.b.item(), everyTenth)
}

func introductionPrediction(_ seed: Int, _ x: Double, _ epochs: Int) throws -> (w: Double, b: Double, prediction: Double) {
    let fit = try part1FitLine(seed: seed, noise: 2.0, lr: 0.05, epochs: epochs)
    let prediction = try Tensor([[x]]) * fit.w.detach() + fit.b.detach()
    return (try fit.w.item(), try fit.b.item(), try prediction.item())
}

// MARK: - Part 1.3: Batch vs. Stochastic Gradient Descent

/// `n` points on `y = 2x + 1` over [0, 1] with noise 0.1·randn, as columns (the caller seeds).
private func part1BatchData(_ n: Int) throws -> (x: Tensor, y: Tensor) {
    let x = try Tensor.linspace(0, 1, steps: n).unsqueeze(1)
    return (x, try 2.0 * x + 1.0 + 0.1 * Tensor.randnLike(x))
}

/// One hand-written step: `p -= lr·p.grad` without recording, then the gradients zeroed.
private func part1Step(_ parameters: [Tensor], lr: Double) throws {
    try noGrad {
        for p in parameters { try p.sub_(p.grad! * lr) }
    }
    for p in parameters { try p.grad!.zero_() }
}

/// The whole batch each step; each epoch's loss is the one computed before its step.
private func part1FullBatch(_ x: Tensor, _ y: Tensor, epochs: Int, lr: Double) throws -> (losses: [Double], w: Tensor, b: Tensor) {
    let w = try Tensor.randn(1, requiresGrad: true), b = try Tensor.randn(1, requiresGrad: true)
    var losses: [Double] = []
    for _ in 0..<epochs {
        let loss = try ((x * w + b - y) ** 2).mean()
        losses.append(try loss.item())
        try loss.backward()
        try part1Step([w, b], lr: lr)
    }
    return (losses, w, b)
}

/// One point per step, in a new random order each epoch; each epoch's mean loss.
private func part1Stochastic(_ x: Tensor, _ y: Tensor, epochs: Int, lr: Double) throws -> (losses: [Double], w: Tensor, b: Tensor) {
    let w = try Tensor.randn(1, requiresGrad: true), b = try Tensor.randn(1, requiresGrad: true)
    let n = x.shape[0]
    var losses: [Double] = []
    for _ in 0..<epochs {
        var epochLoss = 0.0
        for i in try Tensor.randperm(n).toIntArray() {
            let loss = try (x[i] * w + b - y[i]) ** 2
            epochLoss += try loss.item()
            try loss.backward()
            try part1Step([w, b], lr: lr)
        }
        losses.append(epochLoss / Double(n))
    }
    return (losses, w, b)
}

/// Shuffled mini-batches of `batchSize` (the last one shorter), picked with a tensor of
/// positions; each epoch's loss weighted by batch size.
private func part1Minibatch(_ x: Tensor, _ y: Tensor, batchSize: Int, epochs: Int, lr: Double) throws -> (losses: [Double], w: Tensor, b: Tensor) {
    let w = try Tensor.randn(1, requiresGrad: true), b = try Tensor.randn(1, requiresGrad: true)
    let n = x.shape[0]
    var losses: [Double] = []
    for _ in 0..<epochs {
        let permutation = try Tensor.randperm(n)
        var epochLoss = 0.0
        for start in stride(from: 0, to: n, by: batchSize) {
            let positions = try permutation[start..<min(start + batchSize, n)]
            let (xb, yb) = (try x[positions], try y[positions])
            let loss = try ((xb * w + b - yb) ** 2).mean()
            epochLoss += try loss.item() * Double(xb.shape[0])
            try loss.backward()
            try part1Step([w, b], lr: lr)
        }
        losses.append(epochLoss / Double(n))
    }
    return (losses, w, b)
}

func minibatchSizeLosses(_ seed: Int, _ batchSize: Int, _ epochs: Int, _ lr: Double) throws -> [Double] {
    manualSeed(UInt64(seed))
    let (x, y) = try part1BatchData(100)
    return try part1Minibatch(x, y, batchSize: batchSize, epochs: epochs, lr: lr).losses
}

func minibatchLargeDataset(_ seed: Int, _ n: Int, _ epochs: Int) throws -> (batch: Double, minibatch: Double) {
    manualSeed(UInt64(seed))
    let (x, y) = try part1BatchData(n)
    let batch = try part1FullBatch(x, y, epochs: epochs, lr: 0.5)
    let minibatch = try part1Minibatch(x, y, batchSize: 64, epochs: epochs, lr: 0.5)
    // Each method's loss on all n points, with the w and b it ended with.
    func loss(_ w: Tensor, _ b: Tensor) throws -> Double {
        try noGrad { try ((x * w + b - y) ** 2).mean().item() }
    }
    return (try loss(batch.w, batch.b), try loss(minibatch.w, minibatch.b))
}

func minibatchNoisyData(_ seed: Int, _ noise: Double, _ epochs: Int) throws -> (batch: [Double], stochastic: [Double], minibatch: [Double]) {
    manualSeed(UInt64(seed))
    let (x, clean) = try part1BatchData(100)
    let y = try clean + noise * Tensor.randnLike(clean)
    let batch = try part1FullBatch(x, y, epochs: epochs, lr: 0.05).losses
    let stochastic = try part1Stochastic(x, y, epochs: epochs, lr: 0.005).losses
    let minibatch = try part1Minibatch(x, y, batchSize: 16, epochs: epochs, lr: 0.01).losses
    return (batch, stochastic, minibatch)
}

// MARK: - Part 1.4: Visualizing the Loss Landscape

/// 30 points on `y = 2x + 1` over [-3, 3] with noise 0.5·randn, flat, drawn after `manualSeed(seed)`.
private func part1LandscapeData(_ seed: Int) throws -> (x: Tensor, y: Tensor) {
    manualSeed(UInt64(seed))
    let x = try Tensor.linspace(-3, 3, steps: 30)
    return (x, try 2.0 * x + 1.0 + Tensor.randn(30) * 0.5)
}

func landscapeDescentPath(_ seed: Int, _ wStart: Double, _ bStart: Double) throws -> (w: [Double], b: [Double]) {
    let (x, y) = try part1LandscapeData(seed)
    let w = Tensor(wStart, requiresGrad: true), b = Tensor(bStart, requiresGrad: true)
    var ws = [try w.item()], bs = [try b.item()]
    for _ in 0..<15 {
        try ((y - (w * x + b)) ** 2).mean().backward()
        try part1Step([w, b], lr: 0.1)
        ws.append(try w.item())
        bs.append(try b.item())
    }
    return (ws, bs)
}

func landscapeSliceLosses(_ seed: Int, _ bFixed: Double) throws -> [Double] {
    let (x, y) = try part1LandscapeData(seed)
    return try Tensor.linspace(0, 4, steps: 100).unbind().map { w in
        try ((y - (w * x + bFixed)) ** 2).mean().item()
    }
}

// MARK: - Part 1.5: Numerical vs. Analytical Gradients

/// 20 points on `y = 2x + 3` over [-1, 1] with noise 0.1·randn, as columns, drawn after `manualSeed(seed)`.
private func part1GradientCheckData(_ seed: Int) throws -> (x: Tensor, y: Tensor) {
    manualSeed(UInt64(seed))
    let x = try Tensor.linspace(-1, 1, steps: 20).unsqueeze(1)
    return (x, try 2.0 * x + 3.0 + 0.1 * Tensor.randn(20, 1))
}

/// `(L(p + h) - L(p - h)) / 2h` for the one-element parameter at `index`, the others held.
private func part1CentralDifference(_ loss: ([Tensor]) throws -> Tensor, _ parameters: [Tensor], _ index: Int, h: Double) throws -> Double {
    func moved(by step: Double) throws -> Double {
        var copies = parameters
        copies[index] = try parameters[index] + step
        return try loss(copies).item()
    }
    return (try moved(by: h) - moved(by: -h)) / (2 * h)
}

func gradientCheckQuadratic(_ seed: Int) throws -> (analytical: [Double], numerical: [Double]) {
    let (x, y) = try part1GradientCheckData(seed)
    let w1 = try Tensor.randn(1, requiresGrad: true), w2 = try Tensor.randn(1, requiresGrad: true)
    let b = try Tensor.randn(1, requiresGrad: true)
    // The parabola y = w2·x² + w1·x + b, parameters in the order [w1, w2, b].
    func loss(_ p: [Tensor], _ x: Tensor, _ y: Tensor) throws -> Tensor {
        try ((p[1] * x ** 2 + p[0] * x + p[2] - y) ** 2).mean()
    }
    try loss([w1, w2, b], x, y).backward()
    let analytical = try [w1, w2, b].map { try $0.grad!.item() }
    // The differences in float64, where h = 1e-5 is far above the round-off.
    let (x64, y64) = (try x.double(), try y.double())
    let start = try [w1, w2, b].map { try $0.detach().double() }
    let numerical = try (0..<3).map { i in
        try part1CentralDifference({ try loss($0, x64, y64) }, start, i, h: 1e-5)
    }
    return (analytical, numerical)
}

func gradientCheckLossSweep(_ seed: Int, _ points: Int) throws -> (b: Double, losses: [Double]) {
    let (x, y) = try part1GradientCheckData(seed)
    _ = try Tensor.randn(1)  // Exercise 1's w1, unused
    _ = try Tensor.randn(1)  // and w2
    let b = try Tensor.randn(1).item()
    // NumPy's linspace(-4, 4, points): -4 + i·step, the last point exactly 4.
    let step = 8.0 / Double(points - 1)
    let ws = (0..<points).map { $0 == points - 1 ? 4 : -4 + Double($0) * step }
    let losses = try ws.map { w in
        try ((x.matmul(Tensor([[w]])) + Tensor([b]) - y) ** 2).mean().item()
    }
    return (b, losses)
}

func gradientCheckStepSizes(_ seed: Int, _ steps: [Double]) throws -> (analytical: Double, numerical: [Double]) {
    let (x, y) = try part1GradientCheckData(seed)
    let w = try Tensor.randn(1, 1, requiresGrad: true), b = try Tensor.randn(1, requiresGrad: true)
    func loss(_ p: [Tensor], _ x: Tensor, _ y: Tensor) throws -> Tensor {
        try ((x.matmul(p[0]) + p[1] - y) ** 2).mean()
    }
    try loss([w, b], x, y).backward()
    let (x64, y64) = (try x.double(), try y.double())
    let start = [try w.detach().double(), try b.detach().double()]
    let numerical = try steps.map { h in
        try part1CentralDifference({ try loss($0, x64, y64) }, start, 0, h: h)
    }
    return (try w.grad!.item(), numerical)
}
