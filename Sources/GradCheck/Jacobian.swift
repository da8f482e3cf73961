import Autograd

/// A Jacobian block: one row per input element, one column per output element,
/// stored row-major in one flat array (`values[row * columns + column]`).
///
/// Rows read as arrays (`jacobian[row][column]`), so small Jacobians can be used
/// like nested arrays; large ones (gradcheck of a 64×64 matmul has 4096 × 4096
/// entries per input) stay one allocation.
public struct Jacobian: Sendable, Equatable {
    /// Input elements.
    public let rows: Int
    /// Output elements.
    public let columns: Int
    /// The entries, row-major.
    public internal(set) var values: [Double]

    /// A Jacobian of the given size over `values` (row-major, `rows * columns` of them);
    /// throws when a size is negative or the values do not fill it exactly.
    public init(rows: Int, columns: Int, values: [Double]) throws {
        let (size, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard rows >= 0, columns >= 0, !overflow, values.count == size else {
            throw AutogradError(
                .invalidArgument,
                "a \(rows)x\(columns) Jacobian needs \(overflow || rows < 0 || columns < 0 ? "non-negative sizes whose product fits in 64 bits" : "\(size) values"), got \(values.count) values"
            )
        }
        self.init(checkedRows: rows, columns: columns, values: values)
    }

    /// A Jacobian whose size this package has computed from real tensors (no checks).
    package init(checkedRows rows: Int, columns: Int, values: [Double]) {
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// A zero Jacobian.
    init(rows: Int, columns: Int) {
        self.init(checkedRows: rows, columns: columns, values: [Double](repeating: 0, count: rows * columns))
    }

    /// The number of rows (as for a nested array).
    public var count: Int { rows }

    /// The entry for input element `row` and output element `column`; throws when either is out of range.
    public subscript(row: Int, column: Int) -> Double {
        get throws {
            try check(row: row)
            guard (0..<columns).contains(column) else {
                throw AutogradError(.indexOutOfRange, "column \(column) is out of range for a Jacobian of \(columns) columns")
            }
            return at(row, column)
        }
    }

    /// Row `row`: the derivatives of every output element with respect to one input element.
    public subscript(row: Int) -> [Double] {
        get throws {
            try check(row: row)
            return rowValues(row)
        }
    }

    /// The entry at `row`, `column`, which the caller (this package) knows to be in range.
    package func at(_ row: Int, _ column: Int) -> Double { values[row * columns + column] }

    /// Row `row`, which the caller knows to be in range.
    package func rowValues(_ row: Int) -> [Double] { Array(values[row * columns..<(row + 1) * columns]) }

    private func check(row: Int) throws {
        guard (0..<rows).contains(row) else {
            throw AutogradError(.indexOutOfRange, "row \(row) is out of range for a Jacobian of \(rows) rows")
        }
    }

    /// The rows as nested arrays.
    public var nested: [[Double]] { (0..<rows).map(rowValues) }

    /// The block of columns `range` (the whole Jacobian when the range covers every column).
    func columns(_ range: Range<Int>) -> Jacobian {
        if range == 0..<columns { return self }
        var block: [Double] = []
        block.reserveCapacity(rows * range.count)
        for row in 0..<rows { block += values[row * columns + range.lowerBound..<row * columns + range.upperBound] }
        return Jacobian(checkedRows: rows, columns: range.count, values: block)
    }
}

extension Jacobian: Codable {
    /// Reads a Jacobian written as nested arrays, rows first, as JSON readers expect a
    /// matrix; throws when the rows differ in length.
    public init(from decoder: Decoder) throws {
        let nested = try [[Double]](from: decoder)
        let columns = nested.first?.count ?? 0
        guard nested.allSatisfy({ $0.count == columns }) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "Jacobian rows differ in length"))
        }
        try self.init(rows: nested.count, columns: columns, values: nested.flatMap { $0 })
    }

    /// Writes the Jacobian as nested arrays, rows first.
    public func encode(to encoder: Encoder) throws { try nested.encode(to: encoder) }
}
