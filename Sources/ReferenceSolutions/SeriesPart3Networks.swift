// The reference solutions of the exercises of "Learn the Training Loop with PyTorch", Parts 3.3 and 3.4:
// what full marks look like. Only the grader links them; CI grades them as one student's file.
import Autograd
import SolutionKit

// MARK: Part 3.3: Weight Initialization

/// After each layer of `layers`, `x = relu(layer(x))`; the mean and the (unbiased) standard
/// deviation of every layer's activations.
private func part3NetworksActivationStatistics(_ layers: [Linear], _ input: Tensor) throws -> (mean: [Double], std: [Double]) {
    var x = input
    var means: [Double] = [], stds: [Double] = []
    for layer in layers {
        x = try layer(x).relu()
        means.append(try x.mean().item())
        stds.append(try x.std().item())
    }
    return (means, stds)
}

func constantInitActivations(_ seed: Int, _ value: Double, _ layers: Int) throws -> (mean: [Double], std: [Double]) {
    manualSeed(UInt64(seed))
    let stack = try (0..<layers).map { _ in
        let layer = try Linear(128, 128)
        try Init.constant(layer.weight, value)
        try Init.zeros(layer.bias!)
        return layer
    }
    let x = try Tensor.randn(100, 128)
    return try part3NetworksActivationStatistics(stack, x)
}

func uniformInitActivations(_ seed: Int, _ bound: Double, _ layers: Int) throws -> (mean: [Double], std: [Double]) {
    manualSeed(UInt64(seed))
    let stack = try (0..<layers).map { _ in
        let layer = try Linear(128, 128)
        try Init.uniform(layer.weight, -bound, bound)
        try Init.zeros(layer.bias!)
        return layer
    }
    let x = try Tensor.randn(100, 128)
    return try part3NetworksActivationStatistics(stack, x)
}

func xavierDepthActivations(_ seed: Int, _ layers: Int) throws -> (mean: [Double], std: [Double]) {
    manualSeed(UInt64(seed))
    let stack = try (0..<layers).map { _ in
        let layer = try Linear(128, 128)
        try Init.xavierUniform(layer.weight)
        try Init.zeros(layer.bias!)
        return layer
    }
    let x = try Tensor.randn(100, 128)
    return try part3NetworksActivationStatistics(stack, x)
}

/// 64 → 128 → 64 → 10: He (Kaiming) uniform for the two ReLU layers, Xavier for the last.
private final class Part3NetworksManualInitNet: Module {
    var isTraining = true
    let fc1: Linear, fc2: Linear, fc3: Linear

    init() throws {
        fc1 = try Linear(64, 128)
        fc2 = try Linear(128, 64)
        fc3 = try Linear(64, 10)
        try Init.kaimingUniform(fc1.weight, nonlinearity: "relu")
        try Init.kaimingUniform(fc2.weight, nonlinearity: "relu")
        try Init.xavierUniform(fc3.weight)
    }

    var children: [(String, any Module)] { [("fc1", fc1), ("fc2", fc2), ("fc3", fc3)] }

    func forward(_ input: Tensor) throws -> Tensor {
        try fc3(fc2(fc1(input).relu()).relu())
    }
}

func manualInitNetwork(_ seed: Int) throws -> (weightStd: [Double], output: [Double]) {
    manualSeed(UInt64(seed))
    let model = try Part3NetworksManualInitNet()
    let weightStd = try [model.fc1, model.fc2, model.fc3].map { try $0.weight.std().item() }
    let output = try noGrad { try model(Tensor.randn(1, 64)) }
    return (weightStd, try output.toArray())
}

// MARK: Part 3.4: Deeper Networks and Backprop Challenges

/// `x` through `blocks`, `activation` after each; the mean squared error against `target`,
/// one backward pass, and the norm of each of `weights`' weight gradient.
private func part3NetworksGradientNorms(
    _ x: Tensor, _ target: Tensor, through blocks: [any Module], weights: [Linear],
    activation: (Tensor) throws -> Tensor
) throws -> [Double] {
    var h = x
    for block in blocks {
        h = try activation(block(h))
    }
    try (h - target).pow(2).mean().backward()
    return try weights.map { try $0.weight.grad!.norm().item() }
}

func explodingGradientNorms(_ seed: Int, _ std: Double, _ depth: Int) throws -> (activations: [Double], gradients: [Double]) {
    manualSeed(UInt64(seed))
    let layers = try (0..<depth).map { _ in try Linear(32, 32) }
    for layer in layers {
        try Init.normal(layer.weight, std: std)
        try Init.zeros(layer.bias!)
    }
    let x = try Tensor.randn(16, 32)
    let target = try Tensor.randn(16, 32)
    var h = x
    var activations: [Double] = []
    for layer in layers {
        h = try layer(h).relu()
        activations.append(try h.detach().norm().item())
    }
    try (h - target).pow(2).mean().backward()
    let gradients = try layers.map { try $0.weight.grad!.norm().item() }
    return (activations, gradients)
}

func layerNormGradientNorms(_ seed: Int, _ depth: Int) throws -> (sigmoid: [Double], layerNorm: [Double]) {
    manualSeed(UInt64(seed))
    // The plain sigmoid network (the post's first demo).
    let plain = try (0..<depth).map { _ in try Linear(32, 32) }
    let x = try Tensor.randn(16, 32)
    let target = try Tensor.randn(16, 32)
    let sigmoidNorms = try part3NetworksGradientNorms(x, target, through: plain, weights: plain, activation: { try $0.sigmoid() })
    // The same shape with a LayerNorm after each linear layer, on new inputs and targets.
    let linears = try (0..<depth).map { _ in try Linear(32, 32) }
    let blocks = try linears.map { Sequential($0, try LayerNorm(32)) }
    let x2 = try Tensor.randn(16, 32)
    let target2 = try Tensor.randn(16, 32)
    let layerNormNorms = try part3NetworksGradientNorms(x2, target2, through: blocks, weights: linears, activation: { try $0.sigmoid() })
    return (sigmoidNorms, layerNormNorms)
}

/// A residual (skip) connection around any module: `coreLayer(x) + x`.
private final class Part3NetworksResidualBlock: Module {
    var isTraining = true
    let coreLayer: any Module

    init(_ coreLayer: any Module) { self.coreLayer = coreLayer }

    var children: [(String, any Module)] { [("core_layer", coreLayer)] }

    func forward(_ input: Tensor) throws -> Tensor { try coreLayer(input) + input }
}

func residualGradientNorms(_ seed: Int, _ depth: Int) throws -> (plain: [Double], residual: [Double]) {
    manualSeed(UInt64(seed))
    let layers = try (0..<depth).map { _ in try Linear(32, 32) }
    let x = try Tensor.randn(16, 32)
    let target = try Tensor.randn(16, 32)
    // The layers stacked as they are, then the same layers each inside a residual block.
    let plain = try part3NetworksGradientNorms(x, target, through: layers, weights: layers, activation: { $0 })
    for layer in layers { layer.zeroGrad() }
    let blocks = layers.map { Part3NetworksResidualBlock($0) }
    let residual = try part3NetworksGradientNorms(x, target, through: blocks, weights: layers, activation: { $0 })
    return (plain, residual)
}
