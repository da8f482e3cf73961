/// What `CustomFunction.apply` and `MultiOutputFunction.apply` share: forward without
/// recording, the checks of what `ctx` was told, and one node for every output.
enum FunctionApplication {
    /// PyTorch's error for a double backward through a once-differentiable function.
    static let onceDifferentiableMessage = "trying to differentiate twice a function that was marked with @once_differentiable"

    static func apply(
        name: String,
        inputs: [Tensor],
        onceDifferentiable: Bool,
        materializeAlways: Bool,
        forward: (FunctionContext) throws -> [Tensor],
        backward: @escaping (FunctionContext, [Tensor?]) throws -> [Tensor?],
        jvp: ([Tensor], [Tensor?]) throws -> [Tensor?]
    ) throws -> [Tensor] {
        let recording = isGradEnabled && inputs.contains(where: \.requiresGrad)
        let ctx = FunctionContext(needsInputGrad: inputs.map { isGradEnabled && $0.requiresGrad })
        // Forward mode: the function's own forward sees plain values; its `jvp` gives the
        // outputs' tangents afterwards (PyTorch runs a custom forward below the dual level too).
        let level = ThreadState.withCurrent { $0.dualLevel }
        let tangents = inputs.map { level != 0 && $0.tangentLevel == level ? $0.tangentValue : nil }
        ThreadState.withCurrent { $0.dualLevel = 0 }
        let forwardResults = Result { try noGrad { try forward(ctx) } }
        ThreadState.withCurrent { $0.dualLevel = level }
        let results = try forwardResults.get()
        // The declarations are read here and then dropped: ctx lives as long as the node
        // (its backward needs it), and must not keep the outputs alive through them.
        let (dirty, nonDifferentiable) = (ctx.dirty, ctx.nonDifferentiable)
        ctx.clearDeclarations()
        if dirty.contains(where: { tensor in !inputs.contains { $0 === tensor } }) {
            Warnings.warn(
                "ctx.mark_dirty() received a tensor that was not an input. Only input Tensors that have been mutated should be passed to ctx.mark_dirty().")
        }
        if dirty.contains(where: { tensor in !results.contains { $0 === tensor } }) {
            throw AutogradError(
                .invalidArgument,
                "Some elements marked as dirty during the forward method were not returned as output. The inputs that are modified inplace must all be outputs of the Function."
            )
        }
        // As in PyTorch, tensors marked non-differentiable that are not outputs are ignored.
        let dirtyInputs = dirty.filter { tensor in inputs.contains { $0 === tensor } }
        func isDirty(_ tensor: Tensor) -> Bool { dirtyInputs.contains { $0 === tensor } }
        let differentiable = results.map { result in
            result.dtype.isFloatingPoint && !nonDifferentiable.contains { $0 === result }
        }
        // Outputs are new tensors even if forward returned an input or a view of one,
        // except differentiable inputs marked dirty, which are returned themselves.
        var outputs = zip(results, differentiable).map { result, differentiable in
            isDirty(result) && differentiable ? result : result.detach()
        }
        for output in outputs where isDirty(output) { output.storage.version += 1 }
        if tangents.contains(where: { $0 != nil }) {
            try attachTangents(jvp, inputs: inputs, tangents: tangents, to: outputs, differentiable: differentiable, level: level)
        }
        var saved = ctx.takePendingSaved()
        guard recording else { return outputs }
        for output in outputs where isDirty(output) {
            if output.isLeaf && output.requiresGrad {
                throw AutogradError(.leafInPlace, "a leaf Variable that requires grad has been used in an in-place operation.")
            }
            if output.viewBase != nil {
                throw AutogradError(
                    .unsupported,
                    "GradLab does not support recorded in-place operations on views; use an out-of-place operation instead")
            }
        }
        if let tap = ThreadState.current.recordTap {
            for index in outputs.indices where differentiable[index] && !isDirty(outputs[index]) {
                outputs[index] = RecordTap.apply(tap, name: name, inputs: inputs, output: outputs[index])
            }
        }
        // A saved dirty output is kept as an output (a detached alias, reconnected when
        // unpacked), not as an input: the node would otherwise keep itself alive through it.
        let savedOutputs = saved.indices.filter { isDirty(saved[$0]) }
        for k in savedOutputs { saved[k] = saved[k].detach() }
        let node = Tensor.record(name, inputs: inputs, outputs: outputs, saving: saved) { backwardContext in
            try ctx.withBackwardContext(backwardContext) {
                guard onceDifferentiable, isGradEnabled else {
                    return SmallList(try backward(ctx, backwardContext.gradOutputs))
                }
                // Once differentiable: compute without recording, then attach the results to a
                // node that throws if a double backward reaches it (PyTorch's DelayedError).
                let grads = try noGrad { try backward(ctx, backwardContext.gradOutputs) }
                let upstream = backwardContext.gradOutputs.compactMap { $0 }.filter(\.requiresGrad)
                guard !upstream.isEmpty else { return SmallList(grads) }
                return SmallList(
                    grads.map { grad in
                        grad.map {
                            Tensor.record("DelayedError", inputs: OpInputs(upstream), output: $0.detach()) { _ in
                                throw AutogradError(.invalidArgument, onceDifferentiableMessage)
                            }
                        }
                    })
            }
        }
        for k in savedOutputs { node.saved[k] = SavedTensor(saved[k], isOutput: true) }
        node.materializeGrads = materializeAlways || ctx.materializeGrads
        node.runsWithUndefinedGradients = true
        for (output, differentiable) in zip(outputs, differentiable) where !differentiable {
            output.gradFn = nil
        }
        return outputs
    }

    /// PyTorch's error for a custom function used in forward mode without a `jvp`.
    static let missingJVPMessage =
        "You must implement the jvp function for custom autograd.Function to use it with forward mode AD."

    /// Runs the function's `jvp` with the dual level closed (its ops are on plain values)
    /// and gives each differentiable output its tangent (zeros where `jvp` gives nil).
    private static func attachTangents(
        _ jvp: ([Tensor], [Tensor?]) throws -> [Tensor?], inputs: [Tensor],
        tangents: [Tensor?], to outputs: [Tensor], differentiable: [Bool], level: Int
    ) throws {
        ThreadState.withCurrent { $0.dualLevel = 0 }
        defer { ThreadState.withCurrent { $0.dualLevel = level } }
        let primals = inputs.map { $0.detach() }
        let outputTangents = try jvp(primals, tangents)
        guard outputTangents.count == outputs.count else {
            throw AutogradError(
                .invalidArgument,
                "jvp returned \(outputTangents.count) tangents, but the function has \(outputs.count) outputs")
        }
        for (index, output) in outputs.enumerated() where differentiable[index] {
            var tangent = try outputTangents[index] ?? Tensor.zeros(like: output)
            guard tangent.shape == output.shape else {
                throw AutogradError(
                    .shapeMismatch,
                    "jvp returned a tangent of shape \(Shape.list(tangent.shape)) for output \(index) of shape \(Shape.list(output.shape))")
            }
            if tangent.dtype != output.dtype { tangent = try tangent.to(output.dtype) }
            output.setTangent(tangent, level: level)
        }
    }
}
