import Autograd
import Foundation
import Testing

@testable import Exercises

extension Tag {
    /// Labs of "Practical PyTorch Fundamentals".
    @Tag static var fundamentals: Self
    /// Labs of "6.2.4 Autograd".
    @Tag static var autograd: Self
    /// Labs of "Learn the Training Loop with PyTorch".
    @Tag static var trainingLoop: Self
    /// Labs of "PyTorch Basics Explained".
    @Tag static var basics: Self
    /// Labs of "Understanding PyTorch Autograd".
    @Tag static var autogradPackage: Self
    /// Labs of the whole "Learn the Training Loop with PyTorch" series.
    @Tag static var trainingLoopSeries: Self
}

/// The reference transcripts, loaded once.
private let references: [String: ReferenceLab] = try! Reference.load()

extension Lab: CustomTestStringConvertible {
    /// The lab's id, as the test list shows it.
    public var testDescription: String { id }
}

@Suite("Labs reproduce PyTorch's transcripts")
struct LabTranscriptTests {
    /// Runs `lab` and compares its transcript with PyTorch's (or its own expectation).
    private func checkTranscript(_ lab: Lab) throws {
        let expected = try #require(
            references[lab.id]?.transcript ?? lab.ownExpectation,
            "no PyTorch reference for \(lab.id)")
        let (lines, _) = try references[lab.id]?.run { try lab.run() } ?? lab.run()
        if lines != expected, Self.differenceIsAnErratum(lab.id) {
            // A listed difference (Docs/Errata.md gives the measured reason): the same lines
            // with the same non-finite values, the digits aside.
            #expect(lines.map(Self.withoutDigits) == expected.map(Self.withoutDigits))
        } else {
            #expect(lines == expected)
        }
    }

    /// Whether Docs/Errata.md lists `id` as a lab whose digits differ from PyTorch's.
    static func differenceIsAnErratum(_ id: String) -> Bool {
        DocumentedOutputTests.errata.contains("## \(id) ") && DocumentedOutputTests.errata.contains("GradLab differs: \(id)")
    }

    /// The tolerance Docs/Errata.md's entry for `id` gives its drawn values ("Drawn values
    /// agree within `0.03`"), if it gives one.
    static func statedTolerance(_ id: String) -> Double? {
        guard let start = DocumentedOutputTests.errata.range(of: "## \(id) ") else { return nil }
        let section = String(DocumentedOutputTests.errata[start.upperBound...])
        let entry = section.components(separatedBy: "\n## ").first ?? ""
        guard let match = entry.range(of: "Drawn values agree within `[0-9.e-]+`", options: .regularExpression) else { return nil }
        return Double(entry[match].split(separator: "`")[1])
    }

    /// A line with each number replaced by `#` (`inf` and `nan` stay).
    static func withoutDigits(_ line: String) -> String {
        line.replacingOccurrences(of: "-?[0-9]+(\\.[0-9]+)?", with: "#", options: .regularExpression)
    }

    @Test(
        "Practical PyTorch Fundamentals, line for line", .tags(.fundamentals),
        arguments: LabCatalog.all.filter { $0.article == .fundamentals })
    func fundamentals(_ lab: Lab) throws { try checkTranscript(lab) }

    @Test("6.2.4 Autograd, line for line", .tags(.autograd), arguments: LabCatalog.all.filter { $0.article == .autograd })
    func autograd(_ lab: Lab) throws { try checkTranscript(lab) }

    @Test(
        "Learn the Training Loop with PyTorch, line for line", .tags(.trainingLoop),
        arguments: LabCatalog.all.filter { $0.article == .trainingLoop })
    func trainingLoop(_ lab: Lab) throws { try checkTranscript(lab) }

    @Test("PyTorch Basics Explained, line for line", .tags(.basics), arguments: LabCatalog.all.filter { $0.article == .basics })
    func basics(_ lab: Lab) throws { try checkTranscript(lab) }

    @Test(
        "Understanding PyTorch Autograd, line for line", .tags(.autogradPackage),
        arguments: LabCatalog.all.filter { $0.article == .autogradPackage })
    func autogradPackage(_ lab: Lab) throws { try checkTranscript(lab) }

    @Test(
        "Learn the Training Loop with PyTorch, the series, line for line", .tags(.trainingLoopSeries),
        arguments: LabCatalog.all.filter { $0.article == .trainingLoopSeries })
    func trainingLoopSeries(_ lab: Lab) throws { try checkTranscript(lab) }

    @Test func everyArticleHasLabsAndAPage() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for article in Article.allCases {
            #expect(LabCatalog.all.contains { $0.article == article }, "\(article.title) has no lab")
            #expect(FileManager.default.fileExists(atPath: docs.appendingPathComponent(article.page).path), "\(article.page)")
        }
    }

    @Test("values, to float32 precision", arguments: LabCatalog.all.filter { $0.ownExpectation == nil })
    func values(_ lab: Lab) throws {
        let reference = try #require(references[lab.id])
        let (_, values) = try reference.run { try lab.run() }
        #expect(Set(values.keys) == Set(reference.values.keys))
        let listed = Self.differenceIsAnErratum(lab.id)
        let tolerance = Self.statedTolerance(lab.id)
        for (key, e) in reference.values {
            let a = try #require(values[key]).flattened
            #expect(a.count == e.count, "\(key)")
            for (x, y) in zip(a, e) {
                // A listed difference: the same non-finite values, and within the tolerance
                // the entry states (if it states one) or the float32 precision asked of all.
                if listed {
                    #expect(x.isFinite == y.isFinite, "\(key): \(x) vs \(y)")
                    if let tolerance, x.isFinite {
                        #expect(Swift.abs(x - y) <= Swift.max(tolerance, 1e-6 * Swift.max(1, Swift.abs(y))), "\(key): \(x) vs \(y)")
                    }
                    continue
                }
                #expect(Swift.abs(x - y) <= 1e-6 * Swift.max(1, Swift.abs(y)), "\(key): \(x) vs \(y)")
            }
        }
    }

    @Test func autogradValuesTheArticleStates() throws {
        let lab1 = try LabCatalog.lab("autograd.lab1.one-parameter")!.run()
        #expect(lab1.values["w.grad"] == .number(-24))
        let lab3 = try LabCatalog.lab("autograd.lab3.accumulation")!.run()
        #expect(lab3.values["grads"] == .numbers([6, 8, 2]))
        let check = try LabCatalog.lab("autograd.check.requires-grad-no-grad-detach")!.run()
        #expect(check.values["flags"] == .flags([true, false, false]))
    }

    @Test func autogradPackageValuesTheArticleStates() throws {
        let mean = try LabCatalog.lab("autograd-package.mean-of-squares")!.run()
        #expect(mean.values["x.grad"] == .rows([[4.5, 4.5], [4.5, 4.5]]))
    }

    @Test func labIdsAreUniqueAndKnown() throws {
        let ids = LabCatalog.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        for lab in LabCatalog.all {
            #expect(
                (references[lab.id] != nil) != (lab.ownExpectation != nil),
                "\(lab.id) needs exactly one of a PyTorch reference or its own expectation")
        }
    }

    @Test func comparisonReportsAMismatchingLab() throws {
        let broken = Lab(id: "autograd.lab1.one-parameter", title: "broken", article: .autograd) { out in
            out.print("loss:", 16.0)
            out.print("w.grad:", -48.0)
            return ["loss": .number(16), "w.grad": .number(-48)]
        }
        let comparison = LabComparison(lab: broken, reference: references[broken.id])
        #expect(!comparison.passed)
        #expect(comparison.differences.count == 1)
        #expect(comparison.differences.first?.expected == "w.grad: -24.0")
        #expect(comparison.differences.first?.actual == "w.grad: -48.0")
        #expect(comparison.valueMismatches == ["w.grad"])
        let good = LabComparison(lab: LabCatalog.lab(broken.id)!, reference: references[broken.id])
        #expect(good.passed)
    }
}

