extension Tensor {
    /// Computes the gradient of this tensor with respect to the graph's leaves
    /// and adds it into their `grad` (`tensor.backward()`).
    ///
    /// - Parameters:
    ///   - gradient: the gradient of some scalar with respect to this tensor;
    ///     may be omitted only for a one-element tensor (it is then 1).
    ///   - retainGraph: keep saved tensors so backward can run again through
    ///     this graph; defaults to `createGraph`.
    ///   - createGraph: record the backward computation itself, so that the
    ///     gradients are differentiable (second derivatives, Hessian-vector products).
    public func backward(gradient: Tensor? = nil, retainGraph: Bool? = nil, createGraph: Bool = false) throws {
        let roots = try Self.rootGradients(outputs: [self], gradOutputs: [gradient], createGraph: createGraph)
        let recorder = ThreadState.withCurrent { $0.backwardRecorder }
        recorder?.willBackward(from: [self])
        defer { recorder?.didBackward() }
        _ = try Engine.run(roots: roots, retainGraph: retainGraph ?? createGraph, createGraph: createGraph)
    }

    /// Validates outputs and their gradients, filling in implicit ones, as PyTorch's `_make_grads`.
    /// Outputs whose index is in `undefined` get an undefined gradient (nil): their node
    /// runs with nothing for them, as after PyTorch's `UndefinedGrad`.
    static func rootGradients(
        outputs: [Tensor], gradOutputs: [Tensor?], createGraph: Bool,
        undefined: Set<Int> = []
    ) throws -> [(edge: Edge, gradient: Tensor?)] {
        guard gradOutputs.count == outputs.count else {
            throw AutogradError(
                .invalidArgument,
                "grad requires one gradient per output, but got \(gradOutputs.count) gradients for \(outputs.count) outputs")
        }
        var roots: [(edge: Edge, gradient: Tensor?)] = []
        roots.reserveCapacity(outputs.count)
        for (index, output) in outputs.enumerated() {
            guard let edge = output.gradientEdge else {
                throw AutogradError(.noGradFn, "element \(index) of tensors does not require grad and does not have a grad_fn")
            }
            if undefined.contains(index) {
                roots.append((edge, nil))
                continue
            }
            let gradient: Tensor
            if let given = gradOutputs[index] {
                guard given.shape == output.shape else {
                    throw AutogradError(
                        .shapeMismatch,
                        "Mismatch in shape: grad_output[\(index)] has a shape of \(Shape.torchSize(given.shape)) and output[\(index)] has a shape of \(Shape.torchSize(output.shape))."
                    )
                }
                gradient = given.dtype == output.dtype ? given : try given.to(output.dtype)
            } else {
                guard output.count == 1 else {
                    throw AutogradError(.nonScalarOutput, "grad can be implicitly created only for scalar outputs")
                }
                gradient = try Tensor.ones(like: output)
            }
            roots.append((edge, gradient))
        }
        return roots
    }
}

/// Computes and returns the gradients of `outputs` with respect to `inputs`,
/// without touching any `grad` (`torch.autograd.grad`).
///
/// - Parameters:
///   - outputs: the differentiated tensors.
///   - inputs: the tensors to differentiate with respect to; each must require grad.
///   - gradOutputs: the vector of the vector-Jacobian product, one per output
///     (nil entries are 1 for one-element outputs).
///   - retainGraph: keep the graph for another backward; defaults to `createGraph`.
///   - createGraph: make the returned gradients differentiable (higher-order derivatives).
///   - allowUnused: return nil for an input the outputs do not depend on, instead of throwing.
/// - Returns: one gradient per input.
public func grad(
    outputs: [Tensor],
    inputs: [Tensor],
    gradOutputs: [Tensor?]? = nil,
    retainGraph: Bool? = nil,
    createGraph: Bool = false,
    allowUnused: Bool = false
) throws -> [Tensor?] {
    guard !inputs.isEmpty else { throw AutogradError(.invalidArgument, "`inputs` argument to `grad()` cannot be empty.") }
    return try differentiate(
        outputs: outputs, inputs: inputs, gradOutputs: gradOutputs, retainGraph: retainGraph,
        createGraph: createGraph, allowUnused: allowUnused)
}

/// `grad(outputs:inputs:...)`, where the outputs whose index is in `undefinedOutputs` get an
/// undefined gradient instead of one (GradCheck's check that backward rules handle them).
package func differentiate(
    outputs: [Tensor],
    inputs: [Tensor],
    gradOutputs: [Tensor?]? = nil,
    undefinedOutputs: Set<Int> = [],
    retainGraph: Bool? = nil,
    createGraph: Bool = false,
    allowUnused: Bool = false
) throws -> [Tensor?] {
    for input in inputs where !input.requiresGrad {
        throw AutogradError(.invalidArgument, "One of the differentiated Tensors does not require grad")
    }
    let roots = try Tensor.rootGradients(
        outputs: outputs,
        gradOutputs: gradOutputs ?? Array(repeating: nil, count: outputs.count),
        createGraph: createGraph,
        undefined: undefinedOutputs)
    let inputEdges = inputs.map { $0.gradientEdge! }
    let recorder = ThreadState.current.backwardRecorder
    recorder?.willBackward(from: outputs)
    defer { recorder?.didBackward() }
    let captured = try Engine.run(
        roots: roots,
        retainGraph: retainGraph ?? createGraph,
        createGraph: createGraph,
        captures: Set(inputEdges.map(Engine.OutputKey.init)))
    return try inputEdges.enumerated().map { index, edge in
        if let gradient = captured[Engine.OutputKey(edge)] { return gradient }
        if allowUnused { return nil }
        throw AutogradError(
            .unusedInput,
            "The differentiated Tensor at index \(index) appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.")
    }
}

/// `grad(outputs: [output], inputs: inputs, ...)` for a single output, with PyTorch's
/// labels: `torch.autograd.grad(y, [x], grad_outputs=v)` is `grad(outputs: y, inputs: [x], gradOutputs: v)`.
public func grad(
    outputs output: Tensor,
    inputs: [Tensor],
    gradOutputs gradOutput: Tensor? = nil,
    retainGraph: Bool? = nil,
    createGraph: Bool = false,
    allowUnused: Bool = false
) throws -> [Tensor?] {
    try grad(
        outputs: [output], inputs: inputs, gradOutputs: [gradOutput],
        retainGraph: retainGraph, createGraph: createGraph, allowUnused: allowUnused)
}
