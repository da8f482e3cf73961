import Autograd

/// Where in a composite function a wrong derivative starts.
///
/// The function is run once with a `RecordTap` that lists the nodes it records. For
/// each recorded result and each differentiable input, the derivative of
/// `F = vᵀ f_o` along a random direction is taken twice: analytically (a backward pass
/// to that tensor) and numerically (the function run again with that one tensor moved,
/// through the tap). Gradients are right downstream of the mistake and wrong upstream
/// of it, so the culprit is the last node whose own result's gradient is right while
/// the gradient it passes to one of its inputs is wrong.
enum Localisation {
    /// At most this many tensors are examined (each costs a numerical derivative).
    static let trackedLimit = 64

    private struct Recorded {
        let name: String
        /// The inputs, kept alive so that their identities stay theirs while they are compared.
        let inputTensors: [Tensor]
        var inputs: [ObjectIdentifier] { inputTensors.map(ObjectIdentifier.init) }
        let output: Tensor
        /// Whether the output shares memory with an input (a view).
        let isView: Bool
    }

    /// The culprit node and input, e.g. `MulBackward0 (node 2 of 3): the gradient it
    /// passes to its input 1 is wrong, while the gradient of its result is right`; nil
    /// when no single node can be named (a view in between, a function that records a
    /// different graph on each call). `range` is output `o`'s columns among all outputs' values.
    static func locate(
        _ function: CheckedFunction, output o: Int, range: Range<Int>, differentiable: [Int],
        options: GradCheckOptions
    ) throws -> String? {
        var recorded: [Recorded] = []
        let outputs = try RecordTap.run(with: { name, inputs, output in
            recorded.append(
                Recorded(
                    name: name, inputTensors: inputs, output: output,
                    isView: inputs.contains { $0.sharesStorage(with: output) }))
            return nil
        }) { try function.evaluate(function.inputs) }
        let names = recorded.map(\.name)
        guard o < outputs.count, outputs[o].requiresGrad, !recorded.isEmpty else { return nil }
        let leaves = differentiable.map { function.inputs[$0] }
        // Tracked tensors: the differentiable inputs, then every recorded result that owns its memory.
        // Views of their inputs are left out: the tap cannot move them (their memory is an input's).
        let perturbable = recorded.indices.filter { n in
            let out = recorded[n].output
            return out.dtype.isFloatingPoint && !leaves.contains { $0 === out } && !recorded[n].isView
        }
        guard leaves.count + perturbable.count <= trackedLimit else { return nil }
        let tracked: [Tensor] = leaves + perturbable.map { recorded[$0].output }
        var generator = SplitMix64(seed: options.seed &+ 0x10CA)
        let v = generator.unitVector(outputs[o].count)
        let vTensor = try Tensor(shape: outputs[o].shape, values: v, dtype: outputs[o].dtype == .float64 ? .float64 : .float32)
        // Other outputs get zero gradients (as in `Checker.vjp`).
        let differentiated = outputs.indices.filter { outputs[$0].requiresGrad }
        let analyticalGradients = try grad(
            outputs: differentiated.map { outputs[$0] }, inputs: tracked,
            gradOutputs: try differentiated.map { $0 == o ? vTensor : try Tensor.zeros(like: outputs[$0]) },
            retainGraph: true, allowUnused: true)
        let directions = tracked.map { generator.unitVector($0.count) }
        func weighted(_ values: [Double]) -> Double { zip(values[range], v).reduce(0) { $0 + $1.0 * $1.1 } }
        var right: [Bool] = []
        for (t, tensor) in tracked.enumerated() {
            let u = directions[t]
            let analytical = try analyticalGradients[t].map { g in zip(try g.toArray(), u).reduce(0) { $0 + $1.0 * $1.1 } } ?? 0
            let base = try tensor.toArray()
            let line = ProbeLine.direction(base: base, direction: u, edges: options.domainEdges)
            let along: (Double) throws -> [Double]
            if t < leaves.count {
                let window = try tensor.sharedWindow
                along = { s in
                    window.assign { base[$0] + s * u[$0] }
                    defer { try? window.assign(base) }
                    return [weighted(try function.values())]
                }
            } else {
                let target = perturbable[t - leaves.count]
                let shift = try Tensor(shape: tensor.shape, values: u, dtype: tensor.dtype == .float64 ? .float64 : .float32)
                along = { s in
                    var index = 0, seen: [String] = []
                    let values = try RecordTap.run(with: { name, _, output in
                        defer { index += 1 }
                        seen.append(name)
                        return index == target ? try? noGrad { try output + shift * s } : nil
                    }) { try function.values() }
                    guard seen == names else { throw LocalisationUnavailable() }
                    return [weighted(values)]
                }
            }
            let numerical: DerivativeEstimate
            do {
                numerical = try NumericalDerivative.estimate(.richardson, of: along, at: 0, line: line)[0]
            } catch is LocalisationUnavailable { return nil }
            let allowed = options.tolerance().allowed(numerical: numerical.value, estimate: numerical.error)
            right.append(Swift.abs(analytical - numerical.value) <= allowed)
        }
        let trackedIndex = Dictionary(tracked.enumerated().map { (ObjectIdentifier($1), $0) }, uniquingKeysWith: { a, _ in a })
        for n in recorded.indices.reversed() {
            // The node's own result must have a right gradient (or be the output itself).
            let isOutput = recorded[n].output === outputs[o]
            guard isOutput || (trackedIndex[ObjectIdentifier(recorded[n].output)].map { right[$0] } ?? false) else { continue }
            for (slot, input) in recorded[n].inputs.enumerated() {
                guard let t = trackedIndex[input], !right[t] else { continue }
                // Other consumers of this input must pass right gradients too, or the blame is shared.
                let consumers = recorded.indices.filter { recorded[$0].inputs.contains(input) }
                let suspects = consumers.map { "\(recorded[$0].name) (node \($0 + 1) of \(recorded.count))" }
                let what = t < leaves.count ? "argument \(differentiable[t]) of the function" : "the result of \(recorded[perturbable[t - leaves.count]].name)"
                if suspects.count == 1 {
                    return
                        "\(recorded[n].name) (node \(n + 1) of \(recorded.count)): the gradient it passes to its input \(slot) (\(what)) is wrong, while the gradient of its result is right."
                }
                return
                    "the gradient of \(what) is wrong while the gradients of its consumers' results are right; one of \(suspects.joined(separator: ", ")) has a wrong rule for it."
            }
        }
        return nil
    }

    /// The function recorded a different graph when one of its tensors was moved.
    private struct LocalisationUnavailable: Error {}
}
