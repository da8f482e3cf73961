import Foundation
import Testing

@testable import Autograd

/// A model with named children, as a PyTorch user writes one.
private final class Net: Module {
    var isTraining = true
    let hidden: Linear
    let body: Sequential
    init() throws {
        hidden = try Linear(2, 4)
        body = Sequential(Tanh(), try Linear(4, 1))
    }
    var children: [(String, any Module)] { [("hidden", hidden), ("body", body)] }
    func forward(_ x: Tensor) throws -> Tensor { try body(hidden(x)) }
}

/// Each spelling of the porting table (Docs/FromPyTorch.md) printed as PyTorch printed it
/// (Fixtures/spellings/spellings.json, from Fixtures/spellings/generate.py).
@Suite("PyTorch's spellings print PyTorch's output")
struct PyTorchSpellingTests {
    private static let expected: [String: [String]] = {
        let url = fixturesURL.appendingPathComponent("spellings/spellings.json")
        guard let data = try? Data(contentsOf: url),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let cases = object["cases"] as? [String: [String]]
        else { return [:] }
        return cases
    }()

    /// The lines a case prints, each item as `print` shows it.
    private func check(_ name: String, _ items: Any..., sourceLocation: SourceLocation = #_sourceLocation) {
        guard let lines = Self.expected[name] else {
            Issue.record("no fixture for \(name)", sourceLocation: sourceLocation)
            return
        }
        let printed = items.map { "\($0)" }
        #expect(printed == lines, "\(name)", sourceLocation: sourceLocation)
    }

    @Test func creation() throws {
        manualSeed(0)
        check("randn(4, 3)", try Tensor.randn(4, 3))
        manualSeed(1)
        check("rand(2, 3)", try Tensor.rand(2, 3))
        let a = try Tensor.arange(0, 12)
        check("arange(0, 12)", a, a.dtype)
        check("arange(3.0)", try Tensor.arange(3.0))
        check("arange(0, 1, 0.25)", try Tensor.arange(0, 1, step: 0.25))
        check("full(2, 3)", try Tensor.full(2, 3, value: 7))
        check("numel", try Tensor.zeros(2, 3, 4).numel())
        let m = try Tensor([[1, 2], [3, 4]], dtype: .float64)
        check("zeros_like, ones_like, full_like", try Tensor.zerosLike(m), try Tensor.onesLike(m), try Tensor.fullLike(m, 7))
        manualSeed(2)
        check("randn_like, rand_like", try Tensor.randnLike(m), try Tensor.randLike(m))
    }

    @Test func comparisonsAndConversions() throws {
        let x = Tensor([1.0, 2.0, 3.0]), y = Tensor([1.0, 0.0, 3.0])
        check("a == b, a != b, a == 2", try x == y, try x != y, try x == 2)
        check("2 < a", try 2 < x)
        let v = Tensor([1.7, -2.5])
        check("float, double, long, bool", try v.double(), try v.long(), try v.long().float(), try Tensor([0.0, 3.0]).bool())
        check(
            "tolist", try Tensor([[1, 2], [3, 4]]).tolist(), try Tensor([0.1]).tolist(), try Tensor([1, 2]).tolist(),
            try Tensor(2.5).tolist(), try Tensor([true, false]).tolist())
        #expect(try Tensor([[1, 2], [3, 4]]).tolist().entries[1] == .list([.number(3), .number(4)]))
    }

