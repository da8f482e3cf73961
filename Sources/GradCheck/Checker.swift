import Autograd

/// The comparisons and checks of one gradcheck run.
struct Checker {
    let function: CheckedFunction
    let outputs: [Tensor]
    let differentiable: [Int]
    let options: GradCheckOptions
    var comparisons: [JacobianComparison] = []
    var kinks: [Kink] = []
    var failures: [String] = []

    init(function: CheckedFunction, outputs: [Tensor], differentiable: [Int], options: GradCheckOptions) {
        self.function = function
        self.outputs = outputs
        self.differentiable = differentiable
        self.options = options
    }

    private var inputs: [Tensor] { function.inputs }

    /// The columns of output `o` in the flattened concatenation of all outputs.
    private var outputRanges: [Range<Int>] {
        var start = 0
        return outputs.map { output in
            defer { start += output.count }
            return start ..< start + output.count
        }
    }

    // MARK: Slow mode

    /// Compares every Jacobian element by element, with rows spread over the workers
    /// that `options.threads` allows.
    mutating func compareJacobians() throws {
        let ranges = outputRanges
        let base = try outputs.flatMap { try $0.toArray() }
        let largest = differentiable.map { inputs[$0].count }.max() ?? 0
        let replicas = try Replica.make(for: inputs, workers: options.workers(rows: Swift.max(largest, base.count)))
        let snapshot = try InputSnapshot(inputs)
        let analytical = try AnalyticalJacobian.compute(function, outputs: outputs, differentiable: differentiable,
                                                        replicas: replicas)
        for replica in replicas { try snapshot.verify(replica.inputs, after: "the backward passes") }
        let numerical = try differentiable.map { i in
            try NumericalJacobian.compute(function, input: i, base: base, outputRanges: ranges, replicas: replicas,
                                          options: options)
        }
        for replica in replicas { try snapshot.verify(replica.inputs, after: "the numerical evaluations") }
        for (o, range) in ranges.enumerated() {
            for (slot, i) in differentiable.enumerated() {
                let n = numerical[slot]
                try compare(output: o, input: i,
                            numerical: n.values.columns(range), errors: n.errors?.columns(range),
                            analytical: analytical[slot].columns(range), scale: 1,
                            kinkScreens: stride(from: o, to: n.kinkScreens.count, by: ranges.count).map { n.kinkScreens[$0] })
            }
        }
    }

    // MARK: Fast mode

    /// Compares random projections `vᵀ J u` per output and input.
    mutating func compareProjections() throws {
        var generator = SplitMix64(seed: options.seed &+ 0x5EED)
        let snapshot = try InputSnapshot(inputs)
        for (o, output) in outputs.enumerated() {
            let v = generator.unitVector(output.count)
            let vTensor = try Tensor(shape: output.shape, values: v, dtype: output.dtype == .float64 ? .float64 : .float32)
            let grads: [Tensor?] = output.requiresGrad
                ? try grad(outputs: [output], inputs: differentiable.map { inputs[$0] }, gradOutputs: [vTensor],
                           retainGraph: true, allowUnused: true)
                : differentiable.map { _ in nil }
            try snapshot.verify(inputs, after: "the backward passes")
            let range = outputRanges[o]
            for (slot, i) in differentiable.enumerated() {
                let u = generator.unitVector(inputs[i].count)
                let vJ = try grads[slot]?.toArray() ?? [Double](repeating: 0, count: u.count)
                let analytical = zip(vJ, u).reduce(0) { $0 + $1.0 * $1.1 }
                let window = try inputs[i].sharedWindow
                let base = try window.values
                defer { try? window.assign(base) }  // base has the window's count: cannot throw
                let projected: (Double) throws -> [Double] = { t in
                    try window.assign(zip(base, u).map { $0 + t * $1 })
                    let values = try self.function.values()
                    return [zip(values[range], v).reduce(0) { $0 + $1.0 * $1.1 }]
                }
                let estimate = try NumericalJacobian.derivative(of: projected, at: 0, options: options)[0]
                try? window.assign(base)  // restored before the check, as the deferred restore would
                try snapshot.verify(inputs, after: "the numerical evaluations")
                let scale = u.reduce(0) { $0 + Swift.abs($1) } * v.reduce(0) { $0 + Swift.abs($1) }
                try compare(output: o, input: i, numerical: Jacobian(checkedRows: 1, columns: 1, values: [estimate.value]),
                            errors: Jacobian(checkedRows: 1, columns: 1, values: [estimate.error]),
                            analytical: Jacobian(checkedRows: 1, columns: 1, values: [analytical]), scale: scale, projected: true)
            }
        }
    }

