import Foundation
import Testing

@testable import Figures

/// Graphs in DOT laid out by Graphviz and read back as pictures; without Graphviz, the
/// DOT file and one line that says how to draw it.
@Suite("Graphs drawn by Graphviz")
struct GraphvizRenderingTests {
    private static let graph = """
        digraph g {
            node [shape=box, style=filled];
            a [label="leaf\\ntensor(2.)", fillcolor=lightblue];
            b [label="MulBackward0", fillcolor=lightgrey];
            c [label="output", fillcolor=darkolivegreen1];
            a -> b; b -> c;
        }
        """

    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gradlab-graphs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func aGraphIsLaidOutAndDrawn() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        guard GraphvizRenderer.dotPath() != nil else {
            Issue.record("Graphviz is not installed (scripts/install-deps.sh installs it)")
            return
        }
        let files = try GraphvizRenderer.write(dot: Self.graph, to: directory.appendingPathComponent("g.png").path)
        #expect(files.data == directory.appendingPathComponent("g.dot").path)
        let image = try PNGImage(path: try #require(files.pictures.first { $0.hasSuffix(".png") }))
        #expect(image.width > 50 && image.height > 150, "three boxes stacked: \(image.width)×\(image.height)")
        #expect(image.colors >= 4, "three fills and the lines")
        let svg = try String(contentsOfFile: try #require(files.pictures.first { $0.hasSuffix(".svg") }), encoding: .utf8)
        #expect(svg.contains(">MulBackward0<") && svg.contains(">tensor(2.)<"))
    }

    @Test func withoutGraphvizTheDotFileAndOneLineSayHowToDraw() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try GraphvizRenderer.write(dot: Self.graph, to: directory.appendingPathComponent("g").path, program: nil)
        #expect(files.pictures.isEmpty)
        #expect(try String(contentsOfFile: files.data, encoding: .utf8) == Self.graph)
        #expect(files.summary.contains("Graphviz is not installed") && files.summary.contains("dot -Tsvg"))
    }

    @Test func aBrokenGraphIsGraphvizsError() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        guard GraphvizRenderer.dotPath() != nil else { return }
        #expect(throws: FigureRenderer.RenderError.self) {
            try GraphvizRenderer.write(dot: "digraph {", to: directory.appendingPathComponent("bad").path)
        }
    }
}
