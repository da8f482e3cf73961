/// Sums over the long vectors of fast mode's projections (`vᵀ J u`, the unit directions,
/// the tolerance's scale): eight running partial sums, added together at the end, so that
/// each addition need not wait for the one before it (one running sum waits the adder's
/// latency per element, most of the time of a 4,096-element dot product).
///
/// The result differs from a left-to-right sum's by rounding alone (both orders are within
/// the usual bound of a float64 sum, relative to the sum of the terms' magnitudes), and
/// is the same on every run.
enum VectorSums {
    /// `Σ a[k]·b[k]` over the first `min(a.count, b.count)` elements.
    static func dot<A: Collection<Double>, B: Collection<Double>>(_ a: A, _ b: B) -> Double {
        let direct = a.withContiguousStorageIfAvailable { a in
            b.withContiguousStorageIfAvailable { b in dot(a, b) }
        }
        if let sum = direct ?? nil { return sum }
        return zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// `Σ |a[k]|`.
    static func sumOfMagnitudes(_ a: [Double]) -> Double {
        a.withUnsafeBufferPointer { a in interleaved(count: a.count) { Swift.abs(a[$0]) } }
    }

    /// `Σ a[k]²`.
    static func sumOfSquares(_ a: [Double]) -> Double {
        a.withUnsafeBufferPointer { a in interleaved(count: a.count) { a[$0] * a[$0] } }
    }

    private static func dot(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>) -> Double {
        interleaved(count: Swift.min(a.count, b.count)) { a[$0] * b[$0] }
    }

    /// `Σ term(k)` for `k` in `0..<count`, in eight partial sums (term `k` goes to sum `k % 8`).
    @inline(__always)
    private static func interleaved(count: Int, _ term: (Int) -> Double) -> Double {
        var low = SIMD4<Double>(), high = SIMD4<Double>()
        var k = 0
        while k + 8 <= count {
            low += SIMD4(term(k), term(k + 1), term(k + 2), term(k + 3))
            high += SIMD4(term(k + 4), term(k + 5), term(k + 6), term(k + 7))
            k += 8
        }
        var tail = 0.0
        while k < count {
            tail += term(k)
            k += 1
        }
        return (low + high).sum() + tail
    }
}
