import Autograd
import GradCheck

/// The functions of ``Solutions`` by name, and how the grader calls each one: the
/// arguments arrive as ``Value``s and the answer leaves as ``Value``s, so that the
/// student's process needs nothing of the grader but this table.
public enum SolutionFunction: String, Codable, Sendable, CaseIterable {
    /// `oneParameter(start)`.
    case oneParameter
    /// `gradientIsNotTheUpdate(start, lr, steps)`.
    case gradientIsNotTheUpdate
    /// `accumulation(value)`.
    case accumulation
    /// `fitTwoParameters(x, y, lr, epochs)`.
    case fitTwoParameters
    /// `noZeroGradEffect()`.
    case noZeroGradEffect
    /// `learningRates()`.
    case learningRates
    /// `storeLosses(x, y, lr, epochs)`.
    case storeLosses
    /// `manualRegression(seed, lr, epochs)`.
    case manualRegression
    /// `twoFeatures(seed)`.
    case twoFeatures
    /// `autogradSGD(seed, lr)`.
    case autogradSGD
    /// `quadraticDescent(start, lr, steps)`.
    case quadraticDescent
    /// `detachSharesMemory(values, newValue)`.
    case detachSharesMemory
    /// `customSquare` at the points of the first argument; backward with the second as
    /// the output's gradient. Answers the forward values, the input's gradient, and what
    /// made the output (``customFunctionMark`` when a custom function lies on its way to
    /// the input, so that its hand-written backward is what ran).
    case customSquare
    /// gradcheck on `customSquare` at the given points, in the student's process: its
    /// first failure message (empty when it passes), for the feedback only.
    case customSquareGradcheck

