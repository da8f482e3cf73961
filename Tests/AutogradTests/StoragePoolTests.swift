import Dispatch
import Foundation
import Testing

@testable import Autograd

/// Small and medium storages freed by a tensor are reused by the next tensor of the same
/// size (`StoragePool`): the reuse must be invisible. A reused storage comes back zeroed
/// where zeros were asked for, at version 0, with its new element count and precision;
/// a storage that a view still shares is never reused.
@Suite("Reused storages are indistinguishable from fresh ones")
struct StoragePoolTests {
    /// Frees a dirty tensor of `count` elements whose storage is at version 1, and
    /// returns its storage's identity.
    static func freeDirtyTensor(count: Int, dtype: FloatDType) throws -> ObjectIdentifier {
        let dirty = try Tensor.full([count], 7.5, dtype: dtype.dtype)
        try dirty.add_(Tensor(1.0, dtype: dtype))
        #expect(dirty.storage.version == 1)
        return ObjectIdentifier(dirty.storage)
    }

    @Test(arguments: [FloatDType.float32, .float64])
    func reusedStorageIsZeroedAndAtVersionZero(dtype: FloatDType) throws {
        let elementSize = dtype == .float32 ? 4 : 8
        var reusedSizes = 0
        for count in 1...(StoragePool.largestWords * 8 / elementSize + 8) {
            let freed = try Self.freeDirtyTensor(count: count, dtype: dtype)
            let fresh = try Tensor.zeros([count], dtype: dtype.dtype)
            let pooled = count * elementSize <= StoragePool.largestWords * 8
            if pooled {
                // The test proves the reuse path only if it took it.
                #expect(ObjectIdentifier(fresh.storage) == freed, "size \(count) was not reused")
                reusedSizes += 1
            }
            #expect(try fresh.toArray() == [Double](repeating: 0, count: count), "size \(count)")
            #expect(fresh.storage.version == 0)
            #expect(fresh.storage.count == count)
            #expect(fresh.storage.isSinglePrecision == (dtype == .float32))
        }
        #expect(reusedSizes == StoragePool.largestWords * 8 / elementSize)
    }

    /// Medium buffers (above the small slots, up to `largestMediumWords`) are reused by size
    /// too, zeroed and at version 0; a buffer above the medium limit never is.
    @Test(arguments: [FloatDType.float32, .float64])
    func mediumStorageIsReusedZeroedAndAtVersionZero(dtype: FloatDType) throws {
        let elementSize = dtype == .float32 ? 4 : 8
        let smallest = StoragePool.largestWords * 8 / elementSize + 1
        let largest = StoragePool.largestMediumWords * 8 / elementSize
        for count in [smallest, smallest + 1, 80 * 16, 80 * 8 + 3, largest - 1, largest] {
            let freed = try Self.freeDirtyTensor(count: count, dtype: dtype)
            let fresh = try Tensor.zeros([count], dtype: dtype.dtype)
            #expect(ObjectIdentifier(fresh.storage) == freed, "size \(count) was not reused")
            #expect(try fresh.toArray().allSatisfy { $0 == 0 }, "size \(count)")
            #expect(fresh.storage.version == 0 && fresh.storage.count == count)
        }
        // Freed memory may come back from malloc at the same address, so the pool's refusal
        // shows in what it is told, not in identities.
        #expect(try Tensor.zeros([largest], dtype: dtype.dtype).storage.poolableWords == StoragePool.largestMediumWords)
        #expect(try Tensor.zeros([largest + 1], dtype: dtype.dtype).storage.poolableWords == nil)
    }

    /// More medium buffers freed than the list keeps, of many sizes and several of each:
    /// every new tensor of any of those sizes still starts from zeros and holds its own values.
    @Test func mediumListIsBounded() throws {
        let sizes = (0..<(2 * StoragePool.mediumKept)).map { 300 + 17 * $0 }
        var kept: [Tensor] = try sizes.flatMap { size in
            try (0..<3).map { _ in try Tensor.full([size], 6.0, dtype: .float64) }
        }
        kept = []
        for size in sizes.reversed() {
            let zeros = try Tensor.zeros([size], dtype: .float64)
            let filled = try Tensor.full([size], Double(size), dtype: .float64)
            #expect(try zeros.toArray().allSatisfy { $0 == 0 }, "size \(size)")
            #expect(try filled.toArray().allSatisfy { $0 == Double(size) }, "size \(size)")
            #expect(zeros.storage !== filled.storage)
        }
        #expect(kept.isEmpty)
    }

