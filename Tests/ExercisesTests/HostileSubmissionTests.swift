import Foundation
import SolutionKit
import Testing

@testable import Exercises

/// Whether a submission is walled off from the grader: namespaces, or root (then the
/// child is another user).
let walled = Sandbox.detected.level != .limitsOnly || geteuid() == 0

/// Submissions written to win points without the work or to break the grader. Each runs
/// through the grader as a student's would, and must gain nothing, cost only its own
/// exercise, and let the grade complete within its limits. Serialized: some count
/// processes left behind.
@Suite("Hostile submissions gain nothing", .serialized)
struct HostileSubmissionTests {
    /// Everything but `checks` earns full marks.
    func expectOnlyLost(_ results: [CheckResult], _ checks: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(results.failing.map(\.name) == checks, sourceLocation: sourceLocation)
        #expect(results.earned == totalPoints - checks.reduce(0) { $0 + pointsByCheck[$1]! }, sourceLocation: sourceLocation)
    }

    /// Processes running `/bin/sleep 600` (what the attacks leave behind, if anything).
    func sleepers() -> Int {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { Int($0) != nil }.filter {
            let command = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\($0)/cmdline"))) ?? Data()
            return String(decoding: command, as: UTF8.self) == "/bin/sleep\u{0}600\u{0}"
        }.count
    }

    @Test func forgedResultsEarnNothing() {
        let results = fixtureGrader("forges-results").grade(articleExercises)
        #expect(results.earned == 0)
        let forged = results.filter { $0.status == "error" }
        #expect(forged.count == 8)
        #expect(forged.allSatisfy { $0.message?.contains("wrote to the grader's results channel") == true })
    }

