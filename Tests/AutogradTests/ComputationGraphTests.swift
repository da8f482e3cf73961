import Testing

@testable import Autograd

@Suite("The computation graph as a picture, and backward as a trace")
struct ComputationGraphTests {
    /// Lab 4's loss for one step: `mean((w·x - y)²)` with w = 2, x = [1, 2, 3], y = [3, 5, 7].
    private func lab4Loss() throws -> (w: Tensor, loss: Tensor) {
        let w = Tensor(2.0, requiresGrad: true)
        let x = Tensor([1.0, 2.0, 3.0]), y = Tensor([3.0, 5.0, 7.0])
        return (w, try (w * x - y).pow(2).mean())
    }

    /// The graph's arrows between nodes, found by walking `gradFn.nextFunctions` here.
    private func walkedLinks(from root: Tensor) -> Set<String> {
        var links: Set<String> = []
        var pending = [root.gradFn!]
        var seen: Set<ObjectIdentifier> = []
        while let node = pending.popLast() {
            guard seen.insert(ObjectIdentifier(node)).inserted else { continue }
            for case let next? in node.nextFunctions {
                links.insert("\(next.name) -> \(node.name)")
                pending.append(next)
            }
        }
        return links
    }

    @Test func nodesAndEdgesAreTheRecordedGraph() throws {
        let (w, loss) = try lab4Loss()
        let graph = ComputationGraph(of: loss, names: ["w": w, "loss": loss])
        // PyTorch: MeanBackward0 -> PowBackward0 -> SubBackward0 -> MulBackward0 -> AccumulateGrad.
        #expect(graph.operationNames == ["MeanBackward0", "PowBackward0", "SubBackward0", "MulBackward0"])
        let nodeLinks = graph.links.filter { !$0.isSaved && graph.vertices[$0.to].kind == .operation }
        let named = Set(
            nodeLinks.map { link -> String in
                let from = graph.vertices[link.from]
                return "\(from.kind == .leaf ? "AccumulateGrad" : from.title) -> \(graph.vertices[link.to].title)"
            })
        #expect(named == walkedLinks(from: loss))
        #expect(nodeLinks.count == named.count, "each arrow once")
        let output = try #require(graph.vertices.first)
        #expect(output.kind == .output && output.title == "loss" && output.value == "tensor(1.)")
        let leaf = try #require(graph.vertices.first { $0.kind == .leaf })
        #expect(leaf.title == "w" && leaf.shape == [] && leaf.dtype == .float32 && leaf.grad == "None")
        // What mul and pow saved for their rules hang off them, dashed.
        let savers = Set(graph.links.filter(\.isSaved).map { graph.vertices[$0.to].title })
        #expect(savers.isSuperset(of: ["MulBackward0", "PowBackward0"]))
    }

    @Test func leavesShowTheirGradientOnceRefreshed() throws {
        let (w, loss) = try lab4Loss()
        var graph = ComputationGraph(of: loss, names: ["w": w])
        try loss.backward()
        graph.refreshLeaves()
        let leaf = try #require(graph.vertices.first { $0.kind == .leaf })
        #expect(leaf.grad == "tensor(-4.)", "d/dw mean((wx - y)²) = mean(2(wx - y)x) = -4")
    }

