import Foundation

/// A figure as gnuplot reads it: a data file of numbered blocks (`index N` in gnuplot)
/// and a script that draws them to SVG and PNG. Both are plain text meant to be read and
/// edited: each block starts with a comment naming what it holds, and the script's
/// style lines (colours, fonts, size) come first.
public struct GnuplotScript: Sendable, Equatable {
    /// The data file's contents.
    public let data: String
    /// The script's contents.
    public let script: String

    /// matplotlib's default colour cycle ("tab10"), so that pictures look as the articles' do.
    public static let colors = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ]

    /// The data and script for `figure`, whose files will be `<name>.dat` and `<name>.gp`
    /// in one folder, drawing `<name>.svg` and `<name>.png` beside them.
    public init(_ figure: Figure, name: String) {
        var data = DataFile()
        var prelude: [String] = []
        var panels: [[String]] = []
        for (panelIndex, panel) in figure.panels.enumerated() {
            panels.append(Self.commands(for: panel, number: panelIndex, name: name, data: &data, prelude: &prelude))
        }
        let (width, height) = figure.size
        var lines = [
            "# \(figure.title ?? name): drawn by GradLab. Run `gnuplot \(name).gp` in this folder to draw",
            "# \(name).svg and \(name).png again; the numbers are in \(name).dat.",
            "",
        ]
        lines += Self.colors.enumerated().map { "set linetype \($0.offset + 1) lc rgb \"\($0.element)\" lw 2 pt 7 ps 0.6" }
        lines += prelude
        lines += [
            "",
            "do for [format in \"svg png\"] {",
            "  if (format eq \"svg\") {",
            "    set terminal svg size \(width),\(height) enhanced font \"DejaVu Sans,11\" background rgb \"white\"",
            "  } else {",
            "    set terminal pngcairo size \(width),\(height) enhanced font \"DejaVu Sans,11\" background rgb \"white\"",
            "  }",
            "  set output \"\(name).\".format",
        ]
        let title = figure.title.map { " title \(Self.quoted($0)) noenhanced" } ?? ""
        lines.append("  set multiplot layout 1,\(Swift.max(figure.panels.count, 1))\(title)")
        for panel in panels { lines += panel.map { "  " + $0 } }
        lines += ["  unset multiplot", "  unset output", "}"]
        self.data = data.text
        script = lines.joined(separator: "\n") + "\n"
    }

    /// The commands that draw one panel (after `reset`), adding its blocks to `data` and
    /// any contour tables it needs to `prelude` (tables are computed before drawing).
    private static func commands(
        for panel: Panel, number: Int, name: String, data: inout DataFile,
        prelude: inout [String]
    ) -> [String] {
        var lines = [
            "reset", "set grid lc rgb \"#b0b0b0\" lw 0.8", "set tics out nomirror", "set border 3",
            "set key \(panel.legend.rawValue) opaque box lc rgb \"#cccccc\"",
        ]
        if let title = panel.title { lines.append("set title \(quoted(title)) noenhanced") }
        for (axis, letter) in [(panel.x, "x"), (panel.y, "y")] {
            lines.append("set \(letter)label \(quoted(axis.label)) noenhanced")
            if axis.scale == .log {
                lines.append("set logscale \(letter) 10")
                lines.append("set format \(letter) \"10^{%L}\"")
            }
            let bounds = axis.range.map { "\(Self.number($0.lowerBound)):\(Self.number($0.upperBound))" } ?? "*:*"
            lines.append("set \(letter)range [\(bounds)]\(axis.reversed ? " reverse" : "")")
        }
        let file = "'\(name).dat'"
        var plots: [String] = []
        var functions = 0
        for (layerIndex, layer) in panel.layers.enumerated() {
            let color = layerIndex % colors.count + 1
            switch layer {
            case .line(let curve):
                let block = data.add(curve, what: "curve \(curve.label ?? "")")
                plots.append("\(file) index \(block) using 1:2 with lines lt \(color) \(title(curve.label))")
            case .path(let curve):
                let block = data.add(curve, what: "path \(curve.label ?? "")")
                plots.append("\(file) index \(block) using 1:2 with linespoints lt \(color) \(title(curve.label))")
            case .points(let curve, let classes):
                if let classes {
                    let block = data.add(
                        columns: [curve.x, curve.y, classes.map { Double($0 + 1) }],
                        what: "points \(curve.label ?? "") (x, y, class + 1)")
                    plots.append("\(file) index \(block) using 1:2:3 with points pt 7 ps 0.7 lc variable \(title(curve.label))")
                } else {
                    let block = data.add(curve, what: "points \(curve.label ?? "")")
                    plots.append("\(file) index \(block) using 1:2 with points lt \(color) pt 7 ps 0.7 \(title(curve.label))")
                }
            case .straightLine(let label, let slope, let intercept):
                functions += 1
                let function = "line\(number)_\(functions)"
                lines.append("\(function)(x) = \(Self.number(slope)) * x + \(Self.number(intercept))")
                plots.append("\(function)(x) with lines lt \(color) \(title(label))")
            case .contour(let grid, let levels):
                let block = data.add(grid, what: "grid for contour lines (x, y, value)")
                let table = "$contour\(number)_\(block)"
                let spread = levels ?? contourLevels(grid.values.joined())
                prelude += [
                    "",
                    "# contour lines of block \(block), computed once before drawing",
                    "set table \(table)",
                    "set contour base",
                    "unset surface",
                    "set view map",
                    "set cntrparam levels discrete \(spread.map(Self.number).joined(separator: ","))",
                    "splot \(file) index \(block) using 1:2:3 with lines",
                    "unset table",
                    "unset contour",
                    "set surface",
                ]
                plots.append("\(table) using 1:2 with lines lc rgb \"#8c8c8c\" lw 1 notitle")
            case .heatmap(let matrix, let marked):
                let block = data.add(matrix: matrix, what: "matrix (column, row, value)")
                let largest = matrix.joined().filter(\.isFinite).map(abs).max() ?? 1
                let bound = largest > 0 ? largest : 1
                lines += [
                    "set palette defined (-1 \"#3b4cc0\", 0 \"#f7f7f7\", 1 \"#b40426\")",
                    "set cbrange [\(Self.number(-bound)):\(Self.number(bound))]", "set grid noxtics noytics",
                ]
                if let label = panel.colorLabel { lines.append("set cblabel \(quoted(label)) noenhanced") }
                plots.append("\(file) index \(block) using 1:2:3 with image notitle")
                if !marked.isEmpty {
                    let marks = data.add(
                        columns: [marked.map { Double($0.column) }, marked.map { Double($0.row) }],
                        what: "marked cells (column, row)")
                    plots.append("\(file) index \(marks) using 1:2 with points pt 6 ps 2.2 lw 2 lc rgb \"black\" title \"failing\"")
                }
            case .regions(let grid):
                let block = data.add(grid, what: "classes over a grid (x, y, class + 1)", offset: 1)
                let classes = Set(grid.values.joined().map { Int($0) + 1 }).sorted()
                let light = classes.map { "\($0) \"\(lighter(colors[($0 - 1) % colors.count]))\"" }
                if classes.count > 1 {
                    lines += [
                        "set palette defined (\(light.joined(separator: ", ")))",
                        "set cbrange [\(classes.first!):\(classes.last!)]", "unset colorbox",
                    ]
                }
                plots.append("\(file) index \(block) using 1:2:3 with image notitle")
            }
        }
        if panel.legendEntries.isEmpty {
            lines.append("unset key")
        } else if panel.legend == .below {
            // Room under the axis label for one legend line per entry.
            lines.append("set bmargin \(4 + panel.legendEntries.count)")
        }
        lines.append(plots.isEmpty ? "plot NaN notitle" : "plot " + plots.joined(separator: ", \\\n       "))
        return lines
    }

    /// `value` as gnuplot reads it, with every digit Swift prints (so the figure shows the
    /// numbers the lab computed, not a rounding of them).
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "1e308" : "-1e308" }
        return "\(value)"
    }

    /// A double-quoted gnuplot string.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    private static func title(_ label: String?) -> String { label.map { "title \(quoted($0)) noenhanced" } ?? "notitle" }

    /// Ten contour levels for `values`: spaced by ratio when the values are positive and
    /// span more than two decades (a loss surface's valley and walls), else evenly.
    static func contourLevels<Values: Sequence>(_ values: Values) -> [Double] where Values.Element == Double {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max(), high > low else { return [finite.first ?? 0] }
        if low > 0 && high > 100 * low {
            let (a, b) = (log10(low), log10(high))
            return (1...10).map { pow(10, a + (b - a) * Double($0) / 11) }
        }
        return (1...10).map { low + (high - low) * Double($0) / 11 }
    }

    /// `hex` mixed two parts white to one part colour: a region's fill under its points.
    static func lighter(_ hex: String) -> String {
        let digits = Array(hex.dropFirst())
        var out = "#"
        for index in stride(from: 0, to: 6, by: 2) {
            let channel = Int(String(digits[index...index + 1]), radix: 16) ?? 0
            let mixed = (channel + 2 * 255) / 3
            let text = String(mixed, radix: 16)
            out += text.count == 1 ? "0" + text : text
        }
        return out
    }
}

