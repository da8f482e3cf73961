import Foundation
import SolutionKit
import Testing

@testable import Exercises

/// A buggy solution, what it must lose and what the feedback must say.
struct BuggyCase: Sendable, CustomTestStringConvertible {
    let variant: String
    /// The checks that must fail: exactly these lose points.
    let failing: [String]
    /// A phrase the first failing check's feedback must contain.
    let diagnosis: String
    var testDescription: String { variant }

    /// The exercises to grade: those of the failing checks and Lab 1 (a control).
    var exercises: [GradedExercise] {
        let ids = Set(failing.compactMap { name in ExerciseCatalog.all.first { $0.checks.contains { $0.name == name } }?.id } + ["autograd.lab1"])
        return ExerciseCatalog.all.filter { ids.contains($0.id) }
    }
}

let lab1Grad = "Lab 1: w.grad", lab1Loss = "Lab 1: the loss", lab2 = "Lab 2: w after each step", lab3 = "Lab 3: x.grad after each backward"
let lab4 = "Lab 4: w and b after training", ex1 = "Exercise 1: 201 epochs on y = 3x - 2", ex1Long = "Exercise 1: w and b approach 3 and -2"
let loop1Fast = "Learn the training loop, Exercise 1: lr 1.0", loop1Slow = "Learn the training loop, Exercise 1: lr 0.01"
let backward = "Custom op: backward gives gradOutput · 2x"

extension BuggyCase {
    static let all: [BuggyCase] = [
        BuggyCase(variant: "lab1-sign-flipped", failing: [lab1Grad], diagnosis: "the sign is flipped"),
        BuggyCase(variant: "lab1-missing-inner-factor", failing: [lab1Grad], diagnosis: "inner factor 3"),
        BuggyCase(variant: "lab1-backward-twice", failing: [lab1Grad], diagnosis: "backward ran twice"),
        BuggyCase(variant: "lab1-integer-dtype", failing: [lab1Loss, lab1Grad], diagnosis: "wrong dtype"),
        BuggyCase(variant: "lab2-never-zeroed", failing: [lab2], diagnosis: "w.grad is never zeroed"),
        BuggyCase(variant: "lab2-step-with-gradient", failing: [lab2], diagnosis: "must go against it"),
        BuggyCase(variant: "lab2-records-before-update", failing: [lab2], diagnosis: "shifted by one step"),
        BuggyCase(variant: "lab2-hardcoded-lr", failing: [lab2], diagnosis: "learning rate argument is ignored"),
        BuggyCase(variant: "lab3-zeroed-too-early", failing: [lab3], diagnosis: "zeroed before the second backward"),
        BuggyCase(variant: "lab3-never-zeroed", failing: [lab3], diagnosis: "not zeroed before the third backward"),
        BuggyCase(variant: "lab4-never-zeroed", failing: [lab4, ex1, ex1Long], diagnosis: "accumulate across epochs"),
        BuggyCase(variant: "lab4-one-epoch-too-many", failing: [lab4, ex1], diagnosis: "one epoch too many"),
        BuggyCase(variant: "lab4-sum-not-mean", failing: [lab4, ex1, ex1Long], diagnosis: "the loss is a sum, not a mean"),
        BuggyCase(variant: "lab4-step-with-gradient", failing: [lab4, ex1, ex1Long], diagnosis: "goes with the gradient"),
        BuggyCase(variant: "lab4-swapped-return", failing: [lab4, ex1, ex1Long], diagnosis: "swapped"),
        BuggyCase(variant: "lab4-hardcoded-lr", failing: [lab4], diagnosis: "learning rate argument is ignored"),
        BuggyCase(variant: "lab4-zeroed-before-update", failing: [lab4, ex1, ex1Long], diagnosis: "never moved"),
        BuggyCase(variant: "exercise2-wrong-answer", failing: ["Exercise 2: what happens without zero_()"], diagnosis: "watch the loss jump"),
        BuggyCase(variant: "exercise3-swapped", failing: ["Exercise 3: which learning rate is unstable and which is slow"], diagnosis: "the two are swapped"),
        BuggyCase(
            variant: "exercise4-keeps-loss-tensors", failing: ["Exercise 4: no graph is kept alive while the loop runs"],
            diagnosis: "keeps every epoch's loss tensor"),
        BuggyCase(variant: "exercise4-hardcoded-lr", failing: ["Exercise 4: the losses of every epoch"], diagnosis: "learning rate argument is ignored"),
        BuggyCase(variant: "training-loop1-sum-not-mean", failing: [loop1Fast, loop1Slow], diagnosis: "a sum, not a mean"),
        BuggyCase(variant: "training-loop1-broadcast", failing: [loop1Fast, loop1Slow], diagnosis: "unintended broadcast"),
        BuggyCase(variant: "training-loop1-seed-ignored", failing: [loop1Fast, loop1Slow], diagnosis: "seed argument is ignored"),
        BuggyCase(variant: "training-loop1-one-epoch-too-few", failing: [loop1Fast, loop1Slow], diagnosis: "one epoch too few"),
        BuggyCase(variant: "training-loop2-seed-ignored", failing: ["Learn the training loop, Exercise 2: w and b"], diagnosis: "seed argument is ignored"),
        BuggyCase(variant: "training-loop3-no-requires-grad", failing: ["Learn the training loop, Exercise 3: w and b"], diagnosis: "do not require grad"),
        BuggyCase(variant: "training-loop3-never-zeroed", failing: ["Learn the training loop, Exercise 3: w and b"], diagnosis: "optimizer.zeroGrad()"),
        BuggyCase(
            variant: "quadratic-never-zeroed", failing: ["Practical PyTorch fundamentals: w after gradient descent"],
            diagnosis: "zero w.grad before each backward"),
        BuggyCase(variant: "quadratic-sum-not-mean", failing: ["Practical PyTorch fundamentals: w after gradient descent"], diagnosis: "sum, not its mean"),
        BuggyCase(
            variant: "detach-through-a-copy", failing: ["Practical PyTorch fundamentals: writing through detach() changes w"], diagnosis: "not through a copy"),
        BuggyCase(variant: "square-missing-factor-2", failing: [backward], diagnosis: "missing the factor 2"),
        BuggyCase(variant: "square-ignores-grad-output", failing: [backward], diagnosis: "ignores gradOutput"),
        BuggyCase(variant: "square-abs", failing: [backward], diagnosis: "right only for positive x"),
        BuggyCase(variant: "square-plain-arithmetic", failing: ["Custom op: forward computes x²", backward], diagnosis: "no backward of yours ran"),
        BuggyCase(variant: "lab1-grad-before-backward", failing: [lab1Grad], diagnosis: "read before loss.backward() ran"),
        BuggyCase(variant: "lab1-swapped-return", failing: [lab1Loss, lab1Grad], diagnosis: "returned in swapped order"),
        BuggyCase(variant: "lab4-rounded", failing: [lab4], diagnosis: "rounded to 2 decimal places"),
        BuggyCase(variant: "training-loop1-lr-ignored", failing: [loop1Fast, loop1Slow], diagnosis: "the updates use 0.01 whatever lr is"),
        BuggyCase(variant: "training-loop1-float64", failing: [loop1Fast, loop1Slow], diagnosis: "float64 where the article's are float32"),
        BuggyCase(
            variant: "training-loop3-detached-prediction", failing: ["Learn the training loop, Exercise 3: w and b"],
            diagnosis: "the prediction was cut from them"),
    ]
}

