import Autograd

/// Thrown by a stub that the student has not written yet.
public struct Unattempted: Error, CustomStringConvertible, Sendable {
    /// Creates the marker.
    public init() {}
    /// "not attempted yet".
    public var description: String { "not attempted yet" }
}

/// What removing `zero_()` from Lab 4 does (seed 001, Exercise 2).
public enum NoZeroGradEffect: Sendable, CaseIterable {
    /// Nothing changes.
    case nothingChanges
    /// Gradients add up over epochs, so steps grow wrong and training becomes unstable.
    case gradientsAccumulateAndTrainingBecomesUnstable
    /// PyTorch raises an error.
    case pytorchRaisesAnError
}

/// A student's (or the reference's) answers to the hands-on exercises, one function each.
///
/// The student target fills these in; graders call them. Each stub throws `Unattempted`.
public struct Solutions: Sendable {
    /// Seed 001, Lab 1: `loss = (3w - 10)²` at `w = 2`; return the loss and `w.grad`.
    public var oneParameter: @Sendable () throws -> (loss: Double, wGrad: Double)
    /// Seed 001, Lab 2: five steps of `w -= 0.1 · w.grad` from `w = 2`; return `w` after each step.
    public var gradientIsNotTheUpdate: @Sendable () throws -> [Double]
    /// Seed 001, Lab 3: `x = 3`; backward of `x²`, of `2x`, then zero and backward of `2x`; return `x.grad` after each.
    public var accumulation: @Sendable () throws -> [Double]
    /// Seed 001, Lab 4 and Exercise 1: fit `w·x + b` to `y` by hand (MSE, gradients zeroed each epoch); return `w`, `b`.
    public var fitTwoParameters: @Sendable (_ x: [Double], _ y: [Double], _ lr: Double, _ epochs: Int) throws -> (w: Double, b: Double)
    /// Seed 001, Exercise 2: what happens without `zero_()`?
    public var noZeroGradEffect: @Sendable () throws -> NoZeroGradEffect
    /// Seed 001, Exercise 3: of lr 0.5 and 0.005, which is unstable and which is slow?
    public var learningRates: @Sendable () throws -> (unstable: Double, slow: Double)
    /// Seed 001, Exercise 4: run Lab 4 for `epochs` epochs and return the loss of each epoch, keeping no graph alive.
    public var storeLosses: @Sendable (_ epochs: Int) throws -> [Double]
    /// Seed 002, Exercise 1: the article's manual-gradient regression with learning rate `lr`; return `w`, `b`.
    public var manualRegression: @Sendable (_ lr: Double) throws -> (w: Double, b: Double)
    /// Seed 002, Exercise 2: the two-feature regression; return `w` (2 values) and `b`.
    public var twoFeatures: @Sendable () throws -> (w: [Double], b: Double)
    /// Seed 002, Exercise 3: the regression with autograd and `SGD`; return `w`, `b`.
    public var autogradSGD: @Sendable () throws -> (w: Double, b: Double)
    /// Seed 000: 500 steps of gradient descent on `mean(w² + 20)` from `w = [10, 20]`; return the final `w`.
    public var quadraticDescent: @Sendable () throws -> [Double]
    /// Seed 000: `w = [1, 2, 3]` requiring grad; set element 0 to 28 through `w.detach()`; return `w`'s values.
    public var detachSharesMemory: @Sendable () throws -> [Double]
    /// Custom op: apply your `CustomFunction` computing `x²` with a hand-written backward.
    public var customSquare: @Sendable (Tensor) throws -> Tensor

    /// Solutions from the given functions.
    public init(
        oneParameter: @escaping @Sendable () throws -> (loss: Double, wGrad: Double),
        gradientIsNotTheUpdate: @escaping @Sendable () throws -> [Double],
        accumulation: @escaping @Sendable () throws -> [Double],
        fitTwoParameters: @escaping @Sendable (_ x: [Double], _ y: [Double], _ lr: Double, _ epochs: Int) throws -> (w: Double, b: Double),
        noZeroGradEffect: @escaping @Sendable () throws -> NoZeroGradEffect,
        learningRates: @escaping @Sendable () throws -> (unstable: Double, slow: Double),
        storeLosses: @escaping @Sendable (_ epochs: Int) throws -> [Double],
        manualRegression: @escaping @Sendable (_ lr: Double) throws -> (w: Double, b: Double),
        twoFeatures: @escaping @Sendable () throws -> (w: [Double], b: Double),
        autogradSGD: @escaping @Sendable () throws -> (w: Double, b: Double),
        quadraticDescent: @escaping @Sendable () throws -> [Double],
        detachSharesMemory: @escaping @Sendable () throws -> [Double],
        customSquare: @escaping @Sendable (Tensor) throws -> Tensor
    ) {
        self.oneParameter = oneParameter
        self.gradientIsNotTheUpdate = gradientIsNotTheUpdate
        self.accumulation = accumulation
        self.fitTwoParameters = fitTwoParameters
        self.noZeroGradEffect = noZeroGradEffect
        self.learningRates = learningRates
        self.storeLosses = storeLosses
        self.manualRegression = manualRegression
        self.twoFeatures = twoFeatures
        self.autogradSGD = autogradSGD
        self.quadraticDescent = quadraticDescent
        self.detachSharesMemory = detachSharesMemory
        self.customSquare = customSquare
    }

    /// Every exercise unattempted (what the student target starts as).
    public static let stubs = Solutions(
        oneParameter: { throw Unattempted() }, gradientIsNotTheUpdate: { throw Unattempted() },
        accumulation: { throw Unattempted() }, fitTwoParameters: { _, _, _, _ in throw Unattempted() },
        noZeroGradEffect: { throw Unattempted() }, learningRates: { throw Unattempted() },
        storeLosses: { _ in throw Unattempted() }, manualRegression: { _ in throw Unattempted() },
        twoFeatures: { throw Unattempted() }, autogradSGD: { throw Unattempted() },
        quadraticDescent: { throw Unattempted() }, detachSharesMemory: { throw Unattempted() },
        customSquare: { _ in throw Unattempted() })
}
