import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Exercises

@Suite("Plots")
struct PlotTests {
    private func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func regressionLabsDrawTheLossCurveAndTheFittedLine() throws {
        let transcript = try LabCatalog.lab("training-loop.manual-gradients")!.runForPlot()
        let svg = try SVGPlot.render(transcript, title: "training-loop.manual-gradients")
        #expect(transcript.losses.count == 50)
        #expect(count("<circle class=\"data\"", in: svg) == 100)
        #expect(count("<line class=\"fit\"", in: svg) == 1)
        #expect(svg.contains("y = 1.9213·x + -0.9940"))
        let polyline = try #require(svg.components(separatedBy: "class=\"loss\"").last?.components(separatedBy: "points=\"").last?
            .components(separatedBy: "\"").first)
        #expect(polyline.split(separator: " ").count == 50)
        #expect(XMLParser(data: Data(svg.utf8)).parse(), "the SVG is well-formed XML")
    }

    @Test func lossOnlyLabsDrawOnePanel() throws {
        let transcript = try LabCatalog.lab("fundamentals.quadratic-descent")!.runForPlot()
        let svg = try SVGPlot.render(transcript, title: "quadratic")
        #expect(svg.contains("width=\"420\""))
        #expect(!svg.contains("class=\"data\""))
    }

    @Test func labsWithNothingToPlotSaySo() throws {
        let transcript = try LabCatalog.lab("autograd.lab1.one-parameter")!.runForPlot()
        #expect(throws: SVGPlot.PlotError.self) { try SVGPlot.render(transcript, title: "lab1") }
    }
}
