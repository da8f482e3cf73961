/// Function transforms, as `torch.func` names them: Jacobian-vector products by forward
/// mode (`jvp`, `jacfwd`), vector-Jacobian products by reverse mode (`vjp`, `jacrev`), and
/// second derivatives by forward-over-reverse (`hvp`, `hessian`).
///
/// Each takes a function of tensors and the point to differentiate at; the caller's
/// tensors are not changed (the transforms work on detached copies of their values).
///
/// A full Jacobian of `f: Rⁿ → Rᵐ` costs `n` forward passes (`jacfwd`, one per input
/// direction) or `m` backward passes (`jacrev`, one per output): forward mode is the
/// cheaper one for few inputs and many outputs, reverse mode for the opposite.

/// `f`'s outputs at `primals` and their directional derivatives `J·tangents`, from one
/// forward-mode pass (`torch.func.jvp`).
public func jvp(_ f: ([Tensor]) throws -> [Tensor], primals: [Tensor], tangents: [Tensor])
    throws -> (outputs: [Tensor], tangents: [Tensor])
{
    guard primals.count == tangents.count else {
        throw AutogradError(
            .invalidArgument,
            "jvp(f, primals, tangents): Expected primals and tangents to have the same python structure. For example, if primals is a tuple of 3 tensors, tangents also must be. Got primals with structure \(primals.count) tensors and tangents with structure \(tangents.count) tensors"
        )
    }
    return try withDualLevel {
        let duals = try zip(primals, tangents).map { try makeDual($0.detach(), tangent: $1) }
        let outputs = try f(duals)
        let split = outputs.map(unpackDual)
        // An output that does not depend on the inputs has a zero tangent.
        return (split.map(\.primal), try zip(split, outputs).map { try $0.tangent ?? Tensor.zeros(like: $1) })
    }
}

/// `f`'s outputs at `primals` and a function that maps output cotangents `v` to `vᵀ·J`
/// for each primal (`torch.func.vjp`). The pullback may be called more than once.
public func vjp(_ f: ([Tensor]) throws -> [Tensor], primals: [Tensor])
    throws -> (outputs: [Tensor], pullback: ([Tensor]) throws -> [Tensor])
{
    let inputs = try primals.map { try $0.detach().requiresGrad_() }
    let outputs = try enableGrad { try f(inputs) }
    let pullback: ([Tensor]) throws -> [Tensor] = { cotangents in
        guard cotangents.count == outputs.count else {
            throw AutogradError(
                .invalidArgument,
                "Expected pytree structure of cotangents to be the same as pytree structure of outputs to the function. cotangents: \(cotangents.count) tensors, primal output: \(outputs.count) tensors"
            )
        }
        let differentiable = outputs.indices.filter { outputs[$0].requiresGrad }
        guard !differentiable.isEmpty else { return try inputs.map { try Tensor.zeros(like: $0) } }
        let grads = try grad(
            outputs: differentiable.map { outputs[$0] }, inputs: inputs,
            gradOutputs: differentiable.map { cotangents[$0] }, retainGraph: true, allowUnused: true)
        return try zip(grads, inputs).map { try $0 ?? Tensor.zeros(like: $1) }
    }
    return (outputs.map { $0.detach() }, pullback)
}

/// The Jacobian of `f` at `x`, of shape `output.shape + x.shape`, by forward mode: one
/// `jvp` per input element (`torch.func.jacfwd`).
public func jacfwd(_ f: (Tensor) throws -> Tensor, at x: Tensor) throws -> Tensor {
    let output = try noGrad { try f(x.detach()) }
    var columns: [Tensor] = []
    for position in 0..<x.count {
        let direction = try Tensor.basisVector(position, like: x)
        let (_, tangents) = try jvp({ [try f($0[0])] }, primals: [x], tangents: [direction])
        columns.append(try tangents[0].reshape([output.count]))
    }
    return try Tensor.jacobian(columns: columns, outputShape: output.shape, inputShape: x.shape, like: output)
}

/// The Jacobian of `f` at `x`, of shape `output.shape + x.shape`, by reverse mode: one
/// backward per output element (`torch.func.jacrev`).
public func jacrev(_ f: (Tensor) throws -> Tensor, at x: Tensor) throws -> Tensor {
    let (outputs, pullback) = try vjp({ [try f($0[0])] }, primals: [x])
    let output = outputs[0]
    var rows: [Tensor] = []
    for position in 0..<output.count {
        rows.append(try pullback([try Tensor.basisVector(position, like: output)])[0].reshape([x.count]))
    }
    guard !rows.isEmpty else { return try Tensor.zeros(output.shape + x.shape, dtype: x.dtype) }
    return try Tensor.stack(rows).reshape(output.shape + x.shape)
}

/// The Hessian-vector product `H·v` of a scalar function `f` at `x`, by forward-over-reverse:
/// one forward-mode pass through the gradient computation (`torch.func.jvp(grad(f), ...)`).
public func hvp(_ f: (Tensor) throws -> Tensor, at x: Tensor, direction v: Tensor) throws -> Tensor {
    guard v.shape == x.shape else {
        throw AutogradError(
            .shapeMismatch,
            "hvp: the direction has shape \(Shape.list(v.shape)) but the point has shape \(Shape.list(x.shape))")
    }
    return try withDualLevel {
        let point = try makeDual(x.detach(), tangent: v)
        try point.requiresGrad_()
        let value = try enableGrad { try f(point) }
        guard value.count == 1 else {
            throw AutogradError(.invalidArgument, "hvp needs a function with one output element, got \(value.count)")
        }
        guard value.requiresGrad, let gradient = try grad(outputs: [value], inputs: [point], allowUnused: true)[0] else {
            return try Tensor.zeros(like: x)
        }
        return try gradient.tangent ?? Tensor.zeros(like: x)
    }
}

/// The Hessian of a scalar function `f` at `x`, of shape `x.shape + x.shape`, by
/// forward-over-reverse: one `hvp` per input element (`torch.func.hessian`).
public func hessian(_ f: (Tensor) throws -> Tensor, at x: Tensor) throws -> Tensor {
    var columns: [Tensor] = []
    for position in 0..<x.count {
        columns.append(try hvp(f, at: x, direction: try Tensor.basisVector(position, like: x)).reshape([x.count]))
    }
    return try Tensor.jacobian(columns: columns, outputShape: x.shape, inputShape: x.shape, like: x)
}

extension Tensor {
    /// Zeros shaped and typed as `tensor`, with a 1 at row-major position `position`.
    static func basisVector(_ position: Int, like tensor: Tensor) throws -> Tensor {
        var values = [Double](repeating: 0, count: tensor.count)
        values[position] = 1
        return try Tensor.make(shape: tensor.shape, values: values, dtype: tensor.dtype.floatingResult)
    }

    /// Columns (one per input element, each flattened over the output) arranged as a
    /// Jacobian of shape `outputShape + inputShape`.
    static func jacobian(columns: [Tensor], outputShape: DimensionList, inputShape: DimensionList, like reference: Tensor) throws -> Tensor {
        guard !columns.isEmpty else { return try Tensor.zeros(outputShape + inputShape, dtype: reference.dtype.floatingResult) }
        return try Tensor.stack(columns, dim: 1).reshape(outputShape + inputShape)
    }
}
