/// Printing options, as PyTorch's defaults (`torch.set_printoptions(profile="default")`).
enum PrintOptions {
    static let threshold = 1000
    static let edgeItems = 3
    static let lineWidth = 80
}

/// Row-major values with a shape: what printing walks through.
private struct ValueBlock {
    let values: [Double]
    let shape: [Int]

    var rank: Int { shape.count }
    var stride: Int { shape.dropFirst().reduce(1, *) }

    /// The `i`-th sub-block along the first dimension.
    func row(_ i: Int) -> ValueBlock {
        ValueBlock(values: Array(values[(i * stride)..<((i + 1) * stride)]), shape: Array(shape.dropFirst()))
    }

    /// The first and last `edgeItems` along every dimension (PyTorch's `get_summarized_data`).
    func summarized() -> ValueBlock {
        guard rank > 0 else { return self }
        let n = shape[0]
        let picked =
            n > 2 * PrintOptions.edgeItems
            ? Array(0..<PrintOptions.edgeItems) + Array((n - PrintOptions.edgeItems)..<n)
            : Array(0..<n)
        if rank == 1 { return ValueBlock(values: picked.map { values[$0] }, shape: [picked.count]) }
        let rows = picked.map { row($0).summarized() }
        return ValueBlock(values: rows.flatMap(\.values), shape: [rows.count] + (rows.first?.shape ?? []))
    }
}

extension Tensor: CustomStringConvertible, CustomDebugStringConvertible {
    /// PyTorch's `repr`: `tensor([[4.5000, 4.5000], ...], grad_fn=<MulBackward0>)`.
    public var description: String {
        let prefix = "tensor("
        let indent = prefix.count
        var suffixes: [String] = []
        let body: String
        if count == 0 {
            if rank != 1 { suffixes.append("size=(\(shape.map(String.init).joined(separator: ", "))\(rank == 1 ? "," : ""))") }
            if dtype != .float32 { suffixes.append("dtype=\(dtype)") }
            body = "[]"
        } else {
            if dtype == .float64 { suffixes.append("dtype=\(dtype)") }
            let summarize = count > PrintOptions.threshold
            let block = summarize ? edgeBlock() : ValueBlock(values: smallValues(), shape: Array(shape))
            let formatter = TensorFormatter(values: summarize ? block.summarized().values : block.values, dtype: dtype)
            body = Self.render(block, indent: indent, summarize: summarize, formatter: formatter)
        }
        if let fn = gradFn {
            suffixes.append("grad_fn=<\(fn.name)>")
        } else if requiresGrad {
            suffixes.append("requires_grad=True")
        }
        return Self.addSuffixes(prefix + body, suffixes, indent: indent)
    }

    /// The values of a tensor small enough to print whole, read without allocating through `toArray`.
    private func smallValues() -> [Double] {
        var values: [Double] = []
        values.reserveCapacity(count)
        forEachStorageIndex { values.append(printedElement(at: $0)) }
        return values
    }

    /// What a summarised print shows, read straight from storage: along each dimension longer
    /// than twice the edge items, the first and last edge items with one placeholder between
    /// them (so `render` still sees a long dimension and prints "..."). At most 7 per
    /// dimension, however many elements the tensor (an expanded view, say) stands for.
    private func edgeBlock() -> ValueBlock {
        let edge = PrintOptions.edgeItems
        let picks = shape.map { n in
            n > 2 * edge ? Array(0..<edge) + [n - edge - 1] + Array((n - edge)..<n) : Array(0..<n)
        }
        var values: [Double] = []
        var position = [Int](repeating: 0, count: rank)
        while true {
            var index = offset
            for axis in 0..<rank { index += picks[axis][position[axis]] * strides[axis] }
            values.append(printedElement(at: index))
            var axis = rank - 1
            while axis >= 0 {
                position[axis] += 1
                if position[axis] < picks[axis].count { break }
                position[axis] = 0
                axis -= 1
            }
            if axis < 0 { break }
        }
        return ValueBlock(values: values, shape: picks.map(\.count))
    }

    /// The element at storage index `index` as printing carries it: its value, or for
    /// int64 its exact bits (`TensorFormatter.carrying(_:)`), which a double's value could
    /// not hold above 2^53.
    private func printedElement(at index: Int) -> Double {
        dtype == .int64 ? TensorFormatter.carrying(integerElement(at: index)) : element(at: index)
    }

    /// Same as `description`.
    public var debugDescription: String { description }

    private static func render(_ block: ValueBlock, indent: Int, summarize: Bool, formatter: TensorFormatter) -> String {
        switch block.rank {
        case 0:
            return formatter.format(block.values[0])
        case 1:
            return renderVector(block, indent: indent, summarize: summarize, formatter: formatter)
        default:
            let n = block.shape[0]
            var slices: [String]
            if summarize && n > 2 * PrintOptions.edgeItems {
                slices = (0..<PrintOptions.edgeItems).map {
                    render(block.row($0), indent: indent + 1, summarize: summarize, formatter: formatter)
                }
                slices.append("...")
                slices += ((n - PrintOptions.edgeItems)..<n).map {
                    render(block.row($0), indent: indent + 1, summarize: summarize, formatter: formatter)
                }
            } else {
                slices = (0..<n).map { render(block.row($0), indent: indent + 1, summarize: summarize, formatter: formatter) }
            }
            let separator = "," + String(repeating: "\n", count: block.rank - 1) + String(repeating: " ", count: indent + 1)
            return "[" + slices.joined(separator: separator) + "]"
        }
    }

    private static func renderVector(_ block: ValueBlock, indent: Int, summarize: Bool, formatter: TensorFormatter) -> String {
        let elementLength = formatter.width + 2
        let perLine = Swift.max(1, (PrintOptions.lineWidth - indent) / elementLength)
        let n = block.shape[0]
        var items: [String]
        if summarize && n > 2 * PrintOptions.edgeItems {
            items = block.values.prefix(PrintOptions.edgeItems).map(formatter.format)
            items.append(" ...")
            items += block.values.suffix(PrintOptions.edgeItems).map(formatter.format)
        } else {
            items = block.values.map(formatter.format)
        }
        let lines = stride(from: 0, to: items.count, by: perLine).map {
            items[$0..<Swift.min($0 + perLine, items.count)].joined(separator: ", ")
        }
        return "[" + lines.joined(separator: ",\n" + String(repeating: " ", count: indent + 1)) + "]"
    }

    /// PyTorch's `_add_suffixes`: `, suffix` on the last line, or on a new line past the line width.
    private static func addSuffixes(_ text: String, _ suffixes: [String], indent: Int) -> String {
        var result = text
        let lastNewline = text.lastIndex(of: "\n").map { text.distance(from: text.startIndex, to: $0) } ?? -1
        var lastLineLength = text.count - lastNewline + 1
        for suffix in suffixes {
            if lastLineLength + suffix.count + 2 > PrintOptions.lineWidth {
                result += ",\n" + String(repeating: " ", count: indent) + suffix
                lastLineLength = indent + suffix.count
            } else {
                result += ", " + suffix
                lastLineLength += suffix.count + 2
            }
        }
        return result + ")"
    }
}
