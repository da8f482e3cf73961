/// Where a derivative is probed, and so how large a step may be: the magnitude of the
/// values a probe moves and how far they may move before one reaches zero or a declared
/// domain edge.
///
/// Every numerical method takes its step from here (`step(nominal:)`), so a step is
/// scaled to the input's magnitude (at 1e12 a fixed 1e-6 would vanish in rounding) and
/// stays well inside the domain near an edge (`sqrt` at 1e-4 is never evaluated at a
/// negative point).
public struct ProbeLine: Sendable, Equatable {
    /// The largest magnitude among the values the probe moves (`|x|` for one element).
    public let magnitude: Double
    /// How far along the line the probe may go before a value reaches zero or a domain
    /// edge; infinity when nothing is near.
    public let room: Double

    /// A line with the given magnitude and room.
    public init(magnitude: Double, room: Double) {
        self.magnitude = magnitude
        self.room = room
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
