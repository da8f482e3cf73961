import CSpawn
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What a child may use before the grader stops it.
public struct ChildLimits: Sendable, Equatable {
    /// Wall-clock seconds.
    public var seconds: Double
    /// Bytes the child may write to stdout and stderr together; past it, it is stopped.
    public var outputBytes: Int
    /// Bytes of its output the grader keeps to show (the rest is counted, not kept).
    public var keptOutputBytes: Int
    /// Bytes the child may write to the results channel.
    public var resultsBytes: Int
    /// Whether to read the peak memory of the child's processes at each result line.
    public var measuresMemory = false

    /// Limits for one exercise.
    public init(seconds: Double, outputBytes: Int = 4 << 20, keptOutputBytes: Int = 64 << 10, resultsBytes: Int = 4 << 20) {
        self.seconds = seconds
        self.outputBytes = outputBytes
        self.keptOutputBytes = keptOutputBytes
        self.resultsBytes = resultsBytes
    }
}

/// How a child process ended and what it wrote.
public struct ChildRun: Sendable {
    /// How it ended.
    public enum Ending: Sendable, Equatable {
        /// It exited with this status.
        case exited(Int32)
        /// A signal ended it.
        case signalled(Int32)
        /// The grader stopped it at the time limit.
        case timedOut
        /// The grader stopped it for writing more than the output limit.
        case flooded
        /// The grader stopped it for writing more than the results limit to the results channel.
        case floodedResults
    }

    /// How it ended.
    public var ending: ChildRun.Ending
    /// Its stdout and stderr, interleaved as they arrived, up to the kept limit.
    public var output: [UInt8] = []
    /// Bytes written to stdout and stderr, kept or not.
    public var outputTotal = 0
    /// Complete lines written to the results channel, with how much output had arrived
    /// before each and, when measured, the largest peak resident set (`VmHWM`) among the
    /// child and its descendants while the line's writer waited for its acknowledgement.
    public var results: [(line: [UInt8], outputOffset: Int, peakResidentBytes: Int?)] = []
    /// Wall-clock seconds it ran.
    public var seconds = 0.0
}

/// Starts a process in a session of its own and collects its output on pipes that the
/// grader drains while it runs, with caps; stops the whole process group when the child
/// answers, fails or reaches a limit. It never waits for end-of-file: a grandchild that
/// keeps a pipe open cannot stall the grade.
public enum ChildProcess {
    /// Runs `arguments[0]` (a path) with `arguments`, `environment`, standard input from
    /// /dev/null, a results channel on descriptor 3, and on descriptor 4 a newline for
    /// each result line read (a child that waits for it before printing more gets its
    /// output attributed to the right result). It starts in `directory` when one is given;
    /// no other descriptor of the grader's reaches it.
    public static func run(_ arguments: [String], environment: [String], limits: ChildLimits, directory: String? = nil) throws -> ChildRun {
        let (pid, output, results, acknowledgements) = try spawnLock.withLock { try spawn(arguments, environment: environment, directory: directory) }
        defer {
            close(output)
            close(results)
            close(acknowledgements)
        }
        return collect(pid: pid, output: output, results: results, acknowledgements: acknowledgements, limits: limits)
    }

    /// Pipes are made and the child started under one lock, so that no other thread's
    /// child inherits a pipe between its creation and its close-on-exec flag.
    private static let spawnLock = NSLock()

