// swift-tools-version: 6.1
// GradLab's benchmarks: a package of their own, so that `swift test` in the root
// package never builds package-benchmark. Run from this folder:
//   swift package benchmark                 (package-benchmark's suite)
//   python3 compare_pytorch.py              (the same workloads side by side with PyTorch)
import PackageDescription

let package = Package(
    name: "GradLabBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "GradLab", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(
            name: "Workloads",
            dependencies: [
                .product(name: "Autograd", package: "GradLab"),
                .product(name: "GradCheck", package: "GradLab"),
            ]
        ),
        .executableTarget(
            name: "gradlab-workloads",
            dependencies: ["Workloads"]
        ),
        .executableTarget(
            name: "GradLabBenchmarks",
            dependencies: [
                "Workloads",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/GradLabBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
