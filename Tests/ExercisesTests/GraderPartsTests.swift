import Foundation
import SolutionKit
import Testing

@testable import Exercises

/// The grader's parts on their own: the child process, the symbol wall, hidden checks,
/// the result formats and the limits' validation.
@Suite("Grader parts")
struct GraderPartsTests {
    let shell = "/bin/sh"

    @Test func aChildIsStoppedAtItsTimeLimit() throws {
        let run = try ChildProcess.run([shell, "-c", "exec sleep 30"], environment: [], limits: ChildLimits(seconds: 0.5))
        #expect(run.ending == .timedOut)
        #expect(run.seconds < 5)
    }

    @Test func aSignalIsReported() throws {
        let run = try ChildProcess.run([shell, "-c", "kill -SEGV $$"], environment: [], limits: ChildLimits(seconds: 10))
        #expect(run.ending == .signalled(SIGSEGV))
    }

    @Test func aGrandchildHoldingThePipesDoesNotStallTheGrader() throws {
        let run = try ChildProcess.run([shell, "-c", "sleep 600 & echo answered >&3; echo printed"], environment: [], limits: ChildLimits(seconds: 30))
        #expect(run.ending == .exited(0))
        #expect(run.seconds < 5)
        #expect(run.results.map { String(decoding: $0.line, as: UTF8.self) } == ["answered"])
    }

    @Test func outputIsAttributedToTheResultItPreceded() throws {
        let run = try ChildProcess.run(
            [shell, "-c", "echo one; echo r1 >&3; read ack <&4; echo two >&2; echo r2 >&3"], environment: [], limits: ChildLimits(seconds: 10))
        #expect(run.results.count == 2)
        #expect(String(decoding: run.output[..<run.results[0].outputOffset], as: UTF8.self) == "one\n")
        #expect(String(decoding: run.output[run.results[0].outputOffset..<run.results[1].outputOffset], as: UTF8.self) == "two\n")
    }

    @Test func aFloodIsStoppedAndItsOutputCapped() throws {
        let limits = ChildLimits(seconds: 30, outputBytes: 1 << 20, keptOutputBytes: 1000)
        let run = try ChildProcess.run([shell, "-c", "yes flood"], environment: [], limits: limits)
        #expect(run.ending == .flooded)
        #expect(run.output.count == 1000)
        #expect(run.outputTotal > 1 << 20)
    }

