/// Every differentiable operation of GradLab, named as PyTorch names its `grad_fn`.
///
/// This is the index of the derivative table: each case's forward and backward
/// rule are written once, side by side, in the `Ops/` file of its family, and
/// recorded through `Tensor.record(_:...)`. GradCheck's OpInfo database must
/// have an entry for every case (a test enforces it), so no op lands without
/// a gradient check.
public enum Op: String, CaseIterable, Sendable {
    // Arithmetic (Arithmetic.swift)
    case add = "AddBackward0"
    case sub = "SubBackward0"
    case rsub = "RsubBackward1"
    case mul = "MulBackward0"
    case div = "DivBackward0"
    case neg = "NegBackward0"
    case reciprocal = "ReciprocalBackward0"
    case powScalar = "PowBackward0"
    case powTensor = "PowBackward1"
    case powScalarBase = "PowBackward2"
    // Elementwise functions (Elementwise.swift)
    case exp = "ExpBackward0"
    case log = "LogBackward0"
    case sqrt = "SqrtBackward0"
    case abs = "AbsBackward0"
    case sin = "SinBackward0"
    case cos = "CosBackward0"
    case tanh = "TanhBackward0"
    case sigmoid = "SigmoidBackward0"
    case relu = "ReluBackward0"
    case clamp = "ClampBackward1"
    case sign = "SignBackward0"
    // Normalisations (Softmax.swift)
    case softmax = "SoftmaxBackward0"
    case logSoftmax = "LogSoftmaxBackward0"
    case layerNorm = "NativeLayerNormBackward0"
    case batchNorm = "NativeBatchNormBackward0"
    // Losses (NN/Losses.swift)
    case mseLoss = "MseLossBackward0"
    case binaryCrossEntropy = "BinaryCrossEntropyBackward0"
    case binaryCrossEntropyWithLogits = "BinaryCrossEntropyWithLogitsBackward0"
    case nllLoss = "NllLossBackward0"
    // Selection (Selection.swift)
    case maximum = "MaximumBackward0"
    case minimum = "MinimumBackward0"
    case `where` = "WhereBackward0"
    // Reductions (Reductions.swift)
    case sum = "SumBackward0"
    case sumDim = "SumBackward1"
    case mean = "MeanBackward0"
    case meanDim = "MeanBackward1"
    case variance = "VarBackward0"
    case standardDeviation = "StdBackward0"
    case max = "MaxBackward1"
    case maxDim = "MaxBackward0"
    case min = "MinBackward1"
    case minDim = "MinBackward0"
    case norm = "LinalgVectorNormBackward0"
    // Linear algebra (LinearAlgebra.swift)
    case dot = "DotBackward0"
    case mv = "MvBackward0"
    case mm = "MmBackward0"
    case addmm = "AddmmBackward0"
    case bmm = "BmmBackward0"
    // Shape and views (Views.swift, Indexing.swift)
    case view = "ViewBackward0"
    case unsafeView = "UnsafeViewBackward0"
    case unsqueeze = "UnsqueezeBackward0"
    case squeeze = "SqueezeBackward0"
    case squeezeDim = "SqueezeBackward1"
    case transpose = "TransposeBackward0"
    case t = "TBackward0"
    case permute = "PermuteBackward0"
    case expand = "ExpandBackward0"
    case select = "SelectBackward0"
    case slice = "SliceBackward0"
    case sliceEmbed = "SliceBackwardBackward0"
    case cat = "CatBackward0"
    // Indexing by tensors (Gather.swift)
    case index = "IndexBackward0"
    case indexSelect = "IndexSelectBackward0"
    case indexAdd = "IndexAddBackward0"
    case maskedFill = "MaskedFillBackward0"
    case unbind = "UnbindBackward0"
    case split = "SplitBackward0"
    case stack = "StackBackward0"
    case clone = "CloneBackward0"
    case toCopy = "ToCopyBackward0"
    // In-place writes (InPlace.swift)
    case fill = "FillBackward0"
    case copy = "CopyBackwards"

