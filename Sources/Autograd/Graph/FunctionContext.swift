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
    /// The backward pass running this function's backward, per thread (a graph kept with
    /// `retainGraph` may run backward on several threads, or re-enter it).
    private let backwardContexts = Locked<[ObjectIdentifier: [BackwardContext]]>([:])
    /// Inputs that forward changed in place (`markDirty`).
    private(set) var dirty: [Tensor] = []
    /// Outputs that do not require grad (`markNonDifferentiable`).
    private(set) var nonDifferentiable: [Tensor] = []
    /// Whether outputs without a gradient reach backward as zeros (`setMaterializeGrads`).
    private(set) var materializeGrads = true

    init(needsInputGrad: [Bool]) {
        self.needsInputGrad = needsInputGrad
    }

    /// Declares inputs that forward modified in place and returns as outputs
    /// (`ctx.mark_dirty`): the output is then that input tensor itself, with this
    /// function as its history.
    public func markDirty(_ tensors: Tensor...) {
        dirty += tensors
    }

    /// Declares outputs that are not differentiable, such as indices
    /// (`ctx.mark_non_differentiable`): they do not require grad, and their gradient in
    /// backward is zeros (or nil without materialised gradients).
    public func markNonDifferentiable(_ tensors: Tensor...) {
        nonDifferentiable += tensors
    }

    /// Whether backward receives zeros for outputs that did not reach the loss (true, the
    /// default) or nil (`ctx.set_materialize_grads(False)`). Single-output `CustomFunction`s
    /// always receive a tensor.
    public func setMaterializeGrads(_ value: Bool) {
        materializeGrads = value
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

    /// Forgets `markDirty` and `markNonDifferentiable` once `apply` has read them.
    func clearDeclarations() {
        dirty = []
        nonDifferentiable = []
    }

    /// Runs `body` with `context` as this thread's current backward context.
    func withBackwardContext<T>(_ context: BackwardContext, _ body: () throws -> T) rethrows -> T {
        let thread = ObjectIdentifier(ThreadState.current)
        backwardContexts.withLock { $0[thread, default: []].append(context) }
        defer { _ = backwardContexts.withLock { $0[thread]?.removeLast() } }
        return try body()
    }

    /// The backward context of the innermost backward running on this thread.
    private var backwardContext: BackwardContext? {
        backwardContexts.withLock { $0[ObjectIdentifier(ThreadState.current)]?.last }
    }

    func takePendingSaved() -> [Tensor] {
        defer { pendingSaved = [] }
        return pendingSaved
    }
}
