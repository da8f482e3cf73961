import Foundation
import Testing

@testable import Exercises

/// How the grader is started in a proof: the three levels a grading machine can offer.
enum GraderLevel: String, CaseIterable, CustomTestStringConvertible, Sendable {
    /// The grader is root (a teacher's server, CI): each slot's own user, then bubblewrap.
    case root
    /// The grader is an unprivileged user (a learner's machine): bubblewrap as that user.
    case unprivileged
    /// The grader is root over a user namespace that maps one uid, the host's 100000, as
    /// in rootless containers: it cannot switch users.
    case rootOverOneUid

    var testDescription: String { rawValue }

    /// The walls `gradlab grade` reports at this level.
    var walls: Sandbox.Level { self == .root ? .slotUser : .graderUser }

    /// What runs `gradlab` at this level.
    var prefix: [String] {
        switch self {
        case .root: []
        case .unprivileged: ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
        case .rootOverOneUid: ["/usr/bin/python3", Built.packageRoot + "/scripts/one-uid-container.py"]
        }
    }

    /// The levels this machine can show: all three when the tests run as root with
    /// bubblewrap and user namespaces (as in CI), else none.
    static let available: [GraderLevel] = {
        guard geteuid() == 0, Sandbox.tool("bwrap") != nil, Sandbox.tool("setpriv") != nil, Sandbox.tool("python3") != nil,
            Sandbox.detected.level == .slotUser
        else { return [] }
        return allCases
    }()
}

/// One `gradlab grade` of a fixture variant at a level: its exit status, what it printed
/// and its results (Gradescope's format, whose output is not cut short).
struct LevelGrade {
    let status: Int32
    let printed: String
    let tests: [[String: Any]]

    /// The output of the check named `name`.
    func output(_ name: String) -> String {
        tests.first { ($0["name"] as? String)?.hasPrefix(name) == true }?["output"] as? String ?? ""
    }
}

/// Files the attacks go after, readable and writable by everyone, so that only the walls
/// keep a submission from them (not permissions).
enum Bait {
    static let hiddenDirectory = "/tmp/gradlab-proof-hidden"
    static let hiddenCheck = #"{"exercise": "autograd.lab1", "name": "Lab 1, hidden", "points": 1, "arguments": [1.5]}"#
    static let classmateRunner = "a classmate's runner"

    static func lay() throws {
        for directory in [hiddenDirectory, "/tmp/gradlab-proof-results", "/tmp/gradlab-proof-classmate"] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            chmod(directory, 0o777)
        }
        try hiddenCheck.write(toFile: hiddenDirectory + "/lab1.json", atomically: true, encoding: .utf8)
        try classmateRunner.write(toFile: "/tmp/gradlab-proof-classmate/runner", atomically: true, encoding: .utf8)
        for file in [hiddenDirectory + "/lab1.json", "/tmp/gradlab-proof-classmate/runner"] { chmod(file, 0o666) }
    }

    /// Files a submission would leave behind on the machine, if it could.
    static var leftBehind: [String] {
        ["/dev/shm/gradlab-planted", "/var/tmp/gradlab-planted", Built.packageRoot + "/planted-by-a-student"]
            .filter { FileManager.default.fileExists(atPath: $0) }
    }
}

/// Grades `variant` (a fixture) with `gradlab grade` at `level`, on `exercises`.
func gradeAt(_ level: GraderLevel, _ variant: String, exercises: [String] = ["autograd.lab1"], hidden: Bool = true) throws -> LevelGrade {
    try Bait.lay()
    let directory = "/tmp/gradlab-proof-results/\(level)-\(variant)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    chmod(directory, 0o777)
    let link = directory + "/" + variant
    try? FileManager.default.removeItem(atPath: link)
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: Built.fixtures)
    let results = directory + "/results.json"
    try? FileManager.default.removeItem(atPath: results)
    let command =
        level.prefix + [Built.gradlab, "grade", "--runner", link, "--json", results, "--format", "gradescope", "--seed", "8"]
        + exercises.flatMap { ["--exercise", $0] } + (hidden ? ["--hidden", Bait.hiddenDirectory] : [])
    let (status, printed) = try runProcess(command, in: directory)
    let json = (try? Data(contentsOf: URL(fileURLWithPath: results))).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    return LevelGrade(status: status, printed: printed, tests: json?["tests"] as? [[String: Any]] ?? [])
}

