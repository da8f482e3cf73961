/// `y = x Wᵀ + b` (`nn.Linear`), initialised as PyTorch does: the weight by
/// `kaiming_uniform_(a: √5)` (bound `1/√in`), then the bias uniform in `±1/√in`,
/// both drawn in that order from the generator.
public final class Linear: Module {
    /// Training mode.
    public var isTraining = true
    /// `[out, in]`.
    public let weight: Tensor
    /// `[out]`, or nil without bias.
    public let bias: Tensor?

    /// A layer from `inFeatures` to `outFeatures`.
    public init(
        _ inFeatures: Int, _ outFeatures: Int, bias hasBias: Bool = true, dtype: FloatDType = .float32,
        generator: Generator? = nil
    ) throws {
        weight = try Parameter(Tensor.zeros([outFeatures, inFeatures], dtype: dtype.dtype))
        bias = hasBias ? try Parameter(Tensor.zeros([outFeatures], dtype: dtype.dtype)) : nil
        try Init.kaimingUniform(weight, a: 5.0.squareRoot(), generator: generator)
        if let bias {
            let fanIn = try Init.fans(weight).fanIn
            let bound = fanIn > 0 ? 1 / Double(fanIn).squareRoot() : 0
            try Init.uniform(bias, -bound, bound, generator: generator)
        }
    }

    /// `in_features=3, out_features=16, bias=True`, as PyTorch prints a `Linear`.
    public var extraRepr: String {
        "in_features=\(weight.shape[1]), out_features=\(weight.shape[0]), bias=\(bias == nil ? "False" : "True")"
    }

    /// `weight`, then `bias`.
    public var ownParameters: [(String, Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    /// `input @ weightᵀ + bias`, as PyTorch's `F.linear` computes it: for a matrix input one
    /// fused `addmm` (`AddmmBackward0`); for other ranks the input folded to a matrix, the
    /// same product, and the result unfolded (`UnsafeViewBackward0`).
    public func forward(_ input: Tensor) throws -> Tensor { try F.linear(input, weight, bias) }
}

/// Modules applied one after another (`nn.Sequential`); children are named `0`, `1`, ...
public final class Sequential: Module {
    /// Training mode.
    public var isTraining = true
    /// The layers in order.
    public let layers: [any Module]

    /// A sequence of layers.
    public init(_ layers: any Module...) { self.layers = layers }
    /// A sequence of layers from an array.
    public init(_ layers: [any Module]) { self.layers = layers }

    /// `("0", first), ("1", second), ...`.
    public var children: [(String, any Module)] { layers.enumerated().map { (String($0.offset), $0.element) } }
    /// The layers, in order.
    public var childModules: [any Module] { layers }

    /// Each layer's output feeds the next.
    public func forward(_ input: Tensor) throws -> Tensor {
        try layers.reduce(input) { try $1($0) }
    }

    /// The number of layers (`len(model)`).
    public var count: Int { layers.count }

    /// The layer at `index` (`model[1]`; negative counts from the end); throws PyTorch's
    /// error for an index out of range. Cast it to reach its parameters: `model[0] as? Linear`.
    public subscript(_ index: Int) -> any Module {
        get throws { try moduleAt(index, in: layers) }
    }
}

/// The module at `index` of a container's list (negative counts from the end), or PyTorch's
/// error for an index out of range: `Sequential` and `ModuleList` index alike.
func moduleAt(_ index: Int, in modules: [any Module]) throws -> any Module {
    guard index >= -modules.count && index < modules.count else {
        throw AutogradError(.indexOutOfRange, "index \(index) is out of range")
    }
    return modules[index < 0 ? index + modules.count : index]
}

/// `max(x, 0)` (`nn.ReLU`).
public final class ReLU: Module {
    /// Training mode.
    public var isTraining = true
    /// A ReLU.
    public init() {}
    /// `input.relu()`.
    public func forward(_ input: Tensor) throws -> Tensor { try input.relu() }
}

/// `tanh(x)` (`nn.Tanh`).
public final class Tanh: Module {
    /// Training mode.
    public var isTraining = true
    /// A Tanh.
    public init() {}
    /// `input.tanh()`.
    public func forward(_ input: Tensor) throws -> Tensor { try input.tanh() }
}

/// `1 / (1 + e^-x)` (`nn.Sigmoid`).
public final class Sigmoid: Module {
    /// Training mode.
    public var isTraining = true
    /// A Sigmoid.
    public init() {}
    /// `input.sigmoid()`.
    public func forward(_ input: Tensor) throws -> Tensor { try input.sigmoid() }
}

/// Softmax along a dimension (`nn.Softmax(dim)`).
public final class Softmax: Module {
    /// Training mode.
    public var isTraining = true
    /// The dimension normalised over.
    public let dim: Int
    /// A softmax over `dim`.
    public init(dim: Int) { self.dim = dim }
    /// `input.softmax(dim:)`.
    public func forward(_ input: Tensor) throws -> Tensor { try input.softmax(dim: dim) }

    /// `dim=1`, as PyTorch prints a `Softmax`.
    public var extraRepr: String { "dim=\(dim)" }
}

/// The input unchanged (`nn.Identity`).
public final class Identity: Module {
    /// Training mode.
    public var isTraining = true
    /// An identity.
    public init() {}
    /// `input`.
    public func forward(_ input: Tensor) throws -> Tensor { input }
}

/// Merges dimensions `startDim...endDim` (`nn.Flatten`, which keeps the batch dimension).
public final class Flatten: Module {
    /// Training mode.
    public var isTraining = true
    let startDim: Int, endDim: Int
    /// Flattens from `startDim` (default 1) to `endDim`.
    public init(startDim: Int = 1, endDim: Int = -1) {
        self.startDim = startDim
        self.endDim = endDim
    }
    /// `input.flatten(startDim:endDim:)`.
    public func forward(_ input: Tensor) throws -> Tensor { try input.flatten(startDim: startDim, endDim: endDim) }

    /// `start_dim=1, end_dim=-1`, as PyTorch prints a `Flatten`.
    public var extraRepr: String { "start_dim=\(startDim), end_dim=\(endDim)" }
}

/// Zeroes elements with probability `p` in training and scales the rest by `1/(1-p)` (`nn.Dropout`).
///
/// The mask is drawn from the generator by uniform comparison (`bernoulli_`), the masks
/// PyTorch's CPU wheel draws for the same seed.
public final class Dropout: Module {
    /// Training mode: dropout is active only while training.
    public var isTraining = true
    /// The probability of zeroing an element.
    public let p: Double
    let generator: Generator?

    /// Dropout with probability `p` in `[0, 1]`.
    public init(_ p: Double = 0.5, generator: Generator? = nil) throws {
        try F.checkDropoutProbability(p)
        self.p = p
        self.generator = generator
    }

    /// `p=0.5, inplace=False`, as PyTorch prints a `Dropout`.
    public var extraRepr: String { "p=\(NumberFormat.pythonRepr(p)), inplace=False" }

    /// `Dropout(p: 0.5)`, as PyTorch's `nn.Dropout(p=0.5)`.
    public convenience init(p: Double, generator: Generator? = nil) throws {
        try self.init(p, generator: generator)
    }

    /// `input * mask / (1 - p)` in training, `input` in evaluation.
    public func forward(_ input: Tensor) throws -> Tensor {
        try F.dropout(input, p: p, training: isTraining, generator: generator)
    }
}
