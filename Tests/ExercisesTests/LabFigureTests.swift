import Figures
import Foundation
import Testing

@testable import Exercises

/// Each lab's figure holds the lab's own numbers and is drawn as a person would draw it.
@Suite("Lab figures")
struct LabFigureTests {
    private func figure(_ id: String) throws -> (Figure, Transcript, [String: LabValue]) {
        let lab = try #require(LabCatalog.lab(id))
        let transcript = try lab.runForPlot()
        return (try LabFigure.figure(for: transcript, title: id), transcript, transcript.values)
    }

    private func curves(_ panel: Panel) -> [Curve] {
        panel.layers.compactMap { layer in
            switch layer {
            case .line(let curve), .path(let curve), .points(let curve, _): return curve
            default: return nil
            }
        }
    }

    @Test func lab4DrawsItsLossOnALogAxisItsFitAndItsDescent() throws {
        let (figure, transcript, values) = try figure("autograd.lab4.two-parameter-fit")
        #expect(figure.panels.count == 3)
        let loss = figure.panels[0]
        #expect(loss.y.scale == .log, "the loss falls from 41 to 3e-5: more than a decade")
        let lossCurve = try #require(curves(loss).first)
        #expect(lossCurve.y.count == 201 && lossCurve.y.first == 41 && lossCurve.y == transcript.losses)
        guard case .rows(let rows)? = values["rows[epoch,loss,w,b]"] else {
            Issue.record("no rows")
            return
        }
        for row in rows { #expect(lossCurve.y[Int(row[0])] == row[1]) }

        let fit = figure.panels[1]
        guard case .straightLine(_, let slope, let intercept)? = fit.layers.last else {
            Issue.record("no fitted line")
            return
        }
        guard case .numbers(let final)? = values["final"] else {
            Issue.record("no final values")
            return
        }
        #expect(slope == final[0] && intercept == final[1])
        // The frame holds the data with 5% margins, so the line stops at its edges.
        #expect(fit.x.range == 0.85...4.15)
        #expect(fit.y.range == 2.7...9.3)
        #expect(fit.legend == .topLeft)

        let landscape = figure.panels[2]
        let path = try #require(curves(landscape).first { $0.label == "descent" })
        #expect(path.x.count == 202 && path.x.first == 0 && path.y.first == 0)
        #expect(path.x.last == final[0] && path.y.last == final[1])
        let minimum = try #require(curves(landscape).first { $0.label == "minimum" })
        #expect(abs(minimum.x[0] - 2) < 1e-12 && abs(minimum.y[0] - 1) < 1e-12)
        guard case .contour(let grid, _)? = landscape.layers.first else {
            Issue.record("no contour")
            return
        }
        let xRange = try #require(landscape.x.range), yRange = try #require(landscape.y.range)
        #expect(xRange.contains(2) && yRange.contains(1) && xRange.contains(0) && yRange.contains(0))
        #expect(grid.values.count == 61 && grid.values.allSatisfy { $0.count == 61 })
    }

    @Test func houseNetDrawsTrainingAndValidationWithALegend() throws {
        let (figure, transcript, _) = try figure("basics.house-price-net")
        let panel = try #require(figure.panels.first)
        #expect(panel.legendEntries == ["training", "validation"])
        #expect(panel.y.scale == .linear, "0.47 to 0.18 is less than a decade")
        let (training, validation) = (curves(panel)[0], curves(panel)[1])
        #expect(training.x == (1...50).map(Double.init))
        #expect(validation.x == [10, 20, 30, 40, 50])
        // The printed validation losses are the curve's, to the printed digits.
        let printed = transcript.lines.filter { $0.hasPrefix("Epoch") }.map { Double($0.components(separatedBy: "Val Loss: ")[1])! }
        #expect(printed.count == 5)
        for (value, shown) in zip(validation.y, printed) { #expect(abs(value - shown) <= 5e-5) }
    }

    @Test func everyLabThatTrainsOrFitsHasAFigureAndTheOthersSaySo() throws {
        var drawn: [String] = []
        for lab in LabCatalog.all {
            let transcript = try lab.runForPlot()
            if LabFigure.hasFigure(transcript) {
                let figure = try LabFigure.figure(for: transcript, title: lab.id)
                #expect(!figure.panels.isEmpty)
                for panel in figure.panels {
                    let values = curves(panel).flatMap(\.y)
                    if panel.title == "Loss during training" {
                        #expect(panel.y.scale == AxisScale.suggested(for: values), "\(lab.id)")
                    }
                }
                drawn.append(lab.id)
            } else {
                #expect(throws: LabFigure.NothingToDraw.self) { try LabFigure.figure(for: transcript, title: lab.id) }
            }
        }
        let trainers = [
            "fundamentals.dataloader-regression", "fundamentals.quadratic-descent", "autograd.lab2.gradient-is-not-the-update",
            "autograd.lab4.two-parameter-fit", "autograd.exercise1.fit-3x-minus-2", "autograd.exercise2.no-zero-grad",
            "autograd.exercise3.lr-0.5", "autograd.exercise3.lr-0.005", "training-loop.manual-gradients",
            "training-loop.exercise1.lr-1.0", "training-loop.exercise1.lr-0.01", "training-loop.exercise2.two-features",
            "training-loop.exercise3.autograd-sgd", "basics.house-prices-tiny-lr", "basics.house-price-net",
        ]
        #expect(Set(trainers).isSubset(of: drawn), "labs that train without a figure: \(Set(trainers).subtracting(drawn).sorted())")
    }

    @Test func everyLabFigureIsDrawnAsAPictureOfItsSize() throws {
        guard FigureRenderer.gnuplotPath() != nil else {
            Issue.record("gnuplot is not installed: the lab figures were not drawn (scripts/install-deps.sh installs gnuplot-nox)")
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradlab-lab-figures-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for lab in LabCatalog.all {
            let transcript = try lab.runForPlot()
            guard LabFigure.hasFigure(transcript) else { continue }
            let figure = try LabFigure.figure(for: transcript, title: lab.id)
            let files = try FigureRenderer.write(figure, to: folder.appendingPathComponent(lab.id).path)
            let image = try PNGImage(path: try #require(files.pictures.first { $0.hasSuffix(".png") }))
            #expect(image.width == figure.size.width && image.height == figure.size.height, "\(lab.id)")
            let area = image.width * image.height
            #expect(image.markedPixels > area / 100 && image.markedPixels < area * 9 / 10, "\(lab.id): \(image.markedPixels) of \(area)")
            #expect(image.colors >= 3, "\(lab.id)")
        }
    }
}
