import RealModule

/// Changes an optimizer's learning rate once per epoch (`torch.optim.lr_scheduler`).
public protocol LRScheduler: AnyObject {
    /// The optimizer whose learning rate it sets.
    var optimizer: any Optimizer { get }
    /// Advances one epoch and updates the learning rate; throws where PyTorch's step raises.
    func step() throws
}

extension LRScheduler {
    /// The learning rate of each parameter group after the last step (`get_last_lr()`).
    public func getLastLR() -> [Double] { optimizer.paramGroups.map(\.lr) }
}

/// Multiplies the learning rate by `gamma` every `stepSize` epochs (`StepLR`).
public final class StepLR: LRScheduler {
    /// The optimizer.
    public let optimizer: any Optimizer
    let stepSize: Int, gamma: Double
    private(set) var epoch = 0

    /// A step schedule.
    public init(_ optimizer: any Optimizer, stepSize: Int, gamma: Double = 0.1) {
        self.optimizer = optimizer
        self.stepSize = stepSize
        self.gamma = gamma
    }

    /// `lr ← lr·γ` when the epoch reaches a multiple of `stepSize`; a `stepSize` of 0 is
    /// Python's `ZeroDivisionError` at the first step, as in PyTorch.
    public func step() throws {
        guard stepSize != 0 else { throw AutogradError(.invalidArgument, "integer modulo by zero") }
        epoch += 1
        if epoch % stepSize == 0 { optimizer.learningRate *= gamma }
    }
}

/// Multiplies the learning rate by `gamma` every epoch (`ExponentialLR`).
public final class ExponentialLR: LRScheduler {
    /// The optimizer.
    public let optimizer: any Optimizer
    let gamma: Double

    /// An exponential schedule.
    public init(_ optimizer: any Optimizer, gamma: Double) {
        self.optimizer = optimizer
        self.gamma = gamma
    }

    /// `lr ← lr·γ`.
    public func step() throws { optimizer.learningRate *= gamma }
}

/// Cosine annealing from the initial rate to `etaMin` over `tMax` epochs (`CosineAnnealingLR`),
/// with PyTorch's recursive update.
public final class CosineAnnealingLR: LRScheduler {
    /// The optimizer.
    public let optimizer: any Optimizer
    let tMax: Int, etaMin: Double, baseLR: Double
    private(set) var epoch = 0

    /// A cosine schedule.
    public init(_ optimizer: any Optimizer, tMax: Int, etaMin: Double = 0) {
        self.optimizer = optimizer
        self.tMax = tMax
        self.etaMin = etaMin
        baseLR = optimizer.learningRate
    }

    /// One epoch of annealing; a `tMax` of 0 is Python's `ZeroDivisionError`, as in PyTorch.
    public func step() throws {
        guard tMax != 0 else { throw AutogradError(.invalidArgument, "integer modulo by zero") }
        epoch += 1
        let lr = optimizer.learningRate
        let t = Double(tMax)
        // In 128 bits, as Python's integers, so that no tMax overflows.
        let (e, m) = (Int128(epoch), Int128(tMax))
        if (e - 1 - m) % (2 * m) == 0 {
            optimizer.learningRate = lr + (baseLR - etaMin) * (1 - Double.cos(Double.pi / t)) / 2
        } else {
            optimizer.learningRate =
                (1 + Double.cos(Double.pi * Double(epoch) / t))
                / (1 + Double.cos(Double.pi * Double(epoch - 1) / t)) * (lr - etaMin) + etaMin
        }
    }
}

/// Lowers the learning rate by `factor` when a metric stops improving for `patience`
/// epochs (`ReduceLROnPlateau`, relative threshold).
public final class ReduceLROnPlateau {
    /// Whether smaller or larger metrics are better.
    public enum Mode: Sendable { case min, max }
    /// The optimizer.
    public let optimizer: any Optimizer
    let mode: Mode, factor: Double, patience: Int, threshold: Double, cooldown: Int, minLR: Double, eps: Double
    private var best: Double
    private var badEpochs = 0
    private var cooldownLeft = 0

    /// A plateau schedule; `factor` must be below 1.
    public init(
        _ optimizer: any Optimizer, mode: Mode = .min, factor: Double = 0.1, patience: Int = 10,
        threshold: Double = 1e-4, cooldown: Int = 0, minLR: Double = 0, eps: Double = 1e-8
    ) throws {
        guard factor < 1 else { throw AutogradError(.invalidArgument, "Factor should be < 1.0.") }
        self.optimizer = optimizer
        self.mode = mode
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.cooldown = cooldown
        self.minLR = minLR
        self.eps = eps
        best = mode == .min ? .infinity : -.infinity
    }

    /// The learning rate of each parameter group after the last step (`get_last_lr()`).
    public func getLastLR() -> [Double] { optimizer.paramGroups.map(\.lr) }

    /// Records this epoch's metric and lowers the rate after `patience` epochs without improvement.
    public func step(_ metric: Double) {
        let better = mode == .min ? metric < best * (1 - threshold) : metric > best * (1 + threshold)
        if better {
            best = metric
            badEpochs = 0
        } else {
            badEpochs += 1
        }
        if cooldownLeft > 0 {
            cooldownLeft -= 1
            badEpochs = 0
        }
        if badEpochs > patience {
            let old = optimizer.learningRate
            let new = Swift.max(old * factor, minLR)
            if old - new > eps { optimizer.learningRate = new }
            cooldownLeft = cooldown
            badEpochs = 0
        }
    }
}