    /// `optimizersAtLearningRate(seed, lr, epochs)`.
    case optimizersAtLearningRate
    /// `momentumLossCurves(seed, lr, momentum, epochs)`.
    case momentumLossCurves
    /// `optimizersOnNoisyData(seed, noise, epochs)`.
    case optimizersOnNoisyData
    /// `optimizerLearnedParameters(seed, noise, epochs)`.
    case optimizerLearnedParameters
    /// `exponentialDecaySchedule(seed, gamma, epochs)`.
    case exponentialDecaySchedule
    /// `plateauSchedule(seed, patience, factor, epochs)`.
    case plateauSchedule
    /// `constantInitActivations(seed, value, layers)`.
    case constantInitActivations
    /// `uniformInitActivations(seed, bound, layers)`.
    case uniformInitActivations
    /// `xavierDepthActivations(seed, layers)`.
    case xavierDepthActivations
    /// `manualInitNetwork(seed)`.
    case manualInitNetwork
    /// `explodingGradientNorms(seed, std, depth)`.
    case explodingGradientNorms
    /// `layerNormGradientNorms(seed, depth)`.
    case layerNormGradientNorms
    /// `residualGradientNorms(seed, depth)`.
    case residualGradientNorms
    /// `introductionLearningRateLosses(seed, lr, epochs)`.
    case introductionLearningRateLosses
    /// `introductionNoisyFit(seed, noise, epochs)`.
    case introductionNoisyFit
    /// `introductionLongerTraining(seed, epochs)`.
    case introductionLongerTraining
    /// `introductionPrediction(seed, x, epochs)`.
    case introductionPrediction
    /// `minibatchSizeLosses(seed, batchSize, epochs, lr)`.
    case minibatchSizeLosses
    /// `minibatchLargeDataset(seed, n, epochs)`.
    case minibatchLargeDataset
    /// `minibatchNoisyData(seed, noise, epochs)`.
    case minibatchNoisyData
    /// `landscapeDescentPath(seed, wStart, bStart)`.
    case landscapeDescentPath
    /// `landscapeSliceLosses(seed, bFixed)`.
    case landscapeSliceLosses
    /// `gradientCheckQuadratic(seed)`.
    case gradientCheckQuadratic
    /// `gradientCheckLossSweep(seed, points)`.
    case gradientCheckLossSweep
    /// `gradientCheckStepSizes(seed, steps)`.
    case gradientCheckStepSizes
    /// `activationDerivatives(low, high, steps)`.
    case activationDerivatives
    /// `activationSineFit(seed, epochs)`.
    case activationSineFit
    /// `swishCurve(low, high, steps)`.
    case swishCurve
    /// `miniBatchLossCurve(seed, batchSize, epochs)`.
    case miniBatchLossCurve
    /// `standardizedFit(seed, samples, epochs)`.
    case standardizedFit
    /// `weightDecayFit(seed, l2, epochs)`.
    case weightDecayFit
    /// `dropoutDepthFit(seed, hiddenLayers, epochs)`.
    case dropoutDepthFit
    /// `weightDecayDropoutFit(seed, l2, epochs)`.
    case weightDecayDropoutFit
    /// `moonsTanhMLP(seed, epochs)`.
    case moonsTanhMLP
    /// `moonsSigmoidMLP(seed, epochs)`.
    case moonsSigmoidMLP
    /// `moonsWideMLP(seed, hidden, epochs)`.
    case moonsWideMLP
    /// `moonsLinearAdam(seed, lr, epochs)`.
    case moonsLinearAdam
    /// `forwardBackwardGradients(seed, sample, target)`.
    case forwardBackwardGradients
    /// `forwardBackwardWeightSweep(seed, column, steps)`.
    case forwardBackwardWeightSweep
    /// `sineTanhLosses(seed, lr, epochs)`.
    case sineTanhLosses
    /// `sineWideLosses(seed, hidden, lr, epochs)`.
    case sineWideLosses
    /// `sineEarlyStop(seed, threshold, maxEpochs)`.
    case sineEarlyStop
    /// `sineNoisyFit(seed, noise, epochs)`.
    case sineNoisyFit
    /// The kinds of its arguments, in order (hidden checks are read with them).
    public var parameters: [ValueKind] {
        switch self {
        case .oneParameter, .accumulation: [.number]
        case .gradientIsNotTheUpdate: [.number, .number, .integer]
        case .fitTwoParameters, .storeLosses: [.numbers, .numbers, .number, .integer]
        case .noZeroGradEffect, .learningRates: []
        case .manualRegression: [.integer, .number, .integer]
        case .twoFeatures: [.integer]
        case .autogradSGD: [.integer, .number]
        case .quadraticDescent: [.numbers, .number, .integer]
        case .detachSharesMemory: [.numbers, .number]
        case .customSquare: [.numbers, .numbers]
        case .customSquareGradcheck: [.numbers]
        case .optimizersAtLearningRate, .optimizersOnNoisyData, .optimizerLearnedParameters, .exponentialDecaySchedule: [.integer, .number, .integer]
        case .momentumLossCurves: [.integer, .number, .number, .integer]
        case .plateauSchedule: [.integer, .integer, .number, .integer]
        case .constantInitActivations, .uniformInitActivations: [.integer, .number, .integer]
        case .xavierDepthActivations: [.integer, .integer]
        case .manualInitNetwork: [.integer]
        case .explodingGradientNorms: [.integer, .number, .integer]
        case .layerNormGradientNorms, .residualGradientNorms: [.integer, .integer]
        case .introductionLearningRateLosses, .introductionNoisyFit, .introductionPrediction: [.integer, .number, .integer]
        case .introductionLongerTraining: [.integer, .integer]
        case .minibatchSizeLosses: [.integer, .integer, .integer, .number]
        case .minibatchLargeDataset: [.integer, .integer, .integer]
        case .minibatchNoisyData: [.integer, .number, .integer]
        case .landscapeDescentPath: [.integer, .number, .number]
        case .landscapeSliceLosses: [.integer, .number]
        case .gradientCheckQuadratic: [.integer]
        case .gradientCheckLossSweep: [.integer, .integer]
        case .gradientCheckStepSizes: [.integer, .numbers]
        case .activationDerivatives, .swishCurve: [.number, .number, .integer]
        case .activationSineFit: [.integer, .integer]
        case .miniBatchLossCurve, .standardizedFit, .dropoutDepthFit: [.integer, .integer, .integer]
        case .weightDecayFit, .weightDecayDropoutFit: [.integer, .number, .integer]
        case .moonsTanhMLP, .moonsSigmoidMLP: [.integer, .integer]
        case .moonsWideMLP: [.integer, .integer, .integer]
        case .moonsLinearAdam: [.integer, .number, .integer]
        case .forwardBackwardGradients: [.integer, .numbers, .number]
        case .forwardBackwardWeightSweep: [.integer, .integer, .integer]
        case .sineTanhLosses: [.integer, .number, .integer]
        case .sineWideLosses: [.integer, .integer, .number, .integer]
        case .sineEarlyStop: [.integer, .number, .integer]
        case .sineNoisyFit: [.integer, .number, .integer]
        }
    }

