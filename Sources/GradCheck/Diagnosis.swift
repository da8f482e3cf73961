import Autograd

/// What one failing (or suspect) Jacobian element turned out to be.
enum ElementVerdict {
    /// The method's numerical value was off; a careful estimate agrees with the analytical one.
    case noise(careful: DerivativeEstimate)
    /// A kink whose analytical value the kink policy accepts.
    case kinkAccepted(Kink)
    /// A kink whose analytical value the kink policy rejects.
    case wrongAtKink(Kink)
    /// Every probe near the point threw or gave NaN.
    case outsideDomain(reason: String)
    /// The careful estimate confirms the numerical value: the analytical one is wrong.
    case wrong(careful: DerivativeEstimate?)
    /// Smooth here, and the comparison passed (a screened element that is no kink).
    case smooth
}

extension Checker {
    /// Examines element `(k, j)` of output `o`'s Jacobian with respect to input `i`:
    /// first GSL's one-sided derivatives (a kink when they differ beyond their error
    /// estimates and stay apart as the step shrinks, ``confirmsKink(_:at:line:gap:)``),
    /// then a careful estimate by Richardson extrapolation, domain-aware and shrinking
    /// near edges, which tells finite-difference noise from a wrong rule.
    func diagnose(
        output o: Int, input i: Int, k: Int, j: Int, analytical a: Double, numerical n: Double,
        failing: Bool
    ) throws -> ElementVerdict {
        let window = try inputs[i].sharedWindow
        let x0 = window[unchecked: k]
        defer { window[unchecked: k] = x0 }
        let column = outputRanges[o].lowerBound + j
        let g: (Double) throws -> Double = { t in
            window[unchecked: k] = t
            return try self.function.values()[column]
        }
        // Adapted once here: the one-sided rules, the kink's confirmation and the careful
        // estimates below all probe the same function at the same point.
        let line = ProbeLine.element(x0, edges: options.domainEdges, resolution: function.resolution(moving: [i]))
            .adapted(to: { [try g($0)] }, at: x0)
        let tolerance = options.tolerance()
        if let (left, right) = try? NumericalDerivative.oneSided(of: g, at: x0, line: line),
            left.value.isFinite, right.value.isFinite
        {
            let gap = Swift.abs(right.value - left.value)
            let noise = 10 * (left.error + right.error) + 1e-6 * Swift.max(1, Swift.abs(left.value), Swift.abs(right.value))
            if gap > noise, Checker.confirmsKink(g, at: x0, line: line, gap: gap) {
                let kink = Kink(
                    output: o, input: i, element: inputs[i].multiIndex(k), outputElement: outputs[o].multiIndex(j),
                    x: x0, left: left.value, right: right.value)
                let slack = tolerance.allowed(
                    numerical: Swift.max(Swift.abs(left.value), Swift.abs(right.value)),
                    estimate: left.error + right.error)
                let accepted: Bool
                switch options.kinkPolicy {
                case .interval:
                    accepted = a >= Swift.min(left.value, right.value) - slack && a <= Swift.max(left.value, right.value) + slack
                case .strict:
                    accepted = Swift.abs(a - (left.value + right.value) / 2) <= slack
                }
                return accepted ? .kinkAccepted(kink) : .wrongAtKink(kink)
            }
        }
        guard failing else { return .smooth }
        let careful: DerivativeEstimate
        do {
            careful = try NumericalDerivative.estimate(.richardson, of: { [try g($0)] }, at: x0, line: line)[0]
        } catch let failure as ForwardFailure {
            return .outsideDomain(reason: "the function threw at every probe near it, down to the smallest step (\(failure.underlying))")
        }
        guard careful.value.isFinite else {
            return .outsideDomain(reason: "the function's values are NaN or infinite at every probe near it, down to the smallest step")
        }
        let allowed = tolerance.allowed(numerical: careful.value, estimate: careful.error)
        // Within the careful estimate's tolerance (its own error estimate included), the
        // analytical value cannot be called wrong: the first estimate was off.
        if Swift.abs(a - careful.value) <= allowed {
            return .noise(careful: careful)
        }
        // A second opinion before a verdict: GSL's estimate of the same derivative. Where the
        // two disagree by more than Richardson's error estimate, that estimate was too small
        // (rounding in the function itself, as log(1 + x) at 1e-10), and their spread counts.
        if let second = try? NumericalDerivative.estimate(.gsl, of: { [try g($0)] }, at: x0, line: line)[0],
            second.value.isFinite
        {
            let widened = DerivativeEstimate(
                value: careful.value, error: Swift.max(careful.error, Swift.abs(second.value - careful.value)),
                evaluations: careful.evaluations + second.evaluations)
            if Swift.abs(a - careful.value) <= tolerance.allowed(numerical: careful.value, estimate: widened.error) {
                return .noise(careful: widened)
            }
        }
        return .wrong(careful: careful)
    }
}

