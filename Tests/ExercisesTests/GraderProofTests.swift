import Testing
import Autograd
@testable import Exercises
import ReferenceSolutions

/// A deliberately wrong solution and what the grader must say about it.
struct BuggySolution: Sendable, CustomTestStringConvertible {
    let name: String
    let solutions: Solutions
    /// The check that must fail, and a phrase its feedback must contain.
    let failingCheck: String
    let feedback: String
    /// Other checks that fail too because they call the same buggy function.
    var alsoFailing: [String] = []
    var testDescription: String { name }
}

private func with(_ change: (inout Solutions) -> Void) -> Solutions {
    var solutions = referenceSolutions
    change(&solutions)
    return solutions
}

/// Buggy students keep their loss tensors here (Exercise 4's classic mistake).
nonisolated(unsafe) private var keptLosses: [Tensor] = []

private enum WrongSquare: CustomFunction {
    static let name = "WrongSquareBackward"
    static func forward(_ ctx: FunctionContext, _ inputs: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(inputs[0])
        return try inputs[0] * inputs[0]
    }
    static func backward(_ ctx: FunctionContext, _ gradOutput: Tensor) throws -> [Tensor?] {
        [try gradOutput * ctx.savedTensors()[0]]
    }
}

extension BuggySolution {
    static let all: [BuggySolution] = [
        BuggySolution(name: "Lab 1 with the sign flipped", solutions: with { $0.oneParameter = { (16, 24) } },
                      failingCheck: "Lab 1: w.grad is -24", feedback: "the sign is flipped"),
        BuggySolution(name: "Lab 1 with backward called twice", solutions: with {
            $0.oneParameter = {
                let w = Tensor(2.0, requiresGrad: true)
                let loss = try (w * 3 - 10) ** 2
                try loss.backward(retainGraph: true)
                try loss.backward()
                return (try loss.item(), try w.grad!.item())
            }
        }, failingCheck: "Lab 1: w.grad is -24", feedback: "backward ran twice"),
        BuggySolution(name: "Lab 2 without zeroing", solutions: with {
            $0.gradientIsNotTheUpdate = {
                let w = Tensor(2.0, requiresGrad: true)
                return try (1...5).map { _ in
                    try ((w * 3 - 10) ** 2).backward()
                    try noGrad { try w -= 0.1 * w.grad! }
                    return try w.item()
                }
            }
        }, failingCheck: "Lab 2: w after each of five steps", feedback: "Is w.grad zeroed after each step?"),
        BuggySolution(name: "Lab 3 zeroing too early", solutions: with { $0.accumulation = { [6, 2, 2] } },
                      failingCheck: "Lab 3: x.grad after each backward", feedback: "zeroed before the second backward"),
        BuggySolution(name: "Lab 4 without zeroing", solutions: with {
            $0.fitTwoParameters = { xs, ys, lr, epochs in
                let (x, y) = (Tensor(xs), Tensor(ys))
                let w = Tensor(0.0, requiresGrad: true), b = Tensor(0.0, requiresGrad: true)
                for _ in 0..<epochs {
                    try ((w * x + b - y) ** 2).mean().backward()
                    try noGrad {
                        try w -= lr * w.grad!
                        try b -= lr * b.grad!
                    }
                }
                return (try w.item(), try b.item())
            }
        }, failingCheck: "Lab 4: w and b after 201 epochs", feedback: "the gradients accumulate across epochs",
           alsoFailing: ["Exercise 1: 201 epochs on y = 3x - 2", "Exercise 1: w and b approach 3 and -2"]),
        BuggySolution(name: "Exercise 4 keeping loss tensors", solutions: with {
            let right = $0.storeLosses
            $0.storeLosses = { epochs in
                let (x, y) = (Tensor([1.0, 2, 3, 4]), Tensor([3.0, 5, 7, 9]))
                let w = Tensor(0.0, requiresGrad: true)
                for _ in 0..<epochs { keptLosses.append(try ((w * x - y) ** 2).mean()) }
                return try right(epochs)
            }
        }, failingCheck: "Exercise 4: no graph is kept alive", feedback: "graph nodes are still alive"),
        BuggySolution(name: "Exercise 3 with the answers swapped", solutions: with { $0.learningRates = { (0.005, 0.5) } },
                      failingCheck: "Exercise 3: which learning rate is unstable and which is slow", feedback: "is not right"),
        BuggySolution(name: "Training-loop Exercise 3 without requiresGrad", solutions: with {
            $0.autogradSGD = {
                manualSeed(42)
                _ = try Tensor.randn([100, 1])
                let w = try Tensor.randn([1]), b = try Tensor.randn([1])
                let optimizer = try SGD([w, b], lr: 0.1)
                try optimizer.step()
                return (try w.item(), try b.item())
            }
        }, failingCheck: "Training loop Exercise 3: w and b", feedback: "they do not require grad"),
        BuggySolution(name: "detach() replaced by a copy", solutions: with { $0.detachSharesMemory = { [1, 2, 3] } },
                      failingCheck: "Seed 000: writing through detach() changes w", feedback: "write through the detached tensor's memory"),
        BuggySolution(name: "custom op with a backward missing its factor 2", solutions: with { $0.customSquare = { try WrongSquare.apply($0) } },
                      failingCheck: "Custom op: backward passes gradcheck", feedback: "gradcheck: Jacobian mismatch for output 0 with respect to input 0,"),
    ]
}

