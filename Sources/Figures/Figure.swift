/// A picture described by its data: one or more panels side by side, each with axes and
/// the layers drawn on them. GradLab never draws a figure itself: `GnuplotScript` turns
/// it into a plain-text data file and a gnuplot script, and `FigureRenderer` runs gnuplot
/// on them, so that a learner can open both files and restyle the picture.
///
/// ```swift
/// var loss = Panel(title: "Loss during training", x: Axis("epoch"), y: Axis("loss", scale: .log))
/// loss.layers.append(.line(Curve("train", x: epochs, y: losses)))
/// let files = try FigureRenderer.write(Figure(title: "lab 4", panels: [loss]), to: "lab4")
/// ```
public struct Figure: Sendable, Equatable {
    /// The title over all panels; nil for none.
    public var title: String?
    /// The panels, left to right.
    public var panels: [Panel]
    /// The size of one panel in pixels (matplotlib's default figure is 640 by 480).
    public var panelSize: (width: Int, height: Int) = (640, 480)

    /// A figure of `panels`, titled `title`.
    public init(title: String? = nil, panels: [Panel]) {
        self.title = title
        self.panels = panels
    }

    /// The whole picture's size in pixels: the panels side by side.
    public var size: (width: Int, height: Int) {
        (panelSize.width * Swift.max(panels.count, 1), panelSize.height)
    }

    /// Whether two figures have the same title, panels and panel size.
    public static func == (lhs: Figure, rhs: Figure) -> Bool {
        lhs.title == rhs.title && lhs.panels == rhs.panels && lhs.panelSize == rhs.panelSize
    }
}

/// One set of axes and what is drawn on them.
public struct Panel: Sendable, Equatable {
    /// The title over the panel; nil for none.
    public var title: String?
    /// The horizontal axis.
    public var x: Axis
    /// The vertical axis.
    public var y: Axis
    /// What is drawn, in order (later layers on top).
    public var layers: [Layer]
    /// A colour bar's label, for panels with a heatmap or regions; nil for none.
    public var colorLabel: String?
    /// Where the legend goes (when a layer has a label).
    public var legend: LegendPosition

    /// A panel with the given axes and layers.
    public init(
        title: String? = nil, x: Axis, y: Axis, layers: [Layer] = [], colorLabel: String? = nil,
        legend: LegendPosition = .topRight
    ) {
        self.title = title
        self.x = x
        self.y = y
        self.layers = layers
        self.colorLabel = colorLabel
        self.legend = legend
    }

    /// The legend's entries, in order: the labels of the labelled layers.
    public var legendEntries: [String] { layers.compactMap(\.label) }
}

/// Where a panel's legend sits: a corner inside the frame, or below it.
public enum LegendPosition: String, Sendable, Equatable {
    /// Inside, top right (falling curves leave it empty).
    case topRight = "top right"
    /// Inside, top left (rising data leaves it empty).
    case topLeft = "top left"
    /// Inside, bottom right.
    case bottomRight = "bottom right"
    /// Inside, bottom left.
    case bottomLeft = "bottom left"
    /// Under the frame, where it covers nothing.
    case below = "outside bottom center horizontal"
}

/// An axis: its label, how it maps values, and the range it shows.
public struct Axis: Sendable, Equatable {
    /// The text beside the axis.
    public var label: String
    /// Linear or logarithmic.
    public var scale: AxisScale
    /// The values the axis spans; nil lets gnuplot choose from the data.
    public var range: ClosedRange<Double>?
    /// True to draw the axis from its largest value to its smallest (a matrix's rows, top down).
    public var reversed: Bool

    /// An axis labelled `label`.
    public init(_ label: String, scale: AxisScale = .linear, range: ClosedRange<Double>? = nil, reversed: Bool = false) {
        self.label = label
        self.scale = scale
        self.range = range
        self.reversed = reversed
    }
}

