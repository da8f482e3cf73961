import Foundation

/// This process's memory as Linux reports it in `/proc/self/status`.
public struct ProcessMemory: Sendable, Codable {
    /// Resident set size now, in KiB (`VmRSS`).
    public let residentKiB: Int
    /// The highest resident set size so far, in KiB (`VmHWM`).
    public let peakResidentKiB: Int

    /// The current figures; zero where the file or its fields are missing.
    public static func current() -> ProcessMemory {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> Int {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
            return Int(line.split(separator: " ").dropFirst().first { Int($0) != nil } ?? "") ?? 0
        }
        return ProcessMemory(residentKiB: field("VmRSS"), peakResidentKiB: field("VmHWM"))
    }
}

/// The MLP trained for many steps, with the process's memory sampled along the way.
public struct MemoryTrace: Codable, Sendable {
    /// Resident memory before the model and batch were built.
    public let before: ProcessMemory
    /// `(step, memory)` after every sampled step.
    public let samples: [Sample]

    /// Memory after a number of steps.
    public struct Sample: Codable, Sendable {
        /// Training steps done so far.
        public let step: Int
        /// The process's memory then.
        public let memory: ProcessMemory
    }

    /// Trains `MLPWorkload` for `steps` steps, sampling every `every` steps.
    public static func record(steps: Int, every: Int) throws -> MemoryTrace {
        let before = ProcessMemory.current()
        let trainer = try MLPWorkload.Trainer()
        var samples: [Sample] = []
        var done = 0
        while done < steps {
            let chunk = Swift.min(every, steps - done)
            try trainer.steps(chunk)
            done += chunk
            samples.append(Sample(step: done, memory: .current()))
        }
        return MemoryTrace(before: before, samples: samples)
    }
}
