/// What a backward rule sees: the outputs' gradients and the tensors saved for it.
public struct BackwardContext {
    /// The outputs' gradients.
    let slots: GradientSlots
    /// The node whose rule runs, unretained: a context lives only for the call of the rule
    /// (`FunctionNode.apply`), during which the engine keeps the node alive. Read through
    /// `_withUnsafeGuaranteedRef`, as a reference to it would be retained at each read.
    private let reference: Unmanaged<FunctionNode>

    /// The context of `node`'s rule, for this call of it.
    init(slots: consuming GradientSlots, node: FunctionNode) {
        self.slots = slots
        reference = .passUnretained(node)
    }

    /// The node whose rule runs.
    var node: FunctionNode { reference.takeUnretainedValue() }

    /// The gradient of each output (nil only for an output that received none, in a
    /// custom function that set `materializeGrads` to false).
    public var gradOutputs: [Tensor?] { slots.all }

    /// The gradient of the loss with respect to the op's (first) output.
    public var gradOutput: Tensor { slots[0]! }

    /// The `index`-th saved tensor, checked against in-place modification; throws Python's
    /// error for a tuple index when fewer tensors were saved.
    public func saved(_ index: Int) throws -> Tensor {
        try reference._withUnsafeGuaranteedRef { node in
            guard index >= 0 && index < node.saved.count else {
                throw AutogradError(.indexOutOfRange, "tuple index out of range")
            }
            return try node.saved[index].unpack(for: node)
        }
    }

    /// The op's own output, when it was saved with `saveOutput: true`.
    public func output() throws -> Tensor {
        try reference._withUnsafeGuaranteedRef { node in
            guard let saved = node.savedOutput else {
                throw AutogradError(.unsupported, "\(node.name) did not save its output")
            }
            return try saved.unpack(for: node)
        }
    }

    /// The scalar argument the op was recorded with (`record(..., scalar:)`; PyTorch's
    /// nodes keep theirs as fields, e.g. `MulBackward1`'s `other`): kept in the node, so
    /// that a rule needs no closure context to remember it.
    var scalar: Double { reference._withUnsafeGuaranteedRef { $0.scalar } }

    /// The dimension the op was recorded with, kept as its scalar argument (`record(...,
    /// scalar: Double(dim))`), for the rules of ops that take a dimension.
    var dimension: Int { Int(node.scalar) }

    /// The shape of input `index` as it was when the op was recorded.
    func inputShape(_ index: Int) -> DimensionList { reference._withUnsafeGuaranteedRef { $0.inputMetadata[index].shape } }

    /// Whether input `index` needs a gradient (rules may skip work for the others).
    public func needsGradient(_ index: Int) -> Bool {
        reference._withUnsafeGuaranteedRef { $0.inputHasNode(index) }
    }
}

/// The vector-Jacobian product of one op: maps the outputs' gradients to one
/// gradient per input (nil where an input needs none). Written in `Tensor`
/// operations so that a `createGraph` backward records it too.
typealias BackwardRule = (BackwardContext) throws -> SmallList<Tensor?>

/// A recorded operation: its backward rule and what the rule saved.
final class FunctionNode: Node {
    @exclusivity(unchecked) var saved: SmallList<SavedTensor>
    @exclusivity(unchecked) var savedOutput: SavedTensor?
    let rule: BackwardRule
    /// Shape and dtype of each input, to check the gradients a rule returns.
    let inputMetadata: SmallList<(shape: DimensionList, dtype: DType)>
    /// Shapes and dtypes of the outputs, to make zeros for outputs that received no
    /// gradient; kept only where that can happen (several outputs, custom functions), so
    /// that a built-in single-output op allocates nothing for them.
    @exclusivity(unchecked) var outputMetadata: [(shape: DimensionList, dtype: DType)] = []
    /// Whether outputs without a gradient get zeros (true) or nil (PyTorch's
    /// `ctx.set_materialize_grads`); built-in rules always see zeros.
    @exclusivity(unchecked) var materializeGrads = true
    /// Whether the rule runs when every output's gradient is undefined (custom functions
    /// do, as in PyTorch; built-in rules then return no gradients without running).
    @exclusivity(unchecked) var runsWithUndefinedGradients = false
    /// The op's scalar argument, for its rule (`BackwardContext.scalar`); 0 when it has none.
    @exclusivity(unchecked) var scalar: Double = 0

    // The inputs are borrowed: an initializer's parameters are otherwise owned, and the
    // caller would retain each tensor to pass them and release it after. The saved
    // tensors are consumed: each moves from the caller's list into its slot.
    init(
        name: String, inputs: borrowing OpInputs, outputCount: Int, saved: consuming SmallList<Tensor>,
        rule: @escaping BackwardRule
    ) {
        self.saved = saved.mapMoving { SavedTensor($0, isOutput: false) }
        self.rule = rule
        inputMetadata = inputs.mapInline { ($0.shape, $0.dtype) }
        super.init(name: name, inputs: inputs, outputCount: outputCount)
    }

    /// Keeps the outputs' shapes and dtypes, for materialising their missing gradients.
    func keepOutputMetadata(_ outputs: [Tensor]) {
        outputMetadata = outputs.map { ($0.shape, $0.dtype) }
    }

