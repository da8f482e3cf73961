#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// PyTorch-style user warnings (for example, reading `.grad` of a non-leaf).
///
/// By default a warning is written to standard error as `UserWarning: <message>`.
/// Inside `Warnings.capture` they are collected instead, per thread.
public enum Warnings {
    /// Runs `body` and returns its result with the warnings it raised on this thread.
    public static func capture<Result>(_ body: () throws -> Result) rethrows -> (result: Result, warnings: [String]) {
        let state = ThreadState.current
        state.warningCollectors.append([])
        defer { state.warningCollectors.removeLast() }
        let result = try body()
        return (result, state.warningCollectors.last ?? [])
    }

    /// Raises a warning: collected by the innermost `capture`, else printed to stderr.
    static func warn(_ message: String) {
        let state = ThreadState.current
        if state.warningCollectors.isEmpty {
            let line = "UserWarning: \(message)\n"
            _ = line.withCString { write(2, $0, strlen($0)) }
        } else {
            state.warningCollectors[state.warningCollectors.count - 1].append(message)
        }
    }

    static let nonLeafGradAccess =
        "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be populated during autograd.backward(). If you indeed want the .grad field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more information."
}
