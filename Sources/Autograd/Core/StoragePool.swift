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
/// Each thread's pool is bounded (`largestWords` sizes, `keptPerSize` of each: at most
/// about 150 KiB), and freed with the thread's state.
struct StoragePool: ~Copyable {
    /// The largest inline buffer kept, in 8-byte words (256 bytes: 32 doubles, 64 floats).
    static let largestWords = 32
    /// How many storages of one size a thread keeps.
    static let keptPerSize = 16

    /// `keptPerSize` slots for each size from 1 to `largestWords` words, each holding a
    /// retained storage; `counts[size - 1]` of a size's slots are in use.
    private let slots: UnsafeMutablePointer<Unmanaged<Storage>>
    private let counts: UnsafeMutablePointer<Int>

    init() {
        slots = .allocate(capacity: Self.largestWords * Self.keptPerSize)
        counts = .allocate(capacity: Self.largestWords)
        counts.initialize(repeating: 0, count: Self.largestWords)
    }

    deinit {
        for size in 0..<Self.largestWords {
            for index in 0..<counts[size] { slots[size * Self.keptPerSize + index].release() }
        }
        slots.deallocate()
        counts.deallocate()
    }

    /// A kept storage whose buffer holds exactly `words` words, or nil.
    @inline(__always)
    func take(words: Int) -> Storage? {
        guard words <= Self.largestWords else { return nil }
        let kept = counts[words - 1]
        guard kept > 0 else { return nil }
        counts[words - 1] = kept - 1
        return slots[(words - 1) * Self.keptPerSize + kept - 1].takeRetainedValue()
    }

    /// Keeps `storage` (which the caller owns alone and whose buffer is inline and `words`
    /// words long) when there is room for its size.
    @inline(__always)
    func keep(_ storage: Storage, words: Int) {
        let kept = counts[words - 1]
        guard kept < Self.keptPerSize else { return }
        slots[(words - 1) * Self.keptPerSize + kept] = Unmanaged.passRetained(storage)
        counts[words - 1] = kept + 1
    }
}
