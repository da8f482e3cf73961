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

// MARK: - Learn the Training Loop with PyTorch, Parts 1.1 to 1.5

/// Part 1.1, Exercise 1: a larger learning rate. The post's program as a seeded variant:
/// `manualSeed(seed)`; `x = linspace(-3, 3, 100)` as a column `[100, 1]`;
/// `y = 2 * x - 1 + 0.5 * randnLike(x)`; then `w = randn(1)` and `b = randn(1)`, both
/// requiring grad, in that order; `SGD([w, b], lr: lr)`. Each of `epochs` epochs: the loss
/// `((x * w + b - y) ** 2).mean()`, its value recorded, then `zeroGrad()`, `backward()`,
/// `step()`. Return every epoch's recorded loss (each computed before that epoch's step).
func introductionLearningRateLosses(_ seed: Int, _ lr: Double, _ epochs: Int) throws -> [Double] {
    throw Unattempted()
}

/// Part 1.1, Exercise 2: noisier data. Exercise 1's program with noise `noise` instead of
/// 0.5 (`y = 2 * x - 1 + noise * randnLike(x)`), at the program's learning rate 0.05:
/// `manualSeed(seed)`; `x = linspace(-3, 3, 100)` as a column; `y`; `w = randn(1)`, then
/// `b = randn(1)`, both requiring grad; `SGD([w, b], lr: 0.05)`; `epochs` epochs of: loss
/// `((x * w + b - y) ** 2).mean()`, `zeroGrad()`, `backward()`, `step()`. Return `w` and `b`
/// after the last step, and the loss of the last epoch (the last one the program records,
/// computed before that epoch's step).
func introductionNoisyFit(_ seed: Int, _ noise: Double, _ epochs: Int) throws -> (w: Double, b: Double, loss: Double) {
    throw Unattempted()
}

/// Part 1.1, Exercise 3: more epochs. The noisy program of Exercise 2 (noise 2.0, lr 0.05):
/// `manualSeed(seed)`; `x = linspace(-3, 3, 100)` as a column; `y = 2 * x - 1 + 2.0 * randnLike(x)`;
/// `w = randn(1)`, then `b = randn(1)`, both requiring grad; `SGD([w, b], lr: 0.05)`;
/// `epochs` epochs of: loss `((x * w + b - y) ** 2).mean()`, `zeroGrad()`, `backward()`,
/// `step()`. Return `w` and `b` after the last step, and the loss of epochs 10, 20, 30, ...
/// (the 10th, 20th, ... recorded losses, each computed before its epoch's step; none when
/// `epochs` < 10).
func introductionLongerTraining(_ seed: Int, _ epochs: Int) throws -> (w: Double, b: Double, losses: [Double]) {
    throw Unattempted()
}

/// Part 1.1, Exercise 4: predict a new point. Train as in Exercise 3 (`manualSeed(seed)`;
/// `x = linspace(-3, 3, 100)` as a column; `y = 2 * x - 1 + 2.0 * randnLike(x)`; `w = randn(1)`,
/// then `b = randn(1)`, both requiring grad; `SGD([w, b], lr: 0.05)`; `epochs` epochs of
/// loss, `zeroGrad()`, `backward()`, `step()`), then predict `y` at the new input `x`
/// with the trained line. Return `w`, `b` and the prediction `x * w + b`.
func introductionPrediction(_ seed: Int, _ x: Double, _ epochs: Int) throws -> (w: Double, b: Double, prediction: Double) {
    throw Unattempted()
}

/// Part 1.3, Exercise 1: the batch size. `manualSeed(seed)`; `x = linspace(0, 1, 100)` as a
/// column `[100, 1]`; `y = 2 * x + 1 + 0.1 * randnLike(x)`; then `w = randn(1)` and
/// `b = randn(1)`, both requiring grad, in that order. Each of `epochs` epochs: draw
/// `randperm(100)`, cut it in order into runs of `batchSize` positions (the last run may be
/// shorter), and for each run: pick those rows with the tensor of positions (`x[idx]`,
/// `y[idx]`), loss `((xb * w + b - yb) ** 2).mean()`, `backward()`, then inside `noGrad`
/// `w -= lr * w.grad` and `b -= lr * b.grad`, then zero both gradients. An epoch's loss is
/// the sum of each batch's loss times its size, divided by 100. Return every epoch's loss.
/// Batch size 1 is stochastic gradient descent; batch size 100, batch gradient descent.
func minibatchSizeLosses(_ seed: Int, _ batchSize: Int, _ epochs: Int, _ lr: Double) throws -> [Double] {
    throw Unattempted()
}

/// Part 1.3, Exercise 2: a larger dataset, batch against mini-batches, compared by the loss
/// each reaches rather than by the clock. `manualSeed(seed)`; `x = linspace(0, 1, n)` as a
/// column; `y = 2 * x + 1 + 0.1 * randnLike(x)`. First batch gradient descent: `w = randn(1)`,
/// `b = randn(1)` (requiring grad), then `epochs` steps on all `n` points at lr 0.5 (loss
/// `((x * w + b - y) ** 2).mean()`, `backward()`, `p -= 0.5 * p.grad` inside `noGrad`, zero
/// the gradients). Then, continuing the same random stream, mini-batch gradient descent:
/// new `w = randn(1)`, `b = randn(1)`, and `epochs` epochs of Exercise 1's loop with batch
/// size 64 and lr 0.5 (`randperm(n)` each epoch, the last batch shorter). Return each
/// method's mean squared error on all `n` points with the `w` and `b` it ended with.
func minibatchLargeDataset(_ seed: Int, _ n: Int, _ epochs: Int) throws -> (batch: Double, minibatch: Double) {
    throw Unattempted()
}

