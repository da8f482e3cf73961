import Testing
@testable import Autograd

@Suite("Graph memory is released as in PyTorch")
struct MemoryTests {
    @Test func savedTensorsAreReleasedAfterBackward() throws {
        weak var intermediate: Tensor?
        let x = Tensor([1.0, 2.0], requiresGrad: true)
        var loss: Tensor
        do {
            let h = x.exp()
            intermediate = h
            loss = try (h * h).sum()
        }
        #expect(intermediate != nil, "the graph keeps what mul saved until backward")
        try loss.backward()
        #expect(intermediate == nil, "backward without retainGraph frees saved tensors")
        _ = loss
    }

    @Test func retainGraphKeepsSavedTensors() throws {
        weak var intermediate: Tensor?
        let x = Tensor([1.0, 2.0], requiresGrad: true)
        var loss: Tensor
        do {
            let h = x.exp()
            intermediate = h
            loss = try (h * h).sum()
        }
        try loss.backward(retainGraph: true)
        #expect(intermediate != nil)
        try loss.backward()
        #expect(intermediate == nil)
    }

    @Test func storingLossKeepsGraphsAliveButItemDoesNot() throws {
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
        #expect(whileStoringTensors >= 20 * 4, "each stored loss keeps its 4 nodes alive")
        #expect(GraphDiagnostics.reachableNodeCount(from: stored) == 20 * 4 + 1, "plus the shared AccumulateGrad")
        stored.removeAll()
        var numbers: [Double] = []
        for _ in 0..<20 {
            let loss = try ((w * x - 1) ** 2).mean()
            try loss.backward()
            numbers.append(try loss.item())
        }
        #expect(GraphDiagnostics.liveNodeCount - baseline <= 1, "only w's accumulator may remain")
        #expect(numbers.count == 20)
    }

    @Test func detachDoesNotKeepTheGraph() throws {
        weak var node: Node?
        let w = Tensor(0.5, requiresGrad: true)
        var kept: Tensor
        do {
            let loss = (w * 3).sum()
            node = loss.gradFn
            kept = loss.detach()
        }
        #expect(node == nil)
        #expect(try kept.item() == 1.5)
    }
}