/// Every check proven both ways, through the same runner and walls as a student's code:
/// right solutions (the reference and others written differently) earn every point at
/// every proof seed; each buggy one loses exactly its checks, with the diagnosis that
/// names its mistake, at every proof seed (two here; `scripts/grader-sweep.sh` runs more).
@Suite("Graders are proven")
struct GraderProofTests {
    @Test(
        "a right solution earns full marks at every seed",
        arguments: [
            "reference", "prints-a-lot", "writes-to-stderr", "plain-arithmetic", "optimizer-and-loss-module",
            "set-to-none-and-data", "square-saves-output", "threads-and-detach",
        ])
    func rightSolutionEarnsFullMarks(variant: String) {
        for seed in proofSeeds {
            let everything = variant == "reference"
            let results = fixtureGrader(variant, seed: seed).grade(everything ? ExerciseCatalog.all : articleExercises)
            for result in results.failing { Issue.record("seed \(seed), \(result.name): \(result.message ?? result.status)") }
            #expect(results.earned == (everything ? allPoints : totalPoints), "seed \(seed)")
        }
    }

    @Test func whatARightSolutionPrintsIsShownAndCostsNothing() throws {
        let results = fixtureGrader("prints-a-lot", seed: 3).grade([ExerciseCatalog.all[0], ExerciseCatalog.all[13]])
        #expect(results.allSatisfy { $0.status == "pass" })
        let lab1 = try #require(results.first?.output)
        #expect(lab1.hasPrefix("lab 1: debugging line 0 of 300"))
        #expect(!lab1.contains("square of"), "each check shows the output of its own calls")
        #expect(results.last?.output?.contains("square of") == true)
    }

    @Test("each buggy solution loses exactly its checks, with its diagnosis", arguments: BuggyCase.all)
    func buggy(_ bug: BuggyCase) throws {
        for seed in proofSeeds {
            let results = fixtureGrader(bug.variant, seed: seed).grade(bug.exercises)
            #expect(results.failing.map(\.name) == bug.failing, "seed \(seed)")
            let first = try #require(results.failing.first)
            #expect(first.message?.contains(bug.diagnosis) == true, "seed \(seed): \(first.message ?? "")")
            #expect(results.earned == results.reduce(0) { $0 + $1.points } - bug.failing.reduce(0) { $0 + pointsByCheck[$1]! })
        }
    }

    @Test func stubsAreUnattemptedAndEarnNothing() {
        let results = fixtureGrader("stubs").grade()
        #expect(results.allSatisfy { $0.status == "unattempted" && $0.earned == 0 })
        #expect(
            results.first?.message
                == "Autograd, Lab 1: one parameter, one gradient is not attempted yet: write `oneParameter` in Sources/StudentSolutions/Solutions.swift.")
    }

    @Test func everyExerciseHasChecksUniqueNamesAndTasksInOrder() {
        #expect(ExerciseCatalog.all.count >= 14)
        let names = ExerciseCatalog.all.flatMap { $0.checks.map(\.name) }
        #expect(Set(names).count == names.count)
        #expect(ExerciseCatalog.all.map(\.task) == Array(1...ExerciseCatalog.all.count))
        #expect(BuggyCase.all.count >= 25)
    }

    @Test func unseenInputsChangeWithTheGradingSeedAndRepeatWithIt() {
        func calls(_ seed: UInt64) -> [Call] {
            var draw = GradingDraw(seed: seed, exercise: "autograd.lab4")
            return ExerciseCatalog.all[3].checks[0].calls(&draw)
        }
        #expect(calls(1) == calls(1))
        #expect(calls(1) != calls(2))
        #expect(calls(1)[0] == calls(2)[0], "the article's call stays")
    }
}
