import Foundation

/// Floating-point summation in exactly the order PyTorch's CPU kernel uses
/// (`aten/src/ATen/native/cpu/SumKernel.cpp`, AVX-512 build unless `withSummationOrder`
/// picks the AVX2 one), so that float32 sums, means and the un-broadcast in backward round
/// as PyTorch's do.
///
/// The algorithm ("cascade sum") adds chunks of at least 16 values, then sums
/// the chunk sums in chunks, four levels deep; rows are split four ways
/// (instruction-level parallelism), and long contiguous rows are summed in
/// vector lanes (16 floats or 8 doubles) whose totals are added last.
enum CascadeSum {
    /// Vector lanes of the kernel followed: 64 bytes (AVX-512) unless `withSummationOrder` says otherwise.
    static func lanes<T: TensorScalar>(_: T.Type) -> Int { ThreadState.withCurrent { $0.sumVectorBytes } / MemoryLayout<T>.stride }

    /// ⌈log2(x)⌉, 0 for x <= 1.
    static func ceilLog2(_ x: Int) -> Int { x <= 1 ? 0 : Int.bitWidth - (x - 1).leadingZeroBitCount }

    /// PyTorch's `multi_row_sum` for one column: `element(0) + ... + element(size - 1)` in cascade order.
    @inline(__always)
    static func cascade<T: TensorScalar>(_ size: Int, _ element: (Int) -> T) -> T {
        let levels = 4
        let power = Swift.max(4, ceilLog2(size) / levels)
        let step = 1 << power
        let mask = step - 1
        var acc: (T, T, T, T) = (0, 0, 0, 0)
        var i = 0
        while i + step <= size {
            for _ in 0..<step {
                acc.0 += element(i)
                i += 1
            }
            acc.1 += acc.0
            acc.0 = 0
            if i & (mask << power) != 0 { continue }
            acc.2 += acc.1
            acc.1 = 0
            if i & (mask << (2 * power)) != 0 { continue }
            acc.3 += acc.2
            acc.2 = 0
        }
        while i < size {
            acc.0 += element(i)
            i += 1
        }
        acc.0 += acc.1
        acc.0 += acc.2
        acc.0 += acc.3
        return acc.0
    }

    /// PyTorch's `row_sum`: the row read as (-1, 4) columns, each cascaded, then combined.
    @inline(__always)
    static func rowSum<T: TensorScalar>(_ size: Int, _ element: (Int) -> T) -> T {
        let rows = size / 4
        if rows < 16 {
            // Each column holds fewer terms than a cascade's first level, so each cascade is
            // a plain sum from zero (its three empty levels add +0, which changes no sum that
            // starts from +0): the same additions in the same order, without the levels.
            var p0: T = 0
            var p1: T = 0
            var p2: T = 0
            var p3: T = 0
            for row in 0..<rows {
                p0 += element(row * 4)
                p1 += element(row * 4 + 1)
                p2 += element(row * 4 + 2)
                p3 += element(row * 4 + 3)
            }
            for i in (rows * 4)..<size { p0 += element(i) }
            p0 += p1
            p0 += p2
            p0 += p3
            return p0
        }
        var p0 = cascade(rows) { element($0 * 4) }
        let p1 = cascade(rows) { element($0 * 4 + 1) }
        let p2 = cascade(rows) { element($0 * 4 + 2) }
        let p3 = cascade(rows) { element($0 * 4 + 3) }
        for i in (rows * 4)..<size { p0 += element(i) }
        p0 += p1
        p0 += p2
        p0 += p3
        return p0
    }

    /// The sum of `count` contiguous values (PyTorch's inner reduction).
    static func inner<T: TensorScalar>(_ p: UnsafePointer<T>, _ count: Int) -> T {
        let lanes = lanes(T.self)
        guard count >= lanes else { return rowSum(count) { p[$0] } }
        let vectors = count / lanes
        var total: T = 0
        for k in (vectors * lanes)..<count { total += p[k] }
        for lane in 0..<lanes { total += rowSum(vectors) { p[$0 * lanes + lane] } }
        return total
    }