/// How an axis maps values to positions.
public enum AxisScale: String, Sendable, Equatable {
    /// Equal steps for equal differences.
    case linear
    /// Equal steps for equal ratios (base 10).
    case log

    /// The scale a person would choose for `values`: logarithmic when they are all
    /// positive and span more than a decade (a loss falling from 41 to 3e-5), else linear.
    public static func suggested<Values: Sequence>(for values: Values) -> AxisScale where Values.Element == Double {
        var low = Double.infinity, high = 0.0
        for value in values where value.isFinite {
            if value <= 0 { return .linear }
            low = Swift.min(low, value)
            high = Swift.max(high, value)
        }
        return low.isFinite && high > 10 * low ? .log : .linear
    }
}

/// A named series of points.
public struct Curve: Sendable, Equatable {
    /// The legend's entry; nil for none.
    public var label: String?
    /// Horizontal positions.
    public var x: [Double]
    /// Vertical positions, one per `x`.
    public var y: [Double]

    /// A curve labelled `label` through (`x`[i], `y`[i]).
    public init(_ label: String?, x: [Double], y: [Double]) {
        self.label = label
        self.x = x
        self.y = y
    }
}

/// Values over a rectangular grid: `values[row][column]` at (`xs[column]`, `ys[row]`).
public struct Grid: Sendable, Equatable {
    /// The columns' horizontal positions, increasing.
    public var xs: [Double]
    /// The rows' vertical positions, increasing.
    public var ys: [Double]
    /// One row of values per `ys` entry, each with one value per `xs` entry.
    public var values: [[Double]]

    /// A grid of `values`; `values.count == ys.count` and each row has `xs.count` values.
    public init(xs: [Double], ys: [Double], values: [[Double]]) {
        self.xs = xs
        self.ys = ys
        self.values = values
    }

    /// `function` sampled at every (x, y) of the grid.
    public init(xs: [Double], ys: [Double], _ function: (Double, Double) -> Double) {
        self.init(xs: xs, ys: ys, values: ys.map { y in xs.map { x in function(x, y) } })
    }

    /// `count` evenly spaced values from `range.lowerBound` to `range.upperBound`.
    public static func steps(_ range: ClosedRange<Double>, count: Int) -> [Double] {
        guard count > 1 else { return [range.lowerBound] }
        let step = (range.upperBound - range.lowerBound) / Double(count - 1)
        return (0..<count).map { range.lowerBound + Double($0) * step }
    }
}

/// A cell of a matrix, by row and column from 0.
public struct MatrixCell: Sendable, Equatable, Hashable {
    /// The row, 0 at the top.
    public var row: Int
    /// The column, 0 at the left.
    public var column: Int

    /// The cell at `row`, `column`.
    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }
}

/// One thing drawn on a panel.
public enum Layer: Sendable, Equatable {
    /// A curve joining its points in order.
    case line(Curve)
    /// A curve joining its points, each point marked (a descent path).
    case path(Curve)
    /// Unjoined points; with `classes`, each point coloured by its class (0, 1, ...).
    case points(Curve, classes: [Int]? = nil)
    /// The straight line y = slope·x + intercept across the whole frame, and no further.
    case straightLine(label: String?, slope: Double, intercept: Double)
    /// Contour lines of a grid's values, at `levels` (nil: ten levels spread as the values are).
    case contour(Grid, levels: [Double]? = nil)
    /// A matrix drawn as coloured cells, row 0 at the top, with `marked` cells circled,
    /// on a diverging palette centred on zero.
    case heatmap([[Double]], marked: [MatrixCell] = [])
    /// A grid's values read as classes (0, 1, ...), each class's area in a light colour:
    /// a classifier's decision regions.
    case regions(Grid)

    /// The legend's entry for this layer, if it has one.
    public var label: String? {
        switch self {
        case .line(let curve), .path(let curve), .points(let curve, _): return curve.label
        case .straightLine(let label, _, _): return label
        case .contour, .heatmap, .regions: return nil
        }
    }
}
