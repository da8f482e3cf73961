import Foundation
import Testing

@testable import Autograd
@testable import GradCheck

/// How small a relative error each method detects in a rule near a domain edge other than
/// 0: `d/dx sqrt(1 - x²)` written with an epsilon, `-x / sqrt(1 - x² + δ)`, at points
/// `1 - x` in `[d, 2d]`, with the edges declared (`domainEdges: [-1, 0, 1]`). The
/// relative error of the rule is `δ / (2(1 - x²))`; `Docs/GradCheck.md` gives this table.
@Suite("Sensitivity near a domain edge", .serialized)
struct DomainEdgeSensitivityTests {
    /// The smallest relative error (of 1e-3 ... 1e-9) caught at all of 10 seeds.
    static func smallestCaught(distance d: Double, method: DifferenceMethod, edges: [Double]) throws -> Double? {
        var smallest: Double?
        for r in [1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9] {
            for seed in UInt64(0)..<10 where try check(distance: d, relativeError: r, seed: seed, method: method, edges: edges) {
                return smallest
            }
            smallest = r
        }
        return smallest
    }

    /// Whether gradcheck passes the rule with relative error `r` (0: the right rule).
    static func check(distance d: Double, relativeError r: Double, seed: UInt64, method: DifferenceMethod, edges: [Double]) throws -> Bool {
        var generator = SplitMix64(seed: seed)
        let points = (0..<4).map { _ in 1 - d * (1 + generator.nextUnit()) }
        let x = try Tensor(shape: [4], values: points, dtype: .float64, requiresGrad: true)
        var options = GradCheckOptions(method: method)
        options.domainEdges = edges
        return try gradcheckReport(
            { xs in
                let t = xs[0]
                let value = try (1 - t * t).sqrt()
                let surrogate = try (1 - t * t + ((1 - t * t) * (2 * r)).detach()).sqrt()
                return [try value.detach() + (surrogate - surrogate.detach())]
            }, inputs: [x], options: options
        ).passed
    }

    /// The measured table: distance → smallest relative error caught (nil: not even 1e-3).
    static let measured: [(distance: Double, gsl: Double?, richardson: Double?)] = [
        (1e-1, 1e-6, 1e-9), (1e-2, 1e-6, 1e-8), (1e-3, 1e-6, 1e-6), (1e-4, 1e-4, 1e-4), (1e-5, 1e-3, 1e-3),
    ]

    @Test(arguments: measured.indices)
    func sensitivityIsAsDocumented(row: Int) throws {
        let (d, gsl, richardson) = Self.measured[row]
        let edges = [-1.0, 0, 1]
        #expect(try Self.smallestCaught(distance: d, method: .gsl, edges: edges) == gsl, "gsl at distance \(d)")
        #expect(try Self.smallestCaught(distance: d, method: .richardson, edges: edges) == richardson, "richardson at distance \(d)")
        for method in DifferenceMethod.allCases {
            for seed in UInt64(0)..<10 {
                #expect(
                    try Self.check(distance: d, relativeError: 0, seed: seed, method: method, edges: edges), "the right rule passes: \(method), distance \(d)")
            }
        }
    }
}