/// Part 1.3, Exercise 3: noisier data, all three methods. `manualSeed(seed)`;
/// `x = linspace(0, 1, 100)` as a column; `y = 2 * x + 1 + 0.1 * randnLike(x)`, then
/// `y = y + noise * randnLike(y)`. Then three runs in this order, each drawing its own
/// `w = randn(1)`, `b = randn(1)` (requiring grad), each for `epochs` epochs, each updating
/// by hand (`p -= lr * p.grad` inside `noGrad`, then zero the gradients after every step):
/// - batch, lr 0.05: one step per epoch on all points; the epoch's loss is the mean squared
///   error computed before its step;
/// - stochastic, lr 0.005: each epoch `randperm(100)`, then one step per point in that order
///   with loss `(x[i] * w + b - y[i]) ** 2`; the epoch's loss is the mean of its 100 losses;
/// - mini-batch, lr 0.01: Exercise 1's loop with batch size 16 (the last batch of 4).
/// Return the three lists of epoch losses.
func minibatchNoisyData(_ seed: Int, _ noise: Double, _ epochs: Int) throws -> (batch: [Double], stochastic: [Double], minibatch: [Double]) {
    throw Unattempted()
}

/// Part 1.4, Exercise 1: a new starting point. `manualSeed(seed)`; `x = linspace(-3, 3, 30)`
/// (flat, 30 values); `y = 2 * x + 1 + randn(30) * 0.5`. Then `w = wStart` and `b = bStart` as
/// scalar tensors requiring grad, and 15 steps of gradient descent at lr 0.1 on
/// `((y - (w * x + b)) ** 2).mean()`: `backward()`, `w -= 0.1 * w.grad` and
/// `b -= 0.1 * b.grad` inside `noGrad`, zero both gradients. Return the path: `w` and `b`
/// at the start and after each step (16 values each).
func landscapeDescentPath(_ seed: Int, _ wStart: Double, _ bStart: Double) throws -> (w: [Double], b: [Double]) {
    throw Unattempted()
}

/// Part 1.4, Exercise 2: the loss along `w` with `b` fixed. Exercise 1's data
/// (`manualSeed(seed)`; `x = linspace(-3, 3, 30)`; `y = 2 * x + 1 + randn(30) * 0.5`). For
/// each of the 100 values `w` of `linspace(0, 4, 100)`, the loss
/// `((y - (w * x + bFixed)) ** 2).mean()`. Return the 100 losses, in order of `w`.
func landscapeSliceLosses(_ seed: Int, _ bFixed: Double) throws -> [Double] {
    throw Unattempted()
}

/// Part 1.5, Exercise 1: a parabola's gradients, analytical and numerical. `manualSeed(seed)`;
/// `x = linspace(-1, 1, 20)` as a column `[20, 1]`; `y = 2 * x + 3 + 0.1 * randn(20, 1)`; then
/// `w1`, `w2` and `b`, each `randn(1)` requiring grad, in that order. The loss is
/// `((w2 * x ** 2 + w1 * x + b - y) ** 2).mean()`. Analytical: one backward, then the three
/// gradients. Numerical: for each parameter in turn, the central difference
/// `(L(p + h) - L(p - h)) / (2h)` with `h = 1e-5`, the other two held at their starting
/// values, computed in float64 (`x`, `y` and the three starting values converted with
/// `.double()`; in float32, as the post's program computes it, round-off spoils the third
/// digit). Return both lists in the order `w1`, `w2`, `b`.
func gradientCheckQuadratic(_ seed: Int) throws -> (analytical: [Double], numerical: [Double]) {
    throw Unattempted()
}

/// Part 1.5, Exercise 2: the loss as a function of the weight. Exercise 1's data
/// (`manualSeed(seed)`; `x = linspace(-1, 1, 20)` as a column; `y = 2 * x + 3 + 0.1 * randn(20, 1)`),
/// then Exercise 1's three draws `randn(1)` (`w1`, `w2`, `b`): `bFixed` is the value of the
/// third. For `points` values of `w` evenly spaced from -4 to 4 as NumPy's `linspace` makes
/// them (`w_i = -4 + i * 8 / (points - 1)`, the last exactly 4), the loss of the line:
/// `((x.matmul(Tensor([[w]])) + Tensor([bFixed]) - y) ** 2).mean()` in float32. Return
/// `bFixed` and the losses, in order of `w`.
func gradientCheckLossSweep(_ seed: Int, _ points: Int) throws -> (b: Double, losses: [Double]) {
    throw Unattempted()
}

