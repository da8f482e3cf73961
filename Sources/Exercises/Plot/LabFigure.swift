import Figures

/// The figure a lab's run calls for, chosen as a person plotting it would: the loss on a
/// logarithmic axis when it spans more than a decade, named curves with a legend, the
/// data with the fitted line inside the frame, and any panel the lab adds (a loss
/// landscape with the descent path).
public enum LabFigure {
    /// Why a lab has no figure.
    public struct NothingToDraw: Error, CustomStringConvertible, Sendable {
        /// The lab's id.
        public let lab: String
        /// A plain sentence for the learner.
        public var description: String {
            "\(lab) trains nothing and fits nothing, so it has no figure to draw"
        }
    }

    /// The figure for `transcript`, titled `title`; throws `NothingToDraw` when the lab recorded nothing.
    public static func figure(for transcript: Transcript, title: String) throws -> Figure {
        var panels: [Panel] = []
        if let loss = lossPanel(transcript) { panels.append(loss) }
        if let data = transcript.data { panels.append(fitPanel(data, fit: transcript.fit)) }
        panels += transcript.panels
        guard !panels.isEmpty else { throw NothingToDraw(lab: title) }
        return Figure(title: title, panels: panels)
    }

    /// Whether the lab's run recorded anything to draw.
    public static func hasFigure(_ transcript: Transcript) -> Bool {
        !transcript.losses.isEmpty || !transcript.lossCurves.isEmpty || transcript.data != nil || !transcript.panels.isEmpty
    }

    /// The loss against the step: one unlabelled curve, or the named curves with a legend.
    static func lossPanel(_ transcript: Transcript) -> Panel? {
        var curves = transcript.lossCurves
        if !transcript.losses.isEmpty {
            let steps = transcript.losses.indices.map(Double.init)
            curves.insert(Curve(curves.isEmpty ? nil : "loss", x: steps, y: transcript.losses), at: 0)
        }
        guard !curves.isEmpty else { return nil }
        let values = curves.flatMap(\.y)
        return Panel(
            title: "Loss during training", x: Axis(transcript.lossAxis), y: Axis("loss", scale: .suggested(for: values)),
            layers: curves.map { $0.x.count == 1 ? .points($0) : .line($0) })
    }

    /// The data as points with the fitted line across the frame: the frame holds the data
    /// with a 5% margin (matplotlib's), and the line stops at its edges.
    static func fitPanel(_ data: (x: [Double], y: [Double]), fit: (slope: Double, intercept: Double)?) -> Panel {
        var layers: [Layer] = [.points(Curve("data", x: data.x, y: data.y))]
        if let fit {
            let label = "y = \(Py.f(fit.slope, 4))·x \(fit.intercept < 0 ? "-" : "+") \(Py.f(abs(fit.intercept), 4))"
            layers.append(.straightLine(label: label, slope: fit.slope, intercept: fit.intercept))
        }
        return Panel(
            title: "Data and fitted line", x: Axis("x", range: margined(data.x)), y: Axis("y", range: margined(data.y)),
            layers: layers, legend: (fit?.slope ?? 0) > 0 ? .topLeft : .topRight)
    }

    /// A loss landscape: contour lines of `loss` over a grid around the descent `path` and
    /// the minimum, with the path on top.
    public static func landscape(
        path: [(Double, Double)], minimum: (Double, Double), xLabel: String, yLabel: String,
        loss: (Double, Double) -> Double
    ) -> Panel {
        let xs = path.map(\.0).filter(\.isFinite) + [minimum.0], ys = path.map(\.1).filter(\.isFinite) + [minimum.1]
        let xRange = margined(xs, fraction: 0.15), yRange = margined(ys, fraction: 0.15)
        let grid = Grid(xs: Grid.steps(xRange, count: 61), ys: Grid.steps(yRange, count: 61), loss)
        let points = path.filter { $0.0.isFinite && $0.1.isFinite }
        return Panel(
            title: "Loss landscape and the descent path", x: Axis(xLabel, range: xRange), y: Axis(yLabel, range: yRange),
            layers: [
                .contour(grid), .path(Curve("descent", x: points.map(\.0), y: points.map(\.1))),
                .points(Curve("minimum", x: [minimum.0], y: [minimum.1])),
            ],
            legend: .below)
    }

    /// The range of `values` widened by `fraction` of its span on each side.
    static func margined(_ values: [Double], fraction: Double = 0.05) -> ClosedRange<Double> {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return 0...1 }
        let span = high > low ? high - low : Swift.max(abs(high), 1)
        return (low - fraction * span)...(high + fraction * span)
    }
}
