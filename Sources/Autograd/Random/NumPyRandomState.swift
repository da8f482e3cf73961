import Foundation

/// NumPy's legacy generator (`numpy.random.RandomState(seed)`), the one scikit-learn's
/// `random_state=` seeds: the same Mersenne Twister as PyTorch's, read NumPy's way. Its
/// doubles take 53 bits from two words, its normals come from the polar method in pairs
/// (the second kept for the next call), and its shuffle draws each position by masked
/// rejection. Used by `makeMoons` to give scikit-learn's exact numbers.
public struct NumPyRandomState: Sendable {
    private var twister: MersenneTwister
    private var keptNormal: Double?

    /// `RandomState(seed)` for a seed in `0...2³²-1`, NumPy's error otherwise.
    public init(seed: Int) throws {
        guard seed >= 0 && seed <= Int(UInt32.max) else {
            throw AutogradError(.invalidArgument, "Seed must be between 0 and 2**32 - 1")
        }
        twister = MersenneTwister(seed: UInt64(seed))
    }

    /// A double uniform in [0, 1) from 53 random bits (`random_sample`).
    public mutating func nextDouble() -> Double {
        let a = Double(twister.next() >> 5), b = Double(twister.next() >> 6)
        return (a * 67_108_864 + b) / 9_007_199_254_740_992
    }

    /// A standard normal (the polar method: one pair per accepted point, the first of the
    /// pair returned by the next call).
    public mutating func nextGaussian() -> Double {
        if let kept = keptNormal {
            keptNormal = nil
            return kept
        }
        var x1 = 0.0, x2 = 0.0, r2 = 0.0
        repeat {
            x1 = 2 * nextDouble() - 1
            x2 = 2 * nextDouble() - 1
            r2 = x1 * x1 + x2 * x2
        } while r2 >= 1 || r2 == 0
        let f = (-2 * Foundation.log(r2) / r2).squareRoot()
        keptNormal = f * x1
        return f * x2
    }

    /// `normal(loc, scale, size=count)`: `loc + scale·z` for each of `count` normals.
    public mutating func normal(loc: Double = 0, scale: Double = 1, count: Int) -> [Double] {
        (0..<Swift.max(count, 0)).map { _ in loc + scale * nextGaussian() }
    }

    /// An integer uniform in `0...max`: random words masked to the smallest covering power
    /// of two, redrawn until one is at most `max`.
    public mutating func nextInteger(upTo max: UInt32) -> UInt32 {
        if max == 0 { return 0 }
        var mask = max
        for shift in [1, 2, 4, 8, 16] as [UInt32] { mask |= mask >> shift }
        while true {
            let value = twister.next() & mask
            if value <= max { return value }
        }
    }

    /// A permutation of `0..<n` as `shuffle(np.arange(n))` leaves it (Fisher–Yates from the end).
    public mutating func permutation(_ n: Int) -> [Int] {
        var values = Array(0..<Swift.max(n, 0))
        for i in stride(from: values.count - 1, through: 1, by: -1) {
            values.swapAt(i, Int(nextInteger(upTo: UInt32(truncatingIfNeeded: i))))
        }
        return values
    }
}