/// Part 1.5, Exercise 3: the step `h`. Exercise 1's data (`manualSeed(seed)`;
/// `x = linspace(-1, 1, 20)` as a column; `y = 2 * x + 3 + 0.1 * randn(20, 1)`), then
/// `w = randn(1, 1)` and `b = randn(1)`, both requiring grad. The loss is
/// `((x.matmul(w) + b - y) ** 2).mean()`. Analytical: `w.grad` after one backward. Numerical:
/// for each `h` in `steps`, the central difference in `w` (`b` held), `(L(w + h) - L(w - h)) / (2h)`,
/// computed in float64 (`x`, `y`, `w` and `b` converted with `.double()`). Return the
/// analytical gradient and one numerical gradient per `h`.
func gradientCheckStepSizes(_ seed: Int, _ steps: [Double]) throws -> (analytical: Double, numerical: [Double]) {
    throw Unattempted()
}

// MARK: - Learn the Training Loop with PyTorch, Parts 2.1 to 2.3

/// Part 2.1, Exercise 1a: the two-moons MLP with tanh. Call `manualSeed(seed)`, then build
/// `Sequential(Linear(2, 8), Tanh(), Linear(8, 1), Sigmoid())` right away (its layers draw their
/// starting weights in that order; leave out the program's linear model, whose `Linear(2, 1)`
/// would draw first). The data: `makeMoons(samples: 200, noise: 0.2, randomState: 42)`, the
/// points as float32 `[200, 2]` (`.float()`) and the labels as a float32 column `[200, 1]`.
/// Train with `Adam(model.parameters(), lr: 0.05)`, `epochs` full-batch steps of: zero the
/// gradients, `BCELoss()` of the model's output against the labels, backward, step. Return
/// every step's loss (`loss.item()`, the value computed before that step's update) and the
/// trained model's accuracy on the 200 points: the share (0 to 1) whose predicted class (1 when
/// the probability is above 0.5, else 0) is their label.
func moonsTanhMLP(_ seed: Int, _ epochs: Int) throws -> (losses: [Double], accuracy: Double) {
    throw Unattempted()
}

/// Part 2.1, Exercise 1b: Exercise 1a with a sigmoid as the hidden activation:
/// `Sequential(Linear(2, 8), Sigmoid(), Linear(8, 1), Sigmoid())` built right after
/// `manualSeed(seed)`, the same moons, `Adam` at lr 0.05, `epochs` full-batch steps on `BCELoss()`.
/// Return every step's loss (taken before its update) and the trained model's accuracy (the
/// share of the 200 points whose class, 1 when the probability is above 0.5, is their label).
func moonsSigmoidMLP(_ seed: Int, _ epochs: Int) throws -> (losses: [Double], accuracy: Double) {
    throw Unattempted()
}

/// Part 2.1, Exercise 2: more hidden units. `manualSeed(seed)`, then
/// `Sequential(Linear(2, hidden), ReLU(), Linear(hidden, 1), Sigmoid())` (the post's MLP with
/// `hidden` units: 32 in the exercise, 8 in the post), the moons of Exercise 1a
/// (`makeMoons(samples: 200, noise: 0.2, randomState: 42)` as float32, labels a column
/// `[200, 1]`), `Adam` at lr 0.05, `epochs` full-batch steps on `BCELoss()`. Return every step's
/// loss (taken before its update) and the trained model's accuracy (the share of the 200
/// points whose class, 1 when the probability is above 0.5, is their label).
func moonsWideMLP(_ seed: Int, _ hidden: Int, _ epochs: Int) throws -> (losses: [Double], accuracy: Double) {
    throw Unattempted()
}

/// Part 2.1, Exercise 3: only a linear model. `manualSeed(seed)`, then
/// `Sequential(Linear(2, 1), Sigmoid())`, the moons of Exercise 1a
/// (`makeMoons(samples: 200, noise: 0.2, randomState: 42)` as float32, labels a column
/// `[200, 1]`), `Adam(model.parameters(), lr: lr)` (the post's is 0.05), `epochs` full-batch
/// steps on `BCELoss()`. Return every step's loss (taken before its update) and the trained
/// model's accuracy (the share of the 200 points whose class, 1 when the probability is above
/// 0.5, is their label): a straight boundary cannot reach the MLP's.
func moonsLinearAdam(_ seed: Int, _ lr: Double, _ epochs: Int) throws -> (losses: [Double], accuracy: Double) {
    throw Unattempted()
}

/// Part 2.2, Exercise 1: one forward and one backward pass by hand. `manualSeed(seed)`, then
/// the post's network: `layer1 = Linear(3, 4)` then `layer2 = Linear(4, 1)` (created in that
/// order), computing `layer2(relu(layer1(x)))`. Pass the one sample `x = [sample]` (shape
/// `[1, 3]`; the post's is `[7, 8, 9]`) through it, take `MSELoss()` against `[[target]]` (the
/// post's is 30), and run backward. Return the loss, `layer1.weight.grad` (shape `[4, 3]`,
/// flattened row by row: 12 numbers) and `layer2.weight.grad` (shape `[1, 4]`: 4 numbers).
func forwardBackwardGradients(_ seed: Int, _ sample: [Double], _ target: Double) throws -> (loss: Double, layer1: [Double], layer2: [Double]) {
    throw Unattempted()
}

