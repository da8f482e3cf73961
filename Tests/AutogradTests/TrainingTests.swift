import Foundation
import Testing

@testable import Autograd

/// PyTorch's trajectories (Fixtures/training/trajectories.json).
struct TrainingFixture: Decodable {
    struct Run: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let rows: [[Double]]
        let lrs: [Double]?
        var testDescription: String { name }
    }
    struct Clip: Decodable {
        let total: Double?
        let grads: [Double]
    }
    struct Linear: Decodable {
        let layers: [[Int]]
        let values: [[Double]]
    }
    struct DataOrders: Decodable {
        let shuffled: [[Int]]
        let randAfter: [Double]
        let withGenerator: [[Int]]
        let split: [[Int]]
    }
    let x: [Double], y: [Double], c: [[Double]], p1: [Double], p2: [[Double]]
    let plateauMetrics: [Double]
    let optimizers: [Run], schedulers: [Run]
    let clipNorm: Clip, clipValue: Clip
    let linear: Linear
    let data: DataOrders

    static let shared: TrainingFixture = {
        let data = try! Data(contentsOf: fixturesURL.appendingPathComponent("training/trajectories.json"))
        return try! JSONDecoder().decode(TrainingFixture.self, from: data)
    }()

    func parameters() throws -> (Tensor, Tensor) {
        (Tensor(p1, requiresGrad: true), try Tensor(p2, requiresGrad: true))
    }

    func loss(_ p1: Tensor, _ p2: Tensor) throws -> Tensor {
        let (x, y, c) = (Tensor(x), Tensor(y), try Tensor(c))
        return try ((p1 * x - y) ** 2).mean() + (p2.tanh() * c).sum()
    }
}

/// Compares to float32 precision: a relative 2e-6 (a few units in the last place).
private func expectFloat32Close(
    _ actual: [Double], _ expected: [Double], _ label: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.count == expected.count, sourceLocation: sourceLocation)
    for (a, e) in zip(actual, expected) where Swift.abs(a - e) > 2e-6 * Swift.max(1, Swift.abs(e)) {
        Issue.record("\(label): \(actual) vs PyTorch \(expected)", sourceLocation: sourceLocation)
        return
    }
}

private func makeOptimizer(_ name: String, _ p: [Tensor]) throws -> any Optimizer {
    switch name {
    case "SGD lr=0.1": return try SGD(p, lr: 0.1)
    case "SGD momentum=0.9": return try SGD(p, lr: 0.05, momentum: 0.9)
    case "SGD momentum dampening weight_decay": return try SGD(p, lr: 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 0.01)
    case "SGD nesterov": return try SGD(p, lr: 0.05, momentum: 0.9, nesterov: true)
    case "Adam lr=0.01": return try Adam(p, lr: 0.01)
    case "Adam weight_decay amsgrad": return try Adam(p, lr: 0.02, weightDecay: 0.1, amsgrad: true)
    case "AdamW": return try AdamW(p, lr: 0.01, weightDecay: 0.1)
    case "RMSprop": return try RMSprop(p, lr: 0.01)
    case "RMSprop centered momentum": return try RMSprop(p, lr: 0.01, weightDecay: 0.01, momentum: 0.5, centered: true)
    case "Adagrad": return try Adagrad(p, lr: 0.1, lrDecay: 0.01, weightDecay: 0.01)
    default: throw AutogradError(.unsupported, "unknown optimizer \(name)")
    }
}

@Suite("Training toolkit follows PyTorch")
struct TrainingTests {
    static let fixture = TrainingFixture.shared

    @Test("optimizer trajectories", arguments: TrainingFixture.shared.optimizers)
    func optimizer(_ run: TrainingFixture.Run) throws {
        let f = Self.fixture
        let (p1, p2) = try f.parameters()
        let optimizer = try makeOptimizer(run.name, [p1, p2])
        for (step, expected) in run.rows.enumerated() {
            optimizer.zeroGrad()
            try f.loss(p1, p2).backward()
            try optimizer.step()
            expectFloat32Close(try p1.toArray() + p2.toArray(), expected, "\(run.name) step \(step + 1)")
        }
    }

