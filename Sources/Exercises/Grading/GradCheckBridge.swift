import Autograd
import GradCheck

/// Runs GradCheck on a student's op for the graders.
enum GradCheckBridge {
    /// nil when gradcheck passes, else its first failure message.
    static func check(_ op: @escaping @Sendable (Tensor) throws -> Tensor, _ x: Tensor) throws -> String? {
        let report = try gradcheckReport({ [try op($0[0])] }, inputs: [x])
        return report.failures.first
    }
}