    /// PyTorch's `grad_fn` class name for this op.
    public var nodeName: String { rawValue }
}

extension Tensor {
    /// Records `op` (keyed by the op table) with its two rules, written side by side at
    /// each op: `rule`, the backward (the inputs' gradients from the output's), and
    /// `forward`, the forward-mode rule (the output's tangent from the inputs'), which runs
    /// here and now when a dual level is open and an input carries a tangent.
    ///
    /// The lists of inputs and saved tensors are built only when something is recorded or
    /// a dual level is open. Most ops run with neither (inside backward passes, optimiser
    /// steps and `noGrad`), and building the lists would retain each tensor to release it
    /// again at once.
    @discardableResult
    static func record(
        _ op: Op,
        inputs: @autoclosure () -> OpInputs,
        output: Tensor,
        saving: @autoclosure () -> SmallList<Tensor> = [],
        saveOutput: Bool = false,
        scalar: Double = 0,
        rule: @escaping BackwardRule,
        forward: ForwardRule
    ) throws -> Tensor {
        let (gradEnabled, dualLevel) = ThreadState.withCurrent { ($0.gradEnabled, $0.dualLevel) }
        guard gradEnabled || dualLevel != 0 else { return output }
        let inputs = inputs()
        if dualLevel != 0 { try propagateTangent(inputs: inputs, output: output, level: dualLevel, forward) }
        return record(
            op.nodeName, inputs: inputs, output: output, saving: saving(), saveOutput: saveOutput, scalar: scalar,
            rule: rule)
    }

    /// Sums a broadcast gradient back to `shape` (PyTorch's `sum_to`): the one
    /// un-broadcast helper that every binary rule uses.
    func sumTo(_ target: DimensionList) throws -> Tensor {
        if shape == target { return self }
        let lead = rank - target.count
        let recording = isGradEnabled && requiresGrad
        if !recording, let reduced = broadcastDimensions(to: target),
            let ordered = try cascadeSum(over: reduced, keepdim: true, shapedAs: target)
        {
            // The common backward: the broadcast dimensions are adjacent (leading ones, say),
            // so one reduction in PyTorch's order, with no list of dimensions made.
            return ordered
        }
        var dims: [Int] = []
        forEachSummedDimension(to: target) { dims.append($0) }
        if !recording {
            // Nothing to record: one reduction, shaped as the target.
            let reduced = try summed(dims, keepdim: true)
            return Tensor(
                storage: reduced.storage, shape: target, strides: Shape.contiguousStrides(target),
                offset: reduced.offset, dtype: reduced.dtype)
        }
        var result = dims.isEmpty ? self : try sum(dims: dims, keepdim: true)
        if lead > 0 { result = try result.reshape(target) }
        return result
    }

    /// The dimensions `sumTo(target)` sums over, when they are adjacent: the leading ones
    /// `target` lacks, then those where `target` has 1 and this tensor more. Nil when they
    /// are not adjacent or there are none.
    private func broadcastDimensions(to target: DimensionList) -> ClosedRange<Int>? {
        guard rank >= target.count else { return nil }
        var range: ClosedRange<Int>?
        var adjacent = true
        forEachSummedDimension(to: target) { axis in
            if let current = range {
                if axis == current.upperBound + 1 { range = current.lowerBound...axis } else { adjacent = false }
            } else {
                range = axis...axis
            }
        }
        return adjacent ? range : nil
    }

    /// Calls `body` with each dimension `sumTo(target)` sums over, in order: the leading
    /// ones `target` lacks, then those where `target` has 1 and this tensor more.
    @inline(__always)
    private func forEachSummedDimension(to target: DimensionList, _ body: (Int) -> Void) {
        let lead = rank - target.count
        for axis in 0..<lead { body(axis) }
        for (i, size) in target.enumerated() where size == 1 && shape[lead + i] != 1 { body(lead + i) }
    }
}
