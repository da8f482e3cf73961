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
/// Buffers above `largestWords` (a layer's activations, say: 80×16 floats are 5 KiB; a
/// 64×64 matrix of doubles, 32 KiB) come in too many sizes for a slot per size; up to
/// `mediumKept` of them, each at most `largestMediumWords` (every inline buffer), wait in
/// one list searched by size, together at most `mediumWordBudget` words; when it is full,
/// a buffer kept replaces its entries in turn. Keeping the larger of them matters beyond
/// the `malloc` saved: glibc gives the top of its heap back to the system once more than
/// 128 KiB of it is free, so a loop that frees and makes a few 32 KiB buffers each step
/// would otherwise map fresh pages, and fault on every one of them, every step.
///
/// Each thread's pool is bounded (small: `largestWords` sizes, `keptPerSize` of each, about
/// 70 KiB of elements; medium: `mediumKept` buffers, 1 MiB in all), and freed with the
/// thread's state.
struct StoragePool: ~Copyable {
    /// The largest inline buffer kept, in 8-byte words (256 bytes: 32 doubles, 64 floats).
    static let largestWords = 32
    /// How many storages of one size a thread keeps.
    static let keptPerSize = 16

    /// The largest buffer kept in the medium list, in 8-byte words (64 KiB: the largest
    /// buffer a storage holds inline).
    static let largestMediumWords = 8192
    /// How many medium buffers a thread keeps, whatever their sizes.
    static let mediumKept = 32
    /// How many words the medium list holds at most, all its buffers together (1 MiB).
    static let mediumWordBudget = 131_072

    /// A medium buffer waiting for reuse, with its length in words.
    private struct MediumEntry {
        let words: Int
        let storage: Unmanaged<Storage>
    }

    /// `keptPerSize` slots for each size from 1 to `largestWords` words; the first
    /// `counts[size - 1]` of a size's slots hold a storage (moved in and out, never copied).
    private let slots: UnsafeMutablePointer<Storage>
    private let counts: UnsafeMutablePointer<Int>
    /// The medium list, `mediumCursor.inUse` entries of it in use.
    private let medium: UnsafeMutablePointer<MediumEntry>
    /// The medium list's bookkeeping, kept behind a pointer as `counts` is (the pool is
    /// held in a `let` of the thread's state, so its methods cannot be mutating).
    private let mediumCursor: UnsafeMutablePointer<MediumCursor>

    /// How much of the medium list is in use (entries, and their words together), and which
    /// entry a full list replaces next (entries are replaced in turn).
    private struct MediumCursor {
        var inUse = 0
        var keptWords = 0
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
            (slots + size * Self.keptPerSize).deinitialize(count: counts[size])
        }
        for index in 0..<mediumCursor.pointee.inUse { medium[index].storage.release() }
        slots.deallocate()
        counts.deallocate()
        medium.deinitialize(count: mediumCursor.pointee.inUse)
        medium.deallocate()
        mediumCursor.deallocate()
    }

    /// How many medium buffers wait, and their words together.
    var mediumKeptNow: (buffers: Int, words: Int) { (mediumCursor.pointee.inUse, mediumCursor.pointee.keptWords) }

    /// A kept storage whose buffer holds exactly `words` words, or nil.
    @inline(__always)
    func take(words: Int) -> Storage? {
        guard words <= Self.largestWords else { return takeMedium(words: words) }
        let kept = counts[words - 1]
        guard kept > 0 else { return nil }
        counts[words - 1] = kept - 1
        return (slots + (words - 1) * Self.keptPerSize + kept - 1).move()
    }

    /// Keeps `storage` (which the caller owned alone and whose buffer is inline and `words`
    /// words long, at most `largestMediumWords`) when there is room for its size; frees it
    /// otherwise.
    @inline(__always)
    func keep(_ storage: consuming Storage, words: Int) {
        guard words <= Self.largestWords else { return keepMedium(storage, words: words) }
        let kept = counts[words - 1]
        guard kept < Self.keptPerSize else { return }
        (slots + (words - 1) * Self.keptPerSize + kept).initialize(to: storage)
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
            mediumCursor.pointee.keptWords -= words
            return found.takeRetainedValue()
        }
        return nil
    }

    /// Keeps a medium buffer: added to the list while it has room (in entries and in
    /// words), otherwise in place of the next entry in turn when the budget allows, and
    /// not at all when it does not (the storage is then freed by its caller).
    private func keepMedium(_ storage: Storage, words: Int) {
        let cursor = mediumCursor.pointee
        if cursor.inUse < Self.mediumKept, cursor.keptWords + words <= Self.mediumWordBudget {
            (medium + cursor.inUse).initialize(to: MediumEntry(words: words, storage: .passRetained(storage)))
            mediumCursor.pointee.inUse = cursor.inUse + 1
            mediumCursor.pointee.keptWords = cursor.keptWords + words
            return
        }
        guard cursor.inUse > 0 else { return }
        // Entries taken out may have left the cursor past the end of the list.
        let turn = cursor.nextReplaced < cursor.inUse ? cursor.nextReplaced : 0
        let replaced = medium[turn]
        let keptWords = cursor.keptWords - replaced.words + words
        guard keptWords <= Self.mediumWordBudget else { return }
        medium[turn] = MediumEntry(words: words, storage: .passRetained(storage))
        mediumCursor.pointee.keptWords = keptWords
        mediumCursor.pointee.nextReplaced = (turn + 1) % Self.mediumKept
        replaced.storage.release()
    }
}
