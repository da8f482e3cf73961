import Foundation
import SolutionKit

#if canImport(Glibc)
    import Glibc
#endif

/// The walls around a student's process, built by programs that hold no student code
/// before the student's binary is executed, as strong as this machine allows:
///
/// - **bubblewrap as a user of the slot's own** (the grader is root): `setpriv` becomes
///   user `61000 + slot`, then `bwrap` makes new user, PID, network, IPC, UTS and mount
///   namespaces with no capability left, a root file system holding only the system's
///   libraries and the runner (read-only), and fresh `/tmp`, `/dev/shm` and `/var/tmp`;
/// - **bubblewrap as the grader's own user** (an unprivileged grader, or root over a
///   user namespace that maps one uid, as in many containers): the same namespaces and
///   file system, no capability;
/// - **no namespaces** (a container that allows none): limits, a process group, and
///   another user when root. The grader says so once (``notice``): the platform's
///   container is then the wall (Docs/Instructors.md).
///
/// At every level `prlimit` sets the limits on memory, processes, file size, CPU time and
/// core files, then executes the runner: the student's code, including code that runs
/// when the binary loads, starts inside every wall.
public struct Sandbox: Sendable {
    /// How strong the walls are.
    public enum Level: String, Sendable, CaseIterable {
        /// bubblewrap, run as an unprivileged user of the grading slot's own.
        case slotUser = "bubblewrap namespaces as a user of its own, no capabilities"
        /// bubblewrap, run as the grader's own user, which holds no capability inside.
        case graderUser = "bubblewrap namespaces, no capabilities"
        /// No namespaces: limits and a process group (and another user when root).
        case limitsOnly = "limits and a process group only"
    }

    /// The level in use.
    public let level: Level
    /// Where `bwrap` is, when a level uses it.
    let bubblewrap: String?
    /// Whether the grader (root) becomes the slot's own user first.
    let switchesUser: Bool

    /// Probes this machine once: the strongest level that starts `/bin/true`.
    public static let detected: Sandbox = detect()

    /// Walls of the given level (the proofs use `.limitsOnly` to show what it cannot stop).
    public init(level: Level) {
        self.init(
            level: level, bubblewrap: level == .limitsOnly ? nil : Sandbox.tool("bwrap"),
            switchesUser: geteuid() == 0 && level != .graderUser)
    }

    private init(level: Level, bubblewrap: String?, switchesUser: Bool) {
        self.level = level
        self.bubblewrap = bubblewrap
        self.switchesUser = switchesUser
    }

    /// The first level that starts `/usr/bin/true`: a slot's own user (root only), then the
    /// grader's user (`setpriv` cannot switch over a user namespace that maps one uid),
    /// then limits only, with or without another user.
    private static func detect() -> Sandbox {
        let root = geteuid() == 0
        var candidates: [Sandbox] = []
        if let bwrap = tool("bwrap") {
            if root { candidates.append(Sandbox(level: .slotUser, bubblewrap: bwrap, switchesUser: true)) }
            candidates.append(Sandbox(level: .graderUser, bubblewrap: bwrap, switchesUser: false))
        }
        if root { candidates.append(Sandbox(level: .limitsOnly, bubblewrap: nil, switchesUser: true)) }
        for probe in candidates where probe.starts() { return probe }
        return Sandbox(level: .limitsOnly, bubblewrap: nil, switchesUser: false)
    }

    /// Whether these walls start a program.
    func starts() -> Bool {
        guard let command = try? command(executable: "/usr/bin/true", arguments: [], limits: ProcessLimits(), slot: 0),
            let run = try? ChildProcess.run(command, environment: Sandbox.environment, limits: ChildLimits(seconds: 10))
        else { return false }
        return run.ending == .exited(0)
    }

    /// The path of a system tool, if installed.
    static func tool(_ name: String) -> String? {
        ["/usr/bin/", "/bin/", "/usr/sbin/", "/sbin/"].map { $0 + name }.first { access($0, X_OK) == 0 }
    }

    /// What to say once when the walls are weak, or nil.
    public var notice: String? {
        guard level == .limitsOnly else { return nil }
        let why =
            Sandbox.tool("bwrap") == nil
            ? "bubblewrap (`bwrap`) is not installed: run scripts/install-deps.sh"
            : "this machine or container allows no namespaces"
        return switchesUser
            ? "note: \(why). Submissions run as another user with limits and a process group, but can reach the network and read world-readable files; the platform's container is the wall. See Docs/Instructors.md."
            : "note: \(why), and the grader is not root: submissions run with limits and a process group only, so one could read your files or stop the grader. See Docs/Instructors.md."
    }

    /// Where the runner appears inside the walls.
    static let insideDirectory = "/gradlab"

