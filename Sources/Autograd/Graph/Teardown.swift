/// Frees a graph of any depth without recursion.
///
/// Releasing the last reference to the output of a chain of a million ops would free
/// its node, whose release frees the node before it, and so on: one stack frame group
/// per node, until the stack overflows. Instead, each `Tensor` and `Node` moves the
/// graph objects that only it holds into the calling thread's pending list as it is
/// freed, and the outermost release empties that list in a loop. Depth stays constant;
/// the order in which objects are freed does not matter.
enum Teardown {
    /// Moves `field`'s object to the pending list when `field` holds its only reference,
    /// so that freeing it happens in `drain()` instead of inside the caller's `deinit`.
    @inline(__always)
    static func deferRelease<T: AnyObject>(_ field: inout T?) {
        guard field != nil, isKnownUniquelyReferenced(&field!) else { return }
        ThreadState.withCurrent { $0.pendingReleases.append(field.take()!) }
    }

    /// Frees the pending objects, unless an outer `drain()` on this thread already is.
    static func drain() {
        ThreadState.withCurrent { state in
            guard !state.drainingReleases else { return }
            state.drainingReleases = true
            while let object = state.pendingReleases.popLast() {
                _ = consume object
            }
            state.drainingReleases = false
        }
    }
}
