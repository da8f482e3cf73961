import Dispatch
import Foundation
import Synchronization

/// Threads that compute the blocks of a split matrix product (`BLASThreads.split`).
///
/// A worker that finishes a block spins for a short while (`spinTime`) before it sleeps,
/// so that the blocks of products coming one after another start at once instead of
/// waiting for a sleeping thread to be woken (up to a few hundred microseconds on a busy
/// virtual machine). The spin is bounded, unlike OpenBLAS's own threads, which kept a core
/// busy for long after every call. A caller never waits on a wake-up either: a block that
/// no worker has started by the time the caller finished its own, the caller takes back
/// and computes itself. Which thread computes a block never changes the block's bits; the
/// split into blocks is fixed by the product's shape and the core count alone.
final class ProductWorker: @unchecked Sendable {
    /// The job slot's states.
    private enum Slot {
        static let empty = 0, posted = 1, running = 2, takenBack = 3, finished = 4
    }

    /// How long a worker keeps looking for the next block before it sleeps.
    static let spinTime: UInt64 = 100_000  // nanoseconds

    /// One worker per core beyond the caller's, started on first use.
    static let pool: [ProductWorker] = (1..<BLASThreads.cores).map { _ in ProductWorker() }

    /// Whether some caller is using this worker (one product at a time per worker).
    private let claimed = Atomic<Bool>(false)
    private let slot = Atomic<Int>(Slot.empty)
    private let sleeping = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    /// The posted block; written before `slot` becomes `posted`, read after it is claimed.
    private var job: (@Sendable () -> Void)?

    private init() {
        let thread = Thread { [unowned self] in self.serve() }
        thread.name = "GradLab product worker"
        thread.start()
    }

    /// Claims the worker for one block; false when another caller is using it.
    func claim() -> Bool {
        claimed.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
    }

    /// Hands `block` to the claimed worker.
    func post(_ block: @escaping @Sendable () -> Void) {
        job = block
        slot.store(Slot.posted, ordering: .sequentiallyConsistent)
        if sleeping.load(ordering: .sequentiallyConsistent) { wake.signal() }
    }

    /// Waits for the posted block to be done, computing it here if the worker has not
    /// started it, then releases the worker.
    func finish() {
        if slot.compareExchange(expected: Slot.posted, desired: Slot.takenBack, ordering: .acquiringAndReleasing).exchanged {
            job!()
        } else {
            while slot.load(ordering: .acquiring) != Slot.finished {}
        }
        job = nil
        slot.store(Slot.empty, ordering: .releasing)
        claimed.store(false, ordering: .releasing)
    }

    /// The worker's loop: wait for a posted block (spinning, then sleeping), run it.
    private func serve() {
        while true {
            waitForPost()
            guard slot.compareExchange(expected: Slot.posted, desired: Slot.running, ordering: .acquiringAndReleasing).exchanged
            else { continue }  // taken back by the caller
            job!()
            slot.store(Slot.finished, ordering: .releasing)
        }
    }

    private func waitForPost() {
        var spinStart = DispatchTime.now().uptimeNanoseconds
        while slot.load(ordering: .acquiring) != Slot.posted {
            if DispatchTime.now().uptimeNanoseconds - spinStart < Self.spinTime { continue }
            // Sleep, announcing it first; a post that raced with the announcement is seen
            // by the check after it (and a wake-up signal left over is harmless: the loop
            // checks the slot again).
            sleeping.store(true, ordering: .sequentiallyConsistent)
            if slot.load(ordering: .sequentiallyConsistent) != Slot.posted { wake.wait() }
            sleeping.store(false, ordering: .sequentiallyConsistent)
            spinStart = DispatchTime.now().uptimeNanoseconds
        }
    }
}
