import Autograd

/// Thrown by a stub that the student has not written yet.
public struct Unattempted: Error, CustomStringConvertible, Sendable {
    /// Creates the marker.
    public init() {}
    /// "not attempted yet".
    public var description: String { "not attempted yet" }
}

/// What removing `zero_()` from Lab 4 does (the Autograd article, Exercise 2).
public enum NoZeroGradEffect: String, Sendable, CaseIterable {
    /// Nothing changes.
    case nothingChanges
    /// Gradients add up over epochs, so steps grow wrong and training becomes unstable.
    case gradientsAccumulateAndTrainingBecomesUnstable
    /// PyTorch raises an error.
    case pytorchRaisesAnError
}

/// A student's (or the reference's) answers to the hands-on exercises, one function each.
///
/// Every function starts as a stub that throws ``Unattempted``; a solutions file sets the
/// ones it has written:
///
/// ```swift
/// public let studentSolutions = Solutions {
///     $0.oneParameter = oneParameter
/// }
/// ```
///
/// A new exercise adds a property here with its stub as the default value, so files
/// written before it keep compiling. How the grader calls each property is in
/// ``SolutionFunction``.
public struct Solutions: Sendable {
    /// Autograd, Lab 1: `loss = (3w - 10)²` at `w` (the article's is 2); return the loss and `w.grad`.
    public var oneParameter: @Sendable (_ w: Double) throws -> (loss: Double, wGrad: Double) = { _ in throw Unattempted() }
    /// Autograd, Lab 2: `steps` steps of `w -= lr · w.grad` on `(3w - 10)²` from `start`; return `w` after each step.
    public var gradientIsNotTheUpdate: @Sendable (_ start: Double, _ lr: Double, _ steps: Int) throws -> [Double] = { _, _, _ in throw Unattempted() }
    /// Autograd, Lab 3: at `x`, backward of `x²`, of `2x`, then zero and backward of `2x`; return `x.grad` after each.
    public var accumulation: @Sendable (_ x: Double) throws -> [Double] = { _ in throw Unattempted() }
    /// Autograd, Lab 4 and Exercise 1: fit `w·x + b` to `y` by hand (MSE, gradients zeroed each epoch); return `w`, `b`.
    public var fitTwoParameters: @Sendable (_ x: [Double], _ y: [Double], _ lr: Double, _ epochs: Int) throws -> (w: Double, b: Double) = { _, _, _, _ in
        throw Unattempted()
    }
    /// Autograd, Exercise 2: what happens without `zero_()`?
    public var noZeroGradEffect: @Sendable () throws -> NoZeroGradEffect = { throw Unattempted() }
    /// Autograd, Exercise 3: of lr 0.5 and 0.005, which is unstable and which is slow?
    public var learningRates: @Sendable () throws -> (unstable: Double, slow: Double) = { throw Unattempted() }
    /// Autograd, Exercise 4: Lab 4's loop on `x`, `y` at `lr` for `epochs` epochs; return every epoch's loss, keeping no graph alive.
    public var storeLosses: @Sendable (_ x: [Double], _ y: [Double], _ lr: Double, _ epochs: Int) throws -> [Double] = { _, _, _, _ in throw Unattempted() }
    /// Learn the training loop, Exercise 1: the manual-gradient regression with `seed`, learning rate `lr`, `epochs` epochs; return `w`, `b`.
    public var manualRegression: @Sendable (_ seed: Int, _ lr: Double, _ epochs: Int) throws -> (w: Double, b: Double) = { _, _, _ in throw Unattempted() }
    /// Learn the training loop, Exercise 2: the two-feature regression with `seed`; return `w` (2 values) and `b`.
    public var twoFeatures: @Sendable (_ seed: Int) throws -> (w: [Double], b: Double) = { _ in throw Unattempted() }
    /// Learn the training loop, Exercise 3: Exercise 1's regression with autograd and `SGD` at `lr`; return `w`, `b`.
    public var autogradSGD: @Sendable (_ seed: Int, _ lr: Double) throws -> (w: Double, b: Double) = { _, _ in throw Unattempted() }
    /// Practical PyTorch fundamentals: `steps` steps of gradient descent at `lr` on `mean(w² + 20)` from `start`; return the final `w`.
    public var quadraticDescent: @Sendable (_ start: [Double], _ lr: Double, _ steps: Int) throws -> [Double] = { _, _, _ in throw Unattempted() }
    /// Practical PyTorch fundamentals: `w` from `values`, requiring grad; set element 0 to `newValue` through `w.detach()`; return `w`'s values.
    public var detachSharesMemory: @Sendable (_ values: [Double], _ newValue: Double) throws -> [Double] = { _, _ in throw Unattempted() }
    /// Understanding the autograd package: apply your `CustomFunction` computing `x²` with a hand-written backward.
    public var customSquare: @Sendable (Tensor) throws -> Tensor = { _ in throw Unattempted() }

