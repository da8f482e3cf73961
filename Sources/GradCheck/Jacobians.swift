import Autograd

/// A function of tensors as gradcheck calls it, counting evaluations and checking
/// that outputs keep their shapes and dtypes.
final class CheckedFunction {
    let body: ([Tensor]) throws -> [Tensor]
    let inputs: [Tensor]
    private(set) var evaluations = 0
    private var signature: [([Int], DType)]?

    init(_ body: @escaping ([Tensor]) throws -> [Tensor], inputs: [Tensor]) {
        self.body = body
        self.inputs = inputs
    }

    /// Calls the function on the (possibly perturbed) inputs.
    func callAsFunction() throws -> [Tensor] {
        evaluations += 1
        let outputs = try body(inputs)
        let current = outputs.map { ($0.shape, $0.dtype) }
        if let signature {
            for (o, (expected, actual)) in zip(signature, current).enumerated()
            where expected.0 != actual.0 || expected.1 != actual.1 {
                throw GradCheckFailure(message:
                    "Output \(o) changed under perturbation of the inputs: expected shape \(expected.0) and dtype \(expected.1), got shape \(actual.0) and dtype \(actual.1). gradcheck needs outputs whose shape and dtype do not depend on the input values.")
            }
            if signature.count != current.count {
                throw GradCheckFailure(message: "The number of outputs changed under perturbation: \(signature.count) before, \(current.count) after.")
            }
        } else {
            signature = current
        }
        return outputs
    }

    /// All outputs' values, flattened and concatenated.
    func values() throws -> [Double] { try self().flatMap { $0.toArray() } }
}

/// Numerical Jacobians: one input element perturbed at a time.
enum NumericalJacobian {
    /// Columns for input `i`: `[inputElement][flatOutputElement]` values, error estimates,
    /// and kink screens: `|right - left|` of one-sided differences at a step of 1e-6,
    /// which is about `1e-6·|f''|` where `f` is smooth and the jump in slope at a kink.
    static func compute(_ function: CheckedFunction, input i: Int, base: [Double], options: GradCheckOptions)
        throws -> (values: [[Double]], errors: [[Double]], kinkScreens: [[Double]])
    {
        let window = function.inputs[i].sharedWindow
        var values: [[Double]] = [], errors: [[Double]] = [], screens: [[Double]] = []
        let h = options.method == .central ? (options.eps ?? DifferenceMethod.central.defaultStep) : 1e-6
        for k in 0..<window.count {
            let original = window[k]
            defer { window[k] = original }
            var cache: [Double: [Double]] = [:]
            func at(_ t: Double) throws -> [Double] {
                if let hit = cache[t] { return hit }
                window[k] = t
                let result = try function.values()
                cache[t] = result
                return result
            }
            let column = try derivative(of: at, at: original, options: options)
            values.append(column.map(\.value))
            errors.append(column.map(\.error))
            let plus = try at(original + h), minus = try at(original - h)
            screens.append(base.indices.map { j in Swift.abs((plus[j] - base[j]) / h - (base[j] - minus[j]) / h) })
        }
        return (values, errors, screens)
    }

    /// The derivative of every component of `f` at `x` by the options' method.
    static func derivative(of f: (Double) throws -> [Double], at x: Double, options: GradCheckOptions) throws -> [DerivativeEstimate] {
        switch options.method {
        case .central:
            let h = options.eps ?? DifferenceMethod.central.defaultStep
            let plus = try f(x + h), minus = try f(x - h)
            return zip(plus, minus).map { DerivativeEstimate(value: ($0 - $1) / (2 * h), error: 0, evaluations: 2) }
        case .richardson:
            return try Richardson.estimate(of: f, at: x, initialStep: options.eps)
        case .gsl:
            // GSL differentiates one scalar function at a time; share evaluations through a cache.
            var cache: [Double: [Double]] = [:]
            func cached(_ t: Double) throws -> [Double] {
                if let hit = cache[t] { return hit }
                let value = try f(t)
                cache[t] = value
                return value
            }
            let count = try cached(x).count
            return try (0..<count).map { j in
                try GSLDerivative.estimate(.central, of: { try cached($0)[j] }, at: x,
                                           step: options.eps ?? DifferenceMethod.gsl.defaultStep)
            }
        }
    }
}

/// Analytical Jacobians: one backward pass per output element.
enum AnalyticalJacobian {
    /// `[input][inputElement][outputElement]` for `output` with respect to `inputs`.
    /// Also checks that every gradient has its input's shape and dtype.
    static func compute(output: Tensor, inputs: [Tensor]) throws -> [[[Double]]] {
        var result = inputs.map { [[Double]](repeating: [Double](repeating: 0, count: output.count), count: $0.count) }
        guard output.requiresGrad else { return result }
        for j in 0..<output.count {
            var oneHot = [Double](repeating: 0, count: output.count)
            oneHot[j] = 1
            let v = try Tensor(shape: output.shape, values: oneHot, dtype: output.dtype == .float64 ? .float64 : .float32)
            let grads = try grad(outputs: [output], inputs: inputs, gradOutputs: [v], retainGraph: true, allowUnused: true)
            for (i, g) in grads.enumerated() {
                guard let g else { continue }
                try checkGradient(g, of: inputs[i], index: i)
                for (k, value) in g.toArray().enumerated() { result[i][k][j] = value }
            }
        }
        return result
    }

    /// Throws when a gradient's shape or dtype differs from its input's.
    static func checkGradient(_ g: Tensor, of input: Tensor, index: Int) throws {
        guard g.shape == input.shape, g.dtype == input.dtype else {
            throw GradCheckFailure(message:
                "The gradient of input \(index) has shape \(g.shape) and dtype \(g.dtype), but the input has shape \(input.shape) and dtype \(input.dtype).")
        }
    }
}

extension Tensor {
    /// A writable window onto this tensor's values, for perturbing inputs in place.
    var sharedWindow: SharedValues {
        // detach() never requires grad, so numpy() cannot throw here.
        try! detach().numpy()
    }

    /// The row-major position of a multi-index.
    func flatIndex(_ index: [Int]) -> Int {
        zip(index, shape).reduce(0) { $0 * $1.1 + $1.0 }
    }

    /// `flat` as a multi-index into this tensor's shape.
    func multiIndex(_ flat: Int) -> [Int] {
        var rest = flat
        var index = [Int](repeating: 0, count: rank)
        for axis in stride(from: rank - 1, through: 0, by: -1) where shape[axis] > 0 {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return index
    }
}