    @Test func theStudentsRunnerHoldsNoReferenceCatalogOrHiddenChecks() throws {
        func symbols(_ path: String) throws -> String {
            let nm = Process()
            nm.executableURL = URL(fileURLWithPath: "/usr/bin/nm")
            nm.arguments = [path]
            let pipe = Pipe()
            nm.standardOutput = pipe
            try nm.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            nm.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        let runner = try symbols(Built.runner)
        #expect(runner.contains("11SolutionKit"), "the runner's own symbols are listed")
        #expect(!runner.contains("18ReferenceSolutions"), "no reference solution")
        #expect(!runner.contains("9Exercises"), "no catalog, grader, labs or expected values")
        // the proofs' fixture runner links the reference on purpose: the check can see it
        #expect(try symbols(Built.fixtures).contains("18ReferenceSolutions"))
    }

    @Test func hiddenChecksAreReadAndJudgedWithoutShowingExpectedValues() throws {
        let directory = NSTemporaryDirectory() + "gradlab-hidden-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try #"{"exercise": "autograd.lab4", "name": "Lab 4 on a steep line", "points": 2, "arguments": [[0, 1, 2], [1, 11, 21], 0.01, 30]}"#
            .write(toFile: directory + "/steep.json", atomically: true, encoding: .utf8)
        var grader = fixtureGrader("lab4-never-zeroed")
        grader.hiddenChecks = try HiddenChecks.load(from: directory)
        let results = grader.grade([ExerciseCatalog.all[3]])
        let hidden = try #require(results.last)
        #expect(hidden.name == "Lab 4 on a steep line" && hidden.points == 2 && hidden.status == "fail")
        let message = try #require(hidden.message)
        #expect(message.hasPrefix("on a hidden call, your answer differs from the reference's: the gradients accumulate"))
        #expect(!message.contains("[0, 1, 2]") && !message.contains("expected"))
        var right = fixtureGrader("reference")
        right.hiddenChecks = grader.hiddenChecks
        #expect(right.grade([ExerciseCatalog.all[3]]).allSatisfy { $0.status == "pass" })
    }

    @Test(arguments: [
        (#"{"exercise": "nope", "name": "x", "points": 1, "arguments": []}"#, "\"exercise\" must be one of"),
        (#"{"exercise": "autograd.lab1", "name": "x", "points": 1, "arguments": []}"#, "oneParameter takes 1 arguments"),
        (#"{"exercise": "autograd.lab1", "name": "x", "points": 1, "arguments": ["two"]}"#, "argument 1 must be number"),
        (#"{"exercise": "autograd.lab1", "name": "", "points": 1, "arguments": [2]}"#, "\"name\" must be"),
        (#"not json"#, "not a JSON object"),
        // Outside the exercise's domain: each would crash, stall or mislead the grader.
        (#"{"exercise": "autograd.lab2", "name": "x", "points": 1, "arguments": [2, 0.1, -1]}"#, "argument 3 must be a whole number in 1...10000, got -1"),
        (
            #"{"exercise": "autograd.lab4", "name": "x", "points": 1, "arguments": [[0, 1], [1, 3], 0.05, 1000000000000]}"#,
            "argument 4 must be a whole number in 1...100000"
        ),
        (
            #"{"exercise": "autograd.lab4", "name": "x", "points": 1, "arguments": [[0, 1, 2], [1, 3], 0.05, 30]}"#,
            "argument 2 must hold as many numbers as argument 1"
        ),
        (#"{"exercise": "autograd.lab4", "name": "x", "points": 1, "arguments": [[], [], 0.05, 30]}"#, "argument 1 must hold 1 to 10000 numbers, got 0"),
        (#"{"exercise": "autograd.lab2", "name": "x", "points": 1, "arguments": [2, -0.1, 5]}"#, "argument 2 must be a finite number in"),
        (#"{"exercise": "training-loop.exercise1", "name": "x", "points": 1, "arguments": [-3, 0.1, 5]}"#, "argument 1 must be a whole number in 0..."),
        (#"{"exercise": "training-loop.exercise1", "name": "x", "points": 1, "arguments": [1e300, 0.1, 5]}"#, "argument 1 must be integer"),
    ])
    func aBadHiddenCheckIsNamed(json: String, complaint: String) throws {
        let directory = NSTemporaryDirectory() + "gradlab-hidden-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try json.write(toFile: directory + "/bad.json", atomically: true, encoding: .utf8)
        #expect { try HiddenChecks.load(from: directory) } throws: { "\($0)".contains(complaint) && "\($0)".contains("bad.json") }
    }

    /// The catalog's own calls, at many grading seeds, lie in each function's domain (the
    /// domain that hidden checks are held to refuses nothing the catalog asks).
    @Test func everyCatalogCallLiesInItsDomain() {
        for seed in UInt64(0)..<50 {
            for exercise in ExerciseCatalog.all {
                var draw = GradingDraw(seed: seed, exercise: exercise.id)
                for call in exercise.checks.flatMap({ $0.calls(&draw) }) {
                    let problem = ArgumentDomain.of(call.function).problem(call.arguments)
                    #expect(problem == nil, "seed \(seed), \(call.code): \(problem ?? "")")
                }
            }
        }
    }

    @Test func exercismResultsFollowVersion3() throws {
        let results = fixtureGrader("lab1-sign-flipped").grade([ExerciseCatalog.all[0]])
        let data = try JSONEncoder().encode(ExercismResults(results))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["version"] as? Int == 3 && json["status"] as? String == "fail")
        let tests = try #require(json["tests"] as? [[String: Any]])
        #expect(tests.map { $0["name"] as? String } == ["Lab 1: the loss (1 point)", "Lab 1: w.grad (2 points)"])
        #expect(tests.allSatisfy { $0["task_id"] as? Int == 1 && ($0["test_code"] as? String)?.contains("oneParameter(2)") == true })
        #expect(tests[1]["status"] as? String == "fail" && (tests[1]["message"] as? String)?.contains("sign is flipped") == true)
        let compile =
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(ExercismResults(compileError: "Solutions.swift:3:5: error: x"))) as? [String: Any]
        #expect(compile?["status"] as? String == "error" && compile?["message"] as? String == "Solutions.swift:3:5: error: x")
        #expect(ExercismResults.truncate(String(repeating: "a", count: 600)).hasPrefix(String(repeating: "a", count: 500) + "\n[output truncated"))
    }

    @Test func gradescopeResultsCarryScoresAndVisibility() throws {
        let results = fixtureGrader("lab1-sign-flipped").grade([ExerciseCatalog.all[0]])
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(GradescopeResults(results))) as? [String: Any]
        #expect(json?["score"] as? Double == 1)
        let tests = try #require(json?["tests"] as? [[String: Any]])
        #expect(tests.map { $0["max_score"] as? Double } == [1, 2])
        #expect(tests.map { $0["score"] as? Double } == [1, 0])
        #expect(tests.allSatisfy { $0["visibility"] as? String == "visible" })
        #expect((tests[1]["output"] as? String)?.contains("sign is flipped") == true)
    }

    @Test(arguments: [Double.nan, .infinity, 0, -1])
    func aTimeLimitMustBePositiveAndFinite(seconds: Double) {
        var limits = ProcessLimits()
        limits.seconds = seconds
        #expect(throws: GradingError.self) { try limits.validate() }
    }

    @Test func aCompileErrorIsTheFirstErrorWithPathsShortened() {
        let output = """
            Building for debugging...
            /work/pkg/Sources/StudentSolutions/Solutions.swift:12:5: error: cannot find 'w' in scope
            10 |     let loss = w * 3
               |     `- error: cannot find 'w' in scope
            /work/pkg/Sources/StudentSolutions/Solutions.swift:20:1: error: second
            """
        let first = SolutionBuild.firstError(output, root: "/work/pkg")
        #expect(first.hasPrefix("<solution-dir>/Sources/StudentSolutions/Solutions.swift:12:5: error: cannot find 'w' in scope"))
        #expect(!first.contains("second"))
    }
}

extension GraderPartsTests {
    @Test func aLinkErrorNamesTheMissingSymbol() {
        let output = """
            error: link command failed with exit code 1 (use -v to see invocation)
            /work/pkg/Sources/StudentSolutions/Solutions.swift:101: error: undefined reference to '$s18ReferenceSolutions16fitTwoParametersySd1w_Sd1btSaySdG_AESdSitKF'
            clang: error: linker command failed with exit code 1 (use -v to see invocation)
            """
        let first = SolutionBuild.firstError(output, root: "/work/pkg")
        #expect(
            first.hasPrefix("link error: <solution-dir>/Sources/StudentSolutions/Solutions.swift:101: error: undefined reference to '$s18ReferenceSolutions"))
    }
}

extension GraderPartsTests {
    @Test func onlyTheOutermostHiddenPathsAreCovered() {
        #expect(Sandbox.outermost(["/a/b/c", "/a/b", "/x", "/a/bc", "/x/"]) == ["/a/b", "/a/bc", "/x"])
        #expect(Sandbox.outermost(["/", "/a"]) == ["/a"])
    }
}

extension GraderPartsTests {
    /// Where neither root nor namespaces are available the walls are limits and a process
    /// group only; grading still works and a crash still costs only its exercise.
    @Test func withLimitsOnlyGradingStillWorks() {
        var right = fixtureGrader("reference")
        right.sandbox = Sandbox(level: .limitsOnly)
        #expect(right.sandbox.notice?.contains("no namespaces") == true)
        #expect(right.grade(articleExercises).earned == totalPoints)
        var crashing = fixtureGrader("crashes-in-lab2")
        crashing.sandbox = Sandbox(level: .limitsOnly)
        #expect(crashing.grade(articleExercises).failing.map(\.name) == [lab2])
    }
}

extension GraderPartsTests {
    /// A child that writes to the results channel without pause is stopped past its limit
    /// (the grader does not stay reading).
    @Test func aResultsFloodIsStopped() throws {
        let limits = ChildLimits(seconds: 30, resultsBytes: 1 << 20)
        let run = try ChildProcess.run([shell, "-c", "yes forged >&3"], environment: [], limits: limits)
        #expect(run.ending == .floodedResults)
        #expect(run.seconds < 10)
    }
}

extension GraderPartsTests {
    /// A process tree's peak memory is found through its children: from the kernel's
    /// children lists, or, where a kernel has none, from every process's parent.
    @Test func childrenAreFoundEitherWay() throws {
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "sleep 5 & sleep 5 & wait"]
        // Nothing of the test runner's (its output pipes) may be held by the sleepers.
        shell.standardInput = FileHandle.nullDevice
        shell.standardOutput = FileHandle.nullDevice
        shell.standardError = FileHandle.nullDevice
        try shell.run()
        let pid = shell.processIdentifier
        defer {
            for child in ChildProcess.childrenByStat(of: pid) { kill(child, SIGKILL) }
            kill(pid, SIGKILL)
            shell.waitUntilExit()
        }
        var byStat: [pid_t] = []
        for _ in 0..<100 where byStat.count < 2 {
            usleep(20_000)
            byStat = ChildProcess.childrenByStat(of: pid)
        }
        let listed = ((try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? "")
            .split(separator: " ").compactMap { pid_t($0) }
        #expect(byStat.count == 2)
        #expect(Set(byStat) == Set(listed))
        #expect(ChildProcess.peakResidentBytes(of: pid).map { $0 > 0 } == true)
    }
}