/// Every grader proven three ways: full marks for the reference, no marks for the stubs,
/// and the right lost points and feedback for each buggy solution.
@Suite("Graders are proven")
struct GraderProofTests {
    @Test func referenceSolutionsEarnFullMarks() throws {
        let results = Grader.grade(referenceSolutions)
        for result in results where result.status != "pass" {
            Issue.record("\(result.name): \(result.message ?? result.status)")
        }
        let total = ExerciseCatalog.all.reduce(0) { $0 + $1.points }
        #expect(results.reduce(0) { $0 + $1.earned } == total)
        #expect(Grader.summary(results) == "grade: \(total)/\(total) points; \(results.count) checks passed, 0 failed, 0 unattempted")
    }

    @Test func stubsEarnNothingAndAreReportedAsUnattempted() throws {
        let results = Grader.grade(.stubs)
        #expect(results.allSatisfy { $0.status == "unattempted" && $0.earned == 0 })
        #expect(results.first?.message == "Seed 001 Lab 1: one parameter, one gradient is not attempted yet: replace the stub in Sources/StudentSolutions.")
    }

    @Test("each buggy solution loses the right points with the right feedback", arguments: BuggySolution.all)
    func buggy(_ bug: BuggySolution) throws {
        let results = Grader.grade(bug.solutions)
        let failing = results.filter { $0.status != "pass" }
        #expect(failing.map(\.name) == [bug.failingCheck] + bug.alsoFailing, "only the buggy part loses points")
        let result = try #require(failing.first)
        #expect(result.message?.contains(bug.feedback) == true, "\(result.message ?? "")")
        let total = ExerciseCatalog.all.reduce(0) { $0 + $1.points }
        #expect(results.reduce(0) { $0 + $1.earned } == total - failing.reduce(0) { $0 + $1.points })
    }

    @Test func aSolutionThatThrowsIsAnErrorForItsExerciseOnly() throws {
        struct Oops: Error {}
        let results = Grader.grade(with { $0.twoFeatures = { throw Oops() } })
        let broken = results.filter { $0.status != "pass" }
        #expect(broken.map(\.status) == ["error"])
        #expect(broken.first?.message?.contains("the solution threw") == true)
    }

    @Test func everyExerciseHasChecksAndUniqueNames() throws {
        #expect(ExerciseCatalog.all.count >= 14)
        let names = ExerciseCatalog.all.flatMap { $0.checks.map(\.name) }
        #expect(Set(names).count == names.count)
        #expect(ExerciseCatalog.all.map(\.task) == Array(1...ExerciseCatalog.all.count))
    }
}

/// A crash or an endless loop costs its exercise, reported with a time limit.
@Suite("Isolated grading")
struct IsolatedGradingTests {
    let exercise = ExerciseCatalog.all[0]
    let shell = URL(fileURLWithPath: "/bin/sh")

    @Test func anEndlessLoopIsStoppedAtTheTimeLimit() throws {
        let results = try IsolatedGrading.run(exercise, executable: shell, arguments: ["-c", "exec sleep 30"], timeout: 0.5)
        #expect(results.count == exercise.checks.count)
        #expect(results.allSatisfy { $0.status == "error" && $0.message?.contains("did not finish within 0.5 s") == true })
    }

    @Test func aCrashIsReportedForItsExercise() throws {
        let results = try IsolatedGrading.run(exercise, executable: shell, arguments: ["-c", "kill -SEGV $$"], timeout: 10)
        #expect(results.allSatisfy { $0.status == "error" && $0.message?.contains("crashed (signal 11)") == true })
    }

    @Test func resultsPrintedByTheChildAreRead() throws {
        let expected = Grader.grade(referenceSolutions, exercises: [exercise])
        let json = String(decoding: try JSONEncoder().encode(expected), as: UTF8.self)
        let results = try IsolatedGrading.run(exercise, executable: shell, arguments: ["-c", "printf '%s' '\(json)'"], timeout: 10)
        #expect(results == expected)
    }
}

import Foundation
