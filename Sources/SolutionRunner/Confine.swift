import Foundation
import SolutionKit
#if canImport(Glibc)
import Glibc
#endif

/// A limit or protection the runner could not put in place.
struct ConfinementError: Error, CustomStringConvertible {
    let description: String
}

extension SolutionRunner {
    /// Applies `confinement` to this process, in an order that leaves the student nothing:
    /// cover the hidden paths (needs the mount namespace's privileges), set the limits,
    /// give up root, then move to the scratch directory and close inherited descriptors.
    static func confine(_ confinement: Confinement) throws {
        for path in confinement.hiddenPaths {
            guard mount("gradlab-hidden", path, "tmpfs", UInt(MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC), "size=4k") == 0 else {
                throw ConfinementError(description: "could not hide \(path): \(String(cString: strerror(errno)))")
            }
        }
        if confinement.privateTemporary {
            guard mount("gradlab-tmp", "/tmp", "tmpfs", UInt(MS_NOSUID | MS_NODEV), "size=64m,mode=1777") == 0 else {
                throw ConfinementError(description: "could not mount a private /tmp: \(String(cString: strerror(errno)))")
            }
        }
        try limit(Int32(RLIMIT_AS.rawValue), confinement.memoryBytes, "memory")
        try limit(Int32(__RLIMIT_NPROC.rawValue), confinement.processes, "processes")
        try limit(Int32(RLIMIT_FSIZE.rawValue), confinement.fileBytes, "file size")
        try limit(Int32(RLIMIT_CPU.rawValue), confinement.cpuSeconds, "CPU time")
        try limit(Int32(RLIMIT_CORE.rawValue), 0, "core files")
        if let group = confinement.group, let user = confinement.user {
            guard setgroups(0, nil) == 0, setgid(group) == 0, setuid(user) == 0 else {
                throw ConfinementError(description: "could not become user \(user): \(String(cString: strerror(errno)))")
            }
            guard getuid() == user, geteuid() == user, setuid(0) != 0 else {
                throw ConfinementError(description: "still privileged after dropping to user \(user)")
            }
        }
        if let directory = confinement.privateTemporary ? "/tmp" : confinement.workDirectory, chdir(directory) != 0 {
            throw ConfinementError(description: "could not enter \(directory): \(String(cString: strerror(errno)))")
        }
        closeInheritedDescriptors()
    }

    private static func limit(_ resource: Int32, _ value: UInt64?, _ what: String) throws {
        guard let value else { return }
        var limit = rlimit(rlim_cur: rlim_t(value), rlim_max: rlim_t(value))
        guard setrlimit(resource, &limit) == 0 else {
            throw ConfinementError(description: "could not limit \(what): \(String(cString: strerror(errno)))")
        }
    }

    /// Closes every descriptor but standard input, output, error, the results channel and
    /// its acknowledgements, so that nothing the grader holds open leaks to the student's code.
    private static func closeInheritedDescriptors() {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for entry in entries {
            if let fd = Int32(entry), fd > Wire.acknowledgementDescriptor { close(fd) }
        }
    }
}
