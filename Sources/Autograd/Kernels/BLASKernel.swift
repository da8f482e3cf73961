import CKernels

#if canImport(Glibc)
    import Glibc
#endif

/// Which matrix kernel OpenBLAS runs, and the right one for this CPU.
///
/// Debian's OpenBLAS 0.3.21 picks its kernel when it loads, from the CPU model; a model it
/// does not know (Intel's Sapphire Rapids, family 6 model 207) gets the SSE3 fallback
/// "Prescott", 4 to 5 times slower than the AVX-512 kernel the CPU can run. Before the
/// first matrix product GradLab checks the choice (`ensureSuitable()`): where the kernel
/// is older than AVX2 on a CPU with AVX2 and FMA, it has OpenBLAS choose again with
/// `OPENBLAS_CORETYPE` set to the kernel the CPU's features call for ("SkylakeX" with
/// AVX-512, "Haswell" with AVX2, "Zen" on AMD). A kernel set by the user in
/// `OPENBLAS_CORETYPE` is left alone.
public enum BLASKernel {
    /// The kernel OpenBLAS runs ("Zen", "SkylakeX", "Haswell", "Prescott", ...), nil when the
    /// BLAS does not say.
    public static var name: String? { gradlab_blas_corename().map { String(cString: $0) } }

    /// The CPU's vendor and the vector extensions GradLab looks for, e.g.
    /// "AuthenticAMD: AVX2, FMA".
    public static var cpuDescription: String {
        let features = gradlab_cpu_probe()
        var vendor = features.vendor
        let vendorName = withUnsafeBytes(of: &vendor) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        var names: [String] = []
        if features.avx512f && features.avx512bw && features.avx512dq && features.avx512vl { names.append("AVX-512") }
        if features.avx2 { names.append("AVX2") }
        if features.fma { names.append("FMA") }
        return "\(vendorName.isEmpty ? "unknown CPU" : vendorName): \(names.isEmpty ? "no AVX2" : names.joined(separator: ", "))"
    }

    /// One line for reports: the kernel, who chose it when it was `OPENBLAS_CORETYPE`, and
    /// the CPU, e.g. "OpenBLAS kernel Zen (AuthenticAMD: AVX2, FMA)" or "OpenBLAS kernel
    /// Haswell, set by OPENBLAS_CORETYPE (AuthenticAMD: AVX-512, AVX2, FMA)".
    public static var description: String {
        let chooser = userChoseKernel ? ", set by OPENBLAS_CORETYPE" : ""
        return "OpenBLAS kernel \(name ?? "unknown")\(chooser) (\(cpuDescription))"
    }

    /// Vector width class of a CPU or kernel: 3 AVX-512, 2 AVX2 with FMA, 1 older.
    static var cpuClass: Int {
        let f = gradlab_cpu_probe()
        if f.avx512f && f.avx512bw && f.avx512dq && f.avx512vl && f.fma { return 3 }
        return f.avx2 && f.fma ? 2 : 1
    }

    /// The class of OpenBLAS's x86-64 kernel `kernel` (1 for one it does not list).
    static func kernelClass(_ kernel: String) -> Int {
        switch kernel {
        case "SkylakeX", "Cooperlake", "SapphireRapids": return 3
        case "Haswell", "Zen", "Excavator", "Steamroller": return 2
        default: return 1
        }
    }

    /// The kernel this CPU's features call for, nil below AVX2.
    static var suitableKernel: String? {
        switch cpuClass {
        case 3: return "SkylakeX"
        case 2:
            let vendor = cpuDescription
            return vendor.hasPrefix("AuthenticAMD") || vendor.hasPrefix("HygonGenuine") ? "Zen" : "Haswell"
        default: return nil
        }
    }

    /// Whether the kernel in use is older than AVX2 on a CPU that has AVX2 and FMA.
    public static var isFallback: Bool {
        guard let name, suitableKernel != nil else { return false }
        return kernelClass(name) < 2
    }

    /// Whether the user chose the kernel (`OPENBLAS_CORETYPE` set when the process started).
    private static let userChoseKernel = getenv("OPENBLAS_CORETYPE") != nil

    /// Checks the kernel once, before the first matrix product (see the type's summary).
    private static let checkedOnce: Void = {
        if !userChoseKernel { _ = replaceFallback() }
    }()

    /// Makes sure a fallback kernel does not run where the CPU supports a better one
    /// (once per process; called before every matrix product).
    static func ensureSuitable() { _ = checkedOnce }

    /// Has OpenBLAS run `kernel` (as `OPENBLAS_CORETYPE` would at load); false when the
    /// BLAS cannot choose again. For the tests, which simulate a fallback with it.
    static func choose(_ kernel: String) -> Bool {
        setenv("OPENBLAS_CORETYPE", kernel, 1)
        return gradlab_blas_reselect()
    }

    /// When the kernel is a fallback, has OpenBLAS choose `suitableKernel` instead; returns
    /// the kernel chosen, or nil when nothing was changed. Not while another thread runs a
    /// BLAS call: GradLab calls it before its first product.
    @discardableResult
    static func replaceFallback() -> String? {
        guard isFallback, let kernel = suitableKernel, choose(kernel) else { return nil }
        return name
    }
}
