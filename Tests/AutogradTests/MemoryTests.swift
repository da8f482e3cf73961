import Testing

@testable import Autograd

@Suite("Graph memory is released as in PyTorch")
struct MemoryTests {
    /// `sum(h * h)` for `h = exp(x)`, with a weak reference to `h`: only the graph
    /// (MulBackward0's saved inputs) keeps `h` alive.
    private func lossHoldingIntermediate() throws -> (loss: Tensor, intermediate: () -> Tensor?) {
        let x = Tensor([1.0, 2.0], requiresGrad: true)
        let h = try x.exp()
        weak let weakH = h
        return (try (h * h).sum(), { weakH })
    }

    @Test func savedTensorsAreReleasedAfterBackward() throws {
        let (loss, intermediate) = try lossHoldingIntermediate()
        #expect(intermediate() != nil, "the graph keeps what mul saved until backward")
        try loss.backward()
        #expect(intermediate() == nil, "backward without retainGraph frees saved tensors")
    }

    @Test func retainGraphKeepsSavedTensors() throws {
        let (loss, intermediate) = try lossHoldingIntermediate()
        #expect(intermediate() != nil)
        try loss.backward()
        #expect(intermediate() == nil)
    }

    @Test func storingLossKeepsGraphsAliveButItemDoesNot() throws {
        let (whileStoringTensors, reachable, whileStoringNumbers) = try onAThreadOfItsOwn {
            let w = Tensor(0.5, requiresGrad: true)
            let x = Tensor([1.0, 2.0, 3.0])
            let baseline = GraphDiagnostics.liveNodeCount
            var stored: [Tensor] = []
            for _ in 0..<20 {
                let loss = try ((w * x - 1) ** 2).mean()
                try loss.backward()
                stored.append(loss)
            }
            let whileStoringTensors = GraphDiagnostics.liveNodeCount - baseline
            let reachable = GraphDiagnostics.reachableNodeCount(from: stored)
            stored.removeAll()
            var numbers: [Double] = []
            for _ in 0..<20 {
                let loss = try ((w * x - 1) ** 2).mean()
                try loss.backward()
                numbers.append(try loss.item())
            }
            return (whileStoringTensors, reachable, GraphDiagnostics.liveNodeCount - baseline)
        }
        #expect(whileStoringTensors >= 20 * 4, "each stored loss keeps its 4 nodes alive")
        #expect(reachable == 20 * 4 + 1, "plus the shared AccumulateGrad")
        #expect(whileStoringNumbers <= 1, "only w's accumulator may remain")
    }

    @Test func detachDoesNotKeepTheGraph() throws {
        weak var node: Node?
        let w = Tensor(0.5, requiresGrad: true)
        var kept: Tensor
        do {
            let loss = try (w * 3).sum()
            node = loss.gradFn
            kept = loss.detach()
        }
        #expect(node == nil)
        #expect(try kept.item() == 1.5)
    }
}
