/// How a loss combines its elements (`reduction=`).
public enum Reduction: String, Sendable {
    /// The average over elements (the default).
    case mean
    /// The sum over elements.
    case sum
    /// One loss per element.
    case none
}

extension Tensor {
    /// Applies `reduction` to elementwise losses (no recording: callers record the whole loss).
    fileprivate func reduced(_ reduction: Reduction) throws -> Tensor {
        switch reduction {
        case .mean: return try mean()
        case .sum: return try sum()
        case .none: return self
        }
    }

    /// Broadcasts a loss's target against its input, warning when the shapes differ, as PyTorch does.
    fileprivate static func lossOperands(_ input: Tensor, _ target: Tensor, name: String) throws -> DimensionList {
        if input.shape != target.shape {
            Warnings.warn(
                "Using a target size (\(Shape.torchSize(target.shape))) that is different to the input size (\(Shape.torchSize(input.shape))). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size."
            )
        }
        return try Shape.broadcast(input.shape, target.shape)
    }
}

/// Mean squared error `(input - target)²` (`nn.MSELoss`), with PyTorch's gradient
/// `2/N · (input - target) · grad` (or `2 · ...` without averaging).
public struct MSELoss: Sendable {
    /// The reduction.
    public let reduction: Reduction
    /// A loss with `reduction` (mean by default).
    public init(reduction: Reduction = .mean) { self.reduction = reduction }

    /// The loss of `input` against `target`.
    ///
    /// Derivative: ∂/∂input = 2(input - target)/n (n with `.mean`, 1 with `.sum`), and the negative for the target.
    public func callAsFunction(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        let shape = try Tensor.lossOperands(input, target, name: "mse_loss")
        let reduction = self.reduction
        let out = try noGrad { () throws -> Tensor in
            let difference = try input.detach() - target.detach()
            return try (difference * difference).reduced(reduction)
        }
        let norm = reduction == .mean ? 2.0 / Double(Shape.count(shape)) : 2.0
        let (inputShape, targetShape) = (input.shape, target.shape)
        return try Tensor.record(.mseLoss, inputs: OpInputs(input, target), output: out, saving: SmallList(input, target)) { ctx in
            let (x, y) = (try ctx.saved(0), try ctx.saved(1))
            let g = ctx.gradOutput
            return try SmallList(
                ctx.needsGradient(0) ? ((x - y) * norm * g).sumTo(inputShape) : nil,
                ctx.needsGradient(1) ? ((y - x) * norm * g).sumTo(targetShape) : nil,
            )
        } forward: { f in
            guard let change = try f.total(f.tangent(0), f.tangent(1)?.neg()) else { return nil }
            return try ((input - target) * change * 2).reduced(reduction)
        }
    }
}

/// Mean absolute error `|input - target|` (`nn.L1Loss`).
public struct L1Loss: Sendable {
    /// The reduction.
    public let reduction: Reduction
    /// A loss with `reduction` (mean by default).
    public init(reduction: Reduction = .mean) { self.reduction = reduction }

    /// The loss of `input` against `target` (recorded through `abs` and the reduction, as PyTorch's).
    ///
    /// Derivative: ∂/∂input = sign(input - target)/n (n with `.mean`).
    public func callAsFunction(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        _ = try Tensor.lossOperands(input, target, name: "l1_loss")
        return try (input - target).abs().reduced(reduction)
    }
}

/// Binary cross-entropy on probabilities, `-(t·log x + (1 - t)·log(1 - x))`, with logs
/// clamped at -100 as PyTorch's (`nn.BCELoss`).
public struct BCELoss: Sendable {
    /// The reduction.
    public let reduction: Reduction
    /// A loss with `reduction` (mean by default).
    public init(reduction: Reduction = .mean) { self.reduction = reduction }

