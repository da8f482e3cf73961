/// The 32-bit Mersenne Twister (MT19937) of Matsumoto and Nishimura, which PyTorch's
/// CPU generator is built on: the same seed gives the same 32-bit words.
struct MersenneTwister {
    private static let n = 624
    private static let m = 397
    private static let matrixA: UInt32 = 0x9908_B0DF
    private static let upperMask: UInt32 = 0x8000_0000
    private static let lowerMask: UInt32 = 0x7FFF_FFFF

    private var state = [UInt32](repeating: 0, count: 624)
    private var index = 624

    /// Seeds the state from the low 32 bits of `seed` (the standard initialisation).
    init(seed: UInt64) {
        state[0] = UInt32(truncatingIfNeeded: seed)
        for i in 1..<Self.n {
            state[i] = 1_812_433_253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i)
        }
        index = Self.n
    }

    /// The next 32-bit word.
    mutating func next() -> UInt32 {
        if index >= Self.n { regenerate() }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    private mutating func regenerate() {
        for i in 0..<Self.n {
            let y = (state[i] & Self.upperMask) | (state[(i + 1) % Self.n] & Self.lowerMask)
            var value = state[(i + Self.m) % Self.n] ^ (y >> 1)
            if y & 1 != 0 { value ^= Self.matrixA }
            state[i] = value
        }
        index = 0
    }
}
