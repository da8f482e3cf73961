import Synchronization

/// The graph nodes one thread made: how many are still alive, the most that were alive at
/// once, and the sequence numbers the thread hands its nodes.
///
/// Making and freeing a node are per-op work, so the ledger keeps them off atomic
/// instructions where it can: only the thread that owns the ledger makes nodes against it
/// and counts its own frees in plain integers; a node freed on another thread counts in
/// `freedElsewhere`, the one atomic field. Sequence numbers come from a process-wide counter
/// in blocks of ``sequenceBlock``, so that they are unique and, within a thread, increasing.
///
/// Nodes refer to their ledger unretained (a retain and a release per node otherwise).
/// The ledger therefore outlives its thread while nodes the thread made are alive: when
/// the thread's state is freed with some still alive, the ledger is kept for good.
final class NodeLedger: @unchecked Sendable {
    /// Nodes made against this ledger.
    @exclusivity(unchecked) private var created = 0
    /// Nodes freed by the owning thread.
    @exclusivity(unchecked) private var freedByOwner = 0
    /// Nodes freed by other threads.
    private let freedElsewhere = Atomic<Int>(0)
    /// The most nodes alive at once since the last `resetPeak()`.
    @exclusivity(unchecked) private(set) var peak = 0
    /// The next sequence number to hand out, and the end of the block it comes from.
    @exclusivity(unchecked) private var nextSequence = 0
    @exclusivity(unchecked) private var sequenceEnd = 0

    /// How many sequence numbers a thread takes from the process-wide counter at a time.
    static let sequenceBlock = 1024
    private static let sequenceBlocks = Atomic<Int>(0)

    /// The nodes made against this ledger that are still alive (read by its owner).
    var live: Int { created - freedByOwner - freedElsewhere.load(ordering: .relaxed) }

    /// Counts a node made on the owning thread and returns its sequence number.
    @inline(__always)
    func recordCreation() -> Int {
        created &+= 1
        let alive = live
        if alive > peak { peak = alive }
        if nextSequence == sequenceEnd { takeSequenceBlock() }
        defer { nextSequence &+= 1 }
        return nextSequence
    }

    /// Counts a node freed; `byOwner` says whether the owning thread frees it.
    @inline(__always)
    func recordRelease(byOwner: Bool) {
        if byOwner {
            freedByOwner &+= 1
        } else {
            freedElsewhere.add(1, ordering: .relaxed)
        }
    }

    /// Starts a new peak at the current live count.
    func resetPeak() { peak = live }

    @inline(never)
    private func takeSequenceBlock() {
        let block = Self.sequenceBlocks.wrappingAdd(1, ordering: .relaxed).oldValue
        nextSequence = block &* Self.sequenceBlock
        sequenceEnd = nextSequence &+ Self.sequenceBlock
    }
}
