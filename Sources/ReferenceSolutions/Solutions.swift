// The reference solutions: what full marks look like. Only the grader links them (never
// the process that runs a student's code); CI grades them to prove every check gives
// full marks to a right answer.
import Autograd
import SolutionKit

func oneParameter(_ start: Double) throws -> (loss: Double, wGrad: Double) {
    let w = Tensor(start, requiresGrad: true)
    let loss = try (w * 3 - 10) ** 2
    try loss.backward()
    return (try loss.item(), try w.grad!.item())
}

func gradientIsNotTheUpdate(_ start: Double, _ lr: Double, _ steps: Int) throws -> [Double] {
    let w = Tensor(start, requiresGrad: true)
    return try (0..<steps).map { _ in
        try ((w * 3 - 10) ** 2).backward()
        try noGrad { try w -= lr * w.grad! }
        try w.grad!.zero_()
        return try w.item()
    }
}

func accumulation(_ value: Double) throws -> [Double] {
    let x = Tensor(value, requiresGrad: true)
    try (x ** 2).backward()
    let first = try x.grad!.item()
    try (2 * x).backward()
    let second = try x.grad!.item()
    try x.grad!.zero_()
    try (2 * x).backward()
    return [first, second, try x.grad!.item()]
}

func fitTwoParameters(_ xs: [Double], _ ys: [Double], _ lr: Double, _ epochs: Int) throws -> (w: Double, b: Double) {
    let (x, y) = (Tensor(xs), Tensor(ys))
    let w = Tensor(0.0, requiresGrad: true), b = Tensor(0.0, requiresGrad: true)
    for _ in 0..<epochs {
        try ((w * x + b - y) ** 2).mean().backward()
        try noGrad {
            try w -= lr * w.grad!
            try b -= lr * b.grad!
        }
        try w.grad!.zero_()
        try b.grad!.zero_()
    }
    return (try w.item(), try b.item())
}

func noZeroGradEffect() throws -> NoZeroGradEffect { .gradientsAccumulateAndTrainingBecomesUnstable }

func learningRates() throws -> (unstable: Double, slow: Double) { (0.5, 0.005) }

func storeLosses(_ xs: [Double], _ ys: [Double], _ lr: Double, _ epochs: Int) throws -> [Double] {
    let (x, y) = (Tensor(xs), Tensor(ys))
    let w = Tensor(0.0, requiresGrad: true), b = Tensor(0.0, requiresGrad: true)
    var losses: [Double] = []
    for _ in 0..<epochs {
        let loss = try ((w * x + b - y) ** 2).mean()
        try loss.backward()
        try noGrad {
            try w -= lr * w.grad!
            try b -= lr * b.grad!
        }
        try w.grad!.zero_()
        try b.grad!.zero_()
        losses.append(try loss.item())
    }
    return losses
}

func regressionData(_ seed: Int) throws -> (x: Tensor, y: Tensor) {
    manualSeed(UInt64(seed))
    let x = try Tensor.linspace(-1, 1, steps: 100).unsqueeze(1)
    return (x, try 2.0 * x + -1.0 + 0.1 * Tensor.randn([100, 1]))
}

func manualRegression(_ seed: Int, _ lr: Double, _ epochs: Int) throws -> (w: Double, b: Double) {
    let (x, y) = try regressionData(seed)
    let w = try Tensor.randn([1]), b = try Tensor.randn([1])
    for _ in 0..<epochs {
        let error = try w * x + b - y
        try w -= lr * ((2.0 / 100) * (error * x).sum())
        try b -= lr * ((2.0 / 100) * error.sum())
    }
    return (try w.item(), try b.item())
}

func twoFeatures(_ seed: Int) throws -> (w: [Double], b: Double) {
    manualSeed(UInt64(seed))
    let x = try Tensor.rand([100, 2]) * 2 - 1
    let y = try x.matmul(Tensor([1.5, -3.0])) + 0.5 + 0.1 * Tensor.randn([100])
    let w = try Tensor.randn([2]), b = try Tensor.randn([1])
    for _ in 0..<50 {
        let error = try x.matmul(w) + b - y
        try w -= 0.1 * ((2.0 / 100) * (x * error.unsqueeze(1)).sum(dim: 0))
        try b -= 0.1 * ((2.0 / 100) * error.sum())
    }
    return (try w.toArray(), try b.item())
}

func autogradSGD(_ seed: Int, _ lr: Double) throws -> (w: Double, b: Double) {
    let (x, y) = try regressionData(seed)
    let w = try Tensor.randn([1], requiresGrad: true), b = try Tensor.randn([1], requiresGrad: true)
    let optimizer = try SGD([w, b], lr: lr)
    for _ in 0..<50 {
        optimizer.zeroGrad()
        try ((w * x + b - y) ** 2).mean().backward()
        try optimizer.step()
    }
    return (try w.item(), try b.item())
}

