import CKernels
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Per-thread state: grad mode, warning capture, the live-node count and the default generator.
///
/// PyTorch keeps grad mode per thread; so does GradLab. Each thread gets its own
/// `ThreadState`, created on first use and kept in a pthread key.
final class ThreadState: @unchecked Sendable {
    /// Whether operations record a graph (`torch.is_grad_enabled()`).
    @exclusivity(unchecked) var gradEnabled = true
    /// Stacks of warning collectors; warnings go to stderr when empty.
    @exclusivity(unchecked) var warningCollectors: [[String]] = []
    /// The graph nodes made on this thread: live count, peak and sequence numbers.
    let nodeLedger = NodeLedger()
    /// Graph objects waiting to be freed by `Teardown.drain()`, and whether a drain is running.
    @exclusivity(unchecked) var pendingReleases: [AnyObject] = []
    @exclusivity(unchecked) var drainingReleases = false
    /// The thread's default random generator, created on first use.
    @exclusivity(unchecked) var generator: Generator?
    /// GradCheck's localisation hook (see `RecordTap`); nil outside a localisation run.
    @exclusivity(unchecked) var recordTap: RecordTap.Tap?
    /// The recorder of backward passes (graph pictures, traces); nil outside `BackwardRecorder.record`.
    @exclusivity(unchecked) var backwardRecorder: BackwardRecorder?
    /// Whether large matrix products on this thread are split over the product workers
    /// (false inside code that already keeps every core busy: see `withUnsplitProducts`).
    @exclusivity(unchecked) var splitsProducts = true
    /// The vector width in bytes of the PyTorch CPU kernel whose order float sums follow
    /// (see `withSummationOrder`): 64 for AVX-512, 32 for AVX2.
    @exclusivity(unchecked) var sumVectorBytes = 64
    /// The forward-mode level open on this thread (`withDualLevel`), 0 when none: tangents
    /// made at another level are invisible, so that leaving a level drops them all.
    @exclusivity(unchecked) var dualLevel = 0
    /// The work lists of the last backward pass on this thread, emptied, for the next
    /// (nil while a pass is using them).
    @exclusivity(unchecked) var engineScratch: Engine.Scratch?
    /// Small storages this thread freed, kept for reuse (see `StoragePool`).
    let storagePool = StoragePool()

    deinit {
        // Nodes this thread made that are still alive refer to the ledger unretained:
        // it stays for as long as the process does.
        if nodeLedger.live != 0 { _ = Unmanaged.passRetained(nodeLedger) }
    }

    /// The pthread key whose destructor frees a thread's state when the thread ends (the
    /// state itself is read from `gradlab_thread_slot`, a C thread-local: one load per op).
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { pointer in
            // Empty the slot first, so that code running later in this thread's exit makes
            // a new state instead of reading a freed one.
            gradlab_thread_slot_set(nil)
            if let pointer { Unmanaged<ThreadState>.fromOpaque(pointer).release() }
        }
        return key
    }()

    /// The calling thread's state.
    static var current: ThreadState {
        @inline(__always) get {
            if let pointer = gradlab_thread_slot_get() {
                return Unmanaged<ThreadState>.fromOpaque(pointer).takeUnretainedValue()
            }
            return makeCurrent()
        }
    }

    /// Runs `body` on the calling thread's state, borrowed: `current` returns a reference
    /// the caller owns, which costs a retain and a release (two atomic operations) each
    /// time; the per-op paths read the state through this instead.
    @inline(__always)
    static func withCurrent<Result>(_ body: (ThreadState) throws -> Result) rethrows -> Result {
        if let pointer = gradlab_thread_slot_get() {
            return try Unmanaged<ThreadState>.fromOpaque(pointer)._withUnsafeGuaranteedRef(body)
        }
        return try body(makeCurrent())
    }

    /// Creates the calling thread's state, kept in its slot and owned by the pthread key.
    @inline(never)
    private static func makeCurrent() -> ThreadState {
        let state = ThreadState()
        let pointer = Unmanaged.passRetained(state).toOpaque()
        pthread_setspecific(key, pointer)
        gradlab_thread_slot_set(pointer)
        return state
    }
}
