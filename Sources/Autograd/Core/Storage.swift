#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a storage's elements are held: `Float`, `Double` or `Int64` (exact 64-bit integers).
enum ElementKind: UInt8 {
    /// `Float` elements (float32).
    case float32
    /// `Double` elements (float64, and bool as 0 or 1).
    case float64
    /// `Int64` elements (int64): exact over the whole range, wrapping on overflow.
    case int64
}

/// What a `Storage` keeps besides its elements.
struct StorageHeader {
    /// Number of elements (set again when a pooled storage is reused).
    var count: Int
    /// How the elements are held.
    var kind: ElementKind
    /// Bumped by every in-place modification (PyTorch's version counter).
    var version = 0
    /// Memory of a large buffer, allocated apart and aligned for vector loads; nil when
    /// the elements follow the header in the storage object itself.
    let external: UnsafeMutableRawPointer?
}

/// A reference-counted, contiguous block of elements shared by a tensor and its views.
///
/// Views (`detach`, `transpose`, slicing, ...) share one `Storage`, and with it one
/// version counter, as in PyTorch: an in-place write through any of them bumps the
/// version that saved tensors are checked against at backward time.
///
/// A small buffer lives in the storage object itself, after its header (one allocation
/// per tensor instead of two); a large one is allocated apart, 64-byte aligned.
final class Storage: ManagedBuffer<StorageHeader, Double> {
    /// The alignment of every storage above `smallBufferBytes`, wide enough for any vector unit's loads.
    private static let alignment = 64
    /// Buffers up to this size live inside the storage object (16-byte aligned).
    private static let smallBufferBytes = 65536

    /// Allocates storage for `count` elements, zero-filled unless `zeroed` is false
    /// (for kernels that write every element before anything reads one).
    ///
    /// Throws PyTorch's "can't allocate memory" error when the byte count overflows or
    /// the system refuses the allocation, instead of aborting the process.
    static func make(count: Int, kind: ElementKind, zeroed: Bool = true) throws -> Storage {
        let elementSize = Storage.elementSize(kind)
        let (bytes, overflow) = Swift.max(1, count).multipliedReportingOverflow(by: elementSize)
        guard count >= 0, !overflow else { throw AutogradError.cannotAllocate(bytes: count, elementSize: elementSize) }
        let words = Storage.words(ofBytes: bytes)
        if let reused = ThreadState.withCurrent({ $0.storagePool.take(words: words) }) {
            reused.fields.pointee = StorageHeader(count: count, kind: kind, external: nil)
            if zeroed { reused.raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes) }
            return reused
        }
        var external: UnsafeMutableRawPointer?
        if bytes > smallBufferBytes {
            guard posix_memalign(&external, alignment, bytes) == 0, external != nil else {
                throw AutogradError.cannotAllocate(bytes: bytes, elementSize: 1)
            }
        }
        let inline = external == nil ? words : 0
        let buffer = Storage.create(minimumCapacity: inline) { _ in
            StorageHeader(count: count, kind: kind, external: external)
        }
        let storage = unsafeDowncast(buffer, to: Storage.self)
        if zeroed {
            storage.raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
        }
        return storage
    }

    deinit {
        if let external = fields.pointee.external { free(external) }
    }

    /// The length of the buffer in 8-byte words when it is inline and small enough for
    /// the thread's `StoragePool`; nil otherwise.
    var poolableWords: Int? {
        @inline(__always) get {
            guard fields.pointee.external == nil else { return nil }
            let words = Storage.words(ofBytes: Swift.max(1, count) * elementSize)
            return words <= StoragePool.largestMediumWords ? words : nil
        }
    }

    /// The header, reached through its address: ManagedBuffer's `header` property would
    /// check exclusive access at run time on every read (a tenth of a small workload).
    private var fields: UnsafeMutablePointer<StorageHeader> {
        @inline(__always) get { withUnsafeMutablePointerToHeader { $0 } }
    }

    /// Number of elements.
    var count: Int { fields.pointee.count }
    /// How the elements are held.
    var kind: ElementKind { fields.pointee.kind }
    /// True when elements are `Float`.
    var isSinglePrecision: Bool { fields.pointee.kind == .float32 }
    /// Bumped by every in-place modification (PyTorch's version counter).
    var version: Int {
        get { fields.pointee.version }
        set { fields.pointee.version = newValue }
    }

    /// Raw memory, typed on access.
    var raw: UnsafeMutableRawPointer {
        @inline(__always) get {
            // The elements stay where they are for the object's whole life.
            fields.pointee.external ?? withUnsafeMutablePointerToElements { UnsafeMutableRawPointer($0) }
        }
    }

    /// The machine's physical memory in bytes (0 when unknown), read once: `toArray` and
    /// `numpy()` check against it, and a system call on each of them would be wasted.
    private static let physicalMemory = Int(sysconf(Int32(_SC_PHYS_PAGES))) &* Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Throws PyTorch's allocation error when `count` elements of `elementSize` bytes exceed
    /// the machine's physical memory: a request that could only end in an abort or the
    /// out-of-memory killer, for memory that Swift's arrays allocate without a way to fail.
    static func requireAllocatable(count: Int, elementSize: Int) throws {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: elementSize)
        guard !overflow, physicalMemory <= 0 || bytes <= physicalMemory else {
            throw AutogradError.cannotAllocate(bytes: count, elementSize: elementSize)
        }
    }

    /// Bytes per element (4 for `Float`, 8 for `Double` and `Int64`).
    var elementSize: Int { Storage.elementSize(kind) }

    /// Bytes per element of a storage of `kind`.
    @inline(__always)
    static func elementSize(_ kind: ElementKind) -> Int {
        kind == .float32 ? MemoryLayout<Float>.stride : MemoryLayout<Double>.stride
    }

    /// The 8-byte words an inline buffer of `bytes` bytes takes (the unit `StoragePool` sorts by).
    @inline(__always)
    static func words(ofBytes bytes: Int) -> Int { (bytes + 7) / 8 }

    /// The storage typed as `T`; `T` must match `kind` (`Float` for float32, `Double` for float64).
    @inline(__always)
    func pointer<T: TensorScalar>(_: T.Type) -> UnsafeMutablePointer<T> {
        raw.assumingMemoryBound(to: T.self)
    }

    /// The storage typed as `Int64`; `kind` must be `.int64`.
    @inline(__always)
    var integers: UnsafeMutablePointer<Int64> { raw.assumingMemoryBound(to: Int64.self) }
}
