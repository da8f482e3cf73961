// Your solutions. Replace each `throw Unattempted()` with your code, then run
// `swift test --filter StudentTests` (or `swift run gradlab grade`) to be graded.
// The articles are in the labs (`swift run gradlab run <id>` shows what PyTorch prints).
import Autograd
import Exercises

/// Seed 001, Lab 1: `w = 2` requiring grad, `loss = (w * 3 - 10) ** 2`; backward;
/// return the loss and `w.grad` as numbers.
func oneParameter() throws -> (loss: Double, wGrad: Double) {
    throw Unattempted()
}

/// Seed 001, Lab 2: from `w = 2`, five times: loss `(3w - 10)²`, backward, `w -= 0.1 * w.grad`
/// inside `noGrad`, zero the gradient. Return `w` after each step.
func gradientIsNotTheUpdate() throws -> [Double] {
    throw Unattempted()
}

/// Seed 001, Lab 3: `x = 3`; backward of `x ** 2`, then of `2 * x`, then zero `x.grad` and
/// backward of `2 * x`. Return `x.grad` after each of the three.
func accumulation() throws -> [Double] {
    throw Unattempted()
}

/// Seed 001, Lab 4: fit `w * x + b` (both starting at 0) to `y` with the mean squared error,
/// updating by hand with learning rate `lr` for `epochs` epochs. Return `w` and `b`.
func fitTwoParameters(_ x: [Double], _ y: [Double], _ lr: Double, _ epochs: Int) throws -> (w: Double, b: Double) {
    throw Unattempted()
}

/// Seed 001, Exercise 2: what happens when Lab 4 does not zero its gradients?
func noZeroGradEffect() throws -> NoZeroGradEffect {
    throw Unattempted()
}

/// Seed 001, Exercise 3: of the learning rates 0.5 and 0.005, which is unstable and which is slow?
func learningRates() throws -> (unstable: Double, slow: Double) {
    throw Unattempted()
}

/// Seed 001, Exercise 4: run Lab 4 (x = [1, 2, 3, 4], y = [3, 5, 7, 9], lr 0.05) for `epochs`
/// epochs and return every epoch's loss, without keeping any graph alive.
func storeLosses(_ epochs: Int) throws -> [Double] {
    throw Unattempted()
}

/// Seed 002, Exercise 1: the article's regression with gradients by hand, with learning rate `lr`
/// (`manualSeed(42)`, `x = linspace(-1, 1, 100)` as a column, `y = 2x - 1 + 0.1·randn`, then
/// `w`, `b` from `randn([1])`, 50 epochs). Return `w` and `b`.
func manualRegression(_ lr: Double) throws -> (w: Double, b: Double) {
    throw Unattempted()
}

/// Seed 002, Exercise 2: two features (`manualSeed(42)`, `X = rand(100, 2)·2 - 1`,
/// `y = X @ [1.5, -3] + 0.5 + 0.1·randn(100)`, `w = randn(2)`, `b = randn(1)`, 50 epochs at lr 0.1).
func twoFeatures() throws -> (w: [Double], b: Double) {
    throw Unattempted()
}

/// Seed 002, Exercise 3: Exercise 1's data and lr 0.1 with autograd and `SGD`.
func autogradSGD() throws -> (w: Double, b: Double) {
    throw Unattempted()
}

/// Seed 000: `w = [10, 20]` requiring grad; 500 times: loss `w ** 2 + 20`, zero the gradient if
/// any, backward of its mean, `w.data = w.data - 0.01 * w.grad`. Return the final `w`.
func quadraticDescent() throws -> [Double] {
    throw Unattempted()
}

/// Seed 000: `w = [1, 2, 3]` requiring grad; set element 0 to 28 through `w.detach()`.
/// Return `w`'s values.
func detachSharesMemory() throws -> [Double] {
    throw Unattempted()
}

/// A custom op: `x²`, with `backward` returning the gradient by hand.
enum Square: CustomFunction {
    static let name = "SquareBackward"
    static func forward(_ ctx: FunctionContext, _ inputs: [Tensor]) throws -> Tensor {
        throw Unattempted()
    }
    static func backward(_ ctx: FunctionContext, _ gradOutput: Tensor) throws -> [Tensor?] {
        throw Unattempted()
    }
}

/// Your solutions, as the graders see them.
public let studentSolutions = Solutions(
    oneParameter: oneParameter, gradientIsNotTheUpdate: gradientIsNotTheUpdate, accumulation: accumulation,
    fitTwoParameters: fitTwoParameters, noZeroGradEffect: noZeroGradEffect, learningRates: learningRates,
    storeLosses: storeLosses, manualRegression: manualRegression, twoFeatures: twoFeatures,
    autogradSGD: autogradSGD, quadraticDescent: quadraticDescent, detachSharesMemory: detachSharesMemory,
    customSquare: { try Square.apply($0) })
