import Foundation
import Testing

@testable import Autograd

/// Replays the programs PyTorch ran (`Fixtures/differential/`) in GradLab and compares every
/// result, error, `grad_fn` and gradient.
///
/// A program may differ from PyTorch only if `known-differences.json` lists it (with its
/// class), and a listed program must still differ: fixes shrink the list, regressions fail.
/// Each test prints one summary line with the count per class. To rewrite the list from the
/// current differences, run with `GRADLAB_WRITE_KNOWN_DIFFERENCES=1`.
///
/// Serialized: in rewrite mode the tests take turns updating the one shared file.
@Suite("Differential replay against PyTorch", .serialized)
struct DifferentialTests {
    /// How many problems a test reports one by one; the rest are counted in one more issue.
    static let shownProblems = 30

    /// The 3000 random programs of `generate.py`.
    @Test("random programs (programs.jsonl) match PyTorch or are known differences")
    func randomPrograms() throws {
        let (programs, failures) = try DifferentialFixtures.loadLines("programs.jsonl")
        for failure in failures.prefix(Self.shownProblems) {
            Issue.record("\(failure)")
        }
        try replay(programs, fileName: "programs.jsonl")
    }

    /// The hand-picked edge programs of `edges.py`.
    @Test("edge programs (edges.json) match PyTorch or are known differences")
    func edgePrograms() throws {
        try replay(try DifferentialFixtures.loadList("edges.json"), fileName: "edges.json")
    }

    /// The accumulation, set-gradient, retained-gradient and int64 programs of `accumulation.py`.
    @Test("accumulation and int64 programs (accumulation.json) match PyTorch or are known differences")
    func accumulationPrograms() throws {
        try replay(try DifferentialFixtures.loadList("accumulation.json"), fileName: "accumulation.json")
    }

    /// Entries for programs that no fixture holds would never be checked: there must be none.
    @Test("known-differences.json lists only programs of the fixtures")
    func knownDifferencesNameFixturePrograms() throws {
        let programs =
            try DifferentialFixtures.loadLines("programs.jsonl").programs
            + DifferentialFixtures.loadList("edges.json") + DifferentialFixtures.loadList("accumulation.json")
        let ids = Set(programs.map(\.id))
        if KnownDifferences.isRewriteRequested {
            try KnownDifferences.write(KnownDifferences.loadForRewrite().filter { ids.contains($0.key) })
            return
        }
        let stale = try KnownDifferences.load().keys.filter { !ids.contains($0) }.sorted()
        for id in stale.prefix(Self.shownProblems) {
            Issue.record("known-differences.json lists \(id), which no fixture program has: remove the entry")
        }
    }

    /// Replays `programs` and checks the verdicts against `known-differences.json`
    /// (or rewrites their entries there, when asked), printing the summary line.
    private func replay(_ programs: [DifferentialProgram], fileName: String) throws {
        try #require(!programs.isEmpty, "\(fileName) holds no programs")
        let report = try ReplayReport(fileName: fileName, programs: programs)
        print(report.summary)

        // A fixture that cannot be replayed is a harness or fixture bug: never listable.
        let invalid = report.invalidFixtures
        for verdict in invalid.prefix(Self.shownProblems) {
            Issue.record("\(verdict.label): the fixture cannot be replayed: \(verdict.detail)")
        }

        if KnownDifferences.isRewriteRequested {
            try KnownDifferences.write(report.rewriting(KnownDifferences.loadForRewrite()))
            print("Rewrote \(KnownDifferences.url.path) with the differences of \(fileName)")
            return
        }

        let problems = report.problems(against: try KnownDifferences.load())
        for problem in problems.prefix(Self.shownProblems) {
            Issue.record("\(problem)")
        }
        if problems.count > Self.shownProblems {
            Issue.record(
                """
                \(problems.count - Self.shownProblems) more programs of \(fileName) disagree with \
                known-differences.json (\(problems.count) in all); after checking them, rerun with \
                \(KnownDifferences.writeVariable)=1 to rewrite the file
                """)
        }
    }
}
