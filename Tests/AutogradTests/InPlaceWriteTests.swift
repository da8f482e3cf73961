import Testing

@testable import Autograd

/// `add_`, `sub_`, `mul_` and `div_` write straight into the tensor when nothing records:
/// the values must be the out-of-place op's, bit for bit, for every layout the direct
/// path takes (offset windows, broadcast operands) and every one it must refuse (an
/// operand sharing the tensor's memory, a non-contiguous tensor, a result of another dtype).
@Suite("In-place writes give the out-of-place op's bits")
struct InPlaceWriteTests {
    static let operations: [(String, @Sendable (Tensor, Tensor) throws -> Tensor, @Sendable (Tensor, Tensor) throws -> Void)] = [
        ("add_", { try $0 + $1 }, { try $0.add_($1) }),
        ("sub_", { try $0 - $1 }, { try $0.sub_($1) }),
        ("mul_", { try $0 * $1 }, { try $0.mul_($1) }),
        ("div_", { try $0 / $1 }, { try $0.div_($1) }),
    ]

    /// Pairs of (target, operand), the target a fresh copy each time it is used.
    static func cases(seed: UInt64, dtype: FloatDType) throws -> [(String, () throws -> Tensor, (Tensor) throws -> Tensor)] {
        let generator = Generator(seed: seed)
        let base = try Tensor.randn([5, 6], dtype: dtype, generator: generator) * 3
        let other = try Tensor.randn([5, 6], dtype: dtype, generator: generator)
        let row = try Tensor.randn([6], dtype: dtype, generator: generator)
        let edges = Tensor([0, -0.0, 1e-30, -1e30, 1e30, 5e-8], dtype: dtype)
        return [
            ("same shape", { try base.clone() }, { _ in other }),
            ("scalar operand", { try base.clone() }, { _ in Tensor(0.37, dtype: dtype) }),
            ("row broadcast", { try base.clone() }, { _ in row }),
            ("edge values", { try base.clone() }, { _ in try edges.expand([5, 6]) }),
            ("window with an offset", { try base.clone().slice(0, start: 2, end: 4) }, { _ in try other.slice(0, start: 0, end: 2) }),
            ("itself", { try base.clone() }, { $0 }),
            ("its own transpose", { try base.clone().slice(1, start: 0, end: 5) }, { try $0.t() }),
            ("transposed target", { try base.clone().t() }, { _ in try other.t() }),
            ("float64 operand", { try base.clone() }, { _ in try other.to(.float64) }),
        ]
    }

    @Test(arguments: [FloatDType.float32, .float64])
    func sameBitsAsOutOfPlace(dtype: FloatDType) throws {
        for seed in UInt64(1)...10 {
            for (caseName, makeTarget, makeOperand) in try Self.cases(seed: seed, dtype: dtype) {
                for (name, outOfPlace, inPlace) in Self.operations {
                    let target = try makeTarget()
                    let operand = try makeOperand(target)
                    // The expected values, from copies, before the target changes.
                    let expected = try outOfPlace(target.clone(), operand.clone()).to(target.dtype).toArray()
                    let version = target.storage.version
                    try noGrad { try inPlace(target, operand) }
                    #expect(
                        try target.toArray().map(\.bitPattern) == expected.map(\.bitPattern),
                        "\(name), \(caseName), \(dtype), seed \(seed)")
                    #expect(target.storage.version == version + 1, "\(name), \(caseName): one version bump")
                }
            }
        }
    }

    @Test func writingOnlyTheWindow() throws {
        let whole = try Tensor([[1.0, 2, 3], [4, 5, 6], [7, 8, 9]])
        try noGrad { try whole.slice(0, start: 1, end: 2).add_(Tensor([10.0, 20, 30])) }
        #expect(try whole.toArray() == [1, 2, 3, 14, 25, 36, 7, 8, 9])
    }

    @Test func aLeafThatRequiresGradIsStillRefusedUnderGradMode() throws {
        let w = try Tensor([1.0, 2]).requiresGrad_()
        #expect(throws: AutogradError.self) { try w.sub_(Tensor([1.0, 1])) }
        try noGrad { try w.sub_(Tensor([1.0, 1])) }
        #expect(try w.toArray() == [0, 1])
    }

    @Test func anExpandedTargetIsRefused() throws {
        let expanded = try Tensor([1.0, 2]).expand([3, 2])
        #expect(throws: AutogradError.self) { try noGrad { try expanded.add_(Tensor(1.0)) } }
    }

    /// Storages up to 64 KiB keep their elements inside the storage object: values,
    /// zero-filling and views must not depend on which side of that size a tensor is.
    @Test(arguments: [8191, 8192, 8193, 16_384, 16_385])
    func storagesEitherSideOfTheInlineSize(count: Int) throws {
        for dtype in [DType.float32, .float64] {
            let zeros = try Tensor.zeros([count], dtype: dtype)
            #expect(try zeros.toArray().allSatisfy { $0 == 0 })
            let ramp = try Tensor.arange(0, Double(count), dtype: dtype)
            let doubled = try ramp * 2
            let tail = try doubled.slice(0, start: count - 3, end: count)
            #expect(try tail.toArray() == [Double(count - 3) * 2, Double(count - 2) * 2, Double(count - 1) * 2])
        }
    }
}
