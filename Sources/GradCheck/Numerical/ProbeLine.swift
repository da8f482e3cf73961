/// Where a derivative is probed, and so how large a step may be: the magnitude of the
/// values a probe moves and how far they may move before one reaches zero or a declared
/// domain edge.
///
/// Every numerical method takes its step from here (`step(nominal:)`), so a step is
/// scaled to the function's own scale along the line (`adapted(to:at:)`: at 1e12 a fixed
/// 1e-6 would vanish in rounding in `log x`, while `exp(x - 1e6)` at 1e6 changes by a
/// factor e per unit, so a step scaled to |x| would be far too long) and stays well
/// inside the domain near an edge (`sqrt` at 1e-4 is never evaluated at a negative point).
public struct ProbeLine: Sendable, Equatable {
    /// The largest magnitude among the values the probe moves (`|x|` for one element).
    public let magnitude: Double
    /// How far along the line the probe may go before a value reaches zero or a domain
    /// edge; infinity when nothing is near.
    public let room: Double

    /// Whether `magnitude` was chosen from the function's values (`adapted(to:at:)`).
    public let isAdapted: Bool

    /// A line with the given magnitude and room.
    public init(magnitude: Double, room: Double) {
        self.init(magnitude: magnitude, room: room, isAdapted: false)
    }

    private init(magnitude: Double, room: Double, isAdapted: Bool) {
        self.magnitude = magnitude
        self.room = room
        self.isAdapted = isAdapted
    }

    /// The line through one element `x`. An edge exactly at `x` gives no room limit: the
    /// probe must cross it whatever the step.
    public static func element(_ x: Double, edges: [Double]) -> ProbeLine {
        ProbeLine(magnitude: Swift.abs(x), room: room(around: x, edges: edges))
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
    public static func direction(base: [Double], direction: [Double], edges: [Double]) -> ProbeLine {
        var magnitude = 0.0, room = Double.infinity
        for (x, u) in zip(base, direction) where u != 0 {
            magnitude = Swift.max(magnitude, Swift.abs(x))
            room = Swift.min(room, Self.room(around: x, edges: edges) / Swift.abs(u))
        }
        return ProbeLine(magnitude: magnitude, room: room)
    }

    /// Below this magnitude a step scaled to it is at most this many times the method's
    /// nominal step, which no function's scale makes too long: the line is used as it is.
    static let adaptationThreshold = 16.0

    /// The line with the magnitude that suits `f` at `x`. Above ``adaptationThreshold``,
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
            guard let plus = try? f(x + h), let minus = try? f(x - h), plus.count == minus.count else { return nil }
            let d = zip(plus, minus).map { ($0 - $1) / (2 * h) }
            return d.allSatisfy(\.isFinite) ? d : nil
        }
        let steps = magnitudes.map { ProbeLine(magnitude: $0, room: room).step(nominal: nominal) }
        let differences = (steps + [steps[steps.count - 1] / 4]).map { difference(step: $0) }
        var best: (change: Double, magnitude: Double)?
        for (rung, magnitude) in magnitudes.enumerated() {
            guard let here = differences[rung], let next = differences[rung + 1], here.count == next.count else { continue }
            let change = zip(here, next).map { Swift.abs($0 - $1) }.max() ?? 0
            if best == nil || change < best!.change { best = (change, magnitude) }
        }
        return ProbeLine(magnitude: best?.magnitude ?? magnitude, room: room, isAdapted: true)
    }

    /// A probe's share of the room: 1/32 keeps a central difference of a power
    /// function like `sqrt` within a relative 1.2e-4 of its derivative.
    static let roomShare = 1.0 / 32

    /// The step for a method whose step at magnitude 1 is `nominal`: `nominal·max(1, magnitude)`,
    /// at most `roomShare` of the room, but not below `nominal / 1000`, where rounding would
    /// swamp the difference. Below that floor a probe may cross an edge; a function that
    /// throws or returns NaN there is probed again with smaller steps (`NumericalDerivative`).
    public func step(nominal: Double) -> Double {
        let scaled = nominal * Swift.max(1, magnitude)
        return Swift.max(Swift.min(scaled, room * Self.roomShare), nominal / 1000)
    }
}
