import Autograd

/// What gradcheck found: a failed check, or an irregularity it examined and accepted.
public enum FindingKind: String, Sendable, Codable, CaseIterable {
    /// The analytical derivative disagrees with a numerical one that a careful second
    /// estimate confirms: the backward rule is wrong.
    case wrongDerivative
    /// At a non-differentiable point, the analytical value lies outside the interval
    /// between the left and right derivatives.
    case wrongAtKink
    /// Every probe near the input threw or returned NaN: the input is at or beyond an edge
    /// of the function's domain.
    case outsideDomain
    /// A Jacobian holds NaN or infinity where the other does not.
    case nonFinite
    /// Fast mode's projection `vᵀJu` disagrees (slow mode's findings follow it).
    case fastModeMismatch
    /// The forward-mode Jacobian (from dual passes) disagrees with the numerical one: a
    /// forward rule is wrong (`checkForwardAD`).
    case wrongForwardDerivative
    /// Forward and reverse mode disagree on `⟨u, J v⟩ = ⟨Jᵀ u, v⟩` for random `u` and `v`:
    /// one of the two rules is wrong (`checkForwardAD`, no finite differences involved).
    case forwardReverseMismatch
    /// A dual pass threw: an op or a custom function has no forward rule (`checkForwardAD`).
    case forwardModeFailed
    /// The function or its backward wrote to an input.
    case inputModified
    /// The function threw at a point near the inputs.
    case forwardFailed
    /// The backward pass threw.
    case backwardFailed
    /// A gradient's shape or dtype differs from its input's.
    case wrongGradientShape
    /// An output's shape, dtype or count changed under perturbation.
    case outputChanged
    /// Two backward passes with the same output gradient disagree beyond `nondetTol`.
    case notReentrant
    /// A zero output gradient gave a nonzero input gradient.
    case notMultipliedByGradOutput
    /// Backward failed on, or gave a nonzero gradient for, undefined output gradients.
    case undefinedGradient
    /// No output requires grad, yet the outputs change with the inputs.
    case noDifferentiableOutput
    /// The function's outputs depend on different inputs on different threads.
    case threadDependent
    /// No input requires grad.
    case noInputRequiresGrad
    /// An input has overlapping (expanded) memory.
    case overlappingInput
    /// Accepted: a non-differentiable point where the analytical value lies between the
    /// one-sided derivatives (the default `KinkPolicy.interval`).
    case kinkAccepted
    /// Accepted: the method's numerical value was off (rounding, cancellation, a step too
    /// large for the curvature) and a careful estimate agrees with the analytical value.
    case finiteDifferenceNoise

    /// Whether a finding of this kind fails the check (the last two are notes).
    public var isFailure: Bool { self != .kinkAccepted && self != .finiteDifferenceNoise }
}

/// A mistake that a wrong Jacobian's pattern points to, compared with the numerical one.
public enum LikelyMistake: Sendable, Codable, Equatable {
    /// Every analytical entry is zero: a detached or missing gradient.
    case zeroGradient
    /// The analytical Jacobian is the numerical one times a constant (2, 1/2, -1, ...).
    case constantFactor(Double)
    /// The gradient is the numerical one with its two dimensions swapped.
    case transposed
    /// The gradient is (numerically) that of another input, by index.
    case otherInputsGradient(Int)
    /// Right in magnitude, wrong in sign for some elements only.
    case signWrongForSomeElements
    /// Right to about float32's precision only: a float32 step inside the backward.
    case float32Precision
    /// The backward does not scale with the output gradient.
    case notMultipliedByGradOutput

    /// The mistake in words, for the message.
    public var explanation: String {
        switch self {
        case .zeroGradient:
            return "the gradient is zero everywhere: a detached tensor, a missing term, or no connection to this input"
        case .constantFactor(let c):
            return
                "the gradient is the right one times \(ConstantFactor.describe(c)): a constant factor is missing or extra (a 2 from a square, a 1/N from a mean, a sign)"
        case .transposed:
            return "the gradient is the right one transposed: a matrix in the rule needs .t() (or has one too many)"
        case .otherInputsGradient(let other):
            return "the gradient is the one that belongs to argument \(other): the rule returns its gradients in the wrong order or uses the wrong saved tensor"
        case .signWrongForSomeElements:
            return "the gradient has the right magnitude but the wrong sign for some elements: an abs() or a sign() is missing or extra"
        case .float32Precision:
            return "the gradient is right only to float32 precision (about 1e-7 relative): part of the backward runs in float32"
        case .notMultipliedByGradOutput:
            return "the backward does not scale with its output gradient: multiply by grad_output"
        }
    }
}

/// Readable names for the constant factors that mistakes produce.
enum ConstantFactor {
    /// The factors recognised by name, each with its text.
    static let named: [(Double, String)] = [
        (2, "2"), (0.5, "1/2"), (-1, "-1"), (-2, "-2"), (-0.5, "-1/2"), (3, "3"), (1.0 / 3, "1/3"), (4, "4"), (0.25, "1/4"),
    ]

    static func describe(_ c: Double) -> String {
        named.first { Swift.abs($0.0 - c) <= 1e-6 * Swift.abs(c) }?.1 ?? NumberFormat.general(c, 6)
    }
}

/// One thing gradcheck found, with its kind, its message and, for a wrong derivative,
/// the likely mistake and the graph node where the error starts.
public struct GradCheckFinding: Sendable, Codable {
    /// What was found.
    public let kind: FindingKind
    /// The full message: what, where, why, and what to do.
    public let message: String
    /// For a wrong derivative, the mistake its pattern points to, if one fits.
    public var likelyMistake: LikelyMistake?
    /// For a wrong derivative of a composite function, the first node whose rule
    /// disagrees, e.g. `MulBackward0: gradient for input 1 is wrong`.
    public var location: String?
    /// The output and input (positions in your arrays) of a Jacobian finding; nil for
    /// findings about the whole function.
    public var output: Int?, input: Int?

    /// Whether this finding fails the check.
    public var isFailure: Bool { kind.isFailure }

    init(
        kind: FindingKind, output: Int? = nil, input: Int? = nil, message: String,
        likelyMistake: LikelyMistake? = nil, location: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.likelyMistake = likelyMistake
        self.location = location
        (self.output, self.input) = (output, input)
    }
}
