// swift-tools-version: 6.1
import PackageDescription

/// `gradlab grade-class` builds each submission's runner from a directory of its own
/// (inside the package); everywhere else the student's target is Sources/StudentSolutions.
let studentSolutionsPath = Context.environment["GRADLAB_SUBMISSION"] ?? "Sources/StudentSolutions"

let package = Package(
    name: "GradLab",
    products: [
        .library(name: "Autograd", targets: ["Autograd"]),
        .library(name: "GradCheck", targets: ["GradCheck"]),
        .library(name: "GradCheckAudit", targets: ["GradCheckAudit"]),
        .library(name: "GradCheckSwiftAD", targets: ["GradCheckSwiftAD"]),
        .library(name: "Exercises", targets: ["Exercises"]),
        .library(name: "Figures", targets: ["Figures"]),
        .executable(name: "gradlab", targets: ["gradlab"]),
        .executable(name: "gradlab-runner", targets: ["gradlab-runner"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // `swift package generate-documentation`: the DocC catalogs of Autograd, GradCheck and Exercises.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
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
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // Pictures as data plus a gnuplot script (lab figures, GradCheck's Jacobians),
        // drawn by gnuplot; zlib reads the PNGs back to check them.
        .target(name: "Figures", dependencies: ["CZlib"]),
        // The optimizers' element updates, in C for the CPU's fused multiply-add instructions,
        // and the thread-local slot of each thread's autograd state.
        .target(name: "CKernels"),
        // The grader's child processes: glibc's spawn extensions (close descriptors, chdir).
        .target(name: "CSpawn"),
        .target(
            name: "Autograd",
            dependencies: [
                "CBLAS", "CKernels",
                .product(name: "RealModule", package: "swift-numerics"),
            ]
        ),
        .target(
            name: "GradCheck",
            dependencies: ["Autograd", "CGSL", "CKernels", "Figures"]
        ),
        // GradCheck's audit of itself: wrong rules it must fail and hard ops it must pass,
        // apart from the library an op author imports (used by `gradlab audit` and the tests).
        .target(
            name: "GradCheckAudit",
            dependencies: ["Autograd", "GradCheck"]
        ),
        // GradCheck for Swift's own automatic differentiation (`@differentiable`, custom
        // `@derivative(of:)` rules), apart: a toolchain without `_Differentiation` builds it empty.
        .target(
            name: "GradCheckSwiftAD",
            dependencies: ["Autograd", "GradCheck"]
        ),
        // What a student's solutions are written against, and the calls the grader makes:
        // linked on both sides of the wall, it holds no answers.
        .target(
            name: "SolutionKit",
            dependencies: ["Autograd", "GradCheck"]
        ),
        // The labs, the exercise catalog and the grader (which never links a student's code).
        .target(
            name: "Exercises",
            dependencies: ["Autograd", "GradCheck", "SolutionKit", "CSpawn", "Figures"]
        ),
        .target(
            name: "StudentSolutions",
            dependencies: ["Autograd", "SolutionKit"],
            path: studentSolutionsPath
        ),
        .target(
            name: "ReferenceSolutions",
            dependencies: ["Autograd", "SolutionKit"]
        ),
        // The student's side of the wall: runs the calls a grader asks for, confined.
        .target(
            name: "SolutionRunner",
            dependencies: ["Autograd", "SolutionKit"]
        ),
        // The process that runs a student's code: their solutions and the runner, without
        // the reference solutions, the catalog or the hidden checks (a test reads its symbols).
        .executableTarget(
            name: "gradlab-runner",
            dependencies: ["SolutionRunner", "StudentSolutions"]
        ),
        .executableTarget(
            name: "gradlab",
            dependencies: [
                "Autograd", "GradCheck", "GradCheckAudit", "Exercises", "SolutionKit", "ReferenceSolutions", "Figures",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The grader's proofs run these solutions (right, buggy, hostile) through the same
        // runner and walls as a student's.
        .executableTarget(
            name: "gradlab-runner-fixtures",
            dependencies: ["SolutionRunner", "SolutionKit", "ReferenceSolutions", "Autograd"],
            path: "Tests/RunnerFixtures"
        ),
        .testTarget(
            name: "AutogradTests",
            dependencies: [
                "Autograd", "GradCheck",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "FiguresTests",
            dependencies: ["Figures"]
        ),
        .testTarget(
            name: "GradCheckTests",
            dependencies: ["Autograd", "GradCheck", "GradCheckAudit", "Figures"]
        ),
        .testTarget(
            name: "GradCheckSwiftADTests",
            dependencies: ["Autograd", "GradCheck", "GradCheckSwiftAD"]
        ),
        .testTarget(
            name: "ExercisesTests",
            dependencies: ["Autograd", "Exercises", "SolutionKit", "ReferenceSolutions", "Figures"]
        ),
        // Grades Sources/StudentSolutions through gradlab-runner, each exercise in its own
        // confined process; the tests hold the reference, the student's process does not.
        .testTarget(
            name: "StudentTests",
            dependencies: ["Exercises", "SolutionKit", "ReferenceSolutions"]
        ),
    ]
)
