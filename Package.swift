// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "GradLab",
    products: [
        .library(name: "Autograd", targets: ["Autograd"]),
        .library(name: "GradCheck", targets: ["GradCheck"]),
        .library(name: "Exercises", targets: ["Exercises"]),
        .executable(name: "gradlab", targets: ["gradlab"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(
            name: "Autograd",
            dependencies: [
                "CBLAS",
                .product(name: "RealModule", package: "swift-numerics"),
            ]
        ),
        .target(
            name: "GradCheck",
            dependencies: ["Autograd", "CGSL"]
        ),
        .target(
            name: "Exercises",
            dependencies: ["Autograd", "GradCheck"]
        ),
        .target(
            name: "StudentSolutions",
            dependencies: ["Autograd", "Exercises"]
        ),
        .target(
            name: "ReferenceSolutions",
            dependencies: ["Autograd", "Exercises"]
        ),
        .executableTarget(
            name: "gradlab",
            dependencies: [
                "Autograd", "GradCheck", "Exercises", "StudentSolutions", "ReferenceSolutions",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "AutogradTests",
            dependencies: [
                "Autograd", "GradCheck",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "GradCheckTests",
            dependencies: ["Autograd", "GradCheck"]
        ),
        .testTarget(
            name: "ExercisesTests",
            dependencies: ["Autograd", "Exercises", "ReferenceSolutions", "StudentSolutions"]
        ),
        .testTarget(
            name: "StudentTests",
            dependencies: ["Exercises", "StudentSolutions"]
        ),
    ]
)