    @Test("scheduler trajectories", arguments: TrainingFixture.shared.schedulers)
    func scheduler(_ run: TrainingFixture.Run) throws {
        let f = Self.fixture
        let (p1, p2) = try f.parameters()
        let optimizer = try SGD([p1, p2], lr: 0.1)
        let plateau = run.name == "ReduceLROnPlateau" ? try ReduceLROnPlateau(optimizer, factor: 0.5, patience: 1) : nil
        let scheduler: (any LRScheduler)? =
            switch run.name {
            case "StepLR": StepLR(optimizer, stepSize: 3, gamma: 0.5)
            case "ExponentialLR": ExponentialLR(optimizer, gamma: 0.9)
            case "CosineAnnealingLR": CosineAnnealingLR(optimizer, tMax: 5, etaMin: 0.01)
            default: nil
            }
        for epoch in run.rows.indices {
            optimizer.zeroGrad()
            try f.loss(p1, p2).backward()
            try optimizer.step()
            if let plateau { plateau.step(f.plateauMetrics[epoch]) } else { try scheduler!.step() }
            #expect(Swift.abs(optimizer.learningRate - run.lrs![epoch]) <= 1e-15, "\(run.name) epoch \(epoch + 1) lr")
            expectFloat32Close(try p1.toArray() + p2.toArray(), run.rows[epoch], "\(run.name) epoch \(epoch + 1)")
        }
    }

    @Test func gradientClipping() throws {
        let f = Self.fixture
        var (p1, p2) = try f.parameters()
        try f.loss(p1, p2).backward()
        let total = try clipGradNorm_([p1, p2], maxNorm: 0.5)
        #expect(total.dtype == .float32 && total.shape == [], "a 0-dimensional float32 tensor, as PyTorch returns")
        expectFloat32Close([try total.item()], [f.clipNorm.total!], "total norm")
        expectFloat32Close(try p1.grad!.toArray() + p2.grad!.toArray(), f.clipNorm.grads, "clipped by norm")
        (p1, p2) = try f.parameters()
        try f.loss(p1, p2).backward()
        try clipGradValue_([p1, p2], clipValue: 0.3)
        expectFloat32Close(try p1.grad!.toArray() + p2.grad!.toArray(), f.clipValue.grads, "clipped by value")
    }

    @Test func linearInitialisationDrawsAsPyTorch() throws {
        manualSeed(0)
        let layers = try Self.fixture.linear.layers.map { try Linear($0[0], $0[1], bias: $0[2] == 1) }
        let values = try layers.flatMap { layer in [try layer.weight.toArray()] + (try layer.bias.map { [try $0.toArray()] } ?? []) }
        #expect(values == Self.fixture.linear.values)
    }

    @Test func dataLoaderShufflesAsPyTorch() throws {
        let dataset = try TensorDataset(Tensor.arange(0, 10).unsqueeze(1))
        manualSeed(0)
        let loader = try DataLoader(dataset, batchSize: 4, shuffle: true)
        for expected in Self.fixture.data.shuffled {
            let order = try loader.epoch().flatMap { try $0[0].toArray().map { Int($0) } }
            #expect(order == expected)
        }
        #expect(try Tensor.rand([2]).toArray() == Self.fixture.data.randAfter, "the loader consumed the same draws")
        let withGenerator = try DataLoader(dataset, batchSize: 3, shuffle: true, generator: Generator(seed: 7))
        for expected in Self.fixture.data.withGenerator {
            #expect(try withGenerator.epoch().flatMap { try $0[0].toArray().map { Int($0) } } == expected)
        }
        #expect(try withGenerator.epoch().map { $0[0].shape[0] } == [3, 3, 3, 1])
        manualSeed(3)
        let parts = try randomSplit(dataset, lengths: [7, 3])
        #expect(parts.map(\.indices) == Self.fixture.data.split)
    }

