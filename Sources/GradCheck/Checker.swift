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

    /// Where output `o` starts in the flattened concatenation of all outputs.
    private func offset(of o: Int) -> Int { outputs[..<o].reduce(0) { $0 + $1.count } }

    // MARK: Slow mode

    /// Compares every Jacobian element by element.
    mutating func compareJacobians() throws {
        var numerical: [Int: (values: [[Double]], errors: [[Double]], kinkScreens: [[Double]])] = [:]
        let base = outputs.flatMap { $0.toArray() }
        for i in differentiable {
            numerical[i] = try NumericalJacobian.compute(function, input: i, base: base, options: options)
        }
        for (o, output) in outputs.enumerated() {
            let analytical = try AnalyticalJacobian.compute(output: output, inputs: differentiable.map { inputs[$0] })
            let range = offset(of: o)..<(offset(of: o) + output.count)
            for (slot, i) in differentiable.enumerated() {
                let n = numerical[i]!
                try compare(output: o, input: i,
                            numerical: n.values.map { Array($0[range]) },
                            errors: n.errors.map { Array($0[range]) },
                            analytical: analytical[slot], scale: 1,
                            kinkScreens: n.kinkScreens.map { Array($0[range]) })
            }
        }
    }

    // MARK: Fast mode

    /// Compares random projections `vᵀ J u` per output and input.
    mutating func compareProjections() throws {
        var generator = SplitMix64(seed: options.seed &+ 0x5EED)
        for (o, output) in outputs.enumerated() {
            let v = generator.unitVector(output.count)
            let vTensor = try Tensor(shape: output.shape, values: v, dtype: output.dtype == .float64 ? .float64 : .float32)
            let grads: [Tensor?] = output.requiresGrad
                ? try grad(outputs: [output], inputs: differentiable.map { inputs[$0] }, gradOutputs: [vTensor],
                           retainGraph: true, allowUnused: true)
                : differentiable.map { _ in nil }
            let range = offset(of: o)..<(offset(of: o) + output.count)
            for (slot, i) in differentiable.enumerated() {
                let u = generator.unitVector(inputs[i].count)
                let vJ = grads[slot]?.toArray() ?? [Double](repeating: 0, count: u.count)
                let analytical = zip(vJ, u).reduce(0) { $0 + $1.0 * $1.1 }
                let window = inputs[i].sharedWindow
                let base = (0..<window.count).map { window[$0] }
                defer { for k in base.indices { window[k] = base[k] } }
                let projected: (Double) throws -> [Double] = { t in
                    for k in base.indices { window[k] = base[k] + t * u[k] }
                    let values = try self.function.values()
                    return [zip(values[range], v).reduce(0) { $0 + $1.0 * $1.1 }]
                }
                let estimate = try NumericalJacobian.derivative(of: projected, at: 0, options: options)[0]
                let scale = u.reduce(0) { $0 + Swift.abs($1) } * v.reduce(0) { $0 + Swift.abs($1) }
                try compare(output: o, input: i, numerical: [[estimate.value]], errors: [[estimate.error]],
                            analytical: [[analytical]], scale: scale, projected: true)
            }
        }
    }

    // MARK: Comparison and messages

    private mutating func compare(output o: Int, input i: Int, numerical: [[Double]], errors: [[Double]],
                                  analytical: [[Double]], scale: Double, projected: Bool = false,
                                  kinkScreens: [[Double]] = []) throws {
        let input = inputs[i], output = outputs[o]
        var maxAbsolute = 0.0, maxRelative = 0.0
        var worst = (k: 0, j: 0, ratio: -1.0)
        var failing: [(k: Int, j: Int)] = []
        var nonFinite: (k: Int, j: Int)?
        for k in numerical.indices {
            for j in numerical[k].indices {
                let (n, a) = (numerical[k][j], analytical[k][j])
                if !n.isFinite || !a.isFinite {
                    if nonFinite == nil { nonFinite = (k, j) }
                    continue
                }
                let difference = Swift.abs(a - n)
                let allowed = options.allowed(numerical: n, estimate: errors[k][j], scale: scale)
                maxAbsolute = Swift.max(maxAbsolute, difference)
                if n != 0 { maxRelative = Swift.max(maxRelative, difference / Swift.abs(n)) }
                let ratio = allowed > 0 ? difference / allowed : (difference > 0 ? .infinity : 0)
                if ratio > worst.ratio { worst = (k, j, ratio) }
                if difference > allowed { failing.append((k, j)) }
            }
        }
        let inputElement = projected ? [] : input.multiIndex(worst.k)
        let outputElement = projected ? [] : output.multiIndex(worst.j)
        // Elements whose one-sided differences jump are suspected kinks, even where the
        // Jacobians happen to agree (abs at 0 gives 0 both ways).
        let screened = kinkScreens.indices.compactMap { k -> (k: Int, j: Int)? in
            guard let j = kinkScreens[k].indices.max(by: { kinkScreens[k][$0] < kinkScreens[k][$1] }),
                  kinkScreens[k][j] > 1e-4 * (1 + Swift.abs(numerical[k][j])) else { return nil }
            return (k, j)
        }
        let found = projected || nonFinite != nil ? [] : try detectKinks(output: o, input: i, suspects: failing + screened)
        kinks += found
        let passed = failing.isEmpty && nonFinite == nil && found.isEmpty
        comparisons.append(JacobianComparison(
            output: o, input: i, maxAbsoluteError: maxAbsolute, maxRelativeError: maxRelative,
            worstInputElement: inputElement, worstOutputElement: outputElement,
            worstNumerical: numerical.isEmpty || numerical[0].isEmpty ? 0 : numerical[worst.k][worst.j],
            worstAnalytical: analytical.isEmpty || analytical[0].isEmpty ? 0 : analytical[worst.k][worst.j],
            numerical: numerical, analytical: analytical, errorEstimates: errors, passed: passed))
        if let (k, j) = nonFinite {
            failures.append("""
                Jacobian for output \(o) with respect to input \(i) contains NaN or infinity at \
                \(projected ? "the projection" : "input element \(input.multiIndex(k)), output element \(output.multiIndex(j))"): \
                numerical \(numerical[k][j]), analytical \(analytical[k][j]).
                """)
            return
        }
        guard !failing.isEmpty || !found.isEmpty else { return }
        if projected {
            failures.append("Fast-mode projection mismatch for output \(o) with respect to input \(i): numerical \(numerical[0][0]), analytical \(analytical[0][0]).")
            return
        }
        let a = analytical[worst.k][worst.j], n = numerical[worst.k][worst.j]
        let detail = "worst element: input \(i) element \(inputElement) -> output \(o) element \(outputElement): numerical \(n), analytical \(a) (difference \(NumberFormat.scientific(Swift.abs(a - n), 3)), allowed \(NumberFormat.scientific(options.allowed(numerical: n, estimate: errors[worst.k][worst.j], scale: scale), 3)))"
        let jacobians = "numerical:\(Self.describe(numerical))\nanalytical:\(Self.describe(analytical))"
        let explained = Set(found.map { input.flatIndex($0.element) })
        if let kink = found.first {
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
        let window = inputs[i].sharedWindow
        let base = offset(of: o)
        for (k, j) in suspects where seen.insert(k).inserted && seen.count <= 8 {
            let x0 = window[k]
            defer { window[k] = x0 }
            let g: (Double) throws -> Double = { t in
                window[k] = t
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

    static func describe(_ matrix: [[Double]]) -> String {
        let rows = matrix.count, cols = matrix.first?.count ?? 0
        guard let tensor = try? Tensor(shape: [rows, cols], values: matrix.flatMap { $0 }, dtype: .float64) else {
            return "\(matrix)"
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
                let x = a?.toArray() ?? [], y = b?.toArray() ?? []
                if x.count != y.count || zip(x, y).contains(where: { Swift.abs($0 - $1) > options.nondetTol }) {
                    failures.append("Backward is not reentrant, i.e., running backward with same input and grad_output multiple times gives different values, although analytical gradient matches numerical gradient. The tolerance for nondeterminism was \(options.nondetTol).")
                    return
                }
            }
            for (slot, g) in first.enumerated() {
                if let g { try AnalyticalJacobian.checkGradient(g, of: differentiableInputs[slot], index: differentiable[slot]) }
            }
            let zeros = Tensor.zeros(like: output)
            let zeroGrads = try grad(outputs: [output], inputs: differentiableInputs, gradOutputs: [zeros], retainGraph: true, allowUnused: true)
            if zeroGrads.contains(where: { $0?.toArray().contains { $0 != 0 } ?? false }) {
                failures.append("Expected all input grads to be undefined or zero when all output grads are undefined or zero.")
                return
            }
        }
    }
}
