import Testing

@testable import Autograd

/// Column sums run all columns at once (`CascadeSum.cascadeColumns`, `rowSumColumns`); each
/// column must get the bits of `CascadeSum.cascade` (or `rowSum`) down that column alone,
/// the order PyTorch sums in.
@Suite struct CascadeColumnsTests {
    @Test(arguments: [FloatDType.float32, .float64])
    func sameBitsAsOneColumnAtATime(dtype: FloatDType) throws {
        let sizes = [(1, 1), (3, 5), (15, 16), (16, 17), (17, 4), (80, 16), (256, 64), (257, 33), (1000, 7), (4097, 3), (7, 20), (130, 48)]
        for (seed, (rows, columns)) in sizes.enumerated() {
            // Magnitudes from 1e-8 to 1e8 and both signs, so that the order of additions shows.
            let values = try
                (Tensor.randn([rows, columns], dtype: dtype, generator: Generator(seed: UInt64(seed)))
                * Tensor.pow(10, Tensor.randint(-8, 9, [rows, columns], generator: Generator(seed: UInt64(seed + 50))).to(dtype.dtype)))
                .toArray()
            if dtype == .float32 {
                try check(values.map(Float.init), rows: rows, columns: columns)
            } else {
                try check(values, rows: rows, columns: columns)
            }
        }
    }

    private func check<T: TensorScalar>(_ values: [T], rows: Int, columns: Int) throws {
        values.withUnsafeBufferPointer { buffer in
            let p = buffer.baseAddress!
            var together = [T](repeating: .nan, count: columns)
            together.withUnsafeMutableBufferPointer {
                CascadeSum.cascadeColumns(p, rows: rows, stride: columns, count: columns, into: $0.baseAddress!)
            }
            var rowSums = [T](repeating: .nan, count: columns)
            rowSums.withUnsafeMutableBufferPointer {
                CascadeSum.rowSumColumns(p, rows: rows, stride: columns, count: columns, into: $0.baseAddress!)
            }
            for c in 0..<columns {
                let alone = CascadeSum.cascade(rows) { p[$0 * columns + c] }
                #expect(Double(together[c]).bitPattern == Double(alone).bitPattern, "\(rows)x\(columns), column \(c)")
                let rowSumAlone = CascadeSum.rowSum(rows) { p[$0 * columns + c] }
                #expect(
                    Double(rowSums[c]).bitPattern == Double(rowSumAlone).bitPattern,
                    "rowSum, \(rows)x\(columns), column \(c)")
            }
        }
    }
}
