// Solutions for the grader's proofs, run through the same runner and walls as a
// student's: right ones written differently, buggy ones with the mistakes learners make,
// and hostile ones that attack the grader. The variant is the name this executable is
// started under (a symlink per variant, as a class's runners are files per student), or
// its first argument.
import Foundation
import SolutionKit
import SolutionRunner

let arguments = CommandLine.arguments
let invokedAs = URL(fileURLWithPath: arguments[0]).lastPathComponent
let (name, rest) =
    invokedAs == "gradlab-runner-fixtures" && arguments.count > 1
    ? (arguments[1], [arguments[0]] + arguments.dropFirst(2))
    : (invokedAs, arguments)
guard let solutions = Variants.all[name] else {
    FileHandle.standardError.write(Data("no variant \(name); known: \(Variants.all.keys.sorted().joined(separator: ", "))\n".utf8))
    exit(2)
}
SolutionRunner.main(solutions, arguments: rest)