extension Checker {
    /// The shrinking steps a kink is confirmed at: 4, 16 and 64 times shorter than the first.
    static let kinkConfirmationShrinks: [Double] = [4, 16, 64]

    /// Whether one-sided derivatives that differ by `gap` at the line's step are a kink:
    /// at steps 4, 16 and 64 times shorter they must still differ by between half and
    /// twice `gap`. Where the point is smooth the gap shrinks with the step (`exp(x - 1e6)`
    /// probed with a step of 100 shows a "gap" that vanishes at 1e-2); where it is rounding
    /// (a float32 function at a short step) it grows or jumps; at a real kink (`|x|` at 0,
    /// a clamp bound) it stays.
    static func confirmsKink(_ g: (Double) throws -> Double, at x: Double, line: ProbeLine, gap: Double) -> Bool {
        for shrink in kinkConfirmationShrinks {
            guard
                let (left, right) = try? NumericalDerivative.oneSided(
                    of: g, at: x, line: line,
                    nominal: DifferenceMethod.gsl.defaultStep / shrink),
                left.value.isFinite, right.value.isFinite
            else { return false }
            let shorter = Swift.abs(right.value - left.value)
            guard shorter >= gap / 2, shorter <= gap * 2 else { return false }
        }
        return true
    }

    /// Adds to each wrong-derivative finding its likely mistake (`Fingerprint`), the node
    /// where the error starts (`Localisation`, for the first one) and the Taylor test's
    /// fitted order for its output.
    mutating func explainWrongDerivatives(taylor: [TaylorTest]) throws {
        for (position, pair) in wrongPairs.enumerated() {
            var finding = findings[pair.finding]
            var extra: [String] = []
            if try ignoresGradOutput(output: pair.output) {
                finding.likelyMistake = .notMultipliedByGradOutput
            } else if let comparison = comparisons.first(where: { $0.output == pair.output && $0.input == pair.input }) {
                let others = comparisons.filter { $0.output == pair.output && $0.input != pair.input }
                    .map { (index: $0.input, numerical: $0.numerical) }
                finding.likelyMistake = Fingerprint.match(
                    analytical: comparison.analytical, numerical: comparison.numerical,
                    input: inputs[pair.input], others: others)
            }
            if let mistake = finding.likelyMistake { extra.append("Likely mistake: \(mistake.explanation).") }
            if position == 0,
                let location = try Localisation.locate(
                    function, output: pair.output, range: outputRanges[pair.output],
                    differentiable: differentiable, options: options)
            {
                finding.location = location
                extra.append("Where: \(location)")
            }
            if let test = taylor.first(where: { $0.output == pair.output }), let order = test.order {
                extra.append(
                    "Taylor remainder test: the remainder falls as h^\(NumberFormat.fixed(order, 2)) (h^2 for a right gradient\(test.consistent ? "; the error is below what it resolves" : ""))."
                )
            }
            guard !extra.isEmpty else { continue }
            // Before the Jacobians, which end the message.
            let message = finding.message
            let split = message.range(of: "\nnumerical:")?.lowerBound ?? message.endIndex
            finding = GradCheckFinding(
                kind: finding.kind, output: finding.output, input: finding.input,
                message: message[..<split] + "\n" + extra.joined(separator: "\n") + message[split...],
                likelyMistake: finding.likelyMistake, location: finding.location)
            findings[pair.finding] = finding
        }
    }

