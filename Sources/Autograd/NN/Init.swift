/// Weight initialisations, drawing from the generator in PyTorch's order (`torch.nn.init`).
/// Each runs without recording and returns the tensor it filled.
public enum Init {
    /// `(fan_in, fan_out)` of a weight: for `[out, in, k...]`, `in·k` and `out·k`.
    public static func fans(_ tensor: Tensor) throws -> (fanIn: Int, fanOut: Int) {
        guard tensor.rank >= 2 else {
            throw AutogradError(.invalidArgument, "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
        }
        let receptive = tensor.shape.dropFirst(2).reduce(1, *)
        return (tensor.shape[1] * receptive, tensor.shape[0] * receptive)
    }

    /// The gain PyTorch recommends for a nonlinearity (`calculate_gain`).
    public static func gain(_ nonlinearity: String, parameter: Double? = nil) throws -> Double {
        switch nonlinearity {
        case "linear", "conv1d", "conv2d", "conv3d", "sigmoid": return 1
        case "tanh": return 5.0 / 3
        case "relu": return 2.0.squareRoot()
        case "leaky_relu":
            let slope = parameter ?? 0.01
            return (2.0 / (1 + slope * slope)).squareRoot()
        case "selu": return 3.0 / 4
        default: throw AutogradError(.invalidArgument, "Unsupported nonlinearity \(nonlinearity)")
        }
    }

    /// Uniform values in `[a, b)` (`uniform_`).
    @discardableResult
    public static func uniform(_ tensor: Tensor, _ a: Double = 0, _ b: Double = 1, generator: Generator? = nil) throws -> Tensor {
        try noGrad { try tensor.uniform_(from: a, to: b, generator: generator) }
    }

    /// Normal values (`normal_`).
    @discardableResult
    public static func normal(_ tensor: Tensor, mean: Double = 0, std: Double = 1, generator: Generator? = nil) throws -> Tensor {
        try noGrad { try tensor.normal_(mean: mean, std: std, generator: generator) }
    }

    /// A constant (`constant_`).
    @discardableResult
    public static func constant(_ tensor: Tensor, _ value: Double) throws -> Tensor {
        try noGrad { try tensor.fill_(value) }
    }

    /// Zeros (`zeros_`).
    @discardableResult
    public static func zeros(_ tensor: Tensor) throws -> Tensor { try constant(tensor, 0) }

    /// Ones (`ones_`).
    @discardableResult
    public static func ones(_ tensor: Tensor) throws -> Tensor { try constant(tensor, 1) }

    /// He initialisation, uniform: bound `gain·√(3 / fan)` (`kaiming_uniform_`); a tensor
    /// with no elements is left as it is, as PyTorch's (a `Linear(0, n)` weight).
    @discardableResult
    public static func kaimingUniform(
        _ tensor: Tensor, a: Double = 0, mode: String = "fan_in",
        nonlinearity: String = "leaky_relu", generator: Generator? = nil
    ) throws -> Tensor {
        if tensor.count == 0 { return tensor }
        let std = try gain(nonlinearity, parameter: a) / Double(try fan(tensor, mode)).squareRoot()
        let bound = 3.0.squareRoot() * std
        return try uniform(tensor, -bound, bound, generator: generator)
    }

    /// He initialisation, normal: std `gain / √fan` (`kaiming_normal_`); a tensor with no
    /// elements is left as it is, as PyTorch's.
    @discardableResult
    public static func kaimingNormal(
        _ tensor: Tensor, a: Double = 0, mode: String = "fan_in",
        nonlinearity: String = "leaky_relu", generator: Generator? = nil
    ) throws -> Tensor {
        if tensor.count == 0 { return tensor }
        let std = try gain(nonlinearity, parameter: a) / Double(try fan(tensor, mode)).squareRoot()
        return try normal(tensor, mean: 0, std: std, generator: generator)
    }

    /// Glorot initialisation, uniform: bound `gain·√(6 / (fan_in + fan_out))` (`xavier_uniform_`).
    @discardableResult
    public static func xavierUniform(_ tensor: Tensor, gain: Double = 1, generator: Generator? = nil) throws -> Tensor {
        let (fanIn, fanOut) = try fans(tensor)
        let std = gain * (2.0 / Double(fanIn + fanOut)).squareRoot()
        let bound = 3.0.squareRoot() * std
        return try uniform(tensor, -bound, bound, generator: generator)
    }

    /// Glorot initialisation, normal: std `gain·√(2 / (fan_in + fan_out))` (`xavier_normal_`).
    @discardableResult
    public static func xavierNormal(_ tensor: Tensor, gain: Double = 1, generator: Generator? = nil) throws -> Tensor {
        let (fanIn, fanOut) = try fans(tensor)
        let std = gain * (2.0 / Double(fanIn + fanOut)).squareRoot()
        return try normal(tensor, mean: 0, std: std, generator: generator)
    }

    private static func fan(_ tensor: Tensor, _ mode: String) throws -> Int {
        let (fanIn, fanOut) = try fans(tensor)
        switch mode {
        case "fan_in": return fanIn
        case "fan_out": return fanOut
        default: throw AutogradError(.invalidArgument, "Mode \(mode) not supported, please use one of fan_in, fan_out")
        }
    }
}
