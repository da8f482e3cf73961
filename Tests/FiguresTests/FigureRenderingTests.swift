import Foundation
import Testing

@testable import Figures

/// Each kind of figure drawn by gnuplot and read back as a picture: the right size, not
/// blank, more than one colour. Without gnuplot (a machine where `scripts/install-deps.sh`
/// has not run) the text files are checked and the missing pictures are reported.
@Suite("Figures drawn by gnuplot")
struct FigureRenderingTests {
    static let gnuplot = FigureRenderer.gnuplotPath()

    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gradlab-figures-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Draws `figure` and checks the PNG (with gnuplot) or the text files (without).
    private func draw(_ figure: Figure, name: String) throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let base = directory.appendingPathComponent(name).path
        let files = try FigureRenderer.write(figure, to: base)
        #expect(FileManager.default.fileExists(atPath: files.script))
        #expect(FileManager.default.fileExists(atPath: files.data))
        guard Self.gnuplot != nil else {
            #expect(files.pictures.isEmpty)
            #expect(files.summary.contains("gnuplot \(name).gp"))
            Issue.record("gnuplot is not installed: \(name) was written as text but not drawn (scripts/install-deps.sh installs it)")
            return
        }
        let png = try #require(files.pictures.first { $0.hasSuffix(".png") })
        let image = try PNGImage(path: png)
        #expect(image.width == figure.size.width && image.height == figure.size.height)
        let area = image.width * image.height
        #expect(image.markedPixels > area / 100, "\(name): only \(image.markedPixels) of \(area) pixels are drawn")
        #expect(image.markedPixels < area * 9 / 10, "\(name): the picture is nearly all one colour")
        #expect(image.colors >= 3)
        let svg = try String(contentsOfFile: try #require(files.pictures.first { $0.hasSuffix(".svg") }), encoding: .utf8)
        #expect(svg.contains("<svg") && svg.contains("</svg>"))
    }

    @Test func aLossCurveOnALogAxis() throws {
        let losses = (0..<200).map { 41 * exp(-Double($0) / 15) }
        let panel = Panel(
            x: Axis("epoch"), y: Axis("loss", scale: .suggested(for: losses)),
            layers: [.line(Curve(nil, x: losses.indices.map(Double.init), y: losses))])
        #expect(panel.y.scale == .log)
        try draw(Figure(title: "loss", panels: [panel]), name: "loss")
    }

    @Test func logLogErrorCurvesWithALegend() throws {
        let steps = (1...12).map { pow(10, -Double($0)) }
        let panel = Panel(
            x: Axis("h", scale: .log), y: Axis("error", scale: .log),
            layers: [
                .path(Curve("float64", x: steps, y: steps.map { $0 * $0 + 1e-16 / $0 })),
                .path(Curve("float32", x: steps, y: steps.map { $0 * $0 + 1e-7 / $0 })),
            ], legend: .below)
        #expect(panel.legendEntries == ["float64", "float32"])
        try draw(Figure(panels: [panel]), name: "loglog")
    }

    @Test func aContourPlotWithADescentPath() throws {
        let grid = Grid(xs: Grid.steps(-1...3, count: 41), ys: Grid.steps(-1...3, count: 41)) { w, b in
            (w - 2) * (w - 2) + 3 * (b - 1) * (b - 1)
        }
        let path = Curve("descent", x: [0, 0.8, 1.4, 1.8, 2], y: [0, 0.9, 0.95, 1, 1])
        try draw(Figure(panels: [Panel(x: Axis("w"), y: Axis("b"), layers: [.contour(grid), .path(path)])]), name: "contour")
    }

    @Test func decisionRegionsWithTheDataOnTop() throws {
        let grid = Grid(xs: Grid.steps(-2...2, count: 60), ys: Grid.steps(-2...2, count: 60)) { x, y in y > sin(2 * x) ? 1 : 0 }
        let xs = Grid.steps(-1.8...1.8, count: 30)
        let points = Curve("data", x: xs, y: xs.map { sin(2 * $0) + ($0 > 0 ? 0.3 : -0.3) })
        let classes = xs.map { $0 > 0 ? 1 : 0 }
        try draw(
            Figure(panels: [Panel(x: Axis("x1"), y: Axis("x2"), layers: [.regions(grid), .points(points, classes: classes)])]),
            name: "regions")
    }

    @Test func heatmapsWithMarkedCells() throws {
        let matrix = (0..<5).map { r in (0..<7).map { c in Double(r - c) } }
        let panel = Panel(
            x: Axis("column"), y: Axis("row", reversed: true),
            layers: [.heatmap(matrix, marked: [MatrixCell(row: 1, column: 2)])])
        try draw(Figure(panels: [panel, panel]), name: "heatmaps")
    }

    @Test func withoutGnuplotTheTextFilesAndOneLineSayHowToDraw() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let base = directory.appendingPathComponent("nognuplot").path
        let panel = Panel(x: Axis("x"), y: Axis("y"), layers: [.line(Curve(nil, x: [0, 1], y: [1, 0]))])
        let files = try FigureRenderer.write(Figure(panels: [panel]), to: base + ".svg", gnuplot: nil)
        #expect(files.pictures.isEmpty)
        #expect(files.script == base + ".gp" && files.data == base + ".dat")
        #expect(files.summary.contains("gnuplot is not installed") && files.summary.contains("gnuplot nognuplot.gp"))
        #expect(!FileManager.default.fileExists(atPath: base + ".svg"))
    }

    @Test func aBrokenGnuplotIsAnError() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let base = directory.appendingPathComponent("broken").path
        let panel = Panel(x: Axis("x"), y: Axis("y"), layers: [.line(Curve(nil, x: [0, 1], y: [1, 0]))])
        #expect(throws: FigureRenderer.RenderError.self) {
            try FigureRenderer.write(Figure(panels: [panel]), to: base, gnuplot: "/bin/false")
        }
    }
}
