/// Normalisation layers: `LayerNorm` (each sample over its last dimensions) and
/// `BatchNorm1d` (each feature over the batch, with running statistics for evaluation).
/// Both record one node (Ops/Normalize.swift holds the forward and both rules);
/// `F.layerNorm` and `F.batchNorm` are the functions the modules call.
extension F {
    /// `F.layer_norm(x, normalized_shape, weight, bias, eps)`: `(x - mean) / √(var + ε)` over
    /// the last `normalizedShape.count` dimensions (biased variance), then `· weight + bias`.
    public static func layerNorm(
        _ input: Tensor, _ normalizedShape: [Int], weight: Tensor? = nil, bias: Tensor? = nil, eps: Double = 1e-5
    ) throws -> Tensor {
        let k = normalizedShape.count
        guard k >= 1, input.rank >= k, Array(input.shape.suffix(k)) == normalizedShape else {
            throw AutogradError(
                .shapeMismatch,
                "Given normalized_shape=\(Shape.list(normalizedShape)), expected input with shape [*, \(normalizedShape.map(String.init).joined(separator: ", "))], but got input of size\(Shape.list(input.shape))"
            )
        }
        let dims = Array((input.rank - k)..<input.rank)
        let normalization = Normalization(op: .layerNorm, dims: dims, parameterShape: DimensionList(normalizedShape), eps: eps, fixed: nil)
        return try normalization.apply(input, weight: weight, bias: bias)
    }

    /// `F.batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps)` for
    /// `[N, C]` or `[N, C, L]` input. Training normalises by the batch's mean and biased
    /// variance and moves the running statistics toward them (the variance unbiased):
    /// `running ← (1 - momentum)·running + momentum·batch`. Evaluation normalises by the
    /// running statistics.
    public static func batchNorm(
        _ input: Tensor, runningMean: Tensor?, runningVar: Tensor?, weight: Tensor? = nil, bias: Tensor? = nil,
        training: Bool = false, momentum: Double = 0.1, eps: Double = 1e-5
    ) throws -> Tensor {
        guard input.rank == 2 || input.rank == 3 else {
            throw AutogradError(.shapeMismatch, "expected 2D or 3D input (got \(input.rank)D input)")
        }
        let channels = input.shape[1]
        let dims = input.rank == 2 ? [0] : [0, 2]
        let perChannel = input.rank == 2 ? [1, channels] : [1, channels, 1]
        var fixed: (mean: Tensor, variance: Tensor)? = nil
        if training || runningMean == nil || runningVar == nil {
            let valuesPerChannel = input.count / Swift.max(channels, 1)
            guard valuesPerChannel > 1 else {
                throw AutogradError(
                    .invalidArgument, "Expected more than 1 value per channel when training, got input size \(Shape.torchSize(input.shape))")
            }
            if training, let runningMean, let runningVar {
                try noGrad {
                    let values = input.detach()
                    let mean = try values.mean(dims: dims), variance = try values.variance(dims: dims, correction: 0)
                    let unbiased = try variance * (Double(valuesPerChannel) / Double(valuesPerChannel - 1))
                    try runningMean.copy_(runningMean * (1 - momentum) + mean * momentum)
                    try runningVar.copy_(runningVar * (1 - momentum) + unbiased * momentum)
                }
            }
        } else if let runningMean, let runningVar {
            fixed = (try runningMean.detach().view(perChannel), try runningVar.detach().view(perChannel))
        }
        let normalization = Normalization(op: .batchNorm, dims: dims, parameterShape: DimensionList(perChannel), eps: eps, fixed: fixed)
        return try normalization.apply(input, weight: weight, bias: bias)
    }
}

/// Normalises each sample over its last dimensions, then scales and shifts it by learned
/// `weight` (ones) and `bias` (zeros) (`nn.LayerNorm`).
public final class LayerNorm: Module {
    /// Training mode (LayerNorm behaves the same in both).
    public var isTraining = true
    /// The trailing shape normalised over.
    public let normalizedShape: [Int]
    /// Added to the variance before the square root.
    public let eps: Double
    /// The scale, shaped as `normalizedShape`, or nil without elementwise affine.
    public let weight: Tensor?
    /// The shift, or nil.
    public let bias: Tensor?

    /// A layer normalising over the trailing `normalizedShape`.
    public init(_ normalizedShape: [Int], eps: Double = 1e-5, elementwiseAffine: Bool = true, bias hasBias: Bool = true, dtype: FloatDType = .float32)
        throws
    {
        try Shape.validate(normalizedShape, op: "LayerNorm")
        self.normalizedShape = normalizedShape
        self.eps = eps
        weight = elementwiseAffine ? try Parameter(Tensor.ones(normalizedShape, dtype: dtype.dtype)) : nil
        bias = elementwiseAffine && hasBias ? try Parameter(Tensor.zeros(normalizedShape, dtype: dtype.dtype)) : nil
    }

