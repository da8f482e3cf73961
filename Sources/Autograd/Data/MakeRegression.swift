/// A synthetic linear regression problem, like scikit-learn's `make_regression`:
/// standard-normal features, `informative` of them weighted by coefficients uniform in
/// [0, 100), plus `bias` and normal noise of standard deviation `noise`.
///
/// Draws from GradLab's (PyTorch's) generator, not NumPy's, so the numbers differ from
/// scikit-learn's for the same seed.
public func makeRegression(
    samples: Int = 100, features: Int = 100, informative: Int = 10, bias: Double = 0,
    noise: Double = 0, generator: Generator? = nil
) throws
    -> (x: Tensor, y: Tensor, coefficients: Tensor)
{
    guard samples > 0, features > 0 else {
        throw AutogradError(.invalidArgument, "make_regression needs positive samples and features")
    }
    let informative = Swift.min(Swift.max(informative, 0), features)
    let x = try Tensor.randn([samples, features], dtype: .float64, generator: generator)
    var weights = [Double](repeating: 0, count: features)
    let drawn = try Tensor.rand([Swift.max(informative, 1)], dtype: .float64, generator: generator).toArray()
    for i in 0..<informative { weights[i] = 100 * drawn[i] }
    let coefficients = try Tensor(shape: [features], values: weights, dtype: .float64)
    var y = try x.matmul(coefficients) + bias
    if noise > 0 {
        y = try y + Tensor.randn([samples], dtype: .float64, generator: generator) * noise
    }
    return (x, y, coefficients)
}
