import Foundation
import SolutionKit

#if canImport(Glibc)
    import Glibc
#endif

/// A child's run read strictly: one observation per call, in order, on the results
/// channel; anything else there means the solution wrote to the channel itself, and
/// nothing of that run counts.
struct ObservationReading {
    /// Observations by call, nil where the child never answered.
    var observations: [Observation?]
    /// Why nothing counts, when the channel held something the runner did not write.
    var violation: String?
    /// Why the child stopped before answering every call, in words.
    var stopReason: String
    /// The same without anything the solution printed (a crash's message could carry a
    /// hidden check's inputs): how it stopped, in words of the grader's only.
    var plainStopReason: String
    private let run: ChildRun

    init(_ run: ChildRun, callCount: Int) {
        self.run = run
        observations = Array(repeating: nil, count: callCount)
        let decoder = Wire.decoder()
        for (position, entry) in run.results.enumerated() {
            guard let observation = try? decoder.decode(Observation.self, from: Data(entry.line)),
                observation.call == position, position < callCount
            else {
                violation =
                    "the solution wrote to the grader's results channel (descriptor 3); nothing it writes there can count, so this exercise earns no points."
                break
            }
            observations[position] = observation
        }
        stopReason = ObservationReading.explain(run)
        plainStopReason = ObservationReading.explainPlainly(run)
    }

    /// What the solution printed during the calls in `indices`.
    func output(for indices: Range<Int>) -> String? {
        let offsets = run.results.map(\.outputOffset)
        let start = indices.lowerBound == 0 ? 0 : (offsets.indices.contains(indices.lowerBound - 1) ? offsets[indices.lowerBound - 1] : run.output.count)
        let end = offsets.indices.contains(indices.upperBound - 1) ? offsets[indices.upperBound - 1] : run.output.count
        guard start < end else { return nil }
        var text = String(decoding: run.output[start..<end], as: UTF8.self)
        if end == run.output.count, run.outputTotal > run.output.count {
            text += "\n[output truncated: \(run.outputTotal) bytes written, the first \(run.output.count) kept]"
        }
        return text
    }

    /// How a run ended before answering every call, without the solution's own words.
    static func explainPlainly(_ run: ChildRun) -> String {
        switch run.ending {
        case .timedOut: "it did not finish within the time limit"
        case .flooded: "it printed more than the output limit"
        case .floodedResults: "it wrote to the grader's results channel"
        case .exited(let status): "it ended its process with exit status \(status)"
        case .signalled(let signal): "it crashed (signal \(signal))"
        }
    }

    /// Why a run ended before answering every call.
    static func explain(_ run: ChildRun) -> String {
        let output = String(decoding: run.output, as: UTF8.self)
        let fatal = output.split(separator: "\n").first { $0.contains("Fatal error") || $0.contains("Precondition failed") || $0.contains("Assertion failed") }
        switch run.ending {
        case .timedOut:
            return
                "your solution did not finish within \(Py.g(run.seconds.rounded(), 6)) s (the time limit): look for an endless loop (a loop whose condition never changes) or far more steps than asked."
        case .flooded:
            return
                "your solution printed more than the output limit (\(run.outputTotal >> 20) MiB and counting) and was stopped: print less, or not inside a long loop."
        case .floodedResults:
            return "your solution wrote more than 4 MiB to the grader's results channel and was stopped; nothing it writes there can count."
        case .exited(121):
            return
                "the grader could not confine your solution (a fault of the grading machine, not yours): \(output.split(separator: "\n").last.map(String.init) ?? "")"
        case .exited(let status):
            if ["Could not allocate memory", "failed to allocate", "out of memory"].contains(where: output.contains) { return memory }
            return status == 0
                ? "your solution ended its process before answering (exit or a background thread): return from the function instead."
                : "your solution ended its process with exit status \(status) before answering: return from the function instead of calling exit()."
        case .signalled(let signal):
            if ["Could not allocate memory", "failed to allocate", "out of memory", "std::bad_alloc"].contains(where: output.contains) { return memory }
            if let fatal {
                let nilHint =
                    fatal.contains("Unexpectedly found nil")
                    ? " A gradient is nil until backward() has run (and again after zeroGrad(setToNone: true)): read w.grad after loss.backward(), and check that the tensor requires grad."
                    : ""
                return "your solution crashed: \(fatal.trimmingCharacters(in: .whitespaces))\(nilHint)"
            }
            let name =
                signal == SIGKILL
                ? "SIGKILL"
                : signal == SIGSEGV
                    ? "SIGSEGV"
                    : signal == SIGILL ? "SIGILL" : signal == SIGTRAP ? "SIGTRAP" : signal == SIGXCPU ? "SIGXCPU (CPU-time limit)" : "signal \(signal)"
            return "your solution crashed (\(name)): look for a force unwrap of nil (`!`), an index out of range, a `try!`, or a signal it sent."
        }
    }

    private static let memory =
        "your solution ran out of memory (the limit is set per exercise, 2 GiB by default): look for a tensor far larger than the exercise needs, such as a 100×100 broadcast where 100 values are meant, or a list that grows without end."
}
