#if canImport(Glibc)
    import Glibc
#endif
/// The fuzzer's entry: hands the command line and the per-input function to libFuzzer's
/// driver (SwiftPM gives an executable its own `main`, so libFuzzer's is not used).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
) -> Int32

var argumentCount = CommandLine.argc
var argumentValues = CommandLine.unsafeArgv
exit(runFuzzerDriver(&argumentCount, &argumentValues) { data, size in fuzzOneInput(data, size) })
