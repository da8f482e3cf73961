// The reference solutions of the exercises of "Learn the Training Loop with PyTorch", Parts 2.4 to 2.6:
// what full marks look like. Only the grader links them; CI grades them as one student's file.
import Autograd
import SolutionKit

// MARK: - Part 2.4: The Role of Activations

func activationDerivatives(_ low: Double, _ high: Double, _ steps: Int) throws -> (relu: [Double], sigmoid: [Double], tanh: [Double]) {
    let z = try Tensor.linspace(low, high, steps: steps)
    let sigmoid = try z.sigmoid(), tanh = try z.tanh()
    return (
        try z.gt(0).float().toArray(),
        try (sigmoid * (1 - sigmoid)).toArray(),
        try (1 - tanh ** 2).toArray()
    )
}

func activationSineFit(_ seed: Int, _ epochs: Int) throws -> (linear: Double, relu: Double, tanh: Double) {
    let x = try Tensor.linspace(-2 * Double.pi, 2 * Double.pi, steps: 100).unsqueeze(1)
    let y = try x.sin()
    let linear = try part2TrainingSineFit(x, y, seed: seed, activation: nil, epochs: epochs)
    let relu = try part2TrainingSineFit(x, y, seed: seed, activation: ReLU(), epochs: epochs)
    let tanh = try part2TrainingSineFit(x, y, seed: seed, activation: Tanh(), epochs: epochs)
    return (linear, relu, tanh)
}

/// The post's SimpleNet (`Linear(1, 10)`, the activation if any, `Linear(10, 1)`) drawn
/// right after `manualSeed(seed)`, trained by Adam; its mean squared error after training.
private func part2TrainingSineFit(_ x: Tensor, _ y: Tensor, seed: Int, activation: (any Module)?, epochs: Int) throws -> Double {
    manualSeed(UInt64(seed))
    var layers: [any Module] = [try Linear(1, 10)]
    if let activation { layers.append(activation) }
    layers.append(try Linear(10, 1))
    let model = Sequential(layers)
    let optimizer = try Adam(model.parameters(), lr: 0.01)
    for _ in 0..<epochs {
        let loss = try F.mseLoss(model(x), y)
        optimizer.zeroGrad()
        try loss.backward()
        try optimizer.step()
    }
    return try noGrad { try F.mseLoss(model(x), y) }.item()
}

func swishCurve(_ low: Double, _ high: Double, _ steps: Int) throws -> (values: [Double], slopes: [Double]) {
    let z = try Tensor.linspace(low, high, steps: steps).requiresGrad_()
    let swish = try z * z.sigmoid()
    try swish.sum().backward()
    return (try swish.toArray(), try z.grad!.toArray())
}

// MARK: - Part 2.5: Mini-batching and Data Pipelines

/// The post's ToyDataset after `manualSeed(seed)`: `samples` inputs over [-2, 2] as a
/// column, and `3x + 1` plus noise of deviation 0.5.
private func part2TrainingToyData(_ seed: Int, samples: Int) throws -> (x: Tensor, y: Tensor) {
    manualSeed(UInt64(seed))
    let x = try Tensor.linspace(-2, 2, steps: samples).unsqueeze(1)
    return (x, try 3 * x + 1 + 0.5 * Tensor.randnLike(x))
}

/// SGD (lr 0.1) on the mean squared error, one step per batch, for `epochs` passes over
/// `loader`; each pass's mean batch loss.
private func part2TrainingBatchTraining(_ loader: DataLoader, _ model: Linear, epochs: Int) throws -> [Double] {
    let optimizer = try SGD(model.parameters(), lr: 0.1)
    var losses: [Double] = []
    for _ in 0..<epochs {
        var batchLosses: [Double] = []
        for batch in try loader.epoch() {
            let loss = try MSELoss()(model(batch[0]), batch[1])
            optimizer.zeroGrad()
            try loss.backward()
            try optimizer.step()
            batchLosses.append(try loss.item())
        }
        losses.append(batchLosses.reduce(0, +) / Double(batchLosses.count))
    }
    return losses
}

func miniBatchLossCurve(_ seed: Int, _ batchSize: Int, _ epochs: Int) throws -> [Double] {
    let (x, y) = try part2TrainingToyData(seed, samples: 100)
    let loader = try DataLoader(TensorDataset(x, y), batchSize: batchSize, shuffle: true)
    let model = try Linear(1, 1)
    return try part2TrainingBatchTraining(loader, model, epochs: epochs)
}

func standardizedFit(_ seed: Int, _ samples: Int, _ epochs: Int) throws -> (std: Double, weight: Double, bias: Double) {
    let (x, y) = try part2TrainingToyData(seed, samples: samples)
    let (mean, std) = (try x.mean(), try x.std())
    let standardized = try (x - mean) / std
    let loader = try DataLoader(TensorDataset(standardized, y), batchSize: 16, shuffle: true)
    let model = try Linear(1, 1)
    _ = try part2TrainingBatchTraining(loader, model, epochs: epochs)
    return (try std.item(), try model.weight.item(), try model.bias!.item())
}

