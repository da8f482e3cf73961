import CGSL

/// GNU GSL's numerical differentiation (`gsl/deriv/deriv.c`), called through the
/// `CGSL` system-library target.
///
/// `central` uses the 5-point rule on `x ± h, x ± h/2`, estimates its truncation and
/// rounding errors, and repeats once with the step that balances them;
/// `forward` and `backward` use one-sided 4-point rules on `[x, x + h]` and
/// `[x - h, x]`, which is what kink detection compares.
public enum GSLDerivative {
    /// Which GSL routine.
    public enum Kind: Sendable {
        /// `gsl_deriv_central`.
        case central
        /// `gsl_deriv_forward` (the right derivative).
        case forward
        /// `gsl_deriv_backward` (the left derivative).
        case backward
    }

    /// The function GSL calls back, with the first error it threw and an evaluation count.
    private final class Callback {
        let f: (Double) throws -> Double
        var error: Error?
        var evaluations = 0
        init(_ f: @escaping (Double) throws -> Double) { self.f = f }
    }

    private static let errorHandlerOff: Void = {
        gsl_set_error_handler_off()
        return ()
    }()

    /// The derivative of `f` at `x` by GSL's `kind` routine with initial step `h`.
    public static func estimate(_ kind: Kind, of f: (Double) throws -> Double, at x: Double, step h: Double) throws -> DerivativeEstimate {
        _ = errorHandlerOff
        return try withoutActuallyEscaping(f) { escapable in
            let callback = Callback(escapable)
            var function = gsl_function(
                function: { x, params in
                    let callback = Unmanaged<Callback>.fromOpaque(params!).takeUnretainedValue()
                    callback.evaluations += 1
                    if callback.error != nil { return .nan }
                    do { return try callback.f(x) } catch {
                        callback.error = error
                        return .nan
                    }
                },
                params: Unmanaged.passUnretained(callback).toOpaque())
            var result = 0.0, abserr = 0.0
            withExtendedLifetime(callback) {
                switch kind {
                case .central: _ = gsl_deriv_central(&function, x, h, &result, &abserr)
                case .forward: _ = gsl_deriv_forward(&function, x, h, &result, &abserr)
                case .backward: _ = gsl_deriv_backward(&function, x, h, &result, &abserr)
                }
            }
            if let error = callback.error { throw error }
            return DerivativeEstimate(value: result, error: abserr, evaluations: callback.evaluations)
        }
    }
}