    override func apply(_ gradOutputs: consuming GradientSlots) throws -> SmallList<Tensor?> {
        if !runsWithUndefinedGradients && gradOutputs.isEmpty {
            return SmallList(repeating: nil, count: edges.count)
        }
        var given = consume gradOutputs
        if materializeGrads {
            for index in 0..<given.count where given[index] == nil {
                given[index] = try Tensor.zeros(outputMetadata[index].shape, dtype: outputMetadata[index].dtype)
            }
        }
        var grads = try rule(BackwardContext(slots: consume given, node: self))
        guard grads.count == edges.count else {
            throw AutogradError(
                .invalidArgument,
                "function \(name) returned an incorrect number of gradients (expected \(edges.count), got \(grads.count))")
        }
        // Checked and converted in place: the rule's array is this function's alone.
        for index in grads.indices {
            // Each gradient is moved out and back in, not copied.
            guard var grad = grads.take(index) else { continue }
            guard inputHasNode(index) else { continue }
            if grad.shape != inputMetadata[index].shape {
                // As PyTorch's engine does: a gradient of the broadcast shape is summed back
                // to its input's shape; any other shape is an error.
                guard Self.isExpandable(inputMetadata[index].shape, to: grad.shape) else {
                    throw AutogradError(
                        .shapeMismatch,
                        "Function \(name) returned an invalid gradient at index \(index) - got \(Shape.list(grad.shape)) but expected shape compatible with \(Shape.list(inputMetadata[index].shape))"
                    )
                }
                grad = try grad.sumTo(inputMetadata[index].shape)
            }
            if grad.dtype != inputMetadata[index].dtype { grad = try grad.to(inputMetadata[index].dtype) }
            grads[index] = consume grad
        }
        return grads
    }

    /// Whether `shape` broadcasts to `target` (PyTorch's `is_expandable_to`).
    static func isExpandable(_ shape: DimensionList, to target: DimensionList) -> Bool {
        guard shape.count <= target.count else { return false }
        return zip(shape.reversed(), target.reversed()).allSatisfy { $0 == $1 || $0 == 1 }
    }

    deinit {
        saved.removeEach { slot in
            var tensor = slot?.take()
            Teardown.deferRelease(&tensor)
        }
        var output = savedOutput?.take()
        Teardown.deferRelease(&output)
    }

    override func releaseSavedTensors() {
        for i in saved.indices { saved[i].release() }
        savedOutput?.release()
    }
}

extension Tensor {
    /// A backward rule's `gradient · f(saved)`: computed by `kernel` in one pass when nothing
    /// records (the common backward), or by `recorded`, the same expression in recorded ops,
    /// under createGraph, so that the gradient is itself differentiable, and when an operand
    /// carries a forward-mode tangent (forward-over-reverse), so that the tangent flows on.
    static func chainRule<K: BinaryKernel>(
        _ gradient: Tensor, _ saved: Tensor, _ kernel: K,
        recorded: () throws -> Tensor
    ) throws -> Tensor {
        if mustRecord(gradient, saved) { return try recorded() }
        return try combine(gradient, saved, kernel, dtype: DType.resultType(gradient, saved))
    }

    /// Whether a backward rule on these operands must compute in recorded ops: under
    /// createGraph (grad mode on and an operand that requires grad), so that the gradient
    /// is itself differentiable, or when an operand carries a forward-mode tangent, so that
    /// the tangent flows on. Otherwise a rule may compute its values directly.
    @inline(__always)
    static func mustRecord(_ gradient: Tensor, _ saved: Tensor? = nil) -> Bool {
        if isGradEnabled && (gradient.requiresGrad || saved?.requiresGrad == true) { return true }
        return gradient.tangent != nil || saved?.tangent != nil
    }

    /// Connects `output` to the graph as the result of an op on `inputs`.
    ///
    /// This is the single place where history is recorded: when grad mode is on
    /// and some input requires grad, `output` gets a `FunctionNode` named `name`
    /// whose backward is `rule`; `saving` and `saveOutput` say what the rule may
    /// read back (`saving` is evaluated only then). Otherwise `output` is returned untouched.
    @discardableResult
    static func record(
        _ name: String,
        inputs: OpInputs,
        output: Tensor,
        saving: @autoclosure () -> SmallList<Tensor> = [],
        saveOutput: Bool = false,
        scalar: Double = 0,
        rule: @escaping BackwardRule
    ) -> Tensor {
        let (gradEnabled, tap) = ThreadState.withCurrent { ($0.gradEnabled, $0.recordTap) }
        guard gradEnabled, inputs.contains(where: { $0.requiresGrad }) else { return output }
        let output = tap.map { RecordTap.apply($0, name: name, inputs: inputs.tensors, output: output) } ?? output
        let node = FunctionNode(name: name, inputs: inputs, outputCount: 1, saved: saving(), rule: rule)
        output.gradFn = node
        output.outputNr = 0
        output.requiresGradFlag = false
        node.scalar = scalar
        if saveOutput {
            node.savedOutput = SavedTensor(output, isOutput: true)
        }
        return output
    }

    /// Connects several outputs to the graph through one node with an output per
    /// tensor (`outputNr` 0, 1, ...), as PyTorch records `max(dim)`, `unbind` or a
    /// multi-output custom function. The caller has checked that recording is on.
    @discardableResult
    static func record(
        _ name: String, inputs: [Tensor], outputs: [Tensor], saving: [Tensor],
        rule: @escaping BackwardRule
    ) -> FunctionNode {
        let node = FunctionNode(
            name: name, inputs: OpInputs(inputs), outputCount: outputs.count,
            saved: SmallList(saving), rule: rule)
        node.keepOutputMetadata(outputs)
        for (outputNr, output) in outputs.enumerated() {
            output.gradFn = node
            output.outputNr = outputNr
            output.requiresGradFlag = false
        }
        return node
    }
}

extension Node {
    /// Whether a custom function (``CustomFunction``, ``MultiOutputFunction``) recorded
    /// this node, so that its backward is one written by hand (only theirs run with
    /// undefined gradients).
    public var isCustomFunction: Bool { (self as? FunctionNode)?.runsWithUndefinedGradients ?? false }
}
