import Autograd

/// The forward-mode checks (`GradCheckOptions.checkForwardAD`, PyTorch's `check_forward_ad`).
extension Checker {
    /// Checks forward-mode rules two ways. In slow mode every Jacobian is rebuilt column by
    /// column from dual passes (one per input element, tangent a basis vector) and compared
    /// with the numerical Jacobian element by element, with the same tolerances and
    /// diagnosis as the reverse-mode comparison. In both modes, the dot-product test: for
    /// random `u` and `v`, `⟨u, J v⟩` from one dual pass must equal `⟨Jᵀ u, v⟩` from one
    /// backward pass to rounding, which needs no finite difference at all.
    mutating func checkForwardMode() throws {
        do {
            if !options.fastMode {
                for (slot, i) in differentiable.enumerated() where slot < numericalJacobians.count {
                    let forward = try forwardJacobian(input: i)
                    let numerical = numericalJacobians[slot]
                    for (o, range) in outputRanges.enumerated() {
                        try compare(
                            output: o, input: i, numerical: numerical.values.columns(range),
                            errors: numerical.errors?.columns(range), analytical: forward.columns(range),
                            scale: 1, forwardMode: true)
                    }
                }
            }
            if !failed { try dotProductTest() }
        } catch let error as AutogradError {
            findings.append(
                GradCheckFinding(
                    kind: .forwardModeFailed,
                    message:
                        "Forward mode failed: \(error.message)"))
        } catch let failure as ForwardFailure {
            findings.append(
                GradCheckFinding(
                    kind: .forwardModeFailed,
                    message:
                        "Forward mode failed: \(failure.underlying)"))
        }
    }

    /// The outputs' tangents (flattened, concatenated; zeros for an output without one)
    /// for input tangents `tangents` (nil: none), from one dual pass.
    func forwardPass(tangents: [Tensor?]) throws -> [Double] {
        try withDualLevel {
            let arguments = try zip(inputs, tangents).map { input, tangent in
                try tangent.map { try makeDual(input, tangent: $0) } ?? input
            }
            return try function.evaluate(arguments).flatMap { output -> [Double] in
                try (unpackDual(output).tangent ?? Tensor.zeros(like: output)).toArray()
            }
        }
    }

    /// Input `i`'s Jacobian from forward mode: row `k` is the outputs' tangents when input
    /// `i`'s tangent is the `k`-th basis vector.
    func forwardJacobian(input i: Int) throws -> Jacobian {
        let input = inputs[i]
        let columns = outputRanges.last?.upperBound ?? 0
        var values: [Double] = []
        values.reserveCapacity(input.count * columns)
        for k in 0..<input.count {
            var basis = [Double](repeating: 0, count: input.count)
            basis[k] = 1
            var tangents = [Tensor?](repeating: nil, count: inputs.count)
            tangents[i] = try Tensor(shape: input.shape, values: basis, dtype: input.dtype == .float32 ? .float32 : .float64)
            values += try forwardPass(tangents: tangents)
        }
        return Jacobian(checkedRows: input.count, columns: columns, values: values)
    }

    /// `⟨u, J v⟩` (forward) against `⟨Jᵀ u, v⟩` (reverse) for every output, with `v` random
    /// over every differentiable input and `u` random over the output.
    mutating func dotProductTest() throws {
        var generator = SplitMix64(seed: options.seed &+ 0xF0A7)
        let vs = differentiable.map { generator.unitVector(inputs[$0].count) }
        var tangents = [Tensor?](repeating: nil, count: inputs.count)
        for (slot, i) in differentiable.enumerated() {
            tangents[i] = try Tensor(shape: inputs[i].shape, values: vs[slot], dtype: inputs[i].dtype == .float32 ? .float32 : .float64)
        }
        let jv = try forwardPass(tangents: tangents)
        let single = outputs.contains { $0.dtype == .float32 } || differentiable.contains { inputs[$0].dtype == .float32 }
        for (o, range) in outputRanges.enumerated() where outputs[o].requiresGrad {
            let u = generator.unitVector(outputs[o].count)
            let forward = zip(u, jv[range]).reduce(0) { $0 + $1.0 * $1.1 }
            let uTensor = try Tensor(shape: outputs[o].shape, values: u, dtype: outputs[o].dtype == .float64 ? .float64 : .float32)
            let grads = try vjp(output: o, uTensor)
            var reverse = 0.0, magnitude = Swift.abs(forward)
            for (slot, grad) in grads.enumerated() {
                guard let grad else { continue }
                for (g, v) in zip(try grad.toArray(), vs[slot]) {
                    reverse += g * v
                    magnitude += Swift.abs(g * v)
                }
            }
            // Both sides sum the same products in different orders: they agree to rounding.
            let allowed = (single ? 1e-4 : 1e-10) * Swift.max(magnitude, 1e-300) + (single ? 1e-6 : 1e-13)
            if !(Swift.abs(forward - reverse) <= allowed) {
                findings.append(
                    GradCheckFinding(
                        kind: .forwardReverseMismatch, output: o,
                        message:
                            "Forward and reverse mode disagree for \(outputLabel(o)): for random unit vectors u (over the output) and v (over the inputs), forward mode gives ⟨u, J v⟩ = \(forward) and reverse mode ⟨Jᵀ u, v⟩ = \(reverse) (difference \(NumberFormat.scientific(Swift.abs(forward - reverse), 3)), allowed \(NumberFormat.scientific(allowed, 3))): a forward rule or a backward rule is wrong."
                    ))
            }
        }
    }
}