/// Part 2.2, Exercise 2: the loss as one weight moves. `manualSeed(seed)`, then Exercise 1's
/// network (`Linear(3, 4)`, ReLU, `Linear(4, 1)`, created in that order), the sample
/// `[[7, 8, 9]]` and the target `[[30]]`. Keep the original value of `layer2.weight[0, column]`;
/// for each `delta` of `Tensor.linspace(-2, 2, steps: steps)`, set that weight (through
/// `layer2.weight.data`) to the original plus `delta`, and record the weight's new value and the
/// `MSELoss()` of the network's prediction. Then put the original value back. Return the weights
/// and the losses, one per delta, and the loss once the weight is restored.
func forwardBackwardWeightSweep(_ seed: Int, _ column: Int, _ steps: Int) throws -> (weights: [Double], losses: [Double], restoredLoss: Double) {
    throw Unattempted()
}

/// Part 2.3, Exercise 1: tanh instead of ReLU. `manualSeed(seed)`; `x = linspace(-2π, 2π, 300)`
/// as a column `[300, 1]` and `y = sin(x)`; then `W1 = randn(1, 10)`, `b1 = zeros(10)`,
/// `W2 = randn(10, 1)`, `b2 = zeros(1)`, all requiring grad (draw them once, in that order).
/// `epochs` times: the prediction `tanh(x @ W1 + b1) @ W2 + b2`, the loss
/// `((prediction - y) ** 2).mean()`, record `loss.item()`, backward, then inside `noGrad`
/// `p -= lr * p.grad` for each of the four and zero their gradients. Return every epoch's loss.
func sineTanhLosses(_ seed: Int, _ lr: Double, _ epochs: Int) throws -> [Double] {
    throw Unattempted()
}

/// Part 2.3, Exercise 2: a wider hidden layer. The post's ReLU network with `hidden` units
/// (50 in the exercise, at lr 1e-3): `manualSeed(seed)`; `x = linspace(-2π, 2π, 300)` as a
/// column and `y = sin(x)`; `W1 = randn(1, hidden)`, `b1 = zeros(hidden)`,
/// `W2 = randn(hidden, 1)`, `b2 = zeros(1)`, all requiring grad (drawn once, in that order).
/// `epochs` times: the prediction `relu(x @ W1 + b1) @ W2 + b2`, the mean squared error against
/// `y`, record `loss.item()`, backward, then inside `noGrad` `p -= lr * p.grad` for each weight
/// and zero their gradients. Return every epoch's loss.
func sineWideLosses(_ seed: Int, _ hidden: Int, _ lr: Double, _ epochs: Int) throws -> [Double] {
    throw Unattempted()
}

/// Part 2.3, Exercise 3: early stopping. The post's network (ReLU, 10 hidden units, lr 0.01):
/// `manualSeed(seed)`; `x = linspace(-2π, 2π, 300)` as a column and `y = sin(x)`;
/// `W1 = randn(1, 10)`, `b1 = zeros(10)`, `W2 = randn(10, 1)`, `b2 = zeros(1)`, all requiring
/// grad. For at most `maxEpochs` epochs: the prediction `relu(x @ W1 + b1) @ W2 + b2`, the mean
/// squared error against `y`; when that loss is below `threshold` (the post's is 0.01), stop
/// before the backward; otherwise backward, `p -= 0.01 * p.grad` inside `noGrad` for each
/// weight, and zero the gradients. Return the number of epochs run (counting the one that
/// stopped, from 1, as the post prints it; `maxEpochs` when it never stops) and the last loss
/// computed.
func sineEarlyStop(_ seed: Int, _ threshold: Double, _ maxEpochs: Int) throws -> (epochs: Double, loss: Double) {
    throw Unattempted()
}

/// Part 2.3, Exercise 4: noisy targets. `manualSeed(seed)`; `x = linspace(-2π, 2π, 300)` as a
/// column, `clean = sin(x)`, and the targets `clean + noise * randn(300, 1)` (the post's `noise`
/// is 0.1; draw it before the weights); then `W1 = randn(1, 10)`, `b1 = zeros(10)`,
/// `W2 = randn(10, 1)`, `b2 = zeros(1)`, all requiring grad. `epochs` epochs of the post's
/// loop (ReLU, the mean squared error against the noisy targets, recorded before backward, then
/// `p -= 0.01 * p.grad` inside `noGrad` and the gradients zeroed; no early stop). Return every
/// epoch's loss, and the trained network's mean squared error against `clean` (after the last
/// update): it fits the function under the noise.
func sineNoisyFit(_ seed: Int, _ noise: Double, _ epochs: Int) throws -> (losses: [Double], cleanLoss: Double) {
    throw Unattempted()
}

// MARK: - Learn the Training Loop with PyTorch, Parts 2.4 to 2.6

/// Part 2.4, Exercise 1: the derivative of each activation. At the points
/// `z = Tensor.linspace(low, high, steps: steps)` (float32; the article's are -5, 5, 200),
/// compute the derivative of ReLU (1 where z > 0, else 0, so 0 at z = 0), of sigmoid
/// (`sigmoid(z) * (1 - sigmoid(z))`) and of tanh (`1 - tanh(z) ** 2`). Return the three
/// lists, one value per point each. The formulas and autograd (backward of the sum of the
/// activation, then `z.grad`) give the same numbers.
func activationDerivatives(_ low: Double, _ high: Double, _ steps: Int) throws -> (relu: [Double], sigmoid: [Double], tanh: [Double]) {
    throw Unattempted()
}

