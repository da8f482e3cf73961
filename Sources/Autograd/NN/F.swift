/// PyTorch's `torch.nn.functional`, which programs import as `F`: the layers and losses as
/// functions. `F.relu(x)`, `F.mseLoss(prediction, target)`, `F.crossEntropy(logits, labels)`
/// read as `F.relu(x)`, `F.mse_loss(...)`, `F.cross_entropy(...)` do; each calls the op or
/// loss whose derivative is written beside its forward.
public enum F {
    /// `F.relu(x)`.
    public static func relu(_ input: Tensor) throws -> Tensor { try input.relu() }
    /// `F.sigmoid(x)`.
    public static func sigmoid(_ input: Tensor) throws -> Tensor { try input.sigmoid() }
    /// `F.tanh(x)`.
    public static func tanh(_ input: Tensor) throws -> Tensor { try input.tanh() }
    /// `F.softmax(x, dim=)`.
    public static func softmax(_ input: Tensor, dim: Int) throws -> Tensor { try input.softmax(dim: dim) }
    /// `F.log_softmax(x, dim=)`.
    public static func logSoftmax(_ input: Tensor, dim: Int) throws -> Tensor { try input.logSoftmax(dim: dim) }

    /// `F.linear(x, weight, bias)`: `x @ weightᵀ + bias`, as `nn.Linear` computes it (one
    /// fused `addmm` for a matrix; other ranks folded to a matrix and unfolded after).
    public static func linear(_ input: Tensor, _ weight: Tensor, _ bias: Tensor? = nil) throws -> Tensor {
        guard weight.rank == 2 else {
            throw AutogradError(.shapeMismatch, "linear: the weight must be a matrix [out, in], got \(Shape.list(weight.shape))")
        }
        let (outFeatures, inFeatures) = (weight.shape[0], weight.shape[1])
        guard input.rank >= 1, input.shape.last == inFeatures else {
            throw AutogradError(
                .shapeMismatch,
                "addmm: mat1 and mat2 shapes cannot be multiplied (\(input.shape.dropLast().reduce(1, *))x\(input.shape.last ?? 0) and \(inFeatures)x\(outFeatures))"
            )
        }
        let rows = input.rank == 2 ? input : try input.reshape([-1, inFeatures])
        let product = try bias.map { try Tensor.addmm($0, rows, weight.t()) } ?? rows.mm(weight.t())
        if input.rank == 2 { return product }
        return try product.unsafeView(Array(input.shape.dropLast()) + [outFeatures])
    }

    /// `F.dropout(x, p=, training=)`: elements zeroed with probability `p` and the rest
    /// scaled by `1/(1-p)` while training; `x` itself otherwise.
    public static func dropout(
        _ input: Tensor, p: Double = 0.5, training: Bool = true,
        generator: Generator? = nil
    ) throws -> Tensor {
        try checkDropoutProbability(p)
        guard training && p > 0 else { return input }
        if p == 1 { return try input * Tensor.zeros(like: input) }
        let mask = try noGrad { try Tensor.zeros(like: input).bernoulli_(1 - p, generator: generator) }
        return try input * mask / (1 - p)
    }

    /// `F.mse_loss(input, target, reduction=)`.
    public static func mseLoss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
        try MSELoss(reduction: reduction)(input, target)
    }
    /// `F.l1_loss(input, target, reduction=)`.
    public static func l1Loss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
        try L1Loss(reduction: reduction)(input, target)
    }
    /// `F.binary_cross_entropy(input, target, reduction=)`: `input` holds probabilities.
    public static func binaryCrossEntropy(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
        try BCELoss(reduction: reduction)(input, target)
    }
    /// `F.binary_cross_entropy_with_logits(input, target, reduction=)`: `input` holds logits.
    public static func binaryCrossEntropyWithLogits(
        _ input: Tensor, _ target: Tensor,
        reduction: Reduction = .mean
    ) throws -> Tensor {
        try BCEWithLogitsLoss(reduction: reduction)(input, target)
    }
    /// `F.cross_entropy(input, target, reduction=, ignore_index=)`: logits and class indices.
    public static func crossEntropy(
        _ input: Tensor, _ target: Tensor, reduction: Reduction = .mean,
        ignoreIndex: Int = -100
    ) throws -> Tensor {
        try CrossEntropyLoss(reduction: reduction, ignoreIndex: ignoreIndex)(input, target)
    }
    /// `F.nll_loss(input, target, reduction=, ignore_index=)`: log-probabilities and class indices.
    public static func nllLoss(
        _ input: Tensor, _ target: Tensor, reduction: Reduction = .mean,
        ignoreIndex: Int = -100
    ) throws -> Tensor {
        try NLLLoss(reduction: reduction, ignoreIndex: ignoreIndex)(input, target)
    }

    /// PyTorch's error for a dropout probability outside [0, 1] (`F.dropout` and `Dropout`).
    static func checkDropoutProbability(_ p: Double) throws {
        guard p >= 0 && p <= 1 else {
            throw AutogradError(.invalidArgument, "dropout probability has to be between 0 and 1, but got \(p)")
        }
    }
}