    /// Calls the function on `solutions` with `arguments` and returns its answer.
    public func call(on s: Solutions, with arguments: [Value]) throws -> [Value] {
        let a = Arguments(values: arguments, function: self)
        switch self {
        case .oneParameter:
            let r = try s.oneParameter(a.number(0))
            return [.number(r.loss), .number(r.wGrad)]
        case .gradientIsNotTheUpdate:
            return [.numbers(try s.gradientIsNotTheUpdate(a.number(0), a.number(1), a.integer(2)))]
        case .accumulation:
            return [.numbers(try s.accumulation(a.number(0)))]
        case .fitTwoParameters:
            let r = try s.fitTwoParameters(a.numbers(0), a.numbers(1), a.number(2), a.integer(3))
            return [.number(r.w), .number(r.b)]
        case .noZeroGradEffect:
            return [.text(try s.noZeroGradEffect().rawValue)]
        case .learningRates:
            let r = try s.learningRates()
            return [.number(r.unstable), .number(r.slow)]
        case .storeLosses:
            return [.numbers(try s.storeLosses(a.numbers(0), a.numbers(1), a.number(2), a.integer(3)))]
        case .manualRegression:
            let r = try s.manualRegression(a.integer(0), a.number(1), a.integer(2))
            return [.number(r.w), .number(r.b)]
        case .twoFeatures:
            let r = try s.twoFeatures(a.integer(0))
            return [.numbers(r.w), .number(r.b)]
        case .autogradSGD:
            let r = try s.autogradSGD(a.integer(0), a.number(1))
            return [.number(r.w), .number(r.b)]
        case .quadraticDescent:
            return [.numbers(try s.quadraticDescent(a.numbers(0), a.number(1), a.integer(2)))]
        case .detachSharesMemory:
            return [.numbers(try s.detachSharesMemory(a.numbers(0), a.number(1)))]
        case .customSquare:
            let points = try a.numbers(0), gradOutput = try a.numbers(1)
            let x = try Tensor(shape: [points.count], values: points, dtype: .float64, requiresGrad: true)
            let y = try s.customSquare(x)
            let forward = try y.toArray()
            let madeBy: Value = .text(
                SolutionFunction.reachesCustomFunction(y.gradFn)
                    ? SolutionFunction.customFunctionMark
                    : "built-in ops (grad_fn \(y.gradFn?.name ?? "none"))")
            guard y.requiresGrad else { return [.numbers(forward), .numbers([]), madeBy] }
            try y.backward(gradient: Tensor(shape: [gradOutput.count], values: gradOutput, dtype: .float64))
            return [.numbers(forward), .numbers(try x.grad?.toArray() ?? []), madeBy]
        case .customSquareGradcheck:
            let x = try Tensor(shape: [try a.numbers(0).count], values: a.numbers(0), dtype: .float64, requiresGrad: true)
            let report = try gradcheckReport({ [try s.customSquare($0[0])] }, inputs: [x])
            return [.text(report.failures.first ?? "")]
        case .moonsTanhMLP:
            let r = try s.moonsTanhMLP(a.integer(0), a.integer(1))
            return [.numbers(r.losses), .number(r.accuracy)]
        case .moonsSigmoidMLP:
            let r = try s.moonsSigmoidMLP(a.integer(0), a.integer(1))
            return [.numbers(r.losses), .number(r.accuracy)]
        case .moonsWideMLP:
            let r = try s.moonsWideMLP(a.integer(0), a.integer(1), a.integer(2))
            return [.numbers(r.losses), .number(r.accuracy)]
        case .moonsLinearAdam:
            let r = try s.moonsLinearAdam(a.integer(0), a.number(1), a.integer(2))
            return [.numbers(r.losses), .number(r.accuracy)]
        case .forwardBackwardGradients:
            let r = try s.forwardBackwardGradients(a.integer(0), a.numbers(1), a.number(2))
            return [.number(r.loss), .numbers(r.layer1), .numbers(r.layer2)]
        case .forwardBackwardWeightSweep:
            let r = try s.forwardBackwardWeightSweep(a.integer(0), a.integer(1), a.integer(2))
            return [.numbers(r.weights), .numbers(r.losses), .number(r.restoredLoss)]
        case .sineTanhLosses:
            return [.numbers(try s.sineTanhLosses(a.integer(0), a.number(1), a.integer(2)))]
        case .sineWideLosses:
            return [.numbers(try s.sineWideLosses(a.integer(0), a.integer(1), a.number(2), a.integer(3)))]
        case .sineEarlyStop:
            let r = try s.sineEarlyStop(a.integer(0), a.number(1), a.integer(2))
            return [.number(r.epochs), .number(r.loss)]
        case .sineNoisyFit:
            let r = try s.sineNoisyFit(a.integer(0), a.number(1), a.integer(2))
            return [.numbers(r.losses), .number(r.cleanLoss)]
        case .activationDerivatives:
            let r = try s.activationDerivatives(a.number(0), a.number(1), a.integer(2))
            return [.numbers(r.relu), .numbers(r.sigmoid), .numbers(r.tanh)]
        case .activationSineFit:
            let r = try s.activationSineFit(a.integer(0), a.integer(1))
            return [.number(r.linear), .number(r.relu), .number(r.tanh)]
        case .swishCurve:
            let r = try s.swishCurve(a.number(0), a.number(1), a.integer(2))
            return [.numbers(r.values), .numbers(r.slopes)]
        case .miniBatchLossCurve:
            return [.numbers(try s.miniBatchLossCurve(a.integer(0), a.integer(1), a.integer(2)))]
        case .standardizedFit:
            let r = try s.standardizedFit(a.integer(0), a.integer(1), a.integer(2))
            return [.number(r.std), .number(r.weight), .number(r.bias)]
        case .weightDecayFit:
            let r = try s.weightDecayFit(a.integer(0), a.number(1), a.integer(2))
            return [.number(r.trainLoss), .number(r.testLoss), .number(r.weightNorm)]
        case .dropoutDepthFit:
            let r = try s.dropoutDepthFit(a.integer(0), a.integer(1), a.integer(2))
            return [.numbers(r.losses), .number(r.testLoss)]
        case .weightDecayDropoutFit:
            let r = try s.weightDecayDropoutFit(a.integer(0), a.number(1), a.integer(2))
            return [.numbers(r.losses), .number(r.testLoss), .number(r.weightNorm)]
        case .introductionLearningRateLosses:
            return [.numbers(try s.introductionLearningRateLosses(a.integer(0), a.number(1), a.integer(2)))]
        case .introductionNoisyFit:
            let r = try s.introductionNoisyFit(a.integer(0), a.number(1), a.integer(2))
            return [.number(r.w), .number(r.b), .number(r.loss)]
        case .introductionLongerTraining:
            let r = try s.introductionLongerTraining(a.integer(0), a.integer(1))
            return [.number(r.w), .number(r.b), .numbers(r.losses)]
        case .introductionPrediction:
            let r = try s.introductionPrediction(a.integer(0), a.number(1), a.integer(2))
            return [.number(r.w), .number(r.b), .number(r.prediction)]
        case .minibatchSizeLosses:
            return [.numbers(try s.minibatchSizeLosses(a.integer(0), a.integer(1), a.integer(2), a.number(3)))]
        case .minibatchLargeDataset:
            let r = try s.minibatchLargeDataset(a.integer(0), a.integer(1), a.integer(2))
            return [.number(r.batch), .number(r.minibatch)]
        case .minibatchNoisyData:
            let r = try s.minibatchNoisyData(a.integer(0), a.number(1), a.integer(2))
            return [.numbers(r.batch), .numbers(r.stochastic), .numbers(r.minibatch)]
        case .landscapeDescentPath:
            let r = try s.landscapeDescentPath(a.integer(0), a.number(1), a.number(2))
            return [.numbers(r.w), .numbers(r.b)]
        case .landscapeSliceLosses:
            return [.numbers(try s.landscapeSliceLosses(a.integer(0), a.number(1)))]
        case .gradientCheckQuadratic:
            let r = try s.gradientCheckQuadratic(a.integer(0))
            return [.numbers(r.analytical), .numbers(r.numerical)]
        case .gradientCheckLossSweep:
            let r = try s.gradientCheckLossSweep(a.integer(0), a.integer(1))
            return [.number(r.b), .numbers(r.losses)]
        case .gradientCheckStepSizes:
            let r = try s.gradientCheckStepSizes(a.integer(0), a.numbers(1))
            return [.number(r.analytical), .numbers(r.numerical)]
        case .constantInitActivations:
            let r = try s.constantInitActivations(a.integer(0), a.number(1), a.integer(2))
            return [.numbers(r.mean), .numbers(r.std)]
        case .uniformInitActivations:
            let r = try s.uniformInitActivations(a.integer(0), a.number(1), a.integer(2))
            return [.numbers(r.mean), .numbers(r.std)]
        case .xavierDepthActivations:
            let r = try s.xavierDepthActivations(a.integer(0), a.integer(1))
            return [.numbers(r.mean), .numbers(r.std)]
        case .manualInitNetwork:
            let r = try s.manualInitNetwork(a.integer(0))
            return [.numbers(r.weightStd), .numbers(r.output)]
        case .explodingGradientNorms:
            let r = try s.explodingGradientNorms(a.integer(0), a.number(1), a.integer(2))
            return [.numbers(r.activations), .numbers(r.gradients)]
        case .layerNormGradientNorms:
            let r = try s.layerNormGradientNorms(a.integer(0), a.integer(1))
            return [.numbers(r.sigmoid), .numbers(r.layerNorm)]
        case .residualGradientNorms:
            let r = try s.residualGradientNorms(a.integer(0), a.integer(1))
            return [.numbers(r.plain), .numbers(r.residual)]
        case .optimizersAtLearningRate:
            let r = try s.optimizersAtLearningRate(a.integer(0), a.number(1), a.integer(2))
            return [.number(r.sgd), .number(r.rmsprop), .number(r.adam)]
        case .momentumLossCurves:
            let r = try s.momentumLossCurves(a.integer(0), a.number(1), a.number(2), a.integer(3))
            return [.numbers(r.plain), .numbers(r.momentum)]
        case .optimizersOnNoisyData:
            let r = try s.optimizersOnNoisyData(a.integer(0), a.number(1), a.integer(2))
            return [.number(r.sgd), .number(r.rmsprop), .number(r.adam)]
        case .optimizerLearnedParameters:
            let r = try s.optimizerLearnedParameters(a.integer(0), a.number(1), a.integer(2))
            return [.numbers(r.w), .numbers(r.b)]
        case .exponentialDecaySchedule:
            let r = try s.exponentialDecaySchedule(a.integer(0), a.number(1), a.integer(2))
            return [.number(r.constant), .number(r.step), .number(r.exponential)]
        case .plateauSchedule:
            let r = try s.plateauSchedule(a.integer(0), a.integer(1), a.number(2), a.integer(3))
            return [.number(r.loss), .number(r.lr)]
        }
    }
}

