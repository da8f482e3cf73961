import Autograd
import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Runs gradcheck's independent pieces of work (Jacobian rows) on several threads.
enum Parallel {
    /// Calls `body(worker)` for `worker` in `0..<workers`, concurrently when `workers > 1`
    /// (worker 0 on the calling thread when there is only one), and rethrows the first error.
    static func run(workers: Int, _ body: @Sendable (Int) throws -> Void) throws {
        if workers <= 1 {
            try body(0)
            return
        }
        let firstError = Locked<(any Error)?>(nil)
        // Grad mode is per thread: the workers run in the caller's.
        let gradMode = isGradEnabled
        // The workers already use every core: their products are not split again.
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            do { try withUnsplitProducts { try withGradMode(gradMode) { try body(worker) } } } catch {
                firstError.withLock { if $0 == nil { $0 = error } }
            }
        }
        if let error = firstError.withLock({ $0 }) { throw error }
    }
}

/// Hands out consecutive blocks of `0..<count` to whichever worker asks next.
final class WorkQueue: Sendable {
    private let next = Atomic<Int>(0)
    let count: Int
    let block: Int

    init(count: Int, block: Int) {
        self.count = count
        self.block = max(1, block)
    }

    /// The next block of indices, or nil when all are taken.
    func take() -> Range<Int>? {
        let start = next.wrappingAdd(block, ordering: .relaxed).oldValue
        return start < count ? start..<min(start + block, count) : nil
    }
}

/// A buffer that workers fill at disjoint positions.
///
/// `@unchecked Sendable` because the compiler cannot see that no two workers write
/// the same position; every user hands each worker its own rows.
struct SharedBuffer: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
    let count: Int
}

extension SharedBuffer {
    /// Asks Linux to back a large buffer with 2 MiB pages: a 64×64 matmul's Jacobians
    /// take 128 MiB each, and with 4 KiB pages faulting them in costs more than
    /// filling them. Advice only; nothing changes where it is not followed.
    static func adviseHugePages(_ buffer: UnsafeMutableBufferPointer<Double>) {
        #if os(Linux)
            let hugePage = 2 << 20
            guard let base = buffer.baseAddress, buffer.count * MemoryLayout<Double>.stride >= 4 * hugePage else { return }
            let start = (Int(bitPattern: base) + hugePage - 1) & ~(hugePage - 1)
            let end = (Int(bitPattern: base + buffer.count)) & ~(hugePage - 1)
            if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE) }
        #endif
    }

    /// Arrays of the given sizes, which `fill` writes through shared buffers (valid only
    /// during the call) before they are returned. `fill` must write every element: the
    /// memory starts uninitialised, so that its first touch (and page fault) happens on
    /// the worker that writes it rather than in a serial zero-fill.
    static func filledArrays(counts: [Int], fill: ([SharedBuffer]) throws -> Void) rethrows -> [[Double]] {
        func build(_ index: Int, _ collected: [SharedBuffer]) throws -> [[Double]] {
            if index == counts.count {
                try fill(collected)
                return []
            }
            var rest: [[Double]] = []
            guard counts[index] > 0 else {
                // An empty array is Swift's shared empty storage: never write its count (a data
                // race between workers, which ThreadSanitizer reports); it has nothing to fill.
                let none = SharedBuffer(base: UnsafeMutablePointer(bitPattern: MemoryLayout<Double>.alignment)!, count: 0)
                rest = try build(index + 1, collected + [none])
                return [[]] + rest
            }
            let array = try [Double](unsafeUninitializedCapacity: counts[index]) { buffer, initialized in
                // Double is a trivial type: writing it needs no prior initialisation.
                let storage = UnsafeMutableBufferPointer(rebasing: buffer[..<counts[index]])
                initialized = counts[index]
                adviseHugePages(storage)
                rest = try build(index + 1, collected + [SharedBuffer(base: storage.baseAddress!, count: counts[index])])
            }
            return [array] + rest
        }
        return try build(0, [])
    }
}