/// The articles' own printed output (Fixtures/labs), checked against what the code prints.
@Suite("Articles' documented output")
struct DocumentedOutputTests {
    struct LabFixture: Decodable {
        let lab: String
        let transcript: [String]
        let documented: [String]?
    }

    static let fixtures: [LabFixture] = {
        let folder = Reference.fixturesURL.appendingPathComponent("labs")
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        return files.filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }.compactMap {
            try? JSONDecoder().decode(LabFixture.self, from: Data(contentsOf: $0))
        }
    }()

    static let errata: String = {
        let url = Reference.fixturesURL.deletingLastPathComponent().appendingPathComponent("Docs/Errata.md")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    @Test func everyReferenceLabHasAFixtureAndALab() throws {
        // PyTorch's reference has 30 labs; "The Jacobian both ways" is GradLab's own, its
        // PyTorch transcript written by Fixtures/labs/jacobian_both_ways.py.
        #expect(Self.fixtures.count == 31, "30 reference labs and the Jacobian lab")
        for fixture in Self.fixtures {
            #expect(LabCatalog.lab(fixture.lab) != nil, "\(fixture.lab) has no GradLab lab")
            #expect(!fixture.transcript.isEmpty, "\(fixture.lab) has an empty transcript")
        }
    }

    @Test func documentedOutputMatchesOrIsAnErratum() throws {
        for fixture in Self.fixtures {
            guard let documented = fixture.documented else { continue }
            let matches = documented.allSatisfy(fixture.transcript.contains)
            let listed = Self.errata.contains("## \(fixture.lab) ")
            #expect(
                matches != listed, "\(fixture.lab): documented output \(matches ? "matches" : "differs") but Errata.md \(listed ? "lists" : "does not list") it"
            )
        }
    }
}