    /// The command that starts `executable` with `arguments` inside the walls: every
    /// program before it (`setpriv`, `bwrap`, `prlimit`) is the system's, none holds code
    /// of the student's. Throws when a program the level needs is missing.
    ///
    /// `hiding` names paths that must stay out of reach (the package, hidden checks, other
    /// submissions, the results): the walls bind none of them, and one that lies inside a
    /// system directory they bind is covered by an empty one.
    func command(executable: String, arguments: [String], limits: ProcessLimits, slot: Int, hiding: [String] = []) throws -> [String] {
        guard let prlimit = Sandbox.tool("prlimit") else { throw GradingError.missing("the walls need prlimit (util-linux), which is not installed") }
        let resolved = URL(fileURLWithPath: executable).resolvingSymlinksInPath().path
        var limit = [
            prlimit, "--as=\(limits.memoryBytes)", "--fsize=\(limits.fileBytes)",
            "--cpu=\(UInt64(limits.seconds.rounded(.up)) + 1)", "--core=0",
        ]
        // The process limit counts a user's processes: right for a slot's own user or a
        // user namespace, wrong for a learner's own account (it would count their shell).
        if level != .limitsOnly || switchesUser { limit.append("--nproc=\(limits.processes)") }
        limit.append("--")

        var command: [String] = []
        if switchesUser {
            guard let setpriv = Sandbox.tool("setpriv") else { throw GradingError.missing("the walls need setpriv (util-linux), which is not installed") }
            let user = Sandbox.slotUser(slot)
            command += [setpriv, "--reuid=\(user)", "--regid=\(user)", "--clear-groups", "--inh-caps=-all", "--"]
        }
        guard level != .limitsOnly else { return command + limit + [resolved] + arguments }
        guard let bubblewrap else { throw GradingError.missing("the walls need bubblewrap (bwrap), which is not installed: run scripts/install-deps.sh") }
        let inside = Sandbox.insideDirectory + "/" + URL(fileURLWithPath: executable).lastPathComponent
        command += [bubblewrap] + Sandbox.namespaces + Sandbox.fileSystem(runner: resolved, at: inside, hiding: hiding)
        command += ["--chdir", "/tmp", "--"] + limit + [inside] + arguments
        return command
    }

    /// The user of a grading slot (when the grader is root).
    static func slotUser(_ slot: Int) -> Int { 61000 + slot }

    /// Every namespace, no capability, no way back out: a new session (no terminal to
    /// push input into), killed with the grader, and no user namespace of its own inside.
    /// The runner is the namespace's first process, so that bubblewrap waits for it itself
    /// and the kernel's count of its peak memory reaches the grader.
    static let namespaces = [
        "--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
        "--disable-userns", "--cap-drop", "ALL", "--new-session", "--die-with-parent", "--as-pid-1", "--hostname", "gradlab",
    ]

    /// A root file system of read-only system directories, the runner, the Swift runtime
    /// it links, and empty `/tmp`, `/dev/shm` and `/var/tmp`: nothing of the grader's,
    /// the package, the hidden checks, the results or other submissions.
    static func fileSystem(runner: String, at inside: String, hiding: [String]) -> [String] {
        var bound = ["/usr"]
        var arguments = ["--ro-bind", "/usr", "/usr"]
        for link in ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"] {
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: link) {
                arguments += ["--symlink", target, link]
            } else if FileManager.default.fileExists(atPath: link) {
                arguments += ["--ro-bind", link, link]
                bound.append(link)
            }
        }
        // The dynamic loader's cache and the alternatives that name the BLAS library.
        for path in ["/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives", "/etc/localtime"]
        where FileManager.default.fileExists(atPath: path) {
            arguments += ["--ro-bind", path, path]
            bound.append(path)
        }
        for directory in runtimeDirectories where !directory.hasPrefix("/usr/") {
            arguments += ["--ro-bind", directory, directory]
            bound.append(directory)
        }
        for path in outermost(hiding) where bound.contains(where: { path == $0 || path.hasPrefix($0 + "/") }) {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            arguments += isDirectory.boolValue ? ["--tmpfs", path, "--remount-ro", path] : ["--ro-bind", "/dev/null", path]
        }
        // /proc read-only: a process could otherwise reset its own peak memory (clear_refs).
        arguments += [
            "--proc", "/proc", "--remount-ro", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--tmpfs", "/dev/shm", "--tmpfs", "/var/tmp",
            "--ro-bind", runner, inside, "--remount-ro", "/",
        ]
        return arguments
    }

    /// The paths not inside another of them (covering a directory covers what is in it),
    /// the root excepted (covering it would hide the system's files).
    static func outermost(_ paths: [String]) -> [String] {
        let standard = Set(paths.map { URL(fileURLWithPath: $0).standardizedFileURL.path }).subtracting(["/"])
        return standard.sorted().filter { path in !standard.contains { $0 != path && path.hasPrefix($0 + "/") } }
    }

    /// The directories of the Swift runtime this grader loaded (the runner links the same).
    static let runtimeDirectories: [String] = {
        // Read line by line: /proc files have no size, and a read by size may stop short.
        guard let maps = fopen("/proc/self/maps", "r") else { return [] }
        defer { fclose(maps) }
        var directories = Set<String>()
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, maps) > 0, let line {
            let text = String(cString: line).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let slash = text.firstIndex(of: "/") else { continue }
            let path = String(text[slash...])
            if ["/libswiftCore.so", "/libFoundation.so", "/libdispatch.so"].contains(where: path.hasSuffix) {
                directories.insert(URL(fileURLWithPath: path).deletingLastPathComponent().path)
            }
        }
        return directories.sorted()
    }()

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
        guard seconds.isFinite, seconds > 0, seconds <= 86_400 else {
            throw GradingError.invalid("the time limit must be a positive number of seconds, at most a day, got \(seconds)")
        }
        guard memoryBytes >= 64 << 20 else {
            throw GradingError.invalid("the memory limit must be at least 64 MiB, got \(memoryBytes >> 20) MiB")
        }
        guard outputBytes > 0 else { throw GradingError.invalid("the output limit must be positive, got \(outputBytes) bytes") }
    }
}