    /// The loss of probabilities `input` against targets in [0, 1].
    ///
    /// Derivative: ∂/∂input = (input - target)/(input·(1 - input))/n.
    public func callAsFunction(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        guard input.shape == target.shape else {
            throw AutogradError(
                .shapeMismatch,
                "Using a target size (\(Shape.torchSize(target.shape))) that is different to the input size (\(Shape.torchSize(input.shape))) is deprecated. Please ensure they have the same size."
            )
        }
        if let bad = try input.toArray().first(where: { !($0 >= 0 && $0 <= 1) }) {
            throw AutogradError(.invalidArgument, "all elements of input should be between 0 and 1 (found \(bad))")
        }
        if try target.toArray().contains(where: { !($0 >= 0 && $0 <= 1) }) {
            throw AutogradError(.invalidArgument, "all elements of target should be between 0 and 1")
        }
        let reduction = self.reduction
        let out = try noGrad { () throws -> Tensor in
            let (x, t) = (input.detach(), target.detach())
            let logX = try x.log().clamp(min: -100)
            let logOneMinusX = try (1 - x).log().clamp(min: -100)
            return try (-(t * logX + (1 - t) * logOneMinusX)).reduced(reduction)
        }
        let n = Double(input.count)
        return try Tensor.record(.binaryCrossEntropy, inputs: OpInputs(input), output: out, saving: SmallList(input, target)) { ctx in
            let (x, t) = (try ctx.saved(0), try ctx.saved(1))
            let denominator = try ((1 - x) * x).clamp(min: 1e-12)
            let scale = reduction == .mean ? 1 / n : 1
            return try SmallList((x - t) / denominator * ctx.gradOutput * scale)
        } forward: { f in
            try f.tangent(0).map { dx in
                let denominator = try ((1 - input) * input).clamp(min: 1e-12)
                return try ((input - target) / denominator * dx).reduced(reduction)
            }
        }
    }
}

/// Binary cross-entropy on logits, computed stably, `(1 - t)·x + log(1 + e^-x)`
/// (`nn.BCEWithLogitsLoss`); its gradient is `(sigmoid(x) - t) · grad`.
public struct BCEWithLogitsLoss: Sendable {
    /// The reduction.
    public let reduction: Reduction
    /// A loss with `reduction` (mean by default).
    public init(reduction: Reduction = .mean) { self.reduction = reduction }

    /// The loss of logits `input` against targets in [0, 1].
    ///
    /// Derivative: ∂/∂input = (σ(input) - target)/n.
    public func callAsFunction(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        guard input.shape == target.shape else {
            throw AutogradError(
                .shapeMismatch,
                "Target size (\(Shape.torchSize(target.shape))) must be the same as input size (\(Shape.torchSize(input.shape)))")
        }
        let reduction = self.reduction
        let out = try noGrad { () throws -> Tensor in
            let (x, t) = (input.detach(), target.detach())
            let maxValue = try (-x).clamp(min: 0)
            let logTerm = try ((-maxValue).exp() + (-x - maxValue).exp()).log()
            return try ((1 - t) * x + maxValue + logTerm).reduced(reduction)
        }
        let n = Double(input.count)
        return try Tensor.record(.binaryCrossEntropyWithLogits, inputs: OpInputs(input), output: out, saving: SmallList(input, target)) { ctx in
            let (x, t) = (try ctx.saved(0), try ctx.saved(1))
            let scale = reduction == .mean ? 1 / n : 1
            return try SmallList((x.sigmoid() - t) * ctx.gradOutput * scale)
        } forward: { f in
            try f.tangent(0).map { dx in try ((input.sigmoid() - target) * dx).reduced(reduction) }
        }
    }
}

/// Negative log-likelihood of class indices under log-probabilities (`nn.NLLLoss`):
/// `-input[i, target[i]]`, averaged over the targets that are not `ignoreIndex`.
public struct NLLLoss: Sendable {
    /// The reduction.
    public let reduction: Reduction
    /// Targets equal to this are skipped.
    public let ignoreIndex: Int
    /// A loss with `reduction` (mean by default).
    public init(reduction: Reduction = .mean, ignoreIndex: Int = -100) {
        self.reduction = reduction
        self.ignoreIndex = ignoreIndex
    }

