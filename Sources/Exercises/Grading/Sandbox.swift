import Foundation
import SolutionKit
#if canImport(Glibc)
import Glibc
#endif

/// The walls around a student's process, as strong as this machine allows:
///
/// - **as root** (grading platforms' containers): a user of its own per grading slot
///   (`61000 + slot`), its own PID, network and mount namespaces, the grader's files
///   covered, a private `/tmp`, and limits on memory, processes, file size and CPU;
/// - **not root, with user namespaces** (most Linux machines): the same namespaces
///   through an unprivileged user namespace, the same limits;
/// - **no namespaces**: as root, its own user with the limits; otherwise limits and a
///   process group only. The grader says so once (``notice``); a submission there can
///   reach the network, and without root signal the grader (Docs/Instructors.md).
public struct Sandbox: Sendable {
    /// How strong the walls are.
    public enum Level: String, Sendable {
        /// Root: an unprivileged user of its own plus namespaces.
        case rootWithNamespaces = "own user, PID, network and mount namespaces"
        /// Unprivileged user namespace.
        case userNamespaces = "PID, network and mount namespaces (unprivileged user namespace)"
        /// No namespaces: limits and a process group (and another user when root).
        case limitsOnly = "limits and a process group only"
    }

    /// The level found on this machine.
    public let level: Level
    /// The `unshare` command, when namespaces are used.
    let unshare: String?

    /// Probes this machine once: root or not, and whether `unshare` can make namespaces.
    public static let detected: Sandbox = detect()

    /// Walls of the given level (the proofs use `.limitsOnly` to show what it cannot stop).
    public init(level: Level) {
        self.level = level
        unshare = level == .limitsOnly ? nil : Sandbox.findUnshare()
    }

    private static func detect() -> Sandbox {
        guard let unshare = findUnshare() else { return Sandbox(level: .limitsOnly) }
        let root = geteuid() == 0
        let probe = Sandbox(level: root ? .rootWithNamespaces : .userNamespaces, unshare: unshare)
        let run = try? ChildProcess.run(probe.prefix + ["/bin/true"], environment: [], limits: ChildLimits(seconds: 10))
        return run?.ending == .exited(0) ? probe : Sandbox(level: .limitsOnly)
    }

    private init(level: Level, unshare: String) {
        self.level = level
        self.unshare = unshare
    }

    private static func findUnshare() -> String? {
        ["/usr/bin/unshare", "/bin/unshare"].first { access($0, X_OK) == 0 }
    }

    /// What to say once when the walls are weak, or nil.
    public var notice: String? {
        guard level == .limitsOnly else { return nil }
        return geteuid() == 0
            ? "note: this machine allows no namespaces (no `unshare`): submissions run as another user with limits and a process group, but can reach the network and read world-readable files. See Docs/Instructors.md."
            : "note: this machine allows no namespaces (no `unshare`, or user namespaces are off) and the grader is not root: submissions run with limits and a process group only, so one could read your files or stop the grader. See Docs/Instructors.md."
    }

    /// The command that starts `runner` inside the walls.
    func command(runner: [String], request: String) -> [String] {
        prefix + runner + ["--request", request]
    }

    private var prefix: [String] {
        guard let unshare, level != .limitsOnly else { return [] }
        let user = level == .userNamespaces ? ["--user", "--map-root-user"] : []
        return [unshare] + user + ["--pid", "--net", "--mount", "--mount-proc", "--fork", "--kill-child", "--"]
    }

    /// The confinement the runner applies to itself: limits always; another user when
    /// root; hidden paths and a private `/tmp` where it has a mount namespace.
    func confinement(_ limits: ProcessLimits, hiding paths: [String], slot: Int) -> Confinement {
        var confinement = Confinement()
        confinement.memoryBytes = limits.memoryBytes
        confinement.fileBytes = limits.fileBytes
        confinement.cpuSeconds = UInt64(limits.seconds.rounded(.up)) + 1
        if level != .limitsOnly {
            confinement.hiddenPaths = Sandbox.outermost(paths.filter { FileManager.default.fileExists(atPath: $0) })
            confinement.privateTemporary = true
        }
        // Root gives up its privileges with or without namespaces: to a user of the slot's own.
        if geteuid() == 0 {
            confinement.user = UInt32(61000 + slot)
            confinement.group = UInt32(61000 + slot)
        }
        // The process limit counts a user's processes: safe for a slot's own user or a
        // user namespace, not for the learner's own account (where it counts their shell).
        if confinement.user != nil || level != .limitsOnly {
            confinement.processes = limits.processes
        }
        return confinement
    }

    /// The paths not inside another of them (covering a directory covers what is in it,
    /// and a path inside a covered one no longer exists to be covered), the root excepted.
    static func outermost(_ paths: [String]) -> [String] {
        // Never the root: the runner needs the system's files (covering / would hide them).
        let standard = Set(paths.map { URL(fileURLWithPath: $0).standardizedFileURL.path }).subtracting(["/"])
        return standard.sorted().filter { path in !standard.contains { $0 != path && path.hasPrefix($0 + "/") } }
    }

    /// A minimal environment: nothing of the grader's (tokens, paths) reaches the student.
    /// Swift's backtracer is off: the crash's own line (message, file and line) is what a
    /// student needs, and a backtrace costs seconds.
    static let environment = ["PATH=/usr/bin:/bin", "HOME=/tmp", "LANG=C.UTF-8", "TMPDIR=/tmp", "SWIFT_BACKTRACE=enable=no"]
}

/// Per-exercise limits, each reported in words when reached.
public struct ProcessLimits: Sendable, Equatable {
    /// Wall-clock seconds per exercise.
    public var seconds: Double = 20
    /// Address space, bytes.
    public var memoryBytes: UInt64 = 2 << 30
    /// Processes and threads.
    public var processes: UInt64 = 256
    /// Largest file written, bytes.
    public var fileBytes: UInt64 = 16 << 20
    /// Output (stdout and stderr together), bytes.
    public var outputBytes: Int = 4 << 20

    /// The defaults: 20 s (Exercism's window), 2 GiB, 256 processes, 16 MiB files, 4 MiB of output.
    public init() {}

    /// Throws unless every limit is positive and finite.
    public func validate() throws {
        guard seconds.isFinite, seconds > 0 else {
            throw GradingError.invalid("the time limit must be a positive number of seconds, got \(seconds)")
        }
        guard memoryBytes >= 64 << 20 else {
            throw GradingError.invalid("the memory limit must be at least 64 MiB, got \(memoryBytes >> 20) MiB")
        }
        guard outputBytes > 0 else { throw GradingError.invalid("the output limit must be positive, got \(outputBytes) bytes") }
    }
}