    /// A child that exits before reading its acknowledgement must not kill the grader
    /// with SIGPIPE: the grader ignores it (its children start with default signals).
    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    private static func spawn(_ arguments: [String], environment: [String], directory: String?) throws -> (
        pid_t, output: Int32, results: Int32, acknowledgements: Int32
    ) {
        ignoreBrokenPipes
        let output = try pipe(), results = try pipe(), acknowledgements = try pipe(nonBlockingRead: false)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output.write, 1)
        posix_spawn_file_actions_adddup2(&actions, output.write, 2)
        posix_spawn_file_actions_adddup2(&actions, results.write, 3)
        posix_spawn_file_actions_adddup2(&actions, acknowledgements.read, 4)
        gradlab_spawn_close_from(&actions, 5)
        if let directory { gradlab_spawn_chdir(&actions, directory) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t(), empty = sigset_t()
        sigemptyset(&empty)
        sigfillset(&defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(posixSpawnSetSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let status = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        close(output.write)
        close(results.write)
        close(acknowledgements.read)
        guard status == 0 else {
            close(output.read)
            close(results.read)
            close(acknowledgements.write)
            throw GradingError.cannotStart(arguments[0], String(cString: strerror(status)))
        }
        _ = fcntl(acknowledgements.write, F_SETFL, fcntl(acknowledgements.write, F_GETFL) | O_NONBLOCK)
        return (pid, output.read, results.read, acknowledgements.write)
    }

    /// glibc's `POSIX_SPAWN_SETSID` (a GNU extension Swift does not import): the child
    /// starts a session and process group of its own.
    private static let posixSpawnSetSID: Int32 = 0x80

    /// Drains the pipes until the child exits or a limit is reached, then stops its group.
    private static func collect(pid: pid_t, output: Int32, results: Int32, acknowledgements: Int32, limits: ChildLimits) -> ChildRun {
        var run = ChildRun(ending: .exited(0))
        var pending: [UInt8] = [], resultsTotal = 0
        let start = Date()
        var ending: ChildRun.Ending?
        var reaped = false

        func drainOutput() {
            // A child that writes without pause must not keep the grader here: stop past the limit.
            readAvailable(output, until: { run.outputTotal > limits.outputBytes }) { bytes in
                run.outputTotal += bytes.count
                let room = limits.keptOutputBytes - run.output.count
                if room > 0 { run.output += bytes.prefix(room) }
            }
            if run.outputTotal > limits.outputBytes, ending == nil { ending = .flooded }
        }
        func drainResults() {
            drainOutput()  // output written before a result belongs to it
            var acknowledged = false
            // After an acknowledgement the child prints again: drain that before reading on.
            readAvailable(results, until: { acknowledged || resultsTotal > limits.resultsBytes }) { bytes in
                resultsTotal += bytes.count
                guard resultsTotal <= limits.resultsBytes else { return }
                pending += bytes
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let peak = limits.measuresMemory ? ChildProcess.peakResidentBytes(of: pid) : nil
                    run.results.append((Array(pending[..<newline]), run.output.count, peak))
                    pending.removeSubrange(...newline)
                    // The output so far is this result's; the child may go on.
                    var newlineByte = UInt8(ascii: "\n")
                    _ = write(acknowledgements, &newlineByte, 1)
                    acknowledged = true
                }
            }
            if resultsTotal > limits.resultsBytes, ending == nil { ending = .floodedResults }
        }

        while ending == nil {
            var fds = [pollfd(fd: output, events: Int16(POLLIN), revents: 0), pollfd(fd: results, events: Int16(POLLIN), revents: 0)]
            _ = poll(&fds, 2, 20)
            drainResults()
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                reaped = true
                var seen: Int
                repeat {
                    seen = run.results.count
                    drainResults()
                } while run.results.count > seen
                ending = ending ?? (status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .signalled(status & 0x7f))
            } else if Date().timeIntervalSince(start) > limits.seconds {
                ending = .timedOut
            }
        }
        // The child answered, failed or hit a limit: nothing of its group may outlive it.
        kill(-pid, SIGKILL)
        if !reaped {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
        run.ending = ending ?? .exited(0)
        run.seconds = Date().timeIntervalSince(start)
        return run
    }

    /// The largest peak resident set (`VmHWM`, bytes) among `root` and its descendants,
    /// read from /proc. Each process's own since its last exec: not the kernel's
    /// `ru_maxrss` of a spawned child, which also counts the grader's memory (the child
    /// shares it until it executes). A process whose /proc cannot be read is skipped.
    static func peakResidentBytes(of root: pid_t) -> Int? {
        var pending = [root], seen = Set<pid_t>(), peak: Int?
        while let pid = pending.popLast(), seen.count < 4096 {
            guard seen.insert(pid).inserted else { continue }
            if let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
                let kib = Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" })[1])
            {
                peak = max(peak ?? 0, kib * 1024)
            }
            pending += children(of: pid)
        }
        return peak
    }

    /// The processes whose parent is `pid`: from /proc/PID/task/TID/children where the
    /// kernel has it, otherwise by reading every process's parent from /proc/PID/stat.
    private static func children(of pid: pid_t) -> [pid_t] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        if let first = tasks.first, FileManager.default.fileExists(atPath: "/proc/\(pid)/task/\(first)/children") {
            return tasks.flatMap { task in
                ((try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? "")
                    .split(separator: " ").compactMap { pid_t($0) }
            }
        }
        return childrenByStat(of: pid)
    }

    /// The processes whose parent is `pid`, read from every process's /proc/PID/stat.
    static func childrenByStat(of pid: pid_t) -> [pid_t] {
        let processes = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { pid_t($0) }
        return processes.filter { candidate in
            // The fields after the command (which may hold spaces) follow its last ')': state, then the parent.
            guard let stat = try? String(contentsOfFile: "/proc/\(candidate)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && pid_t(fields[1]) == pid
        }
    }

    /// Reads what `fd` (non-blocking) holds now, without waiting for more.
    private static func readAvailable(_ fd: Int32, until done: () -> Bool = { false }, _ consume: ([UInt8]) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !done() {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                consume(Array(buffer[..<count]))
                continue
            }
            if count < 0 && errno == EINTR { continue }
            return
        }
    }

    /// A pipe whose ends are above descriptor 10 and closed on exec; the grader reads
    /// without blocking (not so the child, which waits on its acknowledgements).
    private static func pipe(nonBlockingRead: Bool = true) throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard Glibc.pipe(&fds) == 0 else { throw GradingError.cannotStart("a pipe", String(cString: strerror(errno))) }
        // Above the child's 0...4, so that no dup2 of the spawn overwrites another's source.
        fds = fds.map { fd in
            let high = fcntl(fd, F_DUPFD_CLOEXEC, 10)
            close(fd)
            return high
        }
        if nonBlockingRead { _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK) }
        return (fds[0], fds[1])
    }
}

/// A fault of the grading machine or its setup (never of a submission).
public enum GradingError: Error, CustomStringConvertible, Sendable {
    /// A process could not be started.
    case cannotStart(String, String)
    /// A file or directory the grader needs is missing or unreadable.
    case missing(String)
    /// A command-line value is out of range.
    case invalid(String)
    /// The walls around a student's process could not be built.
    case walls(String)

    /// What went wrong.
    public var description: String {
        switch self {
        case .cannotStart(let what, let why): "could not start \(what): \(why)"
        case .missing(let what): what
        case .invalid(let what): what
        case .walls(let why): "the walls around the solution could not be built: \(why)"
        }
    }
}