    // MARK: Comparison and messages

    private mutating func compare(output o: Int, input i: Int, numerical: Jacobian, errors: Jacobian?,
                                  analytical: Jacobian, scale: Double, projected: Bool = false,
                                  kinkScreens: [KinkScreen] = []) throws {
        let input = inputs[i], output = outputs[o]
        let found = try ElementwiseComparison.compare(numerical: numerical, analytical: analytical, errors: errors,
                                                      scale: scale, options: options)
        let (maxAbsolute, maxRelative, worst, failing, nonFinite) =
            (found.maxAbsolute, found.maxRelative, found.worst, found.failing, found.nonFinite)
        let inputElement = projected ? [] : input.multiIndex(worst.k)
        let outputElement = projected ? [] : output.multiIndex(worst.j)
        // Elements whose one-sided differences jump are suspected kinks, even where the
        // Jacobians happen to agree (abs at 0 gives 0 both ways).
        let screened = kinkScreens.enumerated().compactMap { k, screen -> (k: Int, j: Int)? in
            screen.jump > 1e-4 * (1 + Swift.abs(numerical.at(k, screen.outputElement))) ? (k, screen.outputElement) : nil
        }
        let kinksFound = projected || nonFinite != nil ? [] : try detectKinks(output: o, input: i, suspects: failing + screened)
        kinks += kinksFound
        let passed = failing.isEmpty && nonFinite == nil && kinksFound.isEmpty
        comparisons.append(JacobianComparison(
            output: o, input: i, maxAbsoluteError: maxAbsolute, maxRelativeError: maxRelative,
            worstInputElement: inputElement, worstOutputElement: outputElement,
            worstNumerical: numerical.values.isEmpty ? 0 : numerical.at(worst.k, worst.j),
            worstAnalytical: analytical.values.isEmpty ? 0 : analytical.at(worst.k, worst.j),
            numerical: numerical, analytical: analytical, errorEstimates: errors, passed: passed))
        if let (k, j) = nonFinite {
            failures.append("""
                Jacobian for output \(o) with respect to input \(i) contains NaN or infinity at \
                \(projected ? "the projection" : "input element \(input.multiIndex(k)), output element \(output.multiIndex(j))"): \
                numerical \(numerical.at(k, j)), analytical \(analytical.at(k, j)).
                """)
            return
        }
        guard !failing.isEmpty || !kinksFound.isEmpty else { return }
        if projected {
            failures.append("Fast-mode projection mismatch for output \(o) with respect to input \(i): numerical \(numerical.at(0, 0)), analytical \(analytical.at(0, 0)).")
            return
        }
        let a = analytical.at(worst.k, worst.j), n = numerical.at(worst.k, worst.j)
        let detail = "worst element: input \(i) element \(inputElement) -> output \(o) element \(outputElement): numerical \(n), analytical \(a) (difference \(NumberFormat.scientific(Swift.abs(a - n), 3)), allowed \(NumberFormat.scientific(options.allowed(numerical: n, estimate: errors?.at(worst.k, worst.j) ?? 0, scale: scale), 3)))"
        let jacobians = "numerical:\(Self.describe(numerical))\nanalytical:\(Self.describe(analytical))"
        let explained = Set(kinksFound.map { input.flatIndex($0.element) })
        if let kink = kinksFound.first {
            failures.append("""
                Non-differentiable point for output \(o) with respect to input \(i) at input element \(kink.element) (x = \(kink.x)): \
                the left derivative is \(kink.left) and the right derivative is \(kink.right), so no gradient can match both; \
                move the input away from the kink.
                \(jacobians)
                """)
        }
        if failing.contains(where: { !explained.contains($0.k) }) {
            failures.append("Jacobian mismatch for output \(o) with respect to input \(i),\n\(detail)\n\(jacobians)")
        }
    }

