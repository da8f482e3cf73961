import Autograd

/// The comparisons and checks of one gradcheck run.
struct Checker {
    let function: CheckedFunction
    let outputs: [Tensor]
    let differentiable: [Int]
    let options: GradCheckOptions
    var comparisons: [JacobianComparison] = []
    var kinks: [Kink] = []
    var findings: [GradCheckFinding] = []
    /// Wrong-derivative findings (their index in `findings`) with their output and input.
    var wrongPairs: [(finding: Int, output: Int, input: Int)] = []
    /// The numerical Jacobians of slow mode, per differentiable input (in `differentiable`'s
    /// order), kept for the forward-mode comparison.
    var numericalJacobians: [(values: Jacobian, errors: Jacobian?)] = []
    /// Fast mode's backward pass per output: its random `v`, the gradients `vᵀ J` it gave
    /// and their values as they were then (a gradient that shares memory with something
    /// the numerical evaluations write would change after), which the reentrancy check
    /// compares a second pass with.
    var projectionPasses: [Int: (v: Tensor, gradients: [Tensor?], values: [[Double]?])] = [:]
    /// The inputs' values as the check found them, when its caller has taken them already
    /// (each comparison takes its own otherwise).
    var inputSnapshot: InputSnapshot?
    /// Whether some finding fails the check.
    var failed: Bool { findings.contains(where: \.isFailure) }

    /// For each checked output, its position among the function's outputs (outputs that
    /// do not require grad, and non-float ones, are left out, as PyTorch leaves them out).
    let outputPositions: [Int]

    init(
        function: CheckedFunction, outputs: [Tensor], differentiable: [Int], options: GradCheckOptions,
        outputPositions: [Int]? = nil
    ) {
        self.function = function
        self.outputs = outputs
        self.differentiable = differentiable
        self.options = options
        self.outputPositions = outputPositions ?? Array(outputs.indices)
    }

    /// The vector-Jacobian product `vᵀ J` of output `o` with respect to `inputs` (the
    /// differentiable inputs by default), from a backward pass of output `o` alone, as
    /// PyTorch's gradcheck takes it: every other output's gradient is undefined (nil for a
    /// custom function that opted out of materialising gradients, zeros for the rest).
    func vjp(output o: Int, _ v: Tensor, inputs chosen: [Tensor]? = nil) throws -> [Tensor?] {
        try grad(
            outputs: [outputs[o]], inputs: chosen ?? differentiable.map { inputs[$0] }, gradOutputs: [v],
            retainGraph: true, allowUnused: true)
    }

    /// "input 1", numbered as PyTorch numbers them (inputs that require grad only), with
    /// the position in the caller's array beside it where the two differ.
    func inputLabel(_ i: Int) -> String {
        let number = differentiable.firstIndex(of: i) ?? i
        return number == i ? "input \(i)" : "input \(number) (argument \(i))"
    }

    /// "output 0", numbered among the checked outputs, with the position among the
    /// function's outputs beside it where the two differ.
    func outputLabel(_ o: Int) -> String {
        let position = outputPositions[o]
        return position == o ? "output \(o)" : "output \(o) (position \(position) among the function's outputs)"
    }

    var inputs: [Tensor] { function.inputs }

    /// The columns of output `o` in the flattened concatenation of all outputs.
    var outputRanges: [Range<Int>] {
        var start = 0
        return outputs.map { output in
            defer { start += output.count }
            return start..<start + output.count
        }
    }

    // MARK: Slow mode