/// The walls stand before a line of student code runs, at every level a grading machine
/// offers: code that runs when the runner loads or while its solutions are built finds
/// nothing of the grader's, keeps no privilege and leaves nothing behind.
@Suite("The walls stand before student code runs", .serialized)
struct WallsTests {
    @Test(arguments: GraderLevel.available, ["probes-the-walls-at-load", "probes-the-walls-from-the-builder"])
    func codeBeforeMainFindsOnlyWalls(level: GraderLevel, variant: String) throws {
        let grade = try gradeAt(level, variant)
        #expect(grade.printed.contains("walls: \(level.walls.rawValue)"), "\(grade.printed.prefix(300))")
        #expect(!grade.printed.contains("note:"))
        let output = grade.output("Lab 1: the loss")
        let moment = variant.hasSuffix("at-load") ? "probe at load " : "probe from the builder "
        let probes = output.split(separator: "\n").filter { $0.hasPrefix(moment) }.map { line -> (String, String) in
            let text = String(line.dropFirst(moment.count))
            let colon = text.range(of: ": ", options: .backwards)!
            return (String(text[..<colon.lowerBound]), String(text[colon.upperBound...]))
        }
        #expect(probes.count == 23, "every probe ran and reported: \(output.prefix(400))")
        for (what, result) in probes {
            switch what {
            case _ where what.hasPrefix("read /proc/1/environ"):
                #expect(result.hasPrefix("read "), "its own environment (it is process 1 of its namespace)")
            case _ where what.hasPrefix("read "):
                #expect(result == "refused or absent", "\(what): \(result)")
            case "write /dev/shm/gradlab-planted", "write /var/tmp/gradlab-planted", "write /tmp/gradlab-planted":
                #expect(result == "written", "scratch space of its own: \(what)")
            case _ where what.hasPrefix("write "):
                #expect(result == "refused", "\(what): \(result)")
            case "capabilities": #expect(result == "0000000000000000")
            case "other processes": #expect(result == "0", "it sees neither the grader nor classmates")
            case "environment": #expect(result == "HOME,LANG,PATH,PWD,SWIFT_BACKTRACE,TMPDIR")
            default: #expect(result == "refused", "\(what): \(result)")
            }
        }
        #expect(Bait.leftBehind.isEmpty, "nothing outlives the grade: \(Bait.leftBehind)")
        #expect(try String(contentsOfFile: "/tmp/gradlab-proof-classmate/runner", encoding: .utf8) == Bait.classmateRunner)
        #expect(grade.tests.allSatisfy { $0["status"] as? String == "passed" }, "the probes cost nothing: it is the reference")
    }

    @Test(arguments: GraderLevel.available)
    func killingTheGraderKillsNothingOutsideTheWalls(level: GraderLevel) throws {
        let grade = try gradeAt(level, "kills-the-grader", hidden: false)
        #expect(grade.status == 1, "the grader finished and reported the lost checks: \(grade.printed.suffix(300))")
        #expect(grade.tests.count == 2)
        #expect(grade.tests.filter { $0["status"] as? String != "passed" }.count == 2, "only Lab 1 is lost")
    }

    @Test(arguments: GraderLevel.available)
    func aForkStormIsBounded(level: GraderLevel) throws {
        let grade = try gradeAt(level, "fork-storm", hidden: false)
        let output = grade.output("Lab 1: the loss")
        let started = output.split(separator: "\n").first { $0.hasPrefix("fork storm: started ") }
            .flatMap { Int($0.split(separator: " ")[3]) }
        #expect(started.map { $0 < 300 } == true, "the process limit stops it: \(output.prefix(120))")
        #expect(grade.tests.allSatisfy { $0["status"] as? String == "passed" })
    }

    @Test(arguments: GraderLevel.available)
    func hiddenInputsAreNeverEchoed(level: GraderLevel) throws {
        let grade = try gradeAt(level, "echoes-its-arguments")
        #expect(grade.tests.count == 3, "\(grade.printed.suffix(300))")
        let everything = grade.printed + "\(grade.tests)"
        #expect(
            !everything.contains("1.5, ") && !everything.contains("[1.5") && !everything.contains("echo: 1.5"),
            "the hidden argument 1.5 never reaches the feedback")
    }

    @Test(arguments: GraderLevel.available)
    func aKeptGraphIsCaughtByTheMemoryTheKernelCounts(level: GraderLevel) throws {
        let grade = try gradeAt(level, "exercise4-keeps-loss-tensors", exercises: ["autograd.exercise4"], hidden: false)
        let graph = grade.tests.first { ($0["name"] as? String)?.hasPrefix("Exercise 4: no graph") == true }
        #expect(graph?["status"] as? String == "failed", "\(grade.printed.suffix(400))")
        #expect((graph?["output"] as? String)?.contains("keeps every epoch's loss tensor") == true)
        let right = try gradeAt(level, "reference", exercises: ["autograd.exercise4"], hidden: false)
        #expect(right.tests.allSatisfy { $0["status"] as? String == "passed" }, "\(right.printed.suffix(400))")
    }

    @Test(arguments: GraderLevel.available)
    func theNetworkIsUnreachable(level: GraderLevel) throws {
        let grade = try gradeAt(level, "opens-a-connection", hidden: false)
        let output = grade.output("Lab 1: the loss")
        #expect(output.contains("network: "))
        #expect(!output.contains("network: connected"))
    }
}

