import Foundation
import Testing

@testable import Exercises

/// The platforms' entry points, called as Exercism and Gradescope call them, with their
/// directory layouts in temporary folders (no Docker engine runs here): Exercism's run
/// inside bubblewrap walls that copy its `docker run` (read-only root, a private `/tmp`,
/// the output directory the only other place to write, no network), on a correct, a
/// buggy, a crashing, a non-compiling and an endless solution; each results.json checked
/// against the platform's published format, written down below.
@Suite(.serialized) struct PlatformTests {
    /// The image, prepared once: the runner built from the stubs by `Platforms/build-image.sh`
    /// (the grader is the one `swift test` built).
    static let image: Result<Void, PlatformTestError> = {
        var environment = ProcessInfo.processInfo.environment
        environment["GRADLAB_STAGE"] = "/tmp/gradlab-platform-tests"
        let build = try? SolutionBuild.capture(
            ["/bin/bash", Built.packageRoot + "/Platforms/build-image.sh", "--runner-only"], in: Built.packageRoot, environment: environment)
        guard let build, build.status == 0 else { return .failure(PlatformTestError(build?.output ?? "could not start build-image.sh")) }
        return .success(())
    }()

    /// The five kinds of submission, for Autograd's Lab 4 (`fitTwoParameters`).
    enum Submission: String, CaseIterable {
        case correct, buggy, crashing, nonCompiling, endless

        /// Its Solutions.swift.
        var source: String {
            let header = "import Autograd\nimport SolutionKit\n\n"
            let builder = "\n\npublic let studentSolutions = Solutions {\n    $0.fitTwoParameters = fitTwoParameters\n}\n"
            switch self {
            case .correct:
                // The reference's own function, cut out by the track generator.
                let reference = try! String(contentsOfFile: Built.packageRoot + "/Sources/ReferenceSolutions/Solutions.swift", encoding: .utf8)
                return ExercismTrack.stubFile(for: "fitTwoParameters", from: reference)!
            case .buggy:
                // Lab 4 without zeroing the gradients.
                return header + """
                    func fitTwoParameters(_ x: [Double], _ y: [Double], _ lr: Double, _ epochs: Int) throws -> (w: Double, b: Double) {
                        let xs = Tensor(x), ys = Tensor(y)
                        let w = Tensor(0.0, requiresGrad: true), b = Tensor(0.0, requiresGrad: true)
                        for _ in 0..<epochs {
                            try ((w * xs + b - ys) ** 2).mean().backward()
                            try noGrad {
                                try w -= lr * w.grad!
                                try b -= lr * b.grad!
                            }
                        }
                        return (try w.item(), try b.item())
                    }
                    """ + builder
            case .crashing:
                return header + """
                    func fitTwoParameters(_ x: [Double], _ y: [Double], _ lr: Double, _ epochs: Int) throws -> (w: Double, b: Double) {
                        let empty: [Double] = []
                        return (empty[x.count], 0)
                    }
                    """ + builder
            case .nonCompiling:
                return header + """
                    func fitTwoParameters(_ x: [Double], _ y: [Double], _ lr: Double, _ epochs: Int) throws -> (w: Double, b: Double) {
                        return (w: undefinedName, b: 0)
                    }
                    """ + builder
            case .endless:
                return header + """
                    func fitTwoParameters(_ x: [Double], _ y: [Double], _ lr: Double, _ epochs: Int) throws -> (w: Double, b: Double) {
                        var n = 0.0
                        while n >= 0 { n += 1 }
                        return (n, n)
                    }
                    """ + builder
            }
        }
    }