/// The blocks of a gnuplot data file, each preceded by a comment and separated by two
/// blank lines (what `index N` counts).
struct DataFile {
    private(set) var text = ""
    private var blocks = 0

    /// Appends a block of rows and returns its index.
    private mutating func append(comment: String, rows: [String]) -> Int {
        if blocks > 0 { text += "\n\n" }
        text += "# block \(blocks): \(comment)\n"
        text += rows.joined(separator: "\n") + "\n"
        blocks += 1
        return blocks - 1
    }

    /// A curve as rows of x and y.
    mutating func add(_ curve: Curve, what: String) -> Int {
        add(columns: [curve.x, curve.y], what: what)
    }

    /// Columns of equal length as rows.
    mutating func add(columns: [[Double]], what: String) -> Int {
        let count = columns.map(\.count).min() ?? 0
        let rows = (0..<count).map { row in columns.map { GnuplotScript.number($0[row]) }.joined(separator: " ") }
        return append(comment: what, rows: rows)
    }

    /// A grid as scan lines of x, y and value (one blank line between rows), values shifted by `offset`.
    mutating func add(_ grid: Grid, what: String, offset: Double = 0) -> Int {
        var rows: [String] = []
        for (rowIndex, y) in grid.ys.enumerated() {
            if rowIndex > 0 { rows.append("") }
            for (columnIndex, x) in grid.xs.enumerated() {
                let value = grid.values[rowIndex][columnIndex] + offset
                rows.append("\(GnuplotScript.number(x)) \(GnuplotScript.number(y)) \(GnuplotScript.number(value))")
            }
        }
        return append(comment: what, rows: rows)
    }

    /// A matrix as scan lines of column, row and value.
    mutating func add(matrix: [[Double]], what: String) -> Int {
        let grid = Grid(
            xs: (0..<(matrix.first?.count ?? 0)).map(Double.init), ys: matrix.indices.map(Double.init),
            values: matrix)
        return add(grid, what: what)
    }
}
