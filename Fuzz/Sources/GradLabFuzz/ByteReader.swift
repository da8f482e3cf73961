/// Reads the fuzzer's bytes as the choices of a small op program: each read takes the
/// next byte (0 once the input is used up), so every byte string is a valid program.
struct ByteReader {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// True while some bytes are left.
    var hasMore: Bool { position < bytes.count }

    /// The next byte.
    mutating func byte() -> UInt8 {
        defer { position += 1 }
        return position < bytes.count ? bytes[position] : 0
    }

    /// One of `choices`, picked by the next byte.
    mutating func pick<T>(_ choices: [T]) -> T { choices[Int(byte()) % choices.count] }

    /// A size or index: mostly small, sometimes an edge a caller could pass (negative,
    /// zero, Int.max, Int.min, sizes whose product overflows or exceeds any memory).
    mutating func size() -> Int {
        let b = byte()
        if b < 200 { return Int(b % 5) }
        return pick([-1, -2, 0, Int.max, Int.min, 1 << 40, 1 << 62, Int.max / 2, 7, 0x6DB6DB6DB6DB6DB7])
    }

    /// A dimension argument: in range most of the time, out of range sometimes.
    mutating func dim() -> Int { pick([0, 1, 2, -1, -2, 3, -4, Int.max, Int.min]) }

    /// An element value, including the ones that break naive code.
    mutating func value() -> Double {
        let b = byte()
        if b < 160 { return Double(Int(b) - 80) / 16 }
        return pick([
            0.0, -0.0, .nan, .infinity, -.infinity, 1e-300, 1e300, -1e30, 5e-324,
            Double(Int.max), Double(Int.min), 0.5, -0.5, 2, 3,
        ])
    }
}
