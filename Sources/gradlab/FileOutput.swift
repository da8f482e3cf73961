import Autograd
import Foundation

/// A file the command line could not write, said as a sentence that names the path.
struct FileOutputError: Error, CustomStringConvertible {
    let description: String
}

extension Data {
    /// Writes to `path`, or throws a sentence naming `what`, the path and the reason.
    func write(toPath path: String, what: String) throws {
        do { try write(to: URL(fileURLWithPath: path)) } catch {
            throw FileOutputError(description: "cannot write \(what) to \(path): \(FileErrorText.reason(error))")
        }
    }
}
