/// Small storages kept for reuse by the thread that freed them.
///
/// Eager work on small tensors makes and frees a storage per op; each of them cost an
/// object allocation and a `malloc`, and their release a `free` (on glibc the slow
/// one, once a backward frees more blocks of one size than its per-thread cache holds).
/// A tensor that was its storage's last owner hands a small one to its thread's pool
/// instead (`Tensor.deinit`), and `Storage.make` takes one of the same size back.
/// Nothing can observe the reuse: a pooled storage has no other owner, and it comes
/// back with a fresh version counter and, where asked, zeroed elements.
///
/// Buffers above `largestWords` (a layer's activations, say: 80×16 floats are 5 KiB) come
/// in too many sizes for a slot per size; up to `mediumKept` of them, each at most
/// `largestMediumWords`, wait in one list searched by size; when it is full, a buffer
/// kept replaces its entries in turn.
///
/// Each thread's pool is bounded (small: `largestWords` sizes, `keptPerSize` of each, about
/// 70 KiB of elements; medium: `mediumKept` buffers of at most 16 KiB, 512 KiB), and freed
/// with the thread's state.
struct StoragePool: ~Copyable {
    /// The largest inline buffer kept, in 8-byte words (256 bytes: 32 doubles, 64 floats).
    static let largestWords = 32
    /// How many storages of one size a thread keeps.
    static let keptPerSize = 16

    /// The largest buffer kept in the medium list, in 8-byte words (16 KiB).
    static let largestMediumWords = 2048
    /// How many medium buffers a thread keeps, whatever their sizes.
    static let mediumKept = 32

    /// A medium buffer waiting for reuse, with its length in words.
    private struct MediumEntry {
        let words: Int
        let storage: Unmanaged<Storage>
    }

    /// `keptPerSize` slots for each size from 1 to `largestWords` words, each holding a
    /// retained storage; `counts[size - 1]` of a size's slots are in use.
    private let slots: UnsafeMutablePointer<Unmanaged<Storage>>
    private let counts: UnsafeMutablePointer<Int>
    /// The medium list, `mediumCursor.inUse` entries of it in use.
    private let medium: UnsafeMutablePointer<MediumEntry>
    /// The medium list's bookkeeping, kept behind a pointer as `counts` is (the pool is
    /// held in a `let` of the thread's state, so its methods cannot be mutating).
    private let mediumCursor: UnsafeMutablePointer<MediumCursor>

    /// How much of the medium list is in use, and which entry a full list replaces next
    /// (entries are replaced in turn).
    private struct MediumCursor {
        var inUse = 0
        var nextReplaced = 0
    }

    init() {
        slots = .allocate(capacity: Self.largestWords * Self.keptPerSize)
        counts = .allocate(capacity: Self.largestWords)
        counts.initialize(repeating: 0, count: Self.largestWords)
        medium = .allocate(capacity: Self.mediumKept)
        mediumCursor = .allocate(capacity: 1)
        mediumCursor.initialize(to: MediumCursor())
    }

    deinit {
        for size in 0..<Self.largestWords {
            for index in 0..<counts[size] { slots[size * Self.keptPerSize + index].release() }
        }
        for index in 0..<mediumCursor.pointee.inUse { medium[index].storage.release() }
        slots.deallocate()
        counts.deallocate()
        medium.deinitialize(count: mediumCursor.pointee.inUse)
        medium.deallocate()
        mediumCursor.deallocate()
    }

    /// A kept storage whose buffer holds exactly `words` words, or nil.
    @inline(__always)
    func take(words: Int) -> Storage? {
        guard words <= Self.largestWords else { return takeMedium(words: words) }
        let kept = counts[words - 1]
        guard kept > 0 else { return nil }
        counts[words - 1] = kept - 1
        return slots[(words - 1) * Self.keptPerSize + kept - 1].takeRetainedValue()
    }

    /// Keeps `storage` (which the caller owns alone and whose buffer is inline and `words`
    /// words long, at most `largestMediumWords`) when there is room for its size.
    @inline(__always)
    func keep(_ storage: Storage, words: Int) {
        guard words <= Self.largestWords else { return keepMedium(storage, words: words) }
        let kept = counts[words - 1]
        guard kept < Self.keptPerSize else { return }
        slots[(words - 1) * Self.keptPerSize + kept] = Unmanaged.passRetained(storage)
        counts[words - 1] = kept + 1
    }

    /// The most recently kept medium buffer of exactly `words` words, or nil.
    private func takeMedium(words: Int) -> Storage? {
        guard words <= Self.largestMediumWords else { return nil }
        let inUse = mediumCursor.pointee.inUse
        for index in stride(from: inUse - 1, through: 0, by: -1) where medium[index].words == words {
            let found = medium[index].storage
            // The last entry fills the gap.
            medium[index] = medium[inUse - 1]
            (medium + inUse - 1).deinitialize(count: 1)
            mediumCursor.pointee.inUse = inUse - 1
            return found.takeRetainedValue()
        }
        return nil
    }

    /// Keeps a medium buffer, in place of the next entry in turn when the list is full.
    private func keepMedium(_ storage: Storage, words: Int) {
        let entry = MediumEntry(words: words, storage: .passRetained(storage))
        let inUse = mediumCursor.pointee.inUse
        if inUse < Self.mediumKept {
            (medium + inUse).initialize(to: entry)
            mediumCursor.pointee.inUse = inUse + 1
            return
        }
        let turn = mediumCursor.pointee.nextReplaced
        let replaced = medium[turn].storage
        medium[turn] = entry
        mediumCursor.pointee.nextReplaced = (turn + 1) % Self.mediumKept
        replaced.release()
    }
}
