import Autograd
import GradCheck

/// A deliberately wrong backward rule, the inputs to check it at, and what must catch it:
/// one case of the audit that proves gradcheck fails wrong work.
public struct WrongRule: Sendable, CustomStringConvertible {
    /// The kind of mistake, for the audit's table.
    public enum Mistake: String, Sendable, CaseIterable {
        case constantFactor, sign, wrongFunction, transpose, broadcast, someElementsOnly, smallError, float32,
            layoutOnly, savedInputCorruption, gradOutputIgnored, droppedGradient, secondOrder, nearZeroBranch,
            domainEdge, atAKink, nondeterministic, wrongShape, swappedInputs, largeMagnitude, undefinedGradient,
            float32Inputs
    }

    /// What the rule gets wrong, e.g. `sign flipped (exp)`.
    public let name: String
    /// The class of mistake.
    public let mistake: Mistake
    /// The inputs.
    public let inputs: [AuditInput]
    /// Methods that miss it by design: the error is below their tolerance (central's
    /// rtol 1e-3 cannot see a relative 1e-6).
    public let missedBy: Set<DifferenceMethod>
    /// Whether fast mode may miss it by design: an error so small (float32 rounding,
    /// 1e-8 relative) that the random projection can cancel it.
    public let fastModeMayMiss: Bool
    /// Whether the mistake is in the second derivative (checked by gradgradcheck).
    public let secondOrder: Bool
    /// The function whose backward is wrong.
    public let function: @Sendable ([Tensor]) throws -> Tensor

    /// The name.
    public var description: String { name }

    init(
        _ name: String, _ mistake: Mistake, _ inputs: [AuditInput], missedBy: Set<DifferenceMethod> = [],
        fastModeMayMiss: Bool = false, secondOrder: Bool = false, _ function: @escaping @Sendable ([Tensor]) throws -> Tensor
    ) {
        (self.name, self.mistake, self.inputs, self.missedBy, self.fastModeMayMiss, self.secondOrder, self.function) =
            (name, mistake, inputs, missedBy, fastModeMayMiss, secondOrder, function)
    }

    /// The inputs for audit seed `seed`.
    public func sample(seed: UInt64) throws -> [Tensor] { try AuditInput.draw(inputs, name: name, seed: seed) }

    /// The report of checking this rule at `seed` with `options` (gradgradcheck for a
    /// second-order mistake).
    public func check(seed: UInt64, options: GradCheckOptions) throws -> GradCheckReport {
        let inputs = try sample(seed: seed)
        if secondOrder { return try gradgradcheckReport(function, inputs: inputs, options: options) }
        return try gradcheckReport({ [try function($0)] }, inputs: inputs, options: options)
    }
}

/// `value` with the Jacobian of `surrogate`: the forward of one function with the backward
/// of another (`surrogate - surrogate.detach()` is exactly zero), the shortest way to write
/// a wrong rule whose mistake is a different derivative.
func withGradient(of surrogate: Tensor, value: Tensor) throws -> Tensor {
    try value.detach() + (surrogate - surrogate.detach())
}

extension WrongRule {
    /// The inputs the audit checks this rule at for `seed`.
    public func inputs(seed: UInt64) throws -> [Tensor] {
        try AuditInput.draw(inputs, name: name, seed: seed)
    }
}
