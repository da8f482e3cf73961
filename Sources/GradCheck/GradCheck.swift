import Autograd

/// A gradient check that failed: which output and input disagree, where, and both Jacobians.
public struct GradCheckFailure: Error, CustomStringConvertible, Sendable {
    /// PyTorch-style message: "Jacobian mismatch for output 0 with respect to input 0, ...".
    public let message: String
    /// The output index of the first mismatch.
    public let output: Int
    /// The input index of the first mismatch.
    public let input: Int
    /// The message.
    public var description: String { message }
}

/// Checks the gradients of `function` at `inputs` against central finite differences
/// (PyTorch's `torch.autograd.gradcheck`, slow mode).
///
/// For every output and every input that requires grad, the analytical Jacobian
/// (from backward passes) must satisfy `|analytical - numerical| <= atol + rtol * |numerical|`
/// elementwise. Use float64 inputs: float32 cannot resolve `eps = 1e-6`.
///
/// - Returns: true when every Jacobian matches.
/// - Throws: `GradCheckFailure` naming the first mismatch, or the function's own error.
@discardableResult
public func gradcheck(
    _ function: ([Tensor]) throws -> [Tensor],
    inputs: [Tensor],
    eps: Double = 1e-6,
    atol: Double = 1e-5,
    rtol: Double = 1e-3
) throws -> Bool {
    guard inputs.contains(where: \.requiresGrad) else {
        throw GradCheckFailure(message: "gradcheck expects at least one input tensor to require gradient, but none of the them have requires_grad=True.", output: -1, input: -1)
    }
    let outputs = try function(inputs)
    let differentiable = inputs.filter(\.requiresGrad)
    for (o, output) in outputs.enumerated() {
        let analytical = try Jacobian.analytical(output: output, inputs: differentiable)
        var offset = 0
        for k in 0..<o { offset += outputs[k].count }
        for (slot, input) in differentiable.enumerated() {
            let index = inputs.firstIndex { $0 === input }!
            let full = try Jacobian.numerical(function, inputs: inputs, input: index, eps: eps)
            let numerical = full.map { Array($0[offset..<offset + output.count]) }
            if let bad = firstMismatch(analytical[slot], numerical, atol: atol, rtol: rtol) {
                throw GradCheckFailure(
                    message: """
                    Jacobian mismatch for output \(o) with respect to input \(index),
                    numerical:\(describe(numerical))
                    analytical:\(describe(analytical[slot]))
                    worst element: input element \(bad.row), output element \(bad.column): numerical \(bad.numerical), analytical \(bad.analytical)
                    """,
                    output: o, input: index)
            }
        }
    }
    return true
}

/// `gradcheck` for a function with a single output.
@discardableResult
public func gradcheck(
    _ function: ([Tensor]) throws -> Tensor,
    inputs: [Tensor],
    eps: Double = 1e-6,
    atol: Double = 1e-5,
    rtol: Double = 1e-3
) throws -> Bool {
    try gradcheck({ [try function($0)] }, inputs: inputs, eps: eps, atol: atol, rtol: rtol)
}

/// Checks second derivatives: gradcheck of the map `inputs -> vᵀ J(inputs)` built with
/// `createGraph`, for a fixed random `v` (PyTorch's `gradgradcheck`).
@discardableResult
public func gradgradcheck(
    _ function: ([Tensor]) throws -> Tensor,
    inputs: [Tensor],
    eps: Double = 1e-6,
    atol: Double = 1e-5,
    rtol: Double = 1e-3,
    seed: UInt64 = 0
) throws -> Bool {
    let probe = try function(inputs)
    var generator = SplitMix64(seed: seed)
    let v = try Tensor(shape: probe.shape,
                       values: (0..<probe.count).map { _ in generator.nextUnit() * 2 - 1 },
                       dtype: probe.dtype == .float64 ? .float64 : .float32)
    return try gradcheck({ xs in
        let y = try function(xs)
        let differentiable = xs.filter(\.requiresGrad)
        let grads = try grad(outputs: [y], inputs: differentiable, gradOutputs: [v], createGraph: true, allowUnused: true)
        return zip(grads, differentiable).map { g, x in g ?? Tensor.zeros(like: x) }
    }, inputs: inputs, eps: eps, atol: atol, rtol: rtol)
}

private func firstMismatch(_ analytical: [[Double]], _ numerical: [[Double]], atol: Double, rtol: Double)
    -> (row: Int, column: Int, analytical: Double, numerical: Double)?
{
    for (r, (a, n)) in zip(analytical, numerical).enumerated() {
        for (c, (x, y)) in zip(a, n).enumerated() {
            let ok = Swift.abs(x - y) <= atol + rtol * Swift.abs(y)
            if !ok || x.isNaN != y.isNaN { return (r, c, x, y) }
        }
    }
    return nil
}

private func describe(_ matrix: [[Double]]) -> String {
    let rows = matrix.count, cols = matrix.first?.count ?? 0
    guard let tensor = try? Tensor(shape: [rows, cols], values: matrix.flatMap { $0 }, dtype: .float64) else { return "\(matrix)" }
    return tensor.description
}

/// A small deterministic generator (SplitMix64), private to GradCheck so that the
/// user's random state is never touched.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A uniform value in [0, 1).
    mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
