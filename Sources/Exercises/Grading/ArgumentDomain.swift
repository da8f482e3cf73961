import SolutionKit

/// The arguments each function of ``Solutions`` can be graded on: what the reference
/// computes in bounded time and memory, and what the exercise is about. Hidden checks are
/// validated against it when they are loaded, so that nothing in one can crash or stall
/// the grader, and a bad one is named with its field.
struct ArgumentDomain {
    /// What one argument may be.
    enum Rule {
        /// A finite number in the range.
        case number(ClosedRange<Double>)
        /// A whole number in the range.
        case integer(ClosedRange<Int>)
        /// A list of finite numbers in the range, with a length in `count`.
        case numbers(ClosedRange<Double>, count: ClosedRange<Int>)
        /// A list as long as the argument at this position (0-based).
        case sameLength(as: Int, ClosedRange<Double>)
    }

    /// The rules, one per argument.
    let rules: [Rule]

    /// Values that stay far from overflow in float32 and in the reference's arithmetic.
    static let values = -1e6...1e6
    /// A learning rate: positive and at most 10 (beyond, every exercise diverges at once).
    static let learningRate = 1e-6...10.0
    /// A seed for manualSeed.
    static let seed = 0...Int(Int32.max)

    /// The domain of `function`'s arguments.
    static func of(_ function: SolutionFunction) -> ArgumentDomain {
        switch function {
        case .oneParameter, .accumulation: ArgumentDomain(rules: [.number(values)])
        case .gradientIsNotTheUpdate: ArgumentDomain(rules: [.number(values), .number(learningRate), .integer(1...10_000)])
        case .fitTwoParameters, .storeLosses:
            ArgumentDomain(rules: [.numbers(values, count: 1...10_000), .sameLength(as: 0, values), .number(learningRate), .integer(1...100_000)])
        case .noZeroGradEffect, .learningRates: ArgumentDomain(rules: [])
        case .manualRegression: ArgumentDomain(rules: [.integer(seed), .number(learningRate), .integer(1...10_000)])
        case .twoFeatures: ArgumentDomain(rules: [.integer(seed)])
        case .autogradSGD: ArgumentDomain(rules: [.integer(seed), .number(learningRate)])
        case .quadraticDescent: ArgumentDomain(rules: [.numbers(values, count: 1...10_000), .number(learningRate), .integer(1...100_000)])
        case .detachSharesMemory: ArgumentDomain(rules: [.numbers(values, count: 1...10_000), .number(values)])
        case .customSquare: ArgumentDomain(rules: [.numbers(values, count: 1...10_000), .sameLength(as: 0, values)])
        case .customSquareGradcheck: ArgumentDomain(rules: [.numbers(values, count: 1...100)])
        case .optimizersAtLearningRate: ArgumentDomain(rules: [.integer(seed), .number(learningRate), .integer(1...500)])
        case .momentumLossCurves: ArgumentDomain(rules: [.integer(seed), .number(learningRate), .number(0...0.99), .integer(1...500)])
        case .optimizersOnNoisyData, .optimizerLearnedParameters: ArgumentDomain(rules: [.integer(seed), .number(0...10), .integer(1...500)])
        case .exponentialDecaySchedule: ArgumentDomain(rules: [.integer(seed), .number(0.01...1), .integer(2...500)])
        case .plateauSchedule: ArgumentDomain(rules: [.integer(seed), .integer(0...1_000), .number(0.01...0.99), .integer(1...1_000)])
        case .constantInitActivations, .uniformInitActivations: ArgumentDomain(rules: [.integer(seed), .number(-1...1), .integer(1...16)])
        case .xavierDepthActivations: ArgumentDomain(rules: [.integer(seed), .integer(1...16)])
        case .manualInitNetwork: ArgumentDomain(rules: [.integer(seed)])
        case .explodingGradientNorms: ArgumentDomain(rules: [.integer(seed), .number(0...3), .integer(1...6)])
        case .layerNormGradientNorms, .residualGradientNorms: ArgumentDomain(rules: [.integer(seed), .integer(1...32)])
        case .introductionLearningRateLosses: ArgumentDomain(rules: [.integer(seed), .number(learningRate), .integer(1...1_000)])
        case .introductionNoisyFit: ArgumentDomain(rules: [.integer(seed), .number(0...100), .integer(1...1_000)])
        case .introductionLongerTraining: ArgumentDomain(rules: [.integer(seed), .integer(1...1_000)])
        case .introductionPrediction: ArgumentDomain(rules: [.integer(seed), .number(values), .integer(1...1_000)])
        case .minibatchSizeLosses: ArgumentDomain(rules: [.integer(seed), .integer(1...100), .integer(1...100), .number(learningRate)])
        case .minibatchLargeDataset: ArgumentDomain(rules: [.integer(seed), .integer(2...20_000), .integer(1...3)])
        case .minibatchNoisyData: ArgumentDomain(rules: [.integer(seed), .number(0...100), .integer(1...10)])
        case .landscapeDescentPath: ArgumentDomain(rules: [.integer(seed), .number(-1e3...1e3), .number(-1e3...1e3)])
        case .landscapeSliceLosses: ArgumentDomain(rules: [.integer(seed), .number(values)])
        case .gradientCheckQuadratic: ArgumentDomain(rules: [.integer(seed)])
        case .gradientCheckLossSweep: ArgumentDomain(rules: [.integer(seed), .integer(2...1_000)])
        case .gradientCheckStepSizes: ArgumentDomain(rules: [.integer(seed), .numbers(1e-8...1.0, count: 1...100)])
        case .activationDerivatives, .swishCurve: ArgumentDomain(rules: [.number(-100...100), .number(-100...100), .integer(1...10_000)])
        case .activationSineFit: ArgumentDomain(rules: [.integer(seed), .integer(1...1_000)])
        case .miniBatchLossCurve: ArgumentDomain(rules: [.integer(seed), .integer(1...100), .integer(1...100)])
        case .standardizedFit: ArgumentDomain(rules: [.integer(seed), .integer(2...1_000), .integer(1...100)])
        case .weightDecayFit: ArgumentDomain(rules: [.integer(seed), .number(0...10), .integer(1...1_000)])
        case .dropoutDepthFit: ArgumentDomain(rules: [.integer(seed), .integer(0...6), .integer(1...500)])
        case .weightDecayDropoutFit: ArgumentDomain(rules: [.integer(seed), .number(0...10), .integer(1...500)])
        case .moonsTanhMLP, .moonsSigmoidMLP: ArgumentDomain(rules: [.integer(seed), .integer(1...2_000)])
        case .moonsWideMLP: ArgumentDomain(rules: [.integer(seed), .integer(1...256), .integer(1...2_000)])
        case .moonsLinearAdam: ArgumentDomain(rules: [.integer(seed), .number(learningRate), .integer(1...2_000)])
        case .forwardBackwardGradients: ArgumentDomain(rules: [.integer(seed), .numbers(values, count: 3...3), .number(values)])
        case .forwardBackwardWeightSweep: ArgumentDomain(rules: [.integer(seed), .integer(0...3), .integer(1...10_000)])
        case .sineTanhLosses: ArgumentDomain(rules: [.integer(seed), .number(learningRate), .integer(1...2_000)])
        case .sineWideLosses: ArgumentDomain(rules: [.integer(seed), .integer(1...256), .number(learningRate), .integer(1...2_000)])
        case .sineEarlyStop: ArgumentDomain(rules: [.integer(seed), .number(values), .integer(1...2_000)])
        case .sineNoisyFit: ArgumentDomain(rules: [.integer(seed), .number(0...100), .integer(1...2_000)])
        }
    }

