import Autograd
import Foundation
import ReferenceSolutions
import SolutionKit

#if canImport(Glibc)
    import Glibc
#endif

/// Solutions written to win points without the work, or to break the grader. Each
/// attacks from one exercise (or all), and is otherwise the reference, so that the proofs
/// can show it costs only its own exercise.
enum HostileVariants {
    /// The package this fixture was built from (its sources are what an attacker would read).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static let all: [String: Solutions] = [
        // Honesty
        "forges-results": Solutions {
            // prints a forged results line, writes forged observations for every call to the
            // results channel, and leaves before the runner can answer
            @Sendable func forge() -> Never {
                print(#"[{"name":"Lab 1: the loss","status":"pass","earned":100,"points":1}]"#)
                for call in 0..<8 {
                    let line = #"{"call":\#(call),"outcome":{"answered":{"_0":[{"number":{"_0":16}},{"number":{"_0":-24}}]}},"peakLiveNodes":0}"# + "\n"
                    _ = line.withCString { write(3, $0, strlen($0)) }
                }
                exit(0)
            }
            $0.oneParameter = { _ in forge() }
            $0.gradientIsNotTheUpdate = { _, _, _ in forge() }
            $0.fitTwoParameters = { _, _, _, _ in forge() }
            $0.customSquare = { _ in forge() }
        },
        "copies-constants": Solutions {
            // the article's printed numbers, whatever the arguments
            $0.oneParameter = { _ in (16, -24) }
            $0.gradientIsNotTheUpdate = { _, _, _ in [4.4, 2.48, 4.016, 2.7872, 3.77024] }
            $0.accumulation = { _ in [6, 8, 2] }
            $0.fitTwoParameters = { _, y, _, epochs in
                y == [1, 4, 7, 10] ? (epochs > 1000 ? (3, -2) : (2.9555842876434326, -1.8694120645523071)) : (2.00470232963562, 0.9861749410629272)
            }
            $0.noZeroGradEffect = { .gradientsAccumulateAndTrainingBecomesUnstable }
            $0.learningRates = { (0.5, 0.005) }
            $0.storeLosses = { _, _, _, epochs in (0..<epochs).map { 41 * pow(0.95, Double($0)) } }
            $0.manualRegression = { _, lr, _ in lr > 0.5 ? (1.9970524311065674, -0.5706474781036377) : (0.174149289727211, -0.839842677116394) }
            $0.twoFeatures = { _ in ([1.4417121410369873, -2.8892290592193604], 0.5355812311172485) }
            $0.autogradSGD = { _, _ in (1.9212925434112549, -0.9940174221992493) }
            $0.quadraticDescent = { _, _, _ in [0.06570478528738022, 0.13140957057476044] }
            $0.detachSharesMemory = { _, _ in [28, 2, 3] }
            $0.customSquare = { x in try Tensor(shape: x.shape, values: x.toArray().map { $0 * $0 }, dtype: .float64, requiresGrad: true) }
        },
        // Failures that must cost only their own exercise
        "crashes-in-lab2": referenceSolutions.with {
            $0.gradientIsNotTheUpdate = { _, _, _ in
                let missing: [Double]? = nil
                return missing!
            }
        },
        "loops-in-lab3": referenceSolutions.with {
            $0.accumulation = { _ in
                var spins = 0
                while spins >= 0 { spins = (spins &+ 1) & 0xffff }
                return []
            }
        },
        "ignores-sigterm-in-lab3": referenceSolutions.with {
            $0.accumulation = { _ in
                signal(SIGTERM, SIG_IGN)
                signal(SIGINT, SIG_IGN)
                while true { sleep(1) }
            }
        },
        "hogs-memory-in-lab4": referenceSolutions.with {
            $0.fitTwoParameters = { _, _, _, _ in
                let pages = [Double](repeating: 1, count: 3 << 27)  // 3 GiB
                return (pages[pages.count - 1], 0)
            }
        },
        "floods-output-in-exercise2": referenceSolutions.with {
            $0.noZeroGradEffect = {
                let line = String(repeating: "flood ", count: 170) + "\n"
                for _ in 0..<20_000 { print(line, terminator: "") }  // 20 MB
                return .gradientsAccumulateAndTrainingBecomesUnstable
            }
        },
        "floods-stderr-in-exercise2": referenceSolutions.with {
            $0.noZeroGradEffect = {
                let line = String(repeating: "error ", count: 170) + "\n"
                for _ in 0..<20_000 { FileHandle.standardError.write(Data(line.utf8)) }
                return .gradientsAccumulateAndTrainingBecomesUnstable
            }
        },
        "exits-early-in-lab1": referenceSolutions.with { $0.oneParameter = { _ in exit(0) } },
        // Attacks on the grader
        "kills-the-grader": referenceSolutions.with {
            $0.oneParameter = { _ in
                kill(getppid(), SIGKILL)
                kill(-1, SIGKILL)
                kill(0, SIGKILL)
                return (16, -24)
            }
        },
        "leaves-an-orphan": referenceSolutions.with {
            let right = $0.oneParameter
            $0.oneParameter = { start in
                var pid = pid_t()
                let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sleep"), strdup("600"), nil]
                let env: [UnsafeMutablePointer<CChar>?] = [nil]
                posix_spawn(&pid, "/bin/sleep", nil, nil, argv, env)  // inherits stdout, stderr and descriptor 3
                return try right(start)
            }
        },
        "fork-storm": referenceSolutions.with {
            let right = $0.oneParameter
            $0.oneParameter = { start in
                var started = 0
                let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sleep"), strdup("600"), nil]
                for _ in 0..<5000 {
                    var pid = pid_t()
                    if posix_spawn(&pid, "/bin/sleep", nil, nil, argv, [nil]) != 0 { break }
                    started += 1
                }
                print("fork storm: started \(started) processes")
                return try right(start)
            }
        },
        "reads-the-reference": referenceSolutions.with {
            let right = $0.oneParameter
            $0.oneParameter = { start in
                for path in [
                    "\(packageRoot)/Sources/ReferenceSolutions/Solutions.swift", "\(packageRoot)/Package.swift",
                    "/tmp/gradlab-proof-hidden/lab4.json",
                ] {
                    let text = try? String(contentsOfFile: path, encoding: .utf8)
                    print("read \(path): \(text.map { "\($0.utf8.count) bytes" } ?? "refused or absent")")
                }
                return try right(start)
            }
        },
        "opens-a-connection": referenceSolutions.with {
            let right = $0.oneParameter
            $0.oneParameter = { start in
                let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = in_port_t(80).bigEndian
                address.sin_addr.s_addr = inet_addr("1.1.1.1")
                let connected = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
                print(connected == 0 ? "network: connected" : "network: \(String(cString: strerror(errno)))")
                return try right(start)
            }
        },
        "echoes-its-arguments": referenceSolutions.with {
            // prints every argument it gets, remembers them, prints them again on later
            // calls, and throws them where the first call is not the article's (a hidden
            // check), hoping its inputs reach the feedback
            nonisolated(unsafe) var seen: [Double] = []
            $0.oneParameter = { w in
                seen.append(w)
                print("echo: \(seen.map { "\($0)" }.joined(separator: ", "))")
                struct Echo: Error, CustomStringConvertible { let description: String }
                if seen.first != 2 { throw Echo(description: "arguments were \(seen)") }
                return try referenceSolutions.oneParameter(w)
            }
        },
        "crashes-with-its-arguments": referenceSolutions.with {
            // crashes on a hidden call (its first argument is not the article's 2) with the
            // arguments in the crash message, hoping the message reaches the feedback
            nonisolated(unsafe) var seen: [Double] = []
            $0.oneParameter = { w in
                seen.append(w)
                if seen.first != 2 { fatalError("arguments were \(seen)") }
                return try referenceSolutions.oneParameter(w)
            }
        },
        "writes-a-forged-results-file": referenceSolutions.with {
            let right = $0.oneParameter
            $0.oneParameter = { start in
                let forged = #"{"version": 3, "status": "pass", "tests": [{"name": "everything", "status": "pass"}]}"#
                for path in ["/tmp/gradlab-proof-results/results.json", "results.json"] {
                    let wrote = FileManager.default.createFile(atPath: path, contents: Data(forged.utf8))
                    print("forged \(path): \(wrote ? "written" : "refused")")
                }
                return try right(start)
            }
        },
    ]
}