    /// Part 3.1, Exercise 1: SGD, RMSprop (alpha 0.9) and Adam at `lr` on the line of `seed` for `epochs` epochs; return each one's last loss.
    public var optimizersAtLearningRate: @Sendable (_ seed: Int, _ lr: Double, _ epochs: Int) throws -> (sgd: Double, rmsprop: Double, adam: Double) = {
        _, _, _ in
        throw Unattempted()
    }
    /// Part 3.1, Exercise 2: SGD at `lr` without and with `momentum`, both from the same seeded start; return both runs' every-epoch losses.
    public var momentumLossCurves: @Sendable (_ seed: Int, _ lr: Double, _ momentum: Double, _ epochs: Int) throws -> (plain: [Double], momentum: [Double]) = {
        _, _, _, _ in throw Unattempted()
    }
    /// Part 3.1, Exercise 3: Exercise 1's three runs at lr 0.2 on data of noise deviation `noise`; return each one's last loss.
    public var optimizersOnNoisyData: @Sendable (_ seed: Int, _ noise: Double, _ epochs: Int) throws -> (sgd: Double, rmsprop: Double, adam: Double) = {
        _, _, _ in
        throw Unattempted()
    }
    /// Part 3.1, Exercise 4: Exercise 3's three runs; return the learned weights and biases of SGD, RMSprop and Adam.
    public var optimizerLearnedParameters: @Sendable (_ seed: Int, _ noise: Double, _ epochs: Int) throws -> (w: [Double], b: [Double]) = { _, _, _ in
        throw Unattempted()
    }
    /// Part 3.2, Exercise 1: SGD at 0.1 with a constant rate, `StepLR` (cut ×0.1 at `epochs / 2`) and `ExponentialLR(gamma)`; return each run's last loss.
    public var exponentialDecaySchedule:
        @Sendable (_ seed: Int, _ gamma: Double, _ epochs: Int) throws -> (constant: Double, step: Double, exponential: Double) = {
            _, _, _ in throw Unattempted()
        }
    /// Part 3.2, Exercise 2: SGD at 0.1 with `ReduceLROnPlateau(factor, patience)` for `epochs` epochs, in float64; return the last loss and the final learning rate.
    public var plateauSchedule: @Sendable (_ seed: Int, _ patience: Int, _ factor: Double, _ epochs: Int) throws -> (loss: Double, lr: Double) = { _, _, _, _ in
        throw Unattempted()
    }

