import Autograd
import Foundation
import GradCheck

/// How the audit draws one input: its shape, its values and its layout.
public struct AuditInput: Sendable {
    /// The values an input element may take.
    public enum Values: Sendable {
        /// Uniform in `[-2, 2]`, at least 0.1 away from 0.
        case real
        /// Uniform in `[lower, upper]`.
        case uniform(Double, Double)
        /// Log-uniform in `[lower, upper]` (both positive): magnitudes over many decades.
        case logUniform(Double, Double)
        /// `real`, with element 0 set to exactly 0 (a kink).
        case realWithZero
        /// `real`, with element 0 negative and element 1 positive, so that a rule wrong
        /// for one sign only is always exercised.
        case realBothSigns
    }

    /// The shape.
    public let shape: [Int]
    /// The values.
    public let values: Values
    /// Whether the input is the transpose of a contiguous matrix (a non-contiguous layout).
    public let transposed: Bool
    /// The dtype: float64, or float32 for the cases that check float32 inputs.
    public let dtype: FloatDType

    /// An input of `shape` with `values`, float64 unless `dtype` says otherwise.
    public init(_ shape: [Int], _ values: Values = .real, transposed: Bool = false, dtype: FloatDType = .float64) {
        (self.shape, self.values, self.transposed, self.dtype) = (shape, values, transposed, dtype)
    }

    /// The tensor, requiring grad, drawn from `generator` (float32 values are the float64
    /// draws rounded).
    func draw(_ generator: inout SplitMix64) throws -> Tensor {
        let count = shape.reduce(1, *)
        var drawn = (0..<count).map { _ -> Double in
            switch values {
            case .real, .realWithZero, .realBothSigns:
                let magnitude = 0.1 + 1.9 * generator.nextUnit()
                return generator.nextUnit() < 0.5 ? -magnitude : magnitude
            case let .uniform(lower, upper):
                return lower + (upper - lower) * generator.nextUnit()
            case let .logUniform(lower, upper):
                return lower * Foundation.pow(upper / lower, generator.nextUnit())
            }
        }
        if case .realWithZero = values, count > 0 { drawn[0] = 0 }
        if case .realBothSigns = values, count > 1 { (drawn[0], drawn[1]) = (-Swift.abs(drawn[0]), Swift.abs(drawn[1])) }
        guard transposed, shape.count == 2 else {
            return try Tensor(shape: shape, values: drawn, dtype: dtype, requiresGrad: true)
        }
        let base = try Tensor(shape: [shape[1], shape[0]], values: drawn, dtype: dtype)
        return try base.t().requiresGrad_()
    }

    /// One draw of every input, from the audit seed `seed` and the case's name.
    static func draw(_ inputs: [AuditInput], name: String, seed: UInt64) throws -> [Tensor] {
        var generator = SplitMix64(seed: seed &* 0x9E37_79B9 &+ UInt64(bitPattern: Int64(name.hashValueStable)))
        return try inputs.map { try $0.draw(&generator) }
    }
}
