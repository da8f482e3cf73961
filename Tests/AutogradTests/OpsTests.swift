import Foundation
import Testing

@testable import Autograd

/// A creation or reduction result that PyTorch computed (Fixtures/ops/ops-values.json).
struct OpValueCase: Decodable, Sendable, CustomTestStringConvertible {
    let op: String
    let args: [Double]
    let dtype: String
    let input: [Double]?
    let shape: [Int]?
    let values: [Double]
    var testDescription: String { "\(op) \(args) \(dtype)" }

    static let all: [OpValueCase] = {
        struct File: Decodable { let cases: [OpValueCase] }
        let data = try! Data(contentsOf: fixturesURL.appendingPathComponent("ops/ops-values.json"))
        return try! JSONDecoder().decode(File.self, from: data).cases
    }()

    func compute() throws -> [Double] {
        let input = try self.input.map { try Tensor(shape: shape!, values: $0) }
        switch op {
        case "linspace":
            return try Tensor.linspace(args[0], args[1], steps: Int(args[2]), dtype: dtype == "float64" ? .float64 : .float32).toArray()
        case "arange": return try Tensor.arange(args[0], args[1], step: args[2]).toArray()
        case "std(dim=0)": return try input!.std(dim: 0).toArray()
        case "var()": return try input!.variance().toArray()
        case "mean(dim=1)": return try input!.mean(dim: 1).toArray()
        default: throw AutogradError(.unsupported, "unknown case \(op)")
        }
    }
}

@Suite("Op values")
struct OpsTests {
    @Test("values PyTorch computed, bit for bit", arguments: OpValueCase.all)
    func matchesPyTorch(_ example: OpValueCase) throws {
        #expect(try example.compute() == example.values)
    }

    @Test func creation() throws {
        #expect(try Tensor.eye(2, 3).toArray() == [1, 0, 0, 0, 1, 0])
        #expect(try Tensor.full([2], 7).toArray() == [7, 7])
        #expect(try Tensor.arange(5).dtype == .int64)
        #expect(try Tensor.zeros(2, 3).shape == [2, 3])
        #expect(try Tensor([[[1.0], [2.0]], [[3.0], [4.0]]]).shape == [2, 2, 1])
        #expect(Tensor(2.5, dtype: .float64).dtype == .float64)
        #expect(Tensor([true, false]).dtype == .bool)
    }

    @Test func float32ArithmeticStaysFloat32() throws {
        let x = Tensor([0.1, 0.2])
        let y = try x + Tensor([0.2, 0.1])
        #expect(y.dtype == .float32)
        #expect(try y.toArray()[0] == Double(Float(0.1) + Float(0.2)))
        #expect(try (x * 3).toArray()[0] == Double(Float(0.1) * 3))
        let promoted = try x + Tensor([1.0, 1.0], dtype: .float64)
        #expect(promoted.dtype == .float64)
        #expect(try (Tensor([1, 2]) * 2).dtype == .int64)
        #expect(try (Tensor([1, 2]) * 0.5).dtype == .float32)
        #expect(try (Tensor([1, 2]) / 2).toArray() == [0.5, 1])
    }

    @Test func powersAndElementwiseFunctions() throws {
        #expect(try (Tensor([1.0, 2.0, 3.0]) ** 2.5).toArray() == [1.0, 5.656854152679443, 15.588457107543945])
        expectClose(try Tensor([0.0, 1.0], dtype: .float64).exp().toArray(), [1, M_E], tolerance: 1e-15)
        expectClose(try Tensor([0.0], dtype: .float64).sigmoid().toArray(), [0.5], tolerance: 0)
        #expect(try Tensor([-1.0, 0.0, 2.0]).relu().toArray() == [0, 0, 2])
        #expect(try Tensor([-2.0, 0.5, 3.0]).clamp(min: -1, max: 1).toArray() == [-1, 0.5, 1])
        #expect(try Tensor([1.0, 4.0]).maximum(Tensor([3.0, 2.0])).toArray() == [3, 4])
        #expect(try Tensor([1.0, 4.0]).minimum(Tensor([3.0, 2.0])).toArray() == [1, 2])
        #expect(try Tensor([-3.0, 3.0]).abs().toArray() == [3, 3])
    }

    @Test func reductions() throws {
        let m = try Tensor([[1.0, 5.0, 3.0], [7.0, 2.0, 7.0]])
        #expect(try m.sum().toArray() == [25])
        #expect(try m.sum(dim: 0).toArray() == [8, 7, 10])
        #expect(try m.sum(dim: 1, keepdim: true).shape == [2, 1])
        #expect(try m.mean(dims: [0, 1]).toArray() == m.mean().toArray())
        let (values, indices) = try m.max(dim: 1)
        #expect(try values.toArray() == [5, 7] && indices.toArray() == [1, 0] && indices.dtype == .int64)
        let (minValues, minIndices) = try m.min(dim: 0)
        #expect(try minValues.toArray() == [1, 2, 3] && minIndices.toArray() == [0, 1, 0])
        #expect(try Tensor([3.0, 4.0]).norm().item() == 5)
        #expect(try m.norm(dims: [1]).toArray() == [5.916079998016357, 10.099504470825195])
        #expect(try Tensor([1.0, 2.0, 3.0, 4.0]).variance(correction: 0).item() == 1.25)
    }

