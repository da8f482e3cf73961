import Autograd
import Figures
import Foundation
import Testing

@testable import Exercises

/// `gradlab graph` and `gradlab run --trace` on the labs: the graph of a lab's first
/// backward pass and its trace hold the lab's own numbers, and the picture is drawn.
@Suite("Lab graphs and traces")
struct LabGraphTests {
    private func record(_ id: String, graphs: Int = 1, traces: Int = 1) throws -> BackwardRecorder.Recording {
        let lab = try #require(LabCatalog.lab(id))
        return try BackwardRecorder.record(graphs: graphs, traces: traces) { try lab.runForPlot() }.1
    }

    @Test func lab1sGraphIsTheArticlesLoss() throws {
        // loss = (w·x - y)² with w = 2, x = 3, y = 7 (the article's Lab 1): w.grad = -24.
        let recording = try record("autograd.lab1.one-parameter")
        #expect(recording.passCount == 1)
        let graph = try #require(recording.graphs.first)
        #expect(graph.operationNames == ["PowBackward0", "SubBackward0", "MulBackward0"])
        let leaf = try #require(graph.vertices.first { $0.kind == .leaf })
        #expect(leaf.value == "tensor(2.)" && leaf.grad == "tensor(-24.)")
        let trace = try #require(recording.traces.first)
        #expect(trace.steps.map(\.node) == ["PowBackward0", "SubBackward0", "MulBackward0", "AccumulateGrad"])
        #expect(trace.steps.last?.leaf?.grad == "tensor(-24.)")
    }

    @Test func lab4RunsTwoHundredAndOnePassesAndTheFirstIsDrawn() throws {
        let recording = try record("autograd.lab4.two-parameter-fit")
        #expect(recording.passCount == 201 && recording.graphs.count == 1 && recording.traces.count == 1)
        let graph = try #require(recording.graphs.first)
        #expect(graph.vertices.filter { $0.kind == .leaf }.count == 2, "w and b")
    }

    @Test func aLabWithoutBackwardHasNoGraph() throws {
        let recording = try record("basics.tensors")
        #expect(recording.passCount == 0 && recording.graphs.isEmpty)
    }

    @Test func lab1sGraphIsDrawnByGraphviz() throws {
        guard GraphvizRenderer.dotPath() != nil else {
            Issue.record("Graphviz is not installed (scripts/install-deps.sh installs it)")
            return
        }
        let graph = try #require(try record("autograd.lab1.one-parameter").graphs.first)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradlab-lab-graph-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try GraphvizRenderer.write(dot: graph.dot, to: folder.appendingPathComponent("lab1").path)
        let image = try PNGImage(path: try #require(files.pictures.first { $0.hasSuffix(".png") }))
        #expect(image.height > image.width, "drawn bottom to top: a column of boxes")
        #expect(image.colors >= 5, "blue leaf, grey operations, orange saved tensor, green output, lines")
        let svg = try String(contentsOfFile: try #require(files.pictures.first { $0.hasSuffix(".svg") }), encoding: .utf8)
        for name in graph.operationNames { #expect(svg.contains(">\(name)<")) }
        #expect(svg.contains(">grad: tensor(&#45;24.)<") || svg.contains(">grad: tensor(-24.)<"))
    }
}
