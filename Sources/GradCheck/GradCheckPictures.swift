import Autograd
import Figures
import Foundation

/// Pictures of a failed gradcheck, for an operator author who reads a picture faster than
/// two printed matrices: the analytical Jacobian, the numerical one and their difference
/// as heatmaps with the failing elements circled, and for the worst element the error of a
/// central difference against its step h on log-log axes, where the truncation error
/// (falling as h²) meets the rounding error (rising as 1/h).
public enum GradCheckPictures {
    /// Jacobians with more cells than this are drawn as the window around the worst element.
    public static let largestDrawnSide = 64

    /// The steps of the sweep: 10⁻¹ to 10⁻¹², four per decade.
    public static let sweepSteps: [Double] = (4...48).map { pow(10, -Double($0) / 4) }

    /// The heatmaps of `comparison`: analytical, numerical and analytical − numerical, rows
    /// the input's elements and columns the output's, failing elements circled (those
    /// outside the tolerance `options` and the comparison's scale allow).
    public static func jacobianFigure(_ comparison: JacobianComparison, options: GradCheckOptions, title: String) -> Figure {
        let (analytical, numerical) = (comparison.analytical, comparison.numerical)
        let tolerance = options.tolerance(scale: comparison.toleranceScale)
        let worstRow = worstCell(comparison).row, worstColumn = worstCell(comparison).column
        let rows = window(around: worstRow, count: analytical.rows), columns = window(around: worstColumn, count: analytical.columns)
        var marked: [MatrixCell] = []
        var difference: [[Double]] = []
        for (r, k) in rows.enumerated() {
            var line: [Double] = []
            for (c, j) in columns.enumerated() {
                let (a, n) = (analytical.at(k, j), numerical.at(k, j))
                line.append(a - n)
                let estimate = comparison.errorEstimates?.at(k, j) ?? 0
                if !(abs(a - n) <= tolerance.allowed(numerical: n, estimate: estimate)) {
                    marked.append(MatrixCell(row: r, column: c))
                }
            }
            difference.append(line)
        }
        let shown =
            rows.count < analytical.rows || columns.count < analytical.columns
            ? " (rows \(rows.lowerBound)-\(rows.upperBound - 1), columns \(columns.lowerBound)-\(columns.upperBound - 1))" : ""
        func panel(_ name: String, _ matrix: [[Double]], marks: [MatrixCell]) -> Panel {
            Panel(
                title: name + shown, x: Axis("output element"), y: Axis("input element", reversed: true),
                layers: [.heatmap(matrix, marked: marks)], colorLabel: "value", legend: .below)
        }
        func cells(_ jacobian: Jacobian) -> [[Double]] { rows.map { k in columns.map { j in jacobian.at(k, j) } } }
        return Figure(
            title: title,
            panels: [
                panel("analytical (backward)", cells(analytical), marks: marked),
                panel("numerical (\(options.method.rawValue) differences)", cells(numerical), marks: marked),
                panel("analytical - numerical", difference, marks: marked),
            ])
    }

    /// One element's central differences against the step.
    public struct StepSweep: Sendable {
        /// The steps h, largest first.
        public let steps: [Double]
        /// The central difference at each step.
        public let differences: [Double]
        /// What backward gave for the element.
        public let analytical: Double
        /// The most accurate numerical value at hand: Richardson's extrapolation of two
        /// central differences (steps 10⁻³·max(1, |x|) and half of it), error about h⁴.
        public let extrapolated: Double

        /// |difference − analytical| at each step: flat at the rule's own error when backward is wrong.
        public var errorsAgainstAnalytical: [Double] { differences.map { abs($0 - analytical) } }
        /// |difference − extrapolated| at each step: the difference's own error, V-shaped
        /// (truncation falling as h² on the right, rounding rising as 1/h on the left).
        public var errorsAgainstExtrapolated: [Double] { differences.map { abs($0 - extrapolated) } }
    }

