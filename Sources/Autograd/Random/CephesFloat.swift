/// Single-precision log, sine and cosine by the Cephes polynomials, in exactly the
/// operation order of the AVX kernels (`avx_mathfun.h`) that PyTorch's float32
/// `normal_` uses, so that `randn` gives PyTorch's bits. Each step is one IEEE
/// single-precision operation, as one SIMD lane performs it; a multiply feeding an
/// add is one fused multiply-add, as PyTorch's compiler emits them.
enum CephesFloat {
    /// Natural logarithm; NaN for x <= 0.
    static func log(_ input: Float) -> Float {
        if input <= 0 || input.isNaN { return .nan }
        let x0 = Swift.max(input, Float(bitPattern: 0x0080_0000))
        let exponent = Int32(bitPattern: x0.bitPattern >> 23) - 0x7F
        var x = Float(bitPattern: (x0.bitPattern & ~0x7F80_0000) | Float(0.5).bitPattern)
        var e = Float(exponent) + 1
        let below = x < Float(0.707106781186547524)
        let tmp: Float = below ? x : 0
        x = x - 1
        e = e - (below ? 1 : 0)
        x = x + tmp
        let z = x * x
        var y = Float(7.0376836292E-2)
        for coefficient: Float in [
            -1.1514610310E-1, 1.1676998740E-1, -1.2420140846E-1, 1.4249322787E-1,
            -1.6668057665E-1, 2.0000714765E-1, -2.4999993993E-1, 3.3333331174E-1,
        ] {
            y = coefficient.addingProduct(y, x)
        }
        y = y * x
        y = y * z
        y = y.addingProduct(e, Float(-2.12194440e-4))
        y = y.addingProduct(-z, 0.5)
        x = x + y
        x = x.addingProduct(e, Float(0.693359375))
        return x
    }

    /// Sine and cosine together.
    static func sincos(_ input: Float) -> (sin: Float, cos: Float) {
        var signSin = input.bitPattern & 0x8000_0000
        var x = Swift.abs(input)
        var y = x * Float(1.27323954473516)
        var j = Int32(y.rounded(.towardZero))
        j = (j &+ 1) & ~1
        y = Float(j)
        let swapSin = UInt32(bitPattern: (j & 4) << 29)
        let polyMask = (j & 2) == 0
        x = x.addingProduct(y, Float(-0.78515625))
        x = x.addingProduct(y, Float(-2.4187564849853515625e-4))
        x = x.addingProduct(y, Float(-3.77489497744594108e-8))
        let signCos = UInt32(bitPattern: (~(j &- 2) & 4) << 29)
        signSin ^= swapSin
        let z = x * x
        var c = Float(-1.388731625493765E-003).addingProduct(Float(2.443315711809948E-005), z)
        c = Float(4.166664568298827E-002).addingProduct(c, z)
        c = c * z
        c = c * z
        c = c.addingProduct(-z, 0.5)
        c = c + 1
        var s = Float(8.3321608736E-3).addingProduct(Float(-1.9515295891E-4), z)
        s = Float(-1.6666654611E-1).addingProduct(s, z)
        s = s * z
        s = x.addingProduct(s, x)
        let sinPart: Float = polyMask ? s : 0, cosPart: Float = polyMask ? 0 : c
        let sinValue = cosPart + sinPart
        let cosValue = (c - cosPart) + (s - sinPart)
        return (Float(bitPattern: sinValue.bitPattern ^ signSin), Float(bitPattern: cosValue.bitPattern ^ signCos))
    }
}