    @Test func dataLoaderOptions() throws {
        let dataset = try TensorDataset(Tensor.arange(0, 10).unsqueeze(1), Tensor.arange(0, 10))
        let loader = try DataLoader(dataset, batchSize: 4, dropLast: true)
        let batches = try loader.epoch()
        #expect(batches.count == 2 && loader.count == 2)
        #expect(try batches[1][1].toArray() == [4, 5, 6, 7])
        #expect(throws: AutogradError.self) { _ = try DataLoader(dataset, batchSize: 0) }
        #expect(throws: AutogradError.self) { _ = try TensorDataset(Tensor.ones(3), Tensor.ones(4)) }
        let halves = try randomSplit(dataset, lengths: [0.5, 0.5], generator: Generator(seed: 1))
        #expect(halves.map(\.count) == [5, 5])
    }

    @Test func modulesCollectParametersAndModes() throws {
        let model = Sequential(try Linear(3, 16), ReLU(), try Linear(16, 8), ReLU(), try Linear(8, 1))
        #expect(model.parameterCount == 3 * 16 + 16 + 16 * 8 + 8 + 8 + 1)
        #expect(model.namedParameters().map(\.0) == ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"])
        model.eval()
        #expect(model.modules().allSatisfy { !$0.isTraining })
        model.train()
        #expect(model.modules().allSatisfy { $0.isTraining })
        let y = try model(Tensor.ones(5, 3))
        #expect(y.shape == [5, 1])
        try y.sum().backward()
        #expect(model.parameters().allSatisfy { $0.grad != nil })
        model.zeroGrad()
        #expect(model.parameters().allSatisfy { $0.grad == nil })
        #expect(autogradError { _ = try model(Tensor.ones(5, 4)) }?.message == "addmm: mat1 and mat2 shapes cannot be multiplied (5x4 and 3x16)")
    }

    /// `modules()` and `parameters()` walk `childModules` without names; they must find
    /// what `namedModules()` and `namedParameters()` find, in the same order, each once.
    @Test func unnamedWalksMatchTheNamedOnes() throws {
        final class Pair: Module {
            var isTraining = true
            let first: any Module, second: any Module
            init(_ first: any Module, _ second: any Module) { (self.first, self.second) = (first, second) }
            var children: [(String, any Module)] { [("first", first), ("second", second)] }
            func forward(_ input: Tensor) throws -> Tensor { try second(first(input)) }
        }
        let shared = try Linear(4, 4)
        let inner = Sequential(try Linear(2, 4), ReLU(), shared)
        let model = Sequential(inner, Pair(shared, ModuleList(try Linear(4, 3), Tanh())), try Linear(3, 1))
        let named = model.namedModules()
        #expect(named.map(\.0) == ["", "0", "0.0", "0.1", "0.2", "1", "1.second", "1.second.0", "1.second.1", "2"])
        #expect(model.modules().map(ObjectIdentifier.init) == named.map { ObjectIdentifier($0.1) })
        #expect(model.parameters().map(ObjectIdentifier.init) == model.namedParameters().map { ObjectIdentifier($0.1) })
        #expect(model.parameters().count == 8)
        model.eval()
        #expect(named.allSatisfy { !$0.1.isTraining })
    }

    @Test func dropoutIsActiveOnlyInTraining() throws {
        let dropout = try Dropout(0.5, generator: Generator(seed: 0))
        let x = try Tensor.ones(1000)
        let trained = try dropout(x).toArray()
        #expect(Set(trained) == [0, 2])
        #expect(Swift.abs(Double(trained.filter { $0 == 0 }.count) - 500) < 60)
        dropout.eval()
        #expect(try dropout(x).toArray() == x.toArray())
        #expect(throws: AutogradError.self) { _ = try Dropout(1.5) }
    }