    /// The central differences of one Jacobian element at each step of `steps`: the input
    /// element `inputElement` (flat) of input `input` moves by ±h, and the derivative of
    /// output `output`'s element `outputElement` is read.
    public static func stepSweep(
        _ function: @escaping ([Tensor]) throws -> [Tensor], inputs: [Tensor], input: Int,
        inputElement: Int, output: Int, outputElement: Int, analytical: Double,
        steps: [Double] = sweepSteps
    ) throws -> StepSweep {
        let x = inputs[input]
        let base = try x.toArray()
        let dtype: FloatDType = x.dtype == .float32 ? .float32 : .float64
        func value(at point: Double) throws -> Double {
            var moved = base
            moved[inputElement] = point
            var arguments = inputs
            arguments[input] = try Tensor(shape: x.shape, values: moved, dtype: dtype)
            return try function(arguments)[output].toArray()[outputElement]
        }
        func central(_ h: Double) throws -> Double {
            // The step the input can hold: float32 rounds x ± h, and the difference divides by it.
            let up = dtype == .float32 ? Double(Float(base[inputElement] + h)) : base[inputElement] + h
            let down = dtype == .float32 ? Double(Float(base[inputElement] - h)) : base[inputElement] - h
            return (try value(at: up) - value(at: down)) / (up - down)
        }
        let h = 1e-3 * Swift.max(1, abs(base[inputElement]))
        let extrapolated = (4 * (try central(h / 2)) - (try central(h))) / 3
        return StepSweep(steps: steps, differences: try steps.map(central), analytical: analytical, extrapolated: extrapolated)
    }

    /// The log-log picture of a sweep: the error against backward's value (flat at a wrong
    /// rule's error) and against the extrapolated value (the V of truncation and rounding),
    /// with the step gradcheck used marked.
    public static func stepSweepFigure(_ sweep: StepSweep, usedStep: Double?, title: String) -> Figure {
        func curve(_ label: String, _ errors: [Double]) -> Curve {
            let kept = zip(sweep.steps, errors).filter { $0.1 > 0 && $0.1.isFinite }
            return Curve(label, x: kept.map(\.0), y: kept.map(\.1))
        }
        var layers: [Layer] = [
            .path(curve("|central difference - analytical|", sweep.errorsAgainstAnalytical)),
            .path(curve("|central difference - extrapolated|", sweep.errorsAgainstExtrapolated)),
        ]
        if let usedStep {
            let marks = zip(sweep.steps, sweep.errorsAgainstAnalytical).filter { abs(log10($0.0 / usedStep)) < 0.01 && $0.1 > 0 }
            if let mark = marks.first { layers.append(.points(Curve("gradcheck's step", x: [mark.0], y: [mark.1]))) }
        }
        return Figure(
            title: title,
            panels: [
                Panel(
                    title: "Error against the step: truncation (right) meets rounding (left)",
                    x: Axis("step h", scale: .log), y: Axis("error", scale: .log), layers: layers, legend: .below)
            ])
    }

    /// Draws the pictures of every failing comparison of `report` into `directory`, adding
    /// their paths to `report.pictures`; a picture that cannot be drawn becomes a warning.
    static func draw(
        _ report: inout GradCheckReport, function: CheckedFunction, options: GradCheckOptions,
        in directory: String
    ) {
        for comparison in report.comparisons where !comparison.passed && !comparison.worstInputElement.isEmpty {
            let name = "output\(comparison.output)-input\(comparison.input)"
            let folder = URL(fileURLWithPath: directory)
            do {
                let heatmaps = jacobianFigure(
                    comparison, options: options,
                    title: "gradcheck: Jacobian of output \(comparison.output) with respect to input \(comparison.input)")
                report.pictures += paths(try FigureRenderer.write(heatmaps, to: folder.appendingPathComponent(name + "-jacobians").path))
                let worst = worstCell(comparison)
                let sweep = try stepSweep(
                    { try function.evaluate($0) }, inputs: function.inputs, input: comparison.input,
                    inputElement: worst.row, output: comparison.output, outputElement: worst.column,
                    analytical: comparison.worstAnalytical)
                let figure = stepSweepFigure(
                    sweep, usedStep: options.eps ?? 1e-6,
                    title:
                        "gradcheck: input \(comparison.input) element \(comparison.worstInputElement), output \(comparison.output) element \(comparison.worstOutputElement)"
                )
                report.pictures += paths(try FigureRenderer.write(figure, to: folder.appendingPathComponent(name + "-steps").path))
            } catch {
                report.warnings.append("The pictures of output \(comparison.output) and input \(comparison.input) were not drawn: \(error)")
            }
        }
    }

    private static func paths(_ files: FigureRenderer.Files) -> [String] { [files.script, files.data] + files.pictures }

    /// The worst element's cell: its row (input element) and column (output element).
    private static func worstCell(_ comparison: JacobianComparison) -> MatrixCell {
        MatrixCell(row: comparison.worstRow, column: comparison.worstColumn)
    }

    /// At most `largestDrawnSide` positions of `count`, centred on `position` where they can be.
    private static func window(around position: Int, count: Int) -> Range<Int> {
        guard count > largestDrawnSide else { return 0..<count }
        let start = Swift.min(Swift.max(0, position - largestDrawnSide / 2), count - largestDrawnSide)
        return start..<(start + largestDrawnSide)
    }
}
