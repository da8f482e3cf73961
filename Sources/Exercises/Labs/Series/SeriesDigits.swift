import Autograd
import Foundation

/// scikit-learn's bundled 8 × 8 digits, in place of MNIST in the series' programs that load
/// it (nothing to download): `Fixtures/series/digits.txt`, exported by
/// `Fixtures/series/generate.py`, one image per line (its label, a colon, its 64 pixels from
/// 0 to 16 as the letters `0`–`9`, `a`–`g`, row by row). PyTorch's runs of the adapted programs
/// read the same file (`Fixtures/series/programs/digits.py`).
enum SeriesDigits {
    /// The first 1,437 images (80 %) train; the other 360 validate.
    static let trainingCount = 1437

    /// Every image as `[1797, 1, 8, 8]` float32 with values pixel / 16 (as torchvision's
    /// `ToTensor` scales MNIST's 0–255 to [0, 1]), and every label as `[1797]` int64.
    static func load() throws -> (images: Tensor, labels: Tensor) {
        let url = Reference.fixturesURL.appendingPathComponent("series/digits.txt")
        let symbols = Array("0123456789abcdefg")
        var pixels: [Double] = [], labels: [Int] = []
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
            let parts = line.split(separator: ":")
            guard parts.count == 2, let label = Int(parts[0]), parts[1].count == 64 else {
                throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "\(url.path): not a digits line: \(line)"])
            }
            labels.append(label)
            for symbol in parts[1] {
                guard let value = symbols.firstIndex(of: symbol) else {
                    throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "\(url.path): not a pixel: \(symbol)"])
                }
                pixels.append(Double(value) / 16)
            }
        }
        return (try Tensor(shape: [labels.count, 1, 8, 8], values: pixels), try Tensor(shape: [labels.count], integers: labels))
    }

    /// The training and validation sets; `transform` applies to the training images only.
    static func trainingAndValidation(transform: (@Sendable (Tensor) throws -> Tensor)? = nil) throws -> (DigitsDataset, DigitsDataset) {
        let (images, labels) = try load()
        let split = trainingCount
        return (
            DigitsDataset(images: try images.slice(0, end: split), labels: try labels.slice(0, end: split), transform: transform),
            DigitsDataset(images: try images.slice(0, start: split), labels: try labels.slice(0, start: split))
        )
    }

    /// The post's `Normalize((0.5,), (0.5,))`: values from [0, 1] to [-1, 1].
    @Sendable static func normalize(_ image: Tensor) throws -> Tensor { try (image - 0.5) / 0.5 }

    /// In place of `RandomRotation(10)` then `RandomHorizontalFlip()`: the image turned by an
    /// angle drawn uniformly in [-10, 10] degrees about its centre, each pixel taking the
    /// source pixel nearest to where the turn brings it from (0 outside the image), then
    /// mirrored left to right when a second draw is below 0.5. The angle and coordinates
    /// are float64, as in the PyTorch program, so that both pick the same pixels.
    @Sendable static func augment(_ image: Tensor) throws -> Tensor {
        let angle = try Tensor.zeros([1]).uniform_(from: -10, to: 10).item()
        let mirrored = try Tensor.rand(1).item() < 0.5
        let radians = angle * (Double.pi / 180)
        let (cosine, sine) = (cos(radians), sin(radians))
        let source = try image.toArray()
        var turned = [Double](repeating: 0, count: 64)
        for row in 0..<8 {
            for column in 0..<8 {
                let (x, y) = (Double(column) - 3.5, Double(row) - 3.5)
                let fromColumn = Int((cosine * x + sine * y + 3.5).rounded(.toNearestOrEven))
                let fromRow = Int((cosine * y - sine * x + 3.5).rounded(.toNearestOrEven))
                guard (0..<8).contains(fromColumn), (0..<8).contains(fromRow) else { continue }
                turned[row * 8 + (mirrored ? 7 - column : column)] = source[fromRow * 8 + fromColumn]
            }
        }
        return try Tensor(shape: [1, 8, 8], values: turned)
    }

    /// A batch's labels as Python prints a list of them: `[2, 4, 1]`.
    static func listText(_ labels: Tensor) throws -> String {
        "[" + (try labels.toIntArray()).map(String.init).joined(separator: ", ") + "]"
    }
}

/// Digits and their labels as a dataset; each image passes through `transform` when read
/// (the draws of an augmentation happen then, in the order the loader reads the samples).
struct DigitsDataset: Dataset {
    let images: Tensor
    let labels: Tensor
    var transform: (@Sendable (Tensor) throws -> Tensor)? = nil

    var count: Int { labels.shape[0] }

    func sample(_ index: Int) throws -> [Tensor] {
        let image = try images.select(0, index)
        return [try transform?(image) ?? image, try labels.select(0, index)]
    }
}
