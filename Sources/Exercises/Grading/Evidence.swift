import Foundation
import SolutionKit

/// A mistake learners make in an exercise, with the answer it would give: the feedback
/// names the mistake when the student's answer is that answer.
struct Mistake: Sendable {
    /// How the mistake's answer is found.
    enum Prediction: Sendable {
        /// What the reference returns for another call (one epoch more, the learning rate ignored, ...).
        case reference(Call)
        /// A change of the right answer (swapped, shifted by one, halved, ...).
        case fromExpected(@Sendable ([Value]) -> [Value]?)
        /// A model of the mistake run in the grader (gradients never zeroed, ...).
        case computed(@Sendable () throws -> [Value])

        /// The right answer's two parts the other way round.
        static let swapped = Prediction.fromExpected { $0.count == 2 ? [$0[1], $0[0]] : nil }
    }

    /// What the student probably did, and what to do instead.
    let explanation: String
    let prediction: Prediction

    init(_ explanation: String, _ prediction: Prediction) {
        self.explanation = explanation
        self.prediction = prediction
    }

    /// The mistake of calling the reference with the argument at `index` replaced, when
    /// that changes the call.
    static func argument(_ call: Call, _ index: Int, _ value: Value, _ explanation: String) -> Mistake? {
        guard call.arguments.indices.contains(index), call.arguments[index] != value else { return nil }
        var changed = call
        changed.arguments[index] = value
        return Mistake(explanation, .reference(changed))
    }
}

/// What a check judges: the calls, what the student's process answered, and what the
/// reference answers in the grader's process.
public struct Evidence: Sendable {
    /// The calls made.
    let calls: [Call]
    /// The student's answers, one per call.
    let answers: [[Value]]
    /// The reference's answers, one per call.
    let expected: [[Value]]
    /// The largest resident set of the student's process, by call, as the kernel counted
    /// it, for a check that runs each call in a process of its own (nil otherwise).
    let peakResidentBytes: [Int?]
    /// The exercise (its mistakes and hint).
    let exercise: GradedExercise
    /// How many leading calls use the article's values (their expected values may be shown).
    let publicCalls: Int
    /// Runs the reference for mistake predictions.
    let reference: ReferenceRunner
    /// A hidden check: neither its arguments nor its expected values are shown.
    var hidden = false

    /// Passes when every call's answer (or its `part`) matches the reference's; otherwise
    /// fails with the first differing call, its answer, the expected answer when the call
    /// is the article's, and a diagnosis.
    func compareAnswers(part: Int? = nil, what: String = "returned") -> CheckOutcome {
        for index in calls.indices {
            let student = select(answers[index], part), right = select(expected[index], part)
            if Evidence.close(student, right) { continue }
            let diagnosis = diagnose(index, student, right, part: part)
            if hidden {
                return .diagnosed(message: "on a hidden call, your answer differs from the reference's: " + diagnosis, diagnosis: diagnosis)
            }
            var message = "\(calls[index].code) \(what) \(Evidence.show(student))"
            if index < publicCalls { message += ", expected \(Evidence.show(right))" }
            return .diagnosed(message: message + ": " + diagnosis, diagnosis: diagnosis)
        }
        return .passed
    }

    /// The evidence of the calls in `range` only.
    func restricted(to range: Range<Int>) -> Evidence {
        Evidence(
            calls: Array(calls[range]), answers: Array(answers[range]), expected: Array(expected[range]),
            peakResidentBytes: Array(peakResidentBytes[range]), exercise: exercise, publicCalls: publicCalls, reference: reference,
            hidden: hidden)
    }

    /// The known mistake whose answers are the student's on the most wrong calls (several,
    /// named together, when they tie), a note on diverged values, or the exercise's hint.
    func diagnose(_ index: Int, _ student: [Value], _ right: [Value], part: Int?) -> String {
        let got = Evidence.numbers(student), want = Evidence.numbers(right)
        if got.count != want.count, !want.isEmpty, !got.isEmpty, case .numbers = right.first {
            return "it has \(got.count) values where \(want.count) are expected (one per step or epoch). \(exercise.hint)"
        }
        // Score each known mistake over every call the student got wrong: an exact match
        // counts 1, a match of diverged values (nan or inf alike) counts ½, since many
        // mistakes diverge the same way. The best explains the most.
        var scores: [String: (explanation: String, score: Double, finite: Bool)] = [:]
        for wrong in calls.indices where wrong == index || !Evidence.close(select(answers[wrong], part), select(expected[wrong], part)) {
            let studentAnswer = select(answers[wrong], part), rightAnswer = select(expected[wrong], part)
            for mistake in exercise.mistakes(calls[wrong]) {
                let key = mistake.explanation.filter { !$0.isNumber }
                guard wrong == index || scores[key] != nil,
                    let predicted = predict(mistake, wrong).map({ select($0, part) }),
                    Evidence.close(studentAnswer, predicted), !Evidence.close(predicted, rightAnswer)
                else { continue }
                let finite = Evidence.numbers(studentAnswer).allSatisfy(\.isFinite)
                let previous = scores[key] ?? (mistake.explanation, 0, false)
                scores[key] = (previous.explanation, previous.score + (finite ? 1 : 0.5), previous.finite || finite)
            }
        }
        if let best = scores.values.map(\.score).max() {
            let leaders = exercise.mistakes(calls[index]).compactMap { scores[$0.explanation.filter { !$0.isNumber }] }.filter { $0.score == best }
            if leaders.count == 1 { return leaders[0].explanation }
            let named = leaders.map(\.explanation).joined(separator: " Or: ")
            return leaders.contains(where: \.finite) ? "one of these: " + named : "the values diverged to inf or nan. Likely: " + named
        }
        if let places = Evidence.roundedPlaces(got, want) {
            return
                "your answer is the right one rounded to \(places) decimal place\(places == 1 ? "" : "s"): return the values as computed (round only what you print)."
        }
        if got.contains(where: { !$0.isFinite }), want.allSatisfy(\.isFinite) {
            return
                "the values diverged to inf or nan: every step overshoots, as with a learning rate too large for this loss. Is the loss summed where it should be averaged, or the step taken with the gradient's sign?"
        }
        return exercise.hint
    }

