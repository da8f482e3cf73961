import Testing

@testable import GradCheck

/// GradCheck's random directions are drawn many at once (in C, vectorised); they must be
/// the values that drawing one at a time gives, bit for bit, and leave the generator where
/// one-at-a-time drawing leaves it.
@Suite("Random directions")
struct RandomDirectionTests {
    @Test(arguments: [0, 1, 2, 7, 8, 9, 63, 1000, 4096])
    func drawsAtOnceEqualDrawsOneAtATime(count: Int) {
        for seed: UInt64 in [0, 1, 0x5EED, 0xBAC4, .max, 0x9E37_79B9_7F4A_7C15] {
            var batched = SplitMix64(seed: seed), single = SplitMix64(seed: seed)
            let values = batched.symmetricUnits(count)
            let expected = (0..<count).map { _ in single.nextUnit() * 2 - 1 }
            #expect(values.map(\.bitPattern) == expected.map(\.bitPattern), "seed \(seed), count \(count)")
            #expect(values.allSatisfy { $0 >= -1 && $0 < 1 })
            // Both generators go on from the same state.
            #expect(batched.next() == single.next(), "seed \(seed), count \(count)")
        }
    }

    /// A unit vector has length 1 and spreads over both signs.
    @Test func unitVectorsHaveUnitLength() {
        var generator = SplitMix64(seed: 42)
        for count in [1, 3, 1000] {
            let v = generator.unitVector(count)
            let length = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(Swift.abs(length - 1) < 1e-12, "count \(count)")
            if count >= 1000 { #expect(v.contains { $0 < 0 } && v.contains { $0 > 0 }) }
        }
    }
}
