import Autograd

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The inputs' values bit for bit, to prove that nothing a check runs (the function, its
/// backward) writes to them.
struct InputSnapshot {
    /// Each input's values, compared bit for bit (as bytes).
    private let values: [[Double]]

    init(_ inputs: [Tensor]) throws {
        values = try inputs.map { try $0.toArray() }
    }

    /// Throws naming the first input element that differs from the snapshot, and `phase`.
    func verify(_ inputs: [Tensor], after phase: String) throws {
        for (i, x) in inputs.enumerated() {
            guard x.count == values[i].count else {
                throw GradCheckFailure(
                    .inputModified,
                    "Input \(i) was replaced during \(phase): it had \(values[i].count) elements and now has \(x.count). The function and its backward must not write to their inputs."
                )
            }
            // Same bytes, same bits: one comparison of the memory (in place where the input
            // is contiguous float64), and a search only when it differs.
            let unchanged = try x.withValues { current in
                current.isEmpty
                    || values[i].withUnsafeBytes { memcmp(current.baseAddress!, $0.baseAddress!, $0.count) == 0 }
            }
            guard !unchanged else { continue }
            let now = try x.toArray()
            if let k = now.indices.first(where: { now[$0].bitPattern != values[i][$0].bitPattern }) {
                throw GradCheckFailure(
                    .inputModified,
                    "Input \(i) was modified in place during \(phase): element \(x.multiIndex(k)) changed from \(values[i][k]) to \(now[k]). The function and its backward must not write to their inputs or to the tensors they saved; otherwise the gradients are checked at a point other than the one given."
                )
            }
        }
    }
}
