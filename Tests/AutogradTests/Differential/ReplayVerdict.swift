@testable import Autograd

/// How GradLab's outcome for a program relates to PyTorch's. The raw value is the
/// class name written in `known-differences.json`.
enum ReplayClass: String, CaseIterable, Sendable {
    // Matches.
    /// Same result; every value and gradient identical.
    case bitExact
    /// Same result; some value or gradient differs within tolerance.
    case withinTolerance
    /// Both threw, with the same message, at the same op (or input).
    case sameError

    // Differences in the result.
    /// The result's values differ beyond tolerance.
    case differentValues
    /// The result's shape differs.
    case differentShape
    /// The result's dtype differs.
    case differentDType
    /// The result's `requires_grad` differs.
    case differentRequiresGrad
    /// The result's `grad_fn` name differs.
    case differentGradFn
    /// An input has a gradient in one and none in the other (also: nil versus all zeros).
    case gradPresence
    /// An input's gradient values differ beyond tolerance.
    case differentGradValues
    /// PyTorch's backward threw; GradLab's did not.
    case missingBackwardError
    /// GradLab's backward threw; PyTorch's did not.
    case unexpectedBackwardError
    /// Both backwards threw, with different messages.
    case differentBackwardError

    // Differences in errors.
    /// Both threw, with different messages (or at different ops).
    case differentError
    /// PyTorch threw; GradLab did not.
    case missingError
    /// GradLab threw; PyTorch did not.
    case unexpectedError

    // Not comparable.
    /// The program uses an op GradLab's API lacks.
    case unsupported
    /// The fixture could not be replayed (a fixture or harness bug); always a test failure.
    case invalidFixture

    /// True for the classes where GradLab agrees with PyTorch.
    var isMatch: Bool { self == .bitExact || self == .withinTolerance || self == .sameError }
}

/// The verdict on one program: its class and, for a difference, what differs.
struct ReplayVerdict: Sendable {
    /// The program's id.
    let programID: String
    /// How GradLab's outcome relates to PyTorch's.
    let kind: ReplayClass
    /// For a difference: "expected X, got Y"; empty for a match.
    let detail: String
    /// The program's note (edge programs), for messages.
    let note: String?

    /// The longest `known-differences.json` entry written.
    static let entryLimit = 200

    /// The entry `known-differences.json` holds for this program: "class: detail", at most 200 characters.
    var knownDifferenceEntry: String {
        String("\(kind.rawValue): \(detail)".prefix(Self.entryLimit))
    }

    /// The program's id with its note, for test messages: `e0101 (max() of an empty tensor: error)`.
    var label: String {
        guard let note, !note.isEmpty else { return programID }
        return "\(programID) (\(note))"
    }
}

/// Judges what GradLab did against what PyTorch did.
enum ReplayJudge {
    /// The verdict on `program`, whose GradLab run gave `outcome`.
    static func judge(_ program: DifferentialProgram, _ outcome: ReplayOutcome) -> ReplayVerdict {
        let (kind, detail) = classify(program, outcome)
        return ReplayVerdict(programID: program.id, kind: kind, detail: detail, note: program.note)
    }

    /// The class and detail of `outcome` against the program's expectation.
    private static func classify(_ program: DifferentialProgram, _ outcome: ReplayOutcome) -> (ReplayClass, String) {
        switch (program.expect, outcome) {
        case (_, .invalidFixture(let problem)):
            return (.invalidFixture, problem)
        case (_, .unsupported(let op)):
            return (.unsupported, "GradLab has no \(op)")
        case (.error(let expected), .inputError(let index, let message)):
            return compareErrors(expected, message: message, at: "input \(index)", program: program)
        case (.error(let expected), .opError(let index, let message)):
            return compareErrors(expected, message: message, at: opPlace(index, in: program), program: program)
        case (.error(let expected), .result(let result)):
            return (
                .missingError,
                "expected error \(quoted(expected.message)) at \(expectedPlace(expected, in: program)), "
                    + "got a \(result.dtype.rawValue) result of shape \(result.shape)"
            )
        case (.result, .inputError(let index, let message)):
            return (.unexpectedError, "expected a result, got error \(quoted(message)) at input \(index)")
        case (.result(let expected), .opError(let index, let message)):
            return (
                .unexpectedError,
                "expected a \(expected.dtype) result of shape \(expected.shape), "
                    + "got error \(quoted(message)) at \(opPlace(index, in: program))"
            )
        case (.result(let expected), .result(let actual)):
            return ResultComparison.classify(expected, actual, inputs: program.inputs)
        }
    }

    /// `sameError` when GradLab threw PyTorch's message at PyTorch's place, else `differentError`.
    private static func compareErrors(
        _ expected: ExpectedError, message: String, at place: String,
        program: DifferentialProgram
    ) -> (ReplayClass, String) {
        let wantedPlace = expectedPlace(expected, in: program)
        if message == expected.message && place == wantedPlace { return (.sameError, "") }
        let location = place == wantedPlace ? "" : " (PyTorch at \(wantedPlace), GradLab at \(place))"
        return (.differentError, "expected \(quoted(expected.message)), got \(quoted(message))\(location)")
    }

    /// Where PyTorch threw: "op 2 (mul)" or "input 0".
    private static func expectedPlace(_ expected: ExpectedError, in program: DifferentialProgram) -> String {
        if let index = expected.opIndex { return opPlace(index, in: program) }
        if let index = expected.inputIndex { return "input \(index)" }
        return "an unknown place"
    }

    /// "op 2 (mul)", with the name only when the index is in range.
    private static func opPlace(_ index: Int, in program: DifferentialProgram) -> String {
        guard program.ops.indices.contains(index) else { return "op \(index)" }
        return "op \(index) (\(program.ops[index].name))"
    }

    /// `text` in double quotes, for messages.
    static func quoted(_ text: String) -> String { "\"\(text)\"" }
}