/// Part 2.4, Exercise 2: does tanh fit sin(x) better than ReLU? The data: `x` is
/// `Tensor.linspace(-2π, 2π, steps: 100)` as a column ([100, 1]) and `y = sin(x)`. Train three
/// networks, each built right after its own `manualSeed(seed)` (so all three start from the
/// same weights): `Linear(1, 10)`, then nothing, `ReLU()` or `Tanh()`, then `Linear(10, 1)`
/// (the post's SimpleNet; a `Sequential` of those layers draws the same weights). Train each
/// with `Adam(model.parameters(), lr: 0.01)` for `epochs` full-batch steps (loss =
/// `F.mseLoss(model(x), y)`, zeroGrad, backward, step). Return each trained network's mean
/// squared error on the same 100 points, computed once more after its last step (not the
/// loss of the last step): the network without activation, with ReLU, with tanh.
func activationSineFit(_ seed: Int, _ epochs: Int) throws -> (linear: Double, relu: Double, tanh: Double) {
    throw Unattempted()
}

/// Part 2.4, Exercise 3: Swish, `swish(z) = z * sigmoid(z)`. At the points
/// `z = Tensor.linspace(low, high, steps: steps)` (float32; the article's are -5, 5, 200),
/// return Swish's values and its slope d swish / dz at each point. With autograd: make `z`
/// require grad, take the backward of the values' sum and read `z.grad`; by hand, the product
/// rule gives `sigmoid(z) + z * sigmoid(z) * (1 - sigmoid(z))`.
func swishCurve(_ low: Double, _ high: Double, _ steps: Int) throws -> (values: [Double], slopes: [Double]) {
    throw Unattempted()
}

/// Part 2.5, Exercise 1: training with mini-batches of `batchSize`. In this order:
/// `manualSeed(seed)`; the post's ToyDataset: `x = Tensor.linspace(-2, 2, steps: 100)` as a
/// column ([100, 1]) and `y = 3 * x + 1 + 0.5 * Tensor.randnLike(x)`; then
/// `DataLoader(TensorDataset(x, y), batchSize: batchSize, shuffle: true)` (making it draws
/// nothing); then the model `Linear(1, 1)`. Train with `SGD(model.parameters(), lr: 0.1)` on
/// `MSELoss()` for `epochs` passes, one step per batch (`for batch in try loader.epoch()`:
/// each pass draws its shuffled order from the global generator when it starts, as PyTorch's
/// loader does; inputs `batch[0]`, targets `batch[1]`; zeroGrad, backward, step). Return one
/// number per pass: the plain average of that pass's batch losses (`loss.item()` of each
/// batch, summed and divided by the number of batches; the last, smaller batch counts as one).
func miniBatchLossCurve(_ seed: Int, _ batchSize: Int, _ epochs: Int) throws -> [Double] {
    throw Unattempted()
}

/// Part 2.5, Exercise 2: standardized inputs. `manualSeed(seed)`; `x = Tensor.linspace(-2, 2,
/// steps: samples)` as a column and `y = 3 * x + 1 + 0.5 * Tensor.randnLike(x)`, as in
/// Exercise 1. Standardize the inputs only: `(x - x.mean()) / x.std()`, where `std()` is
/// PyTorch's default, the sample standard deviation (divided by n - 1); `y` stays as it is.
/// Then Exercise 1's training on the standardized data with batches of 16:
/// `DataLoader(TensorDataset(standardizedX, y), batchSize: 16, shuffle: true)`, then
/// `Linear(1, 1)`, `SGD(lr: 0.1)` on `MSELoss()`, one step per batch, for `epochs` passes.
/// Return the standard deviation you divided by, and the trained model's weight and bias.
func standardizedFit(_ seed: Int, _ samples: Int, _ epochs: Int) throws -> (std: Double, weight: Double, bias: Double) {
    throw Unattempted()
}

/// Part 2.6, Exercise 1: L2 regularization of strength `l2`. The data, in this order:
/// `manualSeed(seed)`; `x = Tensor.linspace(-3, 3, steps: 30)` as a column ([30, 1]) and
/// `y = sin(x) + 0.3 * Tensor.randnLike(x)`; the test points `Tensor.linspace(-3, 3, steps: 100)`
/// as a column, with `sin` of them as targets (no noise). Then the post's TinyNet:
/// `Sequential(Linear(1, 64), Tanh(), Linear(64, 64), Tanh(), Linear(64, 1))`. Train it with
/// `SGD(model.parameters(), lr: 0.01, weightDecay: l2)` for `epochs` full-batch steps on the mean
/// squared error (`MSELoss()`; zeroGrad, backward, step). Return, after training: the mean
/// squared error on the 30 training points, the mean squared error on the 100 test points, and
/// the L2 norm of all the parameters together, weights and biases: the square root of the sum
/// of every parameter element squared.
func weightDecayFit(_ seed: Int, _ l2: Double, _ epochs: Int) throws -> (trainLoss: Double, testLoss: Double, weightNorm: Double) {
    throw Unattempted()
}

