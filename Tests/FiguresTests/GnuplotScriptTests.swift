import Foundation
import Testing

@testable import Figures

/// The text gnuplot reads: every number written back exactly, the settings a figure asks for.
@Suite("Gnuplot scripts and data")
struct GnuplotScriptTests {
    /// The rows of block `index` of a data file, as numbers.
    static func block(_ index: Int, of data: String) -> [[Double]] {
        let blocks = data.components(separatedBy: "\n\n\n")
        return blocks[index].split(separator: "\n").filter { !$0.hasPrefix("#") }
            .map { $0.split(separator: " ").map { Double(String($0))! } }
    }

    @Test func dataBlocksHoldTheNumbersExactly() {
        let y = [41.0, 0.1 + 0.2, 3.2898442e-05, -1e-300]
        let figure = Figure(panels: [
            Panel(
                x: Axis("epoch"), y: Axis("loss"),
                layers: [
                    .line(Curve("a", x: [0, 1, 2, 3], y: y)), .points(Curve("b", x: [5], y: [6])),
                ])
        ])
        let text = GnuplotScript(figure, name: "f")
        #expect(Self.block(0, of: text.data).map { $0[1] } == y)
        #expect(Self.block(1, of: text.data) == [[5, 6]])
        #expect(text.script.contains("'f.dat' index 0 using 1:2 with lines lt 1 title \"a\" noenhanced"))
        #expect(text.script.contains("'f.dat' index 1 using 1:2 with points"))
    }

    @Test func axesLegendsAndRangesAreWrittenAsAsked() {
        let panel = Panel(
            title: "t", x: Axis("h", scale: .log, range: 1e-12...0.1), y: Axis("error", scale: .log),
            layers: [.straightLine(label: "fit", slope: 2, intercept: -1)], legend: .topLeft)
        let script = GnuplotScript(Figure(panels: [panel]), name: "g").script
        #expect(script.contains("set logscale x 10") && script.contains("set logscale y 10"))
        #expect(script.contains("set xrange [1e-12:0.1]"))
        #expect(script.contains("set key top left"))
        #expect(script.contains("line0_1(x) = 2.0 * x + -1.0"))
        #expect(script.contains("set terminal pngcairo size 640,480"))
    }

    @Test func aPanelWithoutLabelsHasNoLegend() {
        let panel = Panel(x: Axis("x"), y: Axis("y"), layers: [.line(Curve(nil, x: [0, 1], y: [0, 1]))])
        #expect(GnuplotScript(Figure(panels: [panel]), name: "n").script.contains("unset key"))
    }

    @Test func textIsQuotedForGnuplot() {
        #expect(GnuplotScript.quoted("say \"hi\" \\ there") == "\"say \\\"hi\\\" \\\\ there\"")
    }

    @Test func theScaleFollowsTheSpanOfTheValues() {
        #expect(AxisScale.suggested(for: [41, 3.3e-5]) == .log)
        #expect(AxisScale.suggested(for: [0.47, 0.18]) == .linear)
        #expect(AxisScale.suggested(for: [10, 0.5, -1]) == .linear)
        #expect(AxisScale.suggested(for: [Double]()) == .linear)
        #expect(AxisScale.suggested(for: [1, 10]) == .linear)
        #expect(AxisScale.suggested(for: [1, 10.5]) == .log)
    }

    @Test func contourLevelsFollowTheValues() {
        let spread = GnuplotScript.contourLevels([1e-4, 1, 1e3])
        #expect(spread.count == 10 && spread.allSatisfy { $0 > 1e-4 && $0 < 1e3 })
        #expect(spread[1] / spread[0] == spread[2] / spread[1] || abs(spread[1] / spread[0] - spread[2] / spread[1]) < 1e-9)
        let even = GnuplotScript.contourLevels([0, 11])
        #expect(even == (1...10).map(Double.init))
    }

    @Test func gridsAreWrittenAsScanLines() {
        let grid = Grid(xs: [0, 1], ys: [0, 1, 2]) { x, y in x + 10 * y }
        let text = GnuplotScript(Figure(panels: [Panel(x: Axis("x"), y: Axis("y"), layers: [.contour(grid)])]), name: "c")
        let rows = text.data.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: " ").compactMap { Double(String($0)) } }
        #expect(rows == [[0, 0, 0], [1, 0, 1], [0, 1, 10], [1, 1, 11], [0, 2, 20], [1, 2, 21]])
        #expect(text.script.contains("set table $contour0_0"))
    }
}

/// The PNG reader refuses what is not a picture.
@Suite("Reading PNG pictures back")
struct PNGImageTests {
    @Test func notAPNGIsRefused() {
        #expect(throws: PNGImage.Invalid.self) { try PNGImage(bytes: Array("not a picture at all, only some text".utf8)) }
        #expect(throws: PNGImage.Invalid.self) { try PNGImage(bytes: []) }
    }

    @Test func aDamagedPNGIsRefused() throws {
        guard FigureRenderer.gnuplotPath() != nil else {
            Issue.record("gnuplot is not installed, so there is no PNG to damage (scripts/install-deps.sh installs it)")
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradlab-png-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let panel = Panel(x: Axis("x"), y: Axis("y"), layers: [.line(Curve(nil, x: [0, 1], y: [1, 0]))])
        let files = try FigureRenderer.write(Figure(panels: [panel]), to: folder.appendingPathComponent("p").path)
        var bytes = try #require(FileManager.default.contents(atPath: files.pictures.first { $0.hasSuffix(".png") }!)).map { $0 }
        let good = try PNGImage(bytes: bytes)
        #expect(good.width == 640 && good.height == 480)
        #expect(throws: PNGImage.Invalid.self) { try PNGImage(bytes: Array(bytes.prefix(bytes.count / 2))) }
        bytes[bytes.count / 2] ^= 0xFF
        #expect(throws: PNGImage.Invalid.self) { try PNGImage(bytes: bytes) }
    }
}
