// Runs GradLab's benchmark workloads and prints one JSON object per line, for
// `compare_pytorch.py` (package-benchmark's suite runs the same workloads).
//
//   gradlab-workloads list
//   gradlab-workloads blas                    (the matrix kernel in use, and the CPU)
//   gradlab-workloads time [--budget SECONDS] [NAME ...]
//   gradlab-workloads run [--runs N] NAME     (set-up, then N runs: for instruction counts)
//   gradlab-workloads memory [--steps N] [--every K]
import Autograd
import Foundation
import Workloads

func emit(_ object: [String: Any]) {
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    FileHandle.standardOutput.write(data + Data("\n".utf8))
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("gradlab-workloads: \(message)\n".utf8))
    exit(2)
}

var arguments = Array(CommandLine.arguments.dropFirst())
let command = arguments.isEmpty ? "list" : arguments.removeFirst()

/// Removes `--name VALUE` from the arguments and returns VALUE as a number.
@MainActor func option(_ name: String, default value: Double) -> Double {
    guard let at = arguments.firstIndex(of: name) else { return value }
    guard at + 1 < arguments.count, let number = Double(arguments[at + 1]) else { fail("\(name) needs a number") }
    arguments.removeSubrange(at...(at + 1))
    return number
}

switch command {
case "blas":
    // One small product first: GradLab checks OpenBLAS's kernel before its first one.
    _ = try Tensor.ones(2, 2).matmul(Tensor.ones(2, 2))
    print(BLASKernel.description)
case "list":
    for workload in Workloads.all { print("\(workload.name)\t\(workload.summary)") }
case "time":
    var stopwatch = Stopwatch()
    stopwatch.budget = option("--budget", default: 1.0)
    let selected =
        arguments.isEmpty
        ? Workloads.all
        : arguments.map {
            guard let workload = Workloads.named($0) else { fail("no workload named '\($0)'; `list` shows them") }
            return workload
        }
    for workload in selected {
        do {
            let times = try stopwatch.measure(workload)
            var line: [String: Any] = ["name": workload.name, "median_s": times.median, "min_s": times[0], "runs": times.count]
            if let flops = workload.flops { line["gflops"] = flops / times.median / 1e9 }
            if workload.runsOnce { line["peak_mib"] = Double(ProcessMemory.current().peakResidentKiB) / 1024 }
            emit(line)
        } catch {
            fail("\(workload.name) failed: \(error)")
        }
    }
case "run":
    let runs = Int(option("--runs", default: 1))
    guard runs >= 0, arguments.count == 1, let workload = Workloads.named(arguments[0]) else {
        fail("run takes --runs N (0 or more) and one workload name; `list` shows them")
    }
    do {
        let body = try workload.prepare()
        for _ in 0..<runs { try body() }
    } catch {
        fail("\(workload.name) failed: \(error)")
    }
case "memory":
    let steps = Int(option("--steps", default: 20))
    let every = Int(option("--every", default: 20))
    guard steps > 0, every > 0 else { fail("--steps and --every must be positive") }
    let trace = try MemoryTrace.record(steps: steps, every: every)
    let data = try JSONEncoder().encode(trace)
    print(String(decoding: data, as: UTF8.self))
default:
    fail("unknown command '\(command)'; use list, time, run or memory")
}