    /// Buffers of every medium size up to 64 KiB, far more of them than the byte budget
    /// holds: the list keeps at most `mediumWordBudget` words and `mediumKept` buffers, keeps
    /// some, and every new tensor still starts from zeros.
    @Test func mediumListStaysWithinItsByteBudget() throws {
        let sizes = (0..<80).map { 8192 - 97 * ($0 % 9) }  // float64 elements: 57 to 64 KiB
        var kept: [Tensor] = try sizes.map { try Tensor.full([$0], 3.0, dtype: .float64) }
        kept = []
        let pool = ThreadState.withCurrent { $0.storagePool.mediumKeptNow }
        #expect(pool.words <= StoragePool.mediumWordBudget && pool.buffers <= StoragePool.mediumKept)
        #expect(pool.buffers > 0 && pool.words > StoragePool.mediumWordBudget / 2, "\(pool)")
        for size in sizes.reversed() {
            let zeros = try Tensor.zeros([size], dtype: .float64)
            #expect(zeros.withContiguousFloat64Values { $0.allSatisfy { $0 == 0 } } == true, "size \(size)")
        }
        #expect(kept.isEmpty)
        let after = ThreadState.withCurrent { $0.storagePool.mediumKeptNow }
        #expect(after.words <= StoragePool.mediumWordBudget && after.buffers <= StoragePool.mediumKept)
    }

    /// A float32 buffer of 4 elements and a float64 one of 2 take the same 16 bytes: the
    /// storage is reused across precisions, and reads back in the new one.
    @Test func reuseAcrossPrecisions() throws {
        let freed = try Self.freeDirtyTensor(count: 4, dtype: .float32)
        let doubles = try Tensor.ones([2], dtype: .float64)
        #expect(ObjectIdentifier(doubles.storage) == freed)
        #expect(try doubles.toArray() == [1, 1])
        #expect(try (doubles * 3.0).toArray() == [3, 3])
        #expect(!doubles.storage.isSinglePrecision && doubles.storage.count == 2)
    }

    /// A tensor whose storage a view still holds does not give it to the pool.
    @Test func sharedStorageIsNotReused() throws {
        var base: Tensor? = try Tensor.full([6], 2.0, dtype: .float64)
        let view = try base!.slice(0, start: 1, end: 4)
        let shared = ObjectIdentifier(view.storage)
        base = nil
        let fresh = try Tensor.zeros([6], dtype: .float64)
        #expect(ObjectIdentifier(fresh.storage) != shared)
        #expect(try view.toArray() == [2, 2, 2])
        #expect(try fresh.toArray() == [0, 0, 0, 0, 0, 0])
    }

    /// A storage a backward rule saved stays with the graph until the graph is freed.
    @Test func savedTensorsKeepTheirStorage() throws {
        let x = Tensor([0.5, -1.5, 2.0], dtype: .float64, requiresGrad: true)
        var loss: Tensor? = try (x.exp() * x).sum()
        for _ in 0..<20 { _ = try Tensor.full([3], 9.0, dtype: .float64) }  // churn the pool
        try loss!.backward()
        loss = nil
        let expected = try x.toArray().map { Foundation.exp($0) * ($0 + 1) }
        for (got, want) in zip(try x.grad!.toArray(), expected) { #expect(Swift.abs(got - want) <= 1e-12 * Swift.abs(want)) }
    }

    /// More tensors of one size freed than a pool keeps: the rest are freed, and every
    /// new tensor still starts from zeros.
    @Test func boundedPerSize() throws {
        var many: [Tensor] = try (0..<(3 * StoragePool.keptPerSize)).map { _ in try Tensor.full([5], 4.0, dtype: .float64) }
        many = []
        let again = try (0..<(3 * StoragePool.keptPerSize)).map { _ in try Tensor.zeros([5], dtype: .float64) }
        for tensor in again { #expect(try tensor.toArray() == [0, 0, 0, 0, 0]) }
        #expect(many.isEmpty)
    }

    /// Tensors made on one thread and freed on another go to the freeing thread's pool;
    /// with 8 threads trading tensors, every value stays right (run under ThreadSanitizer in CI).
    @Test func tensorsFreedOnOtherThreads() throws {
        let threads = 8
        let handoff = ConcurrencyTests.Box([])
        let lock = DispatchSemaphore(value: 1)
        let failures = ConcurrencyTests.Failures()
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            do {
                for round in 0..<200 {
                    let value = Double(thread * 1000 + round)
                    // Small sizes, and every third round a medium one.
                    let size = round % 3 == 0 ? 300 + round % 7 : round % 12 + 1
                    let mine = try Tensor.full([size], value, dtype: round % 2 == 0 ? .float32 : .float64)
                    lock.wait()
                    let theirs = handoff.tensors.popLast()
                    handoff.tensors.append(mine)
                    lock.signal()
                    if let theirs {
                        let first = try theirs.toArray()[0]
                        if try theirs.toArray().contains(where: { $0 != first }) { failures.record("mixed values") }
                    }
                    let zeros = try Tensor.zeros([size], dtype: .float64)
                    if try zeros.toArray().contains(where: { $0 != 0 }) { failures.record("reused storage not zeroed") }
                }
            } catch {
                failures.record("\(error)")
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all.prefix(3))")
    }
}
