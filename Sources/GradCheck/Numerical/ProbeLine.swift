import Autograd
import Foundation

/// Where a derivative is probed, and so how large a step may be: the magnitude of the
/// values a probe moves and how far they may move before one reaches zero or a declared
/// domain edge.
///
/// Every numerical method takes its step from here (`step(nominal:)`), so a step is
/// scaled to the function's own scale along the line (`adapted(to:at:)`: at 1e12 a fixed
/// 1e-6 would vanish in rounding in `log x`, while `exp(x - 1e6)` at 1e6 changes by a
/// factor e per unit, so a step scaled to |x| would be far too long) and stays well
/// inside the domain near an edge (`sqrt` at 1e-4 is never evaluated at a negative point).
///
/// A line also knows the precision of the values it moves and the function returns
/// (`resolution`): a float32 input cannot be moved by 1e-6 (its spacing near 1 is 1.2e-7,
/// so the step actually taken would be off by up to 6%), and a float32 function's values
/// carry rounding of 6e-8 relative that a step of 1e-6 turns into errors of 6%. Steps on a
/// float32 line are longer, by the cube root of the ratio of the two precisions (the
/// power that balances a central difference's truncation against its rounding), and
/// fall on float32's grid.
public struct ProbeLine: Sendable, Equatable {
    /// The largest magnitude among the values the probe moves (`|x|` for one element).
    public let magnitude: Double
    /// How far along the line the probe may go before a value reaches zero or a domain
    /// edge; infinity when nothing is near.
    public let room: Double

    /// The unit roundoff of the values moved and returned: `float64Resolution` (2^-53), or
    /// float32's 2^-24 when an input moved or an output is float32.
    public let resolution: Double

    /// Whether `magnitude` was chosen from the function's values (`adapted(to:at:)`).
    public let isAdapted: Bool

    /// Whether the line moves one input element itself (`element(_:edges:resolution:)`), so
    /// that a point on it is a value the input stores; a projection's line (`direction`)
    /// is a parameter that moves many elements.
    public let isElement: Bool

    /// Unit roundoff of float64, the precision every nominal step is chosen for.
    public static let float64Resolution = Double.ulpOfOne / 2
    /// Unit roundoff of float32.
    public static let float32Resolution = Double(Float.ulpOfOne) / 2

    /// The resolution of values of these dtypes: float32's when any is float32.
    public static func resolution<Dtypes: Sequence>(of dtypes: Dtypes) -> Double where Dtypes.Element == DType {
        dtypes.contains(.float32) ? float32Resolution : float64Resolution
    }

    /// A line with the given magnitude, room and resolution (float64's by default).
    public init(magnitude: Double, room: Double, resolution: Double = ProbeLine.float64Resolution) {
        self.init(magnitude: magnitude, room: room, resolution: resolution, isAdapted: false, isElement: false)
    }

    private init(magnitude: Double, room: Double, resolution: Double, isAdapted: Bool, isElement: Bool) {
        self.magnitude = magnitude
        self.room = room
        self.resolution = Swift.max(resolution, Self.float64Resolution)
        self.isAdapted = isAdapted
        self.isElement = isElement
    }

    /// The line through one element `x`. An edge exactly at `x` gives no room limit: the
    /// probe must cross it whatever the step.
    public static func element(_ x: Double, edges: [Double], resolution: Double = float64Resolution) -> ProbeLine {
        ProbeLine(magnitude: Swift.abs(x), room: room(around: x, edges: edges), resolution: resolution, isAdapted: false, isElement: true)
    }

    /// Whether the values moved are float32.
    public var isSinglePrecision: Bool { resolution > Self.float64Resolution }

    /// How much longer a step is than at float64's resolution: `(resolution / 2^-53)^(1/3)`,
    /// 1 for float64 and about 813 for float32.
    public var precisionFactor: Double { Foundation.cbrt(resolution / Self.float64Resolution) }

    /// The value a float32 element actually takes when `t` is written into it (`t` itself
    /// at float64's resolution and on a projection's line): the methods difference at the
    /// points they really probe.
    public func stored(_ t: Double) -> Double {
        isElement && isSinglePrecision && t.isFinite ? Double(Float(t)) : t
    }

    /// The two points a central difference of step `h` at `x` probes and the spacing to
    /// divide by: `x ± h` and `2h` (PyTorch's formula, to its last digit), or on a float32
    /// element the values the input really stores, `x + h` rounded and its mirror image
    /// rounded, and their true spacing.
    public func centralPoints(at x: Double, step h: Double) -> (up: Double, down: Double, spacing: Double) {
        guard isElement && isSinglePrecision else { return (x + h, x - h, 2 * h) }
        let up = stored(x + h)
        let down = stored(x - (up - x))
        return (up, down, up - down)
    }

    /// The rounding error of a central difference `(f(x + h) - f(x - h)) / 2h` of values up
    /// to `values` in magnitude: `2·resolution·values / h`, a generous bound (each value
    /// carries half an ulp; the bound allows for the ulps lost inside the function).
    public func roundingError(values: Double, step h: Double) -> Double {
        2 * resolution * values / h
    }

    /// The rounding error GSL's routines do not count: they estimate rounding with
    /// float64's epsilon, so a float32 function's error estimate must grow by the rest
    /// (4 units of difference for the 4- and 5-point rules). Zero at float64's resolution.
    func roundingBeyondFloat64(values: Double, step h: Double) -> Double {
        isSinglePrecision ? 4 * roundingError(values: values, step: h) : 0
    }

