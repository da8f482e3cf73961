import Autograd

/// The numbers behind a series program's figure, keyed as `Fixtures/series/generate.py`
/// records the program's drawing calls: the kind of call, its number among calls of that
/// kind, and its label (`plot 2: Mini-batch`). A lab draws the same calls in the same order,
/// and the transcript test compares the numbers with PyTorch's.
struct SeriesPlots {
    private(set) var values: [String: LabValue] = [:]
    private var counts: [String: Int] = [:]

    /// `plt.plot(y, label=)` or `plt.plot(x, y, label=)`: the y values.
    mutating func plot(_ y: [Double], label: String? = nil) { record("plot", label, y) }
    /// `plt.scatter(x, y, label=)`: the x values, then the y values.
    mutating func scatter(_ x: [Double], _ y: [Double], label: String? = nil) { record("scatter", label, x + y) }
    /// `plt.contourf(X, Y, Z)`: Z, row by row.
    mutating func contourf(_ z: [Double], label: String? = nil) { record("contourf", label, z) }
    /// `plt.hist(data)`: the data.
    mutating func hist(_ data: [Double], label: String? = nil) { record("hist", label, data) }
    /// `plt.imshow(image)`: the image's values, row by row.
    mutating func imshow(_ image: [Double], label: String? = nil) { record("imshow", label, image) }

    /// An array of more than 10,000 numbers is kept at a stride, every k-th number with
    /// k = ⌈n / 2,500⌉, as the generator keeps it (a 200 × 200 decision map).
    private mutating func record(_ kind: String, _ label: String?, _ numbers: [Double]) {
        counts[kind, default: 0] += 1
        let stride = numbers.count > 10_000 ? (numbers.count + 2_499) / 2_500 : 1
        let kept = Swift.stride(from: 0, to: numbers.count, by: stride).map { numbers[$0] }
        values["\(kind) \(counts[kind]!)" + (label.map { ": \($0)" } ?? "")] = .numbers(kept)
    }
}
