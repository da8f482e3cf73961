import Foundation

/// The battery behind the design's accuracy figures: smooth functions with known
/// derivatives, at small, moderate and large magnitudes.
public enum AccuracyBattery {
    /// One function of the battery.
    public struct Function: Sendable {
        /// A readable name, e.g. `exp`.
        public let name: String
        /// The function.
        public let f: @Sendable (Double) -> Double
        /// Its exact derivative, in a form that keeps full double precision
        /// (`1/cosh²` rather than `1 - tanh²`, which cancels for large x).
        public let derivative: @Sendable (Double) -> Double
        /// Points at small, moderate and large magnitude, inside the domain.
        public let points: [Double]
    }

    /// exp, log, sin, tanh, sigmoid, x^1.5 and 3(x+2)^2.
    ///
    /// For the saturating tanh and sigmoid, "large" stops at 4 and 5: beyond that the
    /// derivative falls below 1e-3 of the function's value, and no double-precision
    /// difference of function values can resolve it to a relative 1e-12.
    public static let functions: [Function] = [
        Function(name: "exp", f: { Foundation.exp($0) }, derivative: { Foundation.exp($0) }, points: [0.01, 0.5, 1, 5, 20]),
        Function(name: "log", f: { Foundation.log($0) }, derivative: { 1 / $0 }, points: [0.01, 0.5, 1, 10, 1000]),
        Function(name: "sin", f: { Foundation.sin($0) }, derivative: { Foundation.cos($0) }, points: [0.01, 0.5, 1, 10, 100]),
        Function(
            name: "tanh", f: { Foundation.tanh($0) }, derivative: { 1 / (Foundation.cosh($0) * Foundation.cosh($0)) },
            points: [0.01, 0.5, 1, 2, 4]),
        Function(
            name: "sigmoid", f: { 1 / (1 + Foundation.exp(-$0)) },
            derivative: {
                let e = Foundation.exp(-$0)
                return e / ((1 + e) * (1 + e))
            }, points: [0.01, 0.5, 1, 3, 5]),
        Function(
            name: "x^1.5", f: { Foundation.pow($0, 1.5) }, derivative: { 1.5 * Foundation.sqrt($0) },
            points: [0.01, 0.5, 1, 10, 1000]),
        Function(
            name: "3(x+2)^2", f: { 3 * ($0 + 2) * ($0 + 2) }, derivative: { 6 * ($0 + 2) },
            points: [0.01, 0.5, 1, 10, 1000]),
    ]

    /// One method's result at one point.
    public struct Point: Sendable {
        /// The function's name.
        public let function: String
        /// Where.
        public let x: Double
        /// The estimate.
        public let estimate: DerivativeEstimate
        /// `|estimate - exact| / |exact|`.
        public let relativeError: Double
        /// `|estimate - exact|`.
        public let absoluteError: Double
    }

    /// Runs `method` over the whole battery.
    public static func run(_ method: DifferenceMethod) -> [Point] {
        functions.flatMap { fn in
            fn.points.map { x in
                // The battery's functions never throw.
                let estimate = try! ScalarDerivative.estimate(method, of: fn.f, at: x)
                let exact = fn.derivative(x)
                let absolute = Swift.abs(estimate.value - exact)
                return Point(
                    function: fn.name, x: x, estimate: estimate,
                    relativeError: absolute / Swift.abs(exact), absoluteError: absolute)
            }
        }
    }
}
