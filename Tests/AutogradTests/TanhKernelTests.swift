import Testing

@testable import Autograd

#if canImport(Glibc)
    import Glibc
#endif

/// float64 `tanh()` runs GradLab's own vectorised kernel (`TanhKernel.c`), not glibc's: it
/// must be as accurate as a good libm, exact at the special values, and give a value the same
/// bits whether it is read from a contiguous tensor (the vector loop) or a strided one (the
/// one-element call). float32 keeps glibc's `tanhf`; the special values and the layout are
/// checked for it too.
@Suite struct TanhKernelTests {
    /// Inputs over every scale tanh has: tiny (where tanh x = x), around the range
    /// reduction's steps (multiples of ln 2 / 2), through the bend, and out to where it is 1.
    static func inputs(count: Int, seed: UInt64) -> [Double] {
        var state = seed
        func next() -> Double {
            // SplitMix64, to a uniform double in [0, 1).
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) * 0x1p-53
        }
        var values: [Double] = []
        for _ in 0..<count {
            let sign: Double = next() < 0.5 ? -1 : 1
            values.append(sign * Double.pow(10, -320 + 322 * next()))  // 1e-320 to 100
            values.append(sign * 25 * next())  // uniform over the bend and the flat part
        }
        for k in -70...70 {
            let step = Double(k) * 0.34657359027997264  // where the reduction's k changes
            values += [step, step.nextUp, step.nextDown]
        }
        return values
    }

    /// Units in the last place between `value` and the true tanh, measured in `value`'s format.
    static func ulpsOff<T: BinaryFloatingPoint>(_ value: T, truth: Float80) -> Double {
        let ulp = Float80(T(truth).ulp)
        return Double(abs(Float80(value) - truth) / ulp)
    }

    @Test func float64WithinAUnitAndAQuarterInTheLastPlace() throws {
        let values = Self.inputs(count: 50_000, seed: 7)
        let results = try Tensor(values, dtype: .float64).tanh().toArray()
        var worst = (ulps: 0.0, at: 0.0)
        for (x, y) in zip(values, results) {
            let ulps = Self.ulpsOff(y, truth: tanhl(Float80(x)))
            if ulps > worst.ulps { worst = (ulps, x) }
        }
        // Measured: 1.06 (glibc's tanh is documented to 2).
        #expect(worst.ulps <= 1.25, "tanh(\(worst.at)) is \(worst.ulps) ulps off")
    }

    @Test(arguments: [FloatDType.float32, .float64])
    func specialValues(dtype: FloatDType) throws {
        let smallest = dtype == .float32 ? Double(Float.leastNonzeroMagnitude) : Double.leastNonzeroMagnitude
        let inputs: [Double] = [0, -0.0, .infinity, -.infinity, .nan, smallest, -smallest, 1e-30, 20, -22.5, 23, 1e300]
        let results = try Tensor(inputs, dtype: dtype).tanh().toArray()
        let expected: [Double] = [0, -0.0, 1, -1, .nan, smallest, -smallest, 1e-30, 1, -1, 1, 1]
        for (index, (result, wanted)) in zip(results, expected).enumerated() {
            if wanted.isNaN {
                #expect(result.isNaN, "tanh(\(inputs[index]))")
            } else if dtype == .float32 {
                #expect(Float(result).bitPattern == Float(wanted).bitPattern, "tanh(\(inputs[index])) = \(result)")
            } else {
                #expect(result.bitPattern == wanted.bitPattern, "tanh(\(inputs[index])) = \(result)")
            }
        }
    }

    @Test(arguments: [FloatDType.float32, .float64])
    func sameBitsWhateverTheLayout(dtype: FloatDType) throws {
        // A transposed view goes through the one-element call, its contiguous copy
        // through the vector loop; an odd count leaves a tail after the vector lanes.
        let x = try (Tensor.randn([37, 29], dtype: dtype, generator: Generator(seed: 3)) * 4)
        let strided = try x.t().tanh().contiguous().toArray()
        let contiguous = try x.t().contiguous().tanh().toArray()
        #expect(strided.map(\.bitPattern) == contiguous.map(\.bitPattern))
        let expanded = try x[0, 0].expand([5, 3]).tanh().toArray()
        #expect(Set(expanded.map(\.bitPattern)) == [try x[0, 0].tanh().item().bitPattern])
    }

    @Test func inPlaceOverTheSameMemoryMatchesOutOfPlace() throws {
        // The kernel allows its output to be its input.
        let values = Self.inputs(count: 100, seed: 5)
        var buffer = values
        buffer.withUnsafeMutableBufferPointer { gradlabTanhInPlace($0) }
        let expected = try Tensor(values, dtype: .float64).tanh().toArray()
        #expect(buffer.map(\.bitPattern) == expected.map(\.bitPattern))
    }

    private func gradlabTanhInPlace(_ buffer: UnsafeMutableBufferPointer<Double>) {
        TanhKernel().apply(UnsafePointer(buffer.baseAddress!), into: buffer.baseAddress!, count: buffer.count)
    }

    /// Bits this kernel gave on an AVX2 machine. The sanitizer script runs this suite under
    /// ThreadSanitizer too, where the library is built without the AVX2 version: the
    /// baseline loop must give the same bits.
    @Test func sameBitsAsTheAVX2Version() throws {
        let inputs: [Double] = [1e-300, 1e-9, 0.001, 0.125, 0.3465, 0.5, 0.54999, 0.55, 0.7, 1, 1.5, 2.75, 5, 9.5, 15, 19]
        let float64: [UInt64] = [
            0x1a5_6e1f_c2f8_f359, 0x3e11_2e0b_e826_d695, 0x3f50_624d_7751_6ce2, 0x3fbf_d599_2bc4_b835,
            0x3fd5_5442_f64f_b9aa, 0x3fdd_9353_d756_8af3, 0x3fe0_0433_3e7f_9bbc, 0x3fe0_0442_f641_9203,
            0x3fe3_56fb_17af_2e91, 0x3fe8_5efa_b514_f394, 0x3fec_f6f9_786d_f577, 0x3fef_bd50_9ae7_ae3e,
            0x3fef_ff41_9668_df11, 0x3fef_ffff_f9fb_ea41, 0x3fef_ffff_ffff_f96a, 0x3fef_ffff_ffff_ffff,
        ]
        #expect(try Tensor(inputs, dtype: .float64).tanh().toArray().map(\.bitPattern) == float64)
    }
}