extension SolutionFunction {
    /// What ``customSquare`` answers when a custom function made its output.
    public static let customFunctionMark = "a custom function"

    /// Whether a node recorded by a custom function lies on the graph below `node`.
    static func reachesCustomFunction(_ node: Node?) -> Bool {
        var stack = [node].compactMap { $0 }, seen = Set<ObjectIdentifier>()
        while let next = stack.popLast() {
            guard seen.insert(ObjectIdentifier(next)).inserted else { continue }
            if next.isCustomFunction { return true }
            stack += next.nextFunctions.compactMap { $0 }
        }
        return false
    }
}

/// A call's arguments, read by position and type.
struct Arguments {
    let values: [Value]
    let function: SolutionFunction

    func number(_ i: Int) throws -> Double {
        if case .number(let x) = try value(i) { return x }
        throw mismatch(i, "a number")
    }

    func numbers(_ i: Int) throws -> [Double] {
        if case .numbers(let xs) = try value(i) { return xs }
        throw mismatch(i, "a list of numbers")
    }

    func integer(_ i: Int) throws -> Int {
        if case .integer(let n) = try value(i) { return n }
        throw mismatch(i, "a whole number")
    }

    private func value(_ i: Int) throws -> Value {
        guard values.indices.contains(i) else { throw mismatch(i, "an argument") }
        return values[i]
    }

    private func mismatch(_ i: Int, _ expected: String) -> ArgumentMismatch {
        ArgumentMismatch(description: "\(function.rawValue): argument \(i + 1) must be \(expected)")
    }
}

/// The grader asked for a call with the wrong arguments (a fault of the grader's catalog,
/// never of the student).
public struct ArgumentMismatch: Error, CustomStringConvertible, Sendable {
    /// What is wrong.
    public let description: String
}

/// The kind of a ``Value``.
public enum ValueKind: String, Sendable {
    /// One number.
    case number
    /// A list of numbers.
    case numbers
    /// A whole number.
    case integer
}
