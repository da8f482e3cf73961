import ReferenceSolutions
import SolutionKit

/// Every solution variant the proofs grade, by name.
enum Variants {
    static let all: [String: Solutions] = {
        var table: [String: Solutions] = ["reference": referenceSolutions, "stubs": Solutions()]
        for (name, solutions) in BuggyVariants.all { table[name] = solutions }
        for (name, solutions) in CorrectVariants.all { table[name] = solutions }
        for (name, solutions) in HostileVariants.all { table[name] = solutions }
        table["probes-the-walls-at-load"] = referenceSolutions
        table["probes-the-walls-from-the-builder"] = probesFromTheBuilder
        return table
    }()
}
