import Testing

@testable import Autograd

#if canImport(Glibc)
    import Glibc
#endif

/// The matrix kernel is the one the CPU supports: a fallback older than AVX2 never runs on
/// a CPU with AVX2 and FMA (Debian's OpenBLAS 0.3.21 picks its SSE3 "Prescott" kernel on
/// Sapphire Rapids, 4 to 5 times slower).
@Suite("The BLAS kernel")
struct BLASKernelTests {
    @Test func noFallbackRunsWhereTheCPUSupportsBetter() throws {
        _ = try Tensor.ones(2, 2).matmul(Tensor.ones(2, 2))
        let kernel = try #require(BLASKernel.name, "the BLAS does not name its kernel")
        #expect(!BLASKernel.isFallback, "\(kernel) runs on a CPU with \(BLASKernel.cpuDescription)")
    }

    /// A fallback chosen at load (simulated: OpenBLAS made to choose "Prescott") is replaced
    /// by the kernel the CPU calls for, and products stay right. In a child process, so
    /// that no other test's product runs while the kernel changes.
    @Test func aFallbackIsReplaced() async throws {
        await #expect(processExitsWith: .success) {
            alarm(60)
            guard BLASKernel.suitableKernel != nil else { return }  // a CPU without AVX2: nothing to replace
            guard BLASKernel.choose("Prescott"), BLASKernel.name == "Prescott" else { exit(3) }
            guard BLASKernel.isFallback else { exit(4) }
            let chosen = BLASKernel.replaceFallback()
            guard let chosen, chosen == BLASKernel.suitableKernel, !BLASKernel.isFallback else { exit(5) }
            manualSeed(0)
            let a = try Tensor.randn([64, 48], dtype: .float64), b = try Tensor.randn([48, 32], dtype: .float64)
            let product = try a.matmul(b).toArray()
            let (av, bv) = (try a.toArray(), try b.toArray())
            for i in 0..<64 {
                for j in 0..<32 {
                    var sum = 0.0
                    for k in 0..<48 { sum += av[i * 48 + k] * bv[k * 32 + j] }
                    guard Swift.abs(sum - product[i * 32 + j]) < 1e-12 else { exit(6) }
                }
            }
        }
    }
}
