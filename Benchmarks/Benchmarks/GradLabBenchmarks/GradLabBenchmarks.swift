// package-benchmark's suite: every workload of `Workloads.all`, measured for wall
// clock, CPU time, allocations and peak memory. Run with `swift package benchmark`
// from the Benchmarks folder.
import Benchmark
import Workloads

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .microseconds,
        maxDuration: .seconds(2),
        maxIterations: 1000
    )
    for workload in Workloads.all {
        Benchmark(workload.name) { benchmark in
            let run = try workload.prepare()
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                try run()
            }
        }
    }
}
