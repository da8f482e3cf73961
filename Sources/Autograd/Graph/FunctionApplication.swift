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
        backward: @escaping (FunctionContext, [Tensor?]) throws -> [Tensor?]
    ) throws -> [Tensor] {
        let recording = isGradEnabled && inputs.contains(where: \.requiresGrad)
        let ctx = FunctionContext(needsInputGrad: inputs.map { isGradEnabled && $0.requiresGrad })
        let results = try noGrad { try forward(ctx) }
        if ctx.dirty.contains(where: { tensor in !inputs.contains { $0 === tensor } }) {
            Warnings.warn("ctx.mark_dirty() received a tensor that was not an input. Only input Tensors that have been mutated should be passed to ctx.mark_dirty().")
        }
        for tensor in ctx.dirty where !results.contains(where: { $0 === tensor }) {
            _ = tensor
            throw AutogradError(.invalidArgument, "Some elements marked as dirty during the forward method were not returned as output. The inputs that are modified inplace must all be outputs of the Function.")
        }
        // As in PyTorch, tensors marked non-differentiable that are not outputs are ignored.
        // Outputs are new tensors even if forward returned an input or a view of one,
        // except inputs marked dirty, which are returned themselves.
        let dirtyInputs = ctx.dirty.filter { tensor in inputs.contains { $0 === tensor } }
        var outputs = results.map { result in dirtyInputs.contains { $0 === result } ? result : result.detach() }
        let saved = ctx.takePendingSaved()
        guard recording else { return outputs }
        for output in outputs where dirtyInputs.contains(where: { $0 === output }) && output.isLeaf && output.requiresGrad {
            throw AutogradError(.leafInPlace, "a leaf Variable that requires grad has been used in an in-place operation.")
        }
        let differentiable = zip(outputs, results).map { output, result in
            output.dtype.isFloatingPoint && !ctx.nonDifferentiable.contains { $0 === result || $0 === output }
        }
        if let tap = ThreadState.current.recordTap {
            for index in outputs.indices where differentiable[index] && !dirtyInputs.contains(where: { $0 === outputs[index] }) {
                outputs[index] = RecordTap.apply(tap, name: name, inputs: inputs, output: outputs[index])
            }
        }
        let node = Tensor.record(name, inputs: inputs, outputs: outputs, saving: saved) { backwardContext in
            ctx.backwardContext = backwardContext
            defer { ctx.backwardContext = nil }
            guard onceDifferentiable, isGradEnabled else { return try backward(ctx, backwardContext.gradOutputs) }
            // Once differentiable: compute without recording, then attach the results to a
            // node that throws if a double backward reaches it (PyTorch's DelayedError).
            let grads = try noGrad { try backward(ctx, backwardContext.gradOutputs) }
            let upstream = backwardContext.gradOutputs.compactMap { $0 }.filter(\.requiresGrad)
            guard !upstream.isEmpty else { return grads }
            return grads.map { grad in
                grad.map { Tensor.record("DelayedError", inputs: upstream, output: $0.detach()) { _ in
                    throw AutogradError(.invalidArgument, onceDifferentiableMessage)
                } }
            }
        }
        node.materializeGrads = materializeAlways || ctx.materializeGrads
        node.runsWithUndefinedGradients = true
        for (output, differentiable) in zip(outputs, differentiable) where !differentiable {
            output.gradFn = nil
        }
        for output in outputs where dirtyInputs.contains(where: { $0 === output }) {
            output.storage.version += 1
        }
        return outputs
    }
}