/// Part 2.6, Exercise 2: dropout in a deeper network. Exercise 1's data, from `manualSeed(seed)`.
/// The network: `hiddenLayers` hidden layers of 64 units, each `Linear` (1 → 64 for the first,
/// 64 → 64 after), `Tanh()` and `Dropout(p: 0.3)`, then `Linear(64, 1)`, all in one `Sequential`
/// built after the data (the post's DeepNet has 4 hidden layers, TinyNet 2). Train it in
/// training mode with `SGD(model.parameters(), lr: 0.01)` (no weight decay) for `epochs`
/// full-batch steps on the mean squared error. Dropout draws its masks from the global
/// generator: in each forward pass, every `Dropout` layer in turn, first to last, draws one
/// uniform number per element of its [30, 64] input, row by row (the `Dropout` module does
/// exactly this). Return every step's loss (`loss.item()`, before the step), and the mean
/// squared error on the 100 test points predicted in evaluation mode: call `model.eval()`
/// before predicting, so that dropout is off and draws nothing (the post's program forgets to,
/// and so plots a prediction that is itself random).
func dropoutDepthFit(_ seed: Int, _ hiddenLayers: Int, _ epochs: Int) throws -> (losses: [Double], testLoss: Double) {
    throw Unattempted()
}

/// Part 2.6, Exercise 3: L2 regularization and dropout together. Exercise 1's data, from
/// `manualSeed(seed)`; the post's TinyNet with `Dropout(p: 0.3)` after each `Tanh()`:
/// `Sequential(Linear(1, 64), Tanh(), Dropout(p: 0.3), Linear(64, 64), Tanh(), Dropout(p: 0.3),
/// Linear(64, 1))`. Train it in training mode with `SGD(model.parameters(), lr: 0.01,
/// weightDecay: l2)` for `epochs` full-batch steps on the mean squared error; each forward pass
/// draws the first dropout layer's mask, then the second's, one uniform number per element of
/// their [30, 64] inputs, row by row (as in Exercise 2). Return every step's loss (before the
/// step), the mean squared error on the 100 test points predicted after `model.eval()` (dropout
/// off), and the L2 norm of all the parameters together (as in Exercise 1).
func weightDecayDropoutFit(_ seed: Int, _ l2: Double, _ epochs: Int) throws -> (losses: [Double], testLoss: Double, weightNorm: Double) {
    throw Unattempted()
}

// MARK: - Learn the Training Loop with PyTorch, Parts 3.1 and 3.2

/// Part 3.1, Exercise 1: the learning rate of SGD, RMSprop and Adam. Call `manualSeed(UInt64(seed))`,
/// then make the data: `x = Tensor.linspace(0, 1, steps: 100).unsqueeze(1)` and
/// `y = 2 * x + 3 + 0.2 * Tensor.randnLike(x)`. Then, in this order, for SGD (`SGD(params, lr: lr)`),
/// RMSprop (`RMSprop(params, lr: lr, alpha: 0.9)`) and Adam (`Adam(params, lr: lr, betas: (0.9, 0.999))`):
/// create a new `Linear(1, 1)` (its weights are drawn from the same generator, after the data and
/// the models before it) and train it for `epochs` full-batch epochs, each `zeroGrad()`,
/// `loss = MSELoss()(model(x), y)`, `backward()`, `step()`, keeping `loss.item()`.
/// Return each optimizer's last kept loss (the loss of the last epoch, computed before its step).
/// Try lr 0.01, 0.05 and 0.2: which rate is too low, and for which optimizer?
func optimizersAtLearningRate(_ seed: Int, _ lr: Double, _ epochs: Int) throws -> (sgd: Double, rmsprop: Double, adam: Double) {
    throw Unattempted()
}

/// Part 3.1, Exercise 2: SGD with momentum against plain SGD. Two runs, each the post's program
/// on its own: `manualSeed(UInt64(seed))`, Exercise 1's data (`x = Tensor.linspace(0, 1, steps: 100).unsqueeze(1)`,
/// `y = 2 * x + 3 + 0.2 * Tensor.randnLike(x)`), a new `Linear(1, 1)`, then `epochs` full-batch
/// epochs (`zeroGrad()`, `MSELoss()(model(x), y)`, `backward()`, `step()`) with `SGD(params, lr: lr)`
/// for the first run and `SGD(params, lr: lr, momentum: momentum)` for the second. Seeding again
/// for the second run makes both start from the same data and the same weights.
/// Return the loss of every epoch (`epochs` values, each computed before that epoch's step) of
/// the run without momentum, then of the run with it.
func momentumLossCurves(_ seed: Int, _ lr: Double, _ momentum: Double, _ epochs: Int) throws -> (plain: [Double], momentum: [Double]) {
    throw Unattempted()
}

/// Part 3.1, Exercise 3: a noisier line. Exercise 1's three runs (SGD, then RMSprop with alpha 0.9,
/// then Adam with betas (0.9, 0.999), each on a new `Linear(1, 1)` drawn after the data and the
/// models before it, `epochs` full-batch epochs on `MSELoss`) at the learning rate 0.2, on data
/// whose noise has deviation `noise`: after `manualSeed(UInt64(seed))`,
/// `x = Tensor.linspace(0, 1, steps: 100).unsqueeze(1)` and `y = 2 * x + 3 + noise * Tensor.randnLike(x)`.
/// Return each optimizer's last loss (that of the last epoch, computed before its step). No
/// loss can fall far below `noise²`, the noise's own mean square: which optimizer gets closest?
func optimizersOnNoisyData(_ seed: Int, _ noise: Double, _ epochs: Int) throws -> (sgd: Double, rmsprop: Double, adam: Double) {
    throw Unattempted()
}

