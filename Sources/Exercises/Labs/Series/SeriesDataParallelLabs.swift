import Autograd
import Foundation

/// "Learn the Training Loop with PyTorch", Part 3.5: Large-Scale Training: Data Parallelism
/// and Hardware. A 20-64-1 network learns whether 20 random numbers sum above zero; the
/// post hands it to `nn.DataParallel` when there are several GPUs and times an epoch on each
/// device. On a CPU the post's programs train on one device: the labs are their seeded
/// variants (`torch.manual_seed(0)` before the program), the timing replaced by the last
/// batch's loss.
///
/// GradLab's own lab shows what data parallelism computes. It simulates: the replicas are
/// threads of one process, not GPUs. Every batch is cut into equal shards, each replica (a
/// copy of the model) runs forward and backward on its own shard on its own thread, and
/// the averaged gradients go into the model for one Adam step. PyTorch's run of the same
/// program (`Fixtures/series/programs/data_parallel.py`, replicas one after the other)
/// prints the same losses, and both check that the averaged gradient is the whole batch's.
enum SeriesDataParallelLabs {
    static let article = Article.trainingLoopSeries

    static let labs: [Lab] = [
        lab("demo1", "one device, a 20-64-1 network on 10,000 random samples (seeded variant)") { out in
            out.print("Using CPU.")
            let (inputs, targets) = try randomDataset(10_000)
            let loader = try DataLoader(TensorDataset(inputs, targets), batchSize: 128, shuffle: true)
            let model = try simpleNet()
            let optimizer = try Adam(model.parameters(), lr: 0.01)
            for epoch in 1...5 {
                var total = 0.0
                for batch in try loader.epoch() {
                    optimizer.zeroGrad()
                    let loss = try BCEWithLogitsLoss()(model(batch[0]), batch[1])
                    try loss.backward()
                    try optimizer.step()
                    total += try loss.item() * Double(batch[0].shape[0])
                }
                out.print("Epoch \(epoch) | Loss: \(Py.f(total / 10_000, 4))")
            }
        },
        lab("demo2", "two epochs per device (seeded, timing-free variant: the last batch's loss instead of seconds)") { out in
            let (inputs, targets) = try randomDataset(5_000)
            let loader = try DataLoader(TensorDataset(inputs, targets), batchSize: 256)
            let model = try simpleNet()
            let optimizer = try Adam(model.parameters())
            var loss = Tensor(0.0)
            for _ in 0..<2 {
                for batch in try loader.epoch() {
                    optimizer.zeroGrad()
                    loss = try BCEWithLogitsLoss()(model(batch[0]), batch[1])
                    try loss.backward()
                    try optimizer.step()
                }
            }
            out.print("CPU: final batch loss \(Py.f(try loss.item(), 4))")
        },
        lab("replicas", "GradLab's own: data parallelism simulated, two replicas on two threads, their gradients averaged") { out in
            try trainOnReplicas(out, replicas: 2)
        },
    ]

    static func lab(_ program: String, _ title: String, _ body: @escaping @Sendable (Transcript) throws -> Void) -> Lab {
        Lab(id: "series.3.5.data-parallelism.\(program)", title: "Part 3.5, \(title)", article: article) { out in
            manualSeed(0)
            try body(out)
            return [:]
        }
    }

    /// The post's `RandomDataset`: standard normal inputs, and 1 where a row sums above 0.
    static func randomDataset(_ count: Int) throws -> (Tensor, Tensor) {
        let inputs = try Tensor.randn(count, 20)
        return (inputs, try inputs.sum(dim: 1, keepdim: true).gt(0).float())
    }

    /// The post's `SimpleNet(20, 64, 1)`; its layers draw their weights from `generator`.
    static func simpleNet(generator: Autograd.Generator? = nil) throws -> Sequential {
        Sequential(try Linear(20, 64, generator: generator), ReLU(), try Linear(64, 1, generator: generator))
    }

    /// Three epochs of batches of 128, each cut into `replicas` shards trained on threads of
    /// their own, their gradients averaged into the model before its Adam step.
    static func trainOnReplicas(_ out: Transcript, replicas: Int) throws {
        let (inputs, targets) = try randomDataset(10_000)
        let loader = try DataLoader(TensorDataset(inputs, targets), batchSize: 128, shuffle: true)
        let model = try simpleNet()
        // The copies' own first weights are drawn from a generator of their own, so that
        // making them leaves the global stream (the loader's shuffles) as `deepcopy` does.
        let spare = Autograd.Generator(seed: 1)
        let copies = try (0..<replicas).map { _ in try simpleNet(generator: spare) }
        let optimizer = try Adam(model.parameters(), lr: 0.01)
        out.print("Simulated data parallelism: \(replicas) replicas, each batch cut into \(replicas) equal shards")
        var largestGap = 0.0
        for epoch in 1...3 {
            var total = 0.0
            for batch in try loader.epoch() {
                let shardLosses = try replicaLosses(copies, of: model, batch[0].chunk(replicas), batch[1].chunk(replicas))
                optimizer.zeroGrad()
                try BCEWithLogitsLoss()(model(batch[0]), batch[1]).backward()
                for (index, parameter) in model.parameters().enumerated() {
                    let averaged = try copies.map { $0.parameters()[index].grad! }.reduce(Tensor.zerosLike(parameter), +) / Double(replicas)
                    largestGap = max(largestGap, try (averaged - parameter.grad!).abs().max().item())
                    try parameter.setGrad(averaged)
                }
                try optimizer.step()
                total += shardLosses.reduce(0, +) / Double(replicas) * Double(batch[0].shape[0])
            }
            out.print("Epoch \(epoch) | Loss: \(Py.f(total / 10_000, 4))")
        }
        out.print("Averaged replica gradients agree with the whole batch's within 1e-6: \(largestGap < 1e-6 ? "True" : "False")")
    }

    /// Each copy takes the model's weights, then runs forward and backward on its shard on
    /// a thread of its own; the shards' losses, in order.
    static func replicaLosses(_ copies: [Sequential], of model: Sequential, _ inputs: [Tensor], _ targets: [Tensor]) throws -> [Double] {
        let weights = try model.stateDict()
        for copy in copies {
            try copy.loadStateDict(weights)
            for parameter in copy.parameters() { try parameter.setGrad(nil) }
        }
        let shards = ReplicaShards(copies: copies, inputs: inputs, targets: targets)
        DispatchQueue.concurrentPerform(iterations: copies.count) { shards.trainOn($0) }
        return try shards.losses()
    }
}

/// The replicas and their shards, shared with the threads: each thread touches only its
/// own replica, its own shard and its own slot of the results.
private final class ReplicaShards: @unchecked Sendable {
    private let copies: [Sequential]
    private let inputs: [Tensor], targets: [Tensor]
    private var results: [Result<Double, any Error>?]
    private let lock = NSLock()

    init(copies: [Sequential], inputs: [Tensor], targets: [Tensor]) {
        (self.copies, self.inputs, self.targets) = (copies, inputs, targets)
        results = Array(repeating: nil, count: copies.count)
    }

    /// Forward and backward of `replica` on its shard; the loss, or what was thrown.
    func trainOn(_ replica: Int) {
        let result = Result {
            let loss = try BCEWithLogitsLoss()(copies[replica](inputs[replica]), targets[replica])
            try loss.backward()
            return try loss.item()
        }
        lock.withLock { results[replica] = result }
    }

    /// Every replica's loss, in order (rethrowing the first failure).
    func losses() throws -> [Double] { try results.map { try $0!.get() } }
}
