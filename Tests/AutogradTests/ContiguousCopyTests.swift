import Testing

@testable import Autograd

/// `contiguousCopy` copies matrices with contiguous rows by blocks: one block when the rows
/// follow each other, a doubling copy when one row repeats (a broadcast bias), a block per
/// row otherwise. Each layout must give the elements in row-major order, as the
/// element-by-element copy does.
@Suite struct ContiguousCopyTests {
    /// Row counts around the doubling copy's powers of two.
    static let rowCounts = [1, 2, 3, 4, 5, 7, 8, 9, 31, 80, 129]

    @Test(arguments: rowCounts, [DType.float32, .float64])
    func aRepeatedRowIsCopiedToEveryRow(rows: Int, dtype: DType) throws {
        let bias = try Tensor.arange(0, 5, dtype: dtype) + 1
        let copy = try bias.expand([rows, 5]).contiguousCopy()
        #expect(copy.isContiguous && copy.shape == [rows, 5])
        let expected: [Double] = (0..<rows).flatMap { _ -> [Double] in [1, 2, 3, 4, 5] }
        #expect(try copy.toArray() == expected)
        #expect(copy.storage !== bias.storage)
    }

    @Test(arguments: rowCounts)
    func stridedAndFollowingRowsKeepTheirOrder(rows: Int) throws {
        let wide = try Tensor.arange(0, Double(rows * 6)).reshape([rows, 6])
        // Rows that follow each other (a slice of whole rows) and rows with gaps (a slice of columns).
        let whole = try wide.slice(0, start: 0, end: rows)
        let narrow = try wide.slice(1, start: 1, end: 4)
        #expect(try whole.contiguousCopy().toArray() == (0..<rows * 6).map(Double.init))
        let expectedNarrow = (0..<rows).flatMap { row in (1..<4).map { Double(row * 6 + $0) } }
        #expect(try narrow.contiguousCopy().toArray() == expectedNarrow)
        // One column: rows of one element each, strided.
        let column = try wide.slice(1, start: 2, end: 3)
        #expect(try column.contiguousCopy().toArray() == (0..<rows).map { Double($0 * 6 + 2) })
    }
}
