import Foundation

/// A value that crosses the wall between the grader and the student's process: an
/// argument of a call or a part of an answer.
public enum Value: Codable, Sendable, Hashable, CustomStringConvertible {
    /// One number.
    case number(Double)
    /// A list of numbers.
    case numbers([Double])
    /// A whole number (epochs, steps, a seed).
    case integer(Int)
    /// A word (a multiple-choice answer, a message).
    case text(String)

    /// The value as the exercise docs write it: `2.0047`, `[1, 2]`, `201`, `"word"`.
    public var description: String {
        switch self {
        case .number(let x): Value.show(x)
        case .numbers(let xs): "[" + xs.map(Value.show).joined(separator: ", ") + "]"
        case .integer(let n): "\(n)"
        case .text(let s): "\"\(s)\""
        }
    }

    private static func show(_ x: Double) -> String {
        x == x.rounded() && Swift.abs(x) < 1e15 ? String(Int(x)) : "\(x)"
    }
}

/// One call of a student's function, as the grader asks for it.
public struct Call: Codable, Sendable, Hashable {
    /// Which function of ``Solutions``.
    public var function: SolutionFunction
    /// Its arguments, in order.
    public var arguments: [Value]

    /// A call of `function` with `arguments`.
    public init(_ function: SolutionFunction, _ arguments: [Value]) {
        self.function = function
        self.arguments = arguments
    }

    /// `fitTwoParameters([1, 2], [3, 5], 0.05, 201)`: the call as Swift, for feedback.
    public var code: String { "\(function.rawValue)(\(arguments.map(\.description).joined(separator: ", ")))" }
}

/// What one call did, as the student's process reports it: observations only, never a
/// verdict. The grader compares them with what the reference does in its own process.
public struct Observation: Codable, Sendable, Equatable {
    /// How the call ended.
    public enum Outcome: Codable, Sendable, Equatable {
        /// It returned these values.
        case answered([Value])
        /// It threw this error.
        case threw(String)
        /// The function is still a stub.
        case unattempted
    }

    /// The position of the call in the request.
    public var call: Int
    /// How it ended.
    public var outcome: Outcome
    /// The most graph nodes alive at once while it ran (see `GraphDiagnostics.peakLiveNodeCount`).
    public var peakLiveNodes: Int

    /// An observation.
    public init(call: Int, outcome: Outcome, peakLiveNodes: Int) {
        self.call = call
        self.outcome = outcome
        self.peakLiveNodes = peakLiveNodes
    }
}

/// What the student's process may do, applied by the runner before any student code runs.
public struct Confinement: Codable, Sendable, Equatable {
    /// Address-space limit (`RLIMIT_AS`), bytes.
    public var memoryBytes: UInt64?
    /// Limit on processes and threads of the user (`RLIMIT_NPROC`).
    public var processes: UInt64?
    /// Largest file the process may write (`RLIMIT_FSIZE`), bytes.
    public var fileBytes: UInt64?
    /// CPU-time limit (`RLIMIT_CPU`), seconds: a backstop behind the grader's wall clock.
    public var cpuSeconds: UInt64?
    /// The unprivileged user and group to become (when the grader runs as root).
    public var user: UInt32?, group: UInt32?
    /// Paths covered by an empty file system (in the child's own mount namespace), so
    /// that the reference solutions, hidden checks and other submissions cannot be read.
    public var hiddenPaths: [String] = []
    /// Whether to mount an empty, private `/tmp` (and work there).
    public var privateTemporary = false
    /// The scratch directory to work in (when there is no private `/tmp`).
    public var workDirectory: String?

    /// No limits.
    public init() {}
}

/// Everything the student's process is asked to do.
public struct RunRequest: Codable, Sendable, Equatable {
    /// The calls, in order; each answers with one ``Observation`` on the results channel.
    public var calls: [Call]
    /// The limits and protections to apply first.
    public var confinement: Confinement

    /// A request.
    public init(calls: [Call], confinement: Confinement) {
        self.calls = calls
        self.confinement = confinement
    }
}

/// The JSON both sides of the wall speak (non-finite numbers as "nan", "inf", "-inf").
public enum Wire {
    /// The file descriptor of the results channel in the student's process.
    public static let resultsDescriptor: Int32 = 3
    /// The descriptor on which the grader acknowledges each observation (a newline), once
    /// it has collected the output printed before it.
    public static let acknowledgementDescriptor: Int32 = 4

    /// An encoder for requests and observations.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    /// A decoder for requests and observations.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }
}
