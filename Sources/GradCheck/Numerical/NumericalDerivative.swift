/// Numerical derivatives of a vector function of one variable: the one entry point
/// for each method, shared by gradcheck's Jacobians, fast mode, the kink screen, the
/// diagnosis of failing elements and the accuracy battery.
///
/// Steps come from the `ProbeLine` (scaled to the input's magnitude, inside the
/// domain). Where a probe throws or returns NaN although the function is finite at the
/// point itself, the estimate is taken again with a step 8 times smaller, up to
/// `shrinks` times, instead of failing: near a domain edge the smaller step stays inside.
public enum NumericalDerivative {
    /// Retries with a step 8 times smaller (8 retries shrink the step by about 1.7e7).
    static let shrinks = 8

    /// The derivative of every component of `f` at `x` by `method`; `eps` overrides the
    /// method's nominal step (`DifferenceMethod.defaultStep`). Throws what `f` throws at the
    /// smallest step tried.
    public static func estimate(
        _ method: DifferenceMethod, of f: (Double) throws -> [Double], at x: Double,
        line: ProbeLine, eps: Double? = nil
    ) throws -> [DerivativeEstimate] {
        let line = line.adapted(to: f, at: x)
        var valuesAtX: [Double]?
        return try shrinking(
            from: eps ?? method.defaultStep,
            { nominal in
                try once(method, of: f, at: x, line: line, nominal: nominal)
            },
            accept: { result in
                let undefined = result.indices.filter { result[$0].value.isNaN }
                if undefined.isEmpty { return true }
                // A NaN derivative where the function itself is NaN is the function's answer.
                if valuesAtX == nil { valuesAtX = try f(x) }
                return undefined.allSatisfy { $0 < valuesAtX!.count && valuesAtX![$0].isNaN }
            })
    }

    /// The one shrinking rule: `attempt` at `nominal`, then at steps 8 times smaller while it
    /// throws `ForwardFailure` or `accept` refuses its result, up to `shrinks` times; the
    /// last attempt's result, or what it throws, stands.
    private static func shrinking<Result>(
        from nominal: Double, _ attempt: (Double) throws -> Result,
        accept: (Result) throws -> Bool
    ) throws -> Result {
        var nominal = nominal
        for _ in 0..<shrinks {
            let result: Result
            do { result = try attempt(nominal) } catch is ForwardFailure {
                nominal /= 8
                continue
            }
            if try accept(result) { return result }
            nominal /= 8
        }
        return try attempt(nominal)
    }

    /// One estimate at the step the line gives for `nominal`.
    static func once(
        _ method: DifferenceMethod, of f: (Double) throws -> [Double], at x: Double,
        line: ProbeLine, nominal: Double
    ) throws -> [DerivativeEstimate] {
        switch method {
        case .central:
            // PyTorch's formula, with its step: `(f(x + h) - f(x - h)) / 2h`, divided by the
            // spacing of the points the input really takes (float32 rounds them).
            let h = line.step(nominal: nominal)
            let (up, down, spacing) = line.centralPoints(at: x, step: h)
            let plus = try f(up), minus = try f(down)
            try Richardson.requireSameCount(plus, minus, as: plus.count)
            return zip(plus, minus).map { DerivativeEstimate(value: ($0 - $1) / spacing, error: 0, evaluations: 2) }
        case .richardson:
            return try Richardson.estimate(
                of: f, at: x, on: line, firstStep: Richardson.firstStep(on: line, scale: nominal),
                referenceStep: line.step(nominal: DifferenceMethod.central.defaultStep))
        case .gsl:
            // GSL differentiates one scalar function at a time; share evaluations through a cache.
            var cache: [Double: [Double]] = [:]
            func cached(_ t: Double) throws -> [Double] {
                if let hit = cache[t] { return hit }
                let value = try f(t)
                cache[t] = value
                return value
            }
            let atX = try cached(x)
            let count = atX.count
            let h = line.step(nominal: nominal)
            return try (0..<count).map { j in
                var estimate = try GSLDerivative.estimate(
                    .central,
                    of: { t in
                        let values = try cached(t)
                        try Richardson.requireSameCount(values, values, as: count)
                        return values[j]
                    }, at: x, step: h)
                estimate.error += line.roundingBeyondFloat64(values: Swift.abs(atX[j]), step: h)
                return estimate
            }
        }
    }

    /// The left and right derivatives of `f` at `x` (GSL's one-sided 4-point rules), at
    /// the step the line gives GSL, shrinking where `f` throws or returns NaN.
    static func oneSided(
        of f: (Double) throws -> Double, at x: Double, line: ProbeLine,
        nominal first: Double = DifferenceMethod.gsl.defaultStep
    )
        throws -> (left: DerivativeEstimate, right: DerivativeEstimate)
    {
        let line = line.adapted(to: { [try f($0)] }, at: x)
        return try shrinking(
            from: first,
            { nominal in
                let h = line.step(nominal: nominal)
                var (left, right) = (
                    try GSLDerivative.estimate(.backward, of: f, at: x, step: h),
                    try GSLDerivative.estimate(.forward, of: f, at: x, step: h)
                )
                let rounding = line.roundingBeyondFloat64(values: Swift.abs(try f(x)), step: h)
                left.error += rounding
                right.error += rounding
                return (left, right)
            }, accept: { !($0.left.value.isNaN || $0.right.value.isNaN) })
    }
}
