import CKernels

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
    public init(
        _ parameters: [Tensor], lr: Double = 1e-3, momentum: Double = 0, dampening: Double = 0,
        weightDecay: Double = 0, nesterov: Bool = false, maximize: Bool = false
    ) throws {
        let settings: [Hyperparameter] = [.learningRate(lr), .nonNegative("momentum", momentum), .nonNegative("weight_decay", weightDecay)]
        try settings.map(\.checkedAsSGD).validate()
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
            let update = SGDUpdate(
                weightDecay: weightDecay, momentum: momentum, keep: 1 - dampening, lr: learningRate,
                sign: maximize ? -1 : 1, nesterov: nesterov, firstStep: firstStep)
            try Update.each(p, gradient: g, state: buffers, update)
        }
    }
}

/// SGD's update of one parameter.
struct SGDUpdate: ElementUpdate {
    let weightDecay: Double, momentum: Double, keep: Double, lr: Double, sign: Double
    let nesterov: Bool, firstStep: Bool

    /// The rule is C's `gradlab_sgd` (CKernels/OptimizerKernels.c): per element,
    /// `g = grad·sign`, plus `param·weightDecay`; with momentum `buf = g` on the first step,
    /// else `buf·momentum + keep·g`, and `g = buf` (Nesterov: `g + momentum·buf`); then
    /// `param -= lr·g`, each multiply-add fused.
    func applyAll<T: TensorScalar>(count: Int, _ v: UnsafeBufferPointer<UnsafeMutablePointer<T>>) {
        var settings = gradlab_sgd_settings(
            lr: lr, weight_decay: weightDecay, momentum: momentum, keep: keep,
            sign: sign, nesterov: nesterov, first_step: firstStep)
        let buffer = v.count > 2 ? v[2] : nil
        if T.self == Float.self {
            gradlab_sgd_f32(v[0].retyped(Float.self), v[1].retyped(Float.self), buffer?.retyped(Float.self), count, &settings)
        } else {
            gradlab_sgd_f64(v[0].retyped(Double.self), v[1].retyped(Double.self), buffer?.retyped(Double.self), count, &settings)
        }
    }
}
