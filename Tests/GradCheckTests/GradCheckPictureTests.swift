import Autograd
import Figures
import Foundation
import GradCheckAudit
import Testing

@testable import GradCheck

/// A failed gradcheck draws what failed: the failing elements circled are exactly those
/// outside the tolerance, and the step sweep shows the rule's error apart from the
/// difference's own.
@Suite("GradCheck pictures")
struct GradCheckPictureTests {
    private func folder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("gradlab-gradcheck-pictures-\(UUID().uuidString)")
    }

    private func rule(_ name: String) throws -> WrongRule {
        try #require(WrongRule.catalog.first { $0.name == name })
    }

    @Test func aWrongRuleDrawsHeatmapsWithItsFailingElementsCircled() throws {
        let wrong = try rule("sign flipped (exp)")
        let directory = folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        var options = GradCheckOptions()
        options.plotDirectory = directory.path
        let report = try gradcheckReport({ [try wrong.function($0)] }, inputs: try wrong.inputs(seed: 3), options: options)
        #expect(!report.passed)
        #expect(report.pictures.contains { $0.hasSuffix("output0-input0-jacobians.gp") })
        #expect(report.pictures.contains { $0.hasSuffix("output0-input0-steps.dat") })
        if FigureRenderer.gnuplotPath() != nil {
            for png in report.pictures where png.hasSuffix(".png") {
                let image = try PNGImage(path: png)
                #expect(image.colors >= 3 && image.markedPixels > image.width * image.height / 100, "\(png)")
            }
            #expect(report.pictures.filter { $0.hasSuffix(".png") }.count == 2)
        }
        let comparison = try #require(report.comparisons.first)
        let figure = GradCheckPictures.jacobianFigure(comparison, options: options, title: "exp")
        #expect(figure.panels.count == 3)
        guard case .heatmap(let difference, let marked)? = figure.panels[2].layers.first else {
            Issue.record("no heatmap")
            return
        }
        // exp's Jacobian is diagonal: the flipped sign fails on the diagonal and nowhere else.
        #expect(Set(marked) == Set((0..<4).map { MatrixCell(row: $0, column: $0) }))
        let x = try wrong.inputs(seed: 3)[0].toArray()
        for k in 0..<4 { #expect(difference[k][k] < 0 && abs(difference[k][k] + 2 * exp(x[k])) < 1e-6) }
    }

    @Test func theStepSweepSeparatesTheRulesErrorFromTheDifferencesOwn() throws {
        let wrong = try rule("sign flipped (exp)")
        let inputs = try wrong.inputs(seed: 0)
        let x = try inputs[0].toArray()[1]
        let sweep = try GradCheckPictures.stepSweep(
            { [try wrong.function($0)] }, inputs: inputs, input: 0, inputElement: 1,
            output: 0, outputElement: 1, analytical: -exp(x))
        #expect(sweep.steps.count == 45 && sweep.steps.first == 0.1 && abs(sweep.steps.last! - 1e-12) < 1e-24)
        // Against backward's value: flat at 2·exp(x), the rule's error, at every step.
        #expect(sweep.errorsAgainstAnalytical.allSatisfy { abs($0 - 2 * exp(x)) < 1e-2 * exp(x) })
        // Against the extrapolated value: a V whose bottom is far below, at a middle step.
        let errors = sweep.errorsAgainstExtrapolated
        let bottom = errors.indices.min { errors[$0] < errors[$1] }!
        #expect(errors[bottom] < 1e-8 * exp(x))
        #expect(sweep.steps[bottom] < 1e-3 && sweep.steps[bottom] > 1e-9)
        #expect(errors.first! > 1e3 * errors[bottom] && errors.last! > 1e3 * errors[bottom])
        let figure = GradCheckPictures.stepSweepFigure(sweep, usedStep: 1e-6, title: "exp")
        #expect(figure.panels[0].x.scale == .log && figure.panels[0].y.scale == .log)
        #expect(figure.panels[0].legendEntries.contains("gradcheck's step"))
    }

    @Test func aPassingCheckDrawsNothing() throws {
        let directory = folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        var options = GradCheckOptions()
        options.plotDirectory = directory.path
        let x = try Tensor.randn([4], dtype: .float64, requiresGrad: true)
        let report = try gradcheckReport({ [try $0[0].exp()] }, inputs: [x], options: options)
        #expect(report.passed && report.pictures.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: directory.path))
    }

    @Test func aLargeJacobianIsDrawnAroundItsWorstElement() throws {
        let rows = 100, columns = 90
        let analytical = [Double](repeating: 0, count: rows * columns)
        var numerical = analytical
        numerical[70 * columns + 80] = 1
        let comparison = JacobianComparison(
            output: 0, input: 0, maxAbsoluteError: 1, maxRelativeError: 1, worstInputElement: [70], worstOutputElement: [80],
            worstNumerical: 1, worstAnalytical: 0, numerical: try Jacobian(rows: rows, columns: columns, values: numerical),
            analytical: try Jacobian(rows: rows, columns: columns, values: analytical), errorEstimates: nil,
            worstRow: 70, worstColumn: 80, toleranceScale: 1, passed: false)
        let figure = GradCheckPictures.jacobianFigure(comparison, options: GradCheckOptions(), title: "large")
        guard case .heatmap(let cells, let marked)? = figure.panels[0].layers.first else {
            Issue.record("no heatmap")
            return
        }
        #expect(cells.count == 64 && cells.allSatisfy { $0.count == 64 })
        #expect(marked == [MatrixCell(row: 70 - 36, column: 80 - 26)])
        #expect(figure.panels[0].title?.contains("rows 36-99, columns 26-89") == true)
    }
}
