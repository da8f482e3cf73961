import Dispatch

/// Times repeated runs of a workload: one warm-up run, then runs until both a minimum
/// count and a time budget are reached. The median is what comparisons use.
public struct Stopwatch: Sendable {
    /// Runs that count, at least.
    public var minimumRuns = 5
    /// Runs that count, at most.
    public var maximumRuns = 1000
    /// Keep running until this many seconds of measured runs have passed.
    public var budget = 1.0

    /// A stopwatch with the default limits.
    public init() {}

    /// Seconds per run of `workload`, sorted ascending.
    public func measure(_ workload: Workload) throws -> [Double] {
        let run = try workload.prepare()
        if workload.runsOnce {
            let start = DispatchTime.now().uptimeNanoseconds
            try run()
            return [Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9]
        }
        try run()
        var times: [Double] = []
        var total = 0.0
        while times.count < maximumRuns && (times.count < minimumRuns || total < budget) {
            let start = DispatchTime.now().uptimeNanoseconds
            try run()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            times.append(seconds)
            total += seconds
        }
        return times.sorted()
    }
}

extension Array where Element == Double {
    /// The middle value of a sorted array (the mean of the two middle ones for an even count).
    public var median: Double {
        guard !isEmpty else { return .nan }
        return count % 2 == 1 ? self[count / 2] : (self[count / 2 - 1] + self[count / 2]) / 2
    }
}