    /// What is wrong with `arguments` (the first problem, naming the argument), or nil.
    func problem(_ arguments: [Value]) -> String? {
        guard arguments.count == rules.count else { return "\(rules.count) arguments are expected, got \(arguments.count)" }
        for (index, (rule, value)) in zip(rules, arguments).enumerated() {
            let name = "argument \(index + 1)"
            switch (rule, value) {
            case (.number(let range), .number(let x)):
                guard x.isFinite, range.contains(x) else { return "\(name) must be a finite number in \(range.lowerBound)...\(range.upperBound), got \(x)" }
            case (.integer(let range), .integer(let n)):
                guard range.contains(n) else { return "\(name) must be a whole number in \(range.lowerBound)...\(range.upperBound), got \(n)" }
            case (.numbers(let range, let count), .numbers(let xs)):
                guard count.contains(xs.count) else { return "\(name) must hold \(count.lowerBound) to \(count.upperBound) numbers, got \(xs.count)" }
                guard xs.allSatisfy({ $0.isFinite && range.contains($0) }) else {
                    return "\(name) must hold finite numbers in \(range.lowerBound)...\(range.upperBound)"
                }
            case (.sameLength(let other, let range), .numbers(let xs)):
                guard case .numbers(let first) = arguments[other], xs.count == first.count else {
                    return "\(name) must hold as many numbers as argument \(other + 1)"
                }
                guard xs.allSatisfy({ $0.isFinite && range.contains($0) }) else {
                    return "\(name) must hold finite numbers in \(range.lowerBound)...\(range.upperBound)"
                }
            default:
                return "\(name) has the wrong kind"
            }
        }
        return nil
    }
}