    @Test func lossesMatchTheirDefinitions() throws {
        let x = Tensor([0.2, 0.7, 0.9]), t = Tensor([0.0, 1.0, 1.0])
        expectClose([try MSELoss()(x, t).item()], [(0.04 + 0.09 + 0.01) / 3], tolerance: 1e-7)
        expectClose([try MSELoss(reduction: .sum)(x, t).item()], [0.04 + 0.09 + 0.01], tolerance: 1e-7)
        #expect(try MSELoss(reduction: .none)(x, t).shape == [3])
        expectClose([try L1Loss()(x, t).item()], [0.2], tolerance: 1e-7)
        let bce = try BCELoss()(x, t).item()
        expectClose([bce], [-(Foundation.log(0.8) + Foundation.log(0.7) + Foundation.log(0.9)) / 3], tolerance: 1e-6)
        let logits = Tensor([0.5, -1.0, 2.0])
        expectClose([try BCEWithLogitsLoss()(logits, t).item()], [try BCELoss()(logits.sigmoid(), t).item()], tolerance: 1e-6)
        let scores = try Tensor([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
        let labels = Tensor([0, 1])
        let ce = try CrossEntropyLoss()(scores, labels)
        #expect(ce.gradFn == nil)
        let manual = try -(scores.logSoftmax(dim: 1)[0, 0] + scores.logSoftmax(dim: 1)[1, 1]) / 2
        expectClose([try ce.item()], [try manual.item()], tolerance: 1e-6)
        #expect(autogradError { _ = try NLLLoss()(scores, Tensor([0, 3])) }?.message == "Target 3 is out of bounds.")
        #expect(autogradError { _ = try CrossEntropyLoss()(scores, Tensor([0.0, 1.0])) }?.kind == .dtypeMismatch)
    }

    @Test func stateDictRoundTripAndErrors() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gradlab-state-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        let model = Sequential(try Linear(3, 4, generator: Generator(seed: 1)), ReLU(), try Linear(4, 2, generator: Generator(seed: 2)))
        try model.stateDict().save(to: url)
        let other = Sequential(try Linear(3, 4, generator: Generator(seed: 9)), ReLU(), try Linear(4, 2, generator: Generator(seed: 9)))
        #expect(try other.parameters()[0].toArray() != model.parameters()[0].toArray())
        try other.loadStateDict(StateDict.load(from: url))
        #expect(try zip(other.parameters(), model.parameters()).allSatisfy { try $0.toArray() == $1.toArray() })
        let wrong = Sequential(try Linear(3, 5), ReLU(), try Linear(5, 2))
        let mismatch = autogradError { try wrong.loadStateDict(StateDict.load(from: url)) }
        #expect(
            mismatch?.message.hasPrefix(
                "Error(s) in loading state_dict for Sequential:\n\tsize mismatch for 0.weight: copying a param with shape torch.Size([4, 3]) from checkpoint, the shape in current model is torch.Size([5, 3])."
            ) == true)
        let renamed = Sequential(try Linear(3, 4))
        #expect(
            autogradError { try renamed.loadStateDict(StateDict.load(from: url)) }?.message.contains(
                "Unexpected key(s) in state_dict: \"2.weight\", \"2.bias\".") == true)
        try Data(
            "{\"format\": \"gradlab-state-dict\", \"version\": 1, \"entries\": [{\"name\": \"w\", \"dtype\": \"float32\", \"shape\": [2], \"values\": [1]}]}"
                .utf8
        ).write(to: url)
        #expect(autogradError { _ = try StateDict.load(from: url) }?.message.contains("is damaged: entry w has shape [2] but 1 values") == true)
        try Data("not json".utf8).write(to: url)
        #expect(autogradError { _ = try StateDict.load(from: url) }?.message.contains("is damaged") == true)
    }

    @Test func optimizerArgumentsAreValidated() throws {
        let p = Tensor([1.0], requiresGrad: true)
        #expect(autogradError { _ = try SGD([p], lr: -1) }?.message == "Invalid learning rate: -1.0")
        #expect(autogradError { _ = try Adam([p], betas: (1.0, 0.999)) }?.message == "Invalid beta parameter at index 0: 1.0")
        #expect(autogradError { _ = try SGD([p * 2], lr: 0.1) }?.message == "can't optimize a non-leaf Tensor")
        #expect(autogradError { _ = try SGD([], lr: 0.1) }?.kind == .invalidArgument)
    }

    @Test func makeRegressionIsLinearPlusNoise() throws {
        let (x, y, coefficients) = try makeRegression(samples: 50, features: 4, informative: 2, bias: 3, noise: 0, generator: Generator(seed: 0))
        #expect(x.shape == [50, 4] && y.shape == [50])
        #expect(try coefficients.toArray()[2...] == [0, 0])
        expectClose(try y.toArray(), try (x.matmul(coefficients) + 3).toArray(), tolerance: 1e-9)
    }
}