    /// Column sums of a contiguous `rows`×`columns` block (PyTorch's outer reduction).
    static func outer<T: TensorScalar>(_ p: UnsafePointer<T>, rows: Int, columns: Int, into out: UnsafeMutablePointer<T>) {
        let lanes = lanes(T.self)
        // Columns handled four vectors (or, below one vector, four columns) at a time are cascaded
        // directly; the rest go through row_sum.
        let grouped = columns >= lanes ? (columns / (4 * lanes)) * 4 * lanes : (columns / 4) * 4
        cascadeColumns(p, rows: rows, stride: columns, count: grouped, into: out)
        rowSumColumns(p + grouped, rows: rows, stride: columns, count: columns - grouped, into: out + grouped)
    }

    /// `rowSum` down each of `count` adjacent columns, all columns at once, with the same
    /// bits as `rowSum` down each column alone: the four interleaved cascades (rows 0, 4,
    /// 8, ...; rows 1, 5, ...; and so on) run as four `cascadeColumns` over every fourth
    /// row, then the rows left over and the three other partial sums are added in
    /// `rowSum`'s order. `stride` is the distance between rows, in elements.
    static func rowSumColumns<T: TensorScalar>(
        _ p: UnsafePointer<T>, rows: Int, stride: Int, count: Int, into out: UnsafeMutablePointer<T>
    ) {
        guard count > 0 else { return }
        let quarter = rows / 4
        withUnsafeTemporaryAllocation(of: T.self, capacity: 3 * count) { buffer in
            let partial = buffer.baseAddress!
            cascadeColumns(p, rows: quarter, stride: 4 * stride, count: count, into: out)
            for k in 1...3 {
                cascadeColumns(p + k * stride, rows: quarter, stride: 4 * stride, count: count, into: partial + (k - 1) * count)
            }
            for i in (quarter * 4)..<rows {
                let row = p + i * stride
                for c in 0..<count { out[c] += row[c] }
            }
            for k in 0..<3 {
                let sums = partial + k * count
                for c in 0..<count { out[c] += sums[c] }
            }
        }
    }

    /// `cascade` down each of the first `count` columns of `rows` rows that start `stride`
    /// elements apart, all columns at once: every column sees the same additions in the same
    /// order as `cascade` alone would make (so the same bits), but a row at a time, in memory
    /// order, with the columns side by side in vector registers.
    static func cascadeColumns<T: TensorScalar>(
        _ p: UnsafePointer<T>, rows: Int, stride: Int, count: Int,
        into out: UnsafeMutablePointer<T>
    ) {
        guard count > 0 else { return }
        let levels = 4
        let power = Swift.max(4, ceilLog2(rows) / levels)
        let step = 1 << power
        let mask = step - 1
        withUnsafeTemporaryAllocation(of: T.self, capacity: 4 * count) { buffer in
            let acc = buffer.baseAddress!
            acc.initialize(repeating: 0, count: 4 * count)
            let (a0, a1, a2, a3) = (acc, acc + count, acc + 2 * count, acc + 3 * count)
            /// `into += from` then `from = 0`, column by column (a level of the cascade closing).
            func carry(_ from: UnsafeMutablePointer<T>, into: UnsafeMutablePointer<T>) {
                for c in 0..<count {
                    into[c] += from[c]
                    from[c] = 0
                }
            }
            var i = 0
            while i + step <= rows {
                for _ in 0..<step {
                    let row = p + i * stride
                    for c in 0..<count { a0[c] += row[c] }
                    i += 1
                }
                carry(a0, into: a1)
                if i & (mask << power) != 0 { continue }
                carry(a1, into: a2)
                if i & (mask << (2 * power)) != 0 { continue }
                carry(a2, into: a3)
            }
            while i < rows {
                let row = p + i * stride
                for c in 0..<count { a0[c] += row[c] }
                i += 1
            }
            for c in 0..<count {
                var total = a0[c]
                total += a1[c]
                total += a2[c]
                total += a3[c]
                out[c] = total
            }
        }
    }
}

extension Tensor {
    /// The sum over `dims` in PyTorch's order, or nil when the layout is one this
    /// emulation does not cover (non-contiguous input, reduced dims not adjacent). With
    /// `givenShape` (of as many elements), the result takes that shape instead.
    func cascadeSum(dims: [Int], keepdim: Bool, shapedAs givenShape: DimensionList? = nil) throws -> Tensor? {
        guard let first = dims.first, let last = dims.last, last - first + 1 == dims.count else { return nil }
        return try cascadeSum(over: first...last, keepdim: keepdim, shapedAs: givenShape)
    }

