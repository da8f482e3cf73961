// The reference solutions of the exercises of "Learn the Training Loop with PyTorch", Parts 2.1 to 2.3:
// what full marks look like. Only the grader links them; CI grades them as one student's file.
import Autograd
import SolutionKit

// MARK: - Part 2.1: from linear to nonlinear (the two moons)

/// scikit-learn's two moons as the post makes them (200 points, noise 0.2, random state 42),
/// as float32: the points `[200, 2]` and the labels as a column `[200, 1]`.
private func part2NetworksMoons() throws -> (x: Tensor, y: Tensor) {
    let (x, y) = try makeMoons(samples: 200, noise: 0.2, randomState: 42)
    return (try x.float(), try y.float().unsqueeze(1))
}

/// `epochs` full-batch steps of `optimizer` on the binary cross-entropy of `model` (which ends
/// in a sigmoid); returns each step's loss (taken before its update) and the share of points
/// whose predicted class (probability above 0.5) is their label once training is done.
private func part2NetworksTrainClassifier(_ model: Sequential, _ optimizer: any Optimizer, _ epochs: Int) throws -> (losses: [Double], accuracy: Double) {
    let (x, y) = try part2NetworksMoons()
    var losses: [Double] = []
    for _ in 0..<epochs {
        optimizer.zeroGrad()
        let loss = try BCELoss()(model(x), y)
        try loss.backward()
        try optimizer.step()
        losses.append(try loss.item())
    }
    let probabilities = try noGrad { try model(x) }.toArray()
    let labels = try y.toArray()
    let correct = zip(probabilities, labels).filter { probability, label in (probability > 0.5 ? 1.0 : 0.0) == label }.count
    return (losses, Double(correct) / Double(labels.count))
}

func moonsTanhMLP(_ seed: Int, _ epochs: Int) throws -> (losses: [Double], accuracy: Double) {
    manualSeed(UInt64(seed))
    let model = Sequential(try Linear(2, 8), Tanh(), try Linear(8, 1), Sigmoid())
    return try part2NetworksTrainClassifier(model, Adam(model.parameters(), lr: 0.05), epochs)
}

func moonsSigmoidMLP(_ seed: Int, _ epochs: Int) throws -> (losses: [Double], accuracy: Double) {
    manualSeed(UInt64(seed))
    let model = Sequential(try Linear(2, 8), Sigmoid(), try Linear(8, 1), Sigmoid())
    return try part2NetworksTrainClassifier(model, Adam(model.parameters(), lr: 0.05), epochs)
}

func moonsWideMLP(_ seed: Int, _ hidden: Int, _ epochs: Int) throws -> (losses: [Double], accuracy: Double) {
    manualSeed(UInt64(seed))
    let model = Sequential(try Linear(2, hidden), ReLU(), try Linear(hidden, 1), Sigmoid())
    return try part2NetworksTrainClassifier(model, Adam(model.parameters(), lr: 0.05), epochs)
}

func moonsLinearAdam(_ seed: Int, _ lr: Double, _ epochs: Int) throws -> (losses: [Double], accuracy: Double) {
    manualSeed(UInt64(seed))
    let model = Sequential(try Linear(2, 1), Sigmoid())
    return try part2NetworksTrainClassifier(model, Adam(model.parameters(), lr: lr), epochs)
}

// MARK: - Part 2.2: forward and backward passes

func forwardBackwardGradients(_ seed: Int, _ sample: [Double], _ target: Double) throws -> (loss: Double, layer1: [Double], layer2: [Double]) {
    manualSeed(UInt64(seed))
    let layer1 = try Linear(3, 4), layer2 = try Linear(4, 1)
    let x = try Tensor([sample]), y = try Tensor([[target]])
    let loss = try MSELoss()(layer2(layer1(x).relu()), y)
    try loss.backward()
    return (try loss.item(), try layer1.weight.grad!.toArray(), try layer2.weight.grad!.toArray())
}

func forwardBackwardWeightSweep(_ seed: Int, _ column: Int, _ steps: Int) throws -> (weights: [Double], losses: [Double], restoredLoss: Double) {
    manualSeed(UInt64(seed))
    let layer1 = try Linear(3, 4), layer2 = try Linear(4, 1)
    let x = try Tensor([[7.0, 8.0, 9.0]]), y = try Tensor([[30.0]])
    func loss() throws -> Double { try MSELoss()(layer2(layer1(x).relu()), y).item() }

    let weight = try layer2.weight.data[0, column]  // a view: writing it changes layer2's weight
    let original = try weight.item()
    var weights: [Double] = [], losses: [Double] = []
    for delta in try Tensor.linspace(-2, 2, steps: steps).toArray() {
        try weight.fill_(original + delta)
        weights.append(try weight.item())
        losses.append(try loss())
    }
    try weight.fill_(original)
    return (weights, losses, try loss())
}

