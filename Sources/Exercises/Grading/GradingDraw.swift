/// The values the student has not seen: drawn per grading run from the grading seed and
/// the exercise's id (SplitMix64), so that one seed gives one set of inputs everywhere
/// and every run of `gradlab grade` without `--seed` draws new ones. The catalog's ranges
/// leave out the article's values (lr 0.05, seed 42, x = 3, ...): a drawn call equal to
/// the article's would let a hard-coded answer pass.
public struct GradingDraw: Sendable {
    private var state: UInt64

    /// The draw for `exercise` under `seed`.
    public init(seed: UInt64, exercise: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in exercise.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01b3 }
        state = seed ^ hash
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A number in `range`, rounded to `decimals` decimals (inputs a learner can read).
    mutating func number(_ range: ClosedRange<Double>, decimals: Int = 2) -> Double {
        let unit = Double(next() >> 11) / Double(1 << 53)
        let scale = (0..<decimals).reduce(1.0) { r, _ in r * 10 }
        return ((range.lowerBound + unit * (range.upperBound - range.lowerBound)) * scale).rounded() / scale
    }

    /// A whole number in `range`.
    mutating func integer(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    /// `count` numbers in `range`.
    mutating func numbers(_ count: Int, _ range: ClosedRange<Double>, decimals: Int = 2) -> [Double] {
        (0..<count).map { _ in number(range, decimals: decimals) }
    }
}