    @Test func copiedConstantsEarnOnlyTheMultipleChoice() {
        let results = fixtureGrader("copies-constants").grade(articleExercises)
        // The multiple-choice answers are constants by nature; the x² it computes comes from
        // no custom function, so neither custom-op check passes.
        #expect(
            results.filter { $0.status == "pass" }.map(\.name) == [
                "Exercise 2: what happens without zero_()", "Exercise 3: which learning rate is unstable and which is slow",
            ])
        #expect(results.first { $0.name == lab1Grad }?.message?.contains("whatever w is") == true)
    }

    @Test func aCrashCostsItsExerciseAndShowsFileAndLine() throws {
        let results = fixtureGrader("crashes-in-lab2").grade(articleExercises)
        expectOnlyLost(results, [lab2])
        let message = try #require(results.failing.first?.message)
        #expect(message.contains("Fatal error: Unexpectedly found nil while unwrapping an Optional value"))
        #expect(message.contains("HostileVariants.swift:"))
    }

    @Test(arguments: ["loops-in-lab3", "ignores-sigterm-in-lab3"])
    func anEndlessLoopIsStoppedAtTheLimit(variant: String) {
        let started = Date()
        // Lab 3 loops; Lab 1 and 2 show that the other exercises go on within the 3 s.
        let results = fixtureGrader(variant, seconds: 3).grade(Array(ExerciseCatalog.all.prefix(3)))
        #expect(results.failing.map(\.name) == [lab3])
        #expect(results.earned == ExerciseCatalog.all.prefix(3).reduce(0) { $0 + $1.points } - pointsByCheck[lab3]!)
        #expect(results.failing.first?.message?.contains("did not finish within 3 s") == true)
        #expect(Date().timeIntervalSince(started) < 40)
    }

    @Test func aMemoryHogIsToldItRanOutOfMemory() {
        let results = fixtureGrader("hogs-memory-in-lab4").grade(articleExercises)
        expectOnlyLost(results, [lab4, ex1, ex1Long])
        #expect(results.failing.allSatisfy { $0.message?.contains("ran out of memory") == true })
    }

    @Test(arguments: ["floods-output-in-exercise2", "floods-stderr-in-exercise2"])
    func anOutputFloodIsStopped(variant: String) {
        let results = fixtureGrader(variant).grade(articleExercises)
        expectOnlyLost(results, ["Exercise 2: what happens without zero_()"])
        #expect(results.failing.first?.message?.contains("printed more than the output limit") == true)
        #expect((results.failing.first?.output?.utf8.count ?? 0) < 70_000, "the grader keeps 64 KiB of it")
    }

    @Test func exitingBeforeAnsweringCostsItsExercise() {
        let results = fixtureGrader("exits-early-in-lab1").grade(articleExercises)
        expectOnlyLost(results, [lab1Loss, lab1Grad])
        #expect(results.failing.first?.message?.contains("ended its process before answering") == true)
    }

    /// Without namespaces and without root a submission can signal the grader: the one
    /// outcome that cannot be contained there (Docs/Instructors.md), so this runs where walls exist.
    @Test(.enabled(if: walled, "needs namespaces or root")) func killingTheGraderKillsNothingOutsideItsWalls() {
        // kill(getppid()), kill(-1) and kill(0), then the article's constants
        let results = fixtureGrader("kills-the-grader").grade(articleExercises)
        expectOnlyLost(results, [lab1Loss, lab1Grad])
    }

    @Test func anOrphanHoldingThePipesDoesNotStallTheGrade() {
        let before = sleepers(), started = Date()
        let results = fixtureGrader("leaves-an-orphan").grade(articleExercises)
        #expect(results.earned == totalPoints)
        #expect(Date().timeIntervalSince(started) < 60)
        #expect(sleepers() == before, "no grandchild outlives its exercise")
    }

    @Test(.enabled(if: walled, "needs namespaces or root for the process limit"))
    func aForkStormIsBoundedAndCleanedUp() throws {
        let before = sleepers()
        let results = fixtureGrader("fork-storm").grade(articleExercises)
        #expect(results.earned == totalPoints)
        do {
            let output = try #require(results.first?.output)
            let words = output.split(separator: "\n")[0].split(separator: " ")  // "fork storm: started N processes"
            let started = words.count > 3 ? Int(words[3]) ?? -1 : -1
            #expect(started >= 0 && started < 300, "the process limit stops it: \(output.prefix(80))")
        }
        #expect(sleepers() == before)
    }

    @Test(.enabled(if: Sandbox.detected.level != .limitsOnly, "needs namespaces (see Docs/Instructors.md)"))
    func theReferenceSourcesAndHiddenChecksCannotBeRead() throws {
        let hidden = "/tmp/gradlab-proof-hidden"
        try FileManager.default.createDirectory(atPath: hidden, withIntermediateDirectories: true)
        try #"{"exercise": "autograd.lab4", "name": "Lab 4, hidden", "points": 1, "arguments": [[0, 1, 2], [1, 3, 5], 0.05, 30]}"#
            .write(toFile: hidden + "/lab4.json", atomically: true, encoding: .utf8)
        var grader = fixtureGrader("reads-the-reference")
        grader.hiddenPaths.append(hidden)
        let results = grader.grade([ExerciseCatalog.all[0]])
        let output = try #require(results.first?.output)
        #expect(output.contains("Solutions.swift: refused or absent"))
        #expect(output.contains("Package.swift: refused or absent"))
        #expect(output.contains("lab4.json: refused or absent"))
        #expect(!output.contains("bytes"))
    }

    @Test(.enabled(if: Sandbox.detected.level != .limitsOnly, "needs namespaces (see Docs/Instructors.md)"))
    func theNetworkIsUnreachable() throws {
        let results = fixtureGrader("opens-a-connection").grade([ExerciseCatalog.all[0]])
        #expect(results.allSatisfy { $0.status == "pass" })
        let output = try #require(results.first?.output)
        #expect(output.hasPrefix("network: "))
        #expect(!output.contains("network: connected"))
    }

    /// A hidden check's inputs never reach the feedback: not through what the solution
    /// prints, not through an error it throws, not through a later public check (hidden
    /// checks run in a process of their own).
    @Test(arguments: ["echoes-its-arguments", "crashes-with-its-arguments"])
    func hiddenInputsAreNeverEchoed(variant: String) throws {
        let directory = NSTemporaryDirectory() + "gradlab-hidden-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try #"{"exercise": "autograd.lab1", "name": "Lab 1, hidden", "points": 1, "arguments": [1.2345678]}"#
            .write(toFile: directory + "/lab1.json", atomically: true, encoding: .utf8)
        var grader = fixtureGrader(variant)
        grader.hiddenChecks = try HiddenChecks.load(from: directory)
        let results = grader.grade([ExerciseCatalog.all[0]])
        #expect(results.map(\.name) == [lab1Loss, lab1Grad, "Lab 1, hidden"])
        for result in results {
            #expect(!"\(result.message ?? "") \(result.output ?? "") \(result.code) \(result.diagnosis ?? "")".contains("1.2345678"), "\(result.name)")
        }
        let hidden = try #require(results.last)
        #expect(hidden.status == "error")
        #expect(hidden.message?.contains("Lab 1, hidden") == true)
        #expect(hidden.output == "(the output of a hidden check is not shown)")
        if variant == "echoes-its-arguments" {
            #expect(results[0].output?.contains("echo: 2") == true, "a public check shows what its own calls printed")
        }
    }

    @Test func aForgedResultsFileIsReplacedByTheGradersOwn() throws {
        let directory = "/tmp/gradlab-proof-results", path = directory + "/results.json"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let link = directory + "/writes-a-forged-results-file"
        try? FileManager.default.removeItem(atPath: link)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: Built.fixtures)
        let grade = Process()
        grade.executableURL = URL(fileURLWithPath: Built.gradlab)
        grade.arguments = ["grade", "--runner", link, "--json", path, "--seed", "4"]
        grade.standardOutput = FileHandle.nullDevice
        try grade.run()
        grade.waitUntilExit()
        #expect(grade.terminationStatus == 0)
        let written = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        let tests = try #require(written?["tests"] as? [[String: Any]])
        #expect(tests.count == ExerciseCatalog.all.flatMap(\.checks).count)
        #expect(!tests.contains { $0["name"] as? String == "everything" })
    }
}
