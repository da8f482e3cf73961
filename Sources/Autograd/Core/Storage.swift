#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A reference-counted, contiguous block of elements shared by a tensor and its views.
///
/// Views (`detach`, `transpose`, slicing, ...) share one `Storage`, and with it one
/// version counter, as in PyTorch: an in-place write through any of them bumps the
/// version that saved tensors are checked against at backward time.
final class Storage: @unchecked Sendable {
    /// Number of elements.
    let count: Int
    /// True when elements are `Float`; otherwise they are `Double`.
    let isSinglePrecision: Bool
    /// Raw memory, typed on access.
    let raw: UnsafeMutableRawPointer
    /// Bumped by every in-place modification (PyTorch's version counter).
    @exclusivity(unchecked) var version: Int = 0

    /// The alignment of every storage above `smallBufferBytes`, wide enough for any vector unit's loads.
    private static let alignment = 64
    /// Buffers up to this size are not over-aligned.
    private static let smallBufferBytes = 256

    /// Allocates storage for `count` elements, zero-filled unless `zeroed` is false
    /// (for kernels that write every element before anything reads one).
    ///
    /// Throws PyTorch's "can't allocate memory" error when the byte count overflows or
    /// the system refuses the allocation, instead of aborting the process.
    init(count: Int, singlePrecision: Bool, zeroed: Bool = true) throws {
        let elementSize = singlePrecision ? MemoryLayout<Float>.stride : MemoryLayout<Double>.stride
        let (bytes, overflow) = Swift.max(1, count).multipliedReportingOverflow(by: elementSize)
        guard count >= 0, !overflow else { throw AutogradError.cannotAllocate(bytes: count, elementSize: elementSize) }
        // Small buffers come from malloc (16-byte aligned, and cheaper than posix_memalign,
        // which costs a small-tensor workload several percent); larger ones are aligned for
        // vector loads.
        var memory: UnsafeMutableRawPointer?
        if bytes <= Storage.smallBufferBytes {
            memory = malloc(bytes)
        } else if posix_memalign(&memory, Storage.alignment, bytes) != 0 {
            memory = nil
        }
        guard let memory else { throw AutogradError.cannotAllocate(bytes: bytes, elementSize: 1) }
        self.count = count
        self.isSinglePrecision = singlePrecision
        raw = memory
        if zeroed {
            raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
        }
    }

    deinit { free(raw) }

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

    /// Bytes per element (4 for `Float`, 8 for `Double`).
    var elementSize: Int { isSinglePrecision ? MemoryLayout<Float>.stride : MemoryLayout<Double>.stride }

    /// The storage typed as `T`; `T` must match `isSinglePrecision`.
    @inline(__always)
    func pointer<T: TensorScalar>(_: T.Type) -> UnsafeMutablePointer<T> {
        raw.assumingMemoryBound(to: T.self)
    }
}
