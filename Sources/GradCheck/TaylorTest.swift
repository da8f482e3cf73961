import Autograd
import Foundation

/// The Taylor-remainder test of one output: an eps-free second opinion on the gradient.
///
/// Along a random direction `u` (all differentiable inputs at once) and for a random
/// output weighting `v`, `F(x) = vᵀf(x)` must satisfy
/// `|F(x + hu) - F(x) - h·∇F·u| = O(h²)` when the gradient is right, and only `O(h)`
/// when it is wrong. The test halves `h` eight times and fits the order from the
/// remainders above rounding level.
public struct TaylorTest: Sendable, Codable {
    /// The output tested.
    public let output: Int
    /// The steps `h`, largest first.
    public let steps: [Double]
    /// `|F(x + hu) - F(x) - h·∇F·u|` at each step.
    public let remainders: [Double]
    /// The fitted order (2 for a right gradient, 1 for a wrong one); nil when every
    /// remainder is at rounding level (the function is linear along `u`) or a probe failed.
    public let order: Double?

    /// Whether the remainder falls at least as fast as `h^1.5` (or stays at rounding level).
    public var consistent: Bool { order.map { $0 >= 1.5 } ?? true }
}

extension Checker {
    /// One Taylor test per output that requires grad, at the caller's inputs.
    func taylorTests() throws -> [TaylorTest] {
        var generator = SplitMix64(seed: options.seed &+ 0x7A7)
        let differentiableInputs = differentiable.map { inputs[$0] }
        let windows = try differentiableInputs.map { try $0.sharedWindow }
        let bases = try windows.map { try $0.values }
        let directions = differentiableInputs.map { generator.unitVector($0.count) }
        let line = ProbeLine.direction(base: bases.flatMap { $0 }, direction: directions.flatMap { $0 }, edges: options.domainEdges)
        let largest = Swift.min(1e-2 * Swift.max(1, line.magnitude), line.room / 2)
        var tests: [TaylorTest] = []
        for (o, output) in outputs.enumerated() where output.requiresGrad && output.count > 0 {
            let v = generator.unitVector(output.count)
            let vTensor = try Tensor(shape: output.shape, values: v, dtype: output.dtype == .float64 ? .float64 : .float32)
            let grads = try vjp(output: o, vTensor)
            var slope = 0.0
            for (g, u) in zip(grads, directions) {
                if let g { slope += zip(try g.toArray(), u).reduce(0) { $0 + $1.0 * $1.1 } }
            }
            let range = outputRanges[o]
            func weighted(_ values: [Double]) -> Double { zip(values[range], v).reduce(0) { $0 + $1.0 * $1.1 } }
            let f0 = weighted(try function.values())
            var steps: [Double] = [], remainders: [Double] = []
            var failed = false
            for m in 0..<9 {
                let h = largest / Double(1 << m)
                do {
                    defer { for (w, base) in zip(windows, bases) { try? w.assign(base) } }
                    for (w, (base, u)) in zip(windows, zip(bases, directions)) { w.assign { base[$0] + h * u[$0] } }
                    let f = weighted(try function.values())
                    steps.append(h)
                    remainders.append(Swift.abs(f - f0 - h * slope))
                } catch is ForwardFailure {
                    failed = true
                    break
                } catch let failure as GradCheckFailure where failure.kind == .outputChanged {
                    // Its steps are larger than the Jacobians' probes; an advisory test gives up here.
                    failed = true
                    break
                }
            }
            tests.append(
                TaylorTest(
                    output: o, steps: steps, remainders: remainders,
                    order: failed ? nil : Self.fittedOrder(steps: steps, remainders: remainders, scale: Swift.abs(f0) + Swift.abs(slope) * largest)))
        }
        return tests
    }

    /// The median of `log2(r(h) / r(h/2))` over consecutive remainders above rounding level.
    static func fittedOrder(steps: [Double], remainders: [Double], scale: Double) -> Double? {
        let floor = 1e3 * Double.ulpOfOne * Swift.max(scale, .leastNormalMagnitude)
        var orders: [Double] = []
        for m in 1..<remainders.count where remainders[m] > floor && remainders[m - 1] > floor {
            orders.append(Foundation.log2(remainders[m - 1] / remainders[m]) / Foundation.log2(steps[m - 1] / steps[m]))
        }
        guard !orders.isEmpty else { return nil }
        return orders.sorted()[orders.count / 2]
    }
}
