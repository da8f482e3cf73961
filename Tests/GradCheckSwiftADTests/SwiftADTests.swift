#if canImport(_Differentiation)
    import _Differentiation
    import Foundation
    import Testing
    import Autograd
    import GradCheck
    import GradCheckSwiftAD

    // Functions differentiated by Swift's compiler, and hand-written derivative rules, some
    // with a planted bug (each `@derivative(of:)` must be at file scope).

    @differentiable(reverse) func cube(_ x: Double) -> Double { x * x * x }
    @differentiable(reverse) func cubeFloat(_ x: Float) -> Float { x * x * x + x }
    @differentiable(reverse) func sumOfSquares(_ x: [Double]) -> Double {
        x.differentiableReduce(0) { $0 + $1 * $1 }
    }
    @differentiable(reverse) func simdBlend(_ v: SIMD4<Double>) -> Double { v[0] * v[1] + v[2] * v[2] * v[3] }
    @differentiable(reverse) func productTimesSquare(_ x: Double, _ y: Double) -> Double { x * y * y }

    /// A point with a synthesized tangent: a user type, conformed as the docs show.
    struct Point: Differentiable {
        var x: Double
        var y: Double
    }
    extension Point: SwiftADCheckable {
        var scalars: [Double] { [x, y] }
        func with(scalars s: [Double]) -> Point { Point(x: s[0], y: s[1]) }
        func tangent(scalars s: [Double]) -> TangentVector { TangentVector(x: s[0], y: s[1]) }
        static func scalars(of t: TangentVector) -> [Double] { [t.x, t.y] }
    }
    @differentiable(reverse) func radiusSquared(_ p: Point) -> Double { p.x * p.x + 3 * p.y * p.y }

    /// `x·sin(x)` with a hand-written derivative: right, and with each planted bug.
    func xSinRight(_ x: Double) -> Double { x * sin(x) }
    @derivative(of: xSinRight) func xSinRightVJP(_ x: Double) -> (value: Double, pullback: (Double) -> Double) {
        (x * sin(x), { v in v * (sin(x) + x * cos(x)) })
    }
    func xSinScaled(_ x: Double) -> Double { x * sin(x) }
    @derivative(of: xSinScaled) func xSinScaledVJP(_ x: Double) -> (value: Double, pullback: (Double) -> Double) {
        (x * sin(x), { v in v * (sin(x) + x * cos(x)) * 1.01 })
    }
    func xSinSign(_ x: Double) -> Double { x * sin(x) }
    @derivative(of: xSinSign) func xSinSignVJP(_ x: Double) -> (value: Double, pullback: (Double) -> Double) {
        (x * sin(x), { v in v * (sin(x) - x * cos(x)) })
    }
    func xSinDropped(_ x: Double) -> Double { x * sin(x) }
    @derivative(of: xSinDropped) func xSinDroppedVJP(_ x: Double) -> (value: Double, pullback: (Double) -> Double) {
        (x * sin(x), { v in v * x * cos(x) })
    }
    func xSinIgnoresCotangent(_ x: Double) -> Double { x * sin(x) }
    @derivative(of: xSinIgnoresCotangent) func xSinIgnoresCotangentVJP(_ x: Double) -> (value: Double, pullback: (Double) -> Double) {
        (x * sin(x), { _ in sin(x) + x * cos(x) })
    }
    func xSinValue(_ x: Double) -> Double { x * sin(x) }
    @derivative(of: xSinValue) func xSinValueVJP(_ x: Double) -> (value: Double, pullback: (Double) -> Double) {
        (x * sin(x), { v in v * x * sin(x) })
    }
    func squaresMissingOne(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 } }
    @derivative(of: squaresMissingOne) func squaresMissingOneVJP(_ x: [Double])
        -> (value: Double, pullback: (Double) -> [Double].TangentVector)
    {
        (squaresMissingOne(x), { v in [Double].TangentVector(x.indices.map { $0 == x.count - 1 ? 0 : v * 2 * x[$0] }) })
    }
    func productSwapped(_ x: Double, _ y: Double) -> Double { x * y * y }
    @derivative(of: productSwapped) func productSwappedVJP(_ x: Double, _ y: Double)
        -> (value: Double, pullback: (Double) -> (Double, Double))
    {
        (x * y * y, { v in (v * 2 * x * y, v * y * y) })
    }

    /// Swift's own derivatives, checked by GradCheck: right ones pass over many points and
    /// every method; each planted bug in a hand-written `@derivative(of:)` fails.
    @Suite("Swift's compiler AD, checked")
    struct SwiftADTests {
        static let configurations: [(DifferenceMethod, Bool)] = [(.central, false), (.gsl, false), (.richardson, false), (.richardson, true)]

        /// Points in ±[0.1, 2], from the seed.
        static func point(_ seed: UInt64, _ index: Int = 0) -> Double {
            var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(index) &* 0xBF58_476D_1CE4_E5B9
            state ^= state >> 31
            let unit = Double(state % 1_000_000) / 1_000_000
            return (index + Int(seed)) % 2 == 0 ? 0.1 + 1.9 * unit : -(0.1 + 1.9 * unit)
        }

        static func options(_ method: DifferenceMethod, _ fast: Bool, _ seed: UInt64) -> GradCheckOptions {
            GradCheckOptions(method: method, fastMode: fast, seed: seed)
        }

        @Test func compilerDerivativesPassOnEveryKindOfValue() throws {
            for (method, fast) in Self.configurations {
                for seed in UInt64(0)..<10 {
                    let o = Self.options(method, fast, seed)
                    let x = Self.point(seed)
                    let reports = [
                        try gradcheck(cube, at: x, options: o),
                        try gradcheck(cubeFloat, at: Float(x), options: o),
                        try gradcheck(sumOfSquares, at: (0..<4).map { Self.point(seed, $0) }, options: o),
                        try gradcheck(simdBlend, at: SIMD4<Double>((0..<4).map { Self.point(seed, $0) }), options: o),
                        try gradcheck(radiusSquared, at: Point(x: x, y: Self.point(seed, 1)), options: o),
                        try gradcheck(productTimesSquare, at: x, Self.point(seed, 1), options: o),
                        try gradcheck(xSinRight, at: x, options: o),
                    ]
                    for (index, report) in reports.enumerated() {
                        #expect(report.passed, "\(method)\(fast ? " fast" : "") seed \(seed) function \(index): \(report.failures.first ?? "")")
                    }
                }
            }
        }

        /// Each planted bug, by name, with the function that carries it.
        static let bugs: [(name: String, check: @Sendable (Double, GradCheckOptions) throws -> GradCheckReport)] = [
            ("derivative 1% too large", { x, o in try gradcheck(xSinScaled, at: x, name: "xSinScaled", options: o) }),
            ("sign of one term flipped", { x, o in try gradcheck(xSinSign, at: x, options: o) }),
            ("one term dropped", { x, o in try gradcheck(xSinDropped, at: x, options: o) }),
            ("cotangent ignored", { x, o in try gradcheck(xSinIgnoresCotangent, at: x, options: o) }),
            ("the value instead of the derivative", { x, o in try gradcheck(xSinValue, at: x, options: o) }),
            (
                "one array element's gradient missing",
                { x, o in
                    try gradcheck(squaresMissingOne, at: [x, x / 2, 1.5], options: o)
                }
            ),
            ("the two arguments' gradients swapped", { x, o in try gradcheck(productSwapped, at: x, 1.3, options: o) }),
        ]

        @Test func everyPlantedBugIsCaughtAtEveryPoint() throws {
            for bug in Self.bugs {
                for (method, fast) in Self.configurations {
                    var caught = 0
                    for seed in UInt64(0)..<20 {
                        if !(try bug.check(Self.point(seed), Self.options(method, fast, seed))).passed { caught += 1 }
                    }
                    #expect(caught == 20, "\(bug.name), \(method)\(fast ? " fast" : ""): caught at \(caught) of 20 points")
                }
            }
        }

        /// The same loss differentiated by Swift's compiler and by GradLab's tape (the worked
        /// example of Docs/SwiftAD.md) gives the same gradient.
        @Test func compilerAndTapeAgree() throws {
            let xs: [Double] = [1, 2, 3, 4], ys: [Double] = [3, 5, 7, 9]
            @differentiable(reverse) func loss(_ w: Double, _ b: Double) -> Double {
                var total = 0.0
                for i in withoutDerivative(at: 0..<xs.count) {
                    let error = w * xs[i] + b - ys[i]
                    total += error * error
                }
                return total / Double(xs.count)
            }
            let (compilerW, compilerB) = gradient(at: 0.5, 0.25, of: loss)
            let w = Tensor(0.5, dtype: .float64, requiresGrad: true), b = Tensor(0.25, dtype: .float64, requiresGrad: true)
            let x = Tensor(xs, dtype: .float64), y = Tensor(ys, dtype: .float64)
            try ((w * x + b - y) ** 2).mean().backward()
            #expect(Swift.abs(try w.grad!.item() - compilerW) < 1e-12)
            #expect(Swift.abs(try b.grad!.item() - compilerB) < 1e-12)
            #expect(try gradcheck(loss, at: 0.5, 0.25, options: GradCheckOptions(method: .richardson)).passed)
        }

        @Test func theReportNamesTheRuleAndItsMistake() throws {
            let report = try gradcheck(xSinScaled, at: 0.7, name: "xSinScaled", options: GradCheckOptions(method: .richardson))
            #expect(!report.passed)
            let message = report.failures.first ?? ""
            #expect(message.contains("Jacobian mismatch for output 0 with respect to input 0"))
            #expect(message.contains("Likely mistake: the gradient is the right one times 1.01"), "\(message)")
            #expect(message.contains("xSinScaled"), "\(message)")
        }
    }
#endif
