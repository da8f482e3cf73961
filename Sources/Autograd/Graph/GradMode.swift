/// Whether operations on the calling thread record a graph (`torch.is_grad_enabled()`).
public var isGradEnabled: Bool { ThreadState.withCurrent { $0.gradEnabled } }

/// Turns graph recording on or off for the calling thread (`torch.set_grad_enabled`).
public func setGradEnabled(_ enabled: Bool) {
    ThreadState.current.gradEnabled = enabled
}

/// Runs `body` with graph recording off on this thread, as `with torch.no_grad():`.
///
/// Scopes nest: the previous mode is restored on exit, also when `body` throws.
/// Results computed inside do not require grad; in-place updates of leaves that
/// require grad are allowed (the manual SGD step).
@discardableResult
public func noGrad<Result>(_ body: () throws -> Result) rethrows -> Result {
    try withGradMode(false, body)
}

/// Runs `body` with graph recording on, even inside `noGrad` (`torch.enable_grad()`).
@discardableResult
public func enableGrad<Result>(_ body: () throws -> Result) rethrows -> Result {
    try withGradMode(true, body)
}

/// Runs `body` with grad mode set to `enabled`, restoring the previous mode afterwards.
@discardableResult
public func withGradMode<Result>(_ enabled: Bool, _ body: () throws -> Result) rethrows -> Result {
    // Through borrowed references (`ThreadState.current` would retain and release the
    // state: two atomic operations on every call).
    let previous = ThreadState.withCurrent { state in
        defer { state.gradEnabled = enabled }
        return state.gradEnabled
    }
    defer { ThreadState.withCurrent { $0.gradEnabled = previous } }
    return try body()
}
