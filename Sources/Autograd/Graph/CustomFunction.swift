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
}

extension CustomFunction {
    /// Runs `forward` and, when an input requires grad, records `backward` in the graph.
    public static func apply(_ inputs: [Tensor]) throws -> Tensor {
        let ctx = FunctionContext(needsInputGrad: inputs.map { isGradEnabled && $0.requiresGrad })
        let result = try noGrad { try forward(ctx, inputs) }
        // The output is a new tensor even if forward returned an input or a view of one.
        let output = result.detach()
        let saved = ctx.takePendingSaved()
        return Tensor.record(name, inputs: inputs, output: output, saving: saved) { backwardContext in
            ctx.backwardContext = backwardContext
            defer { ctx.backwardContext = nil }
            return try backward(ctx, backwardContext.gradOutput)
        }
    }

    /// `apply` with variadic inputs.
    public static func apply(_ inputs: Tensor...) throws -> Tensor { try apply(inputs) }
}

/// What a custom function's forward keeps for its backward.
///
/// Save tensors with `saveForBackward` (they are version-checked and freed after
/// backward, like built-in ops' saved tensors); keep other values (shapes,
/// scalars) in `values`. Do not keep tensors in `values`: they would keep the
/// graph alive.
public final class FunctionContext {
    /// Whether each input needs a gradient (`ctx.needs_input_grad`).
    public let needsInputGrad: [Bool]
    /// Non-tensor values for backward.
    public var values: [String: Double] = [:]
    private var pendingSaved: [Tensor] = []
    var backwardContext: BackwardContext?

    init(needsInputGrad: [Bool]) {
        self.needsInputGrad = needsInputGrad
    }

    /// Keeps tensors for backward (`ctx.save_for_backward`).
    public func saveForBackward(_ tensors: Tensor...) {
        pendingSaved += tensors
    }

    /// The saved tensors, in the order saved; throws if the graph was freed or a
    /// saved tensor was modified in place.
    public func savedTensors() throws -> [Tensor] {
        guard let backwardContext else {
            throw AutogradError(.invalidArgument, "savedTensors() is only available inside backward")
        }
        return try (0..<backwardContext.node.saved.count).map { try backwardContext.saved($0) }
    }

    func takePendingSaved() -> [Tensor] {
        defer { pendingSaved = [] }
        return pendingSaved
    }
}
