import Autograd

/// Jacobians of a function of tensors, computed two ways.
///
/// Rows index the input's elements and columns the output's elements (PyTorch's
/// layout in gradcheck messages), both in row-major order.
enum Jacobian {
    /// The numerical Jacobian of `outputs[o]` with respect to `inputs[i]` by central
    /// differences `(f(x + eps) - f(x - eps)) / (2 eps)`, perturbing one element at a time.
    static func numerical(
        _ function: ([Tensor]) throws -> [Tensor],
        inputs: [Tensor],
        input i: Int,
        eps: Double
    ) throws -> [[Double]] {
        let x = inputs[i]
        let values = x.numpyValues
        var columns: [[Double]] = []
        for k in 0..<x.count {
            let original = values[k]
            values[k] = original + eps
            let plus = try evaluate(function, inputs)
            values[k] = original - eps
            let minus = try evaluate(function, inputs)
            values[k] = original
            columns.append(zip(plus, minus).map { ($0 - $1) / (2 * eps) })
        }
        return columns
    }

    /// All outputs of `function` at `inputs`, flattened and concatenated. Grad mode stays
    /// on: the function may differentiate internally (as gradgradcheck's does).
    static func evaluate(_ function: ([Tensor]) throws -> [Tensor], _ inputs: [Tensor]) throws -> [Double] {
        try function(inputs).flatMap { $0.toArray() }
    }

    /// The analytical Jacobian rows: one backward per output element, each a vector-Jacobian product
    /// with a one-hot vector. Returns `[input][inputElement][outputElement]` for output `outputs[o]`.
    static func analytical(output: Tensor, inputs: [Tensor]) throws -> [[[Double]]] {
        var result = inputs.map { [[Double]](repeating: [Double](repeating: 0, count: output.count), count: $0.count) }
        guard output.requiresGrad else { return result }
        for j in 0..<output.count {
            var oneHot = [Double](repeating: 0, count: output.count)
            oneHot[j] = 1
            let v = try Tensor(shape: output.shape, values: oneHot, dtype: output.dtype == .float64 ? .float64 : .float32)
            let grads = try grad(outputs: [output], inputs: inputs, gradOutputs: [v], retainGraph: true, allowUnused: true)
            for (i, g) in grads.enumerated() {
                guard let g else { continue }
                for (k, value) in g.toArray().enumerated() { result[i][k][j] = value }
            }
        }
        return result
    }
}

extension Tensor {
    /// A writable window onto this tensor's values, for perturbing inputs in place.
    var numpyValues: SharedValues {
        // detach() never requires grad, so numpy() cannot throw here.
        try! detach().numpy()
    }
}
