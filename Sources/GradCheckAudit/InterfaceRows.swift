import Autograd
import GradCheck

/// The functions the gradcheck-interface issue compared with PyTorch 2.15, for
/// `gradlab audit --interface` and `scripts/gradcheck_vs_pytorch.py --interface`.
public enum InterfaceRows {
    /// `a + b` whose gradient for `b` is doubled.
    enum AddWrongForSecond: CustomFunction {
        static let name = "AddWrongForSecondBackward"
        static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor { try x[0] + x[1] }
        static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] { [g, try g * 2] }
    }

    /// One row: what it is, and gradcheck's verdict with its first message line.
    public struct Row: Sendable {
        /// The function, as PyTorch code.
        public let function: String
        /// Whether gradcheck passed.
        public let passed: Bool
        /// The first line of the first failure, or "passes".
        public let message: String
    }

    /// The four rows, checked with default options.
    public static func run() throws -> [Row] {
        let x = try Tensor(shape: [3], values: [0.2, 0.5 + 1e-7, 0.9], dtype: .float64, requiresGrad: true)
        let a = try Tensor(shape: [3], values: [0.2, 0.4, 0.6], dtype: .float64)
        let b = try Tensor(shape: [3], values: [0.1, -0.3, 0.8], dtype: .float64, requiresGrad: true)
        let cases: [(String, [Tensor], ([Tensor]) throws -> [Tensor])] = [
            ("(x.sin(), x.detach() * 3)", [x], { xs in [try xs[0].sin(), try xs[0].detach() * 3] }),
            ("x.detach() * 2", [x], { xs in [try xs[0].detach() * 2] }),
            ("a + b, rule for b doubled, a without grad", [a, b], { xs in [try AddWrongForSecond.apply(xs)] }),
            ("(x.sin(), x > 0.5), x[1] = 0.5 + 1e-7", [x], { xs in [try xs[0].sin(), try xs[0] > 0.5] }),
        ]
        return cases.map { label, inputs, function in
            do {
                let report = try gradcheckReport(function, inputs: inputs)
                return Row(
                    function: label, passed: report.passed,
                    message: report.failures.first.map { String($0.prefix { $0 != "\n" }) } ?? "passes")
            } catch {
                return Row(function: label, passed: false, message: "error: \(error)")
            }
        }
    }
}