    @Test func matmulVariants() throws {
        let a = try Tensor.arange(0.0, 6).reshape(2, 3)
        let b = try Tensor.arange(0.0, 12).reshape(3, 4)
        #expect(try a.matmul(b).toArray() == [20, 23, 26, 29, 56, 68, 80, 92])
        #expect(try a.t().t().matmul(b).toArray() == a.matmul(b).toArray())
        #expect(try b.t().matmul(a.t()).toArray() == a.matmul(b).t().toArray(), "transposed operands go to BLAS without copies")
        let batched = try Tensor.arange(0.0, 24).reshape(2, 3, 4).matmul(Tensor.arange(0.0, 8).reshape(4, 2))
        #expect(batched.shape == [2, 3, 2])
        #expect(try batched.toArray() == [28, 34, 76, 98, 124, 162, 172, 226, 220, 290, 268, 354])
        #expect(try Tensor([1.0, 2.0]).matmul(Tensor([3.0, 4.0])).item() == 11)
        #expect(try a.matmul(Tensor([1.0, 0.0, 1.0])).toArray() == [2, 8])
        #expect(try Tensor([1.0, 1.0]).matmul(a).toArray() == [3, 5, 7])
        let d = try Tensor.arange(0, 6, dtype: .float64).reshape(2, 3)
        #expect(try d.matmul(d.t()).toArray() == [5, 14, 14, 50])
    }

    @Test func viewsShareStorageAndReshapeCopiesOnlyWhenNeeded() throws {
        let m = try Tensor.arange(0.0, 6).reshape(2, 3)
        let t = try m.t()
        #expect(try !t.isContiguous && t.toArray() == [0, 3, 1, 4, 2, 5])
        let flat = try t.reshape(6)
        #expect(try flat.toArray() == [0, 3, 1, 4, 2, 5])
        #expect(flat.storage !== m.storage)
        #expect(try m.view(3, 2).storage === m.storage)
        #expect(try m.unsqueeze(1).shape == [2, 1, 3])
        #expect(try m.unsqueeze(-1).shape == [2, 3, 1])
        #expect(try Tensor.ones(1, 3, 1).squeeze().shape == [3])
        #expect(try Tensor.arange(0.0, 24).reshape(2, 3, 4).permute(2, 0, 1).shape == [4, 2, 3])
        #expect(try Tensor([1.0, 2.0]).expand(3, 2).toArray() == [1, 2, 1, 2, 1, 2])
        #expect(try m.reshape(-1, 2).shape == [3, 2])
    }

    @Test func indexingAndSlicing() throws {
        let m = try Tensor.arange(0.0, 12).reshape(4, 3)
        #expect(try m[1].toArray() == [3, 4, 5])
        #expect(try m[-1].toArray() == [9, 10, 11])
        #expect(try m[1..<3].shape == [2, 3])
        #expect(try m[.all, 1].toArray() == [1, 4, 7, 10])
        #expect(try m[2...].toArray() == [6, 7, 8, 9, 10, 11])
        #expect(try m[..<1].shape == [1, 3])
        #expect(try m[1, 2].item() == 5)
        #expect(try m[TensorIndex.range(start: nil, end: nil, step: 2)].toArray() == [0, 1, 2, 6, 7, 8])
        #expect(try m[.newAxis].shape == [1, 4, 3])
        #expect(try m[0..<100].shape == [4, 3], "range bounds clamp as in Python")
    }

    @Test func catAndStack() throws {
        let a = try Tensor([[1.0, 2.0]]), b = try Tensor([[3.0, 4.0]])
        #expect(try Tensor.cat([a, b]).toArray() == [1, 2, 3, 4])
        #expect(try Tensor.cat([a, b], dim: 1).shape == [1, 4])
        #expect(try Tensor.stack([a, b]).shape == [2, 1, 2])
        #expect(try Tensor.stack([a, b], dim: -1).shape == [1, 2, 2])
        let x = Tensor([1.0, 2.0], requiresGrad: true), y = Tensor([3.0], requiresGrad: true)
        try (Tensor.cat([x, y]) * Tensor([1.0, 2.0, 3.0])).sum().backward()
        #expect(try x.grad!.toArray() == [1, 2] && y.grad!.toArray() == [3])
    }

    @Test func comparisonsGiveMasks() throws {
        let x = Tensor([1.0, -2.0, 3.0])
        let mask = try x > 0
        #expect(try mask.dtype == .bool && mask.toArray() == [1, 0, 1])
        #expect(!mask.requiresGrad)
        #expect(try Tensor.where(mask, x, Tensor(0.0)).toArray() == [1, 0, 3])
        #expect(try x.eq(Tensor([1.0, 2.0, 3.0])).toArray() == [1, 0, 1])
        #expect(try Tensor([1.0, 2.0], requiresGrad: true).gt(1).requiresGrad == false)
    }
}