    /// The loss of `[N, C]` log-probabilities (or `[C]`) against int64 class indices `[N]` (or a scalar).
    ///
    /// Derivative: ∂/∂input is -1/n at each row's target class (0 for an ignored target), 0 elsewhere.
    public func callAsFunction(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        let batched = input.rank == 2 ? input : try input.unsqueeze(0)
        let targets = target.rank == 0 ? try target.unsqueeze(0) : target
        guard batched.rank == 2, targets.rank == 1, targets.shape[0] == batched.shape[0] else {
            throw AutogradError(
                .shapeMismatch,
                "Expected input batch_size (\(batched.shape.first ?? 0)) to match target batch_size (\(targets.shape.first ?? 0)).")
        }
        guard targets.dtype == .int64 else {
            throw AutogradError(.dtypeMismatch, "expected scalar type Long but found \(targets.dtype == .float64 ? "Double" : "Float")")
        }
        let classes = batched.shape[1]
        let indices = try targets.toIntArray()
        for index in indices where index != ignoreIndex && !(0..<classes).contains(index) {
            throw AutogradError(.indexOutOfRange, "Target \(index) is out of bounds.")
        }
        let kept = indices.filter { $0 != ignoreIndex }.count
        var pick = [Double](repeating: 0, count: batched.count)
        for (row, index) in indices.enumerated() where index != ignoreIndex { pick[row * classes + index] = 1 }
        let selector = try Tensor.make(shape: batched.shape, values: pick, dtype: input.dtype)
        let reduction = self.reduction
        /// The loss of `x` (`[N, C]`): linear in `x`, so that the tangent is the loss of the tangent.
        func loss(_ x: Tensor) throws -> Tensor {
            let perRow = try -(x * selector).sum(dim: 1)
            switch reduction {
            case .none: return input.rank == 2 ? perRow : try perRow.squeeze(0)
            case .sum: return try perRow.sum()
            case .mean: return try perRow.sum() / Double(kept)
            }
        }
        let out = try noGrad { try loss(batched.detach()) }
        let inputShape = input.shape
        return try Tensor.record(.nllLoss, inputs: OpInputs(input), output: out, saving: SmallList(selector)) { ctx in
            let selector = try ctx.saved(0)
            var g = ctx.gradOutput
            if reduction == .none {
                g = try g.reshape([selector.shape[0], 1])
            } else if reduction == .mean {
                g = try g / Double(kept)
            }
            return try SmallList((-(selector * g)).reshape(inputShape))
        } forward: { f in
            try f.tangent(0).map { t in try loss(input.rank == 2 ? t : t.unsqueeze(0)) }
        }
    }
}

/// Cross-entropy of logits against class indices (`nn.CrossEntropyLoss`):
/// `NLLLoss` of `logSoftmax(dim: 1)`.
public struct CrossEntropyLoss: Sendable {
    let nll: NLLLoss
    /// A loss with `reduction` (mean by default).
    public init(reduction: Reduction = .mean, ignoreIndex: Int = -100) {
        nll = NLLLoss(reduction: reduction, ignoreIndex: ignoreIndex)
    }

    /// The loss of `[N, C]` logits (or `[C]`) against int64 class indices, or against
    /// class probabilities of the input's shape (floating point, as PyTorch's soft
    /// targets): `-Σ_c target · logSoftmax(input)` per sample, reduced over the batch.
    ///
    /// Derivative: ∂/∂input = (softmax(input) - onehot(target))/n along the classes.
    public func callAsFunction(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        let classes = input.rank == 1 ? 0 : 1
        guard target.dtype.isFloatingPoint, target.shape == input.shape, !input.shape.isEmpty else {
            return try nll(input.logSoftmax(dim: classes), target)
        }
        guard target.dtype == input.dtype else {
            throw AutogradError(
                .dtypeMismatch,
                "expected scalar type \(input.dtype == .float64 ? "Double" : "Float") but found \(target.dtype == .float64 ? "Double" : "Float")")
        }
        guard nll.ignoreIndex < 0 else {
            throw AutogradError(.invalidArgument, "ignore_index is not supported for floating point target")
        }
        let perSample = try -(input.logSoftmax(dim: classes) * target).sum(dim: classes)
        switch nll.reduction {
        case .none: return perSample
        case .sum: return try perSample.sum()
        case .mean: return try perSample.sum() / Double(input.rank == 1 ? 1 : input.shape[0])
        }
    }
}
