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

    /// An observation. Nothing the student's process reports about itself is trusted
    /// beyond its answers: what a check measures (memory) the grader reads from the kernel.
    public init(call: Int, outcome: Outcome) {
        self.call = call
        self.outcome = outcome
    }
}

/// Everything the student's process is asked to do.
public struct RunRequest: Codable, Sendable, Equatable {
    /// The calls, in order; each answers with one ``Observation`` on the results channel.
    public var calls: [Call]

    /// A request.
    public init(calls: [Call]) {
        self.calls = calls
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