    /// For suspect input elements, compares GSL's one-sided derivatives.
    private func detectKinks(output o: Int, input i: Int, suspects: [(k: Int, j: Int)]) throws -> [Kink] {
        var seen = Set<Int>()
        var found: [Kink] = []
        let window = try inputs[i].sharedWindow
        let base = outputRanges[o].lowerBound
        for (k, j) in suspects where seen.insert(k).inserted && seen.count <= 8 {
            let x0 = window[unchecked: k]
            defer { window[unchecked: k] = x0 }
            let g: (Double) throws -> Double = { t in
                window[unchecked: k] = t
                return try self.function.values()[base + j]
            }
            let h = 1e-4 * Swift.max(1, Swift.abs(x0))
            let left = try GSLDerivative.estimate(.backward, of: g, at: x0, step: h)
            let right = try GSLDerivative.estimate(.forward, of: g, at: x0, step: h)
            let gap = Swift.abs(right.value - left.value)
            let noise = 10 * (left.error + right.error) + 1e-6 * Swift.max(1, Swift.abs(left.value), Swift.abs(right.value))
            if gap > noise {
                found.append(Kink(output: o, input: i, element: inputs[i].multiIndex(k), outputElement: outputs[o].multiIndex(j),
                                  x: x0, left: left.value, right: right.value))
            }
        }
        return found
    }

    static func describe(_ matrix: Jacobian) -> String {
        guard let tensor = try? Tensor(shape: [matrix.rows, matrix.columns], values: matrix.values, dtype: .float64) else {
            return "\(matrix.nested)"
        }
        return tensor.description
    }

    // MARK: Backward properties

    /// Reentrancy (two backward passes agree within `nondetTol`) and zero-gradient checks.
    mutating func checkBackwardProperties() throws {
        let differentiableInputs = differentiable.map { inputs[$0] }
        var generator = SplitMix64(seed: options.seed &+ 0xBAC4)
        for output in outputs where output.requiresGrad {
            let v = try Tensor(shape: output.shape, values: generator.unitVector(output.count),
                               dtype: output.dtype == .float64 ? .float64 : .float32)
            let first = try grad(outputs: [output], inputs: differentiableInputs, gradOutputs: [v], retainGraph: true, allowUnused: true)
            let second = try grad(outputs: [output], inputs: differentiableInputs, gradOutputs: [v], retainGraph: true, allowUnused: true)
            for (a, b) in zip(first, second) {
                let x = try a?.toArray() ?? [], y = try b?.toArray() ?? []
                if x.count != y.count || zip(x, y).contains(where: { Swift.abs($0 - $1) > options.nondetTol }) {
                    failures.append("Backward is not reentrant, i.e., running backward with same input and grad_output multiple times gives different values, although analytical gradient matches numerical gradient. The tolerance for nondeterminism was \(options.nondetTol).")
                    return
                }
            }
            for (slot, g) in first.enumerated() {
                if let g { try AnalyticalJacobian.checkGradient(g, of: differentiableInputs[slot], index: differentiable[slot]) }
            }
            let zeros = try Tensor.zeros(like: output)
            let zeroGrads = try grad(outputs: [output], inputs: differentiableInputs, gradOutputs: [zeros], retainGraph: true, allowUnused: true)
            if try zeroGrads.contains(where: { try $0?.toArray().contains { $0 != 0 } ?? false }) {
                failures.append("Expected all input grads to be undefined or zero when all output grads are undefined or zero.")
                return
            }
        }
    }
}