// MARK: - Part 2.3: a neural network from scratch (fitting sin(x))

/// The inputs, `linspace(-2π, 2π, 300)` as a column `[300, 1]`.
private func part2NetworksSineInputs() throws -> Tensor {
    try Tensor.linspace(-2 * Double.pi, 2 * Double.pi, steps: 300).unsqueeze(1)
}

/// The weights `W1 = randn(1, hidden)`, `b1 = zeros(hidden)`, `W2 = randn(hidden, 1)`,
/// `b2 = zeros(1)`, each requiring grad (the two `randn` draws in that order).
private func part2NetworksSineWeights(_ hidden: Int) throws -> [Tensor] {
    [
        try Tensor.randn(1, hidden, requiresGrad: true), try Tensor.zeros([hidden], requiresGrad: true),
        try Tensor.randn(hidden, 1, requiresGrad: true), try Tensor.zeros([1], requiresGrad: true),
    ]
}

/// The network's prediction, `activation(x @ W1 + b1) @ W2 + b2`.
private func part2NetworksSinePredict(_ x: Tensor, _ weights: [Tensor], tanh: Bool = false) throws -> Tensor {
    let h = try x.matmul(weights[0]) + weights[1]
    return try (tanh ? h.tanh() : h.relu()).matmul(weights[2]) + weights[3]
}

/// One hand-written step: `p -= lr * p.grad` for each weight, then its gradient zeroed.
private func part2NetworksSineStep(_ weights: [Tensor], _ lr: Double) throws {
    try noGrad {
        for p in weights {
            try p.sub_(lr * p.grad!)
            try p.grad!.zero_()
        }
    }
}

func sineTanhLosses(_ seed: Int, _ lr: Double, _ epochs: Int) throws -> [Double] {
    manualSeed(UInt64(seed))
    let x = try part2NetworksSineInputs(), y = try x.sin()
    let weights = try part2NetworksSineWeights(10)
    var losses: [Double] = []
    for _ in 0..<epochs {
        let loss = try ((part2NetworksSinePredict(x, weights, tanh: true) - y) ** 2).mean()
        losses.append(try loss.item())
        try loss.backward()
        try part2NetworksSineStep(weights, lr)
    }
    return losses
}

func sineWideLosses(_ seed: Int, _ hidden: Int, _ lr: Double, _ epochs: Int) throws -> [Double] {
    manualSeed(UInt64(seed))
    let x = try part2NetworksSineInputs(), y = try x.sin()
    let weights = try part2NetworksSineWeights(hidden)
    var losses: [Double] = []
    for _ in 0..<epochs {
        let loss = try ((part2NetworksSinePredict(x, weights) - y) ** 2).mean()
        losses.append(try loss.item())
        try loss.backward()
        try part2NetworksSineStep(weights, lr)
    }
    return losses
}

func sineEarlyStop(_ seed: Int, _ threshold: Double, _ maxEpochs: Int) throws -> (epochs: Double, loss: Double) {
    manualSeed(UInt64(seed))
    let x = try part2NetworksSineInputs(), y = try x.sin()
    let weights = try part2NetworksSineWeights(10)
    var epochsRun = 0, lastLoss = Double.nan
    for epoch in 0..<maxEpochs {
        let loss = try ((part2NetworksSinePredict(x, weights) - y) ** 2).mean()
        (epochsRun, lastLoss) = (epoch + 1, try loss.item())
        if lastLoss < threshold { break }
        try loss.backward()
        try part2NetworksSineStep(weights, 1e-2)
    }
    return (Double(epochsRun), lastLoss)
}

func sineNoisyFit(_ seed: Int, _ noise: Double, _ epochs: Int) throws -> (losses: [Double], cleanLoss: Double) {
    manualSeed(UInt64(seed))
    let x = try part2NetworksSineInputs(), clean = try x.sin()
    let noisy = try clean + noise * Tensor.randnLike(clean)
    let weights = try part2NetworksSineWeights(10)
    var losses: [Double] = []
    for _ in 0..<epochs {
        let loss = try ((part2NetworksSinePredict(x, weights) - noisy) ** 2).mean()
        losses.append(try loss.item())
        try loss.backward()
        try part2NetworksSineStep(weights, 1e-2)
    }
    let cleanLoss = try noGrad { try ((part2NetworksSinePredict(x, weights) - clean) ** 2).mean() }
    return (losses, try cleanLoss.item())
}
