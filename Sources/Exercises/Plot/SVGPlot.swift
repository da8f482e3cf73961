import Foundation

/// Draws a lab's loss curve, and for regression labs the data with the fitted line,
/// as a standalone SVG (what the articles draw with matplotlib).
public enum SVGPlot {
    /// One panel's drawing area and the data range it maps.
    private struct Panel {
        let left: Double, top: Double, width: Double, height: Double
        let xRange: ClosedRange<Double>, yRange: ClosedRange<Double>

        func point(_ x: Double, _ y: Double) -> (Double, Double) {
            let px = left + (x - xRange.lowerBound) / Swift.max(xRange.upperBound - xRange.lowerBound, 1e-300) * width
            let py = top + height - (y - yRange.lowerBound) / Swift.max(yRange.upperBound - yRange.lowerBound, 1e-300) * height
            return (px, py)
        }
    }

    /// The SVG for `transcript`, titled `title`; throws when the lab recorded nothing to plot.
    public static func render(_ transcript: Transcript, title: String) throws -> String {
        guard !transcript.losses.isEmpty || transcript.data != nil else {
            throw PlotError(message: "this lab records no loss curve or data to plot")
        }
        let panels = (transcript.losses.isEmpty ? 0 : 1) + (transcript.data == nil ? 0 : 1)
        let width = 420.0 * Double(panels), height = 340.0
        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(Int(width / 2))" y="18" text-anchor="middle" font-size="14">\(escape(title))</text>

        """
        var offset = 0.0
        if !transcript.losses.isEmpty {
            let losses = transcript.losses
            let panel = Panel(left: offset + 60, top: 40, width: 330, height: 250,
                              xRange: 0...Double(Swift.max(losses.count - 1, 1)), yRange: range(losses))
            svg += axes(panel, xLabel: "epoch", yLabel: "loss", title: "Loss during training")
            let points = losses.enumerated().map { panel.point(Double($0.offset), $0.element) }
            svg += "<polyline class=\"loss\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"\(points.map { "\(format($0.0)),\(format($0.1))" }.joined(separator: " "))\"/>\n"
            offset += 420
        }
        if let data = transcript.data {
            let panel = Panel(left: offset + 60, top: 40, width: 330, height: 250, xRange: range(data.x), yRange: range(data.y))
            svg += axes(panel, xLabel: "x", yLabel: "y", title: "Data and fitted line")
            for (x, y) in zip(data.x, data.y) {
                let (px, py) = panel.point(x, y)
                svg += "<circle class=\"data\" cx=\"\(format(px))\" cy=\"\(format(py))\" r=\"3\" fill=\"#1f77b4\" fill-opacity=\"0.6\"/>\n"
            }
            if let fit = transcript.fit {
                let (x0, x1) = (panel.xRange.lowerBound, panel.xRange.upperBound)
                let (ax, ay) = panel.point(x0, fit.slope * x0 + fit.intercept)
                let (bx, by) = panel.point(x1, fit.slope * x1 + fit.intercept)
                svg += "<line class=\"fit\" x1=\"\(format(ax))\" y1=\"\(format(ay))\" x2=\"\(format(bx))\" y2=\"\(format(by))\" stroke=\"#d62728\" stroke-width=\"2\"/>\n"
                svg += "<text x=\"\(format(panel.left + 8))\" y=\"\(format(panel.top + 14))\" fill=\"#d62728\">y = \(Py.f(fit.slope, 4))·x + \(Py.f(fit.intercept, 4))</text>\n"
            }
        }
        return svg + "</svg>\n"
    }

    /// Why a lab cannot be plotted.
    public struct PlotError: Error, CustomStringConvertible {
        /// The reason.
        public let message: String
        /// The reason.
        public var description: String { message }
    }

    private static func axes(_ panel: Panel, xLabel: String, yLabel: String, title: String) -> String {
        let bottom = panel.top + panel.height, right = panel.left + panel.width
        return """
        <text x="\(format(panel.left + panel.width / 2))" y="\(format(panel.top - 6))" text-anchor="middle">\(title)</text>
        <line x1="\(format(panel.left))" y1="\(format(bottom))" x2="\(format(right))" y2="\(format(bottom))" stroke="black"/>
        <line x1="\(format(panel.left))" y1="\(format(panel.top))" x2="\(format(panel.left))" y2="\(format(bottom))" stroke="black"/>
        <text x="\(format(panel.left))" y="\(format(bottom + 16))" text-anchor="middle">\(Py.g(panel.xRange.lowerBound, 4))</text>
        <text x="\(format(right))" y="\(format(bottom + 16))" text-anchor="middle">\(Py.g(panel.xRange.upperBound, 4))</text>
        <text x="\(format(panel.left - 4))" y="\(format(bottom))" text-anchor="end">\(Py.g(panel.yRange.lowerBound, 4))</text>
        <text x="\(format(panel.left - 4))" y="\(format(panel.top + 8))" text-anchor="end">\(Py.g(panel.yRange.upperBound, 4))</text>
        <text x="\(format(panel.left + panel.width / 2))" y="\(format(bottom + 32))" text-anchor="middle">\(xLabel)</text>
        <text x="\(format(panel.left - 40))" y="\(format(panel.top + panel.height / 2))" text-anchor="middle" transform="rotate(-90 \(format(panel.left - 40)) \(format(panel.top + panel.height / 2)))">\(yLabel)</text>

        """
    }

    private static func range(_ values: [Double]) -> ClosedRange<Double> {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return 0...1 }
        return low == high ? (low - 1)...(high + 1) : low...high
    }

    private static func format(_ value: Double) -> String { Py.f(value, 1) }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    }
}
