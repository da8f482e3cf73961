import Foundation
import Testing

@testable import Autograd

/// A seeded sequence of random calls and what PyTorch returned (Fixtures/random/random-streams.json).
struct RandomCase: Decodable, Sendable, CustomTestStringConvertible {
    struct Call: Decodable, Sendable {
        let op: String
        let shape: [Int]?
        let dtype: String?
        let low: Int?, high: Int?, n: Int?
        let from: Double?, to: Double?, mean: Double?, std: Double?, p: Double?
    }
    let name: String
    let seed: UInt64
    let explicit: Bool
    let calls: [Call]
    let values: [[Double]]
    var testDescription: String { name }

    static let all: [RandomCase] = {
        struct File: Decodable { let cases: [RandomCase] }
        let data = try! Data(contentsOf: fixturesURL.appendingPathComponent("random/random-streams.json"))
        return try! JSONDecoder().decode(File.self, from: data).cases
    }()

    func run() throws -> [[Double]] {
        let generator: Generator? = explicit ? Generator(seed: seed) : nil
        if !explicit { manualSeed(seed) }
        return try calls.map { c in
            let shape = c.shape ?? []
            let dtype: FloatDType = c.dtype == "float64" ? .float64 : .float32
            switch c.op {
            case "rand": return try Tensor.rand(shape, dtype: dtype, generator: generator).toArray()
            case "randn": return try Tensor.randn(shape, dtype: dtype, generator: generator).toArray()
            case "randint": return try Tensor.randint(c.low!, c.high!, shape, generator: generator).toArray()
            case "randperm": return try Tensor.randperm(c.n!, generator: generator).toArray()
            case "uniform_":
                return try Tensor.zeros(shape, dtype: dtype.dtype).uniform_(from: c.from!, to: c.to!, generator: generator).toArray()
            case "normal_":
                return try Tensor.zeros(shape, dtype: dtype.dtype).normal_(mean: c.mean!, std: c.std!, generator: generator).toArray()
            case "bernoulli":
                return try Tensor.bernoulli(Tensor.full(shape, c.p!, dtype: dtype.dtype), generator: generator).toArray()
            default: throw AutogradError(.unsupported, "unknown op \(c.op)")
            }
        }
    }
}

@Suite("Random streams equal PyTorch's")
struct RandomTests {
    @Test("bit for bit", arguments: RandomCase.all)
    func matchesPyTorch(_ example: RandomCase) throws {
        let values = try example.run()
        for (call, (actual, expected)) in zip(example.calls, zip(values, example.values)) {
            let diffs = zip(actual, expected).enumerated().filter { $0.element.0 != $0.element.1 }
            #expect(
                actual == expected,
                "\(call.op): \(diffs.count) of \(actual.count) differ, first \(diffs.prefix(3).map { "\($0.offset): \($0.element.0) vs \($0.element.1)" })")
        }
    }

    @Test func theDefaultGeneratorIsPerThreadAndReseedable() throws {
        manualSeed(1)
        let a = try Tensor.rand([3]).toArray()
        manualSeed(1)
        #expect(try Tensor.rand([3]).toArray() == a)
        #expect(Generator().initialSeed == 67_280_421_310_721)
    }

    @Test func badArgumentsThrow() throws {
        #expect(throws: AutogradError.self) { _ = try Tensor.randint(5, 5, [2]) }
        #expect(throws: AutogradError.self) { _ = try Tensor([1, 2]).uniform_() }
        #expect(throws: AutogradError.self) { _ = try Tensor.zeros(2).normal_(std: -1) }
        let w = Tensor([1.0, 2.0], requiresGrad: true)
        #expect(autogradError { try w.uniform_() }?.kind == .leafInPlace)
        #expect(throws: Never.self) { try noGrad { try w.uniform_() } }
    }
}