func quadraticDescent(_ start: [Double], _ lr: Double, _ steps: Int) throws -> [Double] {
    let w = Tensor(start, requiresGrad: true)
    for _ in 0..<steps {
        let loss = try w ** 2 + 20
        if let g = w.grad { try g.zero_() }
        try loss.mean().backward()
        w.data = try w.data - lr * w.grad!
    }
    return try w.toArray()
}

func detachSharesMemory(_ values: [Double], _ newValue: Double) throws -> [Double] {
    let w = Tensor(values, requiresGrad: true)
    try w.detach().numpy().set(newValue, at: 0)
    return try w.toArray()
}

enum Square: CustomFunction {
    static let name = "SquareBackward"
    static func forward(_ ctx: FunctionContext, _ inputs: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(inputs[0])
        return try inputs[0] * inputs[0]
    }
    static func backward(_ ctx: FunctionContext, _ gradOutput: Tensor) throws -> [Tensor?] {
        [try gradOutput * 2 * ctx.savedTensors()[0]]
    }
}

/// The reference solutions: the grader runs them in its own process to know what each
/// call must return.
public let referenceSolutions = Solutions {
    $0.oneParameter = oneParameter
    $0.gradientIsNotTheUpdate = gradientIsNotTheUpdate
    $0.accumulation = accumulation
    $0.fitTwoParameters = fitTwoParameters
    $0.noZeroGradEffect = noZeroGradEffect
    $0.learningRates = learningRates
    $0.storeLosses = storeLosses
    $0.manualRegression = manualRegression
    $0.twoFeatures = twoFeatures
    $0.autogradSGD = autogradSGD
    $0.quadraticDescent = quadraticDescent
    $0.detachSharesMemory = detachSharesMemory
    $0.customSquare = { try Square.apply($0) }
    $0.optimizersAtLearningRate = optimizersAtLearningRate
    $0.momentumLossCurves = momentumLossCurves
    $0.optimizersOnNoisyData = optimizersOnNoisyData
    $0.optimizerLearnedParameters = optimizerLearnedParameters
    $0.exponentialDecaySchedule = exponentialDecaySchedule
    $0.plateauSchedule = plateauSchedule
    $0.constantInitActivations = constantInitActivations
    $0.uniformInitActivations = uniformInitActivations
    $0.xavierDepthActivations = xavierDepthActivations
    $0.manualInitNetwork = manualInitNetwork
    $0.explodingGradientNorms = explodingGradientNorms
    $0.layerNormGradientNorms = layerNormGradientNorms
    $0.residualGradientNorms = residualGradientNorms
    $0.introductionLearningRateLosses = introductionLearningRateLosses
    $0.introductionNoisyFit = introductionNoisyFit
    $0.introductionLongerTraining = introductionLongerTraining
    $0.introductionPrediction = introductionPrediction
    $0.minibatchSizeLosses = minibatchSizeLosses
    $0.minibatchLargeDataset = minibatchLargeDataset
    $0.minibatchNoisyData = minibatchNoisyData
    $0.landscapeDescentPath = landscapeDescentPath
    $0.landscapeSliceLosses = landscapeSliceLosses
    $0.gradientCheckQuadratic = gradientCheckQuadratic
    $0.gradientCheckLossSweep = gradientCheckLossSweep
    $0.gradientCheckStepSizes = gradientCheckStepSizes
    $0.activationDerivatives = activationDerivatives
    $0.activationSineFit = activationSineFit
    $0.swishCurve = swishCurve
    $0.miniBatchLossCurve = miniBatchLossCurve
    $0.standardizedFit = standardizedFit
    $0.weightDecayFit = weightDecayFit
    $0.dropoutDepthFit = dropoutDepthFit
    $0.weightDecayDropoutFit = weightDecayDropoutFit
    $0.moonsTanhMLP = moonsTanhMLP
    $0.moonsSigmoidMLP = moonsSigmoidMLP
    $0.moonsWideMLP = moonsWideMLP
    $0.moonsLinearAdam = moonsLinearAdam
    $0.forwardBackwardGradients = forwardBackwardGradients
    $0.forwardBackwardWeightSweep = forwardBackwardWeightSweep
    $0.sineTanhLosses = sineTanhLosses
    $0.sineWideLosses = sineWideLosses
    $0.sineEarlyStop = sineEarlyStop
    $0.sineNoisyFit = sineNoisyFit
}
