import Dispatch
import Synchronization

/// Runs gradcheck's independent pieces of work (Jacobian rows) on several threads.
enum Parallel {
    /// Calls `body(worker)` for `worker` in `0..<workers`, concurrently when `workers > 1`
    /// (worker 0 on the calling thread when there is only one), and rethrows the first error.
    static func run(workers: Int, _ body: @Sendable (Int) throws -> Void) throws {
        if workers <= 1 {
            try body(0)
            return
        }
        let firstError = Mutex<(any Error)?>(nil)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            do { try body(worker) } catch {
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
        return start < count ? start ..< min(start + block, count) : nil
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
    /// Zero-filled arrays of the given sizes, which `fill` writes through shared buffers
    /// (valid only during the call) before they are returned.
    static func zeroedArrays(counts: [Int], fill: ([SharedBuffer]) throws -> Void) rethrows -> [[Double]] {
        func build(_ index: Int, _ collected: [SharedBuffer]) throws -> [[Double]] {
            if index == counts.count {
                try fill(collected)
                return []
            }
            var rest: [[Double]] = []
            let array = try [Double](unsafeUninitializedCapacity: counts[index]) { buffer, initialized in
                let storage = UnsafeMutableBufferPointer(rebasing: buffer[..<counts[index]])
                storage.initialize(repeating: 0)
                initialized = counts[index]
                // An empty array may have no address; a count of 0 means nothing is read there.
                let base = storage.baseAddress ?? UnsafeMutablePointer(bitPattern: MemoryLayout<Double>.alignment)!
                rest = try build(index + 1, collected + [SharedBuffer(base: base, count: counts[index])])
            }
            return [array] + rest
        }
        return try build(0, [])
    }
}
