/// PyTorch's function forms, `torch.sin(x)`, `torch.mean(x)`, spelled `Tensor.sin(x)`,
/// `Tensor.mean(x)`: each calls the method of the same name (`x.sin()`), where its
/// derivative is written. Without these, `Tensor.sin(x)` would name the unapplied method
/// and print `(Function)`.
///
/// Methods whose every argument has a default (`std()`, `norm()`, `argmax()`, `clamp()`)
/// have no function form: `Tensor.std(x)` would also name the method, and Swift could not
/// choose. Write `x.std()`.
extension Tensor {
    /// `torch.exp(x)`: `x.exp()`.
    public static func exp(_ x: Tensor) throws -> Tensor { try x.exp() }
    /// `torch.log(x)`: `x.log()`.
    public static func log(_ x: Tensor) throws -> Tensor { try x.log() }
    /// `torch.sqrt(x)`: `x.sqrt()`.
    public static func sqrt(_ x: Tensor) throws -> Tensor { try x.sqrt() }
    /// `torch.abs(x)`: `x.abs()`.
    public static func abs(_ x: Tensor) throws -> Tensor { try x.abs() }
    /// `torch.sin(x)`: `x.sin()`.
    public static func sin(_ x: Tensor) throws -> Tensor { try x.sin() }
    /// `torch.cos(x)`: `x.cos()`.
    public static func cos(_ x: Tensor) throws -> Tensor { try x.cos() }
    /// `torch.tanh(x)`: `x.tanh()`.
    public static func tanh(_ x: Tensor) throws -> Tensor { try x.tanh() }
    /// `torch.sigmoid(x)`: `x.sigmoid()`.
    public static func sigmoid(_ x: Tensor) throws -> Tensor { try x.sigmoid() }
    /// `torch.relu(x)`: `x.relu()`.
    public static func relu(_ x: Tensor) throws -> Tensor { try x.relu() }
    /// `torch.sign(x)`: `x.sign()`.
    public static func sign(_ x: Tensor) throws -> Tensor { try x.sign() }
    /// `torch.square(x)`: `x.square()`.
    public static func square(_ x: Tensor) throws -> Tensor { try x.square() }
    /// `torch.neg(x)`: `x.neg()`.
    public static func neg(_ x: Tensor) throws -> Tensor { try x.neg() }
    /// `torch.pow(x, exponent)`: `x.pow(exponent)`.
    public static func pow(_ x: Tensor, _ exponent: Double) throws -> Tensor { try x.pow(exponent) }
    /// `torch.pow(x, exponent)` with a tensor exponent: `x.pow(exponent)`.
    public static func pow(_ x: Tensor, _ exponent: Tensor) throws -> Tensor { try x.pow(exponent) }

    /// `torch.sum(x)`: `x.sum()`.
    public static func sum(_ x: Tensor) throws -> Tensor { try x.sum() }
    /// `torch.sum(x, dim=, keepdim=)`: `x.sum(dim:keepdim:)`.
    public static func sum(_ x: Tensor, dim: Int, keepdim: Bool = false) throws -> Tensor { try x.sum(dim: dim, keepdim: keepdim) }
    /// `torch.mean(x)`: `x.mean()`.
    public static func mean(_ x: Tensor) throws -> Tensor { try x.mean() }
    /// `torch.mean(x, dim=, keepdim=)`: `x.mean(dim:keepdim:)`.
    public static func mean(_ x: Tensor, dim: Int, keepdim: Bool = false) throws -> Tensor { try x.mean(dim: dim, keepdim: keepdim) }
    /// `torch.max(x)`: `x.max()`.
    public static func max(_ x: Tensor) throws -> Tensor { try x.max() }
    /// `torch.min(x)`: `x.min()`.
    public static func min(_ x: Tensor) throws -> Tensor { try x.min() }
    /// `torch.softmax(x, dim=)`: `x.softmax(dim:)`.
    public static func softmax(_ x: Tensor, dim: Int) throws -> Tensor { try x.softmax(dim: dim) }
    /// `torch.maximum(a, b)`: `a.maximum(b)`.
    public static func maximum(_ a: Tensor, _ b: Tensor) throws -> Tensor { try a.maximum(b) }
    /// `torch.minimum(a, b)`: `a.minimum(b)`.
    public static func minimum(_ a: Tensor, _ b: Tensor) throws -> Tensor { try a.minimum(b) }
    /// `torch.mm(a, b)`: `a.mm(b)`.
    public static func mm(_ a: Tensor, _ b: Tensor) throws -> Tensor { try a.mm(b) }
    /// `torch.dot(a, b)`: `a.dot(b)`.
    public static func dot(_ a: Tensor, _ b: Tensor) throws -> Tensor { try a.dot(b) }
    /// `torch.numel(x)`: `x.numel()`.
    public static func numel(_ x: Tensor) -> Int { x.numel() }

    /// The positions of the largest values along `dim` (`argmax`), as int64; over all
    /// elements, as a flat position, when `dim` is nil.
    public func argmax(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
        guard let dim else {
            let position = try reshape(-1).max(dim: 0).indices
            return keepdim ? try position.reshape(Array(repeating: 1, count: rank)) : position
        }
        return try max(dim: dim, keepdim: keepdim).indices
    }

    /// The positions of the smallest values along `dim` (`argmin`), as int64; over all
    /// elements, as a flat position, when `dim` is nil.
    public func argmin(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
        guard let dim else {
            let position = try reshape(-1).min(dim: 0).indices
            return keepdim ? try position.reshape(Array(repeating: 1, count: rank)) : position
        }
        return try min(dim: dim, keepdim: keepdim).indices
    }
}
