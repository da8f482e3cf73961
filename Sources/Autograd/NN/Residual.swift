/// A residual (skip) connection around a module: `core(x) + x`, the block residual networks
/// stack so that each layer learns a correction to its input and the gradient reaches early
/// layers through the identity path. PyTorch has no class for it (programs write a small
/// `ResidualBlock`); the derivative is the sum's: the incoming gradient goes both through
/// `core` and straight to `x`.
public final class Residual: Module {
    /// Training mode.
    public var isTraining = true
    /// The module the connection goes around; its output must broadcast with its input.
    public let core: any Module

    /// A residual connection around `core`.
    public init(_ core: any Module) { self.core = core }

    /// `("core", core)`.
    public var children: [(String, any Module)] { [("core", core)] }

    /// `core(input) + input`; throws PyTorch's broadcasting error when the shapes disagree.
    public func forward(_ input: Tensor) throws -> Tensor { try core(input) + input }
}
