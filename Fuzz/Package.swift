// swift-tools-version: 6.1
// GradLab's coverage-guided fuzz target: a package of its own, built with libFuzzer and
// AddressSanitizer, so that the root package's `swift test` never needs them.
// Run from the repository root: `bash scripts/fuzz.sh [seconds]`.
import PackageDescription

let package = Package(
    name: "GradLabFuzz",
    dependencies: [
        .package(name: "GradLab", path: ".."),
    ],
    targets: [
        // Built with `-sanitize=fuzzer,address -parse-as-library` (scripts/fuzz.sh):
        // libFuzzer supplies `main` and calls `LLVMFuzzerTestOneInput` for every input.
        .executableTarget(
            name: "GradLabFuzz",
            dependencies: [.product(name: "Autograd", package: "GradLab")]
        ),
    ]
)
