import Autograd
import ReferenceSolutions
import SolutionKit
import Testing

@testable import Exercises

/// The series' graded exercises judged both ways, in the grader's process: for calls drawn
/// at several grading seeds, the reference's answers pass; an answer hard-coded from the
/// article's call fails; and each mistake an exercise names, answered as the mistake would
/// answer, fails with its explanation in the feedback. (The runner-based proofs in
/// `GraderProofTests` grade whole solutions; these cover every series check quickly.)
@Suite("The series' graded exercises are proven")
struct SeriesExerciseProofTests {
    static let seriesExercises = ExerciseCatalog.all.filter { $0.id.hasPrefix("series.") }
    static let seeds: [UInt64] = [1, 7, 2026]

    /// The evidence of `check` answered by `answers` (per call), at `seed`.
    static func evidence(_ exercise: GradedExercise, _ calls: [Call], answers: [[Value]], expected: [[Value]]) -> Evidence {
        Evidence(
            calls: calls, answers: answers, expected: expected, peakResidentBytes: calls.map { _ in nil }, exercise: exercise,
            publicCalls: 1, reference: sharedReference)
    }

    static func passed(_ outcome: CheckOutcome) -> Bool { if case .passed = outcome { true } else { false } }

    @Test func everyPostWithExercisesIsGraded() {
        let posts = Set(Self.seriesExercises.map { $0.id.split(separator: ".").prefix(3).joined(separator: ".") })
        #expect(Self.seriesExercises.count >= 40)
        for post in [
            "series.1.1", "series.1.3", "series.1.4", "series.1.5", "series.2.1", "series.2.2", "series.2.3", "series.2.4", "series.2.5", "series.2.6",
            "series.3.1", "series.3.2", "series.3.3", "series.3.4",
        ] {
            #expect(posts.contains { $0.hasPrefix(post) }, "no graded exercise for \(post)")
        }
    }

    @Test("right answers pass, hard-coded ones fail, every drawn call is in the function's domain", arguments: seriesExercises)
    func rightPassesAndHardCodedFails(_ exercise: GradedExercise) throws {
        for seed in Self.seeds {
            var draw = GradingDraw(seed: seed, exercise: exercise.id)
            for check in exercise.checks {
                let calls = check.calls(&draw)
                #expect(calls.count >= 2, "\(check.name): the article's call and at least one drawn call")
                for call in calls {
                    #expect(ArgumentDomain.of(call.function).problem(call.arguments) == nil, "\(call.code) is outside its domain")
                }
                let expected = try calls.map { try sharedReference.answer($0) }
                for answer in expected {
                    #expect(Evidence.numbers(answer).allSatisfy { $0.isFinite }, "\(check.name): the reference answers a non-finite number")
                }
                #expect(Self.passed(check.judge(Self.evidence(exercise, calls, answers: expected, expected: expected))), "\(check.name), seed \(seed)")
                let hardCoded = calls.map { _ in expected[0] }
                #expect(
                    !Self.passed(check.judge(Self.evidence(exercise, calls, answers: hardCoded, expected: expected))),
                    "\(check.name): the article's answer hard-coded wins at seed \(seed)")
            }
        }
    }

    /// A right solution may add its sums in another order (a hand-written mean, another
    /// reduction): the reference itself, summing in PyTorch's AVX2 order instead of
    /// GradLab's default, must still pass every check.
    @Test("a right answer summed in another order passes", arguments: seriesExercises)
    func anotherSummationOrderPasses(_ exercise: GradedExercise) throws {
        var draw = GradingDraw(seed: 5, exercise: exercise.id)
        let reordered = ReferenceRunner(referenceSolutions)
        for check in exercise.checks {
            let calls = check.calls(&draw)
            let expected = try calls.map { try sharedReference.answer($0) }
            let answers = try withSummationOrder(of: .avx2) { try calls.map { try reordered.answer($0) } }
            let outcome = check.judge(Self.evidence(exercise, calls, answers: answers, expected: expected))
            #expect(Self.passed(outcome), "\(check.name): \(outcome)")
        }
    }

    @Test("each named mistake loses points and is named in the feedback", arguments: seriesExercises)
    func mistakesAreCaughtAndNamed(_ exercise: GradedExercise) throws {
        var draw = GradingDraw(seed: 11, exercise: exercise.id)
        let checks = try exercise.checks.map { check in
            let calls = check.calls(&draw)
            return (check, calls, try calls.map { try sharedReference.answer($0) })
        }
        // A solution with the slip answers every call as the mistake predicts for it; a
        // check may look at one part of the answer only, so the slip must lose at least one
        // check of the exercise, and that check's feedback must name it.
        let explanations = Set(checks.flatMap { check, calls, _ in exercise.mistakes(calls[0]).map(\.explanation) })
        for explanation in explanations.sorted() {
            var differs = false, caught = false, named = false
            for (check, calls, expected) in checks {
                let answers = calls.indices.map { index in
                    Self.prediction(exercise.mistakes(calls[index]).first { $0.explanation == explanation }, expected[index]) ?? expected[index]
                }
                guard answers.indices.contains(where: { !Evidence.close(answers[$0], expected[$0]) }) else { continue }
                differs = true
                let outcome = check.judge(Self.evidence(exercise, calls, answers: answers, expected: expected))
                if !Self.passed(outcome) { caught = true }
                if case .diagnosed(_, let diagnosis) = outcome, diagnosis.contains(explanation) { named = true }
            }
            guard differs else { continue }
            #expect(caught, "\(exercise.id): \"\(explanation)\" loses no point")
            #expect(named, "\(exercise.id): \"\(explanation)\" is never named")
        }
    }

    /// What `mistake` answers for a call whose right answer is `expected`.
    static func prediction(_ mistake: Mistake?, _ expected: [Value]) -> [Value]? {
        switch mistake?.prediction {
        case .reference(let call): try? sharedReference.answer(call)
        case .fromExpected(let change): change(expected)
        case .computed(let model): try? model()
        case nil: nil
        }
    }
}
