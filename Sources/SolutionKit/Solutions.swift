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
