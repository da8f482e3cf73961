import Autograd

/// How a numerical derivative is computed.
public enum DifferenceMethod: String, CaseIterable, Sendable, Codable {
    /// `(f(x + h) - f(x - h)) / 2h` with `h = eps` (PyTorch's gradcheck).
    case central
    /// GNU GSL's `gsl_deriv_central`: a 5-point rule with an adaptive step and an
    /// error estimate, which sets the tolerance.
    case gsl
    /// Richardson extrapolation of central differences over shrinking steps
    /// (Ridders' method): the most accurate, with an error estimate.
    case richardson

    /// The nominal step, at magnitude 1: the central difference's `eps`, GSL's initial
    /// `h`, or the scale of Richardson's first step (`0.5 · clamp(|x|, 1e-3, 1)`). Every
    /// method scales it to the input and keeps it inside the domain (`ProbeLine`).
    public var defaultStep: Double {
        switch self {
        case .central: return 1e-6
        case .gsl: return 1e-4
        case .richardson: return 0.5
        }
    }
}

/// A numerical derivative with its error estimate (0 when the method gives none).
public struct DerivativeEstimate: Sendable, Equatable {
    /// The derivative.
    public var value: Double
    /// The method's estimate of the absolute error of `value`.
    public var error: Double
    /// Function evaluations spent.
    public var evaluations: Int
}

/// Derivatives of scalar functions of one variable.
public enum ScalarDerivative {
    /// The derivative of `f` at `x` by `method`, with step `h` at magnitude 1 (the method's
    /// default when nil) scaled and kept inside `edges` as `ProbeLine` says. Throws for a
    /// step that is not a positive finite number, and for a non-finite `x`.
    public static func estimate(
        _ method: DifferenceMethod, of f: (Double) throws -> Double, at x: Double, step h: Double? = nil,
        edges: [Double] = [0]
    ) throws -> DerivativeEstimate {
        if let h, !(h.isFinite && h > 0) {
            throw AutogradError(.invalidArgument, "the step must be a positive finite number, got \(h)")
        }
        guard x.isFinite else { throw AutogradError(.invalidArgument, "the point must be a finite number, got \(x)") }
        return try NumericalDerivative.estimate(method, of: { [try f($0)] }, at: x, line: .element(x, edges: edges), eps: h)[0]
    }
}
