import Autograd
import Foundation
import SolutionKit

#if canImport(Glibc)
    import Glibc
#endif

/// The student's side of the wall: a process that holds the student's solutions and
/// nothing of the grader's (no reference solutions, no expected values, no hidden checks).
///
/// The grader starts it inside walls that programs without student code built first
/// (bubblewrap and prlimit, see the grader's `Sandbox`): code of the student's that runs
/// when the binary loads, or while their ``Solutions`` are built, is already confined.
/// It reads a ``RunRequest`` from its arguments (`--request JSON`), makes each call and
/// writes one ``Observation`` per call, as a line of JSON, to the results channel (file
/// descriptor 3) that the grader created. The grader decides what the observations are worth.
public enum SolutionRunner {
    /// Exit status when the request could not be read (a fault of the grader).
    public static let badRequestStatus: Int32 = 122

    /// Runs the request in `arguments` on `solutions` and exits.
    public static func main(_ solutions: Solutions, arguments: [String] = CommandLine.arguments) -> Never {
        guard let index = arguments.firstIndex(of: "--request"), arguments.indices.contains(index + 1),
            let request = try? Wire.decoder().decode(RunRequest.self, from: Data(arguments[index + 1].utf8))
        else {
            complain("gradlab-runner is started by `gradlab grade`; it needs --request JSON")
            exit(badRequestStatus)
        }
        for (index, call) in request.calls.enumerated() {
            report(observe(call, index: index, on: solutions))
        }
        exit(0)
    }

    /// Makes one call and observes it.
    static func observe(_ call: Call, index: Int, on solutions: Solutions) -> Observation {
        let outcome: Observation.Outcome
        do {
            outcome = .answered(try call.function.call(on: solutions, with: call.arguments))
        } catch is Unattempted {
            outcome = .unattempted
        } catch {
            outcome = .threw("\(error)")
        }
        return Observation(call: index, outcome: outcome)
    }

    /// Flushes the student's printing, writes the observation to the results channel, and
    /// waits for the grader's acknowledgement, so that what the next call prints is not
    /// taken for this one's.
    static func report(_ observation: Observation) {
        fflush(nil)
        guard var line = try? Wire.encoder().encode(observation) else { return }
        line.append(UInt8(ascii: "\n"))
        line.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(Wire.resultsDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
        var acknowledgement: UInt8 = 0
        while read(Wire.acknowledgementDescriptor, &acknowledgement, 1) < 0 && errno == EINTR {}
    }

    static func complain(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