    /// The sum over the adjacent dimensions `reduced` in PyTorch's order, or nil when the
    /// tensor is not contiguous; shaped as `givenShape` when given (as many elements).
    func cascadeSum(over reduced: ClosedRange<Int>, keepdim: Bool, shapedAs givenShape: DimensionList? = nil) throws -> Tensor? {
        guard dtype.isFloatingPoint, isContiguous, reduced.upperBound < rank else { return nil }
        let (first, last) = (reduced.lowerBound, reduced.upperBound)
        // Counted in place: this runs in every backward that un-broadcasts a gradient, where
        // temporary arrays were most of its cost.
        var outerCount = 1, reducedCount = 1, innerCount = 1
        for axis in 0..<rank {
            if axis < first {
                outerCount *= shape[axis]
            } else if axis <= last {
                reducedCount *= shape[axis]
            } else {
                innerCount *= shape[axis]
            }
        }
        let outShape = givenShape ?? reducedShape(first: first, last: last, keepdim: keepdim)
        // Every element is written below (one per outer block and column).
        let out = try Tensor(uninitialized: outShape, dtype: dtype)
        func run<T: TensorScalar>(_: T.Type) {
            let src = storage.pointer(T.self) + offset
            let dst = out.storage.pointer(T.self)
            for a in 0..<outerCount {
                let block = src + a * reducedCount * innerCount
                if innerCount == 1 {
                    dst[a] = CascadeSum.inner(block, reducedCount)
                } else {
                    CascadeSum.outer(block, rows: reducedCount, columns: innerCount, into: dst + a * innerCount)
                }
            }
        }
        if dtype.storesSinglePrecision { run(Float.self) } else { run(Double.self) }
        return out
    }

    /// The shape left when dimensions `first...last` are summed away (kept as 1 with `keepdim`).
    private func reducedShape(first: Int, last: Int, keepdim: Bool) -> DimensionList {
        var result: DimensionList = []
        result.reserveCapacity(keepdim ? rank : rank - (last - first + 1))
        for axis in 0..<rank {
            if axis < first || axis > last {
                result.append(shape[axis])
            } else if keepdim {
                result.append(1)
            }
        }
        return result
    }
}

/// A PyTorch CPU kernel build (`torch.backends.cpu.get_cpu_capability()`): PyTorch picks the
/// widest the CPU supports, and its float sums add in an order that depends on the vector
/// width, so the last bits of a float32 sum depend on the machine PyTorch ran on.
public enum PyTorchCPUCapability: String, Sendable, CaseIterable {
    /// 256-bit vectors (8 floats): what PyTorch runs on a CPU without AVX-512.
    case avx2 = "AVX2"
    /// 512-bit vectors (16 floats): GradLab's order unless told otherwise.
    case avx512 = "AVX512"

    var vectorBytes: Int { self == .avx2 ? 32 : 64 }

    /// What PyTorch picks on this machine: AVX-512 where the CPU has the four extensions its
    /// AVX-512 kernels need (`avx512f`, `avx512bw`, `avx512vl`, `avx512dq`), AVX2 otherwise.
    /// Read from `/proc/cpuinfo`'s flags; AVX-512 where they cannot be read.
    public static var ofThisMachine: PyTorchCPUCapability {
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let flagsLine = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return .avx512 }
        let flags = Set(flagsLine.split(separator: " ").map(String.init))
        return flags.isSuperset(of: ["avx512f", "avx512bw", "avx512vl", "avx512dq"]) ? .avx512 : .avx2
    }
}

/// Runs `body` with this thread's float sums in the order PyTorch's `capability` kernels
/// add (GradLab follows the AVX-512 order otherwise, on every CPU): to reproduce to the last
/// bit a transcript PyTorch printed on a machine with that capability.
public func withSummationOrder<Result>(of capability: PyTorchCPUCapability, _ body: () throws -> Result) rethrows -> Result {
    let state = ThreadState.current
    let previous = state.sumVectorBytes
    state.sumVectorBytes = capability.vectorBytes
    defer { state.sumVectorBytes = previous }
    return try body()
}