    @Test func functionsAndTheFunctionalNamespace() throws {
        let z = Tensor([-1.0, 0.5, 2.0])
        check(
            "torch functions", try Tensor.sin(z), try Tensor.relu(z), try Tensor.exp(z), try Tensor.mean(z),
            try Tensor.sum(z), try z.argmax())
        check("argmax(dim)", try Tensor([[1, 5, 2], [7, 0, 7]]).argmax(dim: 1))
        let t = Tensor([0.5, 1.5, 2.0]), u = Tensor([1.0, 1.0, 3.0])
        let logits = try Tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 0.3]]), labels = Tensor([0, 2])
        check(
            "F", try F.relu(z), try F.mseLoss(t, u), try F.l1Loss(t, u), try F.crossEntropy(logits, labels),
            try F.softmax(logits, dim: 1), try F.binaryCrossEntropyWithLogits(z, Tensor([0.0, 1.0, 1.0])))
    }

    @Test func optimizersAndSchedulers() throws {
        let w = Tensor([1.0, -2.0], requiresGrad: true)
        let optimizer = try SGD([w], lr: 0.1)
        let scheduler = StepLR(optimizer, stepSize: 2, gamma: 0.5)
        var lines: [Any] = []
        for _ in 0..<3 {
            optimizer.zeroGrad()
            try (w * w).sum().backward()
            try optimizer.step()
            try scheduler.step()
            lines.append(scheduler.getLastLR())
        }
        optimizer.paramGroups[0].lr = 0.01
        lines.append(optimizer.paramGroups[0].lr)
        #expect(lines.map { "\($0)" } == Self.expected["get_last_lr, param_groups"])

        let v = Tensor([1.0, -2.0], requiresGrad: true)
        let adamW: AdamW = try AdamW([v], lr: 0.1)
        for _ in 0..<3 {
            adamW.zeroGrad()
            try (v * v).sum().backward()
            try adamW.step()
        }
        check("AdamW", v)
    }

    @Test func dropoutMasksAreTorchsForEverySeed() throws {
        var masks: [Tensor] = []
        for seed in 0..<8 {
            manualSeed(UInt64(seed))
            masks.append(try Dropout(p: 0.5)(try Tensor.ones(12)))
        }
        #expect(masks.map(\.description) == Self.expected["Dropout(p=0.5), seeds 0-7"])
    }

    @Test func clipGradNormReturnsAFloat32Tensor() throws {
        manualSeed(3)
        let p1 = try Tensor.randn(5, requiresGrad: true), p2 = try Tensor.randn(3, 4, requiresGrad: true)
        try ((p1 * 3).sum() + (p2 ** 2).sum()).backward()
        let norm = try clipGradNorm_([p1, p2], maxNorm: 1)
        let lines = try #require(Self.expected["clip_grad_norm_"])
        #expect(lines[0] == norm.description && lines[1] == "\(norm.dtype)")
        // PyTorch sums squares in float32 vector lanes (their width is the CPU's); GradLab
        // rounds the exact sum once: the two agree to the last bit or the one before it.
        let bits = Float(try norm.item()).bitPattern
        let torchBits = try #require(UInt32(lines[2]))
        #expect(Swift.abs(Int64(bits) - Int64(torchBits)) <= 1, "\(bits) vs PyTorch's \(torchBits)")
        #expect(lines[3] == p1.grad?.description)
        #expect(
            try clipGradNorm_([Tensor(1.0, requiresGrad: true)], maxNorm: 1).description == "tensor(0.)",
            "no gradients: tensor(0.), as PyTorch returns")
    }

    @Test func modulesPrintAndIndexAsPyTorchs() throws {
        manualSeed(0)
        let model = Sequential(try Linear(3, 16), ReLU(), try Dropout(p: 0.2), try Linear(16, 1, bias: false))
        check("print(model), model[1], len(model)", model, try model[1], model.count)
        check("print(custom module)", try Net())
        #expect(try model[-1] is Linear)
        #expect(autogradError { _ = try model[4] }?.message == "index 4 is out of range")
    }

    @Test func gradTakesPyTorchsLabelsForOneOutputOrMany() throws {
        let x = Tensor([1.0, 2.0], requiresGrad: true)
        let y = try (x * x).sum()
        let one = try grad(outputs: y, inputs: [x], gradOutputs: Tensor(2.0), retainGraph: true)[0]
        let many = try grad(outputs: [y], inputs: [x], gradOutputs: [Tensor(2.0)])[0]
        #expect(one?.description == "tensor([4., 8.])" && many?.description == one?.description)
    }

    /// The program at the top of Docs/FromPyTorch.md, as written there.
    @Test func thePortingPagesOpeningProgramRuns() throws {
        manualSeed(0)
        let x = try Tensor.randn(64, 2)
        let y = try (x.sum(dim: 1, keepdim: true) > 0).float()
        let model = Sequential(try Linear(2, 16), ReLU(), try Linear(16, 1))
        let optimizer = try Adam(model.parameters(), lr: 0.01)
        var losses: [Double] = []
        for _ in 0..<100 {
            optimizer.zeroGrad()
            let loss = try F.binaryCrossEntropyWithLogits(model(x), y)
            try loss.backward()
            try optimizer.step()
            losses.append(try loss.item())
        }
        #expect(losses.last! < losses.first! / 3, "the classifier learns: \(losses.first!) → \(losses.last!)")
        #expect(model.description.hasPrefix("Sequential(\n  (0): Linear(in_features=2, out_features=16, bias=True)"))
    }

    @Test func stepSlicesReadAsPythons() throws {
        let x = try Tensor.arange(0, 10)
        #expect(try x[.every(4)].description == "tensor([0, 4, 8])", "x[::4]")
        #expect(try x[.slice(1, nil, 3)].description == "tensor([1, 4, 7])", "x[1::3]")
        #expect(try x[.slice(nil, -2, 2)].description == "tensor([0, 2, 4, 6])", "x[:-2:2]")
    }

    @Test func integerTensorsHaveNoRandomLike() throws {
        #expect(autogradError { _ = try Tensor.randnLike(Tensor([1, 2])) }?.message == "\"normal_kernel_cpu\" not implemented for 'Long'")
    }

    @Test func tensorIndicesMasksAndGrids() throws {
        let x = try Tensor([[1, 2], [3, 4], [5, 6], [7, 8]], requiresGrad: true)
        let picked = try x[Tensor([2, 0, -1, 2])]
        try (picked * Tensor.arange(1.0, 9.0).reshape(4, 2)).sum().backward()
        check("x[idx], its gradient", picked, x.grad!)
        let mask = try Tensor([1, 0, 1, 0]).gt(0)
        check(
            "x[mask], index_select, index_add", try x[mask], try x.indexSelect(1, Tensor([1, 1, 0])),
            try Tensor.zeros(3, 2).indexAdd(0, Tensor([0, 2, 0]), Tensor.ones(3, 2)))
        let z = try Tensor([[1, -2, 3], [-4, 5, -6]], requiresGrad: true)
        let filled = try z.maskedFill(z < 0, 0)
        try filled.sum().backward()
        check("masked_fill, its gradient", filled, z.grad!)
        check("all, any", try (z > -10).all(), try (z > 10).any(), try Tensor([Double]()).all())
        let (a, b) = (try Tensor.linspace(0, 1, steps: 3), Tensor([10.0, 20.0]))
        let ij = try Tensor.meshgrid(a, b, indexing: .ij), xy = try Tensor.meshgrid(a, b, indexing: .xy)
        check("meshgrid ij", ij[0], ij[1])
        check("meshgrid xy", xy[0], xy[1])
    }

    @Test func indexErrorsArePyTorchs() throws {
        let x = try Tensor.zeros(3, 2)
        #expect(throws: AutogradError.self) { try x[Tensor([3])] }
        #expect(throws: AutogradError.self) { try x[Tensor([1.0])] }
        #expect(throws: AutogradError.self) { try x[Tensor([1, 0]).gt(0)] }
        do {
            _ = try x[Tensor([0, -4])]
            Issue.record("an index out of range was accepted")
        } catch let error as AutogradError {
            #expect(error.message == "index -4 is out of bounds for dimension 0 with size 3")
        }
        #expect(throws: AutogradError.self) { try x.maskedFill(Tensor([1, 0]), 1) }
        #expect(throws: AutogradError.self) { try Tensor.meshgrid(Tensor.zeros(2, 2)) }
    }

    @Test func normalisationLayers() throws {
        manualSeed(4)
        let inputs = try Tensor.randn(4, 3, requiresGrad: true)
        let layerNorm = try LayerNorm(3)
        let out = try layerNorm(inputs)
        try (out * Tensor.arange(12.0).reshape(4, 3)).sum().backward()
        check("LayerNorm: print, output, input gradient, weight gradient", layerNorm, out, inputs.grad!, layerNorm.weight!.grad!)

        manualSeed(5)
        let batchNorm = try BatchNorm1d(3)
        let batch = try Tensor.randn(6, 3) * 2 + 1
        let trained = try batchNorm(batch)
        _ = try batchNorm(batch * 0.5)
        batchNorm.eval()
        check(
            "BatchNorm1d: print, training output, running mean and var, eval output", batchNorm, trained,
            batchNorm.runningMean!, batchNorm.runningVar!, try batchNorm(batch[0..<2]), try Tensor(Double(batchNorm.numBatchesTracked)).long())
        batchNorm.train()
        #expect(throws: AutogradError.self) { try batchNorm(Tensor.zeros(1, 3)) }
    }

    @Test func moduleListAndLambdaLR() throws {
        manualSeed(6)
        let layers = ModuleList(try Linear(2, 3), ReLU(), try Linear(3, 1))
        check("ModuleList: print, length, parameters", layers, layers.count, layers.parameterCount)
        #expect(throws: AutogradError.self) { try layers(Tensor.zeros(1, 2)) }

        let w = Tensor([1.0], requiresGrad: true)
        let optimizer = try SGD([w], lr: 0.5)
        let schedule = LambdaLR(optimizer) { epoch in pow(0.9, Double(epoch)) }
        var lines = [schedule.getLastLR()]
        for _ in 0..<3 {
            try optimizer.step()
            try schedule.step()
            lines.append(schedule.getLastLR())
        }
        check("LambdaLR", lines[0], lines[1], lines[2], lines[3])
    }

    @Test func scikitLearnsMoons() throws {
        for (name, samples, shuffle, noise, seed) in [
            ("make_moons(7, noise=0.2, random_state=42)", 7, true, 0.2 as Double?, 42), ("make_moons(5, shuffle=False)", 5, false, nil, 0),
        ] {
            let (x, y) = try makeMoons(samples: samples, shuffle: shuffle, noise: noise, randomState: seed)
            let rows = try x.toArray()
            let points = stride(from: 0, to: rows.count, by: 2).map { "[\(NumberFormat.pythonRepr(rows[$0])), \(NumberFormat.pythonRepr(rows[$0 + 1]))]" }
            check(name, "[\(points.joined(separator: ", "))]", "\(try y.toIntArray())")
        }
    }
}
