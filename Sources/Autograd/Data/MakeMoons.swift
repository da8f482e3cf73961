import Foundation

/// Two interleaving half circles (scikit-learn's `make_moons`), with scikit-learn's exact
/// numbers for the same `randomState`: `samples / 2` points (rounded down) on the upper
/// moon (label 0) and the rest on the lower one (label 1), shuffled, then normal noise of
/// standard deviation `noise` added to each coordinate, all drawn from NumPy's legacy
/// generator seeded with `randomState`.
///
/// Returns `x` as `[samples, 2]` float64 and `y` as `[samples]` int64, as the NumPy arrays
/// scikit-learn returns (a port then writes `x.to(.float32)` for `torch.tensor(X, dtype=torch.float32)`).
public func makeMoons(samples: Int = 100, shuffle: Bool = true, noise: Double? = nil, randomState: Int = 0) throws -> (x: Tensor, y: Tensor) {
    guard samples >= 0 else { throw AutogradError(.invalidArgument, "n_samples must be a non-negative int, got \(samples)") }
    if let noise, !(noise >= 0) { throw AutogradError(.invalidArgument, "scale < 0") }
    var random = try NumPyRandomState(seed: randomState)
    // The result's memory first: a count too large to hold throws here, before any array is made.
    let x = try Tensor(zerosOf: [samples, 2], dtype: .float64)
    let outer = samples / 2, inner = samples - samples / 2
    // NumPy's linspace: i·step, the last point exactly at the end.
    func angles(_ n: Int) -> [Double] {
        (0..<n).map { i in i == n - 1 && n > 1 ? Double.pi : Double(i) * (Double.pi / Double(Swift.max(n - 1, 1))) }
    }
    var points: [[Double]] = angles(outer).map { [Foundation.cos($0), Foundation.sin($0)] }
    points += angles(inner).map { [1 - Foundation.cos($0), 1 - Foundation.sin($0) - 0.5] }
    var labels = [Int](repeating: 0, count: outer) + [Int](repeating: 1, count: inner)
    if shuffle {
        let order = random.permutation(samples)
        points = order.map { points[$0] }
        labels = order.map { labels[$0] }
    }
    if let noise {
        let draws = random.normal(scale: noise, count: samples * 2)
        for i in 0..<samples {
            points[i][0] += draws[2 * i]
            points[i][1] += draws[2 * i + 1]
        }
    }
    try x.memoryWindow.assign(points.flatMap { $0 })
    return (x, Tensor(labels))
}
