/// RMSprop (`torch.optim.RMSprop`):
/// `s ← α·s + (1 - α)·g²`, `p ← p - lr · g / (√s + ε)` (centered and momentum variants as PyTorch's).
public final class RMSprop: Optimizer {
    /// The parameters.
    public let parameters: [Tensor]
    /// The learning rate.
    public var learningRate: Double
    let alpha: Double, eps: Double, weightDecay: Double, momentum: Double, centered: Bool
    /// Per parameter: the square average, the gradient average (centered) and the momentum buffer.
    private var state: OptimizerState

    /// An RMSprop optimizer.
    public init(
        _ parameters: [Tensor], lr: Double = 1e-2, alpha: Double = 0.99, eps: Double = 1e-8, weightDecay: Double = 0,
        momentum: Double = 0, centered: Bool = false
    ) throws {
        try [
            .learningRate(lr), .nonNegative("epsilon", eps), .nonNegative("momentum", momentum),
            .nonNegative("weight_decay", weightDecay), .nonNegative("alpha", alpha),
        ].validate()
        try Update.validate(parameters, optimizer: "RMSprop")
        self.parameters = parameters
        learningRate = lr
        self.alpha = alpha
        self.eps = eps
        self.weightDecay = weightDecay
        self.momentum = momentum
        self.centered = centered
        state = OptimizerState(parameterCount: parameters.count)
    }

    /// One update.
    public func step() throws {
        for (i, p) in parameters.enumerated() {
            guard let g = try Update.gradient(of: p) else { continue }
            let update = RMSpropUpdate(
                lr: learningRate, alpha: alpha, eps: eps, weightDecay: weightDecay,
                momentum: momentum, centered: centered)
            try Update.each(p, gradient: g, state: state.tensors(for: i, like: p, count: 3), update)
        }
    }
}

/// Adagrad (`torch.optim.Adagrad`): `s ← s + g²`, `p ← p - lr/(1 + (t - 1)·decay) · g / (√s + ε)`.
public final class Adagrad: Optimizer {
    /// The parameters.
    public let parameters: [Tensor]
    /// The learning rate.
    public var learningRate: Double
    let lrDecay: Double, weightDecay: Double, eps: Double
    private var steps: [Int]
    private var sums: [Tensor]

    /// An Adagrad optimizer.
    public init(
        _ parameters: [Tensor], lr: Double = 1e-2, lrDecay: Double = 0, weightDecay: Double = 0,
        initialAccumulatorValue: Double = 0, eps: Double = 1e-10
    ) throws {
        try [
            .learningRate(lr), .nonNegative("lr_decay", lrDecay), .nonNegative("weight_decay", weightDecay),
            .nonNegative("initial_accumulator_value", initialAccumulatorValue), .nonNegative("epsilon", eps),
        ].validate()
        try Update.validate(parameters, optimizer: "Adagrad")
        self.parameters = parameters
        learningRate = lr
        self.lrDecay = lrDecay
        self.weightDecay = weightDecay
        self.eps = eps
        steps = Array(repeating: 0, count: parameters.count)
        sums = try parameters.map { try Tensor.full($0.shape, initialAccumulatorValue, dtype: $0.dtype) }
    }

    /// One update.
    public func step() throws {
        for (i, p) in parameters.enumerated() {
            guard let g = try Update.gradient(of: p) else { continue }
            steps[i] += 1
            let clr = learningRate / (1 + Double(steps[i] - 1) * lrDecay)
            try Update.each(p, gradient: g, state: [sums[i]], AdagradUpdate(weightDecay: weightDecay, eps: eps, clr: clr))
        }
    }
}

/// RMSprop's formula for one element.
struct RMSpropUpdate: PerElementUpdate {
    let lr: Double, alpha: Double, eps: Double, weightDecay: Double, momentum: Double, centered: Bool

    func apply<T: TensorScalar>(_ k: Int, _ v: UnsafeBufferPointer<UnsafeMutablePointer<T>>) {
        var grad = v[1][k]
        if weightDecay != 0 { grad = grad.addingProduct(v[0][k], T(weightDecay)) }
        v[2][k] = (v[2][k] * T(alpha)).addingProduct(T(1 - alpha) * grad, grad)
        var average: T
        if centered {
            v[3][k] = v[3][k].addingProduct(T(1 - alpha), grad - v[3][k])
            average = v[2][k].addingProduct(-v[3][k], v[3][k]).squareRoot()
        } else {
            average = v[2][k].squareRoot()
        }
        average = average + T(eps)
        if momentum > 0 {
            v[4][k] = v[4][k] * T(momentum) + grad / average
            v[0][k] = v[0][k].addingProduct(v[4][k], T(-lr))
        } else {
            v[0][k] = v[0][k] + T(-lr) * grad / average
        }
    }
}

/// Adagrad's formula for one element.
struct AdagradUpdate: PerElementUpdate {
    let weightDecay: Double, eps: Double, clr: Double

    func apply<T: TensorScalar>(_ k: Int, _ v: UnsafeBufferPointer<UnsafeMutablePointer<T>>) {
        var grad = v[1][k]
        if weightDecay != 0 { grad = grad.addingProduct(v[0][k], T(weightDecay)) }
        v[2][k] = v[2][k].addingProduct(grad, grad)
        let std = v[2][k].squareRoot() + T(eps)
        v[0][k] = v[0][k] + T(-clr) * grad / std
    }
}
