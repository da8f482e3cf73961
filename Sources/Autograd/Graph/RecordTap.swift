/// A hook that sees every op recorded on the calling thread, for GradCheck's
/// localisation: it learns which nodes a function records, and it can move one node's
/// output (the tap returns a replacement) to measure numerically how the function's
/// result depends on that intermediate value.
///
/// Only recorded ops pass through the tap (grad mode on, some input requiring grad);
/// ops that write in place or return a view of an input are shown but cannot be
/// replaced.
package enum RecordTap {
    /// Sees one recorded op: its `grad_fn` name, its inputs and its output; returns a
    /// tensor of the output's shape and dtype to use instead, or nil to keep the output.
    package typealias Tap = (_ name: String, _ inputs: [Tensor], _ output: Tensor) -> Tensor?

    /// Runs `body` with `tap` installed on this thread (restoring the previous tap after).
    package static func run<T>(with tap: @escaping Tap, _ body: () throws -> T) rethrows -> T {
        let state = ThreadState.current
        let previous = state.recordTap
        state.recordTap = tap
        defer { state.recordTap = previous }
        return try body()
    }

    /// `output`, or the tap's replacement for it when the tap gives one that fits: same
    /// shape and dtype, and the op neither wrote in place nor returned a view.
    static func apply(_ tap: Tap, name: String, inputs: [Tensor], output: Tensor) -> Tensor {
        guard let replacement = tap(name, inputs, output),
            replacement.shape == output.shape, replacement.dtype == output.dtype,
            !inputs.contains(where: { $0.storage === output.storage })
        else { return output }
        return replacement
    }
}
