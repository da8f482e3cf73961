import CKernels
import RealModule

/// Adam and AdamW (`torch.optim.Adam`, `torch.optim.AdamW`):
///
/// ```
/// (Adam) g ← g + wd·p    (AdamW) p ← p·(1 - lr·wd)
/// m ← lerp(m, g, 1 - β1);  v ← β2·v + (1 - β2)·g²
/// p ← p - lr/(1 - β1ᵗ) · m / (√v / √(1 - β2ᵗ) + ε)
/// ```
public class Adam: Optimizer {
    /// The parameters.
    public let parameters: [Tensor]
    /// The learning rate.
    public var learningRate: Double
    let beta1: Double, beta2: Double, eps: Double, weightDecay: Double, decoupled: Bool, amsgrad: Bool, maximize: Bool
    /// Per parameter: the updates made so far. Only `step()` touches this and `state`, one
    /// access at a time, so they skip the run-time exclusivity checks (about 6% of `step()`
    /// in the house-price network's profile went to them).
    @exclusivity(unchecked) private var steps: [Int]
    /// Per parameter: the first moment, the second moment and its running maximum (AMSGrad).
    @exclusivity(unchecked) private var state: OptimizerState

    /// Adam; `decoupledWeightDecay: true` makes it AdamW.
    public init(
        _ parameters: [Tensor], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
        weightDecay: Double = 0, amsgrad: Bool = false, maximize: Bool = false,
        decoupledWeightDecay: Bool = false
    ) throws {
        try [
            .learningRate(lr), .nonNegative("epsilon", eps), .beta(0, betas.0), .beta(1, betas.1),
            .nonNegative("weight_decay", weightDecay),
        ].validate()
        try Update.validate(parameters, optimizer: decoupledWeightDecay ? "AdamW" : "Adam")
        self.parameters = parameters
        learningRate = lr
        (beta1, beta2) = betas
        self.eps = eps
        self.weightDecay = weightDecay
        decoupled = decoupledWeightDecay
        self.amsgrad = amsgrad
        self.maximize = maximize
        steps = Array(repeating: 0, count: parameters.count)
        state = OptimizerState(parameterCount: parameters.count)
    }

    /// One update.
    public func step() throws {
        let learningRate = learningRate
        for (i, p) in parameters.enumerated() {
            guard let g = try Update.gradient(of: p) else { continue }
            steps[i] += 1
            let t = Double(steps[i])
            let stepSize = learningRate / (1 - Double.pow(beta1, t))
            let correction2 = (1 - Double.pow(beta2, t)).squareRoot()
            let update = AdamUpdate(
                lr: learningRate, weightDecay: weightDecay, beta1: beta1, beta2: beta2, eps: eps,
                decoupled: decoupled, amsgrad: amsgrad, sign: maximize ? -1 : 1,
                stepSize: stepSize, correction2: correction2)
            try Update.each(p, gradient: g, state: state.tensors(for: i, like: p, count: 3), update)
        }
    }
}

/// Adam's update of one parameter: `lerp` and `addcmul` fused as PyTorch's kernels fuse them.
struct AdamUpdate: ElementUpdate {
    let lr: Double, weightDecay: Double, beta1: Double, beta2: Double, eps: Double
    let decoupled: Bool, amsgrad: Bool, sign: Double, stepSize: Double, correction2: Double

    /// The rule is C's `gradlab_adam` (CKernels/OptimizerKernels.c): per element,
    /// `g = grad·sign` with weight decay (AdamW: `param·(1 - lr·weightDecay)`, Adam:
    /// `g + param·weightDecay`), `m += (1-β₁)(g - m)`, `v = β₂v + (1-β₂)g·g` (amsgrad keeps
    /// the largest `v`), then `param += -stepSize·m / (√v / correction2 + eps)`.
    func applyAll<T: TensorScalar>(count: Int, _ v: UnsafeBufferPointer<UnsafeMutablePointer<T>>) {
        var settings = gradlab_adam_settings(
            lr: lr, weight_decay: weightDecay, beta1: beta1, beta2: beta2, eps: eps,
            sign: sign, step_size: stepSize, correction2: correction2,
            decoupled: decoupled, amsgrad: amsgrad)
        let maxSecond = v.count > 4 ? v[4] : nil
        if T.self == Float.self {
            gradlab_adam_f32(
                v[0].retyped(Float.self), v[1].retyped(Float.self), v[2].retyped(Float.self),
                v[3].retyped(Float.self), maxSecond?.retyped(Float.self), count, &settings)
        } else {
            gradlab_adam_f64(
                v[0].retyped(Double.self), v[1].retyped(Double.self), v[2].retyped(Double.self),
                v[3].retyped(Double.self), maxSecond?.retyped(Double.self), count, &settings)
        }
    }
}

/// AdamW: Adam with decoupled weight decay (`torch.optim.AdamW`, default weight decay 0.01).
public final class AdamW: Adam {
    /// AdamW; its weight decay shrinks the parameters, `p ← p·(1 - lr·wd)`, apart from the gradient.
    public init(
        _ parameters: [Tensor], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
        weightDecay: Double = 1e-2, amsgrad: Bool = false, maximize: Bool = false
    ) throws {
        try super.init(
            parameters, lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, amsgrad: amsgrad,
            maximize: maximize, decoupledWeightDecay: true)
    }
}
