import Autograd
import Figures

/// A value a lab reports besides its transcript (for assertions and grading).
public enum LabValue: Equatable, Sendable, CustomStringConvertible {
    /// A number.
    case number(Double)
    /// A list of numbers.
    case numbers([Double])
    /// A table of rows.
    case rows([[Double]])
    /// A list of flags.
    case flags([Bool])

    /// The value as PyTorch's reference JSON would print it.
    public var description: String {
        switch self {
        case .number(let x): return "\(x)"
        case .numbers(let xs): return "\(xs)"
        case .rows(let rows): return "\(rows)"
        case .flags(let flags): return "\(flags)"
        }
    }
}

/// The lines a lab prints, collected so that they can be compared with PyTorch's.
public final class Transcript {
    /// The printed lines, in order.
    public private(set) var lines: [String] = []
    /// The loss of each step, for the figure (`--plot`): step 0, 1, 2, ... on `lossAxis`.
    public var losses: [Double] = []
    /// Named loss curves (a training and a validation loss), drawn with a legend.
    public private(set) var lossCurves: [Curve] = []
    /// What a step of `losses` is, on the figure's horizontal axis.
    public var lossAxis = "epoch"
    /// The data points, for drawing a fit.
    public var data: (x: [Double], y: [Double])?
    /// The fitted line `y = slope·x + intercept`, drawn over the data.
    public var fit: (slope: Double, intercept: Double)?
    /// Panels a lab draws beyond its loss and its fit (a loss landscape).
    public var panels: [Panel] = []
    /// The key values the lab returned.
    public internal(set) var values: [String: LabValue] = [:]

    /// Creates an empty transcript.
    public init() {}

    /// Prints items separated by spaces, as Python's `print(a, b, ...)`.
    /// A multi-line value (a matrix) adds one line per printed line.
    public func print(_ items: Any...) {
        let text = items.map { item -> String in
            switch item {
            case let x as Double: return NumberFormat.pythonRepr(x)
            case let b as Bool: return b ? "true" : "false"
            default: return "\(item)"
            }
        }.joined(separator: " ")
        lines += text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Adds the point (`step`, `loss`) to the loss curve named `series` (created on first use).
    public func record(_ series: String, step: Double, loss: Double) {
        if let index = lossCurves.firstIndex(where: { $0.label == series }) {
            lossCurves[index].x.append(step)
            lossCurves[index].y.append(loss)
        } else {
            lossCurves.append(Curve(series, x: [step], y: [loss]))
        }
    }

    /// Prints a thrown error as the reference does: `error: <message>`.
    public func print(error: Error) { print("error:", "\(error)") }
}

/// One lab: an article's program, ported to GradLab, with the id of its PyTorch reference.
public struct Lab: Sendable {
    /// The reference id, e.g. `autograd.lab1.one-parameter`.
    public let id: String
    /// A one-line title.
    public let title: String
    /// The article it comes from.
    public let article: Article
    /// The expected transcript of a lab that has no PyTorch counterpart (one that
    /// prints GradLab's own diagnostics); nil for labs checked against PyTorch.
    public let ownExpectation: [String]?
    /// Runs the program, printing into the transcript; returns its key values.
    public let body: @Sendable (Transcript) throws -> [String: LabValue]

    /// Creates a lab; `ownExpectation` only for labs that PyTorch cannot print.
    public init(
        id: String, title: String, article: Article, ownExpectation: [String]? = nil,
        body: @escaping @Sendable (Transcript) throws -> [String: LabValue]
    ) {
        self.id = id
        self.title = title
        self.article = article
        self.ownExpectation = ownExpectation
        self.body = body
    }

    /// Runs the lab and returns what it printed and reported.
    public func run() throws -> (transcript: [String], values: [String: LabValue]) {
        let transcript = try runForPlot()
        return (transcript.lines, transcript.values)
    }

    /// Runs the lab and returns its whole transcript, with the series a plot draws.
    public func runForPlot() throws -> Transcript {
        let transcript = Transcript()
        transcript.values = try body(transcript)
        return transcript
    }
}

/// Python-style formatting helpers used by the labs' f-strings.
public enum Py {
    /// `f"{x:.{digits}f}"`.
    public static func f(_ x: Double, _ digits: Int) -> String { NumberFormat.fixed(x, digits) }
    /// `f"{x:.{digits}e}"`.
    public static func e(_ x: Double, _ digits: Int) -> String { NumberFormat.scientific(x, digits) }
    /// `f"{x:.{digits}g}"`.
    public static func g(_ x: Double, _ digits: Int) -> String { NumberFormat.general(x, digits) }
    /// `f"{n:{width}d}"`: right-aligned integer.
    public static func d(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: " ", count: Swift.max(0, width - s.count)) + s
    }
    /// `f"{n:,}"`: an integer with thousands separators.
    public static func thousands(_ n: Int) -> String {
        let digits = String(Swift.abs(n))
        var grouped = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { grouped.append(",") }
            grouped.append(c)
        }
        return (n < 0 ? "-" : "") + grouped
    }
    /// Python's `str(list_of_ints)`, e.g. `[4, 3]`.
    public static func list(_ values: some Collection<Int>) -> String { "[\(values.map(String.init).joined(separator: ", "))]" }
    /// Space-separated formatted numbers (the reference's `nums`).
    public static func nums(_ xs: [Double], _ format: (Double) -> String) -> String {
        xs.map(format).joined(separator: " ")
    }
}
