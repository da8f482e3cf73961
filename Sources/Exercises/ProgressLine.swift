import Foundation

/// One line of progress on long work (verifying everything, a sensitivity sweep, grading a
/// class): done/total, the time so far and an estimate of what is left, redrawn in place
/// on the terminal. When standard output is not a terminal (a CI log, a redirect, a pipe)
/// it prints nothing at all, so that logs and results stay as they were.
///
/// The line goes to standard error; call `clear()` before printing a result line and the
/// next `advance` draws it again under that line. Safe to use from several threads.
public final class ProgressLine: @unchecked Sendable {
    private let total: Int
    private let label: String
    private let enabled: Bool
    private let started = Date()
    private let lock = NSLock()
    private var done = 0
    private var drawn = false

    /// Whether standard output and standard error are both terminals (a person is watching).
    public static var isWatched: Bool { isatty(STDOUT_FILENO) != 0 && isatty(STDERR_FILENO) != 0 }

    /// A progress line over `total` steps, labelled `label`; `enabled` only when a person is watching.
    public init(total: Int, label: String, enabled: Bool = ProgressLine.isWatched) {
        self.total = Swift.max(total, 1)
        self.label = label
        self.enabled = enabled
    }

    /// Counts `steps` more steps done and redraws the line, naming `item`, the step now under way.
    public func advance(by steps: Int = 1, _ item: String = "") {
        lock.withLock {
            done = Swift.min(done + steps, total)
            draw(item)
        }
    }

    /// Sets the steps done to `count` (work that skips ahead) and redraws the line.
    public func set(done count: Int, _ item: String = "") {
        lock.withLock {
            done = Swift.min(Swift.max(count, done), total)
            draw(item)
        }
    }

    /// Erases the line, so that a result printed next starts at the left edge.
    public func clear() {
        lock.withLock {
            guard enabled, drawn else { return }
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
            drawn = false
        }
    }

    /// The line's text after `done` of `total` steps in `elapsed` seconds.
    public static func text(label: String, done: Int, total: Int, elapsed: Double, item: String) -> String {
        var text = "[\(done)/\(total)] \(label) \(format(elapsed)) elapsed"
        if done > 0 && done < total {
            text += ", about \(format(elapsed / Double(done) * Double(total - done))) left"
        }
        return item.isEmpty ? text : text + " · " + item
    }

    private func draw(_ item: String) {
        guard enabled else { return }
        let line = Self.text(label: label, done: done, total: total, elapsed: Date().timeIntervalSince(started), item: item)
        FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
        drawn = true
    }

    private static func format(_ seconds: Double) -> String {
        seconds < 60 ? "\(Int(seconds.rounded())) s" : "\(Int(seconds) / 60) min \(Int(seconds) % 60) s"
    }
}
