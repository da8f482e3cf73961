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

/// `rowSum` sums a short row (fewer than 16 terms per column) without the cascade's levels;
/// it must give the bits of PyTorch's `row_sum` written with `cascade`, signed zeros included.
@Suite struct ShortRowSumTests {
    @Test(arguments: [FloatDType.float32, .float64])
    func shortRowsHaveTheBitsOfTheCascade(dtype: FloatDType) throws {
        for size in 0...80 {
            let magnitudes = try Tensor.pow(10, Tensor.randint(-8, 9, [size], generator: Generator(seed: UInt64(size + 100))).to(dtype.dtype))
            var values = try (Tensor.randn([size], dtype: dtype, generator: Generator(seed: UInt64(size))) * magnitudes).toArray()
            // Signed zeros, and a row of them, where a wrong order or a missing +0 would show.
            if size > 2 { values[1] = -0.0 }
            if size % 7 == 0 { values = values.map { _ in -0.0 } }
            if dtype == .float32 {
                check(values.map(Float.init), size: size)
            } else {
                check(values, size: size)
            }
        }
    }

    private func check<T: TensorScalar>(_ values: [T], size: Int) {
        values.withUnsafeBufferPointer { buffer in
            let p = buffer.baseAddress
            let element = { (i: Int) in p![i] }
            // PyTorch's row_sum: four interleaved cascades, the rest, then the partial sums.
            let rows = size / 4
            var expected = CascadeSum.cascade(rows) { element($0 * 4) }
            let partial1 = CascadeSum.cascade(rows) { element($0 * 4 + 1) }
            let partial2 = CascadeSum.cascade(rows) { element($0 * 4 + 2) }
            let partial3 = CascadeSum.cascade(rows) { element($0 * 4 + 3) }
            for i in (rows * 4)..<size { expected += element(i) }
            expected += partial1
            expected += partial2
            expected += partial3
            let actual = CascadeSum.rowSum(size, element)
            #expect(Double(actual).bitPattern == Double(expected).bitPattern, "size \(size)")
        }
    }
}
