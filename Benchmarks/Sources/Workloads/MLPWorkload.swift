import Autograd

/// A 784-256-10 MLP on a batch of 256, trained with SGD and cross-entropy.
public enum MLPWorkload {
    /// 20 SGD steps on one fixed batch.
    static let workload = Workload("mlp-784-256-10-sgd-20", "MLP 784-256-10, batch 256, 20 SGD steps") {
        let trainer = try Trainer()
        return { try trainer.steps(20) }
    }

    /// The model, its batch and its optimizer; `steps(_:)` trains.
    public final class Trainer {
        let model: Sequential
        let images: Tensor
        let labels: Tensor
        let optimizer: SGD
        let lossFunction = CrossEntropyLoss()

        /// A freshly initialised model (seed 0) and a random batch.
        public init() throws {
            manualSeed(0)
            model = Sequential(try Linear(784, 256), ReLU(), try Linear(256, 10))
            images = try Tensor.randn([256, 784])
            labels = try Tensor.randint(0, 10, [256])
            optimizer = try SGD(model.parameters(), lr: 0.01)
        }

        /// `count` training steps: zero the gradients, forward, loss, backward, update.
        public func steps(_ count: Int) throws {
            for _ in 0..<count {
                optimizer.zeroGrad()
                let loss = try lossFunction(model(images), labels)
                try loss.backward()
                try optimizer.step()
            }
        }
    }
}
