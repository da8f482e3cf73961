import Synchronization

/// Forward-mode automatic differentiation: PyTorch's `torch.autograd.forward_ad`.
///
/// Inside `withDualLevel`, a *dual* tensor (`makeDual(primal, tangent:)`) carries a
/// tangent beside its values, and every op computes its result's tangent from its
/// inputs' as it runs, by the forward rule written beside its backward rule: one pass
/// gives a Jacobian-vector product `J·v`. Leaving the level drops every tangent made in
/// it. Forward mode is not switched off by `noGrad`, as in PyTorch.
///
/// ```swift
/// let x = Tensor([1.0, 2.0])
/// let jv = try withDualLevel {
///     let y = try (makeDual(x, tangent: Tensor([1.0, 0.0])) * 3).sin()
///     return unpackDual(y).tangent            // 3·cos(3x)·[1, 0]
/// }
/// ```
///
/// Levels are per thread and do not nest (PyTorch supports a single level too).
public func withDualLevel<Result>(_ body: () throws -> Result) throws -> Result {
    let opened = ThreadState.withCurrent { state -> Bool in
        guard state.dualLevel == 0 else { return false }
        state.dualLevel = DualLevels.next()
        return true
    }
    // PyTorch 2.13's text for a level inside a level.
    guard opened else { throw AutogradError(.unsupported, "Nested forward mode AD is not supported at the moment") }
    defer { ThreadState.withCurrent { $0.dualLevel = 0 } }
    return try body()
}

/// A view of `primal` that carries `tangent` at the open dual level (`fwAD.make_dual`).
///
/// Throws PyTorch's errors outside a level, for a tangent of another size, and for a
/// primal or tangent that is not floating point.
public func makeDual(_ primal: Tensor, tangent: Tensor) throws -> Tensor {
    let level = ThreadState.withCurrent { $0.dualLevel }
    guard level != 0 else {
        throw AutogradError(
            .invalidArgument,
            "Trying to create a dual Tensor for forward AD but no level exists, make sure to enter_dual_level() first.")
    }
    guard primal.dtype.isFloatingPoint else {
        throw AutogradError(.dtypeMismatch, "Expected primal to be floating point or complex, but got: \(primal.dtype)")
    }
    guard tangent.dtype.isFloatingPoint else {
        throw AutogradError(.dtypeMismatch, "Expected tangent to be floating point or complex, but got: \(tangent.dtype)")
    }
    guard tangent.shape == primal.shape else {
        throw AutogradError(
            .shapeMismatch,
            "Trying to set a forward gradient that has a different size than that of the original Tensor, this is not supported. Tensor is of size \(Shape.list(primal.shape)) while the given forward gradient is of size \(Shape.list(tangent.shape))."
        )
    }
    let dual = try primal.viewWithoutTangent()
    dual.setTangent(tangent, level: level)
    return dual
}

/// A dual tensor's values (a view without tangent) and its tangent at the open level,
/// nil when it has none (`fwAD.unpack_dual`).
public func unpackDual(_ tensor: Tensor) -> (primal: Tensor, tangent: Tensor?) {
    let tangent = tensor.tangent
    guard tangent != nil else { return (tensor, nil) }
    return ((try? tensor.viewWithoutTangent()) ?? tensor.detach(), tangent)
}

/// Hands out dual-level numbers, unique in the process (0 means no level).
enum DualLevels {
    private static let counter = Atomic<Int>(0)

    /// A level number never used before.
    static func next() -> Int { counter.add(1, ordering: .relaxed).newValue }
}

extension Tensor {
    /// The forward-mode tangent at the open dual level; nil outside a level or when this
    /// tensor has none (a zero tangent).
    public var tangent: Tensor? {
        guard let tangentValue, tangentLevel != 0,
            tangentLevel == ThreadState.withCurrent({ $0.dualLevel })
        else { return nil }
        return tangentValue
    }

    /// Attaches `tangent` at `level`.
    func setTangent(_ tangent: Tensor?, level: Int) {
        tangentValue = tangent
        tangentLevel = tangent == nil ? 0 : level
    }

    /// A view of this tensor with the same history and no tangent (what `makeDual` and
    /// `unpackDual` return: the values are shared, as PyTorch's views share them).
    func viewWithoutTangent() throws -> Tensor {
        guard requiresGrad && isGradEnabled else { return detach() }
        // A recorded view, so that gradients reach this tensor; the tangent it picked up
        // from this tensor is dropped.
        let view = try expand(shape)
        view.setTangent(nil, level: 0)
        return view
    }
}

/// What a forward rule reads: the op's inputs, their tangents and its output.
///
/// A forward rule returns the output's tangent, `J·t` for the inputs' tangents `t`, built
/// from tensor ops (so that a tangent may itself be differentiated), or nil for a zero
/// tangent. An input without tangent has a zero one: its terms are left out.
struct ForwardContext {
    /// The op's inputs, in the order it recorded them.
    let inputs: OpInputs
    /// The op's result (values only; its tangent is what the rule computes).
    let output: Tensor
    /// The open dual level.
    let level: Int

    /// Input `index`'s tangent, nil when it has none (a zero tangent).
    func tangent(_ index: Int) -> Tensor? {
        guard index < inputs.count else { return nil }
        let input = inputs[index]
        guard input.tangentLevel == level else { return nil }
        return input.tangentValue
    }

    /// The sum of the terms that exist (nil terms are zero); nil when none does.
    func total(_ terms: Tensor?...) throws -> Tensor? {
        var sum: Tensor?
        for term in terms {
            guard let term else { continue }
            sum = try sum.map { try $0 + term } ?? term
        }
        return sum
    }
}

/// A forward rule: the output's tangent from the inputs' (see `ForwardContext`).
typealias ForwardRule = (ForwardContext) throws -> Tensor?

extension Tensor {
    /// Runs `forward` when the dual level `level` is open (not 0) and some input carries a tangent at it,
    /// and attaches the result to `output`, broadcast to its shape and converted to its
    /// dtype. Called by `record` before anything else, since forward mode runs whether or
    /// not a graph is recorded.
    static func propagateTangent(inputs: OpInputs, output: Tensor, level: Int, _ forward: ForwardRule) throws {
        guard level != 0, inputs.contains(where: { $0.tangentLevel == level && $0.tangentValue != nil }) else { return }
        guard output.dtype.isFloatingPoint else { return }
        // The rule's own ops on primal values (`x.exp()` in exp's rule) must not propagate
        // tangents in turn: the level is closed while the rule runs (one level, as in PyTorch).
        ThreadState.withCurrent { $0.dualLevel = 0 }
        defer { ThreadState.withCurrent { $0.dualLevel = level } }
        // A rule's nil is a zero tangent: the output of a dual input is dual, as in PyTorch.
        var tangent =
            try forward(ForwardContext(inputs: inputs, output: output, level: level))
            ?? Tensor.zeros(like: output)
        if tangent.dtype != output.dtype { tangent = try tangent.to(output.dtype) }
        if tangent.shape != output.shape { tangent = try tangent.expand(output.shape).contiguous() }
        output.setTangent(tangent, level: level)
    }
}