    @Test func dotTextHasEveryVertexAndLink() throws {
        let (w, loss) = try lab4Loss()
        let graph = ComputationGraph(of: loss, names: ["w": w, "loss": loss])
        let dot = graph.dot
        #expect(dot.hasPrefix("digraph autograd {") && dot.hasSuffix("}\n"))
        for vertex in graph.vertices { #expect(dot.contains("n\(vertex.id) [label=\"\(vertex.title)")) }
        let arrows = dot.split(separator: "\n").filter { $0.contains(" -> ") }
        #expect(arrows.count == graph.links.count)
        #expect(dot.contains("tensor(1.)\\ngrad: None") == false, "an output that is not a leaf shows no grad line")
    }

    @Test func aGraphOfSeveralOutputsSharesTheirNodes() throws {
        let x = Tensor([1.0, 2.0], requiresGrad: true)
        let h = try x.exp()
        let a = try h.sum(), b = try h.mean()
        let graph = ComputationGraph(of: [a, b])
        #expect(graph.operationNames.filter { $0 == "ExpBackward0" }.count == 1)
        #expect(graph.vertices.filter { $0.kind == .leaf }.count == 1)
    }

    @Test func aTraceFollowsTheEngineNodeByNode() throws {
        let (w, loss) = try lab4Loss()
        let (_, recording) = try BackwardRecorder.record { try loss.backward() }
        #expect(recording.passCount == 1)
        let trace = try #require(recording.traces.first)
        #expect(trace.steps.map(\.node) == ["MeanBackward0", "PowBackward0", "SubBackward0", "MulBackward0", "AccumulateGrad"])
        let mean = trace.steps[0], pow = trace.steps[1], mul = trace.steps[3], leaf = trace.steps[4]
        #expect(mean.incoming == ["tensor(1.)"])
        #expect(mean.localDerivatives == ["tensor([0.3333, 0.3333, 0.3333])"])
        #expect(mean.passedOn == [.init(to: "PowBackward0", gradient: "tensor([0.3333, 0.3333, 0.3333])")])
        #expect(pow.localDerivatives.first == "tensor([-2., -2., -2.])" && pow.isElementwise.first == true)
        // w is a scalar broadcast over x: its Jacobian is the column x.
        #expect(mul.localDerivatives.first == "tensor([[1.],\n        [2.],\n        [3.]])")
        #expect(mul.passedOn == [.init(to: "AccumulateGrad", gradient: "tensor(-4.)")])
        #expect(leaf.leaf?.grad == "tensor(-4.)" && leaf.incoming == ["tensor(-4.)"])
        #expect(try w.grad?.item() == -4, "tracing leaves backward's result alone")
        let text = trace.description
        #expect(text.contains("[2] PowBackward0\n    gradient in: tensor([0.3333, 0.3333, 0.3333])"))
        #expect(text.contains("[5] AccumulateGrad (leaf of shape [])\n    gradient in: tensor(-4.)\n    .grad is now tensor(-4.)"))
    }

    @Test func recordingCountsEveryPassAndKeepsTheFirst() throws {
        let w = Tensor(1.0, requiresGrad: true)
        let (_, recording) = try BackwardRecorder.record(graphs: 1, traces: 2) {
            for _ in 0..<5 { try (w * w).backward() }
        }
        #expect(recording.passCount == 5 && recording.graphs.count == 1 && recording.traces.count == 2)
        #expect(try w.grad?.item() == 10)
        #expect(ThreadState.current.backwardRecorder == nil, "the recorder is removed after")
    }

    /// `2x`, counting how often its rule runs.
    private enum Twice: CustomFunction {
        static let name = "TwiceBackward"
        nonisolated(unsafe) static var backwardCalls = 0
        static func forward(_ ctx: FunctionContext, _ inputs: [Tensor]) throws -> Tensor { try inputs[0] * 2 }
        static func backward(_ ctx: FunctionContext, _ gradOutput: Tensor) throws -> [Tensor?] {
            backwardCalls += 1
            return [try gradOutput * 2]
        }
    }

    @Test func aCustomFunctionIsTracedWithoutRunningItsRuleTwice() throws {
        let x = Tensor([1.0, 2.0], requiresGrad: true)
        let y = try Twice.apply(x)
        Twice.backwardCalls = 0
        let (_, recording) = try BackwardRecorder.record { try y.sum().backward() }
        #expect(Twice.backwardCalls == 1)
        let step = try #require(recording.traces.first?.steps.first { $0.node == "TwiceBackward" })
        #expect(step.localDerivatives == [nil])
        #expect(step.passedOn == [.init(to: "AccumulateGrad", gradient: "tensor([2., 2.])")])
    }
}