    /// A temporary folder holding `Solutions.swift` for `submission` (in `subdirectory`).
    static func folder(for submission: Submission, subdirectory: String = "") throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("gradlab-platform-\(UUID().uuidString)")
        let solution = root.appendingPathComponent("solution/" + subdirectory)
        try FileManager.default.createDirectory(at: solution, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("output"), withIntermediateDirectories: true)
        try submission.source.write(to: solution.appendingPathComponent("Solutions.swift"), atomically: true, encoding: .utf8)
        return root
    }

    /// Runs Exercism's `bin/run.sh` as Exercism's `docker run` would: the whole file system
    /// read-only, `/tmp` private, the output directory writable, no network. With
    /// `noNamespaces`, the container also allows no further namespaces (the grader's own
    /// walls cannot be built there, and it must say so and still grade).
    static func exercism(_ slug: String, _ folder: URL, noNamespaces: Bool = false, timeout: Int = 3) throws -> (
        status: Int32, printed: String, results: [String: Any]
    ) {
        let solution = folder.appendingPathComponent("solution").path, output = folder.appendingPathComponent("output").path
        // The package is bound again after the private /tmp, which would hide a clone under /tmp.
        var command = ["/usr/bin/bwrap", "--ro-bind", "/", "/", "--tmpfs", "/tmp", "--ro-bind", Built.packageRoot, Built.packageRoot]
        command += ["--ro-bind", solution, solution, "--bind", output, output]
        command += ["--dev", "/dev", "--proc", "/proc", "--unshare-net", "--unshare-pid", "--die-with-parent"]
        if noNamespaces { command += ["--unshare-user", "--uid", "0", "--gid", "0", "--disable-userns", "--cap-drop", "ALL"] }
        command += ["--setenv", "GRADLAB_TIMEOUT", "\(timeout)", Built.packageRoot + "/Platforms/Exercism/bin/run.sh", slug, solution + "/", output + "/"]
        let run = try runProcess(command)
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: output + "/results.json")) else {
            throw PlatformTestError("no results.json (exit status \(run.status)):\n\(run.printed)")
        }
        let results = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        return (run.status, run.printed, results)
    }

    /// Runs Gradescope's `run_autograder` over the layout it expects, `/autograder` moved into
    /// `folder`: `source` (the package), `submission`, `results`.
    static func gradescope(_ folder: URL, timeout: Int = 3) throws -> (status: Int32, printed: String, results: [String: Any]) {
        let autograder = folder.appendingPathComponent("autograder")
        try FileManager.default.createDirectory(at: autograder, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: autograder.appendingPathComponent("source").path, withDestinationPath: Built.packageRoot)
        try FileManager.default.moveItem(at: folder.appendingPathComponent("solution"), to: autograder.appendingPathComponent("submission"))
        let command = [
            "/usr/bin/env", "AUTOGRADER_ROOT=\(autograder.path)", Built.packageRoot + "/Platforms/Gradescope/run_autograder",
            "--exercise=autograd.lab4", "--timeout=\(timeout)",
        ]
        let run = try runProcess(command)
        guard let data = try? Data(contentsOf: autograder.appendingPathComponent("results/results.json")) else {
            throw PlatformTestError("no results.json (exit status \(run.status)):\n\(run.printed)")
        }
        return (run.status, run.printed, try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:])
    }

    @Test(arguments: Submission.allCases) func exercismGradesEachKindOfSolution(_ submission: Submission) throws {
        try Self.image.get()
        let folder = try Self.folder(for: submission)
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.exercism("autograd-lab4", folder)
        #expect(run.status == 0, "\(run.printed)")
        try ExercismSchema.validate(run.results)
        let tests = run.results["tests"] as? [[String: Any]] ?? []
        let messages = tests.compactMap { $0["message"] as? String }.joined(separator: "\n")
        switch submission {
        case .correct:
            #expect(run.results["status"] as? String == "pass", "\(run.results)")
            #expect(!tests.isEmpty && tests.allSatisfy { $0["status"] as? String == "pass" })
        case .buggy:
            #expect(run.results["status"] as? String == "fail")
            #expect(messages.contains("the gradients accumulate across epochs"), "\(messages)")
        case .crashing:
            #expect(run.results["status"] as? String == "fail")
            #expect(messages.contains("crashed"), "\(messages)")
        case .nonCompiling:
            let message = run.results["message"] as? String ?? ""
            #expect(run.results["status"] as? String == "error")
            #expect(message.contains("does not compile") && message.contains("<solution-dir>/Solutions.swift"), "\(message)")
            #expect(message.contains("undefinedName") && !message.contains("/tmp/"), "\(message)")
        case .endless:
            #expect(run.results["status"] as? String == "fail")
            #expect(messages.contains("time limit"), "\(messages)")
            // Stopped at the limit: two processes of at most 3 s each (the build's time depends on
            // the machine's load; Docs/Platforms.md gives the whole run's, measured alone).
            let graded = run.printed.components(separatedBy: "graded in ").last.flatMap { Double($0.prefix { $0 != " " }) }
            #expect(graded.map { $0 < 2 * 3 + 2 } == true, "\(run.printed)")
        }
    }

    @Test func exercismGradesWhereTheContainerAllowsNoNamespaces() throws {
        try Self.image.get()
        let folder = try Self.folder(for: .correct)
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.exercism("autograd-lab4", folder, noNamespaces: true)
        #expect(run.status == 0, "\(run.printed)")
        #expect(run.printed.contains("walls: limits and a process group only"), "\(run.printed)")
        #expect(run.printed.contains("the platform's container is the wall") || run.printed.contains("allows no namespaces"), "\(run.printed)")
        #expect(run.results["status"] as? String == "pass", "\(run.results)")
        try ExercismSchema.validate(run.results)
    }

    @Test func exercismReadsTheFilesTheExerciseNamesAndRefusesUnknownSlugs() throws {
        try Self.image.get()
        let folder = try Self.folder(for: .correct)
        defer { try? FileManager.default.removeItem(at: folder) }
        // .meta/config.json names another file: the grader compiles that one, not Solutions.swift.
        let solution = folder.appendingPathComponent("solution")
        try FileManager.default.createDirectory(at: solution.appendingPathComponent(".meta"), withIntermediateDirectories: true)
        try #"{"files": {"solution": ["Lab4.swift"]}}"#.write(to: solution.appendingPathComponent(".meta/config.json"), atomically: true, encoding: .utf8)
        try FileManager.default.moveItem(at: solution.appendingPathComponent("Solutions.swift"), to: solution.appendingPathComponent("Lab4.swift"))
        try Submission.nonCompiling.source.write(to: solution.appendingPathComponent("Solutions.swift"), atomically: true, encoding: .utf8)
        let named = try Self.exercism("autograd-lab4", folder)
        #expect(named.results["status"] as? String == "pass", "\(named.results)")

        let unknown = try Self.exercism("no-such-exercise", folder)
        #expect(unknown.status == 0)
        #expect(unknown.results["status"] as? String == "error")
        #expect((unknown.results["message"] as? String ?? "").contains("autograd-lab4"))
        try ExercismSchema.validate(unknown.results)
    }

    @Test func aLinkInsteadOfASolutionIsNotFollowed() throws {
        try Self.image.get()
        let folder = try Self.folder(for: .correct)
        defer { try? FileManager.default.removeItem(at: folder) }
        // The reference solutions, linked in place of the student's file.
        let file = folder.appendingPathComponent("solution/Solutions.swift").path
        try FileManager.default.removeItem(atPath: file)
        try FileManager.default.createSymbolicLink(atPath: file, withDestinationPath: Built.packageRoot + "/Sources/ReferenceSolutions/Solutions.swift")
        let run = try Self.exercism("autograd-lab4", folder)
        #expect(run.results["status"] as? String == "error", "\(run.results)")
        #expect((run.results["message"] as? String ?? "").contains("is not a regular file"), "\(run.results)")
    }

    @Test(arguments: Submission.allCases) func gradescopeGradesEachKindOfSolution(_ submission: Submission) throws {
        try Self.image.get()
        // Gradescope keeps the student's folders: the file may sit below the submission's root.
        let folder = try Self.folder(for: submission, subdirectory: submission == .buggy ? "Sources/StudentSolutions" : "")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.gradescope(folder)
        #expect(run.status == 0, "\(run.printed)")
        try GradescopeSchema.validate(run.results)
        let tests = run.results["tests"] as? [[String: Any]] ?? []
        let score = run.results["score"] as? Double ?? -1
        let maxScore = tests.reduce(0.0) { $0 + ($1["max_score"] as? Double ?? 0) }
        let output = tests.compactMap { $0["output"] as? String }.joined(separator: "\n")
        switch submission {
        case .correct:
            #expect(maxScore == Double(ExerciseCatalog.exercise("autograd.lab4")!.points) && score == maxScore, "\(run.results)")
        case .buggy:
            #expect(score < maxScore && output.contains("the gradients accumulate across epochs"), "\(output)")
        case .crashing:
            #expect(score == 0 && output.contains("crashed"), "\(output)")
        case .nonCompiling:
            #expect(score == 0 && tests.isEmpty)
            #expect((run.results["output"] as? String ?? "").contains("does not compile"), "\(run.results)")
        case .endless:
            #expect(score == 0 && output.contains("time limit"), "\(output)")
        }
    }

    @Test func gradescopePackageHoldsTheScriptsAtItsRoot() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradlab-zip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let zip = folder.appendingPathComponent("autograder.zip").path
        let made = try runProcess(["/bin/bash", Built.packageRoot + "/scripts/gradescope-zip.sh", "--exercise", "autograd.lab4", "--out", zip])
        #expect(made.status == 0, "\(made.printed)")
        let listing = try runProcess(["/usr/bin/env", "python3", "-c", Self.zipListing, zip])
        let entries = Dictionary(
            uniqueKeysWithValues: listing.printed.split(separator: "\n").map { line in
                let parts = line.split(separator: " ")
                return (String(parts[0]), String(parts.last!))
            })
        #expect(entries["setup.sh"] == "executable" && entries["run_autograder"] == "executable", "\(listing.printed.prefix(500))")
        #expect(entries["Package.swift"] != nil && entries["Platforms/build-image.sh"] == "executable")
        #expect(entries["gradlab-options"] != nil)
        #expect(entries.keys.allSatisfy { !$0.hasPrefix(".build/") })
    }

    /// Lists a zip's entries, each with whether its Unix mode is executable.
    static let zipListing = """
        import sys, zipfile
        for info in zipfile.ZipFile(sys.argv[1]).infolist():
            mode = info.external_attr >> 16
            print(info.filename, "executable" if mode & 0o100 else "plain")
        """

    /// The Dockerfile, checked by hand where hadolint is not packaged (Debian has none): a
    /// pinned base image, Exercism's working directory and entry point, the same build
    /// scripts CI runs, the package closed to other users, no download from within.
    @Test func exercismDockerfileFollowsTheRunnerConventions() throws {
        let text = try String(contentsOfFile: Built.packageRoot + "/Platforms/Exercism/Dockerfile", encoding: .utf8)
        let instructions = text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        #expect(instructions.first == "FROM swift:6.3-bookworm")
        #expect(instructions.contains("WORKDIR /opt/test-runner"))
        #expect(instructions.last == #"ENTRYPOINT ["/opt/test-runner/bin/run.sh"]"#)
        #expect(text.contains("bash scripts/install-deps.sh") && text.contains("bash Platforms/build-image.sh"))
        #expect(text.contains("chmod 700 /opt/test-runner") && text.contains("rm -rf /var/lib/apt/lists/*"))
        #expect(!text.contains("ADD http") && !text.contains(":latest"))
        #expect(FileManager.default.isExecutableFile(atPath: Built.packageRoot + "/Platforms/Exercism/bin/run.sh"))
    }

    @Test func exercismTrackHasAStubAndMetadataPerExercise() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradlab-track-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let made = try runProcess([Built.gradlab, "exercism-track", folder.path])
        #expect(made.status == 0, "\(made.printed)")
        let list = try JSONDecoder().decode([ExercismTrack.Metadata].self, from: Data(contentsOf: folder.appendingPathComponent("exercises.json")))
        #expect(list.map(\.slug) == ExerciseCatalog.all.map(ExercismTrack.slug))
        for exercise in ExerciseCatalog.all {
            let directory = folder.appendingPathComponent("exercises/practice/\(ExercismTrack.slug(exercise))")
            let stub = try String(contentsOf: directory.appendingPathComponent("Solutions.swift"), encoding: .utf8)
            #expect(stub.contains("$0.\(exercise.function.rawValue) = ") && stub.contains("throw Unattempted()"), "\(exercise.id)")
            let meta = try JSONDecoder().decode(ExercismTrack.Metadata.self, from: Data(contentsOf: directory.appendingPathComponent(".meta/config.json")))
            #expect(meta.tasks.reduce(0) { $0 + $1.points } == exercise.points)
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(".meta/Example.swift").path))
        }
    }
}