    /// The decimal places (0 to 4) to which `got` is `want` rounded, when it is and differs.
    static func roundedPlaces(_ got: [Double], _ want: [Double]) -> Int? {
        guard got.count == want.count, !got.isEmpty, !zip(got, want).allSatisfy(closeNumbers) else { return nil }
        return (0...4).first { places in
            let scale = pow(10, Double(places))
            return zip(got, want).allSatisfy { Swift.abs($0 - ($1 * scale).rounded() / scale) <= 1e-9 * max(1, Swift.abs($0)) }
        }
    }

    private func predict(_ mistake: Mistake, _ index: Int) -> [Value]? {
        switch mistake.prediction {
        case .reference(let call): try? reference.answer(call)
        case .fromExpected(let change): change(expected[index])
        case .computed(let model): try? model()
        }
    }

    private func select(_ values: [Value], _ part: Int?) -> [Value] {
        guard let part else { return values }
        return values.indices.contains(part) ? [values[part]] : []
    }

    /// Same shape and every number close (``closeNumbers(_:_:)``; the labs run in float32).
    static func close(_ a: [Value], _ b: [Value]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { x, y in
            switch (x, y) {
            case (.text(let s), .text(let t)): return s == t
            case (.integer(let m), .integer(let n)): return m == n
            default:
                let u = numbers([x]), v = numbers([y])
                guard u.count == v.count, x.isList == y.isList else { return false }
                return zip(u, v).allSatisfy(closeNumbers)
            }
        }
    }

    /// Within 1e-4 absolute plus 1e-4 relative; a nan matches a nan and an infinity one
    /// of the same sign (a diverged answer is the same as another that diverged alike).
    static func closeNumbers(_ x: Double, _ y: Double) -> Bool {
        if x.isNaN || y.isNaN { return x.isNaN && y.isNaN }
        if x.isInfinite || y.isInfinite { return x == y }
        return Swift.abs(x - y) <= 1e-4 + 1e-4 * Swift.abs(y)
    }

    /// Every number in `values`, flattened.
    static func numbers(_ values: [Value]) -> [Double] {
        values.flatMap { value -> [Double] in
            switch value {
            case .number(let x): [x]
            case .numbers(let xs): xs
            case .integer(let n): [Double(n)]
            case .text: []
            }
        }
    }

    /// Values as feedback writes them: `(2.0047, 0.98617)`, `[4.4, 2.48]`.
    static func show(_ values: [Value]) -> String {
        let parts = values.map { value -> String in
            switch value {
            case .number(let x): Py.g(x, 6)
            case .numbers(let xs): "[" + xs.prefix(8).map { Py.g($0, 6) }.joined(separator: ", ") + (xs.count > 8 ? ", … (\(xs.count) values)" : "") + "]"
            case .integer(let n): "\(n)"
            case .text(let s): s
            }
        }
        return parts.count == 1 ? parts[0] : "(" + parts.joined(separator: ", ") + ")"
    }
}

extension Value {
    var isList: Bool { if case .numbers = self { true } else { false } }
}

/// The reference solutions, run in the grader's process, with their answers remembered
/// (a class's submissions share them).
public final class ReferenceRunner: @unchecked Sendable {
    private let solutions: Solutions
    private let lock = NSLock()
    private var answers: [Call: Result<[Value], Error>] = [:]

    /// A runner of `solutions`.
    public init(_ solutions: Solutions) {
        self.solutions = solutions
    }

    /// The reference's answer to `call`.
    func answer(_ call: Call) throws -> [Value] {
        if let known = lock.withLock({ answers[call] }) { return try known.get() }
        let result = Result { try call.function.call(on: solutions, with: call.arguments) }
        lock.withLock { answers[call] = result }
        return try result.get()
    }
}
