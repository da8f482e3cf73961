import Autograd

/// The inputs' values bit for bit, to prove that nothing a check runs (the function, its
/// backward) writes to them.
struct InputSnapshot {
    private let bits: [[UInt64]]

    init(_ inputs: [Tensor]) throws {
        bits = try inputs.map { try $0.toArray().map(\.bitPattern) }
    }

    /// Throws naming the first input element that differs from the snapshot, and `phase`.
    func verify(_ inputs: [Tensor], after phase: String) throws {
        for (i, x) in inputs.enumerated() {
            let now = try x.toArray()
            guard now.count == bits[i].count else {
                throw GradCheckFailure(.inputModified,
                    "Input \(i) was replaced during \(phase): it had \(bits[i].count) elements and now has \(now.count). The function and its backward must not write to their inputs.")
            }
            if let k = now.indices.first(where: { now[$0].bitPattern != bits[i][$0] }) {
                throw GradCheckFailure(.inputModified,
                    "Input \(i) was modified in place during \(phase): element \(x.multiIndex(k)) changed from \(Double(bitPattern: bits[i][k])) to \(now[k]). The function and its backward must not write to their inputs or to the tensors they saved; otherwise the gradients are checked at a point other than the one given.")
            }
        }
    }
}