    /// A layer normalising over the last dimension, of size `features` (`nn.LayerNorm(8)`).
    public convenience init(_ features: Int, eps: Double = 1e-5, elementwiseAffine: Bool = true, bias: Bool = true, dtype: FloatDType = .float32)
        throws
    {
        try self.init([features], eps: eps, elementwiseAffine: elementwiseAffine, bias: bias, dtype: dtype)
    }

    /// `(8,), eps=1e-05, elementwise_affine=True, bias=True`, as PyTorch prints a `LayerNorm`.
    public var extraRepr: String {
        let shape = normalizedShape.count == 1 ? "(\(normalizedShape[0]),)" : "(\(normalizedShape.map(String.init).joined(separator: ", ")))"
        return "\(shape), eps=\(NumberFormat.pythonRepr(eps)), elementwise_affine=\(weight == nil ? "False" : "True"), bias=\(bias == nil ? "False" : "True")"
    }

    /// `weight`, then `bias`.
    public var ownParameters: [(String, Tensor)] {
        (weight.map { [("weight", $0)] } ?? []) + (bias.map { [("bias", $0)] } ?? [])
    }

    /// `F.layerNorm` with this layer's shape, parameters and ε.
    public func forward(_ input: Tensor) throws -> Tensor {
        try F.layerNorm(input, normalizedShape, weight: weight, bias: bias, eps: eps)
    }
}

/// Normalises each feature over the batch (`nn.BatchNorm1d`) for `[N, C]` or `[N, C, L]`
/// input. Training uses the batch's statistics and updates `runningMean` and `runningVar`;
/// evaluation (`eval()`) uses those running statistics.
public final class BatchNorm1d: Module {
    /// Training mode: batch statistics and running updates while true.
    public var isTraining = true
    /// The number of features `C`.
    public let numFeatures: Int
    /// Added to the variance before the square root.
    public let eps: Double
    /// How far each training batch moves the running statistics.
    public let momentum: Double
    /// The scale (ones), or nil without affine.
    public let weight: Tensor?
    /// The shift (zeros), or nil.
    public let bias: Tensor?
    /// The running mean of each feature (zeros at first), or nil without running statistics.
    public let runningMean: Tensor?
    /// The running unbiased variance of each feature (ones at first), or nil.
    public let runningVar: Tensor?
    /// How many training batches have updated the running statistics.
    public private(set) var numBatchesTracked = 0

    /// A batch-norm layer over `numFeatures` features.
    public init(
        _ numFeatures: Int, eps: Double = 1e-5, momentum: Double = 0.1, affine: Bool = true, trackRunningStats: Bool = true,
        bias hasBias: Bool = true, dtype: FloatDType = .float32
    ) throws {
        try Shape.validate([numFeatures], op: "BatchNorm1d")
        self.numFeatures = numFeatures
        self.eps = eps
        self.momentum = momentum
        weight = affine ? try Parameter(Tensor.ones([numFeatures], dtype: dtype.dtype)) : nil
        bias = affine && hasBias ? try Parameter(Tensor.zeros([numFeatures], dtype: dtype.dtype)) : nil
        runningMean = trackRunningStats ? try Tensor.zeros([numFeatures], dtype: dtype.dtype) : nil
        runningVar = trackRunningStats ? try Tensor.ones([numFeatures], dtype: dtype.dtype) : nil
    }

    /// `8, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True`, as PyTorch prints it.
    public var extraRepr: String {
        "\(numFeatures), eps=\(NumberFormat.pythonRepr(eps)), momentum=\(NumberFormat.pythonRepr(momentum)), affine=\(weight == nil ? "False" : "True"), bias=\(bias == nil ? "False" : "True"), track_running_stats=\(runningMean == nil ? "False" : "True")"
    }

    /// `weight`, then `bias`.
    public var ownParameters: [(String, Tensor)] {
        (weight.map { [("weight", $0)] } ?? []) + (bias.map { [("bias", $0)] } ?? [])
    }

    /// `F.batchNorm` in the layer's mode; the input's feature dimension must be `numFeatures`.
    public func forward(_ input: Tensor) throws -> Tensor {
        guard input.rank >= 2, input.shape[1] == numFeatures else {
            throw AutogradError(
                .shapeMismatch,
                "running_mean should contain \(input.rank >= 2 ? input.shape[1] : 0) elements not \(numFeatures)")
        }
        if isTraining && runningMean != nil { numBatchesTracked += 1 }
        return try F.batchNorm(
            input, runningMean: runningMean, runningVar: runningVar, weight: weight, bias: bias,
            training: isTraining, momentum: momentum, eps: eps)
    }
}
