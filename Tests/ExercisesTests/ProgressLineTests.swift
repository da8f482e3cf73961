import Foundation
import Testing

@testable import Exercises

/// Long work shows progress to a person at a terminal and nothing to a log.
@Suite("Progress on long work")
struct ProgressLineTests {
    @Test func theLineGivesDoneTotalElapsedAndWhatIsLeft() {
        #expect(
            ProgressLine.text(label: "ops", done: 10, total: 40, elapsed: 5, item: "exp")
                == "[10/40] ops 5 s elapsed, about 15 s left · exp")
        #expect(ProgressLine.text(label: "ops", done: 0, total: 40, elapsed: 0, item: "") == "[0/40] ops 0 s elapsed")
        #expect(ProgressLine.text(label: "grading", done: 30, total: 30, elapsed: 125, item: "") == "[30/30] grading 2 min 5 s elapsed")
    }

    @Test func throughAPipeNothingExtraIsPrinted() throws {
        let (status, printed) = try runProcess([Built.gradlab, "check", "--op", "exp"])
        #expect(status == 0)
        #expect(!printed.contains("\r") && !printed.contains("\u{1B}[K") && !printed.contains("elapsed"), "\(printed)")
    }

    @Test func atATerminalTheProgressLineIsDrawn() throws {
        // `script` runs the command on a pseudo-terminal, as a person's shell would.
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            Issue.record("util-linux's `script` is missing: no pseudo-terminal to show progress on")
            return
        }
        let (status, printed) = try runProcess(["/usr/bin/script", "-qec", "\(Built.gradlab) check --op exp --op sin", "/dev/null"])
        #expect(status == 0)
        #expect(printed.contains("ops") && printed.contains("elapsed") && printed.contains("\u{1B}[K"), "\(printed)")
        #expect(printed.contains("passed, 0 failed"))
    }
}