/// Part 3.1, Exercise 4: what each optimizer learned. Exercise 3's three runs (learning rate 0.2,
/// noise of deviation `noise`, `epochs` epochs: `manualSeed(UInt64(seed))`,
/// `x = Tensor.linspace(0, 1, steps: 100).unsqueeze(1)`, `y = 2 * x + 3 + noise * Tensor.randnLike(x)`,
/// then SGD, RMSprop with alpha 0.9 and Adam with betas (0.9, 0.999), each on a new `Linear(1, 1)`).
/// Return the learned weights (`model.weight.item()`) of SGD, RMSprop and Adam, in that order,
/// then their biases (`model.bias!.item()`). The data follow y = 2x + 3: do all three find it?
func optimizerLearnedParameters(_ seed: Int, _ noise: Double, _ epochs: Int) throws -> (w: [Double], b: [Double]) {
    throw Unattempted()
}

/// Part 3.2, Exercise 1: an exponential decay of the learning rate. Call `manualSeed(UInt64(seed))`,
/// then `x = Tensor.linspace(-1, 1, steps: 200).unsqueeze(1)` and `y = 2 * x + 1 + 0.2 * Tensor.randnLike(x)`.
/// Then three runs, each on a new `Linear(1, 1)` (created in this order) with `SGD(params, lr: 0.1)`,
/// for `epochs` full-batch epochs of `zeroGrad()`, `loss = MSELoss()(model(x), y)`, `backward()`,
/// `optimizer.step()`, then the scheduler's `step()`: (1) a constant rate, no scheduler;
/// (2) `StepLR(optimizer, stepSize: epochs / 2, gamma: 0.1)` (the post's 50 for its 100 epochs);
/// (3) `ExponentialLR(optimizer, gamma: gamma)`. Return each run's last `loss.item()` (the loss
/// of the last epoch, computed before its step), in that order.
func exponentialDecaySchedule(_ seed: Int, _ gamma: Double, _ epochs: Int) throws -> (constant: Double, step: Double, exponential: Double) {
    throw Unattempted()
}

/// Part 3.2, Exercise 2: lower the rate when the loss stops improving, in float64. Call
/// `manualSeed(UInt64(seed))`, then `x = Tensor.linspace(-1, 1, steps: 200, dtype: .float64).unsqueeze(1)`
/// and `y = 2 * x + 1 + 0.2 * Tensor.randnLike(x)` (float64, like `x`); one `Linear(1, 1, dtype: .float64)`;
/// `optimizer = SGD(params, lr: 0.1)`; `ReduceLROnPlateau(optimizer, factor: factor, patience: patience)`.
/// Train for `epochs` full-batch epochs of `zeroGrad()`, `loss = MSELoss()(model(x), y)`, `backward()`,
/// `optimizer.step()`, then `scheduler.step(loss.item())`. Return the last epoch's `loss.item()` and
/// the learning rate after the loop (`optimizer.learningRate`). (float64 because the scheduler
/// compares each loss with the best one by a relative 10⁻⁴, a comparison a float32 rounding can tip.)
func plateauSchedule(_ seed: Int, _ patience: Int, _ factor: Double, _ epochs: Int) throws -> (loss: Double, lr: Double) {
    throw Unattempted()
}

// MARK: - Learn the Training Loop with PyTorch, Parts 3.3 and 3.4

/// Part 3.3, Exercise 1: zero (or any constant) weights. Call `manualSeed(UInt64(seed))`, then
/// make `layers` layers one after another: each a `Linear(128, 128)` (making it draws its
/// default weight and bias from the generator, so make it even though you overwrite them),
/// whose weight you then fill with `value` (`Init.constant(layer.weight, value)`; the
/// article's value is 0) and whose bias you set to zeros (`Init.zeros(layer.bias!)`),
/// before you make the next layer. Then draw the input `x = Tensor.randn(100, 128)` (100
/// samples of 128 features) and pass it through the layers in order, `x = layer(x).relu()`.
/// Return, for each layer, the mean (`x.mean()`) and the standard deviation (`x.std()`,
/// unbiased as PyTorch's) of its 100 × 128 activations: `layers` values in each list.
func constantInitActivations(_ seed: Int, _ value: Double, _ layers: Int) throws -> (mean: [Double], std: [Double]) {
    throw Unattempted()
}

/// Part 3.3, Exercise 2: a custom uniform initialization. Exactly Exercise 1's program, except
/// that each layer's weight is drawn uniform in `[-bound, bound)` right after the layer is
/// made (`Init.uniform(layer.weight, -bound, bound)`; the article's bound is 0.1), then its
/// bias zeroed: `manualSeed(UInt64(seed))`; `layers` layers `Linear(128, 128)`, each made,
/// initialized and its bias zeroed before the next; then `x = Tensor.randn(100, 128)`;
/// `x = layer(x).relu()` through each layer. Return each layer's activation mean and
/// standard deviation (`std()`, unbiased).
func uniformInitActivations(_ seed: Int, _ bound: Double, _ layers: Int) throws -> (mean: [Double], std: [Double]) {
    throw Unattempted()
}

