// The reference solutions of the exercises of "Learn the Training Loop with PyTorch", Parts 3.1 and 3.2:
// what full marks look like. Only the grader links them; CI grades them as one student's file.
import Autograd
import SolutionKit

// Part 3.1: Optimization Algorithms Beyond SGD

/// The line of Part 3.1: `x` from 0 to 1 (100 points, a column), `y = 2x + 3` plus noise.
private func part3OptimizationLineData(_ seed: Int, noise: Double) throws -> (x: Tensor, y: Tensor) {
    manualSeed(UInt64(seed))
    let x = try Tensor.linspace(0, 1, steps: 100).unsqueeze(1)
    return (x, try 2 * x + 3 + noise * Tensor.randnLike(x))
}

/// `epochs` full-batch epochs on the mean squared error; `afterEpoch` gets each epoch's loss
/// once the optimizer has stepped. Returns every epoch's loss (computed before its step).
private func part3OptimizationFit(
    _ model: Linear, _ optimizer: any Optimizer, _ x: Tensor, _ y: Tensor, epochs: Int,
    afterEpoch: (Double) throws -> Void = { _ in }
) throws -> [Double] {
    var losses: [Double] = []
    for _ in 0..<epochs {
        optimizer.zeroGrad()
        let loss = try MSELoss()(model(x), y)
        try loss.backward()
        try optimizer.step()
        losses.append(try loss.item())
        try afterEpoch(losses.last!)
    }
    return losses
}

/// The post's three runs: SGD, RMSprop (alpha 0.9) and Adam (betas 0.9, 0.999), each on a new
/// `Linear(1, 1)` drawn after the data (and after the models before it). Returns each run's
/// last loss and learned weight and bias.
private func part3OptimizationThreeOptimizers(_ seed: Int, lr: Double, noise: Double, epochs: Int) throws -> [(loss: Double, w: Double, b: Double)] {
    let (x, y) = try part3OptimizationLineData(seed, noise: noise)
    var runs: [(loss: Double, w: Double, b: Double)] = []
    for name in ["SGD", "RMSprop", "Adam"] {
        let model = try Linear(1, 1)
        let optimizer: any Optimizer =
            switch name {
            case "SGD": try SGD(model.parameters(), lr: lr)
            case "RMSprop": try RMSprop(model.parameters(), lr: lr, alpha: 0.9)
            default: try Adam(model.parameters(), lr: lr, betas: (0.9, 0.999))
            }
        let losses = try part3OptimizationFit(model, optimizer, x, y, epochs: epochs)
        runs.append((losses.last ?? .nan, try model.weight.item(), try model.bias!.item()))
    }
    return runs
}

func optimizersAtLearningRate(_ seed: Int, _ lr: Double, _ epochs: Int) throws -> (sgd: Double, rmsprop: Double, adam: Double) {
    let runs = try part3OptimizationThreeOptimizers(seed, lr: lr, noise: 0.2, epochs: epochs)
    return (runs[0].loss, runs[1].loss, runs[2].loss)
}

func momentumLossCurves(_ seed: Int, _ lr: Double, _ momentum: Double, _ epochs: Int) throws -> (plain: [Double], momentum: [Double]) {
    // Each run is the post's program on its own: seeded anew, so both start from the same data and weights.
    func curve(_ mu: Double) throws -> [Double] {
        let (x, y) = try part3OptimizationLineData(seed, noise: 0.2)
        let model = try Linear(1, 1)
        return try part3OptimizationFit(model, SGD(model.parameters(), lr: lr, momentum: mu), x, y, epochs: epochs)
    }
    return (try curve(0), try curve(momentum))
}

func optimizersOnNoisyData(_ seed: Int, _ noise: Double, _ epochs: Int) throws -> (sgd: Double, rmsprop: Double, adam: Double) {
    let runs = try part3OptimizationThreeOptimizers(seed, lr: 0.2, noise: noise, epochs: epochs)
    return (runs[0].loss, runs[1].loss, runs[2].loss)
}

func optimizerLearnedParameters(_ seed: Int, _ noise: Double, _ epochs: Int) throws -> (w: [Double], b: [Double]) {
    let runs = try part3OptimizationThreeOptimizers(seed, lr: 0.2, noise: noise, epochs: epochs)
    return (runs.map { $0.w }, runs.map { $0.b })
}

// Part 3.2: Learning Rate Scheduling

/// The line of Part 3.2: `x` from -1 to 1 (200 points, a column), `y = 2x + 1` plus noise of deviation 0.2.
private func part3OptimizationScheduleData(_ seed: Int, dtype: FloatDType = .float32) throws -> (x: Tensor, y: Tensor) {
    manualSeed(UInt64(seed))
    let x = try Tensor.linspace(-1, 1, steps: 200, dtype: dtype).unsqueeze(1)
    return (x, try 2 * x + 1 + 0.2 * Tensor.randnLike(x))
}

func exponentialDecaySchedule(_ seed: Int, _ gamma: Double, _ epochs: Int) throws -> (constant: Double, step: Double, exponential: Double) {
    let (x, y) = try part3OptimizationScheduleData(seed)

    let constantModel = try Linear(1, 1)
    let constant = try part3OptimizationFit(constantModel, SGD(constantModel.parameters(), lr: 0.1), x, y, epochs: epochs)

    let stepModel = try Linear(1, 1)
    let stepOptimizer = try SGD(stepModel.parameters(), lr: 0.1)
    let stepDecay = StepLR(stepOptimizer, stepSize: epochs / 2, gamma: 0.1)
    let step = try part3OptimizationFit(stepModel, stepOptimizer, x, y, epochs: epochs) { _ in try stepDecay.step() }

    let exponentialModel = try Linear(1, 1)
    let exponentialOptimizer = try SGD(exponentialModel.parameters(), lr: 0.1)
    let exponentialDecay = ExponentialLR(exponentialOptimizer, gamma: gamma)
    let exponential = try part3OptimizationFit(exponentialModel, exponentialOptimizer, x, y, epochs: epochs) { _ in try exponentialDecay.step() }

    return (constant.last ?? .nan, step.last ?? .nan, exponential.last ?? .nan)
}

func plateauSchedule(_ seed: Int, _ patience: Int, _ factor: Double, _ epochs: Int) throws -> (loss: Double, lr: Double) {
    let (x, y) = try part3OptimizationScheduleData(seed, dtype: .float64)
    let model = try Linear(1, 1, dtype: .float64)
    let optimizer = try SGD(model.parameters(), lr: 0.1)
    let plateau = try ReduceLROnPlateau(optimizer, factor: factor, patience: patience)
    let losses = try part3OptimizationFit(model, optimizer, x, y, epochs: epochs) { plateau.step($0) }
    return (losses.last ?? .nan, optimizer.learningRate)
}
