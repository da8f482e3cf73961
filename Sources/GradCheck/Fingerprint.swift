import Autograd

/// Mistake fingerprints: the failing analytical Jacobian compared with the numerical
/// one transformed as the common wrong rules would transform it.
enum Fingerprint {
    /// How close (relative, in the Euclidean norm) a transformed Jacobian must come.
    static let closeness = 1e-3

    /// The mistake whose pattern the analytical Jacobian `a` shows against the numerical
    /// `n` of `input`, if one fits; `others` are the numerical Jacobians of the other
    /// differentiable inputs (same output), by input index.
    static func match(
        analytical a: Jacobian, numerical n: Jacobian, input: Tensor,
        others: [(index: Int, numerical: Jacobian)]
    ) -> LikelyMistake? {
        let nNorm = norm(n.values), aNorm = norm(a.values)
        guard nNorm > 0 || aNorm > 0 else { return nil }
        if aNorm == 0 { return .zeroGradient }
        if nNorm > 0 {
            // Right to float32's precision, with every entry a float32 value.
            if distance(a.values, n.values) <= 1e-5 * nNorm, a.values.allSatisfy({ Double(Float($0)) == $0 }) {
                return .float32Precision
            }
            let c = dot(a.values, n.values) / (nNorm * nNorm)
            if Swift.abs(c - 1) > closeness, distance(a.values, n.values.map { c * $0 }) <= closeness * aNorm {
                return .constantFactor(ConstantFactor.named.first { Swift.abs($0.0 - c) <= closeness * Swift.abs(c) }?.0 ?? c)
            }
        }
        if input.rank == 2, input.shape[0] == input.shape[1], input.shape[0] > 1 {
            let m = input.shape[0]
            var swapped = a.values
            for r in 0..<m {
                for c in 0..<m {
                    for column in 0..<a.columns { swapped[(r * m + c) * a.columns + column] = a.values[(c * m + r) * a.columns + column] }
                }
            }
            if distance(swapped, n.values) <= closeness * nNorm { return .transposed }
        }
        for other in others where other.numerical.rows == a.rows && norm(other.numerical.values) > 0 {
            if distance(a.values, other.numerical.values) <= closeness * norm(other.numerical.values) {
                return .otherInputsGradient(other.index)
            }
        }
        let magnitudesAgree = zip(a.values, n.values).allSatisfy { Swift.abs(Swift.abs($0) - Swift.abs($1)) <= closeness * (Swift.abs($1) + nNorm * 1e-6) }
        if magnitudesAgree, zip(a.values, n.values).contains(where: { $0 * $1 < 0 }) { return .signWrongForSomeElements }
        return nil
    }

    private static func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
    private static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
    private static func distance(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
    }
}
