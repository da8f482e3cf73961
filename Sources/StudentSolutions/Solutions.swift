// Your solutions. Replace each `throw Unattempted()` with your code, then run
// `swift run gradlab grade` (or `swift test --filter StudentTests`) to be graded.
// The labs show what PyTorch prints: `swift run gradlab run <id>`. The grader calls each
// function with the article's values and with values you have not seen, so compute the
// answer from the arguments.
import Autograd
import SolutionKit

/// Autograd, Lab 1: `w` (the article's is 2) requiring grad, `loss = (w * 3 - 10) ** 2`;
/// backward; return the loss and `w.grad` as numbers.
func oneParameter(_ start: Double) throws -> (loss: Double, wGrad: Double) {
    throw Unattempted()
}

/// Autograd, Lab 2: from `w = start`, `steps` times: loss `(3w - 10)²`, backward,
/// `w -= lr * w.grad` inside `noGrad`, zero the gradient. Return `w` after each step.
func gradientIsNotTheUpdate(_ start: Double, _ lr: Double, _ steps: Int) throws -> [Double] {
    throw Unattempted()
}

/// Autograd, Lab 3: `x = value` requiring grad; backward of `x ** 2`, then of `2 * x`, then
/// zero `x.grad` and backward of `2 * x`. Return `x.grad` after each of the three.
func accumulation(_ value: Double) throws -> [Double] {
    throw Unattempted()
}

/// Autograd, Lab 4: fit `w * x + b` (both starting at 0) to `y` with the mean squared error,
/// updating by hand with learning rate `lr` for `epochs` epochs. Return `w` and `b`.
func fitTwoParameters(_ x: [Double], _ y: [Double], _ lr: Double, _ epochs: Int) throws -> (w: Double, b: Double) {
    throw Unattempted()
}

/// Autograd, Exercise 2: what happens when Lab 4 does not zero its gradients?
func noZeroGradEffect() throws -> NoZeroGradEffect {
    throw Unattempted()
}

/// Autograd, Exercise 3: of the learning rates 0.5 and 0.005, which is unstable and which is slow?
func learningRates() throws -> (unstable: Double, slow: Double) {
    throw Unattempted()
}

/// Autograd, Exercise 4: run Lab 4's loop on `x`, `y` at `lr` for `epochs` epochs and return
/// every epoch's loss, without keeping any graph alive while it runs.
func storeLosses(_ x: [Double], _ y: [Double], _ lr: Double, _ epochs: Int) throws -> [Double] {
    throw Unattempted()
}

/// Learn the training loop, Exercise 1: the regression with gradients by hand
/// (`manualSeed(seed)`, `x = linspace(-1, 1, 100)` as a column, `y = 2x - 1 + 0.1·randn`,
/// then `w`, `b` from `randn([1])`), `epochs` epochs at learning rate `lr`. Return `w` and `b`.
func manualRegression(_ seed: Int, _ lr: Double, _ epochs: Int) throws -> (w: Double, b: Double) {
    throw Unattempted()
}

/// Learn the training loop, Exercise 2: two features (`manualSeed(seed)`, `X = rand(100, 2)·2 - 1`,
/// `y = X @ [1.5, -3] + 0.5 + 0.1·randn(100)`, `w = randn(2)`, `b = randn(1)`, 50 epochs at lr 0.1).
func twoFeatures(_ seed: Int) throws -> (w: [Double], b: Double) {
    throw Unattempted()
}

/// Learn the training loop, Exercise 3: Exercise 1's data (from `seed`), 50 epochs with
/// autograd and `SGD` at `lr`.
func autogradSGD(_ seed: Int, _ lr: Double) throws -> (w: Double, b: Double) {
    throw Unattempted()
}

/// Practical PyTorch fundamentals: `w = start` requiring grad; `steps` times: loss `w ** 2 + 20`,
/// zero the gradient if any, backward of its mean, `w.data = w.data - lr * w.grad`. Return `w`.
func quadraticDescent(_ start: [Double], _ lr: Double, _ steps: Int) throws -> [Double] {
    throw Unattempted()
}

/// Practical PyTorch fundamentals: `w = values` requiring grad; set element 0 to `newValue`
/// through `w.detach()`. Return `w`'s values.
func detachSharesMemory(_ values: [Double], _ newValue: Double) throws -> [Double] {
    throw Unattempted()
}

/// Understanding the autograd package: `x²` as a custom op, with `backward` returning the
/// gradient by hand.
enum Square: CustomFunction {
    static let name = "SquareBackward"
    static func forward(_ ctx: FunctionContext, _ inputs: [Tensor]) throws -> Tensor {
        throw Unattempted()
    }
    static func backward(_ ctx: FunctionContext, _ gradOutput: Tensor) throws -> [Tensor?] {
        throw Unattempted()
    }
}

/// Your solutions, as the grader sees them. An exercise added later starts unattempted
/// here until you add its line.
public let studentSolutions = Solutions {
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
}
