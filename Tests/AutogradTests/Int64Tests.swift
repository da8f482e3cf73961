import Testing

@testable import Autograd

/// int64 elements are 64-bit integers: indices, counts, sums, comparisons and printing
/// are exact over the whole range, and overflow wraps as PyTorch's does. (They were
/// doubles: 2^53 + 1 became 2^53 and Int.max printed as -9223372036854775808.)
/// Every expected value here is what PyTorch 2.13 printed for the same expression.
@Suite("Exact int64")
struct Int64Tests {
    static let twoTo53 = 9_007_199_254_740_992

    @Test func valuesAboveTwoTo53StayExactAndPrint() throws {
        let x = Tensor([Self.twoTo53 + 1, Int.max, Int.min])
        #expect(try x.toIntArray() == [9_007_199_254_740_993, Int.max, Int.min])
        #expect(x.description == "tensor([    9007199254740993,  9223372036854775807, -9223372036854775808])")
        #expect(try Tensor(Int.max).intItem() == Int.max)
        #expect(Tensor(Int.max).description == "tensor(9223372036854775807)")
    }

    @Test func sumsAreExactAndWrap() throws {
        #expect(try Tensor([Self.twoTo53, 1]).sum().intItem() == Self.twoTo53 + 1)
        #expect(try Tensor([Int.max, 1]).sum().intItem() == Int.min)
        let matrix = try Tensor(shape: [2, 2], integers: [Self.twoTo53, 1, Self.twoTo53, 3])
        #expect(try matrix.sum(dim: 1).toIntArray() == [Self.twoTo53 + 1, Self.twoTo53 + 3])
        #expect(try Tensor([true, true, false]).sum().intItem() == 2)
    }

    @Test func arithmeticWrapsAsPyTorchDoes() throws {
        #expect(try (Tensor([Int.max]) + 1).toIntArray() == [Int.min])
        #expect(try (Tensor([Int.max]) * 2).toIntArray() == [-2])
        #expect(try (Tensor([Int.min]) - Tensor([1])).toIntArray() == [Int.max])
        #expect(try (-Tensor([Int.min])).toIntArray() == [Int.min])
        #expect(try Tensor([Int.min, -5]).abs().toIntArray() == [Int.min, 5])
        #expect(try (Tensor([3, -3]) ** 41).toIntArray() == [-420_491_770_248_316_829, 420_491_770_248_316_829])
        #expect(try (Tensor([Self.twoTo53 + 1]) * Tensor([1])).toIntArray() == [Self.twoTo53 + 1])
    }

    @Test func comparisonsAreExact() throws {
        let a = Tensor([Self.twoTo53 + 1]), b = Tensor([Self.twoTo53])
        #expect(try a.gt(b).toArray() == [1])
        #expect(try a.eq(b).toArray() == [0])
        #expect(try a.gt(Double(Self.twoTo53)).toArray() == [1])
        #expect(try !a.equals(b))
        #expect(try a.equals(Tensor([Self.twoTo53 + 1])))
    }

    @Test func maximaAndPositionsAreExact() throws {
        let x = Tensor([Self.twoTo53, Self.twoTo53 + 1, Self.twoTo53])
        #expect(try x.max().intItem() == Self.twoTo53 + 1)
        #expect(try x.min().intItem() == Self.twoTo53)
        let (values, indices) = try x.max(dim: 0)
        #expect(try values.intItem() == Self.twoTo53 + 1)
        #expect(try indices.intItem() == 1)
    }

    @Test func clampWithIntegerBoundsStaysInt64() throws {
        let x = Tensor([-3, 2, 9])
        let clamped = try x.clamp(min: 0, max: 5)
        #expect(clamped.dtype == .int64)
        #expect(try clamped.toIntArray() == [0, 2, 5])
        #expect(try x.clamp(min: 0.5).dtype == .float32)
        #expect(try x.clamp(min: 0, integral: false).dtype == .float32)
    }

    @Test func conversionsFollowPyTorch() throws {
        #expect(try Tensor([Self.twoTo53 + 1]).to(.float64).toArray() == [9_007_199_254_740_992])
        let floats = Tensor([1e300, -2.7, Double.nan], dtype: .float64)
        #expect(try floats.to(.int64).toIntArray() == [Int.min, -2, Int.min])
        #expect(try Tensor([0, 5]).to(.bool).toArray() == [0, 1])
    }

    @Test func productsWhereAndCatKeepEveryBit() throws {
        let big = Self.twoTo53 + 1
        let m = try Tensor(shape: [1, 2], integers: [big, 1])
        let v = try Tensor(shape: [2, 1], integers: [1, 1])
        #expect(try m.mm(v).toIntArray() == [big + 1])
        #expect(try Tensor([big, 2]).dot(Tensor([1, 1])).intItem() == big + 2)
        let picked = try Tensor.where(Tensor([true, false]), Tensor([big, 0]), Tensor([0, Int.max]))
        #expect(try picked.toIntArray() == [big, Int.max])
        #expect(try Tensor.cat([Tensor([big]), Tensor([Int.min])]).toIntArray() == [big, Int.min])
    }

    @Test func aFloatingTensorHasNoIntegerValues() throws {
        #expect(throws: AutogradError.self) { try Tensor([1.5]).toIntArray() }
    }
}