    /// Part 3.3, Exercise 1: `layers` 128-wide ReLU layers with every weight `value` and zero biases, after `manualSeed(seed)`, on 100 normal inputs; return each layer's activation mean and standard deviation.
    public var constantInitActivations: @Sendable (_ seed: Int, _ value: Double, _ layers: Int) throws -> (mean: [Double], std: [Double]) = { _, _, _ in
        throw Unattempted()
    }
    /// Part 3.3, Exercise 2: Exercise 1 with weights uniform in `[-bound, bound)`; return each layer's activation mean and standard deviation.
    public var uniformInitActivations: @Sendable (_ seed: Int, _ bound: Double, _ layers: Int) throws -> (mean: [Double], std: [Double]) = { _, _, _ in
        throw Unattempted()
    }
    /// Part 3.3, Exercise 3: Exercise 1 with Xavier-uniform weights through `layers` layers; return each layer's activation mean and standard deviation.
    public var xavierDepthActivations: @Sendable (_ seed: Int, _ layers: Int) throws -> (mean: [Double], std: [Double]) = { _, _ in throw Unattempted() }
    /// Part 3.3, Exercise 4: the 64 → 128 → 64 → 10 network with Kaiming and Xavier inits, after `manualSeed(seed)`; return its weights' standard deviations and its output for one normal input.
    public var manualInitNetwork: @Sendable (_ seed: Int) throws -> (weightStd: [Double], output: [Double]) = { _ in throw Unattempted() }
    /// Part 3.4, Exercise 1: `depth` 32-wide ReLU layers with weights of standard deviation `std`; return each layer's output norm and weight-gradient norm.
    public var explodingGradientNorms: @Sendable (_ seed: Int, _ std: Double, _ depth: Int) throws -> (activations: [Double], gradients: [Double]) = {
        _, _, _ in
        throw Unattempted()
    }
    /// Part 3.4, Exercise 2: the weight-gradient norms of a `depth`-layer sigmoid network, then of one with a LayerNorm after each linear layer.
    public var layerNormGradientNorms: @Sendable (_ seed: Int, _ depth: Int) throws -> (sigmoid: [Double], layerNorm: [Double]) = { _, _ in throw Unattempted()
    }
    /// Part 3.4, Exercise 3: the weight-gradient norms of `depth` linear layers stacked plainly, then of the same layers each inside your residual block.
    public var residualGradientNorms: @Sendable (_ seed: Int, _ depth: Int) throws -> (plain: [Double], residual: [Double]) = { _, _ in throw Unattempted() }

    /// Part 1.1, Exercise 1: the post's line fitted by `SGD` at `lr` from `seed` (noise 0.5); return every epoch's loss.
    public var introductionLearningRateLosses: @Sendable (_ seed: Int, _ lr: Double, _ epochs: Int) throws -> [Double] = { _, _, _ in
        throw Unattempted()
    }
    /// Part 1.1, Exercise 2: the line fitted to data with noise `noise` (lr 0.05); return `w`, `b` and the last epoch's loss.
    public var introductionNoisyFit: @Sendable (_ seed: Int, _ noise: Double, _ epochs: Int) throws -> (w: Double, b: Double, loss: Double) = { _, _, _ in
        throw Unattempted()
    }
    /// Part 1.1, Exercise 3: the noisy fit (noise 2.0, lr 0.05) for `epochs` epochs; return `w`, `b` and the loss of every 10th epoch.
    public var introductionLongerTraining: @Sendable (_ seed: Int, _ epochs: Int) throws -> (w: Double, b: Double, losses: [Double]) = { _, _ in
        throw Unattempted()
    }
    /// Part 1.1, Exercise 4: the noisy fit for `epochs` epochs, then a prediction at `x`; return `w`, `b` and the prediction.
    public var introductionPrediction: @Sendable (_ seed: Int, _ x: Double, _ epochs: Int) throws -> (w: Double, b: Double, prediction: Double) = { _, _, _ in
        throw Unattempted()
    }
    /// Part 1.3, Exercise 1: shuffled mini-batches of `batchSize` on the post's 100 points at `lr`; return every epoch's loss.
    public var minibatchSizeLosses: @Sendable (_ seed: Int, _ batchSize: Int, _ epochs: Int, _ lr: Double) throws -> [Double] = { _, _, _, _ in
        throw Unattempted()
    }
    /// Part 1.3, Exercise 2: `n` points, batch against mini-batches of 64 for `epochs` epochs at lr 0.5; return each one's final loss on all points.
    public var minibatchLargeDataset: @Sendable (_ seed: Int, _ n: Int, _ epochs: Int) throws -> (batch: Double, minibatch: Double) = { _, _, _ in
        throw Unattempted()
    }
    /// Part 1.3, Exercise 3: data with extra noise `noise`, batch, stochastic and mini-batch runs; return each one's epoch losses.
    public var minibatchNoisyData:
        @Sendable (_ seed: Int, _ noise: Double, _ epochs: Int) throws -> (batch: [Double], stochastic: [Double], minibatch: [Double]) = {
            _, _, _ in throw Unattempted()
        }
    /// Part 1.4, Exercise 1: 15 steps of gradient descent from (`wStart`, `bStart`); return the path of `w` and of `b`.
    public var landscapeDescentPath: @Sendable (_ seed: Int, _ wStart: Double, _ bStart: Double) throws -> (w: [Double], b: [Double]) = { _, _, _ in
        throw Unattempted()
    }
    /// Part 1.4, Exercise 2: the loss at the 100 values of `linspace(0, 4, 100)` for `w`, `b` fixed at `bFixed`.
    public var landscapeSliceLosses: @Sendable (_ seed: Int, _ bFixed: Double) throws -> [Double] = { _, _ in throw Unattempted() }
    /// Part 1.5, Exercise 1: a parabola's gradients by autograd and by central differences (float64, h = 1e-5).
    public var gradientCheckQuadratic: @Sendable (_ seed: Int) throws -> (analytical: [Double], numerical: [Double]) = { _ in throw Unattempted() }
    /// Part 1.5, Exercise 2: `b` fixed at the third draw, the line's loss at `points` values of `w` from -4 to 4; return `b` and the losses.
    public var gradientCheckLossSweep: @Sendable (_ seed: Int, _ points: Int) throws -> (b: Double, losses: [Double]) = { _, _ in throw Unattempted() }
    /// Part 1.5, Exercise 3: the line's `w` gradient by autograd, and by central differences in float64 at each `h` of `steps`.
    public var gradientCheckStepSizes: @Sendable (_ seed: Int, _ steps: [Double]) throws -> (analytical: Double, numerical: [Double]) = { _, _ in
        throw Unattempted()
    }

