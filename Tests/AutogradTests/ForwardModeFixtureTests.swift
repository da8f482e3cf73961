import Foundation
import Testing

@testable import Autograd

/// GradLab's forward mode against PyTorch 2.13's on the same functions and numbers
/// (`Fixtures/forward/jvp.py` wrote `jvp.json`): `torch.func.jvp`, `torch.autograd.forward_ad`,
/// `jacfwd`, and `hessian` by forward-over-reverse.
@Suite("Forward mode against PyTorch")
struct ForwardModeFixtureTests {
    struct Values: Decodable {
        let shape: [Int]
        let values: [Double]
    }
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let x: Values, y: Values
        let tx: [Double], ty: [Double]
        let output: Values
        let jvp: [Double]
        let forward_ad: [Double]
        let jacfwd: Values
        let hessian: Values
        var testDescription: String { name }
    }
    struct File: Decodable {
        let torch: String
        let cases: [Case]
    }

    static let cases: [Case] = {
        let data = try! Data(contentsOf: fixturesURL.appendingPathComponent("forward/jvp.json"))
        return try! JSONDecoder().decode(File.self, from: data).cases
    }()

    /// The Swift twin of each function of `jvp.py`'s table.
    static let functions: [String: @Sendable (Tensor, Tensor) throws -> Tensor] = [
        "sin(x) * y": { x, y in try x.sin() * y },
        "exp(x) / (1 + y * y)": { x, y in try x.exp() / (1 + y * y) },
        "tanh(x @ W)": { x, w in try x.matmul(w).tanh() },
        "softmax(x * y)": { x, y in try (x * y).softmax(dim: 0) },
        "log_softmax(x) - y": { x, y in try x.logSoftmax(dim: 0) - y },
        "sqrt(x * x + y)": { x, y in try (x * x + y).sqrt() },
        "max(x, y) + min(x, y)^2": { x, y in try x.maximum(y) + x.minimum(y) ** 2 },
        "sigmoid(x).sum() * y": { x, y in try x.sigmoid().sum() * y },
        "var(x) + std(y)": { x, y in try x.variance() + y.std() },
        "norm(x) * mean(y)": { x, y in try x.norm() * y.mean() },
        "cat(2x, y) as rows, column sums": { x, y in try Tensor.cat([x * 2, y]).reshape([2, -1]).t().sum(dim: 1) },
        "where(x > 0, x, y)": { x, y in try Tensor.where(x.gt(0), x, y) },
        "x ** y": { x, y in try x.abs().pow(y) },
        "mse(x, y)": { x, y in try MSELoss()(x, y) },
        "clamp(x, -0.5, 0.5) * y": { x, y in try x.clamp(min: -0.5, max: 0.5) * y },
    ]

    static func tensor(_ v: Values) throws -> Tensor { try Tensor(shape: v.shape, values: v.values, dtype: .float64) }

    static func expectClose(_ got: [Double], _ expected: [Double], _ what: String, tolerance: Double = 1e-12) {
        #expect(got.count == expected.count, "\(what): \(got.count) values, PyTorch has \(expected.count)")
        for (index, (g, e)) in zip(got, expected).enumerated() where !(Swift.abs(g - e) <= tolerance * Swift.max(1, Swift.abs(e))) {
            Issue.record("\(what)[\(index)]: GradLab \(g), PyTorch \(e)")
            return
        }
    }

    @Test("forward mode matches PyTorch", arguments: cases)
    func matches(_ fixture: Case) throws {
        let f = try #require(Self.functions[fixture.name], "no Swift twin for \(fixture.name)")
        let x = try Self.tensor(fixture.x), y = try Self.tensor(fixture.y)
        let tx = try Tensor(shape: x.shape, values: fixture.tx, dtype: .float64)
        let ty = try Tensor(shape: y.shape, values: fixture.ty, dtype: .float64)

        let (outputs, tangents) = try jvp({ [try f($0[0], $0[1])] }, primals: [x, y], tangents: [tx, ty])
        Self.expectClose(try outputs[0].toArray(), fixture.output.values, "\(fixture.name) output")
        Self.expectClose(try tangents[0].toArray(), fixture.jvp, "\(fixture.name) jvp")

        let dualTangent = try withDualLevel { try unpackDual(f(makeDual(x, tangent: tx), makeDual(y, tangent: ty))).tangent }
        Self.expectClose(try #require(dualTangent).toArray(), fixture.forward_ad, "\(fixture.name) forward_ad")

        let jacobian = try jacfwd({ try f($0, y) }, at: x)
        #expect(jacobian.shape == fixture.jacfwd.shape)
        Self.expectClose(try jacobian.toArray(), fixture.jacfwd.values, "\(fixture.name) jacfwd")

        let h = try hessian({ try f($0, y).sum() }, at: x)
        #expect(h.shape == fixture.hessian.shape)
        Self.expectClose(try h.toArray(), fixture.hessian.values, "\(fixture.name) hessian", tolerance: 1e-11)
    }
}
