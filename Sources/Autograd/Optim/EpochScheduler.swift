/// The base of a learning-rate schedule written as a rule from the epoch count to the rate,
/// as a subclass of PyTorch's `LRScheduler` (`_LRScheduler`) overrides `get_lr()`.
///
/// Subclass it and override `getLR()`, reading `lastEpoch` and `baseLRs`:
///
/// ```swift
/// final class Halving: EpochScheduler {
///     override func getLR() -> [Double] { baseLRs.map { $0 / Double(1 << min(lastEpoch, 30)) } }
/// }
/// ```
///
/// As in PyTorch, making the scheduler performs a first step (epoch 0) that sets the rate to
/// `getLR()` at epoch 0; each `step()` then advances one epoch.
open class EpochScheduler: LRScheduler {
    /// The optimizer whose learning rate it sets.
    public let optimizer: any Optimizer
    /// Each parameter group's learning rate when the scheduler was made (`base_lrs`).
    public let baseLRs: [Double]
    /// The epochs stepped so far: 0 after the constructor's first step (`last_epoch`).
    public private(set) var lastEpoch = -1

    /// A schedule over `optimizer`'s current learning rates; sets the epoch-0 rate at once.
    public init(_ optimizer: any Optimizer) {
        self.optimizer = optimizer
        baseLRs = optimizer.paramGroups.map(\.lr)
        advance()
    }

    /// The learning rate of each parameter group at `lastEpoch`; override it. The base
    /// keeps the base rates.
    open func getLR() -> [Double] { baseLRs }

    /// Advances one epoch and sets each group's rate to `getLR()`.
    public func step() throws { advance() }

    private func advance() {
        lastEpoch += 1
        for (group, lr) in zip(optimizer.paramGroups, getLR()) { group.lr = lr }
    }
}

/// The learning rate at epoch `e` is the base rate times `lrLambda(e)` (`LambdaLR`).
public final class LambdaLR: EpochScheduler {
    private let lrLambda: (Int) -> Double

    /// A schedule whose factor at each epoch is `lrLambda(epoch)`.
    public init(_ optimizer: any Optimizer, lrLambda: @escaping (Int) -> Double) {
        self.lrLambda = lrLambda
        super.init(optimizer)
    }

    /// `base · lrLambda(lastEpoch)` for each group.
    override public func getLR() -> [Double] { baseLRs.map { $0 * lrLambda(lastEpoch) } }
}