    // Properties to add to `struct Solutions` (Sources/SolutionKit/Solutions.swift), after `customSquare`.

    /// Part 2.4, Exercise 1: ReLU's, sigmoid's and tanh's derivatives at `linspace(low, high, steps)`.
    public var activationDerivatives: @Sendable (_ low: Double, _ high: Double, _ steps: Int) throws -> (relu: [Double], sigmoid: [Double], tanh: [Double]) = {
        _, _, _ in throw Unattempted()
    }
    /// Part 2.4, Exercise 2: sin(x) fitted by Adam without activation, with ReLU and with tanh from `seed` for `epochs` steps; return each fit's mean squared error.
    public var activationSineFit: @Sendable (_ seed: Int, _ epochs: Int) throws -> (linear: Double, relu: Double, tanh: Double) = { _, _ in throw Unattempted()
    }
    /// Part 2.4, Exercise 3: Swish, `z·sigmoid(z)`, at `linspace(low, high, steps)`; return its values and its slopes.
    public var swishCurve: @Sendable (_ low: Double, _ high: Double, _ steps: Int) throws -> (values: [Double], slopes: [Double]) = { _, _, _ in
        throw Unattempted()
    }
    /// Part 2.5, Exercise 1: the toy line trained from `seed` with shuffled batches of `batchSize` for `epochs` passes; return each pass's mean batch loss.
    public var miniBatchLossCurve: @Sendable (_ seed: Int, _ batchSize: Int, _ epochs: Int) throws -> [Double] = { _, _, _ in throw Unattempted() }
    /// Part 2.5, Exercise 2: the toy data of `samples` points with standardized inputs, trained for `epochs` passes; return the std, the weight and the bias.
    public var standardizedFit: @Sendable (_ seed: Int, _ samples: Int, _ epochs: Int) throws -> (std: Double, weight: Double, bias: Double) = { _, _, _ in
        throw Unattempted()
    }
    /// Part 2.6, Exercise 1: TinyNet trained with weight decay `l2` from `seed` for `epochs` steps; return the train and test losses and the parameters' norm.
    public var weightDecayFit: @Sendable (_ seed: Int, _ l2: Double, _ epochs: Int) throws -> (trainLoss: Double, testLoss: Double, weightNorm: Double) = {
        _, _, _ in throw Unattempted()
    }
    /// Part 2.6, Exercise 2: `hiddenLayers` tanh layers with dropout trained from `seed` for `epochs` steps; return every step's loss and the test loss in eval mode.
    public var dropoutDepthFit: @Sendable (_ seed: Int, _ hiddenLayers: Int, _ epochs: Int) throws -> (losses: [Double], testLoss: Double) = { _, _, _ in
        throw Unattempted()
    }
    /// Part 2.6, Exercise 3: TinyNet with dropout and weight decay `l2` from `seed` for `epochs` steps; return every step's loss, the test loss in eval mode and the parameters' norm.
    public var weightDecayDropoutFit: @Sendable (_ seed: Int, _ l2: Double, _ epochs: Int) throws -> (losses: [Double], testLoss: Double, weightNorm: Double) =
        {
            _, _, _ in throw Unattempted()
        }