    /// The distance from `x` to the nearest edge it is not on (infinity when none).
    private static func room(around x: Double, edges: [Double]) -> Double {
        var nearest = Double.infinity
        for edge in edges {
            let distance = Swift.abs(x - edge)
            if distance > 0 && distance < nearest { nearest = distance }
        }
        return nearest
    }

    /// The line `base + t·direction` through many elements at once (fast mode's projections).
    public static func direction(
        base: [Double], direction: [Double], edges: [Double],
        resolution: Double = float64Resolution
    ) -> ProbeLine {
        var room = Double.infinity
        // Without edges there is room everywhere: no pass over the elements to find it.
        if !edges.isEmpty {
            for (x, u) in zip(base, direction) where u != 0 {
                room = Swift.min(room, Self.room(around: x, edges: edges) / Swift.abs(u))
            }
        }
        return ProbeLine(magnitude: largestMagnitude(of: base, where: direction), room: room, resolution: resolution)
    }

    /// The largest |x| of `base` where `direction` is not zero (NaNs left out), four
    /// elements at a time: fast mode takes it over every element of every input.
    private static func largestMagnitude(of base: [Double], where direction: [Double]) -> Double {
        base.withUnsafeBufferPointer { base in
            direction.withUnsafeBufferPointer { direction in
                let count = Swift.min(base.count, direction.count)
                var lanes = SIMD4<Double>()
                var k = 0
                while k + 4 <= count {
                    let x = SIMD4(base[k], base[k + 1], base[k + 2], base[k + 3])
                    let u = SIMD4(direction[k], direction[k + 1], direction[k + 2], direction[k + 3])
                    var magnitude = x.replacing(with: -x, where: x .< 0)
                    magnitude.replace(with: 0, where: u .== 0)
                    // A NaN compares false and is left out.
                    lanes.replace(with: magnitude, where: magnitude .> lanes)
                    k += 4
                }
                var largest = lanes.max()
                while k < count {
                    if direction[k] != 0 { largest = Swift.max(largest, Swift.abs(base[k])) }
                    k += 1
                }
                return largest
            }
        }
    }

    /// Below this magnitude a step scaled to it is at most this many times the method's
    /// nominal step, which no function's scale makes too long: the line is used as it is.
    static let adaptationThreshold = 16.0

    /// The line with the magnitude that suits `f` at `x`. Above `adaptationThreshold`,
    /// a step proportional to |x| is right only when the function's values show that
    /// scale (`log x` at 1e12), wrong when they do not (`exp(x - 1e6)` at 1e6, `sin x` at
    /// 1e5). So the steps of a ladder, from the scaled one down by factors of 4 to the
    /// unscaled one, each give a central difference, and the rung whose difference
    /// changes least at the next rung (truncation shows as a change at long steps,
    /// rounding at short ones) sets the magnitude, as GSL's and numdifftools' adaptive
    /// schemes pick the step with the smallest error estimate. Rungs where `f` throws or
    /// is not finite are skipped; with none left the line is used as it is.
    public func adapted(to f: (Double) throws -> [Double], at x: Double) -> ProbeLine {
        guard !isAdapted, magnitude > Self.adaptationThreshold, magnitude.isFinite else { return self }
        var magnitudes: [Double] = []
        var m = magnitude
        while m > 1 {
            magnitudes.append(m)
            m /= 4
        }
        magnitudes.append(1)
        let nominal = DifferenceMethod.central.defaultStep
        func difference(step h: Double) -> [Double]? {
            let (up, down, spacing) = centralPoints(at: x, step: h)
            guard let plus = try? f(up), let minus = try? f(down), plus.count == minus.count else { return nil }
            let d = zip(plus, minus).map { ($0 - $1) / spacing }
            return d.allSatisfy(\.isFinite) ? d : nil
        }
        let steps = magnitudes.map {
            ProbeLine(magnitude: $0, room: room, resolution: resolution, isAdapted: false, isElement: isElement).step(nominal: nominal)
        }
        let differences = (steps + [steps[steps.count - 1] / 4]).map { difference(step: $0) }
        var best: (change: Double, magnitude: Double)?
        for (rung, magnitude) in magnitudes.enumerated() {
            guard let here = differences[rung], let next = differences[rung + 1], here.count == next.count else { continue }
            let change = zip(here, next).map { Swift.abs($0 - $1) }.max() ?? 0
            if best == nil || change < best!.change { best = (change, magnitude) }
        }
        return ProbeLine(magnitude: best?.magnitude ?? magnitude, room: room, resolution: resolution, isAdapted: true, isElement: isElement)
    }

    /// A probe's share of the room: 1/32 keeps a central difference of a power
    /// function like `sqrt` within a relative 1.2e-4 of its derivative.
    static let roomShare = 1.0 / 32

    /// The step for a method whose step at magnitude 1 and float64's resolution is `nominal`:
    /// `nominal·precisionFactor·max(1, magnitude)`, at most `roomShare` of the room, but not
    /// below a thousandth of `nominal·precisionFactor`, where rounding would swamp the difference.
    /// Below that floor a probe may cross an edge; a function that throws or returns NaN
    /// there is probed again with smaller steps (`NumericalDerivative`). On a float32 line
    /// the step is a whole number of float32 spacings at the magnitude, so that `x ± h`
    /// is what the input stores.
    public func step(nominal: Double) -> Double {
        let nominal = nominal * precisionFactor
        let scaled = nominal * Swift.max(1, magnitude)
        let step = Swift.max(Swift.min(scaled, room * Self.roomShare), nominal / 1000)
        guard isSinglePrecision, step.isFinite else { return step }
        let spacing = Double(Float(magnitude + step).ulp)
        return Swift.max(spacing, (step / spacing).rounded() * spacing)
    }
}
