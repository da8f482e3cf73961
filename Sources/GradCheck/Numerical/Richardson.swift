import Autograd

/// Richardson extrapolation of central differences (Ridders' method).
///
/// Central differences `D(h)` have an error series in `h², h⁴, ...`. Starting from
/// a large `h` and shrinking it by `1.4` each row, a Neville tableau eliminates one
/// error term per column; the answer is the entry that changed least from its
/// neighbours, and that change is the error estimate. The search stops when
/// rounding makes the diagonal grow again. Accuracy near 1e-13 relative is typical
/// for smooth functions, at about 2 evaluations per row.
public enum Richardson {
    static let shrink = 1.4
    static let rows = 14
    static let safety = 2.0

    /// The first step on `line`: `scale · clamp(magnitude, 1e-3, 1)`, and at most half the
    /// line's room, so a positive-domain function (log, sqrt) at `x` is evaluated only
    /// inside `(x/2, 3x/2)`; above magnitude 1 it does not grow, so periodic functions are
    /// not under-sampled (the error estimate accounts for rounding at large magnitudes),
    /// but it stays above 1e-8 of the magnitude, which x + h can still represent.
    static func firstStep(on line: ProbeLine, scale: Double) -> Double {
        // Never below 1e-8 of the magnitude (about the square root of float64's resolution,
        // and float32's square root on a float32 line): at 2^52 a step of 0.5 would not move x at all.
        let floor = 1e-8 * (line.resolution / ProbeLine.float64Resolution).squareRoot() * line.magnitude
        return Swift.min(Swift.max(scale * Swift.min(Swift.max(line.magnitude, 1e-3), 1), floor), line.room / 2)
    }

    /// Derivatives at `x` of every component of the vector function `f`, sharing evaluations,
    /// from a tableau whose first step is `firstStep`.
    ///
    /// The error estimate adds to the tableau's change the rounding error of the
    /// differences, `ε·max|f| / h`, at the step where the answer was found.
    ///
    /// Large first steps give the best accuracy on smooth functions but can straddle a
    /// kink (a clamp bound, a tie in a max) that a tiny step would not see. Each answer
    /// is therefore compared with a plain central difference at `referenceStep`; where they
    /// disagree beyond what that difference's own error allows, the tableau is rebuilt
    /// from a step 8 times smaller, up to 5 times, and a remaining disagreement is added
    /// to the error estimate. The distance to that central difference always bounds the
    /// estimate from below: a tableau can settle on a wrong entry by coincidence.
    public static func estimate(
        of f: (Double) throws -> [Double], at x: Double, on line: ProbeLine = ProbeLine(magnitude: 1, room: .infinity),
        firstStep: Double, referenceStep h: Double
    ) throws -> [DerivativeEstimate] {
        let (up, down, spacing) = line.centralPoints(at: x, step: h)
        let plus = try f(up), minus = try f(down)
        try requireSameCount(plus, minus, as: plus.count)
        let reference = zip(plus, minus).map { ($0 - $1) / spacing }
        // What the reference difference's own rounding allows (a float32 function's is large).
        let referenceRounding = zip(plus, minus).map {
            line.roundingError(values: Swift.max(Swift.abs($0), Swift.abs($1)), step: spacing / 2)
        }
        var first = firstStep
        var evaluations = 2
        var results: [DerivativeEstimate] = []
        for _ in 0..<5 {
            results = try tableau(of: f, at: x, on: line, firstStep: first)
            evaluations += results.first?.evaluations ?? 0
            let agrees = results.indices.allSatisfy {
                Swift.abs(results[$0].value - reference[$0]) <= 1e-5 + 1e-4 * Swift.abs(reference[$0]) + 4 * referenceRounding[$0]
            }
            if agrees { break }
            first /= 8
        }
        return zip(results, reference).map { result, central in
            DerivativeEstimate(
                value: result.value, error: Swift.max(result.error, Swift.abs(result.value - central)),
                evaluations: evaluations)
        }
    }

    /// Throws when `f` returned a different number of values at two points (a function of
    /// one variable must return the same outputs wherever it is evaluated).
    static func requireSameCount(_ plus: [Double], _ minus: [Double], as expected: Int) throws {
        guard plus.count == expected, minus.count == expected else {
            throw AutogradError(
                .invalidArgument,
                "the function returned \(expected), \(plus.count) and \(minus.count) values at nearby points; it must return the same number everywhere")
        }
    }

    /// One Ridders tableau from the first step `firstStep`.
    static func tableau(
        of f: (Double) throws -> [Double], at x: Double, on line: ProbeLine,
        firstStep: Double
    ) throws -> [DerivativeEstimate] {
        var h = firstStep
        var evaluations = 0
        var rounding: [[Double]] = []
        var expected: Int?
        func difference(_ step: Double) throws -> [Double] {
            // Use a step that x + h represents exactly (in the input's own precision), so
            // the divisor is the true spacing.
            let (up, down, spacing) = line.centralPoints(at: x, step: (x + step) - x)
            evaluations += 2
            let plus = try f(up), minus = try f(down)
            try requireSameCount(plus, minus, as: expected ?? plus.count)
            expected = plus.count
            rounding.append(zip(plus, minus).map { line.roundingError(values: Swift.max(Swift.abs($0), Swift.abs($1)), step: spacing / 2) })
            return zip(plus, minus).map { ($0 - $1) / spacing }
        }
        let first = try difference(h)
        let count = first.count
        // tableau[j][i]: column j (extrapolation order) at row i (step).
        var tableau = [[[Double]]](repeating: [[Double]](repeating: [], count: rows), count: rows)
        tableau[0][0] = first
        var best = first
        var bestError = [Double](repeating: .infinity, count: count)
        var bestRow = [Int](repeating: 0, count: count)
        var bestColumn = [Int](repeating: 0, count: count)
        var done = [Bool](repeating: false, count: count)
        let shrink2 = shrink * shrink
        for i in 1..<rows where done.contains(false) {
            h /= shrink
            tableau[0][i] = try difference(h)
            var factor = shrink2
            for j in 1...i {
                tableau[j][i] = (0..<count).map { k in
                    (tableau[j - 1][i][k] * factor - tableau[j - 1][i - 1][k]) / (factor - 1)
                }
                factor *= shrink2
                for k in 0..<count where !done[k] {
                    let change = Swift.max(
                        Swift.abs(tableau[j][i][k] - tableau[j - 1][i][k]),
                        Swift.abs(tableau[j][i][k] - tableau[j - 1][i - 1][k]))
                    if change <= bestError[k] {
                        bestError[k] = change
                        best[k] = tableau[j][i][k]
                        bestRow[k] = i
                        bestColumn[k] = j
                    }
                }
            }
            for k in 0..<count where !done[k] {
                if Swift.abs(tableau[i][i][k] - tableau[i - 1][i - 1][k]) >= safety * bestError[k] { done[k] = true }
            }
        }
        return (0..<count).map { k in
            // The tableau's change can vanish by coincidence; never claim better than rounding
            // allows: each extrapolation column amplifies the differences' rounding error by
            // (c + 1) / (c - 1) for its factor c.
            var amplification = 1.0, factor = shrink2
            for _ in 0..<bestColumn[k] {
                amplification *= (factor + 1) / (factor - 1)
                factor *= shrink2
            }
            let roundingError = 2 * amplification * rounding[bestRow[k]][k] + 8 * line.resolution * Swift.abs(best[k])
            let change = bestError[k].isFinite ? bestError[k] : Swift.abs(best[k])
            return DerivativeEstimate(value: best[k], error: change + roundingError, evaluations: evaluations)
        }
    }
}
