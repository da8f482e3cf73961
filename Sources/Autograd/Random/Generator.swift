/// A source of random numbers whose streams equal PyTorch's CPU generator's
/// (`torch.Generator()`): the same seed gives the same `rand`, `randn`, `randint`,
/// `randperm` and `nn.Linear` initialisation.
///
/// ```swift
/// let g = Generator(seed: 42)
/// let x = try Tensor.randn([3], generator: g)     // torch.randn(3, generator=torch.Generator().manual_seed(42))
/// ```
///
/// Without an explicit generator, functions use the calling thread's default
/// generator, seeded with `manualSeed(_:)`. (PyTorch has one default generator per
/// process; GradLab has one per thread, so that programs running on different
/// threads, such as parallel tests, do not interleave their streams.)
public final class Generator: @unchecked Sendable {
    /// PyTorch's seed for a generator that was never seeded.
    public static let defaultSeed: UInt64 = 67_280_421_310_721

    private var engine: MersenneTwister
    /// The seed the generator was last seeded with (`initial_seed()`).
    public private(set) var initialSeed: UInt64
    /// The second Box-Muller sample of the last scalar normal draw, as PyTorch caches it.
    var nextDoubleNormal: Double?

    /// A generator seeded with `seed` (PyTorch's default seed when omitted).
    public init(seed: UInt64 = Generator.defaultSeed) {
        engine = MersenneTwister(seed: seed)
        initialSeed = seed
    }

    /// Reseeds the generator (`manual_seed`); returns self for chaining.
    @discardableResult
    public func manualSeed(_ seed: UInt64) -> Generator {
        engine = MersenneTwister(seed: seed)
        initialSeed = seed
        nextDoubleNormal = nil
        return self
    }

    /// 32 random bits (PyTorch's `random()`).
    func random() -> UInt32 { engine.next() }

    /// 64 random bits: two words, the first in the high half (PyTorch's `random64()`).
    func random64() -> UInt64 {
        let high = UInt64(engine.next())
        let low = UInt64(engine.next())
        return (high << 32) | low
    }

    /// A uniform `Float` in `[from, to)` from 24 random bits, as PyTorch's float path
    /// (`x · (to - from) + from`, which its compiler fuses into one rounding).
    func uniformFloat(from: Float = 0, to: Float = 1) -> Float {
        let x = Float(random() & 0xFF_FFFF) * (1 / Float(1 << 24))
        return from.addingProduct(x, to - from)
    }

    /// A uniform `Double` in `[from, to)` from 53 random bits, as PyTorch's double path.
    func uniformDouble(from: Double = 0, to: Double = 1) -> Double {
        let x = Double(random64() & ((1 << 53) - 1)) * (1 / Double(UInt64(1) << 53))
        return from.addingProduct(x, to - from)
    }

    /// One standard-normal draw by Box-Muller in double, caching the second value
    /// (PyTorch's scalar `normal_distribution<double>`).
    func normalDouble(mean: Double = 0, std: Double = 1) -> Double {
        if let cached = nextDoubleNormal {
            nextDoubleNormal = nil
            return cached * std + mean
        }
        let u1 = uniformDouble(), u2 = uniformDouble()
        let r = (-2 * Double.log(onePlus: -u2)).squareRoot()
        let theta = 2 * Double.pi * u1
        nextDoubleNormal = r * Double.sin(theta)
        return r * Double.cos(theta) * std + mean
    }
}

/// Seeds the calling thread's default generator (`torch.manual_seed`).
public func manualSeed(_ seed: UInt64) {
    defaultGenerator.manualSeed(seed)
}

/// The calling thread's default generator.
public var defaultGenerator: Generator {
    let state = ThreadState.current
    if let generator = state.generator { return generator }
    let generator = Generator()
    state.generator = generator
    return generator
}
