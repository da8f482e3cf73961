import GradCheck
import PropertyBased
import Testing

@testable import Autograd

/// Deterministic values for property tests, from a seed the property framework chose.
private func values(_ count: Int, seed: Int, lower: Double = -2, upper: Double = 2) -> [Double] {
    var state = UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15 | 1
    return (0..<count).map { _ in
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return lower + (upper - lower) * Double(state >> 11) / Double(1 << 53)
    }
}

/// Reads element `index` (an output position) of a tensor broadcast to `outShape`.
private func broadcastRead(_ data: [Double], shape: [Int], outShape: [Int], index: [Int]) -> Double {
    let lead = outShape.count - shape.count
    var flat = 0
    for axis in 0..<shape.count {
        let i = shape[axis] == 1 ? 0 : index[axis + lead]
        flat = flat * shape[axis] + i
    }
    return data[flat]
}

private func multiIndex(_ flat: Int, _ shape: [Int]) -> [Int] {
    var rest = flat
    var index = [Int](repeating: 0, count: shape.count)
    for axis in stride(from: shape.count - 1, through: 0, by: -1) {
        index[axis] = rest % shape[axis]
        rest /= shape[axis]
    }
    return index
}

@Suite("Properties on random shapes")
struct PropertyTests {
    static let shapeGen = Gen.int(in: 1...4).array(of: 0...3)
    static let maskGen = Gen.bool().array(of: 3)
    static let seedGen = Gen.int(in: 0...1_000_000)

    @Test func broadcastingFollowsNumPyRules() async {
        await propertyCheck(count: 60, input: Self.shapeGen, Self.maskGen, Self.seedGen) { outShape, ones, seed in
            // b keeps a suffix of the output shape, with some sizes set to 1.
            let bRank = seed % (outShape.count + 1)
            var bShape = Array(outShape.suffix(bRank))
            for axis in bShape.indices where ones[axis % ones.count] { bShape[axis] = 1 }
            let aData = values(Shape.count(outShape), seed: seed)
            let bData = values(Shape.count(bShape), seed: seed + 1)
            let a = try Tensor(shape: outShape, values: aData, dtype: .float64)
            let b = try Tensor(shape: bShape, values: bData, dtype: .float64)
            let sum = try a + b
            let product = try b * a
            #expect(sum.shape == outShape && product.shape == outShape)
            let s = try sum.toArray(), p = try product.toArray()
            for flat in 0..<Shape.count(outShape) {
                let index = multiIndex(flat, outShape)
                let bv = broadcastRead(bData, shape: bShape, outShape: outShape, index: index)
                #expect(s[flat] == aData[flat] + bv)
                #expect(p[flat] == bv * aData[flat])
            }
        }
    }

    @Test func incompatibleShapesThrowNamingBothSizes() async {
        await propertyCheck(count: 40, input: Gen.int(in: 2...5), Gen.int(in: 2...5)) { m, n in
            guard m != n else { return }
            let error = autogradError { _ = try Tensor.ones(3, m) - Tensor.ones(n) }
            #expect(error?.message == "The size of tensor a (\(m)) must match the size of tensor b (\(n)) at non-singleton dimension 1")
        }
    }

    @Test func sumOverAnyDimsMatchesALoop() async {
        await propertyCheck(count: 60, input: Self.shapeGen, Self.maskGen, Gen.bool(), Self.seedGen) { shape, pick, keepdim, seed in
            let dims = shape.indices.filter { pick[$0 % pick.count] }
            let data = values(Shape.count(shape), seed: seed)
            let x = try Tensor(shape: shape, values: data, dtype: .float64)
            let reduced = try x.sum(dims: dims, keepdim: keepdim)
            let allDims = dims.isEmpty ? Array(shape.indices) : dims
            let expectedShape =
                keepdim
                ? shape.indices.map { allDims.contains($0) ? 1 : shape[$0] }
                : shape.indices.filter { !allDims.contains($0) }.map { shape[$0] }
            #expect(reduced.shape == expectedShape)
            var expected = [Double](repeating: 0, count: Shape.count(expectedShape))
            let keptShape = shape.indices.filter { !allDims.contains($0) }.map { shape[$0] }
            for flat in 0..<data.count {
                let index = multiIndex(flat, shape)
                let kept = shape.indices.filter { !allDims.contains($0) }.map { index[$0] }
                var out = 0
                for (axis, i) in kept.enumerated() { out = out * keptShape[axis] + i }
                expected[out] += data[flat]
            }
            expectClose(try reduced.toArray(), expected, tolerance: 1e-12)
            let mean = try x.mean(dims: dims, keepdim: keepdim)
            let count = Double(allDims.map { shape[$0] }.reduce(1, *))
            expectClose(try mean.toArray(), expected.map { $0 / count }, tolerance: 1e-12)
        }
    }

    @Test func derivativeRulesAgreeWithFiniteDifferencesOnRandomShapes() async {
        let unary = OpDatabase.entries.filter { entry in
            [.exp, .tanh, .sin, .sigmoid, .neg, .sum, .mean, .clone, .norm, .variance].contains(entry.op)
        }
        await propertyCheck(count: 40, input: Self.shapeGen, Gen.int(in: 0..<unary.count), Self.seedGen) { shape, which, seed in
            let entry = unary[which]
            let x = try Tensor(shape: shape, values: values(Shape.count(shape), seed: seed), dtype: .float64, requiresGrad: true)
            guard entry.op != .variance || x.count > 1 else { return }
            #expect(try gradcheck(entry.function, inputs: [x]), "\(entry.name) on \(shape)")
        }
    }

    @Test func broadcastBinaryRulesAgreeWithFiniteDifferences() async {
        await propertyCheck(count: 30, input: Self.shapeGen, Self.maskGen, Self.seedGen) { outShape, ones, seed in
            var bShape = outShape
            for axis in bShape.indices where ones[axis % ones.count] { bShape[axis] = 1 }
            let a = try Tensor(
                shape: outShape, values: values(Shape.count(outShape), seed: seed, lower: 0.5, upper: 2),
                dtype: .float64, requiresGrad: true)
            let b = try Tensor(
                shape: bShape, values: values(Shape.count(bShape), seed: seed + 7, lower: 0.5, upper: 2),
                dtype: .float64, requiresGrad: true)
            #expect(try gradcheck({ try $0[0] * $0[1] / ($0[1] + 1) - $0[0] ** $0[1] }, inputs: [a, b]))
        }
    }
}
