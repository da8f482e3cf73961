import Autograd

/// libFuzzer's entry point: runs the op program the bytes describe. Every GradLab call is
/// made with `try?`: a thrown error is the right answer to bad input; a trap, a sanitizer
/// report or a hang is a bug the fuzzer reports.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    var reader = ByteReader(Array(UnsafeBufferPointer(start: data, count: size)))
    var program = FuzzProgram(reader: &reader)
    program.run(&reader)
    return 0
}

/// A pool of tensors that ops read from and add to.
struct FuzzProgram {
    private(set) var pool: [Tensor] = []

    /// Up to three inputs of fuzzed shape, dtype, values and layout.
    init(reader: inout ByteReader) {
        for _ in 0..<(1 + Int(reader.byte() % 3)) {
            if let input = FuzzProgram.makeInput(&reader) { pool.append(input) }
        }
        if pool.isEmpty { pool.append(Tensor(1.0, requiresGrad: true)) }
    }

    /// Runs ops until the bytes run out (at most 24), then backward and printing.
    mutating func run(_ reader: inout ByteReader) {
        var steps = 0
        while reader.hasMore && steps < 24 {
            steps += 1
            if let result = FuzzOps.apply(Int(reader.byte()), pool: pool, reader: &reader) { pool.append(result) }
        }
        guard let last = pool.last else { return }
        _ = last.description
        _ = try? last.toArray()
        if last.requiresGrad {
            if let total = try? last.sum() { try? total.backward() }
        }
        for tensor in pool where tensor.isLeaf { _ = tensor.grad?.description }
    }

    /// A small input: shape from the bytes (sizes 0-3), a dtype, values, and a layout.
    static func makeInput(_ reader: inout ByteReader) -> Tensor? {
        let rank = Int(reader.byte() % 4)
        let shape = (0..<rank).map { _ in Int(reader.byte() % 4) }
        let count = shape.reduce(1, *)
        let values = (0..<count).map { _ in reader.value() }
        let dtype = reader.pick([DType.float32, .float64, .float32, .int64, .bool, .int64])
        guard var tensor = try? Tensor(shape: shape, values: values, dtype: .float64) else { return nil }
        if dtype == .int64 && reader.byte() % 2 == 0 {
            // Integers across int64's whole range, where doubles are not exact.
            let extremes = [Int.max, Int.min, Int.max - 1, Int.min + 1, 1 << 53, (1 << 53) + 1, -(1 << 53) - 1, 1 << 62, 0, -1]
            let integers = (0..<count).map { _ in reader.pick(extremes) }
            guard let exact = try? Tensor(shape: shape, integers: integers) else { return nil }
            tensor = exact
        } else if dtype != .float64, let converted = try? tensor.to(dtype) {
            tensor = converted
        }
        switch reader.byte() % 4 {
        case 1: if rank >= 2, let t = try? tensor.transpose(0, 1) { tensor = t }
        case 2: if let t = try? tensor.unsqueeze(0).expand([3] + shape) { tensor = t }
        default: break
        }
        if dtype.isFloatingPoint && reader.byte() % 2 == 0 { _ = try? tensor.requiresGrad_() }
        return tensor
    }
}
