import Foundation
import ReferenceSolutions
import SolutionKit

#if canImport(Glibc)
    import Glibc
#endif

/// Attacks that run before the runner's `main`: when the binary loads (a function pointer
/// in `.init_array`) and while the solutions are built (a `Solutions { }` builder). Each
/// prints one line, `probe WHAT: RESULT`, which the proofs read from the grade's output.
/// They act only when the runner was started as their variant, so that the other
/// variants of this shared executable stay clean.
enum WallProbes {
    /// Where the proofs put hidden checks, results and a classmate's runner.
    static let hiddenChecks = "/tmp/gradlab-proof-hidden/lab4.json"
    static let results = "/tmp/gradlab-proof-results"
    static let classmate = "/tmp/gradlab-proof-classmate/runner"

    /// Whether this process was started as `variant` (its name or its first argument).
    static func startedAs(_ variant: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: "/proc/self/cmdline") else { return false }
        let words = data.split(separator: 0).prefix(2).map { String(decoding: $0, as: UTF8.self) }
        return words.contains { URL(fileURLWithPath: $0).lastPathComponent == variant }
    }

    /// Every probe, in order; `when` names the moment (load or builder).
    static func run(_ when: String) {
        let root = HostileVariants.packageRoot
        func say(_ what: String, _ result: String) { print("probe \(when) \(what): \(result)") }
        for path in [
            "\(root)/Sources/ReferenceSolutions/Solutions.swift", "\(root)/Package.swift", hiddenChecks,
            results, classmate, "/root", "/etc/passwd", "/proc/1/environ",
        ] {
            say("read \(path)", readable(path))
        }
        for path in [
            "\(root)/planted-by-a-student", "\(results)/results.json", classmate, "/dev/shm/gradlab-planted",
            "/var/tmp/gradlab-planted", "/tmp/gradlab-planted",
        ] {
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            if fd >= 0 {
                _ = write(fd, "x", 1)
                close(fd)
            }
            say("write \(path)", fd >= 0 ? "written" : "refused")
        }
        for target in ["/proc", "/tmp", "/"] {
            say("unmount \(target)", umount2(target, Int32(MNT_DETACH)) == 0 ? "unmounted" : "refused")
        }
        say("mount a tmpfs", mount("none", "/tmp", "tmpfs", 0, nil) == 0 ? "mounted" : "refused")
        say("new user namespace", unshareUser() ? "made" : "refused")
        say("capabilities", capabilities())
        say("reset the peak memory", writeFile("/proc/self/clear_refs", "5") ? "reset" : "refused")
        say("other processes", "\(otherProcesses())")
        say("environment", ProcessInfo.processInfo.environment.keys.sorted().joined(separator: ","))
        fflush(nil)
    }

    private static func readable(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "refused or absent" }
        if info.st_mode & S_IFMT == S_IFDIR {
            return (try? FileManager.default.contentsOfDirectory(atPath: path)).map { "listed \($0.count) entries" } ?? "refused or absent"
        }
        return FileManager.default.contents(atPath: path).map { "read \($0.count) bytes" } ?? "refused or absent"
    }

    /// unshare(CLONE_NEWUSER), through the C library (Swift does not import unshare).
    private static func unshareUser() -> Bool {
        typealias Unshare = @convention(c) (Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "unshare") else { return false }
        return unsafeBitCast(symbol, to: Unshare.self)(0x1000_0000) == 0
    }

    private static func writeFile(_ path: String, _ text: String) -> Bool {
        let fd = open(path, O_WRONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return write(fd, text, text.utf8.count) == text.utf8.count
    }

    /// The effective capabilities, as /proc/self/status gives them.
    private static func capabilities() -> String {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        return status.split(separator: "\n").first { $0.hasPrefix("CapEff:") }.map { $0.split(separator: "\t").last.map(String.init) ?? "?" } ?? "?"
    }

    /// Processes this one can see besides itself (the grader and classmates among them, if any).
    private static func otherProcesses() -> Int {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { Int($0) != nil && Int32($0) != getpid() }.count
    }
}

/// Runs the probes when the binary loads, before `main` and before any Swift global of the
/// runner is made: what a student's `@used @section(".init_array")` pointer would do.
@used @section(".init_array") let probeTheWallsAtLoad: @convention(c) () -> Void = {
    if WallProbes.startedAs("probes-the-walls-at-load") { WallProbes.run("at load") }
}

/// The probes from a `Solutions { }` builder, which runs when the runner starts.
let probesFromTheBuilder = Solutions {
    if WallProbes.startedAs("probes-the-walls-from-the-builder") { WallProbes.run("from the builder") }
    $0 = referenceSolutions
}