/// What preparing the image printed when it failed.
struct PlatformTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Exercism's results.json, version 3 (exercism.org/docs/building/tooling/test-runners/interface):
/// `version` 3, `status` pass, fail or error, a `message` when error, and tests each with a
/// `name`, a `status`, optional `message`, `output` (500 characters at most), `test_code`, `task_id`.
enum ExercismSchema {
    static func validate(_ json: [String: Any]) throws {
        try require(Set(json.keys).isSubset(of: ["version", "status", "message", "tests"]), "unknown top-level keys \(json.keys)")
        try require(json["version"] as? Int == 3, "version is not 3")
        let status = json["status"] as? String
        try require(["pass", "fail", "error"].contains(status), "status \(String(describing: status))")
        if status == "error" { try require(json["message"] is String, "an error without a message") }
        for test in json["tests"] as? [[String: Any]] ?? [] {
            try require(Set(test.keys).isSubset(of: ["name", "status", "message", "output", "test_code", "task_id"]), "test keys \(test.keys)")
            try require(test["name"] is String, "a test without a name")
            try require(["pass", "fail", "error"].contains(test["status"] as? String), "test status \(String(describing: test["status"]))")
            if let output = test["output"] { try require((output as? String).map { $0.count <= 500 + 40 } == true, "output too long") }
            if let task = test["task_id"] { try require((task as? Int).map { $0 >= 1 } == true, "task_id \(task)") }
        }
        if status != "error" { try require(json["tests"] is [[String: Any]], "no tests") }
    }
}