extension WallsTests {
    /// CI runs as root with bubblewrap installed (scripts/install-deps.sh): there the proofs
    /// above must run at every level, not pass for want of a level to run at.
    @Test func continuousIntegrationProvesEveryLevel() {
        guard ProcessInfo.processInfo.environment["CI"] != nil else { return }
        #expect(GraderLevel.available == GraderLevel.allCases, "walls found: \(Sandbox.detected.level.rawValue)")
    }
}

/// Faults of the grading machine are the grader's: exit status 3 and a message for the
/// teacher, never a student's failure.
@Suite("Grader faults exit 3")
struct GraderFaultTests {
    func grade(_ arguments: [String]) throws -> (status: Int32, printed: String) {
        try runProcess([Built.gradlab, "grade", "--seed", "1"] + arguments)
    }

    @Test func aMissingRunnerIsTheGradersFault() throws {
        let (status, printed) = try grade(["--runner", "/nonexistent/gradlab-runner"])
        #expect(status == 3)
        #expect(printed.contains("no runner at /nonexistent/gradlab-runner"))
        #expect(!printed.contains("exit()"), "not reported as the student's process calling exit()")
    }

    @Test func aBadHiddenCheckIsTheGradersFault() throws {
        let directory = NSTemporaryDirectory() + "gradlab-bad-hidden-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try #"{"exercise": "autograd.lab2", "name": "steps", "points": 1, "arguments": [2, 0.1, -1]}"#
            .write(toFile: directory + "/lab2.json", atomically: true, encoding: .utf8)
        let (status, printed) = try grade(["--runner", Built.fixtures, "--hidden", directory])
        #expect(status == 3)
        #expect(printed.contains("lab2.json") && printed.contains("argument 3"), "\(printed.suffix(300))")
    }
}

/// A class's runners are each student's own: one changed after its build is not run.
@Suite("A class's runners are checked before they run")
struct RunnerFingerprintTests {
    @Test func aRunnerChangedAfterItsBuildIsNotRun() throws {
        let directory = NSTemporaryDirectory() + "gradlab-runners-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let honest = directory + "/reference", robbed = directory + "/stubs"
        for path in [honest, robbed] {
            try FileManager.default.copyItem(atPath: Built.fixtures, toPath: path)
            let print = RunnerFingerprint.of(path)
            #expect(print?.count == 64)
            fingerprints.withLock { $0[path] = print }
        }
        // A classmate's runner copied over this one after it was built.
        try FileManager.default.removeItem(atPath: robbed)
        try FileManager.default.copyItem(atPath: Built.runner, toPath: robbed)
        let grades = ClassGrading.grade([("honest", .built(honest)), ("robbed", .built(robbed))], with: fixtureGrader("unused"), jobs: 2)
        #expect(grades[0].earned == allPoints)
        #expect(grades[1].earned == 0)
        #expect(grades[1].results.allSatisfy { $0.graderFault == true && $0.message?.contains("changed after it was built") == true })
    }
}

/// The command line refuses numbers and combinations it cannot honour, with a message
/// and ArgumentParser's exit status 64, never a trap or a silent choice.
@Suite("The command line validates its options")
struct CommandLineValidationTests {
    func gradlab(_ arguments: [String]) throws -> (status: Int32, printed: String) {
        try runProcess([Built.gradlab] + arguments)
    }

    @Test(arguments: [
        (["run", "autograd.lab4.two-parameter-fit", "--all"], "give a lab id or --all, not both"),
        (["sensitivity", "--seeds=-1"], "--seeds must be at least 1, got -1"),
        (["audit", "--seeds=0"], "--seeds must be at least 1, got 0"),
        (["grade", "--timeout=-5"], "the time limit must be a positive number"),
        (["grade-class", "/nonexistent", "--jobs=0"], "--jobs must be positive, got 0"),
    ])
    func aBadOptionIsRefused(arguments: [String], message: String) throws {
        let (status, printed) = try gradlab(arguments)
        #expect(status == 64, "\(printed.prefix(300))")
        #expect(printed.contains(message), "\(printed.prefix(300))")
    }
}