    /// Compares every Jacobian element by element, with rows spread over the workers
    /// that `options.threads` allows.
    mutating func compareJacobians() throws {
        let ranges = outputRanges
        let base = try outputs.flatMap { try $0.toArray() }
        let largest = differentiable.map { inputs[$0].count }.max() ?? 0
        // Inputs that share memory (x passed twice) must share it in every worker's copies
        // too; rather than rebuild that aliasing, such checks run on the caller's tensors.
        let aliased = inputs.indices.contains { i in inputs.indices.contains { j in j > i && inputs[i].sharesStorage(with: inputs[j]) } }
        let replicas = try Replica.make(for: inputs, workers: aliased ? 1 : options.workers(rows: Swift.max(largest, base.count)))
        let snapshot = try inputSnapshot ?? InputSnapshot(inputs)
        let analytical = try AnalyticalJacobian.compute(
            function, outputs: outputs, differentiable: differentiable,
            replicas: replicas)
        for replica in replicas { try snapshot.verify(replica.inputs, after: "the backward passes") }
        let numerical = try differentiable.map { i in
            try NumericalJacobian.compute(
                function, input: i, base: base, outputRanges: ranges, replicas: replicas,
                options: options)
        }
        for replica in replicas { try snapshot.verify(replica.inputs, after: "the numerical evaluations") }
        numericalJacobians = numerical.map { ($0.values, $0.errors) }
        for (o, range) in ranges.enumerated() {
            for (slot, i) in differentiable.enumerated() {
                let n = numerical[slot]
                try compare(
                    output: o, input: i,
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
        let snapshot = try inputSnapshot ?? InputSnapshot(inputs)
        for (o, output) in outputs.enumerated() {
            let v = generator.unitVector(output.count)
            let vTensor = try Tensor(shape: output.shape, values: v, dtype: output.dtype == .float64 ? .float64 : .float32)
            let grads: [Tensor?] =
                output.requiresGrad
                ? try vjp(output: o, vTensor)
                : differentiable.map { _ in nil }
            let gradValues = try grads.map { try $0?.toArray() }
            if output.requiresGrad { projectionPasses[o] = (vTensor, grads, gradValues) }
            try snapshot.verify(inputs, after: "the backward passes")
            for (slot, i) in differentiable.enumerated() {
                let u = generator.unitVector(inputs[i].count)
                let vJ = gradValues[slot] ?? [Double](repeating: 0, count: u.count)
                let analytical = VectorSums.dot(vJ, u)
                let window = try inputs[i].sharedWindow
                let base = try window.values
                defer { try? window.assign(base) }  // base has the window's count: cannot throw
                let projected: (Double) throws -> [Double] = { t in
                    window.assignPoint(on: base, along: u, at: t)
                    let values = try self.function()
                    return [try values[o].withValues { VectorSums.dot($0, v) }]
                }
                // Adapted once: the other methods' estimates below probe the same projection.
                let line = ProbeLine.direction(
                    base: base, direction: u, edges: options.domainEdges,
                    resolution: function.resolution(moving: [i])
                ).adapted(to: projected, at: 0)
                var estimate = try NumericalDerivative.estimate(options.method, of: projected, at: 0, line: line, eps: options.eps)[0]
                let scale = VectorSums.sumOfMagnitudes(u) * VectorSums.sumOfMagnitudes(v)
                if Swift.abs(analytical - estimate.value) > options.allowed(numerical: estimate.value, estimate: estimate.error, scale: scale) {
                    // Before calling it a mismatch, a sweep: the other methods' estimates of the
                    // same derivative. Where they disagree with each other by more than this
                    // method's error estimate, that estimate was too small (rounding in the
                    // function itself), and their spread is the honest one.
                    // (Methods with error estimates only: central's truncation error would
                    // widen the tolerance past what the projection can resolve.)
                    for other in [DifferenceMethod.gsl, .richardson] where other != options.method {
                        let alternative = try NumericalDerivative.estimate(other, of: projected, at: 0, line: line)[0]
                        estimate.error = Swift.max(estimate.error, Swift.abs(alternative.value - estimate.value))
                    }
                }
                try? window.assign(base)  // restored before the check, as the deferred restore would
                try snapshot.verify(inputs, after: "the numerical evaluations")
                try compare(
                    output: o, input: i, numerical: Jacobian(checkedRows: 1, columns: 1, values: [estimate.value]),
                    errors: Jacobian(checkedRows: 1, columns: 1, values: [estimate.error]),
                    analytical: Jacobian(checkedRows: 1, columns: 1, values: [analytical]), scale: scale, projected: true)
            }
        }
    }

    // MARK: Comparison and messages

    /// Failing rows diagnosed per comparison, and failing columns per row: beyond them a
    /// failing element counts as wrong, so a budget can cost a pass, never a failure.
    static let diagnosedRows = 16, diagnosedColumns = 4
    /// Passing rows whose kink screen is examined per comparison.
    static let screenedRows = 8

    /// Compares one Jacobian element by element and diagnoses failing elements. `forwardMode`:
    /// `analytical` came from forward-mode passes (named so in the message, kept out of
    /// `comparisons` and of the reverse-mode diagnosis).
    mutating func compare(
        output o: Int, input i: Int, numerical: Jacobian, errors: Jacobian?,
        analytical: Jacobian, scale: Double, projected: Bool = false,
        kinkScreens: [KinkScreen] = [], forwardMode: Bool = false
    ) throws {
        let input = inputs[i], output = outputs[o]
        let found = try ElementwiseComparison.compare(
            numerical: numerical, analytical: analytical, errors: errors,
            scale: scale, options: options)
        let worst = found.worst
        func record(passed: Bool) {
            guard !forwardMode else { return }
            comparisons.append(
                JacobianComparison(
                    output: o, input: i, maxAbsoluteError: found.maxAbsolute, maxRelativeError: found.maxRelative,
                    worstInputElement: projected ? [] : input.multiIndex(worst.k),
                    worstOutputElement: projected ? [] : output.multiIndex(worst.j),
                    worstNumerical: numerical.values.isEmpty ? 0 : numerical.at(worst.k, worst.j),
                    worstAnalytical: analytical.values.isEmpty ? 0 : analytical.at(worst.k, worst.j),
                    numerical: numerical, analytical: analytical, errorEstimates: errors, worstRow: worst.k, worstColumn: worst.j, toleranceScale: scale,
                    passed: passed))
        }
        if projected {
            let passed = found.failing.isEmpty && found.nonFinite == nil
            record(passed: passed)
            if !passed {
                findings.append(
                    GradCheckFinding(
                        kind: .fastModeMismatch, output: o, input: i,
                        message:
                            "Fast-mode projection mismatch for \(outputLabel(o)) with respect to \(inputLabel(i)): numerical \(numerical.at(0, 0)), analytical \(analytical.at(0, 0))."
                    ))
            }
            return
        }
        let tolerance = options.tolerance(scale: scale)
        func fails(_ k: Int, _ j: Int) -> Bool {
            let (n, a) = (numerical.at(k, j), analytical.at(k, j))
            return !(Swift.abs(a - n) <= tolerance.allowed(numerical: n, estimate: errors?.at(k, j) ?? 0))
        }
        // Suspects: failing elements (a few per failing row), then elements whose one-sided
        // differences jump, a kink even where the Jacobians happen to agree.
        var suspects: [(k: Int, j: Int, failing: Bool)] = []
        if let (k, j) = found.nonFinite { suspects.append((k, j, true)) }
        for (k, _) in found.failing.prefix(Self.diagnosedRows) {
            suspects += (0..<numerical.columns).lazy.filter { fails(k, $0) }.prefix(Self.diagnosedColumns).map { (k, $0, true) }
        }
        let failingRows = Set(found.failing.map(\.k))
        let screened = kinkScreens.enumerated().filter { k, screen in
            !failingRows.contains(k) && screen.jump > 1e-4 * (1 + Swift.abs(numerical.at(k, screen.outputElement)))
        }
        suspects += screened.prefix(Self.screenedRows).map { (k: $0.offset, j: $0.element.outputElement, failing: false) }
        var unexplained = found.failing.count > Self.diagnosedRows
        var newFindings: [GradCheckFinding] = []
        for suspect in suspects {
            let (k, j) = (suspect.k, suspect.j)
            let (n, a) = (numerical.at(k, j), analytical.at(k, j))
            if !a.isFinite || (suspect.failing && !n.isFinite && n == a) {
                newFindings.append(
                    GradCheckFinding(
                        kind: .nonFinite,
                        message: """
                            Jacobian for \(outputLabel(o)) with respect to \(inputLabel(i)) contains NaN or infinity at input element \(input.multiIndex(k)), \
                            output element \(output.multiIndex(j)): numerical \(n), analytical \(a).
                            """))
                break
            }
            let verdict = try diagnose(output: o, input: i, k: k, j: j, analytical: a, numerical: n, failing: suspect.failing)
            let place = "\(inputLabel(i)) element \(input.multiIndex(k)) -> \(outputLabel(o)) element \(output.multiIndex(j))"
            switch verdict {
            case .smooth:
                continue
            case .noise(let careful):
                newFindings.append(
                    GradCheckFinding(
                        kind: .finiteDifferenceNoise,
                        message:
                            "Finite-difference error at \(place): the \(options.method.rawValue) estimate \(n) is off; Richardson extrapolation gives \(careful.value) (error estimate \(NumberFormat.scientific(careful.error, 1))), which agrees with the analytical \(a)."
                    ))
            case .kinkAccepted(let kink):
                kinks.append(kink)
                newFindings.append(
                    GradCheckFinding(
                        kind: .kinkAccepted,
                        message:
                            "Non-differentiable point at \(place) (x = \(kink.x)): left derivative \(kink.left), right derivative \(kink.right); the analytical \(a) is accepted (kink policy: \(options.kinkPolicy.rawValue))."
                    ))
            case .wrongAtKink(let kink):
                kinks.append(kink)
                let rule =
                    options.kinkPolicy == .interval
                    ? "lies outside the interval between them; a gradient at a kink must lie between the one-sided derivatives (PyTorch's conventions do: abs'(0) = 0, relu'(0) = 0)"
                    : "differs from their mean \((kink.left + kink.right) / 2), which the strict kink policy requires (use KinkPolicy.interval to accept any value between them)"
                newFindings.append(
                    GradCheckFinding(
                        kind: .wrongAtKink,
                        message:
                            "Wrong derivative at a non-differentiable point for \(outputLabel(o)) with respect to \(inputLabel(i)) at input element \(kink.element) (x = \(kink.x)): the left derivative is \(kink.left) and the right derivative is \(kink.right), and the analytical \(a) \(rule)."
                    ))
            case .outsideDomain(let reason):
                newFindings.append(
                    GradCheckFinding(
                        kind: .outsideDomain,
                        message:
                            "Outside the function's domain at \(place) (x = \(try input.sharedWindow[unchecked: k])): \(reason). Move the input inside the domain, or declare the domain's edges in GradCheckOptions.domainEdges so that probes stay inside."
                    ))
            case .wrong(let careful):
                unexplained = true
                let confirm =
                    careful.map {
                        " Diagnosis: wrong derivative. At \(place), Richardson extrapolation gives \($0.value) (error estimate \(NumberFormat.scientific($0.error, 1))), confirming the numerical \(n), so the difference is not finite-difference error."
                    } ?? ""
                let detail =
                    "worst element: \(inputLabel(i)) element \(input.multiIndex(worst.k)) -> \(outputLabel(o)) element \(output.multiIndex(worst.j)): numerical \(numerical.at(worst.k, worst.j)), analytical \(analytical.at(worst.k, worst.j)) (difference \(NumberFormat.scientific(Swift.abs(analytical.at(worst.k, worst.j) - numerical.at(worst.k, worst.j)), 3)), allowed \(NumberFormat.scientific(tolerance.allowed(numerical: numerical.at(worst.k, worst.j), estimate: errors?.at(worst.k, worst.j) ?? 0), 3)))."
                newFindings.append(
                    GradCheckFinding(
                        kind: forwardMode ? .wrongForwardDerivative : .wrongDerivative,
                        message:
                            "\(forwardMode ? "Jacobian computed with forward mode mismatch" : "Jacobian mismatch") for \(outputLabel(o)) with respect to \(inputLabel(i)),\n\(detail)\(confirm)\nnumerical:\(Self.describe(numerical))\nanalytical:\(Self.describe(analytical))"
                    ))
                if !forwardMode { wrongPairs.append((findings.count + newFindings.count - 1, o, i)) }
            }
            if newFindings.last?.isFailure == true { break }
        }
        if unexplained, !newFindings.contains(where: \.isFailure) {
            newFindings.append(
                GradCheckFinding(
                    kind: forwardMode ? .wrongForwardDerivative : .wrongDerivative,
                    message:
                        "\(forwardMode ? "Jacobian computed with forward mode mismatch" : "Jacobian mismatch") for \(outputLabel(o)) with respect to \(inputLabel(i)): \(found.failing.count) or more input elements fail, more than gradcheck diagnoses (\(Self.diagnosedRows)); the first of them is input element \(input.multiIndex(found.failing[0].k)).\nnumerical:\(Self.describe(numerical))\nanalytical:\(Self.describe(analytical))"
                ))
            if !forwardMode { wrongPairs.append((findings.count + newFindings.count - 1, o, i)) }
        }
        record(passed: !newFindings.contains(where: \.isFailure))
        findings += newFindings.map { finding in
            var located = finding
            (located.output, located.input) = (o, i)
            return located
        }
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
        for (o, output) in outputs.enumerated() where output.requiresGrad {
            // Fast mode's projection already made one pass with a random v: the second runs
            // with the same v (as PyTorch's fast mode checks reentrancy on its own vjp).
            let (v, first, firstValues): (Tensor, [Tensor?], [[Double]?])
            if let kept = projectionPasses[o] {
                (v, first, firstValues) = kept
            } else {
                v = try Tensor(
                    shape: output.shape, values: generator.unitVector(output.count),
                    dtype: output.dtype == .float64 ? .float64 : .float32)
                first = try vjp(output: o, v)
                firstValues = try first.map { try $0?.toArray() }
            }
            let second = try vjp(output: o, v)
            for (a, b) in zip(firstValues, second) {
                let x = a ?? []
                let differs = try b?.withValues { y in x.count != y.count || zip(x, y).contains { Swift.abs($0 - $1) > options.nondetTol } } ?? !x.isEmpty
                if differs {
                    let y = try b?.toArray() ?? []
                    let largest = zip(x, y).map { Swift.abs($0 - $1) }.max() ?? 0
                    findings.append(
                        GradCheckFinding(
                            kind: .notReentrant,
                            message:
                                "Backward is not reentrant, i.e., running backward with same input and grad_output multiple times gives different values, although analytical gradient matches numerical gradient.The tolerance for nondeterminism was \(options.nondetTol).\nTwo backward passes of \(outputLabel(o)) differ by up to \(NumberFormat.scientific(largest, 3)). If the backward is nondeterministic by design (atomic adds, threads), set GradCheckOptions.nondetTol (an OpInfo's nondetTol) to at least that."
                        ))
                    return
                }
            }
            for (slot, g) in first.enumerated() {
                if let g { try AnalyticalJacobian.checkGradient(g, of: differentiableInputs[slot], index: differentiable[slot]) }
            }
            if try ignoresGradOutput(output: o) {
                findings.append(
                    GradCheckFinding(
                        kind: .notMultipliedByGradOutput,
                        message:
                            "backward not multiplied by grad_output: with a zero output gradient, the backward of \(outputLabel(o)) returned a nonzero input gradient. Multiply every term of the rule by the output gradient."
                    ))
                return
            }
        }
        if options.checkUndefinedGrad { try checkUndefinedGradients() }
    }

    /// PyTorch's `check_undefined_grad`: backward must accept output gradients that are
    /// undefined (an output that did not reach the loss) and then give zero or no input
    /// gradients; first with every output's gradient undefined, then (with several
    /// outputs) each output's in turn, the others zero.
    mutating func checkUndefinedGradients() throws {
        let differentiableInputs = differentiable.map { inputs[$0] }
        let zeros = try outputs.map { try Tensor.zeros(like: $0) }
        var cases = [Set(outputs.indices)]
        if outputs.count > 1 { cases += outputs.indices.map { [$0] } }
        for undefined in cases {
            let grads: [Tensor?]
            do {
                grads = try differentiate(
                    outputs: outputs, inputs: differentiableInputs, gradOutputs: zeros,
                    undefinedOutputs: undefined, retainGraph: true, allowUnused: true)
            } catch {
                findings.append(
                    GradCheckFinding(
                        kind: .undefinedGradient,
                        message:
                            "Expected backward function to handle undefined output grads. With the gradient of \(undefined.sorted().map(outputLabel).joined(separator: ", ")) undefined, backward threw: \(error). A custom function's backward receives nil for such outputs after ctx.setMaterializeGrads(false), and zeros otherwise."
                    ))
                return
            }
            if try Self.someNonzero(grads) {
                findings.append(
                    GradCheckFinding(
                        kind: .undefinedGradient,
                        message:
                            "Expected all input grads to be undefined or zero when all output grads are undefined or zero. With the gradient of \(undefined.sorted().map(outputLabel).joined(separator: ", ")) undefined and the others zero, backward returned a nonzero input gradient."
                    ))
                return
            }
        }
    }
}