/// Gradescope's results.json (gradescope-autograders.readthedocs.io/en/latest/specs/): a
/// `score` (or scores on every test), optional `execution_time` in seconds, `output`,
/// `visibility` and `stdout_visibility` (hidden, after_due_date, after_published, visible),
/// and tests each with `score` at most `max_score`, `status` passed or failed, a `name`, `output`.
enum GradescopeSchema {
    static let visibilities: Set<String> = ["hidden", "after_due_date", "after_published", "visible"]

    static func validate(_ json: [String: Any]) throws {
        let topKeys: Set<String> = [
            "score", "execution_time", "output", "output_format", "test_output_format", "test_name_format", "visibility", "stdout_visibility",
            "extra_data", "tests", "leaderboard",
        ]
        try require(Set(json.keys).isSubset(of: topKeys), "unknown top-level keys \(json.keys)")
        for key in ["visibility", "stdout_visibility"] where json[key] != nil {
            try require(visibilities.contains(json[key] as? String ?? ""), "\(key) \(String(describing: json[key]))")
        }
        if let time = json["execution_time"] { try require((time as? Int).map { $0 >= 0 } == true, "execution_time \(time)") }
        let tests = json["tests"] as? [[String: Any]] ?? []
        try require(json["score"] is Double || json["score"] is Int || (!tests.isEmpty && tests.allSatisfy { $0["score"] != nil }), "no score")
        let testKeys: Set<String> = [
            "score", "max_score", "status", "name", "name_format", "number", "output", "output_format", "tags", "visibility", "extra_data",
        ]
        for test in tests {
            try require(Set(test.keys).isSubset(of: testKeys), "test keys \(test.keys)")
            let score = test["score"] as? Double ?? 0, maxScore = test["max_score"] as? Double ?? 0
            try require(score >= 0 && score <= maxScore, "score \(score) of \(maxScore)")
            try require(["passed", "failed"].contains(test["status"] as? String ?? "passed"), "status \(String(describing: test["status"]))")
            try require(visibilities.contains(test["visibility"] as? String ?? "visible"), "visibility")
        }
    }
}

/// Throws `what` unless `condition` holds.
private func require(_ condition: Bool, _ what: @autoclosure () -> String) throws {
    if !condition { throw PlatformTestError(what()) }
}