// MARK: - Part 2.6: Regularization and Overfitting

/// 30 training points of `sin(x)` plus noise of deviation 0.3 over [-3, 3] after
/// `manualSeed(seed)`, and 100 noise-free test points.
private func part2TrainingSineData(_ seed: Int) throws -> (x: Tensor, y: Tensor, xTest: Tensor, yTest: Tensor) {
    manualSeed(UInt64(seed))
    let x = try Tensor.linspace(-3, 3, steps: 30).reshape(-1, 1)
    let y = try x.sin() + 0.3 * Tensor.randnLike(x)
    let xTest = try Tensor.linspace(-3, 3, steps: 100).reshape(-1, 1)
    return (x, y, xTest, try xTest.sin())
}

/// `hiddenLayers` hidden layers of 64 tanh units, each `Linear`, `Tanh` and (if `dropout`)
/// `Dropout(p: 0.3)`, then `Linear(64, 1)`: the post's TinyNet has 2, its DeepNet 4.
private func part2TrainingTanhNetwork(hiddenLayers: Int, dropout: Bool) throws -> Sequential {
    var layers: [any Module] = []
    var width = 1
    for _ in 0..<hiddenLayers {
        layers.append(try Linear(width, 64))
        layers.append(Tanh())
        if dropout { layers.append(try Dropout(p: 0.3)) }
        width = 64
    }
    layers.append(try Linear(width, 1))
    return Sequential(layers)
}

/// Full-batch SGD (lr 0.01, weight decay `l2`) on the mean squared error for `epochs`
/// steps in training mode; every step's loss.
private func part2TrainingFullBatchTraining(_ model: Sequential, _ x: Tensor, _ y: Tensor, l2: Double, epochs: Int) throws -> [Double] {
    let optimizer = try SGD(model.parameters(), lr: 0.01, weightDecay: l2)
    model.train()
    var losses: [Double] = []
    for _ in 0..<epochs {
        let loss = try MSELoss()(model(x), y)
        optimizer.zeroGrad()
        try loss.backward()
        try optimizer.step()
        losses.append(try loss.item())
    }
    return losses
}

/// The mean squared error of `model` on `x` against `y`, in evaluation mode (dropout off).
private func part2TrainingEvaluationLoss(_ model: Sequential, _ x: Tensor, _ y: Tensor) throws -> Double {
    model.eval()
    return try noGrad { try MSELoss()(model(x), y) }.item()
}

/// The L2 norm of every parameter together, weights and biases: √(Σ p²).
private func part2TrainingParameterNorm(_ model: Sequential) throws -> Double {
    var sumOfSquares = 0.0
    for parameter in model.parameters() {
        let square = try (parameter.detach() ** 2).sum().item()
        sumOfSquares += square
    }
    return sumOfSquares.squareRoot()
}

func weightDecayFit(_ seed: Int, _ l2: Double, _ epochs: Int) throws -> (trainLoss: Double, testLoss: Double, weightNorm: Double) {
    let (x, y, xTest, yTest) = try part2TrainingSineData(seed)
    let model = try part2TrainingTanhNetwork(hiddenLayers: 2, dropout: false)
    _ = try part2TrainingFullBatchTraining(model, x, y, l2: l2, epochs: epochs)
    let testLoss = try part2TrainingEvaluationLoss(model, xTest, yTest)
    let trainLoss = try part2TrainingEvaluationLoss(model, x, y)
    return (trainLoss, testLoss, try part2TrainingParameterNorm(model))
}

func dropoutDepthFit(_ seed: Int, _ hiddenLayers: Int, _ epochs: Int) throws -> (losses: [Double], testLoss: Double) {
    let (x, y, xTest, yTest) = try part2TrainingSineData(seed)
    let model = try part2TrainingTanhNetwork(hiddenLayers: hiddenLayers, dropout: true)
    let losses = try part2TrainingFullBatchTraining(model, x, y, l2: 0, epochs: epochs)
    return (losses, try part2TrainingEvaluationLoss(model, xTest, yTest))
}

func weightDecayDropoutFit(_ seed: Int, _ l2: Double, _ epochs: Int) throws -> (losses: [Double], testLoss: Double, weightNorm: Double) {
    let (x, y, xTest, yTest) = try part2TrainingSineData(seed)
    let model = try part2TrainingTanhNetwork(hiddenLayers: 2, dropout: true)
    let losses = try part2TrainingFullBatchTraining(model, x, y, l2: l2, epochs: epochs)
    return (losses, try part2TrainingEvaluationLoss(model, xTest, yTest), try part2TrainingParameterNorm(model))
}
