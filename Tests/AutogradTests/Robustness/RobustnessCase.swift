import Foundation

@testable import Autograd

/// A bad input a caller can give, and what GradLab must do with it: throw PyTorch's
/// text (or a stated one), or return without trapping.
struct RobustnessCase: Sendable, CustomStringConvertible {
    /// What the case must end in.
    enum Outcome: Sendable {
        /// An `AutogradError` with exactly this message.
        case throwsMessage(String)
        /// Any error (the text is GradLab's own; PyTorch has none or another kind).
        case throwsAnything
        /// No error and no trap; `run` checks the value itself and throws `Mismatch` if wrong.
        case returns
    }

    /// A wrong value from a case that must return.
    struct Mismatch: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// The class of the issue it belongs to (traps, memory safety, silent loss, texts).
    let family: String
    /// A short name, unique in the table.
    let name: String
    let outcome: Outcome
    let run: @Sendable () throws -> Void

    var description: String { "\(family): \(name)" }

    /// Runs the case and says how its outcome differs from the expected one, or nil when it agrees.
    func disagreement() -> String? {
        do {
            try run()
            switch outcome {
            case .returns: return nil
            case .throwsMessage(let message): return "returned, expected the error \"\(message)\""
            case .throwsAnything: return "returned, expected an error"
            }
        } catch let error as AutogradError {
            switch outcome {
            case .throwsMessage(let message) where error.message == message: return nil
            case .throwsMessage(let message): return "threw \"\(error.message)\", expected \"\(message)\""
            case .throwsAnything: return nil
            case .returns: return "threw \"\(error.message)\""
            }
        } catch {
            switch outcome {
            case .throwsAnything: return nil
            default: return "threw \(error)"
            }
        }
    }
}

/// `body` with `0` meaning "fine"; used by cases that must return a specific value.
func require(_ condition: Bool, _ what: @autoclosure () -> String) throws {
    if !condition { throw RobustnessCase.Mismatch(what()) }
}
