/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum
/// and weight decay (`torch.optim.SGD`):
///
/// ```
/// g ← g + wd·p;  b ← g (first step) or μ·b + (1 - τ)·g;  g ← g + μ·b (Nesterov) or b;  p ← p - lr·g
/// ```
public final class SGD: Optimizer {
    /// The parameters.
    public let parameters: [Tensor]
    /// The learning rate.
    public var learningRate: Double
    let momentum: Double, dampening: Double, weightDecay: Double, nesterov: Bool, maximize: Bool
    private var state: OptimizerState

    /// An SGD optimizer; throws PyTorch's errors for invalid settings.
    public init(_ parameters: [Tensor], lr: Double = 1e-3, momentum: Double = 0, dampening: Double = 0,
                weightDecay: Double = 0, nesterov: Bool = false, maximize: Bool = false) throws {
        guard lr >= 0 else { throw AutogradError(.invalidArgument, "Invalid learning rate: \(lr)") }
        guard momentum >= 0 else { throw AutogradError(.invalidArgument, "Invalid momentum value: \(momentum)") }
        guard weightDecay >= 0 else { throw AutogradError(.invalidArgument, "Invalid weight_decay value: \(weightDecay)") }
        if nesterov && (momentum <= 0 || dampening != 0) {
            throw AutogradError(.invalidArgument, "Nesterov momentum requires a momentum and zero dampening")
        }
        try Update.validate(parameters, optimizer: "SGD")
        self.parameters = parameters
        learningRate = lr
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.nesterov = nesterov
        self.maximize = maximize
        state = OptimizerState(parameterCount: parameters.count)
    }

    /// One update.
    public func step() throws {
        for (i, p) in parameters.enumerated() {
            guard let g = try Update.gradient(of: p) else { continue }
            let firstStep = state.isEmpty(i)
            let buffers = momentum != 0 ? try state.tensors(for: i, like: p, count: 1) : []
            let update = SGDUpdate(weightDecay: weightDecay, momentum: momentum, keep: 1 - dampening, lr: learningRate,
                                   sign: maximize ? -1 : 1, nesterov: nesterov, firstStep: firstStep)
            try Update.each(p, gradient: g, state: buffers, update)
        }
    }
}

/// SGD's formula for one element.
struct SGDUpdate: ElementUpdate {
    let weightDecay: Double, momentum: Double, keep: Double, lr: Double, sign: Double
    let nesterov: Bool, firstStep: Bool

    func apply<T: TensorScalar>(_ k: Int, _ v: [UnsafeMutablePointer<T>]) {
        var grad = v[1][k] * T(sign)
        if weightDecay != 0 { grad = grad.addingProduct(v[0][k], T(weightDecay)) }
        if momentum != 0 {
            v[2][k] = firstStep ? grad : (v[2][k] * T(momentum)).addingProduct(grad, T(keep))
            grad = nesterov ? grad.addingProduct(v[2][k], T(momentum)) : v[2][k]
        }
        v[0][k] = v[0][k].addingProduct(grad, T(-lr))
    }
}