/// `Linear` as PyTorch records it: one fused `addmm` (texts and graph checked against PyTorch 2.15).
@Suite struct LinearAsAddmmTests {
    @Test func matrixInputRecordsAddmmWithPyTorchsEdges() throws {
        let layer = try Linear(3, 2)
        let x = try Tensor.ones(4, 3).requiresGrad_()
        let y = try layer(x)
        #expect(y.gradFn?.name == "AddmmBackward0")
        #expect(y.gradFn?.nextFunctions.map { $0?.name } == ["AccumulateGrad", "AccumulateGrad", "TBackward0"])
        let expected = try x.matmul(layer.weight.t()) + layer.bias!
        #expect(try y.toArray() == expected.toArray())
    }

    @Test func otherRanksFoldIntoOneProductAndUnfold() throws {
        let layer = try Linear(3, 2)
        let x = try Tensor.randn([2, 4, 3])
        let y = try layer(x)
        #expect(y.shape == [2, 4, 2])
        #expect(y.gradFn?.name == "UnsafeViewBackward0")
        #expect(try layer(Tensor.ones(3)).shape == [2])
        try y.sum().backward()
        let columnSums = try x.reshape([8, 3]).sum(dim: 0).toArray()
        let gradient = try layer.weight.grad!.toArray()
        #expect(zip(gradient, columnSums + columnSums).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    @Test func addmmValuesScalesAndErrors() throws {
        let bias = Tensor([1.0, 2.0], dtype: .float64)
        let a = try Tensor([[1.0, 2.0], [3.0, 4.0]], dtype: .float64)
        let b = try Tensor([[1.0, 0.0], [1.0, 1.0]], dtype: .float64)
        #expect(try Tensor.addmm(bias, a, b).toArray() == [4.0, 4.0, 8.0, 6.0])
        #expect(try Tensor.addmm(bias, a, b, beta: 0.5, alpha: 2).toArray() == [6.5, 5.0, 14.5, 9.0])
        let nan = try Tensor.full([2], .nan, dtype: .float64)
        #expect(try Tensor.addmm(nan, a, b, beta: 0).toArray() == [3.0, 2.0, 7.0, 4.0])
        #expect(
            autogradError { _ = try Tensor.addmm(Tensor.zeros(4), Tensor.zeros(2, 3), Tensor.zeros(3, 3)) }?.message
                == "The expanded size of the tensor (3) must match the existing size (4) at non-singleton dimension 1.  Target sizes: [2, 3].  Tensor sizes: [4]"
        )
        #expect(
            autogradError { _ = try Tensor.addmm(Tensor.zeros(3, dtype: .float64), Tensor.zeros(2, 3), Tensor.zeros(3, 3)) }?.message
                == "self and mat2 must have the same dtype, but got Double and Float")
        #expect(
            autogradError { _ = try Tensor.addmm(Tensor.zeros(3), Tensor.zeros(2, 3, dtype: .float64), Tensor.zeros(3, 3)) }?.message
                == "mat1 and mat2 must have the same dtype, but got Double and Float")
        #expect(
            autogradError { _ = try Tensor.addmm(Tensor.zeros(3), Tensor.zeros(2, 3), Tensor.zeros(4, 3)) }?.message
                == "addmm: mat1 and mat2 shapes cannot be multiplied (2x3 and 4x3)")
        #expect(
            autogradError { _ = try Tensor.addmm(Tensor.zeros(3), Tensor.zeros(2, 3, 1), Tensor.zeros(4, 3)) }?.message
                == "addmm: self must be a matrix, got 3-D tensor")
        #expect(
            autogradError { _ = try Tensor.addmm(Tensor.zeros(3), Tensor.zeros(2, 3), Tensor.zeros(3)) }?.message
                == "addmm: mat2 must be a matrix, got 1-D tensor")
        #expect(
            autogradError { _ = try Linear(3, 2)(Tensor.ones(2, 4, 5)) }?.message
                == "addmm: mat1 and mat2 shapes cannot be multiplied (8x5 and 3x2)")
    }
}