    /// Part 2.1, Exercise 1a: the moons MLP with tanh (8 units, Adam at 0.05) from `seed` for `epochs` steps; return every step's loss and the accuracy.
    public var moonsTanhMLP: @Sendable (_ seed: Int, _ epochs: Int) throws -> (losses: [Double], accuracy: Double) = { _, _ in throw Unattempted() }
    /// Part 2.1, Exercise 1b: the moons MLP with a sigmoid hidden layer (8 units, Adam at 0.05); return every step's loss and the accuracy.
    public var moonsSigmoidMLP: @Sendable (_ seed: Int, _ epochs: Int) throws -> (losses: [Double], accuracy: Double) = { _, _ in throw Unattempted() }
    /// Part 2.1, Exercise 2: the moons ReLU MLP with `hidden` units (Adam at 0.05); return every step's loss and the accuracy.
    public var moonsWideMLP: @Sendable (_ seed: Int, _ hidden: Int, _ epochs: Int) throws -> (losses: [Double], accuracy: Double) = { _, _, _ in
        throw Unattempted()
    }
    /// Part 2.1, Exercise 3: `Linear(2, 1)` and a sigmoid on the moons, Adam at `lr`; return every step's loss and the accuracy.
    public var moonsLinearAdam: @Sendable (_ seed: Int, _ lr: Double, _ epochs: Int) throws -> (losses: [Double], accuracy: Double) = { _, _, _ in
        throw Unattempted()
    }
    /// Part 2.2, Exercise 1: the 3-4-1 ReLU network from `seed` on one `sample` and `target`; return the loss and both weight gradients.
    public var forwardBackwardGradients:
        @Sendable (_ seed: Int, _ sample: [Double], _ target: Double) throws -> (loss: Double, layer1: [Double], layer2: [Double]) = {
            _, _, _ in throw Unattempted()
        }
    /// Part 2.2, Exercise 2: sweep `layer2.weight[0, column]` by `linspace(-2, 2, steps)`; return the weights, the losses and the loss once restored.
    public var forwardBackwardWeightSweep:
        @Sendable (_ seed: Int, _ column: Int, _ steps: Int) throws -> (weights: [Double], losses: [Double], restoredLoss: Double) = {
            _, _, _ in throw Unattempted()
        }
    /// Part 2.3, Exercise 1: the sine network with tanh, trained by hand at `lr` for `epochs` epochs; return every epoch's loss.
    public var sineTanhLosses: @Sendable (_ seed: Int, _ lr: Double, _ epochs: Int) throws -> [Double] = { _, _, _ in throw Unattempted() }
    /// Part 2.3, Exercise 2: the sine ReLU network with `hidden` units at `lr`; return every epoch's loss.
    public var sineWideLosses: @Sendable (_ seed: Int, _ hidden: Int, _ lr: Double, _ epochs: Int) throws -> [Double] = { _, _, _, _ in throw Unattempted() }
    /// Part 2.3, Exercise 3: the sine network stopping once its loss is below `threshold` (at most `maxEpochs`); return the epochs run and the last loss.
    public var sineEarlyStop: @Sendable (_ seed: Int, _ threshold: Double, _ maxEpochs: Int) throws -> (epochs: Double, loss: Double) = { _, _, _ in
        throw Unattempted()
    }
    /// Part 2.3, Exercise 4: the sine network on targets with Gaussian noise of std `noise`; return every epoch's loss and the final loss against sin(x).
    public var sineNoisyFit: @Sendable (_ seed: Int, _ noise: Double, _ epochs: Int) throws -> (losses: [Double], cleanLoss: Double) = { _, _, _ in
        throw Unattempted()
    }

    /// Every exercise unattempted, then `configure` sets the written ones.
    public init(_ configure: (inout Solutions) -> Void = { _ in }) {
        configure(&self)
    }

    /// Every exercise unattempted (what a student's file starts as).
    public static let stubs = Solutions()

    /// A copy with `change` applied (a buggy variant of the reference, in the proofs).
    public func with(_ change: (inout Solutions) -> Void) -> Solutions {
        var copy = self
        change(&copy)
        return copy
    }
}