/// Part 3.3, Exercise 3: Xavier initialization, deeper. Exercise 1's program with each layer's
/// weight initialized by `Init.xavierUniform(layer.weight)` right after the layer is made,
/// its bias zeroed, and `layers` layers (the article's 8): `manualSeed(UInt64(seed))`;
/// `layers` layers `Linear(128, 128)`, each made, initialized and its bias zeroed before the
/// next; then `x = Tensor.randn(100, 128)`; `x = layer(x).relu()` through each layer. Return
/// each layer's activation mean and standard deviation (`std()`, unbiased): does the
/// spread stay reasonable as the depth grows?
func xavierDepthActivations(_ seed: Int, _ layers: Int) throws -> (mean: [Double], std: [Double]) {
    throw Unattempted()
}

/// Part 3.3, Exercise 4: a network that initializes its own layers. Write a `Module` class
/// with three layers, made in this order: `fc1 = Linear(64, 128)`, `fc2 = Linear(128, 64)`,
/// `fc3 = Linear(64, 10)`; once all three are made, initialize `fc1.weight` and then
/// `fc2.weight` with `Init.kaimingUniform(_, nonlinearity: "relu")` and `fc3.weight` with
/// `Init.xavierUniform` (biases keep `Linear`'s default). Its forward is
/// `fc3(relu(fc2(relu(fc1(x)))))`. Call `manualSeed(UInt64(seed))`, make the network, then
/// draw one input `Tensor.randn(1, 64)`. Return the standard deviation (`std()`, unbiased)
/// of `fc1.weight`, `fc2.weight` and `fc3.weight` (3 values: each close to its init's
/// √2/√fan_in or √(2/(fan_in + fan_out))), and the network's 10 outputs for that input.
func manualInitNetwork(_ seed: Int) throws -> (weightStd: [Double], output: [Double]) {
    throw Unattempted()
}

/// Part 3.4, Exercise 1: exploding gradients. Call `manualSeed(UInt64(seed))`; make `depth`
/// layers `Linear(32, 32)` (all of them first), then for each layer in order draw its weight
/// from a normal of standard deviation `std` (`Init.normal(layer.weight, std: std)`; the
/// article's is 2) and set its bias to zeros. Draw `x = Tensor.randn(16, 32)`, then
/// `target = Tensor.randn(16, 32)`. Pass `x` through the layers, `h = layer(h).relu()`,
/// recording the norm (`norm()`) of each layer's output after its ReLU; then the loss
/// `(h - target).pow(2).mean()`, one backward pass, and the norm of each layer's weight
/// gradient (`layer.weight.grad!.norm()`), first layer first. Return both lists (`depth`
/// values each). The article's 20 layers overflow float32; the calls use 3 to 5.
func explodingGradientNorms(_ seed: Int, _ std: Double, _ depth: Int) throws -> (activations: [Double], gradients: [Double]) {
    throw Unattempted()
}

/// Part 3.4, Exercise 2: LayerNorm against the plain sigmoid network. Call
/// `manualSeed(UInt64(seed))`. First the plain network: make `depth` layers `Linear(32, 32)`,
/// draw `x = Tensor.randn(16, 32)` then `target = Tensor.randn(16, 32)`, pass `x` through
/// the layers with `h = layer(h).sigmoid()`, take the loss `(h - target).pow(2).mean()`,
/// backward, and record the norm of each layer's weight gradient. Then, continuing with the
/// same generator, the LayerNorm network: make `depth` blocks, each a `Linear(32, 32)`
/// followed by a `LayerNorm(32)` (`Sequential(linear, LayerNorm(32))`), draw a new `x` and
/// a new `target` the same way, pass `x` through with `h = block(h).sigmoid()`, the same
/// loss and backward, and record the norm of each block's *linear* weight gradient. Return
/// both lists of `depth` norms, first layer first: the plain network's, then LayerNorm's.
func layerNormGradientNorms(_ seed: Int, _ depth: Int) throws -> (sigmoid: [Double], layerNorm: [Double]) {
    throw Unattempted()
}

/// Part 3.4, Exercise 3: your own residual block. Write a `Module` class `ResidualBlock` that
/// holds any module as its core layer and whose forward is `coreLayer(x) + x` (Autograd's
/// `Residual` does the same; write yours). Then call `manualSeed(UInt64(seed))`, make
/// `depth` layers `Linear(32, 32)`, draw `x = Tensor.randn(16, 32)` then
/// `target = Tensor.randn(16, 32)`. First stack the layers as they are (`h = layer(h)`, no
/// activation), take the loss `(h - target).pow(2).mean()`, backward, and record the norm of
/// each layer's weight gradient. Clear the gradients (`layer.zeroGrad()`), then wrap each of
/// the same layers in a `ResidualBlock` and do the same with the same `x` and `target`
/// (`h = block(h)`). Return both lists of `depth` norms, first layer first: the plain
/// stack's, then the residual one's.
func residualGradientNorms(_ seed: Int, _ depth: Int) throws -> (plain: [Double], residual: [Double]) {
    throw Unattempted()
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
