import Autograd
import GradCheck

/// The functions of ``Solutions`` by name, and how the grader calls each one: the
/// arguments arrive as ``Value``s and the answer leaves as ``Value``s, so that the
/// student's process needs nothing of the grader but this table.
public enum SolutionFunction: String, Codable, Sendable, CaseIterable {
    /// `oneParameter(start)`.
    case oneParameter
    /// `gradientIsNotTheUpdate(start, lr, steps)`.
    case gradientIsNotTheUpdate
    /// `accumulation(value)`.
    case accumulation
    /// `fitTwoParameters(x, y, lr, epochs)`.
    case fitTwoParameters
    /// `noZeroGradEffect()`.
    case noZeroGradEffect
    /// `learningRates()`.
    case learningRates
    /// `storeLosses(x, y, lr, epochs)`.
    case storeLosses
    /// `manualRegression(seed, lr, epochs)`.
    case manualRegression
    /// `twoFeatures(seed)`.
    case twoFeatures
    /// `autogradSGD(seed, lr)`.
    case autogradSGD
    /// `quadraticDescent(start, lr, steps)`.
    case quadraticDescent
    /// `detachSharesMemory(values, newValue)`.
    case detachSharesMemory
    /// `customSquare` at the points of the first argument; backward with the second as
    /// the output's gradient. Answers the forward values, the input's gradient, and what
    /// made the output (``customFunctionMark`` when a custom function lies on its way to
    /// the input, so that its hand-written backward is what ran).
    case customSquare
    /// gradcheck on `customSquare` at the given points, in the student's process: its
    /// first failure message (empty when it passes), for the feedback only.
    case customSquareGradcheck

    /// The kinds of its arguments, in order (hidden checks are read with them).
    public var parameters: [ValueKind] {
        switch self {
        case .oneParameter, .accumulation: [.number]
        case .gradientIsNotTheUpdate: [.number, .number, .integer]
        case .fitTwoParameters, .storeLosses: [.numbers, .numbers, .number, .integer]
        case .noZeroGradEffect, .learningRates: []
        case .manualRegression: [.integer, .number, .integer]
        case .twoFeatures: [.integer]
        case .autogradSGD: [.integer, .number]
        case .quadraticDescent: [.numbers, .number, .integer]
        case .detachSharesMemory: [.numbers, .number]
        case .customSquare: [.numbers, .numbers]
        case .customSquareGradcheck: [.numbers]
        }
    }

    /// Calls the function on `solutions` with `arguments` and returns its answer.
    public func call(on s: Solutions, with arguments: [Value]) throws -> [Value] {
        let a = Arguments(values: arguments, function: self)
        switch self {
        case .oneParameter:
            let r = try s.oneParameter(a.number(0))
            return [.number(r.loss), .number(r.wGrad)]
        case .gradientIsNotTheUpdate:
            return [.numbers(try s.gradientIsNotTheUpdate(a.number(0), a.number(1), a.integer(2)))]
        case .accumulation:
            return [.numbers(try s.accumulation(a.number(0)))]
        case .fitTwoParameters:
            let r = try s.fitTwoParameters(a.numbers(0), a.numbers(1), a.number(2), a.integer(3))
            return [.number(r.w), .number(r.b)]
        case .noZeroGradEffect:
            return [.text(try s.noZeroGradEffect().rawValue)]
        case .learningRates:
            let r = try s.learningRates()
            return [.number(r.unstable), .number(r.slow)]
        case .storeLosses:
            return [.numbers(try s.storeLosses(a.numbers(0), a.numbers(1), a.number(2), a.integer(3)))]
        case .manualRegression:
            let r = try s.manualRegression(a.integer(0), a.number(1), a.integer(2))
            return [.number(r.w), .number(r.b)]
        case .twoFeatures:
            let r = try s.twoFeatures(a.integer(0))
            return [.numbers(r.w), .number(r.b)]
        case .autogradSGD:
            let r = try s.autogradSGD(a.integer(0), a.number(1))
            return [.number(r.w), .number(r.b)]
        case .quadraticDescent:
            return [.numbers(try s.quadraticDescent(a.numbers(0), a.number(1), a.integer(2)))]
        case .detachSharesMemory:
            return [.numbers(try s.detachSharesMemory(a.numbers(0), a.number(1)))]
        case .customSquare:
            let points = try a.numbers(0), gradOutput = try a.numbers(1)
            let x = try Tensor(shape: [points.count], values: points, dtype: .float64, requiresGrad: true)
            let y = try s.customSquare(x)
            let forward = try y.toArray()
            let madeBy: Value = .text(
                SolutionFunction.reachesCustomFunction(y.gradFn)
                    ? SolutionFunction.customFunctionMark
                    : "built-in ops (grad_fn \(y.gradFn?.name ?? "none"))")
            guard y.requiresGrad else { return [.numbers(forward), .numbers([]), madeBy] }
            try y.backward(gradient: Tensor(shape: [gradOutput.count], values: gradOutput, dtype: .float64))
            return [.numbers(forward), .numbers(try x.grad?.toArray() ?? []), madeBy]
        case .customSquareGradcheck:
            let x = try Tensor(shape: [try a.numbers(0).count], values: a.numbers(0), dtype: .float64, requiresGrad: true)
            let report = try gradcheckReport({ [try s.customSquare($0[0])] }, inputs: [x])
            return [.text(report.failures.first ?? "")]
        }
    }
}

extension SolutionFunction {
    /// What ``customSquare`` answers when a custom function made its output.
    public static let customFunctionMark = "a custom function"

    /// Whether a node recorded by a custom function lies on the graph below `node`.
    static func reachesCustomFunction(_ node: Node?) -> Bool {
        var stack = [node].compactMap { $0 }, seen = Set<ObjectIdentifier>()
        while let next = stack.popLast() {
            guard seen.insert(ObjectIdentifier(next)).inserted else { continue }
            if next.isCustomFunction { return true }
            stack += next.nextFunctions.compactMap { $0 }
        }
        return false
    }
}

/// A call's arguments, read by position and type.
struct Arguments {
    let values: [Value]
    let function: SolutionFunction

    func number(_ i: Int) throws -> Double {
        if case .number(let x) = try value(i) { return x }
        throw mismatch(i, "a number")
    }

    func numbers(_ i: Int) throws -> [Double] {
        if case .numbers(let xs) = try value(i) { return xs }
        throw mismatch(i, "a list of numbers")
    }

    func integer(_ i: Int) throws -> Int {
        if case .integer(let n) = try value(i) { return n }
        throw mismatch(i, "a whole number")
    }

    private func value(_ i: Int) throws -> Value {
        guard values.indices.contains(i) else { throw mismatch(i, "an argument") }
        return values[i]
    }

    private func mismatch(_ i: Int, _ expected: String) -> ArgumentMismatch {
        ArgumentMismatch(description: "\(function.rawValue): argument \(i + 1) must be \(expected)")
    }
}

/// The grader asked for a call with the wrong arguments (a fault of the grader's catalog,
/// never of the student).
public struct ArgumentMismatch: Error, CustomStringConvertible, Sendable {
    /// What is wrong.
    public let description: String
}

/// The kind of a ``Value``.
public enum ValueKind: String, Sendable {
    /// One number.
    case number
    /// A list of numbers.
    case numbers
    /// A whole number.
    case integer
}