    /// Whether a zero output gradient for output `o` gives a nonzero input gradient.
    func ignoresGradOutput(output o: Int) throws -> Bool {
        guard outputs[o].requiresGrad else { return false }
        return try Self.someNonzero(vjp(output: o, Tensor.zeros(like: outputs[o])))
    }

    /// Whether some gradient (nil ones are zero) has a nonzero element.
    static func someNonzero(_ grads: [Tensor?]) throws -> Bool {
        try grads.contains { try $0?.withValues { $0.contains { $0 != 0 } } ?? false }
    }
}

extension Checker {
    /// A function whose outputs do not require grad must not depend on its inputs either
    /// (PyTorch's check of functions without differentiable outputs): every numerical
    /// derivative of its float outputs must be zero.
    mutating func checkNoDifferentiableOutputs() throws {
        guard !outputs.isEmpty else { return }
        let base = try outputs.flatMap { try $0.toArray() }
        let replicas = try Replica.make(for: inputs, workers: 1)
        for i in differentiable {
            let n = try NumericalJacobian.compute(
                function, input: i, base: base, outputRanges: outputRanges,
                replicas: replicas, options: options)
            for k in 0..<n.values.rows {
                for j in 0..<n.values.columns {
                    let value = n.values.at(k, j), estimate = n.errors?.at(k, j) ?? 0
                    guard Swift.abs(value) > 1e-8 + options.estimateSafety * estimate else { continue }
                    let o = outputRanges.firstIndex { $0.contains(j) }!
                    findings.append(
                        GradCheckFinding(
                            kind: .noDifferentiableOutput,
                            message:
                                "Numerical gradient for function expected to be zero: no output of the function requires grad, yet output \(outputPositions[o]) element \(outputs[o].multiIndex(j - outputRanges[o].lowerBound)) changes with \(inputLabel(i)) element \(inputs[i].multiIndex(k)) (numerical derivative \(value)). The outputs lost their connection to the inputs: a detach(), item(), a tensor built from values, or noGrad."
                        ))
                    return
                }
            }
        }
    }

    /// After a fast-mode failure, runs slow mode to say where: the failure stands (a
    /// projection that disagrees is evidence of a wrong derivative, and slow mode's
    /// elementwise tolerances can be looser than the projection's), and the message adds
    /// what slow mode found.
    mutating func explainFastModeFailure() throws {
        guard let index = findings.firstIndex(where: \.isFailure) else { return }
        var slowOptions = options
        slowOptions.fastMode = false
        var slow = Checker(
            function: function, outputs: outputs, differentiable: differentiable, options: slowOptions,
            outputPositions: outputPositions)
        try slow.compareJacobians()
        try slow.explainWrongDerivatives(taylor: try slow.taylorTests())
        // The one exception, measured on the audit's hard ops: where slow mode passes only
        // because it examined and accepted a kink or finite-difference noise, the projection
        // cannot be right (along a direction through a kink the derivative is not linear in
        // that direction), so slow mode's verdict is taken, with a note.
        let pair = (findings[index].output, findings[index].input)
        if !slow.failed, let explained = slow.findings.first(where: { !$0.isFailure && ($0.output, $0.input) == pair }) {
            let projection = findings[index].message
            findings = slow.findings
            comparisons = slow.comparisons
            kinks = slow.kinks
            findings.insert(
                GradCheckFinding(
                    kind: explained.kind, output: pair.0, input: pair.1,
                    message:
                        "\(projection) Slow mode explains it, and passes: \(explained.message)"), at: 0)
            return
        }
        let found: String
        if let failure = slow.findings.first(where: \.isFailure) {
            found = "Slow mode agrees:\n\(failure.message)"
            findings[index].likelyMistake = failure.likelyMistake
            findings[index].location = failure.location
        } else {
            found =
                "Slow mode passes: every Jacobian element is within its tolerance, so the difference is small. The failure stands (fast mode's verdict is not replaced by slow mode's); if you are sure the rule is right, check this function in slow mode (fastMode: false)."
        }
        findings[index] = GradCheckFinding(
            kind: findings[index].kind, output: pair.0, input: pair.1,
            message: findings[index].message + "\n" + found,
            likelyMistake: findings[index].likelyMistake, location: findings[index].location)
        kinks += slow.kinks
    }
}
