/// A user-defined differentiable operation with a hand-written forward and
/// backward: GradLab's counterpart of `torch.autograd.Function`.
///
/// ```swift
/// enum Cube: CustomFunction {
///     static let name = "CubeBackward"
///     static func forward(_ ctx: FunctionContext, _ inputs: [Tensor]) throws -> Tensor {
///         ctx.saveForBackward(inputs[0])
///         return try inputs[0] * inputs[0] * inputs[0]
///     }
///     static func backward(_ ctx: FunctionContext, _ gradOutput: Tensor) throws -> [Tensor?] {
///         let x = try ctx.savedTensors()[0]
///         return [try gradOutput * 3 * x * x]
///     }
/// }
/// let y = try Cube.apply(x)        // y.gradFn?.name == "CubeBackward"
/// ```
///
/// `forward` runs without recording; `backward` returns one gradient per input
/// (nil for inputs that need none), each with its input's shape. Write `backward`
/// in `Tensor` operations and it is differentiable too (for `gradgradcheck`).
public protocol CustomFunction {
    /// The `grad_fn` name the output shows, e.g. `CubeBackward`.
    static var name: String { get }
    /// Computes the output from the inputs; may save tensors and values in `ctx`.
    static func forward(_ ctx: FunctionContext, _ inputs: [Tensor]) throws -> Tensor
    /// Computes the inputs' gradients from the output's gradient.
    static func backward(_ ctx: FunctionContext, _ gradOutput: Tensor) throws -> [Tensor?]
    /// The forward-mode rule: the output's tangent from the inputs' values and tangents
    /// (nil tangents are zero), used inside `withDualLevel` (PyTorch's `jvp`, which gets a
    /// context; here the inputs). By default it throws PyTorch's error.
    static func jvp(_ inputs: [Tensor], _ tangents: [Tensor?]) throws -> Tensor?
}

extension CustomFunction {
    /// Whether `backward` may be differentiated (false: PyTorch's `@once_differentiable`;
    /// a double backward through it then throws).
    public static var isOnceDifferentiable: Bool { false }

    /// No forward-mode rule: PyTorch's error when the function meets a dual tensor.
    public static func jvp(_ inputs: [Tensor], _ tangents: [Tensor?]) throws -> Tensor? {
        throw AutogradError(.unsupported, FunctionApplication.missingJVPMessage)
    }

    /// Runs `forward` and, when an input requires grad, records `backward` in the graph.
    public static func apply(_ inputs: [Tensor]) throws -> Tensor {
        try FunctionApplication.apply(
            name: name, inputs: inputs, onceDifferentiable: isOnceDifferentiable,
            materializeAlways: true,
            forward: { ctx in [try forward(ctx, inputs)] },
            backward: { ctx, gradOutputs in try backward(ctx, gradOutputs[0]!) },
            jvp: { primals, tangents in [try jvp(primals, tangents)] })[0]
    }

    /// `apply` with variadic inputs.
    public static func apply(_ inputs: Tensor...) throws -> Tensor { try apply(inputs) }
}

/// A user-defined differentiable operation with several outputs (values and indices,
/// the `h` and `c` of a cell, a result and a statistic): `torch.autograd.Function`
/// returning a tuple.
///
/// ```swift
/// enum SinCos: MultiOutputFunction {
///     static let name = "SinCosBackward"
///     static func forward(_ ctx: FunctionContext, _ inputs: [Tensor]) throws -> [Tensor] {
///         ctx.saveForBackward(inputs[0])
///         return [try inputs[0].sin(), try inputs[0].cos()]
///     }
///     static func backward(_ ctx: FunctionContext, _ gradOutputs: [Tensor?]) throws -> [Tensor?] {
///         let x = try ctx.savedTensors()[0]
///         return [try gradOutputs[0]! * x.cos() - gradOutputs[1]! * x.sin()]
///     }
/// }
/// let outputs = try SinCos.apply(x)   // both have gradFn SinCosBackward, outputNr 0 and 1
/// ```
///
/// `backward` gets one gradient per output: zeros for an output that did not reach the
/// loss, or nil after `ctx.setMaterializeGrads(false)`. Outputs marked with
/// `ctx.markNonDifferentiable` do not require grad; an input changed in place and marked
/// with `ctx.markDirty` is returned as that same tensor, with this function as its history.
public protocol MultiOutputFunction {
    /// The `grad_fn` name the outputs show, e.g. `SinCosBackward`.
    static var name: String { get }
    /// Computes the outputs from the inputs; may save tensors and values in `ctx`.
    static func forward(_ ctx: FunctionContext, _ inputs: [Tensor]) throws -> [Tensor]
    /// Computes the inputs' gradients (nil for inputs that need none) from the outputs' gradients.
    static func backward(_ ctx: FunctionContext, _ gradOutputs: [Tensor?]) throws -> [Tensor?]
    /// Whether `backward` may be differentiated (false: PyTorch's `@once_differentiable`).
    static var isOnceDifferentiable: Bool { get }
    /// The forward-mode rule: each output's tangent (nil for zero) from the inputs' values and
    /// tangents. By default it throws PyTorch's error.
    static func jvp(_ inputs: [Tensor], _ tangents: [Tensor?]) throws -> [Tensor?]
}

extension MultiOutputFunction {
    /// Differentiable backward by default.
    public static var isOnceDifferentiable: Bool { false }

    /// No forward-mode rule: PyTorch's error when the function meets a dual tensor.
    public static func jvp(_ inputs: [Tensor], _ tangents: [Tensor?]) throws -> [Tensor?] {
        throw AutogradError(.unsupported, FunctionApplication.missingJVPMessage)
    }

    /// Runs `forward` and, when an input requires grad, records one node for all outputs.
    public static func apply(_ inputs: [Tensor]) throws -> [Tensor] {
        try FunctionApplication.apply(
            name: name, inputs: inputs, onceDifferentiable: isOnceDifferentiable,
            materializeAlways: false,
            forward: { ctx in try forward(ctx, inputs) },
            backward: { ctx, gradOutputs in try backward(ctx, gradOutputs) },
            jvp: { primals, tangents in try jvp(primals, tangents) })
    }

    /// `apply` with variadic inputs.
    public static func apply(_ inputs: Tensor...) throws -> [Tensor] { try apply(inputs) }
}
